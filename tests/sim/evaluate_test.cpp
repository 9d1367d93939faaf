// Analysis::evaluate's two levels of detail: an answer is the explained verdict without its
// explanation (witness, path, blockers, and where an unreachable verdict's packets stop), on
// every question of random designs and of the bundled scenarios.
#include <catch2/catch.hpp>

#include <map>

#include "sim/analysis.hpp"
#include "sim/cluster_variant.hpp"
#include "tests/sim/random_design.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

namespace {

sim::Verdict without_explanation(sim::Verdict verdict, const sim::Target& target) {
  verdict.witness.reset();
  verdict.witness_text.clear();
  verdict.path.clear();
  // A question decided before any packet moves (NXDOMAIN, refused) keeps its one blocker: it
  // is the answer. Otherwise where packets stop is explanation, summary included.
  if (target.blocked) return verdict;
  verdict.blockers.clear();
  if (verdict.status == sim::Status::unreachable) verdict.summary = "no packet gets there";
  return verdict;
}

// Asks every pool's four questions at both levels, answers first (so the explained verdicts
// reuse the answers' flows, as a re-proof that explains its changes does); returns how many
// verdicts of each status were compared.
std::map<sim::Status, int> compare_levels(const model::Network& design) {
  std::map<sim::Status, int> seen;
  if (!design.cluster) return seen;
  sim::Analysis analysis = testing::analysed(design);
  for (const auto& pool : design.cluster->node_pools) {
    for (const auto& target : {analysis.internet(), analysis.api_server(pool.name), analysis.registry_login(pool.name),
                               analysis.registry_data(pool.name)}) {
      INFO(design.name << " pool " << pool.name << " to " << target.label);
      const auto answer = analysis.evaluate(pool.name, target, sim::PacketSet::all(), sim::Analysis::Detail::answer);
      const auto explained = analysis.evaluate(pool.name, target, sim::PacketSet::all());
      CHECK(answer == without_explanation(explained, target));
      CHECK_FALSE(answer.witness);
      CHECK(answer.path.empty());
      if (explained.status == sim::Status::reachable) CHECK(explained.witness);
      ++seen[answer.status];
    }
  }
  return seen;
}

}  // namespace

TEST_CASE("an answer is the explained verdict without its witness, path and where packets stop", "[sim][evaluate]") {
  std::map<sim::Status, int> seen;
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    for (const auto& [status, count] : compare_levels(testing::random_design(seed))) seen[status] += count;
  }
  for (const auto& file : testing::library_scenarios()) {
    const auto loaded = testing::load_text(testing::read_file(file.string()), file.string());
    if (!loaded.network) continue;
    for (const auto& [status, count] : compare_levels(*loaded.network)) seen[status] += count;
  }
  // Every status was met, so each branch of evaluate was compared (this test can fail).
  CHECK(seen[sim::Status::reachable] > 50);
  CHECK(seen[sim::Status::unreachable] > 50);
  CHECK(seen[sim::Status::unknown] > 5);
}
