#include "sim/stage_change.hpp"

#include <map>
#include <string_view>

namespace airgap::sim {

namespace {

bool same_gate(const Edge& a, const Edge& b) {
  if (!a.gate || !b.gate) return !a.gate && !b.gate;
  return a.gate == b.gate || a.gate->same_as(*b.gate);
}

bool same_edge(const Edge& a, const Edge& b) {
  return a.constraint == b.constraint && same_gate(a, b) && a.snat == b.snat && a.is_drop == b.is_drop &&
         a.description == b.description && a.source == b.source && a.unknowns == b.unknowns &&
         same_attributions(a.because, b.because);
}

}  // namespace

StageEdges stage_edges(const ForwardingGraph& graph, VertexId stage) {
  StageEdges out;
  for (auto [e, end] = boost::out_edges(stage, graph.graph); e != end; ++e) {
    out.emplace_back(boost::target(*e, graph.graph), graph.graph[*e]);
  }
  return out;
}

PacketSet changed_packets(const StageEdges& before, const ForwardingGraph& graph, VertexId stage) {
  // Candidates by target and description: a hub's route lookup has a thousand edges.
  std::multimap<std::pair<VertexId, std::string_view>, std::size_t> unmatched;
  for (std::size_t i = 0; i < before.size(); ++i) {
    unmatched.emplace(std::make_pair(before[i].first, std::string_view(before[i].second.description)), i);
  }
  PacketSet changed = PacketSet::none();
  for (auto [e, end] = boost::out_edges(stage, graph.graph); e != end; ++e) {
    const Edge& edge = graph.graph[*e];
    auto [first, last] = unmatched.equal_range({boost::target(*e, graph.graph), std::string_view(edge.description)});
    auto match = first;
    while (match != last && !same_edge(before[match->second].second, edge)) ++match;
    if (match == last) {
      changed |= packets_of(edge).may;
    } else {
      unmatched.erase(match);
    }
  }
  for (const auto& [key, i] : unmatched) changed |= packets_of(before[i].second).may;
  return changed.is_empty() ? changed : changed.forget(Field::src_ip);
}

}  // namespace airgap::sim
