// What rebuilding a stage in place changed: the packets whose way out of it may differ.
//
// The sweep and the incremental paths rebuild a few stages of a proven graph, then ask again
// only the questions whose packets can meet a change. A stage's edges are compared as values
// (constraint, target, texts, attributions); the edges without an equal on the other side are
// the change, and their packets bound which packets can now be treated differently.
#pragma once

#include <utility>
#include <vector>

#include "sim/forwarding_graph.hpp"

namespace airgap::sim {

/// A stage's out-edges, copied (a rebuild replaces the edges themselves).
using StageEdges = std::vector<std::pair<VertexId, Edge>>;
StageEdges stage_edges(const ForwardingGraph& graph, VertexId stage);

/// The packets, whatever their source address, that may leave `stage` differently now than
/// by the edges `before`: the union of the may-sets of the edges without an equal edge on the
/// other side. Source addresses are forgotten because rewrites (SNAT) make a later edge read
/// another source.
PacketSet changed_packets(const StageEdges& before, const ForwardingGraph& graph, VertexId stage);

}  // namespace airgap::sim
