// Differential reachability: which (node pool, destination, variant) paths a design change opens
// or closes, each with a witness from the design where the path exists.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/network.hpp"
#include "sim/cluster_variant.hpp"
#include "sim/reachability_matrix.hpp"
#include "sim/verdict.hpp"

namespace airgap::sim {

struct PathChange {
  std::string pool;
  std::string destination;  // "internet", "API server", "registry login", "registry data"
  std::string variant;      // "as written" or "outboundType/apiMode"
  enum class Kind { opened, closed, possibly_opened };
  Kind kind = Kind::opened;
  bool to_internet = false;
  std::string summary;      // the packets that changed
  Verdict witness;          // evaluated on the side where the path exists
  // The cell in each design's reachability matrix (a widened path keeps "reachable" on both).
  ReachabilityMatrix::Code before = ReachabilityMatrix::Code::not_asked;
  ReachabilityMatrix::Code after = ReachabilityMatrix::Code::not_asked;
};

struct DiffOptions {
  bool all_variants = false;  // compare every outbound type x API mode, not only as written
};

std::vector<PathChange> diff_designs(const model::Network& before, const model::Network& after,
                                     const DiffOptions& options);

/// The changes under one variant (nullopt: each design as written), proven from scratch.
std::vector<PathChange> diff_variant(const model::Network& before, const model::Network& after,
                                     const std::optional<Variant>& variant);

}  // namespace airgap::sim
