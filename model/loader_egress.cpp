// Readers for public IPs, NAT gateways, load balancers, appliances and gateways.
#include <fmt/format.h>

#include <array>

#include "model/loader_parts.hpp"

namespace airgap::model::detail {

void read_public_ip(TableReader& reader, Network& network) {
  PublicIp ip;
  ip.source = reader.where();
  ip.name = reader.string({"name"}, Need::required).value_or("");
  ip.ip_address = reader.ipv4("ipAddress");
  ip.sku = reader.string({"sku"}).value_or("Standard");
  network.public_ips.push_back(std::move(ip));
}

void read_nat_gateway(TableReader& reader, Network& network) {
  NatGateway gateway;
  gateway.source = reader.where();
  gateway.name = reader.string({"name"}, Need::required).value_or("");
  for (auto& [name, at] : reader.strings({"publicIpAddresses"})) {
    gateway.public_ip_addresses.push_back(name);
  }
  gateway.sku = reader.string({"sku"}).value_or("Standard");
  network.nat_gateways.push_back(std::move(gateway));
}

void read_load_balancer(TableReader& reader, Network& network) {
  LoadBalancer lb;
  lb.source = reader.where();
  lb.name = reader.string({"name"}, Need::required).value_or("");
  lb.sku = reader.string({"sku"}).value_or("Standard");
  auto frontends = reader.strings({"frontendPublicIpAddresses"});
  lb.is_public = !frontends.empty();
  reader.tables({"outboundRules", "outboundRule"}, [&](TableReader& child) {
    OutboundRule rule;
    rule.source = child.where();
    rule.name = child.string({"name"}, Need::required).value_or("");
    static constexpr std::array<std::string_view, 3> protocols{"All", "Tcp", "Udp"};
    rule.protocol = static_cast<LbProtocol>(child.choice("protocol", protocols).value_or(0));
    for (auto& [name, at] : child.strings({"backendNodePools"}, Need::required)) {
      rule.backend_node_pools.push_back(name);
    }
    for (auto& [name, at] : frontends) rule.frontend_public_ips.push_back(name);
    lb.outbound_rules.push_back(std::move(rule));
  });
  network.load_balancers.push_back(std::move(lb));
}

void read_appliance(TableReader& reader, Network& network) {
  NetworkVirtualAppliance nva;
  nva.source = reader.where();
  nva.name = reader.string({"name"}, Need::required).value_or("");
  nva.subnet = reader.string({"subnet"}, Need::required).value_or("");
  if (auto ip = reader.ipv4("privateIpAddress", Need::required)) nva.private_ip_address = *ip;
  nva.enable_ip_forwarding = reader.boolean("enableIpForwarding").value_or(true);
  nva.public_ip_address = reader.string({"publicIpAddress"}).value_or("");
  static constexpr std::array<std::string_view, 3> behaviors{"unknown", "dropAll", "forwardAll"};
  nva.behavior = static_cast<ApplianceBehavior>(reader.choice("behavior", behaviors).value_or(0));
  network.appliances.push_back(std::move(nva));
}

void read_gateway(TableReader& reader, Network& network) {
  VirtualNetworkGateway gateway;
  gateway.source = reader.where();
  gateway.name = reader.string({"name"}, Need::required).value_or("");
  gateway.virtual_network = reader.string({"virtualNetwork"}, Need::required).value_or("");
  static constexpr std::array<std::string_view, 2> types{"Vpn", "ExpressRoute"};
  gateway.gateway_type = static_cast<GatewayType>(reader.choice("gatewayType", types).value_or(0));
  for (auto& [text, at] : reader.strings({"learnedPrefixes"})) {
    auto parsed = parse_prefix(text);
    if (parsed) {
      gateway.learned_prefixes.push_back(*parsed.value);
    } else {
      reader.context().diagnostics.error(DiagKind::invalid_cidr, at, parsed.error);
    }
  }
  network.gateways.push_back(std::move(gateway));
}

}  // namespace airgap::model::detail
