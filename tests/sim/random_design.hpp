// Random small Azure designs for the oracle property test: VNets with peerings, subnets, route
// tables, NSGs with overlapping rules, a firewall, appliances, NAT gateways, public IPs and
// private endpoints. Deterministic per seed.
#pragma once

#include <random>

#include "model/network.hpp"

namespace airgap::testing {

model::Network random_design(std::uint32_t seed);

/// How many random designs a property test runs: the environment variable `name` if set
/// (long runs), else `fallback` (what CI runs).
std::uint32_t design_count(const char* name, std::uint32_t fallback);

}  // namespace airgap::testing
