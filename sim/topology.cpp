#include "sim/topology.hpp"

#include <algorithm>

namespace airgap::sim {

std::vector<std::size_t> connected_peers(const model::Network& network, std::size_t vnet,
                                         bool require_vnet_access) {
  std::vector<std::size_t> out;
  std::vector<bool> listed(network.vnets.size());  // (a hub lists thousands: no search of `out`)
  const auto& self = network.vnets[vnet];
  for (const auto& peering : self.peerings) {
    auto remote = network.vnet_index(peering.remote_virtual_network);
    if (!remote || *remote == vnet || listed[*remote]) continue;
    const auto* back = network.find_peering(*remote, self.name);
    if (back == nullptr) continue;  // one-sided: Initiated, no traffic
    if (require_vnet_access && !peering.allow_virtual_network_access) continue;
    listed[*remote] = true;
    out.push_back(*remote);
  }
  return out;
}

std::vector<const model::VirtualNetworkGateway*> gateways_serving(const model::Network& network,
                                                                  std::size_t vnet) {
  std::vector<const model::VirtualNetworkGateway*> out;
  const auto& self = network.vnets[vnet];
  for (const auto& gw : network.gateways) {
    if (gw.virtual_network == self.name) out.push_back(&gw);
  }
  for (const auto& peering : self.peerings) {
    if (!peering.use_remote_gateways) continue;
    auto remote = network.vnet_index(peering.remote_virtual_network);
    if (!remote) continue;
    const auto* back = network.find_peering(*remote, self.name);
    if (back == nullptr || !back->allow_gateway_transit) continue;
    for (const auto& gw : network.gateways) {
      if (gw.virtual_network == network.vnets[*remote].name) out.push_back(&gw);
    }
  }
  return out;
}

std::optional<std::size_t> vnet_of(const model::Network& network, const std::string& subnet_ref) {
  auto id = network.find_subnet(subnet_ref);
  if (!id) return std::nullopt;
  return id->vnet;
}

}  // namespace airgap::sim
