// The isolation sweep: one design under every outbound type x API-server mode.
#pragma once

#include <vector>

#include "model/network.hpp"
#include "sim/cluster_report.hpp"

namespace airgap::sim {

struct SweepResult {
  std::vector<VariantReport> reports;  // outbound type major, API mode minor (18 cells)
  std::size_t analyses = 0;            // how many distinct networks were proven
  std::size_t graphs = 0;              // how many forwarding graphs were built for them
};

/// Evaluates all 18 variants. Variants whose materialized networks differ only in the outbound
/// type's name (on a BYO VNet, none, userAssignedNATGateway and userDefinedRouting provision
/// nothing) are the same network: they share one analysis and one set of pool verdicts.
/// Networks that differ only in what the outbound types provision (a load balancer and its
/// public IP) share one graph: the next one only rebuilds the egress stages.
/// `jobs` > 1 proves the distinct networks on that many processes (fork_map); the result is
/// the same for every `jobs`.
SweepResult sweep_variants(const model::Network& design, std::size_t jobs = 1);

}  // namespace airgap::sim
