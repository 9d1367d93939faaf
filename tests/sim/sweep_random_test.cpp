// The sweep on the oracle test's random designs: peerings, appliances, NAT gateways, private
// endpoints, firewalls and route tables in every mix. Sharing an analysis among variants
// (replace_variant rebuilding a few stages on one graph) must give every variant the cell and
// verdicts it gets analysed alone. AIRGAP_SWEEP_DESIGNS sets how many designs (default 120).
#include <catch2/catch.hpp>

#include "sim/sweep.hpp"
#include "tests/sim/random_design.hpp"

using namespace airgap;

TEST_CASE(
    "sweep: on random designs every variant's cell and verdicts equal the variant analysed alone",
    "[sim][sweep][property]") {
  std::size_t swept = 0, shared = 0, chained = 0;
  const std::uint32_t designs = testing::design_count("AIRGAP_SWEEP_DESIGNS", 120);
  for (std::uint32_t seed = 1; seed <= designs; ++seed) {
    const model::Network design = testing::random_design(seed);
    if (!design.cluster) continue;
    const auto sweep = sim::sweep_variants(design);
    const auto written = sim::as_written(design);
    ++swept;
    shared += sweep.analyses < sweep.reports.size() ? 1u : 0u;
    chained +=
        sweep.graphs < sweep.analyses ? 1u : 0u;  // (replace_variant put one on another's graph)
    for (const auto& report : sweep.reports) {
      const auto v = report.variant;
      INFO("seed " << seed << " " << v.label());
      const auto alone = sim::analyze_variant(design, v, v == written);
      CHECK(report.cell == alone.cell);
      CHECK(report.reason == alone.reason);
      CHECK(report.pools == alone.pools);  // every verdict: witness, path, blockers, unknowns
    }
  }
  // The test can fail: designs were swept, some shared an analysis among variants, and some
  // put analyses on one graph.
  CHECK(swept * 2 > designs);
  CHECK(shared * 2 > swept);
  CHECK(chained * 2 > swept);
}
