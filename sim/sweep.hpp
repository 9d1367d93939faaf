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
/// Networks that differ only in what the variants provision (load balancer and public IP,
/// API-server private endpoint or internal load balancer, DNS zone link) share one graph:
/// the next one rebuilds only the stages those objects shape and asks again only the questions
/// they can change (Analysis::replace_variant).
/// `jobs` > 1 proves the networks on that many processes (fork_map), a chain of them per
/// process; the reports are the same for every `jobs` (`graphs` grows with the chains).
SweepResult sweep_variants(const model::Network& design, std::size_t jobs = 1);

}  // namespace airgap::sim
