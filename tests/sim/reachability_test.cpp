// Flows: where a source's packets get to. The subnet's addresses are applied at the end of a
// flow (ForwardingGraph::source_filters), so the answers must still only hold those packets.
#include <catch2/catch.hpp>

#include <random>

#include "sim/analysis.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

TEST_CASE("flows: every packet a source gets anywhere comes from its own subnet", "[sim][flow]") {
  for (const char* name : {"leak-node-public-ip.toml", "leak-hub-firewall-allow-any.toml",
                           "isolated-byo-acr-vnet-integration.toml"}) {
    sim::Analysis analysis = testing::analysed(testing::library_design(name));
    const auto& net = analysis.network();
    for (const auto& pool : net.cluster->node_pools) {
      INFO(name << " pool " << pool.name);
      const auto subnet = net.find_subnet(pool.subnet);
      REQUIRE(subnet);
      const sim::PacketSet own = sim::PacketSet::src(net.subnet(*subnet).address_prefix);
      const auto& flow = analysis.flow(pool.name);
      std::size_t reached = 0;
      for (const auto& [key, vertex] : analysis.graph().by_key) {
        const sim::TriSet at = flow.at(vertex);
        CHECK((at.may - own).is_empty());
        if (!at.may.is_empty()) ++reached;
      }
      for (const auto& [edge, taken] : flow.drops(analysis.edge_view())) CHECK((flow.dropped(taken).may - own).is_empty());
      CHECK(reached > 1);  // the flow went somewhere: the check above is not vacuous
    }
  }
}

TEST_CASE("flows: a packet from outside the pool's subnet is not among its verdict's packets", "[sim][flow]") {
  sim::Analysis analysis = testing::analysed(testing::library_design("leak-node-public-ip.toml"));
  const auto& pool = analysis.network().cluster->node_pools.front();
  const sim::TriSet reach = analysis.reach(pool.name, analysis.internet());
  REQUIRE_FALSE(reach.must.is_empty());
  sim::Packet inside = *reach.must.pick();
  sim::Packet outside = inside;
  outside.src = model::Ipv4{0xC6336401u};  // 198.51.100.1: no subnet of the design
  CHECK(reach.must.contains(inside));
  CHECK_FALSE(reach.may.contains(outside));
}

TEST_CASE("reach_survives keeps only answers that stay true when one stage's out-edges change",
          "[sim][flow]") {
  std::mt19937 rng(17);
  int kept = 0, changed = 0;
  for (int round = 0; round < 4000; ++round) {
    sim::ForwardingGraph g;
    const std::size_t n = 3 + rng() % 8;
    for (std::size_t v = 0; v < n; ++v) boost::add_vertex(g.graph);
    const auto random_edges = [&](sim::VertexId from) {
      for (std::size_t k = rng() % 3; k > 0; --k) boost::add_edge(from, rng() % n, sim::Edge{}, g.graph);
    };
    for (std::size_t v = 0; v < n; ++v) random_edges(v);
    std::vector<sim::VertexId> targets{rng() % n};
    if (rng() % 2 == 0) targets.push_back(rng() % n);
    const sim::VertexId rebuilt = rng() % n;
    const auto before = sim::can_reach(g, targets);
    boost::clear_out_edges(rebuilt, g.graph);
    random_edges(rebuilt);
    const auto into = sim::can_reach(g, {rebuilt});
    const auto after = sim::can_reach(g, targets);
    changed += before != after ? 1 : 0;
    if (sim::reach_survives(g, rebuilt, targets, before, into)) {
      ++kept;
      INFO("round " << round);
      CHECK(after == before);
    }
  }
  // Both kinds occur, so the test can fail (a rule keeping everything does).
  CHECK(kept > 1000);
  CHECK(changed > 200);
}
