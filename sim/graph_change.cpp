#include "sim/graph_change.hpp"

#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace airgap::sim {

namespace {

bool same_rewrite(const ForwardingGraph& ga, const Edge& a, const ForwardingGraph& gb,
                  const Edge& b) {
  if (!a.snat || !b.snat) return !a.snat && !b.snat;
  const SnatContext& x = ga.contexts[*a.snat];
  const SnatContext& y = gb.contexts[*b.snat];
  return x.source == y.source && x.single == y.single;
}

PacketSet apart(const PacketSet& x, const PacketSet& y) {
  return (x - y) | (y - x);
}

// Whether two edges (of two graphs, leading to stages of one key) could be one edge: the same
// packets before their gates, the same source rewrite, the same own unknowns.
bool partners(const ForwardingGraph& ga, const Edge& a, const ForwardingGraph& gb, const Edge& b) {
  return a.constraint == b.constraint && a.is_drop == b.is_drop && a.unknowns == b.unknowns &&
         same_rewrite(ga, a, gb, b);
}

// Of the packets two partner edges' gates see, those they may treat differently: where the
// bounds part, or all they let through if their unknowns differ. nullopt while either gate's
// packets are not worked out (two designs' gates are of different objects: only their sets
// compare).
std::optional<PacketSet> gate_difference(const Edge& a, const Edge& b) {
  if (!a.gate || !b.gate) return a.gate || b.gate ? PacketSet::all() : PacketSet::none();
  if (a.gate == b.gate) return PacketSet::none();
  const TriSet* x = a.gate->known_packets();
  const TriSet* y = b.gate->known_packets();
  if (x == nullptr || y == nullptr) return std::nullopt;
  if (a.gate->unknowns() != b.gate->unknowns()) return x->may | y->may;
  return apart(x->may, y->may) | apart(x->must, y->must);
}

struct OutEdge {
  std::string_view to;  // the target's key
  const Edge* edge;
};

std::vector<OutEdge> out_edges_of(const ForwardingGraph& g, VertexId v) {
  std::vector<OutEdge> out;
  for (auto [e, end] = boost::out_edges(v, g.graph); e != end; ++e) {
    out.push_back({g.graph[boost::target(*e, g.graph)].key, &g.graph[*e]});
  }
  return out;
}

std::size_t other(GraphChange::Side side) {
  return side == GraphChange::before ? 1 : 0;
}

}  // namespace

GraphChange::StageDifference GraphChange::compare(VertexId v, Side side,
                                                  VertexId counterpart) const {
  const ForwardingGraph& mine = *graphs_[side];
  const ForwardingGraph& theirs = *graphs_[other(side)];
  StageDifference out;
  if (mine.graph[v].kind != theirs.graph[counterpart].kind) {
    out.settled = PacketSet::all();
    return out;
  }
  // Candidates by target: a hub's route lookup has a thousand edges. Each edge is paired with
  // one partner at most, an equal one first; what an unpaired edge carries differs.
  std::multimap<std::string_view, const Edge*> unpaired;
  for (const auto& [to, edge] : out_edges_of(theirs, counterpart)) unpaired.emplace(to, edge);
  for (const auto& [to, edge] : out_edges_of(mine, v)) {
    auto [first, last] = unpaired.equal_range(to);
    auto partner = last;
    std::optional<PacketSet> difference;
    for (auto it = first; it != last; ++it) {
      if (!partners(mine, *edge, theirs, *it->second)) continue;
      std::optional<PacketSet> d = gate_difference(*edge, *it->second);
      if (partner == last || (d && d->is_empty())) partner = it, difference = std::move(d);
      if (difference && difference->is_empty()) break;
    }
    if (partner == last) {
      out.settled |= edge->constraint.may;
      continue;
    }
    if (!difference) {
      out.pending.push_back({edge, partner->second});
    } else if (!difference->is_empty()) {
      out.settled |= edge->constraint.may & *difference;
    }
    unpaired.erase(partner);
  }
  for (const auto& [to, edge] : unpaired) out.settled |= edge->constraint.may;
  return out;
}

void GraphChange::settle(StageDifference& stage) {
  const std::size_t was = stage.pending.size();
  std::erase_if(stage.pending, [&](const std::pair<const Edge*, const Edge*>& pair) {
    std::optional<PacketSet> difference = gate_difference(*pair.first, *pair.second);
    if (difference && !difference->is_empty())
      stage.settled |= pair.first->constraint.may & *difference;
    return difference.has_value();
  });
  if (stage.differs && stage.pending.size() == was) return;
  // Until both gates are worked out, all an edge carries may differ (working them out here
  // would cost what the analyses spared). A rewritten source makes a later edge read another
  // source: any source can differ.
  PacketSet differs = stage.settled;
  for (const auto& pair : stage.pending) differs |= pair.first->constraint.may;
  stage.differs = differs.is_empty() ? differs : differs.forget(Field::src_ip);
}

const PacketSet& GraphChange::differing(VertexId v, Side side) {
  auto it = memo_[side].find(v);
  if (it == memo_[side].end()) {
    auto stage = std::make_shared<StageDifference>();
    const ForwardingGraph& theirs = *graphs_[other(side)];
    auto counterpart = theirs.by_key.find(graphs_[side]->graph[v].key);
    if (counterpart == theirs.by_key.end()) {
      stage->settled = PacketSet::all();
    } else {
      *stage = compare(v, side, counterpart->second);
      memo_[other(side)].emplace(counterpart->second, stage);  // the same packets, seen from there
    }
    it = memo_[side].emplace(v, std::move(stage)).first;
  }
  settle(*it->second);
  return *it->second->differs;
}

PacketSet GraphChange::met(const FlowResult& flow, Side side) {
  PacketSet out = PacketSet::none();
  for (const auto& [state, packets] : flow.states) {
    const PacketSet& differs = differing(state.vertex, side);
    if (!differs.is_empty()) out |= packets.may & differs;
  }
  return out & flow.source_filter;
}

}  // namespace airgap::sim
