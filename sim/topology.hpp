// Topology queries the engine shares: connected peerings, gateways serving a VNet, devices by IP.
#pragma once

#include <optional>
#include <vector>

#include "model/network.hpp"

namespace airgap::sim {

/// VNets directly peered with `vnet` in both directions (Azure's "Connected" state).
std::vector<std::size_t> connected_peers(const model::Network& network, std::size_t vnet,
                                         bool require_vnet_access);
/// Gateways whose routes reach `vnet`: its own, or a hub's through useRemoteGateways.
std::vector<const model::VirtualNetworkGateway*> gateways_serving(const model::Network& network,
                                                                  std::size_t vnet);
/// The VNet holding a subnet reference "vnet/subnet", if any.
std::optional<std::size_t> vnet_of(const model::Network& network, const std::string& subnet_ref);

}  // namespace airgap::sim
