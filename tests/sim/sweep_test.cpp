// The sweep shares one analysis among variants that materialize to the same network; sharing
// must never change a cell, a verdict or an expectation. Reachability matrices hold the verdicts.
#include <catch2/catch.hpp>


#include <memory>

#include "model/scenario_loader.hpp"
#include "sim/analysis.hpp"
#include "sim/sweep.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

TEST_CASE("sweep: every cell equals the variant analysed on its own", "[sim][sweep]") {
  for (const auto& file : testing::library_scenarios()) {
    auto loaded = model::load_scenario_file(file.string());
    REQUIRE(loaded.ok());
    const auto& design = *loaded.network;
    if (!design.cluster) continue;
    const auto swept = sim::sweep_variants(design);
    REQUIRE(swept.reports.size() == 18);
    const auto written = sim::as_written(design);
    for (const auto& shared : swept.reports) {
      const auto v = shared.variant;
      const auto alone = sim::analyze_variant(design, v, v == written);
      INFO(file.filename().string() << " " << v.label());
      CHECK(shared.cell == alone.cell);
      CHECK(shared.reason == alone.reason);
      // (the sweep materializes variants without the design's NSGs: findings must not need them)
      REQUIRE(shared.findings.size() == alone.findings.size());
      for (std::size_t i = 0; i < shared.findings.size(); ++i) {
        CHECK(shared.findings[i].id == alone.findings[i].id);
        CHECK(shared.findings[i].message == alone.findings[i].message);
      }
      CHECK(shared.notes == alone.notes);
      CHECK(shared.reachability.codes() == alone.reachability.codes());
      REQUIRE(shared.pools.size() == alone.pools.size());
      for (std::size_t i = 0; i < shared.pools.size(); ++i) {
        CHECK(shared.pools[i].internet.summary == alone.pools[i].internet.summary);
        CHECK(shared.pools[i].internet.witness_text == alone.pools[i].internet.witness_text);
      }
      REQUIRE(shared.expectations.size() == alone.expectations.size());
      for (std::size_t i = 0; i < shared.expectations.size(); ++i) {
        CHECK(shared.expectations[i].holds == alone.expectations[i].holds);
      }
    }
  }
}

TEST_CASE("sweep: on a BYO VNet the outbound types that provision nothing share one analysis", "[sim][sweep]") {
  const auto swept = sim::sweep_variants(testing::library_design("leak-node-public-ip.toml"));
  // Per API mode: loadBalancer adds a load balancer; the other five add nothing on a BYO VNet.
  CHECK(swept.analyses == 6);
  // And all six are one graph: each next network rebuilds only its egress stages or the stages
  // the API server's endpoint shapes.
  CHECK(swept.graphs == 1);
  // Two processes take a chain each.
  CHECK(sim::sweep_variants(testing::library_design("leak-node-public-ip.toml"), 2).graphs == 2);
}

TEST_CASE("replace_variant: each variant put on the previous one's graph answers as a fresh analysis",
          "[sim][sweep]") {
  std::size_t taken = 0, api_only = 0, changed = 0;
  for (const auto& file : testing::library_scenarios()) {
    const auto design = *model::load_scenario_file(file.string()).network;
    if (!design.cluster) continue;
    std::unique_ptr<sim::Analysis> derived;
    std::vector<sim::PoolVerdicts> kept;
    for (auto outbound : {model::OutboundType::load_balancer, model::OutboundType::none}) {
      for (auto api : model::all_api_server_modes) {
        const auto mv = sim::materialize(design, {outbound, api});
        INFO(file.filename().string() << " " << (sim::Variant{outbound, api}).label());
        sim::Analysis fresh(model::Network(mv.network), mv.endpoints);
        const auto expected = sim::pool_verdicts(fresh);
        const auto reproof = derived ? derived->replace_variant(mv.network, mv.endpoints) : std::nullopt;
        if (!reproof) {
          derived = std::make_unique<sim::Analysis>(model::Network(mv.network), mv.endpoints);
          kept = sim::pool_verdicts(*derived);
          continue;
        }
        ++taken;
        api_only += reproof->api_only.size();
        CHECK(derived->network().same_content(mv.network));
        CHECK(sim::pool_verdicts(*derived) == expected);  // the derived graph answers as a fresh one
        // The verdicts kept, with only the named questions asked again, are the fresh ones.
        auto merged = kept;
        for (const auto& pool : sim::pool_verdicts(*derived, reproof->pools)) {
          for (auto& m : merged) {
            if (m.pool == pool.pool) m = pool;
          }
        }
        sim::reprove_api_server(*derived, merged, reproof->api_only);
        changed += !(kept == expected);
        CHECK(merged == expected);
        kept = expected;
      }
    }
  }
  CHECK(taken >= 20);     // the BYO designs put five variants each on one graph
  CHECK(api_only >= 20);  // mostly, only the API server question is asked again
  CHECK(changed >= 10);   // and verdicts do change between variants (this test can fail)
}

TEST_CASE("sweep: on generated hub-and-spoke designs every pool's verdicts equal the variant analysed alone",
          "[sim][sweep]") {
  // The API server's private endpoint lands in spoke 0, peered with the hub whose firewall a
  // third of the spokes route through: replace_variant rebuilds the hub's route lookups there.
  for (const bool distinct : {false, true}) {
    const auto design = testing::generated(6, 12, 3, 16, distinct, 0);
    const auto swept = sim::sweep_variants(design);
    CHECK(swept.graphs == 1);
    const auto written = sim::as_written(design);
    for (const auto& shared : swept.reports) {
      const auto v = shared.variant;
      INFO((distinct ? "distinct " : "templated ") << v.label());
      const auto alone = sim::analyze_variant(design, v, v == written);
      CHECK(shared.cell == alone.cell);
      CHECK(shared.reason == alone.reason);
      CHECK(shared.pools == alone.pools);  // every verdict: witness, path, blockers, unknowns
    }
  }
}

TEST_CASE("a question asked alone gets the verdict it gets sharing a flow with the pool's other three",
          "[sim][sweep]") {
  // reprove_api_server asks only the API-server question: its verdict, unknown reasons
  // included, must not depend on which questions shared the flow.
  std::size_t asked = 0;
  for (const auto& file : testing::library_scenarios()) {
    const auto design = *model::load_scenario_file(file.string()).network;
    if (!design.cluster) continue;
    for (auto api : model::all_api_server_modes) {
      const auto mv = sim::materialize(design, {sim::as_written(design).outbound, api});
      sim::Analysis analysis(model::Network(mv.network), mv.endpoints);
      const auto shared = sim::pool_verdicts(analysis);
      auto alone = shared;
      std::vector<std::string> names;
      for (const auto& pool : shared) names.push_back(pool.pool);
      sim::reprove_api_server(analysis, alone, names);
      INFO(file.filename().string() << " " << model::to_string(api));
      CHECK(alone == shared);
      asked += names.size();
    }
  }
  CHECK(asked >= 30);
}

TEST_CASE("an unknown verdict names only the uncertain edges its own packets crossed", "[sim][sweep]") {
  // The NAT gateway's edge is uncertain for ICMP only (⚠ g), which the internet question asks
  // about; the public API server's TCP 443 meets the AzureCloud tag, which has no prefixes here.
  const auto design = testing::load_ok(testing::single_pool(
      {.subnet_attrs = "defaultOutboundAccess = false, natGateway = \"nat\", networkSecurityGroup = \"nsg\"",
       .outbound = "userAssignedNATGateway",
       .extra = std::string(testing::nat_gateway) + R"(
[[networkSecurityGroup]]
name = "nsg"
securityRules = [
  { name = "icmp", priority = 100, direction = "Outbound", access = "Allow", protocol = "Icmp", sourceAddressPrefix = "*", destinationAddressPrefix = "*", destinationPortRange = "*" },
  { name = "cloud", priority = 110, direction = "Outbound", access = "Allow", protocol = "Tcp", sourceAddressPrefix = "*", destinationAddressPrefix = "AzureCloud", destinationPortRange = "443" },
  { name = "deny", priority = 200, direction = "Outbound", access = "Deny", protocol = "*", sourceAddressPrefix = "*", destinationAddressPrefix = "*", destinationPortRange = "*" },
]
)",
       .api = "public"}));
  sim::Analysis analysis = testing::analysed(design);
  const auto shared = sim::pool_verdicts(analysis);
  REQUIRE(shared.size() == 1);
  const auto& api = shared.front().api_server;
  REQUIRE(api.status == sim::Status::unknown);
  bool tag = false, nat = false;
  for (const auto& u : api.unknowns) {
    tag = tag || u.find("AzureCloud") != std::string::npos;
    nat = nat || u.find("nat-gateway-icmp") != std::string::npos;
  }
  CHECK(tag);
  CHECK_FALSE(nat);  // the flow it shared with the internet question crossed that edge
  auto alone = shared;
  sim::reprove_api_server(analysis, alone, {"system"});
  CHECK(alone == shared);
}

TEST_CASE("replace_variant: a network that differs in anything else is refused, unchanged", "[sim][sweep]") {
  const auto design = testing::library_design("leak-node-public-ip.toml");
  auto pl = sim::materialize(design, {model::OutboundType::none, model::ApiServerAccess::private_link});
  auto edited = design;
  auto& subnet = edited.vnets.front().subnets.front();
  subnet.default_outbound_access = subnet.is_private();  // the other way round
  auto other = sim::materialize(edited, {model::OutboundType::none, model::ApiServerAccess::public_access});
  sim::Analysis analysis(model::Network(pl.network), pl.endpoints);
  CHECK_FALSE(analysis.replace_variant(other.network, other.endpoints));
  CHECK(analysis.network().same_content(pl.network));
}

TEST_CASE("replace_variant: the load-balancer network on the other one's graph gives a fresh analysis's verdicts",
          "[sim][sweep]") {
  // Whether the load balancer changes any verdict, and whether pools are named to ask again.
  // Node public IPs outrank it (§4.1): the egress stage stays as it was, nothing is named. The
  // BYO design's private subnet gets an egress edge, so its pool is named, but its NSG denies
  // the Internet tag first: no verdict changes. The managed VNet's private subnets gain egress.
  struct Case {
    const char* file;
    bool opens;
    bool names;
  };
  const Case cases[] = {{"leak-node-public-ip.toml", false, false},
                        {"isolated-byo-acr-vnet-integration.toml", false, true},
                        {"isolated-managed-acr-private-link.toml", true, true}};
  for (const auto& [file, opens, names] : cases) {
    const auto design = testing::library_design(file);
    const auto api = sim::as_written(design).api;
    auto none = sim::materialize(design, {model::OutboundType::none, api});
    auto lb = sim::materialize(design, {model::OutboundType::load_balancer, api});
    sim::Analysis derived(model::Network(none.network), none.endpoints);
    sim::Analysis fresh(model::Network(lb.network), lb.endpoints);
    const auto before = sim::pool_verdicts(derived);
    const auto reproof = derived.replace_variant(lb.network, lb.endpoints);
    REQUIRE(reproof);
    CHECK(reproof->api_only.empty());  // no target moved: egress changes re-ask whole pools
    const auto named = std::optional{reproof->pools};
    INFO(file);
    const auto expected = sim::pool_verdicts(fresh);
    CHECK(sim::pool_verdicts(derived) == expected);  // the derived graph answers as a fresh one
    // Pools not named keep their verdicts: the named ones, proven again, complete the picture.
    auto merged = before;
    for (const auto& pool : sim::pool_verdicts(derived, *named)) {
      for (auto& m : merged) {
        if (m.pool == pool.pool) m = pool;
      }
    }
    CHECK(merged == expected);
    CHECK(!(before == expected) == opens);
    CHECK(!named->empty() == names);
    CHECK(derived.network().same_content(lb.network));
  }
}

TEST_CASE("reachability matrix: column counts and cell changes, sources matched by name", "[sim][matrix]") {
  using Code = sim::ReachabilityMatrix::Code;
  using sim::Status;
  sim::ReachabilityMatrix before, after;
  before.add("a", {Status::unreachable, Status::reachable, std::nullopt, std::nullopt});
  before.add("b", {Status::reachable, Status::reachable, std::nullopt, std::nullopt});
  after.add("b", {Status::reachable, Status::reachable, std::nullopt, std::nullopt});
  after.add("a", {Status::reachable, Status::unknown, std::nullopt, std::nullopt});
  after.add("c", {Status::unknown, Status::reachable, std::nullopt, std::nullopt});
  CHECK(before.count(sim::Destination::internet, Code::reachable) == 1);
  CHECK(after.count(sim::Destination::internet, Code::reachable) == 2);
  CHECK(after.count(sim::Destination::registry_login, Code::not_asked) == 3);
  const auto changes = sim::ReachabilityMatrix::changes(before, after);
  REQUIRE(changes.size() == 4);
  CHECK(changes[0].source == "a");
  CHECK(changes[0].destination == sim::Destination::internet);
  CHECK(changes[0].before == Code::unreachable);
  CHECK(changes[0].after == Code::reachable);
  CHECK(changes[1].destination == sim::Destination::api_server);
  CHECK(changes[1].after == Code::unknown);
  CHECK(changes[2].source == "c");
  CHECK(changes[2].before == Code::not_asked);
  CHECK(changes[3].source == "c");
  CHECK(changes[3].destination == sim::Destination::api_server);
}
