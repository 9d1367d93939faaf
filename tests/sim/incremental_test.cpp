// Incremental re-proof: after an NSG edit, Analysis::replace_nsg must give exactly the verdicts
// a fresh analysis of the edited design gives, for every pool.
#include <catch2/catch.hpp>

#include <random>

#include "sim/analysis.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

namespace {

// One random single-rule edit: access, port, protocol, destination or direction.
model::Nsg edited(const model::Nsg& nsg, std::mt19937& rng) {
  model::Nsg out = nsg;
  auto& rule = out.rules[rng() % out.rules.size()];
  switch (rng() % 5) {
    case 0: rule.access = rule.access == model::Access::allow ? model::Access::deny : model::Access::allow; break;
    case 1: rule.destination_port_ranges = {model::PortRange{443, 443}}; break;
    case 2: rule.protocol = model::Protocol::any; break;
    case 3: rule.destination_addresses = {model::ServiceTagRef{"Internet"}}; break;
    case 4: rule.direction = model::Direction::inbound; break;  // takes the full-rebuild path
  }
  return out;
}

}  // namespace

TEST_CASE("incremental: verdicts after replace_nsg equal a fresh analysis of the edited design", "[sim][incremental]") {
  for (bool distinct : {false, true}) {
    model::Network design = testing::generated(8, 12, 3, 20, distinct);
    sim::Analysis incremental = testing::analysed(design);
    std::mt19937 rng(distinct ? 5 : 3);
    for (int round = 0; round < 20; ++round) {
      const std::size_t spoke = rng() % design.nsgs.size();
      const model::Nsg updated = edited(design.nsgs[spoke], rng);
      design.nsgs[spoke] = updated;
      const auto changed = incremental.replace_nsg(updated);
      REQUIRE(changed);
      sim::Analysis fresh = testing::analysed(design);
      for (const auto& pool : design.cluster->node_pools) {
        INFO((distinct ? "distinct" : "templated") << " round " << round << " pool " << pool.name);
        const auto a = incremental.evaluate(pool.name, incremental.internet(), sim::PacketSet::all());
        const auto b = fresh.evaluate(pool.name, fresh.internet(), sim::PacketSet::all());
        CHECK(to_string(a.status) == to_string(b.status));
        CHECK(a.summary == b.summary);
        CHECK(a.witness_text == b.witness_text);
        if (a.path.size() == b.path.size()) {
          for (std::size_t h = 0; h < a.path.size(); ++h) CHECK(a.path[h].decided_by == b.path[h].decided_by);
        } else {
          CHECK(a.path.size() == b.path.size());
        }
      }
    }
  }
}

TEST_CASE("incremental: an outbound edit names only the pools behind that NSG", "[sim][incremental]") {
  model::Network design = testing::generated(5, 4, 4, 20, false);
  sim::Analysis analysis = testing::analysed(design);
  model::Nsg updated = *design.find_nsg("nsg-spoke-2");
  updated.rules.front().access = model::Access::deny;
  const auto changed = analysis.replace_nsg(updated);
  REQUIRE(changed);
  CHECK(*changed == std::vector<std::string>{"pool-2"});
  CHECK_FALSE(analysis.replace_nsg(model::Nsg{"no-such-nsg", {}, {}}));
}
