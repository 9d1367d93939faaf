#include "sim/witness.hpp"

#include <algorithm>
#include <deque>
#include <map>

namespace airgap::sim {

namespace {

constexpr VertexId no_stop = static_cast<VertexId>(-1);

struct Step {
  StateKey from;
  EdgeId edge;
};

Hop make_hop(const ForwardingGraph& graph, const EdgeId& e, const Packet& packet) {
  const Edge& edge = graph.graph[e];
  Hop hop;
  hop.from = graph.graph[boost::source(e, graph.graph)].name;
  hop.to = graph.graph[boost::target(e, graph.graph)].name;
  hop.from_key = graph.graph[boost::source(e, graph.graph)].key;
  hop.to_key = graph.graph[boost::target(e, graph.graph)].key;
  hop.description = edge.description;
  hop.at = edge.source;
  for_each_because(edge, [&](const Attribution& because) {
    if (!because.packets.must.contains(packet)) return;
    const std::optional<Attribution> rule = because.decider_of(packet);
    const Attribution& decider = rule ? *rule : because;
    hop.decided_by += (hop.decided_by.empty() ? "" : "; ") + decider.description;
    if (!hop.decided_at.is_known()) hop.decided_at = decider.source;
  });
  if (edge.snat) hop.snat = graph.contexts[*edge.snat].description;
  return hop;
}

// Breadth-first search over (vertex, context) states for one packet; the first path found is
// among the shortest.
std::map<StateKey, Step> search(const ForwardingGraph& graph, EdgeView& view, VertexId source,
                                const Packet& packet, bool include_drops,
                                std::vector<StateKey>* order, const std::vector<bool>* relevant,
                                VertexId stop_at) {
  std::map<StateKey, Step> parent;
  std::deque<StateKey> queue{StateKey{source, 0}};
  std::map<StateKey, bool> seen{{StateKey{source, 0}, true}};
  while (!queue.empty()) {
    StateKey key = queue.front();
    queue.pop_front();
    if (order) order->push_back(key);
    for (auto [e, end] = boost::out_edges(key.vertex, graph.graph); e != end; ++e) {
      const Edge& edge = graph.graph[*e];
      if (edge.is_drop && !include_drops) continue;
      const VertexId to = boost::target(*e, graph.graph);
      if (relevant != nullptr && !(*relevant)[to]) continue;
      if (!view.admits(edge, key.context, packet)) continue;
      StateKey next{to, edge.snat.value_or(key.context)};
      if (seen[next]) continue;
      seen[next] = true;
      parent.emplace(next, Step{key, *e});
      if (to == stop_at) return parent;  // breadth-first: this path is among the shortest
      queue.push_back(next);
    }
  }
  return parent;
}

std::vector<Hop> unwind(const ForwardingGraph& graph, const std::map<StateKey, Step>& parent,
                        StateKey at, const Packet& packet) {
  std::vector<Hop> hops;
  while (parent.contains(at)) {
    const Step& step = parent.at(at);
    hops.push_back(make_hop(graph, step.edge, packet));
    at = step.from;
  }
  std::reverse(hops.begin(), hops.end());  // (in place: a copy would copy every hop's texts)
  return hops;
}

}  // namespace

std::optional<std::vector<Hop>> trace_path(const ForwardingGraph& graph, EdgeView& view,
                                           VertexId source, VertexId sink, const Packet& packet,
                                           const std::vector<bool>* relevant) {
  auto parent = search(graph, view, source, packet, false, nullptr, relevant, sink);
  for (const auto& [key, step] : parent) {
    if (key.vertex == sink) return unwind(graph, parent, key, packet);
  }
  return std::nullopt;
}

std::vector<Hop> follow_packet(const ForwardingGraph& graph, EdgeView& view, VertexId source,
                               const Packet& packet, VertexId* stopped_at) {
  std::vector<StateKey> order;
  auto parent = search(graph, view, source, packet, true, &order, nullptr, no_stop);
  // The packet's fate is the deepest state with no way on: a sink, or the drop.
  StateKey best = order.front();
  std::size_t best_depth = 0;
  for (const auto& key : order) {
    if (boost::out_degree(key.vertex, graph.graph) != 0 && key.vertex != graph.drop) continue;
    std::size_t depth = unwind(graph, parent, key, packet).size();
    if (depth > best_depth) {
      best = key;
      best_depth = depth;
    }
  }
  if (stopped_at) *stopped_at = best.vertex;
  return unwind(graph, parent, best, packet);
}

}  // namespace airgap::sim
