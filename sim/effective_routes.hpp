// Effective routes of a subnet: system, peering, private-endpoint, gateway and user routes merged
// and selected as Azure does (azure-semantics §1): longest prefix, then UDR > BGP > system, with
// the exceptions for VNet/peering over BGP, service endpoints, and private-endpoint /32s.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/network.hpp"
#include "sim/address_space.hpp"

namespace airgap::sim {

enum class HopKind {
  vnet_local,          // own VNet address space (or a UDR with next hop VnetLocal)
  peering,             // a directly peered VNet
  interface_endpoint,  // a private endpoint /32
  internet,
  appliance,           // VirtualAppliance with a next-hop IP
  gateway,             // virtual network gateway (on-premises)
  service_endpoint,
  none,                // drop
};

std::string_view to_string(HopKind kind);

enum class RouteOrigin { user, bgp, system };

struct RouteEntry {
  HopKind kind = HopKind::none;
  RouteOrigin origin = RouteOrigin::system;
  TriSet match;           // destination addresses this route covers
  int prefix_length = 0;  // for longest-prefix ordering
  bool reserved = false;  // a reserved None route: loses ties to other system routes
  std::string prefix_text;
  std::optional<model::Ipv4> next_hop_ip;
  std::size_t target_vnet = 0;  // vnet_local / peering
  const model::PrivateEndpoint* endpoint = nullptr;
  const model::VirtualNetworkGateway* gateway = nullptr;
  std::string description;  // e.g. "user route 'default' in 'rt-spoke'"
  model::SourceRef source;
};

struct RouteChoice {
  RouteEntry route;
  TriSet selected;  // the destinations for which this route wins
};

/// Every route of the subnet that wins for some destination, with the destinations it wins.
std::vector<RouteChoice> effective_routes(const model::Network& network, const AddressSpace& space,
                                          model::SubnetId subnet);

}  // namespace airgap::sim
