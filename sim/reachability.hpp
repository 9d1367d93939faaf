// Forward reachability over a ForwardingGraph: the least fixpoint of packet sets per stage.
//
// State is kept per (vertex, SNAT context), always over the packet's ORIGINAL header: after a
// source rewrite, an edge's constraint is applied as "some rewritten source satisfies it"
// (∃src. C ∧ src ∈ context), which keeps witnesses replayable from the first hop. Propagation
// pushes only what is new (deltas) and skips vertices that cannot reach a wanted sink.
#pragma once

#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/forwarding_graph.hpp"

namespace airgap::sim {

struct StateKey {
  VertexId vertex;
  std::size_t context;
  auto operator<=>(const StateKey&) const = default;
};

/// The constraint of `edge` seen from SNAT context `context`, cached per edge and context.
class EdgeView {
 public:
  explicit EdgeView(const ForwardingGraph& graph) : graph_(graph) {}
  const TriSet& constraint(const Edge& edge, std::size_t context);
  /// Whether `packet` surely crosses `edge` from `context` (a gate is tested, not formed).
  bool admits(const Edge& edge, std::size_t context, const Packet& packet);
  /// Drops what is cached for `edge` (before the edge is removed from the graph).
  void forget(const Edge& edge);
  const ForwardingGraph& graph() const { return graph_; }

 private:
  const ForwardingGraph& graph_;
  std::map<std::pair<const Edge*, std::size_t>, TriSet> cache_;
};

struct FlowResult {
  // States and drops are computed without the source's address restriction (see
  // ForwardingGraph::source_filters); at() and drop() apply it.
  std::map<StateKey, TriSet> states;
  /// Edges where must and may flows differ: the packets that crossed each uncertainly, and
  /// where the edge leads (a question counts only its own packets on its own way).
  struct Uncertain {
    const Edge* edge;
    VertexId to;
    PacketSet packets;
  };
  /// Drop edges the flow met, from which state. What each took is worked out on demand:
  /// only blockers (of unreachable verdicts) and the reasons of unknown ones ask, and a drop
  /// at an NSG or a firewall costs a conjunction the size of its rules.
  std::vector<std::pair<const Edge*, StateKey>> met_drops;
  std::vector<Uncertain> uncertain_edges;  // the non-drop ones; see uncertain()
  PacketSet source_filter = PacketSet::all();

  TriSet at(VertexId vertex) const;  // union over contexts, from the source's addresses
  TriSet dropped(const TriSet& taken) const { return taken & source_filter; }
  /// The packets each drop edge took, in edge order.
  std::vector<std::pair<const Edge*, TriSet>> drops(EdgeView& view) const;
  /// Every uncertain crossing: the non-drop ones, then the drops'.
  std::vector<Uncertain> uncertain(EdgeView& view) const;
};

/// Vertices from which one of `targets` can be reached (plain graph reachability).
std::vector<bool> can_reach(const ForwardingGraph& graph, const std::vector<VertexId>& targets);

/// Whether `reaches`, can_reach(targets) from before the out-edges of `rebuilt` changed (no
/// vertex added), still holds on `graph`. Yes if `rebuilt` is a target: a path through it can
/// stop there. Yes too if it reached a target and one of its successors w now does without
/// reaching `rebuilt` (`into` = can_reach({rebuilt}), which its own out-edges do not change):
/// w's paths never meet it, so they stand, `rebuilt` still reaches a target through w, so does
/// every vertex that reaches it, and no other vertex's paths meet it. Otherwise: unknown, false.
bool reach_survives(const ForwardingGraph& graph, VertexId rebuilt, const std::vector<VertexId>& targets,
                    const std::vector<bool>& reaches, const std::vector<bool>& into);

/// Propagates `start` from `source`; only vertices with relevant[v] are expanded.
FlowResult propagate(const ForwardingGraph& graph, EdgeView& view, VertexId source,
                     const TriSet& start, const std::vector<bool>& relevant);

}  // namespace airgap::sim
