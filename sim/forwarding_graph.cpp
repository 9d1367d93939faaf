#include "sim/forwarding_graph.hpp"

namespace airgap::sim {

std::vector<std::string> unknowns_on(const Edge& edge) {
  if (!edge.gate) return edge.unknowns;
  std::vector<std::string> out = edge.unknowns;
  const auto& gated = edge.gate->unknowns();
  out.insert(out.end(), gated.begin(), gated.end());
  return out;
}

}  // namespace airgap::sim
