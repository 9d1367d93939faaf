// Incremental re-proof against fresh analyses on the oracle test's random designs: peerings,
// appliances, NAT gateways, private endpoints, firewalls and route tables in every mix. After
// each random edit (an NSG, the firewall or a route table), every question of every pool must
// get the verdict a fresh analysis of the edited design gives, and the pools a replace does not
// name must have kept theirs. AIRGAP_INCREMENTAL_DESIGNS sets how many designs (default 600).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <set>

#include "sim/analysis.hpp"
#include "sim/cluster_report.hpp"
#include "tests/sim/random_design.hpp"
#include "tests/sim/random_edit.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

namespace {

std::uint32_t incremental_designs() {
  return testing::design_count("AIRGAP_INCREMENTAL_DESIGNS", 600);
}

// What the analysis answers for every pool and question, with what a replace said to re-ask:
// the pools not named keep their previous verdicts (so the caller's list must be complete).
struct Reasked {
  std::vector<std::string> pools;
  std::vector<std::string> api_only;
};

std::vector<sim::PoolVerdicts> kept_after(sim::Analysis& analysis,
                                          std::vector<sim::PoolVerdicts> kept,
                                          const Reasked& reasked) {
  for (const auto& pool : sim::pool_verdicts(analysis, reasked.pools)) {
    for (auto& k : kept) {
      if (k.pool == pool.pool) k = pool;
    }
  }
  sim::reprove_api_server(analysis, kept, reasked.api_only);
  return kept;
}

// Where the only rule that differs between two versions of an NSG is, if one does.
std::optional<std::size_t> one_rule_edited(const model::Nsg& before, const model::Nsg& after) {
  const auto changed = testing::changed_rules(before, after);
  if (!changed || changed->size() != 1) return std::nullopt;
  return changed->front();
}

// One random edit of `design` (kept as the fresh analysis sees it), applied to `analysis`
// through its replace API. Returns what the replace named; `kind` says which kind ran.
std::optional<Reasked> random_edit(model::Network& design, sim::Analysis& analysis,
                                   std::mt19937& rng, std::string& kind) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    switch (rng() % 3) {
      case 0:
        if (design.nsgs.empty()) break;
        {
          auto& nsg = design.nsgs[rng() % design.nsgs.size()];
          const model::Nsg before = nsg;
          testing::edit_nsg(nsg, rng, design);
          kind = "nsg " + nsg.name;
          // One rule changed in place: half the time through the one-rule API.
          const auto edited = one_rule_edited(before, nsg);
          auto named = edited && rng() % 2 == 0 ? analysis.replace_security_rule(nsg.name, *edited, nsg.rules[*edited])
                                                : analysis.replace_nsg(nsg);
          if (!named) return std::nullopt;
          return Reasked{*named, {}};
        }
      case 1:
        if (design.firewalls.empty()) break;
        {
          testing::edit_firewall(design.firewalls.front(), rng, design);
          kind = "firewall";
          auto named = analysis.replace_firewall(design.firewalls.front());
          if (!named) return std::nullopt;
          return Reasked{*named, {}};
        }
      default:
        if (design.route_tables.empty()) break;
        {
          auto& table = design.route_tables[rng() % design.route_tables.size()];
          testing::edit_routes(table, rng, design);
          kind = "route table " + table.name;
          auto reproof = analysis.replace_route_table(table);
          if (!reproof) return std::nullopt;
          return Reasked{reproof->pools, reproof->api_only};
        }
    }
  }
  kind.clear();  // nothing to edit in this design
  return Reasked{};
}

std::string hop_text(const sim::Hop& h) {
  return h.from_key + " > " + h.to_key + " (" + h.description + " @" + h.at.to_string() + ") [" +
         h.decided_by + " @" + h.decided_at.to_string() + "]" +
         (h.snat.empty() ? "" : " snat " + h.snat);
}

std::string blocker_text(const sim::Blocker& b) {
  std::string out = b.description + " @" + b.at.to_string() + " {" + b.packets + "}";
  for (const auto& [rule, at] : b.rules) out += " " + rule + " @" + at.to_string();
  return out;
}

// The first field two verdicts differ in, both ways ("" when equal), so a failure shows texts
// rather than Catch's "{?}".
std::string first_difference(const sim::Verdict& a, const sim::Verdict& b) {
  const auto pair = [](const std::string& field, const std::string& x, const std::string& y) {
    return field + "\n  got  " + x + "\n  want " + y + "\n";
  };
  if (a.status != b.status)
    return pair("status", std::string(to_string(a.status)), std::string(to_string(b.status)));
  if (a.summary != b.summary) return pair("summary", a.summary, b.summary);
  if (a.witness_text != b.witness_text) return pair("witness", a.witness_text, b.witness_text);
  for (std::size_t i = 0; i < std::max(a.path.size(), b.path.size()); ++i) {
    const std::string x = i < a.path.size() ? hop_text(a.path[i]) : "(none)";
    const std::string y = i < b.path.size() ? hop_text(b.path[i]) : "(none)";
    if (x != y) return pair("hop " + std::to_string(i), x, y);
  }
  for (std::size_t i = 0; i < std::max(a.blockers.size(), b.blockers.size()); ++i) {
    const std::string x = i < a.blockers.size() ? blocker_text(a.blockers[i]) : "(none)";
    const std::string y = i < b.blockers.size() ? blocker_text(b.blockers[i]) : "(none)";
    if (x != y) return pair("blocker " + std::to_string(i), x, y);
  }
  if (a.unknowns != b.unknowns)
    return pair("unknowns", fmt::format("{}", fmt::join(a.unknowns, "; ")),
                fmt::format("{}", fmt::join(b.unknowns, "; ")));
  if (a.notes != b.notes)
    return pair("notes", fmt::format("{}", fmt::join(a.notes, "; ")),
                fmt::format("{}", fmt::join(b.notes, "; ")));
  return a == b ? "" : "a field the texts do not show\n";
}

std::string differences(const std::vector<sim::PoolVerdicts>& got,
                        const std::vector<sim::PoolVerdicts>& want) {
  if (got.size() != want.size()) return "different pool counts";
  std::string out;
  const auto compare = [&](const std::string& where, const sim::Verdict& a, const sim::Verdict& b) {
    if (const auto d = first_difference(a, b); !d.empty()) out += where + ": " + d;
  };
  for (std::size_t i = 0; i < got.size(); ++i) {
    compare(got[i].pool + " internet", got[i].internet, want[i].internet);
    compare(got[i].pool + " API server", got[i].api_server, want[i].api_server);
    if (got[i].registry_login.has_value() != want[i].registry_login.has_value())
      out += got[i].pool + ": registry questions differ\n";
    if (got[i].registry_login && want[i].registry_login) {
      compare(got[i].pool + " registry login", *got[i].registry_login, *want[i].registry_login);
      compare(got[i].pool + " registry data", *got[i].registry_data, *want[i].registry_data);
    }
  }
  if (out.empty() && !(got == want)) out = "differs outside the verdicts";
  return out;
}

// Which stages can reach the internet or a drop (what prunes every flow), by stage key: an
// incremental analysis keeps these answers across rebuilds where they stay true.
std::string relevance_differences(sim::Analysis& incremental, sim::Analysis& fresh) {
  const auto& mine = incremental.relevant_to({incremental.graph().internet});
  const auto& theirs = fresh.relevant_to({fresh.graph().internet});
  std::string out;
  for (const auto& [key, v] : fresh.graph().by_key) {
    const auto it = incremental.graph().by_key.find(key);
    if (it == incremental.graph().by_key.end()) continue;  // (stages a rebuild left unused)
    if (mine[it->second] != theirs[v]) out += key + (theirs[v] ? " reaches" : " does not reach") + "; ";
  }
  return out;
}

}  // namespace

TEST_CASE(
    "incremental: on random designs, every replace leaves what a fresh analysis of the edit gives",
    "[sim][incremental][property]") {
  std::size_t edits = 0, moved = 0;
  std::set<std::string> kinds;
  for (std::uint32_t seed = 1; seed <= incremental_designs(); ++seed) {
    model::Network design = testing::random_design(seed);
    if (!design.cluster) continue;
    sim::Analysis incremental = testing::analysed(design);
    auto kept = sim::pool_verdicts(incremental);
    std::mt19937 rng(seed * 7919u);
    for (int round = 0; round < 5; ++round) {
      std::string kind;
      const auto reasked = random_edit(design, incremental, rng, kind);
      INFO("seed " << seed << " round " << round << ": " << kind);
      REQUIRE(reasked);  // the edited object exists in the analysed variant
      if (kind.empty()) break;
      kinds.insert(kind.substr(0, kind.find(' ')));
      sim::Analysis fresh = testing::analysed(design);
      const auto expected = sim::pool_verdicts(fresh);
      CHECK(relevance_differences(incremental, fresh) == "");
      CHECK(differences(sim::pool_verdicts(incremental), expected) == "");
      // The pools not named kept verdicts that are still right.
      CHECK(differences(kept_after(incremental, kept, *reasked), expected) == "");
      moved += kept == expected ? 0u : 1u;
      kept = expected;
      ++edits;
    }
  }
  // The test can fail: edits of every kind ran, and some moved verdicts.
  CHECK(kinds == std::set<std::string>{"firewall", "nsg", "route"});
  CHECK(edits > incremental_designs());
  CHECK(moved * 10 > edits);
}

namespace {

// Every pool's four answers (Detail::answer: what a gate compares), in cluster order.
std::vector<sim::Verdict> answers_of(sim::Analysis& analysis) {
  std::vector<sim::Verdict> out;
  for (const auto& pool : analysis.network().cluster->node_pools) {
    for (const auto& target : {analysis.internet(), analysis.api_server(pool.name), analysis.registry_login(pool.name),
                               analysis.registry_data(pool.name)}) {
      out.push_back(analysis.evaluate(pool.name, target, sim::PacketSet::all(), sim::Analysis::Detail::answer));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("incremental: on random designs, answers after each edit equal a fresh analysis's answers",
          "[sim][incremental][property]") {
  std::size_t edits = 0, moved = 0;
  for (std::uint32_t seed = 1; seed <= incremental_designs(); ++seed) {
    model::Network design = testing::random_design(seed);
    if (!design.cluster) continue;
    sim::Analysis incremental = testing::analysed(design);
    auto before = answers_of(incremental);
    std::mt19937 rng(seed * 104729u);
    for (int round = 0; round < 5; ++round) {
      std::string kind;
      REQUIRE(random_edit(design, incremental, rng, kind));
      if (kind.empty()) break;
      INFO("seed " << seed << " round " << round << ": " << kind);
      sim::Analysis fresh = testing::analysed(design);
      const auto expected = answers_of(fresh);
      const auto got = answers_of(incremental);
      REQUIRE(got.size() == expected.size());
      for (std::size_t i = 0; i < got.size(); ++i) CHECK(first_difference(got[i], expected[i]) == "");
      moved += before == expected ? 0u : 1u;
      before = expected;
      ++edits;
    }
  }
  // The test can fail: edits ran, and some moved answers.
  CHECK(edits > incremental_designs());
  CHECK(moved * 20 > edits);
}
