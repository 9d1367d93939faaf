// Diagnostics: every problem found in a scenario, with its kind, location and related notes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/source_ref.hpp"

namespace airgap::model {

enum class Severity { error, warning, note };

/// The catalogue of diagnostic kinds; the name in brackets after each message.
enum class DiagKind {
  syntax,
  unknown_key,
  wrong_type,
  missing_key,
  invalid_value,
  invalid_cidr,
  invalid_ip,
  invalid_port,
  invalid_priority,
  duplicate_priority,
  duplicate_name,
  unknown_reference,
  prefix_outside_vnet,
  overlapping_prefix,
  peering_overlap,
  reserved_subnet,
  next_hop,
  file_too_large,
  binary_file,
  io_error,
  unsupported,
  unused,
};

std::string_view to_string(DiagKind kind);
std::string_view to_string(Severity severity);

struct DiagNote {
  std::string message;
  SourceRef at;
};

struct Diagnostic {
  Severity severity = Severity::error;
  DiagKind kind = DiagKind::invalid_value;
  std::string message;
  SourceRef at;
  std::vector<DiagNote> notes;
};

/// Collects problems and keeps going, so one run reports them all.
class Diagnostics {
 public:
  void error(DiagKind kind, const SourceRef& at, std::string message,
             std::vector<DiagNote> notes = {});
  void warning(DiagKind kind, const SourceRef& at, std::string message,
               std::vector<DiagNote> notes = {});
  bool has_errors() const { return error_count_ > 0; }
  std::size_t error_count() const { return error_count_; }
  const std::vector<Diagnostic>& all() const { return items_; }
  /// Sorts by location and removes duplicates (same kind, place and message).
  void finalize();

 private:
  void add(Diagnostic diagnostic);
  std::vector<Diagnostic> items_;
  std::size_t error_count_ = 0;
};

}  // namespace airgap::model
