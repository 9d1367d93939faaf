// Witness paths: the hops one concrete packet takes from a source to a sink, each with the
// scenario object that decided it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/reachability.hpp"

namespace airgap::sim {

struct Hop {
  std::string from;
  std::string to;
  std::string from_key;  // stable vertex keys, e.g. "pool:system", "fwin:fw-hub", "internet"
  std::string to_key;
  std::string description;  // the edge: route, NSG pass, firewall rule, outbound method
  model::SourceRef at;      // where the edge's object is written
  std::string decided_by;   // the rules inside the edge that let this packet through, if any
  model::SourceRef decided_at;
  std::string snat;         // non-empty where the source address is rewritten here
  bool operator==(const Hop&) const = default;
};

/// A path for `packet` from `source` to `sink` using only edges that surely let it through.
/// `relevant`, if given, prunes stages that cannot lead to the sink.
std::optional<std::vector<Hop>> trace_path(const ForwardingGraph& graph, EdgeView& view,
                                           VertexId source, VertexId sink, const Packet& packet,
                                           const std::vector<bool>* relevant = nullptr);

/// Follows `packet` from `source` wherever it surely goes; the last hop says where it stopped.
std::vector<Hop> follow_packet(const ForwardingGraph& graph, EdgeView& view, VertexId source,
                               const Packet& packet, VertexId* stopped_at);

}  // namespace airgap::sim
