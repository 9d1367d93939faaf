#include "model/diagnostics.hpp"

#include <algorithm>
#include <tuple>

namespace airgap::model {

std::string_view to_string(DiagKind kind) {
  switch (kind) {
    case DiagKind::syntax: return "syntax";
    case DiagKind::unknown_key: return "unknown-key";
    case DiagKind::wrong_type: return "wrong-type";
    case DiagKind::missing_key: return "missing-key";
    case DiagKind::invalid_value: return "invalid-value";
    case DiagKind::invalid_cidr: return "invalid-cidr";
    case DiagKind::invalid_ip: return "invalid-ip";
    case DiagKind::invalid_port: return "invalid-port";
    case DiagKind::invalid_priority: return "invalid-priority";
    case DiagKind::duplicate_priority: return "duplicate-priority";
    case DiagKind::duplicate_name: return "duplicate-name";
    case DiagKind::unknown_reference: return "unknown-reference";
    case DiagKind::prefix_outside_vnet: return "prefix-outside-vnet";
    case DiagKind::overlapping_prefix: return "overlapping-prefix";
    case DiagKind::peering_overlap: return "peering-overlap";
    case DiagKind::reserved_subnet: return "reserved-subnet";
    case DiagKind::next_hop: return "next-hop";
    case DiagKind::file_too_large: return "file-too-large";
    case DiagKind::binary_file: return "binary-file";
    case DiagKind::io_error: return "io-error";
    case DiagKind::unsupported: return "unsupported";
    case DiagKind::unused: return "unused";
  }
  return "unknown";
}

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

void Diagnostics::error(DiagKind kind, const SourceRef& at, std::string message,
                        std::vector<DiagNote> notes) {
  add({Severity::error, kind, std::move(message), at, std::move(notes)});
}

void Diagnostics::warning(DiagKind kind, const SourceRef& at, std::string message,
                          std::vector<DiagNote> notes) {
  add({Severity::warning, kind, std::move(message), at, std::move(notes)});
}

void Diagnostics::add(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::error) ++error_count_;
  items_.push_back(std::move(diagnostic));
}

void Diagnostics::finalize() {
  auto key = [](const Diagnostic& d) {
    return std::make_tuple(d.at.path(), d.at.line, d.at.column, d.kind, d.message);
  };
  std::stable_sort(items_.begin(), items_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  items_.erase(std::unique(items_.begin(), items_.end(),
                           [&](const Diagnostic& a, const Diagnostic& b) {
                             return key(a) == key(b);
                           }),
               items_.end());
  error_count_ = static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

}  // namespace airgap::model
