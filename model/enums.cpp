// ARM spellings of the model's enumerations, in one place for loader, reports and docs.
#include <fmt/format.h>

#include "model/address_match.hpp"
#include "model/cluster.hpp"
#include "model/expectation.hpp"
#include "model/nsg.hpp"
#include "model/route_table.hpp"

namespace airgap::model {

std::string to_string(const AddressMatch& match) {
  if (std::holds_alternative<AnyAddress>(match)) return "*";
  if (const auto* prefix = std::get_if<Prefix>(&match)) {
    return prefix->length == 32 ? prefix->address.to_string() : prefix->to_string();
  }
  return std::get<ServiceTagRef>(match).name;
}

std::string_view to_string(NextHopType type) {
  switch (type) {
    case NextHopType::virtual_appliance: return "VirtualAppliance";
    case NextHopType::virtual_network_gateway: return "VirtualNetworkGateway";
    case NextHopType::vnet_local: return "VnetLocal";
    case NextHopType::internet: return "Internet";
    case NextHopType::none: return "None";
  }
  return "None";
}

std::string_view to_string(Direction direction) {
  return direction == Direction::inbound ? "Inbound" : "Outbound";
}
std::string_view to_string(Access access) { return access == Access::allow ? "Allow" : "Deny"; }
std::string_view to_string(Protocol protocol) {
  switch (protocol) {
    case Protocol::any: return "*";
    case Protocol::tcp: return "Tcp";
    case Protocol::udp: return "Udp";
    case Protocol::icmp: return "Icmp";
    case Protocol::esp: return "Esp";
    case Protocol::ah: return "Ah";
  }
  return "*";
}

std::string_view to_string(OutboundType type) {
  switch (type) {
    case OutboundType::load_balancer: return "loadBalancer";
    case OutboundType::managed_nat_gateway: return "managedNATGateway";
    case OutboundType::user_assigned_nat_gateway: return "userAssignedNATGateway";
    case OutboundType::user_defined_routing: return "userDefinedRouting";
    case OutboundType::none: return "none";
    case OutboundType::block: return "block";
  }
  return "none";
}

std::string_view to_string(ApiServerAccess access) {
  switch (access) {
    case ApiServerAccess::private_link: return "privateLink";
    case ApiServerAccess::vnet_integration: return "vnetIntegration";
    case ApiServerAccess::public_access: return "public";
  }
  return "public";
}

std::string_view to_string(ExpectedVerdict verdict) {
  switch (verdict) {
    case ExpectedVerdict::reachable: return "reachable";
    case ExpectedVerdict::unreachable: return "unreachable";
    case ExpectedVerdict::unknown: return "unknown";
    case ExpectedVerdict::isolated: return "isolated";
    case ExpectedVerdict::egress: return "egress";
    case ExpectedVerdict::bootstrap_broken: return "bootstrap-broken";
    case ExpectedVerdict::not_deployable: return "not-deployable";
  }
  return "unknown";
}

namespace {

SecurityRule default_rule(const char* name, int priority, Direction direction, Access access,
                          AddressMatch source, AddressMatch destination) {
  SecurityRule rule;
  rule.name = name;
  rule.priority = priority;
  rule.direction = direction;
  rule.access = access;
  rule.protocol = Protocol::any;
  rule.source_addresses = {std::move(source)};
  rule.source_port_ranges = {PortRange{}};
  rule.destination_addresses = {std::move(destination)};
  rule.destination_port_ranges = {PortRange{}};
  rule.is_default = true;
  return rule;
}

}  // namespace

const std::vector<SecurityRule>& default_rules() {
  static const std::vector<SecurityRule> rules = [] {
    const AddressMatch vnet = ServiceTagRef{"VirtualNetwork"};
    return std::vector<SecurityRule>{
        default_rule("AllowVnetInBound", 65000, Direction::inbound, Access::allow, vnet, vnet),
        default_rule("AllowAzureLoadBalancerInBound", 65001, Direction::inbound, Access::allow,
                     ServiceTagRef{"AzureLoadBalancer"}, AnyAddress{}),
        default_rule("DenyAllInBound", 65500, Direction::inbound, Access::deny, AnyAddress{},
                     AnyAddress{}),
        default_rule("AllowVnetOutBound", 65000, Direction::outbound, Access::allow, vnet, vnet),
        default_rule("AllowInternetOutBound", 65001, Direction::outbound, Access::allow,
                     AnyAddress{}, ServiceTagRef{"Internet"}),
        default_rule("DenyAllOutBound", 65500, Direction::outbound, Access::deny, AnyAddress{},
                     AnyAddress{}),
    };
  }();
  return rules;
}

}  // namespace airgap::model
