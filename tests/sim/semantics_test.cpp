// One or more tests per row of azure-semantics.md §9 and per outbound precedence rule (§4.1).
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/support/fixtures.hpp"

using namespace airgap;
using testing::appliance_route;
using testing::nat_gateway;
using testing::single_pool;
using testing::verdict;
using testing::with_appliance_subnet;

namespace {

// One pool on a private subnet whose NSG has one outbound Deny rule towards `destination`.
std::string single_pool_denying(const std::string& rule, const std::string& destination) {
  return single_pool({.subnet_attrs = "defaultOutboundAccess = false, networkSecurityGroup = \"nsg\"",
                      .extra = fmt::format(R"(
[[networkSecurityGroup]]
name = "nsg"
securityRules = [{{ name = "{}", priority = 100, direction = "Outbound", access = "Deny", protocol = "*", sourceAddressPrefix = "*", destinationAddressPrefix = "{}", destinationPortRange = "*" }}]
)",
                                           rule, destination)});
}

std::string exit_of(const sim::Verdict& v) {
  REQUIRE(v.status == sim::Status::reachable);
  REQUIRE_FALSE(v.path.empty());
  return v.path.back().description;
}

}  // namespace

TEST_CASE("semantics §9.1: outboundType none with node public IPs still reaches the internet", "[sim][semantics][s9-1]") {
  auto v = verdict(single_pool({.pool_attrs = "enableNodePublicIP = true"}), "system", "internet");
  CHECK(exit_of(v).find("instance-level public IP") != std::string::npos);
}

TEST_CASE("semantics §9.1: outboundType none with a NAT gateway left on the subnet reaches the internet", "[sim][semantics][s9-1]") {
  auto v = verdict(single_pool({.subnet_attrs = "defaultOutboundAccess = false, natGateway = \"nat\"",
                                .extra = nat_gateway}),
                   "system", "internet");
  CHECK(exit_of(v).find("NAT gateway 'nat'") != std::string::npos);
}

TEST_CASE("semantics §9.1: outboundType none on a non-private subnet reaches the internet by default outbound access", "[sim][semantics][s9-1]") {
  auto v = verdict(single_pool({.subnet_attrs = "defaultOutboundAccess = true"}), "system", "internet");
  CHECK(exit_of(v).find("default outbound access") != std::string::npos);
  auto unset = verdict(single_pool({.subnet_attrs = "serviceEndpoints = []"}), "system", "internet");
  CHECK(exit_of(unset).find("not set") != std::string::npos);
}

TEST_CASE("semantics §9.2: next hop Internet on a private subnet without an outbound method is a dead end", "[sim][semantics][s9-2]") {
  auto v = verdict(single_pool({}), "system", "internet");
  REQUIRE(v.status == sim::Status::unreachable);
  CHECK(v.blockers.front().description.find("no outbound method") != std::string::npos);
}

TEST_CASE("semantics §9.2: even a UDR 0/0 -> Internet needs a public source address", "[sim][semantics][s9-2]") {
  auto v = verdict(single_pool({.subnet_attrs = "defaultOutboundAccess = false, routeTable = \"rt\"",
                                .extra = R"(
[[routeTable]]
name = "rt"
routes = [{ name = "out", addressPrefix = "0.0.0.0/0", nextHopType = "Internet" }]
)"}),
                   "system", "internet");
  CHECK(v.status == sim::Status::unreachable);
}

TEST_CASE("semantics §9.6: the VirtualNetwork tag may widen to 0/0 after a 0/0 UDR, so a deny-Internet NSG no longer proves anything", "[sim][semantics][s9-6]") {
  const std::string extra = std::string(appliance_route) + R"(
[[networkSecurityGroup]]
name = "nsg"
securityRules = [{ name = "no-internet", priority = 4000, direction = "Outbound", access = "Deny", protocol = "*", sourceAddressPrefix = "*", destinationAddressPrefix = "Internet", destinationPortRange = "*" }]
)";
  const std::string scenario = with_appliance_subnet(single_pool(
      {.subnet_attrs = "defaultOutboundAccess = false, routeTable = \"rt\", networkSecurityGroup = \"nsg\"", .extra = extra}));
  auto v = verdict(scenario, "system", "internet");
  CHECK(v.status == sim::Status::unknown);
  CHECK_FALSE(v.unknowns.empty());
}

TEST_CASE("semantics §9.6: the Internet tag includes Azure's own public addresses", "[sim][semantics][s9-6]") {
  auto v = verdict(single_pool({.subnet_attrs = "defaultOutboundAccess = true, networkSecurityGroup = \"nsg\"",
                                .extra = R"(
[[networkSecurityGroup]]
name = "nsg"
securityRules = [{ name = "no-internet", priority = 4000, direction = "Outbound", access = "Deny", protocol = "*", sourceAddressPrefix = "*", destinationAddressPrefix = "Internet", destinationPortRange = "*" }]
)"}),
                   "system", "20.60.1.1");  // an Azure Storage public address
  CHECK(v.status == sim::Status::unreachable);
}

TEST_CASE("semantics §9.7: 168.63.129.16 and IMDS answer even when NSGs deny everything", "[sim][semantics][s9-7]") {
  const std::string scenario = single_pool_denying("deny-all", "*");
  CHECK(verdict(scenario, "system", "168.63.129.16").status == sim::Status::reachable);
  CHECK(verdict(scenario, "system", "169.254.169.254").status == sim::Status::reachable);
  CHECK(verdict(scenario, "system", "10.0.0.200").status == sim::Status::unreachable);
}

TEST_CASE("semantics §3: an NSG rule naming AzurePlatformDNS can block 168.63.129.16; other rules cannot", "[sim][semantics][s9-7]") {
  const std::string scenario = single_pool_denying("no-azure-dns", "AzurePlatformDNS");
  CHECK(verdict(scenario, "system", "168.63.129.16").status == sim::Status::unreachable);
  CHECK(verdict(scenario, "system", "169.254.169.254").status == sim::Status::reachable);
}

TEST_CASE("semantics §9.9: a UDR to an appliance outranks a NAT gateway on the same subnet", "[sim][semantics][s9-9]") {
  auto v = verdict(single_pool({.subnet_attrs = "defaultOutboundAccess = false, natGateway = \"nat\", routeTable = \"rt\"",
                                .extra = std::string(nat_gateway) + R"(
[[routeTable]]
name = "rt"
routes = [{ name = "out", addressPrefix = "0.0.0.0/0", nextHopType = "VirtualAppliance", nextHopIpAddress = "10.0.3.200" }]
[[networkVirtualAppliance]]
name = "nva"
subnet = "v/nodes"
privateIpAddress = "10.0.3.200"
behavior = "dropAll"
)"}),
                   "system", "internet");
  CHECK(v.status == sim::Status::unreachable);
  CHECK(v.blockers.front().description.find("appliance 'nva' drops all") != std::string::npos);
}

TEST_CASE("semantics §9.9: a NAT gateway outranks an instance public IP", "[sim][semantics][s9-9]") {
  auto v = verdict(single_pool({.subnet_attrs = "defaultOutboundAccess = false, natGateway = \"nat\"",
                                .pool_attrs = "enableNodePublicIP = true", .extra = nat_gateway}),
                   "system", "internet");
  CHECK(exit_of(v).find("NAT gateway") != std::string::npos);
}

TEST_CASE("semantics §9.9: an instance public IP outranks a load balancer outbound rule", "[sim][semantics][s9-9]") {
  auto v = verdict(single_pool({.pool_attrs = "enableNodePublicIP = true", .outbound = "loadBalancer"}),
                   "system", "internet");
  CHECK(exit_of(v).find("instance-level public IP") != std::string::npos);
}

TEST_CASE("semantics §9.9: a load balancer outbound rule outranks default outbound access", "[sim][semantics][s9-9]") {
  auto v = verdict(single_pool({.subnet_attrs = "defaultOutboundAccess = true", .outbound = "loadBalancer"}),
                   "system", "internet");
  CHECK(exit_of(v).find("outbound rule 'aksOutboundRule'") != std::string::npos);
}

TEST_CASE("semantics §4.1: default outbound access carries no ICMP", "[sim][semantics]") {
  auto scenario = single_pool({.subnet_attrs = "defaultOutboundAccess = true"});
  auto network = testing::load_ok(scenario);
  auto mv = sim::materialize(network, sim::as_written(network));
  sim::Analysis analysis(std::move(mv.network), mv.endpoints);
  auto icmp = analysis.evaluate("system", analysis.internet(), sim::PacketSet::protocol(sim::ip_proto::icmp));
  CHECK(icmp.status == sim::Status::unreachable);
}

TEST_CASE("semantics ⚠g: ICMP through a NAT gateway is unknown, TCP is certain", "[sim][semantics]") {
  auto network = testing::load_ok(single_pool({.subnet_attrs = "defaultOutboundAccess = false, natGateway = \"nat\"",
                                                .extra = nat_gateway}));
  auto mv = sim::materialize(network, sim::as_written(network));
  sim::Analysis analysis(std::move(mv.network), mv.endpoints);
  auto icmp = analysis.evaluate("system", analysis.internet(), sim::PacketSet::protocol(sim::ip_proto::icmp));
  CHECK(icmp.status == sim::Status::unknown);
  auto tcp = analysis.evaluate("system", analysis.internet(), sim::PacketSet::protocol(sim::ip_proto::tcp));
  CHECK(tcp.status == sim::Status::reachable);
}

TEST_CASE("semantics §9.10: allowVirtualNetworkAccess = false does not block traffic allowed by address", "[sim][semantics][s9-10]") {
  auto v = verdict(R"(
name = "peering flags"
[[vnet]]
name = "a"
addressSpace = ["10.1.0.0/16"]
subnets = [{ name = "s", addressPrefix = "10.1.0.0/24", networkSecurityGroup = "nsg" }]
peerings = [{ remoteVirtualNetwork = "b", allowVirtualNetworkAccess = false }]
[[vnet]]
name = "b"
addressSpace = ["10.2.0.0/16"]
subnets = [{ name = "s", addressPrefix = "10.2.0.0/24" }]
peerings = [{ remoteVirtualNetwork = "a", allowVirtualNetworkAccess = false }]
[[networkSecurityGroup]]
name = "nsg"
securityRules = [{ name = "to-b", priority = 100, direction = "Outbound", access = "Allow", protocol = "*", sourceAddressPrefix = "*", destinationAddressPrefix = "10.2.0.0/16", destinationPortRange = "*" }]
)", "a/s", "b/s");
  CHECK(v.status == sim::Status::reachable);
}

TEST_CASE("semantics: an unmodelled appliance makes the verdict unknown, never unreachable", "[sim][semantics][soundness]") {
  auto v = verdict(single_pool({.subnet_attrs = "defaultOutboundAccess = false, routeTable = \"rt\"",
                                .extra = R"(
[[routeTable]]
name = "rt"
routes = [{ name = "out", addressPrefix = "0.0.0.0/0", nextHopType = "VirtualAppliance", nextHopIpAddress = "10.9.9.9" }]
)"}),
                   "system", "internet");
  CHECK(v.status == sim::Status::unknown);
  REQUIRE_FALSE(v.unknowns.empty());
  CHECK(v.unknowns.front().find("10.9.9.9") != std::string::npos);
}

TEST_CASE("semantics: a service tag without prefixes makes a verdict that depends on it unknown", "[sim][semantics][soundness]") {
  auto v = verdict(single_pool({.subnet_attrs = "defaultOutboundAccess = true, networkSecurityGroup = \"nsg\"",
                                .extra = R"(
[[networkSecurityGroup]]
name = "nsg"
securityRules = [
  { name = "cloud", priority = 100, direction = "Outbound", access = "Allow", protocol = "*", sourceAddressPrefix = "*", destinationAddressPrefix = "AzureCloud", destinationPortRange = "*" },
  { name = "deny", priority = 200, direction = "Outbound", access = "Deny", protocol = "*", sourceAddressPrefix = "*", destinationAddressPrefix = "*", destinationPortRange = "*" },
]
)"}),
                   "system", "internet");
  CHECK(v.status == sim::Status::unknown);
  bool named = false;
  for (const auto& u : v.unknowns) named = named || u.find("AzureCloud") != std::string::npos;
  CHECK(named);
}

TEST_CASE("semantics §9.5: a service endpoint route cannot be overridden, even by a more specific UDR", "[sim][semantics][s9-5]") {
  const std::string scenario = single_pool({.subnet_attrs = "defaultOutboundAccess = true, serviceEndpoints = [\"Microsoft.Storage\"], routeTable = \"rt\"",
                                            .extra = R"(
[[serviceTag]]
name = "Storage.westeurope"
addressPrefixes = ["20.60.0.0/16"]
[[routeTable]]
name = "rt"
routes = [{ name = "blackhole-storage", addressPrefix = "20.60.1.0/24", nextHopType = "None" }]
)"});
  auto network = testing::load_ok(scenario);
  auto mv = sim::materialize(network, sim::as_written(network));
  sim::Analysis analysis(std::move(mv.network), mv.endpoints);
  auto to_storage = analysis.evaluate("system", analysis.parse_target("system", "20.60.1.10"), sim::PacketSet::all());
  REQUIRE(to_storage.status == sim::Status::reachable);
  CHECK(to_storage.path.back().description.find("service endpoint route 20.60.0.0/16") != std::string::npos);
  // ...and the service is not the internet: the endpoint keeps it on the backbone.
  auto internet = analysis.evaluate("system", analysis.internet(), sim::PacketSet::dst(*model::parse_prefix("20.60.1.10", true).value));
  CHECK(internet.status == sim::Status::unreachable);
}
