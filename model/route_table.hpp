// RouteTable and Route: user-defined routes, merged with the system routes of each subnet.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/address_match.hpp"
#include "model/source_ref.hpp"

namespace airgap::model {

enum class NextHopType {
  virtual_appliance,
  virtual_network_gateway,
  vnet_local,
  internet,
  none,
};

std::string_view to_string(NextHopType type);  // ARM spelling, e.g. "VirtualAppliance"

struct Route {
  std::string name;
  AddressMatch address_prefix;  // a prefix or a service tag (AnyAddress is never used here)
  NextHopType next_hop_type = NextHopType::none;
  std::optional<Ipv4> next_hop_ip_address;
  SourceRef source;
  bool operator==(const Route&) const = default;
};

struct RouteTable {
  std::string name;
  std::vector<Route> routes;
  bool disable_bgp_route_propagation = false;
  SourceRef source;
  bool operator==(const RouteTable&) const = default;
};

}  // namespace airgap::model
