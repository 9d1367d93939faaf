#include "sim/reachability.hpp"

#include <algorithm>
#include <deque>

namespace airgap::sim {

const TriSet& EdgeView::constraint(const Edge& edge, std::size_t context) {
  if (context == 0 && !edge.gate) return edge.constraint;
  auto key = std::make_pair(&edge, context);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  if (context == 0) return cache_.emplace(key, packets_of(edge)).first->second;
  // After a rewrite to one of several addresses, a packet surely passes only if every
  // candidate source passes, and possibly passes if some does.
  const SnatContext& ctx = graph_.contexts[context];
  const TriSet& passes = constraint(edge, 0);
  const PacketSet may = (passes.may & ctx.source).forget(Field::src_ip);
  const PacketSet must = ctx.single ? (passes.must & ctx.source).forget(Field::src_ip)
                                    : ~((ctx.source - passes.must).forget(Field::src_ip));
  TriSet adjusted{must, may};
  return cache_.emplace(key, adjusted).first->second;
}

bool EdgeView::admits(const Edge& edge, std::size_t context, const Packet& packet) {
  if (context != 0) return constraint(edge, context).must.contains(packet);
  return edge.constraint.must.contains(packet) && (!edge.gate || edge.gate->packets().must.contains(packet));
}

void EdgeView::forget(const Edge& edge) {
  cache_.erase(cache_.lower_bound({&edge, 0}), cache_.lower_bound({&edge + 1, 0}));
}

TriSet FlowResult::at(VertexId vertex) const {
  TriSet out;
  for (auto it = states.lower_bound(StateKey{vertex, 0});
       it != states.end() && it->first.vertex == vertex; ++it) {
    out |= it->second;
  }
  return out & source_filter;
}

bool reach_survives(const ForwardingGraph& graph, VertexId rebuilt, const std::vector<VertexId>& targets,
                    const std::vector<bool>& reaches, const std::vector<bool>& into) {
  if (std::find(targets.begin(), targets.end(), rebuilt) != targets.end()) return true;
  if (!reaches[rebuilt]) return false;
  for (auto [e, end] = boost::out_edges(rebuilt, graph.graph); e != end; ++e) {
    const VertexId w = boost::target(*e, graph.graph);
    if (reaches[w] && !into[w]) return true;
  }
  return false;
}

std::vector<bool> can_reach(const ForwardingGraph& graph, const std::vector<VertexId>& targets) {
  const auto n = boost::num_vertices(graph.graph);
  std::vector<std::vector<VertexId>> reverse(n);
  for (VertexId u = 0; u < n; ++u) {
    for (auto [e, end] = boost::out_edges(u, graph.graph); e != end; ++e) {
      reverse[boost::target(*e, graph.graph)].push_back(u);
    }
  }
  std::vector<bool> seen(n, false);
  std::deque<VertexId> queue(targets.begin(), targets.end());
  for (auto t : targets) seen[t] = true;
  while (!queue.empty()) {
    VertexId v = queue.front();
    queue.pop_front();
    for (VertexId u : reverse[v]) {
      if (!seen[u]) {
        seen[u] = true;
        queue.push_back(u);
      }
    }
  }
  return seen;
}

namespace {

// What of `delta` crosses `edge`. A gated edge from the original header is narrowed by its
// ungated part first and by its gate only if something is left: its full constraint (an
// NSG-sized set) is never formed for a flow, and most flows stop at the small part.
TriSet crossing(EdgeView& view, const Edge& edge, std::size_t context, const TriSet& delta) {
  if (!edge.gate || context != 0) return delta & view.constraint(edge, context);
  const TriSet narrowed = delta & edge.constraint;
  return narrowed.is_empty() ? narrowed : narrowed & edge.gate->packets();
}

// Whether what crosses `edge` surely crosses it, asked of a gated edge's parts (its full
// constraint is not formed just to find it exact).
bool surely_exact(EdgeView& view, const Edge& edge, std::size_t context) {
  if (edge.gate && context == 0) return edge.constraint.is_exact() && edge.gate->packets().is_exact();
  return view.constraint(edge, context).is_exact();
}

}  // namespace

FlowResult propagate(const ForwardingGraph& graph, EdgeView& view, VertexId source,
                     const TriSet& start, const std::vector<bool>& relevant) {
  FlowResult result;
  if (auto it = graph.source_filters.find(source); it != graph.source_filters.end()) {
    result.source_filter = it->second;
  }
  std::vector<std::pair<const Edge*, StateKey>> met_drops;  // (sorted and made unique at the end)
  std::map<const Edge*, FlowResult::Uncertain> uncertain;
  // First in, first out: a vector read from the front (a flow has a few dozen steps).
  std::vector<std::pair<StateKey, TriSet>> work;
  result.states[StateKey{source, 0}] = start;
  work.emplace_back(StateKey{source, 0}, start);
  for (std::size_t next_work = 0; next_work < work.size(); ++next_work) {
    const StateKey key = work[next_work].first;
    const TriSet delta = std::move(work[next_work].second);
    for (auto [e, end] = boost::out_edges(key.vertex, graph.graph); e != end; ++e) {
      const Edge& edge = graph.graph[*e];
      const VertexId to = boost::target(*e, graph.graph);
      if (edge.is_drop) {
        met_drops.emplace_back(&edge, key);  // the whole state meets it: see FlowResult::drops
        continue;
      }
      if (!relevant[to]) continue;
      const TriSet flow = crossing(view, edge, key.context, delta);
      if (flow.is_empty()) continue;
      // An edge explains an unknown only if it is itself uncertain for what crosses it.
      if (!surely_exact(view, edge, key.context)) {
        if (PacketSet unsure = flow.may - view.constraint(edge, key.context).must; !unsure.is_empty()) {
          auto [it, fresh] = uncertain.try_emplace(&edge, FlowResult::Uncertain{&edge, to, unsure});
          if (!fresh) it->second.packets |= unsure;
        }
      }
      StateKey next{to, edge.snat.value_or(key.context)};
      TriSet& state = result.states[next];
      // What is new here, bound by bound (one operation for exact sets, none on a first visit).
      TriSet fresh = state.is_empty()                         ? flow
                     : flow.is_exact() && state.is_exact()   ? TriSet::exact(flow.must - state.must)
                                                              : TriSet{flow.must - state.must, flow.may - state.may};
      if (fresh.must.is_empty() && fresh.may.is_empty()) continue;
      state |= fresh;
      work.emplace_back(next, std::move(fresh));
    }
  }
  std::sort(met_drops.begin(), met_drops.end());
  met_drops.erase(std::unique(met_drops.begin(), met_drops.end()), met_drops.end());
  result.met_drops = std::move(met_drops);
  for (auto& [edge, crossing] : uncertain) result.uncertain_edges.push_back(std::move(crossing));
  return result;
}

std::vector<std::pair<const Edge*, TriSet>> FlowResult::drops(EdgeView& view) const {
  // A state is the union of the deltas that reached it, so the state narrowed by the edge is
  // the union of what the deltas would have dropped one by one.
  std::map<const Edge*, TriSet> taken;
  for (const auto& [edge, from] : met_drops) {
    TriSet flow = states.at(from) & view.constraint(*edge, from.context);
    if (!flow.is_empty()) taken[edge] |= flow;
  }
  return {taken.begin(), taken.end()};
}

std::vector<FlowResult::Uncertain> FlowResult::uncertain(EdgeView& view) const {
  std::vector<Uncertain> out = uncertain_edges;
  std::map<const Edge*, PacketSet> unsure_drops;
  for (const auto& [edge, from] : met_drops) {
    const TriSet& constraint = view.constraint(*edge, from.context);
    if (constraint.is_exact()) continue;  // what crosses an exact edge crosses it surely
    const PacketSet unsure = (states.at(from) & constraint).may - constraint.must;
    if (!unsure.is_empty()) unsure_drops[edge] |= unsure;
  }
  for (auto& [edge, packets] : unsure_drops) out.push_back(Uncertain{edge, view.graph().drop, packets});
  return out;
}

}  // namespace airgap::sim
