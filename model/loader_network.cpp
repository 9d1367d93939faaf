// Readers for the address plan: VNets with subnets and peerings, route tables, NSGs.
#include <fmt/format.h>

#include <array>

#include "model/loader_parts.hpp"

namespace airgap::model::detail {

namespace {

void read_subnet(TableReader& reader, Vnet& vnet) {
  Subnet subnet;
  subnet.source = reader.where();
  subnet.name = reader.string({"name"}, Need::required).value_or("");
  auto prefix = reader.prefix("addressPrefix", Need::required);
  subnet.has_address = prefix.has_value();
  if (prefix) subnet.address_prefix = *prefix;
  subnet.network_security_group = reader.string({"networkSecurityGroup"}).value_or("");
  subnet.route_table = reader.string({"routeTable"}).value_or("");
  subnet.nat_gateway = reader.string({"natGateway"}).value_or("");
  for (auto& [name, at] : reader.strings({"delegations"})) subnet.delegations.push_back(name);
  subnet.default_outbound_access = reader.boolean("defaultOutboundAccess");
  static constexpr std::array<std::string_view, 4> policies{
      "Disabled", "NetworkSecurityGroupEnabled", "RouteTableEnabled", "Enabled"};
  if (auto policy = reader.choice("privateEndpointNetworkPolicies", policies)) {
    subnet.private_endpoint_network_policies = static_cast<PeNetworkPolicies>(*policy);
  }
  for (auto& [name, at] : reader.strings({"serviceEndpoints"})) subnet.service_endpoints.push_back(name);
  vnet.subnets.push_back(std::move(subnet));
}

void read_peering(TableReader& reader, Vnet& vnet) {
  Peering peering;
  peering.source = reader.where();
  peering.remote_virtual_network =
      reader.string({"remoteVirtualNetwork"}, Need::required).value_or("");
  peering.name = reader.string({"name"}).value_or(vnet.name + "-to-" + peering.remote_virtual_network);
  peering.allow_virtual_network_access = reader.boolean("allowVirtualNetworkAccess").value_or(true);
  peering.allow_forwarded_traffic = reader.boolean("allowForwardedTraffic").value_or(false);
  peering.allow_gateway_transit = reader.boolean("allowGatewayTransit").value_or(false);
  peering.use_remote_gateways = reader.boolean("useRemoteGateways").value_or(false);
  vnet.peerings.push_back(std::move(peering));
}

}  // namespace

void read_vnet(TableReader& reader, Network& network) {
  Vnet vnet;
  vnet.source = reader.where();
  vnet.name = reader.string({"name"}, Need::required).value_or("");
  for (auto& [text, at] : reader.strings({"addressSpace", "addressPrefixes"}, Need::required)) {
    auto parsed = parse_prefix(text);
    if (parsed) {
      vnet.address_space.push_back(*parsed.value);
    } else {
      reader.context().diagnostics.error(DiagKind::invalid_cidr, at, parsed.error);
    }
  }
  for (auto& [text, at] : reader.strings({"dnsServers"})) {
    auto parsed = parse_ipv4(text);
    if (parsed) {
      vnet.dns_servers.push_back(*parsed.value);
    } else {
      reader.context().diagnostics.error(DiagKind::invalid_ip, at, parsed.error);
    }
  }
  vnet.managed_by_aks = reader.boolean("managedByAks").value_or(false);
  reader.tables({"subnets", "subnet"}, [&](TableReader& child) { read_subnet(child, vnet); });
  reader.tables({"peerings", "peering"}, [&](TableReader& child) { read_peering(child, vnet); });
  network.vnets.push_back(std::move(vnet));
}

void read_route_table(TableReader& reader, Network& network) {
  RouteTable table;
  table.source = reader.where();
  table.name = reader.string({"name"}, Need::required).value_or("");
  table.disable_bgp_route_propagation = reader.boolean("disableBgpRoutePropagation").value_or(false);
  reader.tables({"routes", "route"}, [&](TableReader& child) {
    Route route;
    route.source = child.where();
    route.name = child.string({"name"}, Need::required).value_or("");
    auto targets = read_addresses(child, {"addressPrefix"}, Need::required);
    if (targets.size() > 1) {
      child.context().diagnostics.error(DiagKind::invalid_value, child.where("addressPrefix"),
                                        "a route has exactly one addressPrefix");
    }
    if (!targets.empty()) {
      route.address_prefix = targets.front();
      if (std::holds_alternative<AnyAddress>(route.address_prefix)) route.address_prefix = Prefix{};
    }
    static constexpr std::array<std::string_view, 5> types{
        "VirtualAppliance", "VirtualNetworkGateway", "VnetLocal", "Internet", "None"};
    if (auto type = child.choice("nextHopType", types, Need::required)) {
      route.next_hop_type = static_cast<NextHopType>(*type);
    }
    route.next_hop_ip_address = child.ipv4("nextHopIpAddress");
    table.routes.push_back(std::move(route));
  });
  network.route_tables.push_back(std::move(table));
}

void read_nsg(TableReader& reader, Network& network) {
  Nsg nsg;
  nsg.source = reader.where();
  nsg.name = reader.string({"name"}, Need::required).value_or("");
  reader.tables({"securityRules", "securityRule"}, [&](TableReader& child) {
    SecurityRule rule;
    rule.source = child.where();
    rule.name = child.string({"name"}, Need::required).value_or("");
    if (auto priority = child.integer("priority", Need::required)) {
      rule.priority = static_cast<int>(std::clamp<std::int64_t>(*priority, -1, 1'000'000));
      if (*priority < 100 || *priority > 4096) {
        child.context().diagnostics.error(
            DiagKind::invalid_priority, child.where("priority"),
            fmt::format("NSG rule priority {} is outside 100-4096", *priority));
      }
    }
    static constexpr std::array<std::string_view, 2> directions{"Inbound", "Outbound"};
    if (auto d = child.choice("direction", directions, Need::required)) {
      rule.direction = static_cast<Direction>(*d);
    }
    static constexpr std::array<std::string_view, 2> accesses{"Allow", "Deny"};
    if (auto a = child.choice("access", accesses, Need::required)) {
      rule.access = static_cast<Access>(*a);
    }
    static constexpr std::array<std::string_view, 7> protocols{"*",    "Tcp", "Udp", "Icmp",
                                                               "Esp", "Ah",  "Any"};
    if (auto p = child.choice("protocol", protocols, Need::required)) {
      rule.protocol = *p == 6 ? Protocol::any : static_cast<Protocol>(*p);
    }
    rule.source_addresses = read_addresses(child, {"sourceAddressPrefix", "sourceAddressPrefixes"});
    for (auto& [name, at] : child.strings({"sourceApplicationSecurityGroups"})) {
      rule.source_asgs.push_back(name);
    }
    rule.destination_addresses =
        read_addresses(child, {"destinationAddressPrefix", "destinationAddressPrefixes"});
    for (auto& [name, at] : child.strings({"destinationApplicationSecurityGroups"})) {
      rule.destination_asgs.push_back(name);
    }
    rule.source_port_ranges = read_ports(child, {"sourcePortRange", "sourcePortRanges"});
    rule.destination_port_ranges =
        read_ports(child, {"destinationPortRange", "destinationPortRanges"}, Need::required);
    if (rule.source_addresses.empty() && rule.source_asgs.empty()) {
      child.context().diagnostics.error(
          DiagKind::missing_key, child.where(),
          "a security rule needs sourceAddressPrefix(es) or sourceApplicationSecurityGroups");
    }
    if (rule.destination_addresses.empty() && rule.destination_asgs.empty()) {
      child.context().diagnostics.error(DiagKind::missing_key, child.where(),
                                        "a security rule needs destinationAddressPrefix(es) or "
                                        "destinationApplicationSecurityGroups");
    }
    if (rule.source_port_ranges.empty()) rule.source_port_ranges.push_back(PortRange{});
    nsg.rules.edit().push_back(std::move(rule));
  });
  network.nsgs.push_back(std::move(nsg));
}

}  // namespace airgap::model::detail
