#include "sim/reachability_matrix.hpp"

#include <algorithm>

namespace airgap::sim {

std::string_view to_string(Destination destination) {
  switch (destination) {
    case Destination::internet: return "internet";
    case Destination::api_server: return "API server";
    case Destination::registry_login: return "registry login";
    case Destination::registry_data: return "registry data";
  }
  return "internet";
}

ReachabilityMatrix::Code ReachabilityMatrix::code_of(Status status) {
  switch (status) {
    case Status::reachable: return Code::reachable;
    case Status::unreachable: return Code::unreachable;
    case Status::unknown: return Code::unknown;
  }
  return Code::unknown;
}

std::string_view ReachabilityMatrix::to_string(Code code) {
  switch (code) {
    case Code::not_asked: return "not-asked";
    case Code::unreachable: return "unreachable";
    case Code::unknown: return "unknown";
    case Code::reachable: return "reachable";
  }
  return "unknown";
}

void ReachabilityMatrix::add(const std::string& source,
                             const std::array<std::optional<Status>, destination_count>& row) {
  sources_.push_back(source);
  codes_.conservativeResize(static_cast<Eigen::Index>(sources_.size()), Eigen::NoChange);
  const auto r = static_cast<Eigen::Index>(sources_.size() - 1);
  for (int d = 0; d < destination_count; ++d) {
    const auto& status = row[static_cast<std::size_t>(d)];
    codes_(r, d) = static_cast<std::int8_t>(status ? code_of(*status) : Code::not_asked);
  }
}

ReachabilityMatrix::Code ReachabilityMatrix::at(std::size_t source, Destination destination) const {
  return static_cast<Code>(codes_(static_cast<Eigen::Index>(source), static_cast<int>(destination)));
}

std::optional<std::size_t> ReachabilityMatrix::row_of(const std::string& source) const {
  auto it = std::find(sources_.begin(), sources_.end(), source);
  if (it == sources_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - sources_.begin());
}

long ReachabilityMatrix::count(Destination destination, Code code) const {
  return static_cast<long>((codes_.col(static_cast<int>(destination)).array() ==
                            static_cast<std::int8_t>(code)).count());
}

std::vector<ReachabilityMatrix::Change> ReachabilityMatrix::changes(const ReachabilityMatrix& before,
                                                                    const ReachabilityMatrix& after) {
  // Align `before` to the rows of `after` (plus sources only `before` has), then compare the
  // two code matrices in one array operation.
  std::vector<std::string> sources = after.sources_;
  for (const auto& s : before.sources_) {
    if (!after.row_of(s)) sources.push_back(s);
  }
  const auto rows = static_cast<Eigen::Index>(sources.size());
  Codes old_codes = Codes::Zero(rows, destination_count);
  Codes new_codes = Codes::Zero(rows, destination_count);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const auto& name = sources[static_cast<std::size_t>(r)];
    if (auto b = before.row_of(name)) old_codes.row(r) = before.codes_.row(static_cast<Eigen::Index>(*b));
    if (auto a = after.row_of(name)) new_codes.row(r) = after.codes_.row(static_cast<Eigen::Index>(*a));
  }
  const auto differs = (old_codes.array() != new_codes.array()).eval();
  std::vector<Change> out;
  for (Eigen::Index r = 0; r < rows; ++r) {
    if (!differs.row(r).any()) continue;
    for (int d = 0; d < destination_count; ++d) {
      if (!differs(r, d)) continue;
      out.push_back({sources[static_cast<std::size_t>(r)], static_cast<Destination>(d),
                     static_cast<Code>(old_codes(r, d)), static_cast<Code>(new_codes(r, d))});
    }
  }
  return out;
}

}  // namespace airgap::sim
