// Random small Azure designs for the oracle property test: VNets with peerings, subnets, route
// tables, NSGs with overlapping rules, a firewall, appliances, NAT gateways, public IPs and
// private endpoints. Deterministic per seed.
#pragma once

#include <random>

#include "model/network.hpp"

namespace airgap::testing {

model::Network random_design(std::uint32_t seed);

}  // namespace airgap::testing
