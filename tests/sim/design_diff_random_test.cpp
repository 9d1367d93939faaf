// airgap diff on random designs, judged by the concrete oracle: a path to the internet the diff
// says a change opened has a witness that surely gets out in the design after and cannot in
// the design before; a closed one, the other way round. AIRGAP_DIFF_DESIGNS sets how many
// design pairs (default 1,000).
#include <catch2/catch.hpp>
#include <random>

#include "sim/design_diff.hpp"
#include "sim/oracle/oracle.hpp"
#include "tests/sim/random_design.hpp"
#include "tests/sim/random_edit.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

namespace {

oracle::Fate replayed(const sim::Analysis& side, const std::string& pool, const sim::Packet& w) {
  const oracle::Probe probe{w.src.value, w.dst.value, w.protocol,
                            w.src_port,  w.dst_port,  side.names().representative(w.name)};
  return oracle::run(side.network(), pool, probe);
}

}  // namespace

TEST_CASE("diff: on random designs, each internet path opened or closed replays so in both designs",
          "[sim][diff][property]") {
  std::size_t opened = 0, closed = 0;
  const std::uint32_t pairs = testing::design_count("AIRGAP_DIFF_DESIGNS", 1000);
  for (std::uint32_t seed = 1; seed <= pairs; ++seed) {
    const model::Network before = testing::random_design(seed);
    if (!before.cluster) continue;
    std::mt19937 rng(seed * 15485863u);
    std::optional<model::Network> after = testing::edited_design(before, rng);
    for (int more = 0; after && more < 2; ++more)
      after = testing::edited_design(*after, rng).value_or(*after);
    if (!after) continue;
    const auto names = testing::diff_names(before, *after);
    const auto old_side = testing::diff_side(before, names);
    const auto new_side = testing::diff_side(*after, names);
    for (const auto& change : sim::diff_designs(before, *after, {})) {
      using Kind = sim::PathChange::Kind;
      if (!change.to_internet || change.kind == Kind::possibly_opened) continue;
      INFO("seed " << seed << " pool " << change.pool << " "
                   << (change.kind == Kind::opened ? "opened " : "closed ") << change.summary
                   << ": " << change.witness.witness_text);
      REQUIRE(change.witness.witness);
      const bool now = change.kind == Kind::opened;
      const auto& there = now ? *new_side : *old_side;  // (where the path exists)
      const auto& not_there = now ? *old_side : *new_side;
      CHECK(replayed(there, change.pool, *change.witness.witness).surely_visits("internet"));
      CHECK_FALSE(
          replayed(not_there, change.pool, *change.witness.witness).possibly_visits("internet"));
      ++(now ? opened : closed);
    }
  }
  // The test can fail: edits opened and closed paths.
  CHECK(opened > 10);
  CHECK(closed > 10);
}
