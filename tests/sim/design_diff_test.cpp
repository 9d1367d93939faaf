// diff --all-variants proves each distinct pair of materialized networks once; what it reports
// for every variant must be what that variant, diffed on its own, reports.
#include <catch2/catch.hpp>

#include "sim/design_diff.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

namespace {

// The fields a reader sees of a change (the witness by its text and path).
std::string seen(const sim::PathChange& c) {
  std::string path;
  for (const auto& hop : c.witness.path) path += hop.from_key + ">" + hop.to_key + ";";
  return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}", c.pool, c.destination, c.variant, static_cast<int>(c.kind),
                     c.summary, c.witness.witness_text, path, static_cast<int>(c.before),
                     static_cast<int>(c.after));
}

}  // namespace

TEST_CASE("diff: every variant's changes equal that variant diffed on its own", "[sim][diff]") {
  // Two designs whose node pool gains public IPs and whose NSGs' deny rules turn to allow:
  // egress opens in some variants and not in others (outbound methods rank differently).
  for (const char* file : {"isolated-byo-acr-vnet-integration.toml", "isolated-managed-acr-private-link.toml"}) {
    const model::Network before = testing::library_design(file);
    model::Network after = before;
    after.cluster->node_pools.front().enable_node_public_ip = true;
    for (auto& nsg : after.nsgs) {
      for (auto& rule : nsg.rules.edit()) rule.access = model::Access::allow;
    }
    const auto all = sim::diff_designs(before, after, sim::DiffOptions{true});
    std::vector<std::string> expected;
    for (auto outbound : model::all_outbound_types) {
      for (auto api : model::all_api_server_modes) {
        for (const auto& c : sim::diff_variant(before, after, sim::Variant{outbound, api})) expected.push_back(seen(c));
      }
    }
    std::vector<std::string> got;
    for (const auto& c : all) got.push_back(seen(c));
    INFO(file);
    CHECK(got == expected);
    CHECK_FALSE(got.empty());
  }
}

namespace {

std::vector<std::string> pools_changed(const std::vector<sim::PathChange>& changes) {
  std::vector<std::string> pools;
  for (const auto& c : changes) {
    if (std::find(pools.begin(), pools.end(), c.pool) == pools.end()) pools.push_back(c.pool);
  }
  return pools;
}

}  // namespace

TEST_CASE("diff: every bundled design diffed against itself changes nothing, unknowns included",
          "[sim][diff]") {
  // leak-nat-gateway-left-on-subnet's ICMP through the NAT gateway is unknown on both sides:
  // the same unknown, not a possibly opened path.
  for (const auto& path : testing::library_scenarios()) {
    const model::Network design = testing::library_design(path.filename().string());
    INFO(path.filename().string());
    CHECK(pools_changed(sim::diff_designs(design, design, sim::DiffOptions{true})).empty());
  }
}

TEST_CASE("diff: an NSG edit in one spoke changes that spoke's pool only", "[sim][diff]") {
  // Every third spoke leaves through a NAT gateway, whose ICMP is unknown in both designs.
  const model::Network before = testing::generated(6, 4, 2, 10, false);
  model::Network after = before;
  auto nsg = std::find_if(after.nsgs.begin(), after.nsgs.end(), [](const auto& n) { return n.name == "nsg-spoke-2"; });
  REQUIRE(nsg != after.nsgs.end());
  for (auto& rule : nsg->rules.edit()) {
    rule.access = model::Access::deny;
    rule.protocol = model::Protocol::any;
  }
  const auto changes = sim::diff_designs(before, after, sim::DiffOptions{});
  CHECK(pools_changed(changes) == std::vector<std::string>{"pool-2"});
}

TEST_CASE("diff: a NAT gateway left on an isolated subnet opens TCP and UDP and possibly ICMP", "[sim][diff]") {
  testing::Pool isolated;
  testing::Pool leaking = isolated;
  leaking.subnet_attrs = "natGateway = \"nat\", defaultOutboundAccess = false";
  isolated.extra = leaking.extra = testing::nat_gateway;
  const auto changes = sim::diff_designs(testing::load_ok(testing::single_pool(isolated)),
                                         testing::load_ok(testing::single_pool(leaking)), sim::DiffOptions{});
  std::vector<sim::PathChange::Kind> internet;
  for (const auto& c : changes) {
    if (c.to_internet) internet.push_back(c.kind);
  }
  CHECK(internet == std::vector{sim::PathChange::Kind::opened, sim::PathChange::Kind::possibly_opened});
}
