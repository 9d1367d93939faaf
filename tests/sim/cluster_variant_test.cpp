// What AKS provisions per outbound type and API-server mode, and what it refuses (§4.2, §8).
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/support/fixtures.hpp"

using namespace airgap;

namespace {

const char* managed = R"(
name = "managed vnet"
[cluster]
name = "aks"
outboundType = "none"
apiServerAccess = "privateLink"
bootstrapArtifactSource = "Cache"
[[cluster.nodePool]]
name = "system"
)";

// One BYO VNet with a private node subnet, artifacts from the cache.
const std::string byo = testing::single_pool({.cluster_attrs = "bootstrapArtifactSource = \"Cache\""});

sim::VariantReport run(std::string_view scenario, model::OutboundType o, model::ApiServerAccess a) {
  auto net = testing::load_ok(scenario);
  return sim::analyze_variant(net, {o, a}, false);
}

}  // namespace

TEST_CASE("variants: a managed VNet with none and Private Link is isolated and bootstraps", "[sim][variants]") {
  auto r = run(managed, model::OutboundType::none, model::ApiServerAccess::private_link);
  CHECK(r.cell == sim::Cell::isolated);
  REQUIRE(r.pools.size() == 1);
  CHECK(r.pools[0].api_server.status == sim::Status::reachable);
  CHECK(r.pools[0].registry_login->status == sim::Status::reachable);
  CHECK(r.pools[0].registry_data->status == sim::Status::reachable);
}

TEST_CASE("variants: loadBalancer adds an outbound rule, so the cluster has egress", "[sim][variants]") {
  auto r = run(managed, model::OutboundType::load_balancer, model::ApiServerAccess::private_link);
  CHECK(r.cell == sim::Cell::egress);
}

TEST_CASE("variants: managedNATGateway attaches a NAT gateway; BYO VNets cannot use it", "[sim][variants]") {
  CHECK(run(managed, model::OutboundType::managed_nat_gateway, model::ApiServerAccess::private_link).cell == sim::Cell::egress);
  auto r = run(byo, model::OutboundType::managed_nat_gateway, model::ApiServerAccess::private_link);
  CHECK(r.cell == sim::Cell::not_deployable);
}

TEST_CASE("variants: block adds NSG rules that stop internet egress; BYO VNets cannot use it", "[sim][variants]") {
  CHECK(run(managed, model::OutboundType::block, model::ApiServerAccess::private_link).cell == sim::Cell::isolated);
  CHECK(run(byo, model::OutboundType::block, model::ApiServerAccess::private_link).cell == sim::Cell::not_deployable);
}

TEST_CASE("variants: userDefinedRouting needs a 0/0 route to an appliance", "[sim][variants]") {
  auto r = run(byo, model::OutboundType::user_defined_routing, model::ApiServerAccess::private_link);
  REQUIRE(r.cell == sim::Cell::not_deployable);
  CHECK(r.reason.find("0.0.0.0/0 route") != std::string::npos);
}

TEST_CASE("variants: userAssignedNATGateway needs the user's NAT gateway on the subnet", "[sim][variants]") {
  CHECK(run(byo, model::OutboundType::user_assigned_nat_gateway, model::ApiServerAccess::private_link).cell ==
        sim::Cell::not_deployable);
  CHECK(run(managed, model::OutboundType::user_assigned_nat_gateway, model::ApiServerAccess::private_link).cell ==
        sim::Cell::not_deployable);
}

TEST_CASE("variants: vnetIntegration on a BYO VNet needs a delegated API server subnet", "[sim][variants]") {
  auto r = run(byo, model::OutboundType::none, model::ApiServerAccess::vnet_integration);
  CHECK(r.cell == sim::Cell::not_deployable);
  auto m = run(managed, model::OutboundType::none, model::ApiServerAccess::vnet_integration);
  CHECK(m.cell == sim::Cell::isolated);
}

TEST_CASE("variants: a public API server needs egress, so with none bootstrap breaks", "[sim][variants]") {
  auto r = run(managed, model::OutboundType::none, model::ApiServerAccess::public_access);
  CHECK(r.cell == sim::Cell::bootstrap_broken);
  CHECK(r.pools[0].api_server.status == sim::Status::unreachable);
}

TEST_CASE("variants: a BYO registry whose zone is not linked breaks the bootstrap chain at DNS", "[sim][variants][bootstrap]") {
  std::string scenario = std::string(byo) + R"(
[[registry]]
name = "acrbyo"
publicNetworkAccess = "Disabled"
[[privateEndpoint]]
name = "pe-acr"
subnet = "v/nodes"
target = "acrbyo"
groupId = "registry"
privateDnsZoneGroups = ["privatelink.azurecr.io"]
[[privateDnsZone]]
name = "privatelink.azurecr.io"
)";
  scenario.replace(scenario.find("bootstrapArtifactSource = \"Cache\""), 33,
                   "bootstrapArtifactSource = \"Cache\"\nregistry = \"acrbyo\"");
  auto r = run(scenario.c_str(), model::OutboundType::none, model::ApiServerAccess::private_link);
  CHECK(r.cell == sim::Cell::bootstrap_broken);
  REQUIRE(r.pools[0].registry_login);
  CHECK(r.pools[0].registry_login->summary.find("public network access disabled") != std::string::npos);
}
