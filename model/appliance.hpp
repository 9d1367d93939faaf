// Network virtual appliances and virtual network gateways: next hops airgap may not see inside.
#pragma once

#include <string>
#include <vector>

#include "model/ip.hpp"
#include "model/source_ref.hpp"

namespace airgap::model {

/// What a third-party appliance does with traffic. `unknown` makes verdicts through it unknown.
enum class ApplianceBehavior { unknown, drop_all, forward_all };

struct NetworkVirtualAppliance {
  std::string name;
  std::string subnet;  // "vnet/subnet"
  Ipv4 private_ip_address;
  bool enable_ip_forwarding = true;
  std::string public_ip_address;  // PublicIp name, empty = none
  ApplianceBehavior behavior = ApplianceBehavior::unknown;
  SourceRef source;
  bool operator==(const NetworkVirtualAppliance&) const = default;
};

enum class GatewayType { vpn, express_route };

struct VirtualNetworkGateway {
  std::string name;
  std::string virtual_network;
  GatewayType gateway_type = GatewayType::vpn;
  std::vector<Prefix> learned_prefixes;  // BGP / local network gateway prefixes (on-premises)
  SourceRef source;
  bool operator==(const VirtualNetworkGateway&) const = default;
};

}  // namespace airgap::model
