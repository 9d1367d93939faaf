// ReachabilityMatrix: the verdict of every (node pool, destination) pair of one variant, held as
// an Eigen matrix of status codes. Reports count and list cells with column reductions; the diff
// and the sweep compare matrices cell by cell instead of walking verdict structures.
#pragma once

#include <Eigen/Core>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/verdict.hpp"

namespace airgap::sim {

enum class Destination { internet, api_server, registry_login, registry_data };
inline constexpr int destination_count = 4;
inline constexpr std::array<Destination, destination_count> all_destinations{
    Destination::internet, Destination::api_server, Destination::registry_login, Destination::registry_data};
std::string_view to_string(Destination destination);  // "internet", "API server", ...

class ReachabilityMatrix {
 public:
  /// What one cell holds. `not_asked`: the question does not apply (no registry with Direct).
  enum class Code : std::int8_t { not_asked = 0, unreachable = 1, unknown = 2, reachable = 3 };
  using Codes = Eigen::Matrix<std::int8_t, Eigen::Dynamic, destination_count, Eigen::RowMajor>;

  static Code code_of(Status status);
  static std::string_view to_string(Code code);

  /// Appends a row: one source and its verdict per destination (nullopt = not asked).
  void add(const std::string& source, const std::array<std::optional<Status>, destination_count>& row);

  const std::vector<std::string>& sources() const { return sources_; }
  const Codes& codes() const { return codes_; }
  Code at(std::size_t source, Destination destination) const;
  std::optional<std::size_t> row_of(const std::string& source) const;
  /// How many sources have `code` for `destination` (a column reduction).
  long count(Destination destination, Code code) const;

  /// A cell whose code differs between two matrices; sources are matched by name, and a source
  /// only one side has reads as not_asked on the other.
  struct Change {
    std::string source;
    Destination destination;
    Code before;
    Code after;
  };
  static std::vector<Change> changes(const ReachabilityMatrix& before, const ReachabilityMatrix& after);

 private:
  std::vector<std::string> sources_;
  Codes codes_{0, destination_count};
};

}  // namespace airgap::sim
