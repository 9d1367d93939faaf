// The sweep shares one analysis among variants that materialize to the same network; sharing
// must never change a cell, a verdict or an expectation. Reachability matrices hold the verdicts.
#include <catch2/catch.hpp>


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
