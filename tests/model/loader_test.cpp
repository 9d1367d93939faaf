// Round trips: every object kind of the scenario format loads into the model with its values
// and its source location.
#include <catch2/catch.hpp>

#include "tests/support/fixtures.hpp"

using namespace airgap;
using airgap::testing::load_ok;

namespace {

constexpr std::string_view every_kind = R"(
name = "every object kind"
description = "round trip"

[cluster]
name = "aks"
location = "northeurope"
kubernetesVersion = "1.31"
outboundType = "userDefinedRouting"
apiServerAccess = "privateLink"
bootstrapArtifactSource = "Cache"
networkPlugin = "azure"
networkPluginMode = "overlay"
nodeOsUpgradeChannel = "SecurityPatch"
registry = "acr1"
privateDnsZone = "system"
addons = ["monitoring"]
extensions = ["microsoft.flux"]
managedPrometheus = true
containerInsights = true
azureMonitorPrivateLinkScope = "ampls1"
storageClasses = [{ name = "files", provisioner = "file.csi.azure.com", networkEndpointType = "privateEndpoint" }]

[[cluster.nodePool]]
name = "system"
subnet = "hub/nodes"
osType = "Linux"
mode = "System"
enableNodePublicIP = true
count = 3
applicationSecurityGroups = ["asg-nodes"]

[[vnet]]
name = "hub"
addressSpace = ["10.0.0.0/16"]
dnsServers = ["10.0.0.10"]
subnets = [
  { name = "nodes", addressPrefix = "10.0.0.0/22", networkSecurityGroup = "nsg1", routeTable = "rt1", natGateway = "nat1", defaultOutboundAccess = false, serviceEndpoints = ["Microsoft.Storage"] },
  { name = "AzureFirewallSubnet", addressPrefix = "10.0.4.0/26" },
  { name = "GatewaySubnet", addressPrefix = "10.0.5.0/27" },
  { name = "pe", addressPrefix = "10.0.6.0/24", privateEndpointNetworkPolicies = "RouteTableEnabled" },
  { name = "nva", addressPrefix = "10.0.7.0/24", delegations = ["Microsoft.Network/dnsResolvers"] },
]
peerings = [{ name = "to-spoke", remoteVirtualNetwork = "spoke", allowForwardedTraffic = true, allowGatewayTransit = true }]

[[vnet]]
name = "spoke"
addressSpace = ["10.1.0.0/16"]
subnets = [{ name = "work", addressPrefix = "10.1.0.0/24" }]
peerings = [{ remoteVirtualNetwork = "hub", useRemoteGateways = true, allowVirtualNetworkAccess = false }]

[[routeTable]]
name = "rt1"
disableBgpRoutePropagation = true
routes = [
  { name = "default", addressPrefix = "0.0.0.0/0", nextHopType = "VirtualAppliance", nextHopIpAddress = "10.0.4.4" },
  { name = "storage", addressPrefix = "Storage", nextHopType = "Internet" },
]

[[networkSecurityGroup]]
name = "nsg1"
securityRules = [
  { name = "web", priority = 100, direction = "Outbound", access = "Allow", protocol = "Tcp", sourceAddressPrefixes = ["10.0.0.0/22", "10.0.4.0/26"], destinationAddressPrefix = "Internet", destinationPortRanges = ["80", "443", "8000-8080"] },
  { name = "asg", priority = 110, direction = "Inbound", access = "Deny", protocol = "*", sourceApplicationSecurityGroups = ["asg-nodes"], destinationAddressPrefix = "*", destinationPortRange = "*" },
]

[[natGateway]]
name = "nat1"
publicIpAddresses = ["pip-nat"]

[[publicIpAddress]]
name = "pip-nat"
ipAddress = "20.1.1.1"

[[publicIpAddress]]
name = "pip-fw"

[[loadBalancer]]
name = "lb1"
frontendPublicIpAddresses = ["pip-nat"]
outboundRules = [{ name = "out", protocol = "Tcp", backendNodePools = ["system"] }]

[[firewall]]
name = "fw1"
subnet = "hub/AzureFirewallSubnet"
privateIpAddress = "10.0.4.4"
publicIpAddresses = ["pip-fw"]
enableDnsProxy = true
privateRanges = ["IANAPrivateRanges", "20.0.0.0/8"]

[[firewall.ruleCollectionGroups]]
name = "rcg"
priority = 200

[[firewall.ruleCollectionGroups.ruleCollections]]
name = "net"
priority = 100
action = { type = "Allow" }
rules = [
  { name = "ntp", ruleType = "NetworkRule", ipProtocols = ["UDP"], sourceAddresses = ["10.0.0.0/8"], destinationFqdns = ["ntp.ubuntu.com"], destinationPorts = ["123"] },
  { name = "tag", ruleType = "NetworkRule", ipProtocols = ["Any"], destinationAddresses = ["AzureCloud.northeurope"], destinationPorts = ["*"] },
]

[[firewall.ruleCollectionGroups.ruleCollections]]
name = "app"
priority = 200
action = "Deny"
rules = [{ name = "aks", ruleType = "ApplicationRule", fqdnTags = ["AzureKubernetesService"], targetFqdns = ["*.example.com"], protocols = [{ protocolType = "Https", port = 443 }, { protocolType = "Http", port = 80 }] }]

[[firewall.ruleCollectionGroups.ruleCollections]]
name = "dnat"
priority = 300
ruleCollectionType = "FirewallPolicyNatRuleCollection"
action = { type = "DNAT" }
rules = [{ name = "in", ruleType = "NatRule", ipProtocols = ["TCP"], destinationAddresses = ["20.1.1.1"], destinationPorts = ["443"], translatedAddress = "10.1.0.5", translatedPort = 8443 }]

[[networkVirtualAppliance]]
name = "nva1"
subnet = "hub/nva"
privateIpAddress = "10.0.7.4"
enableIpForwarding = true
behavior = "forwardAll"

[[virtualNetworkGateway]]
name = "vpn1"
virtualNetwork = "hub"
gatewayType = "Vpn"
learnedPrefixes = ["192.168.0.0/16"]

[[privateEndpoint]]
name = "pe-acr"
subnet = "hub/pe"
target = "acr1"
groupId = "registry"
privateIpAddresses = ["10.0.6.4", "10.0.6.5"]
privateDnsZoneGroups = ["privatelink.azurecr.io"]

[[privateDnsZone]]
name = "privatelink.azurecr.io"
virtualNetworkLinks = ["hub", { virtualNetwork = "spoke", resolutionPolicy = "NxDomainRedirect" }]
aRecords = [{ name = "acr1", ipv4Address = "10.0.6.4" }]

[[registry]]
name = "acr1"
sku = "Premium"
publicNetworkAccess = "Disabled"
cacheRules = [{ name = "aks-managed-mcr", sourceRepository = "mcr.microsoft.com/*", targetRepository = "aks-managed-repository/*" }]

[[serviceTag]]
name = "Storage"
addressPrefixes = ["20.60.0.0/16"]

[[serviceTag]]
name = "AzureCloud.northeurope"
addressPrefixes = ["20.50.0.0/16", "40.0.0.0/8"]

[[expect]]
from = "system"
to = "internet"
protocol = "Tcp"
ports = ["443"]
verdict = "unreachable"
variants = ["none/*", "*/privateLink"]
)";

}  // namespace

TEST_CASE("loader: the scenario header and the cluster round-trip", "[model][loader]") {
  auto net = load_ok(every_kind);
  CHECK(net.name == "every object kind");
  CHECK(net.description == "round trip");
  REQUIRE(net.cluster);
  const auto& c = *net.cluster;
  CHECK(c.name == "aks");
  CHECK(c.location == "northeurope");
  CHECK(c.outbound_type == model::OutboundType::user_defined_routing);
  CHECK(c.api_server_access == model::ApiServerAccess::private_link);
  CHECK(c.bootstrap_artifact_source == "Cache");
  CHECK(c.network_plugin_mode == "overlay");
  CHECK(c.node_os_upgrade_channel == "SecurityPatch");
  CHECK(c.registry == "acr1");
  CHECK(c.addons == std::vector<std::string>{"monitoring"});
  CHECK(c.extensions == std::vector<std::string>{"microsoft.flux"});
  CHECK(c.managed_prometheus);
  CHECK(c.container_insights);
  CHECK(c.azure_monitor_private_link_scope == "ampls1");
  REQUIRE(c.storage_classes.size() == 1);
  CHECK(c.storage_classes[0].network_endpoint_type == "privateEndpoint");
  REQUIRE(c.node_pools.size() == 1);
  CHECK(c.node_pools[0].enable_node_public_ip);
  CHECK(c.node_pools[0].count == 3);
  CHECK(c.node_pools[0].application_security_groups == std::vector<std::string>{"asg-nodes"});
  CHECK(c.node_pools[0].source.line == 24);  // the [[cluster.nodePool]] header
}

TEST_CASE("loader: VNets, subnets and peerings round-trip with their flags", "[model][loader]") {
  auto net = load_ok(every_kind);
  REQUIRE(net.vnets.size() == 2);
  const auto& hub = net.vnets[0];
  CHECK(hub.dns_servers.front().to_string() == "10.0.0.10");
  REQUIRE(hub.subnets.size() == 5);
  const auto& nodes = hub.subnets[0];
  CHECK(nodes.address_prefix.to_string() == "10.0.0.0/22");
  CHECK(nodes.network_security_group == "nsg1");
  CHECK(nodes.route_table == "rt1");
  CHECK(nodes.nat_gateway == "nat1");
  CHECK(nodes.is_private());
  CHECK(nodes.service_endpoints == std::vector<std::string>{"Microsoft.Storage"});
  CHECK(hub.subnets[3].private_endpoint_network_policies == model::PeNetworkPolicies::route_table_enabled);
  CHECK(hub.subnets[4].delegations.size() == 1);
  CHECK_FALSE(hub.subnets[1].is_private());
  REQUIRE(hub.peerings.size() == 1);
  CHECK(hub.peerings[0].allow_gateway_transit);
  CHECK(hub.peerings[0].allow_forwarded_traffic);
  CHECK(net.vnets[1].peerings[0].use_remote_gateways);
  CHECK_FALSE(net.vnets[1].peerings[0].allow_virtual_network_access);
  CHECK(net.vnets[1].peerings[0].name == "spoke-to-hub");
}

TEST_CASE("loader: route tables, NSGs and their rules round-trip", "[model][loader]") {
  auto net = load_ok(every_kind);
  const auto& rt = net.route_tables.at(0);
  CHECK(rt.disable_bgp_route_propagation);
  REQUIRE(rt.routes.size() == 2);
  CHECK(rt.routes[0].next_hop_type == model::NextHopType::virtual_appliance);
  CHECK(rt.routes[0].next_hop_ip_address->to_string() == "10.0.4.4");
  CHECK(std::get<model::ServiceTagRef>(rt.routes[1].address_prefix).name == "Storage");
  const auto& nsg = net.nsgs.at(0);
  REQUIRE(nsg.rules.size() == 2);
  CHECK(nsg.rules[0].protocol == model::Protocol::tcp);
  CHECK(nsg.rules[0].source_addresses.size() == 2);
  CHECK(nsg.rules[0].destination_port_ranges.size() == 3);
  CHECK(nsg.rules[0].destination_port_ranges[2].high == 8080);
  CHECK(nsg.rules[1].source_asgs == std::vector<std::string>{"asg-nodes"});
  CHECK(nsg.rules[1].access == model::Access::deny);
  CHECK(nsg.rules[1].direction == model::Direction::inbound);
}

TEST_CASE("loader: a rule's enumerated values are read in any case, as Azure reads them",
          "[model][loader]") {
  auto net = load_ok(R"(
name = "any case"
[[vnet]]
name = "v"
addressSpace = ["10.0.0.0/16"]
[[networkSecurityGroup]]
name = "n"
securityRules = [{ name = "r", priority = 100, direction = "OUTBOUND", access = "deny", protocol = "uDP", sourceAddressPrefix = "*", destinationAddressPrefix = "*", destinationPortRange = "*" }]
)");
  REQUIRE(net.nsgs.at(0).rules.size() == 1);
  const auto& rule = net.nsgs.at(0).rules[0];
  CHECK(rule.direction == model::Direction::outbound);
  CHECK(rule.access == model::Access::deny);
  CHECK(rule.protocol == model::Protocol::udp);
}

TEST_CASE("loader: a non-ASCII character after a line-ending backslash stays in the string",
          "[model][loader]") {
  // TOML++ 3.3.0 reached undefined behaviour here (its issue #190): model/toml.hpp.
  auto net = load_ok(
      "name = \"continued\"\ndescription = \"\"\"spoke \\\n   \u00a7 4.2\"\"\"\n"
      "[[vnet]]\nname = \"v\"\naddressSpace = [\"10.0.0.0/16\"]\n");
  CHECK(net.description == "spoke \u00a7 4.2");
}

TEST_CASE("loader: egress objects, appliances and gateways round-trip", "[model][loader]") {
  auto net = load_ok(every_kind);
  CHECK(net.nat_gateways.at(0).public_ip_addresses == std::vector<std::string>{"pip-nat"});
  CHECK(net.public_ips.at(0).ip_address->to_string() == "20.1.1.1");
  CHECK_FALSE(net.public_ips.at(1).ip_address.has_value());
  const auto& lb = net.load_balancers.at(0);
  CHECK(lb.is_public);
  CHECK(lb.outbound_rules.at(0).protocol == model::LbProtocol::tcp);
  CHECK(lb.outbound_rules.at(0).backend_node_pools == std::vector<std::string>{"system"});
  CHECK(net.appliances.at(0).behavior == model::ApplianceBehavior::forward_all);
  CHECK(net.gateways.at(0).learned_prefixes.at(0).to_string() == "192.168.0.0/16");
}

TEST_CASE("loader: the firewall policy round-trips with collections and rule types", "[model][loader]") {
  auto net = load_ok(every_kind);
  const auto& fw = net.firewalls.at(0);
  CHECK(fw.dns_proxy);
  CHECK(fw.snat_private_ranges.size() == 1);
  const auto& group = fw.rule_collection_groups.at(0);
  REQUIRE(group.rule_collections.size() == 3);
  CHECK(group.rule_collections[0].allow);
  CHECK_FALSE(group.rule_collections[1].allow);
  CHECK(group.rule_collections[2].is_nat);
  const auto& ntp = group.rule_collections[0].rules[0];
  CHECK(ntp.destination_fqdns == std::vector<std::string>{"ntp.ubuntu.com"});
  CHECK(ntp.ip_protocols == std::vector<model::FirewallProtocol>{model::FirewallProtocol::udp});
  const auto& aks = group.rule_collections[1].rules[0];
  CHECK(aks.rule_type == model::RuleType::application);
  CHECK(aks.fqdn_tags == std::vector<std::string>{"AzureKubernetesService"});
  CHECK(aks.protocols.size() == 2);
  CHECK(aks.protocols[1].protocol == model::AppProtocol::http);
  CHECK(group.rule_collections[2].rules[0].translated_port == 8443);
}

TEST_CASE("loader: private endpoints, zones, registries, tags and expectations round-trip", "[model][loader]") {
  auto net = load_ok(every_kind);
  const auto& pe = net.private_endpoints.at(0);
  CHECK(pe.private_ip_addresses.size() == 2);
  CHECK(pe.dns_zone_groups == std::vector<std::string>{"privatelink.azurecr.io"});
  const auto& zone = net.private_dns_zones.at(0);
  REQUIRE(zone.virtual_network_links.size() == 2);
  CHECK(zone.virtual_network_links[1].resolution_policy == model::ResolutionPolicy::nx_domain_redirect);
  CHECK(zone.records.at(0).ipv4_address.to_string() == "10.0.6.4");
  const auto& acr = net.registries.at(0);
  CHECK_FALSE(acr.public_network_access);
  CHECK(acr.cache_rules.at(0).name == "aks-managed-mcr");
  CHECK(net.service_tags.at(1).address_prefixes.size() == 2);
  const auto& expect = net.expectations.at(0);
  CHECK(expect.protocol == model::Protocol::tcp);
  CHECK(expect.ports.at(0).low == 443);
  CHECK(expect.variants.size() == 2);
  CHECK(expect.source.line > 100);
}
