// Effective routes (azure-semantics §1): system routes, reserved None routes, peering,
// longest-prefix match with UDR > BGP > system, and the private-endpoint /32 exceptions.
#include <catch2/catch.hpp>

#include "tests/support/fixtures.hpp"

using namespace airgap;
using testing::verdict;

namespace {

// A spoke with a VM subnet, peered to a hub holding a private endpoint and an appliance.
std::string hub_and_spoke(const std::string& spoke_routes, const std::string& pe_policies = "Disabled") {
  return R"(
name = "hub and spoke"
[[vnet]]
name = "spoke"
addressSpace = ["10.1.0.0/16"]
subnets = [{ name = "vms", addressPrefix = "10.1.0.0/24", routeTable = "rt", defaultOutboundAccess = false }]
peerings = [{ remoteVirtualNetwork = "hub" }]
[[vnet]]
name = "hub"
addressSpace = ["10.0.0.0/16"]
subnets = [
  { name = "pe", addressPrefix = "10.0.1.0/24", privateEndpointNetworkPolicies = ")" + pe_policies + R"(" },
  { name = "nva", addressPrefix = "10.0.2.0/24" },
]
peerings = [{ remoteVirtualNetwork = "spoke" }]
[[networkVirtualAppliance]]
name = "nva"
subnet = "hub/nva"
privateIpAddress = "10.0.2.4"
behavior = "dropAll"
[[registry]]
name = "acr"
[[privateEndpoint]]
name = "pe-acr"
subnet = "hub/pe"
target = "acr"
groupId = "registry"
privateIpAddresses = ["10.0.1.4", "10.0.1.5"]
[[routeTable]]
name = "rt"
routes = [)" + spoke_routes + R"(]
)";
}

}  // namespace

TEST_CASE("routes: a peered VNet's subnets are reachable through the peering route", "[sim][routes]") {
  auto v = verdict(hub_and_spoke(""), "spoke/vms", "hub/nva");
  CHECK(v.status == sim::Status::reachable);
  REQUIRE_FALSE(v.path.empty());
  CHECK(v.path[1].description.find("peering route 10.0.0.0/16") != std::string::npos);
}

TEST_CASE("routes: RFC 1918 destinations outside the VNet and its peers hit the None route", "[sim][routes][s9-3]") {
  auto v = verdict(hub_and_spoke(""), "spoke/vms", "172.20.0.5");
  CHECK(v.status == sim::Status::unreachable);
  REQUIRE_FALSE(v.blockers.empty());
  CHECK(v.blockers.front().description.find("172.16.0.0/12 -> None") != std::string::npos);
}

TEST_CASE("routes: a 0/0 UDR to an appliance removes the None routes, sending RFC 1918 there (§9 row 3)", "[sim][routes][s9-3]") {
  auto v = verdict(hub_and_spoke(R"({ name = "default", addressPrefix = "0.0.0.0/0", nextHopType = "VirtualAppliance", nextHopIpAddress = "10.0.2.4" })"),
                   "spoke/vms", "172.20.0.5");
  CHECK(v.status == sim::Status::unreachable);
  REQUIRE_FALSE(v.blockers.empty());
  CHECK(v.blockers.front().description.find("appliance 'nva' drops all") != std::string::npos);
}

TEST_CASE("routes: a private endpoint /32 beats a 0/0 UDR to an appliance (§9 row 4)", "[sim][routes][s9-4]") {
  auto v = verdict(hub_and_spoke(R"({ name = "default", addressPrefix = "0.0.0.0/0", nextHopType = "VirtualAppliance", nextHopIpAddress = "10.0.2.4" })"),
                   "spoke/vms", "10.0.1.4");
  CHECK(v.status == sim::Status::reachable);
  CHECK(v.path.at(1).description.find("private endpoint route 10.0.1.4/32") != std::string::npos);
}

TEST_CASE("routes: with RouteTableEnabled policies a /16 UDR invalidates the PE /32 (§9 row 4)", "[sim][routes][s9-4]") {
  const std::string udr = R"({ name = "hub", addressPrefix = "10.0.0.0/16", nextHopType = "VirtualAppliance", nextHopIpAddress = "10.0.2.4" })";
  auto disabled = verdict(hub_and_spoke(udr, "Disabled"), "spoke/vms", "10.0.1.4");
  CHECK(disabled.status == sim::Status::reachable);
  auto enabled = verdict(hub_and_spoke(udr, "RouteTableEnabled"), "spoke/vms", "10.0.1.4");
  CHECK(enabled.status == sim::Status::unreachable);
}

TEST_CASE("routes: a 0/0 UDR never invalidates a PE /32, even with route table policies", "[sim][routes][s9-4]") {
  auto v = verdict(hub_and_spoke(R"({ name = "default", addressPrefix = "0.0.0.0/0", nextHopType = "VirtualAppliance", nextHopIpAddress = "10.0.2.4" })",
                                 "RouteTableEnabled"),
                   "spoke/vms", "10.0.1.4");
  CHECK(v.status == sim::Status::reachable);
}

TEST_CASE("routes: a UDR less specific than the PE VNet range leaves the /32 in place", "[sim][routes][s9-4]") {
  auto v = verdict(hub_and_spoke(R"({ name = "wide", addressPrefix = "10.0.0.0/8", nextHopType = "VirtualAppliance", nextHopIpAddress = "10.0.2.4" })",
                                 "Enabled"),
                   "spoke/vms", "10.0.1.4");
  CHECK(v.status == sim::Status::reachable);
}

TEST_CASE("routes: a UDR of equal prefix beats the system route (UDR > system)", "[sim][routes]") {
  auto v = verdict(hub_and_spoke(R"({ name = "blackhole", addressPrefix = "10.0.0.0/16", nextHopType = "None" })"),
                   "spoke/vms", "hub/nva");
  CHECK(v.status == sim::Status::unreachable);
  CHECK(v.blockers.front().description.find("user route 'blackhole'") != std::string::npos);
}

TEST_CASE("routes: peering is not transitive", "[sim][routes]") {
  auto v = verdict(R"(
name = "a-b-c"
[[vnet]]
name = "a"
addressSpace = ["10.1.0.0/16"]
subnets = [{ name = "s", addressPrefix = "10.1.0.0/24" }]
peerings = [{ remoteVirtualNetwork = "b" }]
[[vnet]]
name = "b"
addressSpace = ["10.2.0.0/16"]
subnets = [{ name = "s", addressPrefix = "10.2.0.0/24" }]
peerings = [{ remoteVirtualNetwork = "a" }, { remoteVirtualNetwork = "c" }]
[[vnet]]
name = "c"
addressSpace = ["10.3.0.0/16"]
subnets = [{ name = "s", addressPrefix = "10.3.0.0/24" }]
peerings = [{ remoteVirtualNetwork = "b" }]
)", "a/s", "c/s");
  CHECK(v.status == sim::Status::unreachable);
}

TEST_CASE("routes: gateway routes reach subnets unless propagation is disabled; on-premises is unknown", "[sim][routes]") {
  auto scenario = [](bool disable) {
    return std::string(R"(
name = "vpn"
[[vnet]]
name = "v"
addressSpace = ["10.0.0.0/16"]
subnets = [{ name = "s", addressPrefix = "10.0.0.0/24", routeTable = "rt", defaultOutboundAccess = false }, { name = "GatewaySubnet", addressPrefix = "10.0.255.0/27" }]
[[routeTable]]
name = "rt"
disableBgpRoutePropagation = )") + (disable ? "true" : "false") + R"(
[[virtualNetworkGateway]]
name = "vpn"
virtualNetwork = "v"
learnedPrefixes = ["0.0.0.0/0"]
)";
  };
  CHECK(verdict(scenario(false), "v/s", "internet").status == sim::Status::unknown);
  CHECK(verdict(scenario(true), "v/s", "internet").status == sim::Status::unreachable);
}

TEST_CASE("routes: system VNet routes beat a more specific BGP route (§9 row 5)", "[sim][routes][s9-5]") {
  auto v = verdict(R"(
name = "bgp"
[[vnet]]
name = "v"
addressSpace = ["10.0.0.0/16"]
subnets = [{ name = "s", addressPrefix = "10.0.0.0/24" }, { name = "t", addressPrefix = "10.0.1.0/24" }, { name = "GatewaySubnet", addressPrefix = "10.0.255.0/27" }]
[[virtualNetworkGateway]]
name = "vpn"
virtualNetwork = "v"
learnedPrefixes = ["10.0.1.0/24"]
)", "v/s", "v/t");
  CHECK(v.status == sim::Status::reachable);
}
