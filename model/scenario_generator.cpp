#include "model/scenario_generator.hpp"

#include <fmt/format.h>

#include <random>

#include "model/ip.hpp"

namespace airgap::model {

namespace {

// Spoke i owns 10.16.0.0/22 + i: room for 5,000+ spokes inside 10.0.0.0/8.
Prefix spoke_space(int i) {
  return Prefix{Ipv4{0x0A100000u + static_cast<std::uint32_t>(i) * 1024u}, 22};
}
Prefix sub(const Prefix& p, std::uint32_t offset, std::uint8_t length) {
  return Prefix{Ipv4{p.first() + offset}, length};
}

enum class Egress { firewall, nat_gateway, public_ip };
Egress egress_of(int i) { return static_cast<Egress>(i % 3); }

void hub(std::string& out, const GeneratorOptions& o) {
  out += "[[vnet]]\nname = \"vnet-hub\"\naddressSpace = [\"10.0.0.0/16\"]\n";
  out += "subnets = [\n";
  out += "  { name = \"AzureFirewallSubnet\", addressPrefix = \"10.0.0.0/26\" },\n";
  out += "  { name = \"snet-apiserver\", addressPrefix = \"10.0.1.0/28\", delegations = "
         "[\"Microsoft.ContainerService/managedClusters\"], defaultOutboundAccess = false },\n";
  out += "  { name = \"snet-pe\", addressPrefix = \"10.0.2.0/24\", defaultOutboundAccess = false },\n";
  out += "]\n";
  for (int i = 0; i < o.spokes; ++i) {
    out += fmt::format("[[vnet.peerings]]\nremoteVirtualNetwork = \"vnet-spoke-{}\"\n"
                       "allowForwardedTraffic = true\n", i);
  }
  out += "\n[[publicIpAddress]]\nname = \"pip-fw\"\nipAddress = \"20.50.0.1\"\n\n";
}

void firewall(std::string& out, const GeneratorOptions& o, std::mt19937& rng) {
  out += "[[firewall]]\nname = \"fw-hub\"\nsubnet = \"vnet-hub/AzureFirewallSubnet\"\n"
         "privateIpAddress = \"10.0.0.4\"\npublicIpAddresses = [\"pip-fw\"]\nenableDnsProxy = true\n";
  out += "[[firewall.ruleCollectionGroups]]\nname = \"rcg-platform\"\npriority = 200\n";
  const int network_rules = o.firewall_rules / 2;
  const int app_rules = o.firewall_rules - network_rules;
  out += "[[firewall.ruleCollectionGroups.ruleCollections]]\nname = \"net-allow\"\npriority = 100\n"
         "action = \"Allow\"\n";
  for (int r = 0; r < network_rules; ++r) {
    std::uint32_t octet = o.distinct ? static_cast<std::uint32_t>(rng() % 200 + 1) : static_cast<std::uint32_t>(r % 8) + 1;
    out += fmt::format("[[firewall.ruleCollectionGroups.ruleCollections.rules]]\nname = \"net-{}\"\n"
                       "ruleType = \"NetworkRule\"\nipProtocols = [\"TCP\"]\n"
                       "sourceAddresses = [\"10.0.0.0/8\"]\ndestinationAddresses = [\"52.{}.{}.0/24\"]\n"
                       "destinationPorts = [\"{}\"]\n",
                       r, octet, r % 250, 8000 + (o.distinct ? r : r % 16));
  }
  out += "[[firewall.ruleCollectionGroups.ruleCollections]]\nname = \"app-allow\"\npriority = 200\n"
         "action = \"Allow\"\n";
  out += "[[firewall.ruleCollectionGroups.ruleCollections.rules]]\nname = \"aks\"\n"
         "ruleType = \"ApplicationRule\"\nsourceAddresses = [\"10.0.0.0/8\"]\nfqdnTags = "
         "[\"AzureKubernetesService\"]\nprotocols = [{ protocolType = \"Https\", port = 443 }]\n";
  for (int r = 1; r < app_rules; ++r) {
    out += fmt::format("[[firewall.ruleCollectionGroups.ruleCollections.rules]]\nname = \"app-{}\"\n"
                       "ruleType = \"ApplicationRule\"\nsourceAddresses = [\"10.0.0.0/8\"]\n"
                       "targetFqdns = [\"svc{}.example.com\"]\nprotocols = [{{ protocolType = "
                       "\"Https\", port = 443 }}]\n",
                       r, o.distinct ? r : r % 32);
  }
  out += "\n";
}

bool heavy(const GeneratorOptions& o, int i) { return o.heavy_every > 0 && i % o.heavy_every == o.heavy_every - 1; }

void nsg(std::string& out, const GeneratorOptions& o, int i, std::mt19937& rng) {
  out += fmt::format("[[networkSecurityGroup]]\nname = \"nsg-spoke-{}\"\n", i);
  const int tmpl = i % 4;
  const int rules = (heavy(o, i) ? o.heavy_rules : o.rules_per_nsg) + (i == o.perturb_spoke ? 1 : 0);
  for (int r = 0; r < rules; ++r) {
    const bool deny = (r % 5) == 4;
    std::uint32_t a = o.distinct ? static_cast<std::uint32_t>(rng() % 250 + 1) : static_cast<std::uint32_t>(tmpl * 10 + r % 10);
    std::uint32_t port = o.distinct ? static_cast<std::uint32_t>(rng() % 60000 + 1024) : static_cast<std::uint32_t>(1000 + tmpl * 100 + r);
    const bool perturbed = i == o.perturb_spoke && r == rules - 1;
    out += fmt::format(
        "[[networkSecurityGroup.securityRules]]\nname = \"r{}\"\npriority = {}\ndirection = "
        "\"Outbound\"\naccess = \"{}\"\nprotocol = \"{}\"\nsourceAddressPrefix = \"*\"\n"
        "destinationAddressPrefix = \"{}\"\ndestinationPortRange = \"{}\"\n",
        r, 100 + r, deny && !perturbed ? "Deny" : "Allow", r % 2 == 0 ? "Tcp" : "Udp",
        perturbed ? "Internet" : fmt::format("40.{}.{}.0/24", a, r % 250),
        perturbed ? std::string("*") : std::to_string(port));
  }
  out += "\n";
}

void route_table(std::string& out, const GeneratorOptions& o, int i) {
  out += fmt::format("[[routeTable]]\nname = \"rt-spoke-{}\"\n", i);
  const bool to_firewall = egress_of(i) == Egress::firewall;
  int written = 0;
  if (to_firewall && (heavy(o, i) ? o.heavy_routes : o.routes_per_table) > 0) {
    out += "[[routeTable.routes]]\nname = \"default\"\naddressPrefix = \"0.0.0.0/0\"\n"
           "nextHopType = \"VirtualAppliance\"\nnextHopIpAddress = \"10.0.0.4\"\n";
    ++written;
  }
  const int routes = heavy(o, i) ? o.heavy_routes : o.routes_per_table;
  for (int r = written; r < routes; ++r) {
    // Distinct /24s inside 172.16.0.0/12 (4,096 of them), so no table repeats a prefix.
    const int block = o.distinct ? (i * 7 + r) % 4096 : r;
    out += fmt::format("[[routeTable.routes]]\nname = \"r{}\"\naddressPrefix = \"172.{}.{}.0/24\"\n"
                       "nextHopType = \"{}\"{}\n",
                       r, 16 + block / 256, block % 256, to_firewall ? "VirtualAppliance" : "None",
                       to_firewall ? "\nnextHopIpAddress = \"10.0.0.4\"" : "");
  }
  out += "\n";
}

void spoke(std::string& out, const GeneratorOptions& o, int i, std::mt19937& rng) {
  const Prefix space = spoke_space(i);
  const Egress egress = egress_of(i);
  out += fmt::format("[[vnet]]\nname = \"vnet-spoke-{}\"\naddressSpace = [\"{}\"]\n", i,
                     space.to_string());
  out += fmt::format("subnets = [\n  {{ name = \"snet-nodes\", addressPrefix = \"{}\", "
                     "networkSecurityGroup = \"nsg-spoke-{}\", routeTable = \"rt-spoke-{}\"{}, "
                     "defaultOutboundAccess = false }},\n  {{ name = \"snet-misc\", addressPrefix = "
                     "\"{}\", defaultOutboundAccess = false }},\n]\n",
                     sub(space, 0, 23).to_string(), i, i,
                     egress == Egress::nat_gateway ? fmt::format(", natGateway = \"natgw-{}\"", i) : "",
                     sub(space, 512, 24).to_string());
  out += "[[vnet.peerings]]\nremoteVirtualNetwork = \"vnet-hub\"\n\n";
  if (egress == Egress::nat_gateway) {
    out += fmt::format("[[publicIpAddress]]\nname = \"pip-natgw-{}\"\n\n[[natGateway]]\nname = "
                       "\"natgw-{}\"\npublicIpAddresses = [\"pip-natgw-{}\"]\n\n", i, i, i);
  }
  nsg(out, o, i, rng);
  route_table(out, o, i);
}

void cluster(std::string& out, const GeneratorOptions& o) {
  out += "[cluster]\nname = \"aks-lz\"\nlocation = \"westeurope\"\noutboundType = \"none\"\n"
         "apiServerAccess = \"vnetIntegration\"\napiServerSubnet = \"vnet-hub/snet-apiserver\"\n"
         "bootstrapArtifactSource = \"Cache\"\nregistry = \"acrlz\"\n";
  for (int i = 0; i < o.spokes; ++i) {
    out += fmt::format("[[cluster.nodePool]]\nname = \"pool-{}\"\nsubnet = \"vnet-spoke-{}/snet-nodes\"\n"
                       "enableNodePublicIP = {}\n",
                       i, i, egress_of(i) == Egress::public_ip ? "true" : "false");
  }
  out += "\n[[registry]]\nname = \"acrlz\"\nsku = \"Premium\"\npublicNetworkAccess = \"Disabled\"\n"
         "cacheRules = [{ name = \"aks-managed-mcr\", sourceRepository = \"mcr.microsoft.com/*\", "
         "targetRepository = \"aks-managed-repository/*\" }]\n\n";
  out += "[[privateEndpoint]]\nname = \"pe-acr\"\nsubnet = \"vnet-hub/snet-pe\"\ntarget = \"acrlz\"\n"
         "groupId = \"registry\"\nprivateDnsZoneGroups = [\"privatelink.azurecr.io\"]\n\n";
  out += "[[privateDnsZone]]\nname = \"privatelink.azurecr.io\"\nvirtualNetworkLinks = [";
  for (int i = 0; i < o.spokes; ++i) out += fmt::format("{}\"vnet-spoke-{}\"", i ? ", " : "", i);
  out += "]\n\n";
}

}  // namespace

std::string generate_hub_and_spoke(const GeneratorOptions& o) {
  std::mt19937 rng(o.seed);
  std::string out;
  out.reserve(static_cast<std::size_t>(o.spokes) * static_cast<std::size_t>(200 + 220 * o.rules_per_nsg));
  out += fmt::format("# generated by airgap generate --spokes {} --rules-per-nsg {} "
                     "--routes-per-table {} --firewall-rules {} --seed {}{}{}\n",
                     o.spokes, o.rules_per_nsg, o.routes_per_table, o.firewall_rules, o.seed,
                     o.distinct ? " --distinct" : "",
                     o.heavy_every > 0 ? fmt::format(" --heavy-every {} --heavy-rules {} --heavy-routes {}",
                                                     o.heavy_every, o.heavy_rules, o.heavy_routes)
                                       : std::string{});
  out += fmt::format("name = \"generated hub-and-spoke, {} spokes\"\n\n", o.spokes);
  cluster(out, o);
  hub(out, o);
  firewall(out, o, rng);
  for (int i = 0; i < o.spokes; ++i) spoke(out, o, i, rng);
  return out;
}

}  // namespace airgap::model
