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

namespace {

// Every edge as text: its ends' keys and its description, in vertex and out-edge order.
std::vector<std::string> edges_of(const sim::ForwardingGraph& graph) {
  std::vector<std::string> out;
  for (auto [v, v_end] = boost::vertices(graph.graph); v != v_end; ++v) {
    for (auto [e, e_end] = boost::out_edges(*v, graph.graph); e != e_end; ++e) {
      out.push_back(graph.graph[*v].key + " -> " + graph.graph[boost::target(*e, graph.graph)].key +
                    ": " + graph.graph[*e].description);
    }
  }
  return out;
}

}  // namespace

TEST_CASE(
    "forwarding graph: a moved graph keeps every vertex, edge and lookup, and can be moved again",
    "[sim][forwarding_graph]") {
  const model::Network design = testing::generated(3, 3, 2, 6, false);
  const sim::Analysis analysis = testing::analysed(design);
  const sim::ForwardingGraph& built = analysis.graph();
  const std::vector<std::string> edges = edges_of(built);
  REQUIRE(edges.size() > 10);

  sim::ForwardingGraph copy = built;
  sim::ForwardingGraph moved(std::move(copy));
  CHECK(edges_of(moved) == edges);
  CHECK(moved.by_key.size() == built.by_key.size());
  CHECK(moved.vertex("internet") == built.internet);

  sim::ForwardingGraph other = testing::analysed(testing::generated(1, 1, 1, 1, false)).graph();
  other = std::move(moved);  // onto a graph with vertices and edges of its own
  CHECK(edges_of(other) == edges);
  CHECK(boost::num_edges(other.graph) == edges.size());
}

TEST_CASE("forwarding graph: a route into a VNet drops only the destinations no subnet of it holds",
          "[sim][forwarding_graph]") {
  // VNet v (10.0.0.0/16) with subnets nodes (10.0.0.0/22) and nva (10.0.8.0/24).
  const model::Network design =
      testing::load_ok(testing::with_appliance_subnet(testing::single_pool({})));
  sim::Analysis analysis = testing::analysed(design);
  const auto& graph = analysis.graph();
  sim::PacketSet dropped;
  std::size_t drops = 0;
  for (auto [v, v_end] = boost::vertices(graph.graph); v != v_end; ++v) {
    for (auto [e, e_end] = boost::out_edges(*v, graph.graph); e != e_end; ++e) {
      const sim::Edge& edge = graph.graph[*e];
      if (!edge.is_drop || !edge.description.ends_with("no subnet holds the destination")) continue;
      dropped |= edge.constraint.may;
      ++drops;
    }
  }
  REQUIRE(drops > 0);
  const auto to = [](const char* prefix) { return sim::PacketSet::dst(testing::prefix(prefix)); };
  CHECK((dropped & to("10.0.0.0/22")).is_empty());
  CHECK((dropped & to("10.0.8.0/24")).is_empty());
  CHECK(to("10.0.200.0/24").subset_of(dropped));
}
