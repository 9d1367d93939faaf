// Azure Firewall (azure-semantics §5, §9 row 8): network rules before application rules whatever
// the priorities, first match, default deny, FQDN and FQDN-tag rules, SNAT.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "sim/firewall_memo.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

namespace {

// A spoke routed to a hub firewall; `collections` are the firewall's rule collections (TOML).
std::string spoke_via_firewall(const std::string& collections) {
  return fmt::format(R"(
name = "spoke via firewall"
[[vnet]]
name = "spoke"
addressSpace = ["10.1.0.0/16"]
subnets = [{{ name = "vms", addressPrefix = "10.1.0.0/24", routeTable = "rt", defaultOutboundAccess = false }}]
peerings = [{{ remoteVirtualNetwork = "hub" }}]
[[vnet]]
name = "hub"
addressSpace = ["10.0.0.0/16"]
subnets = [{{ name = "AzureFirewallSubnet", addressPrefix = "10.0.0.0/26" }}, {{ name = "shared", addressPrefix = "10.0.1.0/24", networkSecurityGroup = "nsg-shared" }}]
peerings = [{{ remoteVirtualNetwork = "spoke", allowForwardedTraffic = true }}]
[[networkSecurityGroup]]
name = "nsg-shared"
securityRules = [{{ name = "from-fw-only", priority = 100, direction = "Inbound", access = "Allow", protocol = "*", sourceAddressPrefix = "10.0.0.0/26", destinationAddressPrefix = "*", destinationPortRange = "*" }},
                 {{ name = "deny", priority = 200, direction = "Inbound", access = "Deny", protocol = "*", sourceAddressPrefix = "*", destinationAddressPrefix = "*", destinationPortRange = "*" }}]
[[routeTable]]
name = "rt"
routes = [{{ name = "default", addressPrefix = "0.0.0.0/0", nextHopType = "VirtualAppliance", nextHopIpAddress = "10.0.0.4" }},
          {{ name = "shared", addressPrefix = "10.0.1.0/24", nextHopType = "VirtualAppliance", nextHopIpAddress = "10.0.0.4" }}]
[[publicIpAddress]]
name = "pip-fw"
ipAddress = "20.1.1.1"
[[firewall]]
name = "fw"
subnet = "hub/AzureFirewallSubnet"
privateIpAddress = "10.0.0.4"
publicIpAddresses = ["pip-fw"]
enableDnsProxy = true
[[firewall.ruleCollectionGroups]]
name = "rcg"
priority = 100
{}
)",
                     collections);
}

sim::Verdict ask(const std::string& scenario, const std::string& to, sim::PacketSet restrict) {
  auto network = testing::load_ok(scenario);
  sim::assign_missing_addresses(network);
  sim::Analysis analysis(std::move(network), {}, {"spoke/vms"});
  return analysis.evaluate("spoke/vms", analysis.parse_target("spoke/vms", to), restrict);
}

sim::PacketSet tcp(std::uint16_t port) {
  return sim::PacketSet::protocol(sim::ip_proto::tcp) & sim::PacketSet::dst_ports({port, port});
}

const char* deny_net_high_priority_allow_app = R"(
[[firewall.ruleCollectionGroups.ruleCollections]]
name = "app-first-by-priority"
priority = 100
action = "Allow"
rules = [{ name = "example", ruleType = "ApplicationRule", targetFqdns = ["www.example.com"], protocols = [{ protocolType = "Https", port = 443 }] }]
[[firewall.ruleCollectionGroups.ruleCollections]]
name = "net-deny"
priority = 4000
action = "Deny"
rules = [{ name = "deny-443", ruleType = "NetworkRule", ipProtocols = ["TCP"], destinationAddresses = ["*"], destinationPorts = ["443"] }]
)";

}  // namespace

TEST_CASE("firewall §9.8: network rules decide before application rules whatever the priorities", "[sim][firewall][s9-8]") {
  auto v = ask(spoke_via_firewall(deny_net_high_priority_allow_app), "www.example.com", tcp(443));
  REQUIRE(v.status == sim::Status::unreachable);
  REQUIRE_FALSE(v.blockers.empty());
  CHECK(v.blockers.front().rules.front().first.find("network rule 'deny-443'") != std::string::npos);
}

TEST_CASE("firewall: an application rule lets only its FQDNs through, on its ports", "[sim][firewall]") {
  const std::string scenario = spoke_via_firewall(R"(
[[firewall.ruleCollectionGroups.ruleCollections]]
name = "app"
priority = 100
action = "Allow"
rules = [{ name = "example", ruleType = "ApplicationRule", targetFqdns = ["*.example.com"], protocols = [{ protocolType = "Https", port = 443 }] }]
)");
  auto allowed = ask(scenario, "www.example.com", tcp(443));
  REQUIRE(allowed.status == sim::Status::reachable);
  CHECK(allowed.path.at(2).decided_by.find("application rule 'example'") != std::string::npos);
  CHECK(ask(scenario, "www.example.com", tcp(80)).status == sim::Status::unreachable);
  CHECK(ask(scenario, "example.org", tcp(443)).status == sim::Status::unreachable);
  auto internet = ask(scenario, "internet", sim::PacketSet::all());
  CHECK(internet.summary == "TCP port 443 to *.example.com");
}

TEST_CASE("firewall: the AzureKubernetesService FQDN tag expands to the AKS FQDN list", "[sim][firewall]") {
  const std::string scenario = spoke_via_firewall(R"(
[[firewall.ruleCollectionGroups.ruleCollections]]
name = "aks"
priority = 100
action = "Allow"
rules = [{ name = "aks", ruleType = "ApplicationRule", fqdnTags = ["AzureKubernetesService"], protocols = [{ protocolType = "Https", port = 443 }] }]
)");
  CHECK(ask(scenario, "mcr.microsoft.com", tcp(443)).status == sim::Status::reachable);
  CHECK(ask(scenario, "westeurope.data.mcr.microsoft.com", tcp(443)).status == sim::Status::reachable);
  CHECK(ask(scenario, "github.com", tcp(443)).status == sim::Status::unreachable);
}

TEST_CASE("firewall: no matching rule means the default deny", "[sim][firewall]") {
  auto v = ask(spoke_via_firewall(""), "internet", sim::PacketSet::all());
  REQUIRE(v.status == sim::Status::unreachable);
  CHECK(v.blockers.front().rules.front().first.find("default deny") != std::string::npos);
}

TEST_CASE("firewall: an allow-any network rule opens the internet and the witness names it", "[sim][firewall]") {
  auto v = ask(spoke_via_firewall(R"(
[[firewall.ruleCollectionGroups.ruleCollections]]
name = "net"
priority = 100
action = "Allow"
rules = [{ name = "any", ruleType = "NetworkRule", ipProtocols = ["TCP"], sourceAddresses = ["*"], destinationAddresses = ["*"], destinationPorts = ["*"] }]
)"),
               "internet", sim::PacketSet::all());
  REQUIRE(v.status == sim::Status::reachable);
  bool named = false;
  for (const auto& hop : v.path) named = named || hop.decided_by.find("network rule 'any'") != std::string::npos;
  CHECK(named);
  CHECK(v.path.back().description.find("public IP 'pip-fw' of firewall 'fw'") != std::string::npos);
}

TEST_CASE("firewall §9.8: network rules to private addresses keep the source; application rules SNAT", "[sim][firewall][s9-8]") {
  // hub/shared admits only sources inside AzureFirewallSubnet.
  const std::string network_rule = spoke_via_firewall(R"(
[[firewall.ruleCollectionGroups.ruleCollections]]
name = "net"
priority = 100
action = "Allow"
rules = [{ name = "to-shared", ruleType = "NetworkRule", ipProtocols = ["TCP"], destinationAddresses = ["10.0.1.0/24"], destinationPorts = ["443"] }]
)");
  CHECK(ask(network_rule, "10.0.1.10", tcp(443)).status == sim::Status::unreachable);
  const std::string scenario = spoke_via_firewall(R"(
[[firewall.ruleCollectionGroups.ruleCollections]]
name = "app"
priority = 100
action = "Allow"
rules = [{ name = "shared", ruleType = "ApplicationRule", targetFqdns = ["shared.internal"], protocols = [{ protocolType = "Https", port = 443 }] }]
)");
  auto app = ask(scenario, "10.0.1.10", tcp(443) & sim::PacketSet::all());
  CHECK(app.status == sim::Status::reachable);
}

TEST_CASE("firewall: a deny collection of higher priority shadows a later allow", "[sim][firewall]") {
  auto v = ask(spoke_via_firewall(R"(
[[firewall.ruleCollectionGroups.ruleCollections]]
name = "deny-ssh"
priority = 100
action = "Deny"
rules = [{ name = "ssh", ruleType = "NetworkRule", ipProtocols = ["TCP"], destinationAddresses = ["*"], destinationPorts = ["22"] }]
[[firewall.ruleCollectionGroups.ruleCollections]]
name = "allow-all"
priority = 200
action = "Allow"
rules = [{ name = "all", ruleType = "NetworkRule", ipProtocols = ["Any"], destinationAddresses = ["*"], destinationPorts = ["*"] }]
)"),
               "internet", tcp(22));
  CHECK(v.status == sim::Status::unreachable);
}

TEST_CASE("firewall memo: equal rules share a token, kept details are found by them, a clear makes them stale",
          "[sim][firewall]") {
  sim::FirewallMemo memo;
  model::FirewallRule a;
  a.name = "a";
  a.destination_ports = {model::PortRange{443, 443}};
  model::FirewallRule b = a;
  b.name = "b";
  int evaluated = 0;  // rules evaluated (in the documented reading; each is asked both)
  const auto evaluate = [&](sim::TagWorld world) {
    if (world == sim::TagWorld::documented) ++evaluated;
    return sim::TriSet::exact(sim::PacketSet::dst_ports({443, 443}));
  };
  const void* token_a = nullptr;
  const void* token_again = nullptr;
  const void* token_b = nullptr;
  memo.rule_matches(a, 0, "westeurope", evaluate, &token_a);
  memo.rule_matches(model::FirewallRule(a), 0, "westeurope", evaluate, &token_again);
  memo.rule_matches(b, 0, "westeurope", evaluate, &token_b);
  CHECK(token_a == token_again);  // found by content: a copy is the same rule
  CHECK(token_a != token_b);      // another name is another rule
  CHECK(evaluated == 2);
  int built = 0;
  const auto build = [&] {
    ++built;
    return std::make_shared<const std::vector<sim::Attribution>>();
  };
  const sim::FirewallMemo::DetailsKey key{"c", true, false, {token_a, token_b}};
  const auto first = memo.details(key, build);
  CHECK(memo.details(key, build) == first);
  CHECK(built == 1);
  CHECK(memo.details({"c", false, false, {token_a, token_b}}, build) != first);  // the action is in the key
  const auto generation = memo.generation();
  memo.clear();
  CHECK(memo.generation() != generation);  // tokens taken before are stale: their entries are gone
  CHECK(memo.details(key, build) != first);
  CHECK(built == 3);
}
