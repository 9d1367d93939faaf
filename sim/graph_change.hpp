// GraphChange: where two designs' forwarding graphs let packets fare differently.
//
// A diff proves two designs in two analyses over one BDD manager and aligned name classes, so
// equal packet sets are equal BDDs across them. A packet that meets no difference on its way
// fares the same in both designs: the same stages, the same edges, the same unknowns, so even
// an answer that depends on something unknown is the same answer. A stage differs where its
// out-edges do — by where they lead, the packets they carry, the source rewrite and the
// unknowns, not by the rules or lines that decide them — and a stage only one graph has
// differs for every packet.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/forwarding_graph.hpp"
#include "sim/reachability.hpp"

namespace airgap::sim {

class GraphChange {
 public:
  enum Side { before = 0, after = 1 };
  GraphChange(const ForwardingGraph& before_graph, const ForwardingGraph& after_graph)
      : graphs_{&before_graph, &after_graph} {}

  /// The packets of `flow`, a flow over `side`'s graph, that arrive at a differing stage
  /// within what differs there: every packet whose fate can differ meets one in the flow of
  /// one side or the other.
  PacketSet met(const FlowResult& flow, Side side);

  /// The packets, whatever their source address, that may leave stage `v` of `side`'s graph
  /// differently in the other graph (all of them if the other graph has no such stage).
  const PacketSet& differing(VertexId v, Side side);

 private:
  // A stage's difference: what is settled, and partner edges whose gates (an inbound NSG's
  // decision, worked out when a flow first meets it) are not yet both known.
  struct StageDifference {
    PacketSet settled = PacketSet::none();
    std::vector<std::pair<const Edge*, const Edge*>> pending;
    std::optional<PacketSet> differs;  // settled and pending, sources forgotten
  };
  StageDifference compare(VertexId v, Side side, VertexId counterpart) const;
  static void settle(StageDifference& stage);  // settles what became known since

  std::array<const ForwardingGraph*, 2> graphs_;
  // Per side's vertex; a stage's entry is shared with its counterpart's.
  std::array<std::unordered_map<VertexId, std::shared_ptr<StageDifference>>, 2> memo_;
};

}  // namespace airgap::sim
