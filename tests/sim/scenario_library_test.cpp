// Every bundled scenario runs as a test: it loads, its expectations hold as written, and every
// witness the engine gives replays through the oracle to the same sink.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>

#include "reports/diagnostic_text.hpp"
#include "sim/cluster_report.hpp"
#include "sim/oracle/oracle.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

TEST_CASE("library: every bundled scenario loads and its expectations hold in every variant they name", "[library]") {
  const auto files = testing::library_scenarios();
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) {
    SECTION(file.filename().string()) {
      auto result = model::load_scenario_file(file.string());
      INFO(reports::render_diagnostics(result, false));
      REQUIRE(result.ok());
      const auto& net = *result.network;
      std::vector<sim::VariantReport> reports;
      if (!net.cluster) {
        reports.push_back(sim::analyze_without_cluster(net));
      } else {
        const auto written = sim::as_written(net);
        for (auto o : model::all_outbound_types) {
          for (auto a : model::all_api_server_modes) {
            const bool as_written = sim::Variant{o, a} == written;
            bool wanted = as_written;
            for (const auto& e : net.expectations) wanted = wanted || sim::expectation_applies(e, {o, a}, false);
            if (wanted) reports.push_back(sim::analyze_variant(net, {o, a}, as_written));
          }
        }
      }
      std::size_t checked = 0;
      for (const auto& r : reports) {
        for (const auto& e : r.expectations) {
          INFO(fmt::format("{} [{}] {} -> {}: expected {}, got {}", file.filename().string(), r.variant.label(),
                           e.expectation.from, e.expectation.to, model::to_string(e.expectation.verdict),
                           e.actual));
          CHECK(e.holds);
          ++checked;
        }
      }
      CHECK(checked >= 1);
    }
  }
}

TEST_CASE("library: every internet witness replays through the oracle", "[library][oracle]") {
  for (const auto& file : testing::library_scenarios()) {
    auto result = model::load_scenario_file(file.string());
    REQUIRE(result.ok());
    const auto& net = *result.network;
    if (!net.cluster) continue;
    sim::Analysis analysis = testing::analysed(net);
    for (const auto& pool : analysis.network().cluster->node_pools) {
      auto v = analysis.evaluate(pool.name, analysis.internet(), sim::PacketSet::all());
      if (v.status != sim::Status::reachable) continue;
      const auto& w = *v.witness;
      oracle::Probe probe{w.src.value, w.dst.value, w.protocol, w.src_port, w.dst_port,
                          analysis.names().representative(w.name)};
      INFO(fmt::format("{}: pool {} witness {}", file.filename().string(), pool.name, v.witness_text));
      CHECK(oracle::run(analysis.network(), pool.name, probe).surely_visits("internet"));
    }
  }
}
