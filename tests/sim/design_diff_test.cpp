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
