// The forwarding graph's source-address contexts: one per distinct rewrite, so a stage rebuilt
// in place (a firewall edit) finds its rewrites again instead of adding new ones.
#include "sim/forwarding_graph.hpp"

#include <catch2/catch.hpp>
#include <random>

#include "sim/analysis.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

TEST_CASE("forwarding graph: an equal context is found again, another is added",
          "[sim][forwarding_graph]") {
  sim::ForwardingGraph graph;
  const sim::SnatContext snat{sim::PacketSet::src(*model::parse_prefix("52.1.1.1/32").value),
                              "SNAT", true};
  const std::size_t first = graph.context_of(snat);
  CHECK(first == 1);  // (0 is the original source)
  CHECK(graph.context_of(snat) == first);
  CHECK(graph.context_of({snat.source, "another", true}) == first + 1);
  CHECK(graph.context_of({snat.source, "SNAT", false}) == first + 2);
  CHECK(graph.context_of({sim::PacketSet::all(), "SNAT", true}) == first + 3);
  CHECK(graph.contexts.size() == first + 4);
}

TEST_CASE("forwarding graph: firewall edits keep the firewall's rewrites where they were",
          "[sim][forwarding_graph]") {
  model::Network design = testing::generated(4, 4, 2, 12, false);
  sim::Analysis analysis = testing::analysed(design);
  const auto contexts = analysis.graph().contexts.size();
  REQUIRE(contexts >= 3);  // (the original source and the firewall's two rewrites)
  for (int round = 0; round < 5; ++round) {
    auto& collection =
        design.firewalls.front().rule_collection_groups.front().rule_collections.front();
    collection.allow = !collection.allow;
    REQUIRE(analysis.replace_firewall(design.firewalls.front()));
    CHECK(analysis.graph().contexts.size() == contexts);
  }
}
