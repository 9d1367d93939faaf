#include "sim/forwarding_graph.hpp"

#include <algorithm>

namespace airgap::sim {

namespace {

bool same_explainer(const std::shared_ptr<const Explainer>& a, const std::shared_ptr<const Explainer>& b) {
  if (!a || !b) return !a && !b;
  return a == b || a->same_as(*b);
}

}  // namespace

bool same_attributions(const std::vector<Attribution>& a, const std::vector<Attribution>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!(a[i].packets == b[i].packets) || a[i].description != b[i].description ||
        !(a[i].source == b[i].source) || !same_explainer(a[i].explainer, b[i].explainer) ||
        !(a[i].detail == b[i].detail || same_attributions(a[i].details(), b[i].details()))) {
      return false;
    }
  }
  return true;
}

namespace {

// adjacency_list::swap copies both graphs three times over. Its members (public) swap in
// constant time: the vertex vector, which holds each vertex's out-edge list and so, in a
// directed graph, every edge and its property; and the edge list, swapped too should a
// selector ever use it. The graph property is no_property.
void swap_graphs(Graph& a, Graph& b) noexcept {
  a.m_vertices.swap(b.m_vertices);
  a.m_edges.swap(b.m_edges);
}

}  // namespace

ForwardingGraph::ForwardingGraph(ForwardingGraph&& other) noexcept
    : ForwardingGraphParts(std::move(other)) {
  swap_graphs(graph, other.graph);
}

ForwardingGraph& ForwardingGraph::operator=(ForwardingGraph&& other) noexcept {
  ForwardingGraphParts::operator=(std::move(other));
  swap_graphs(graph, other.graph);
  return *this;
}

std::size_t ForwardingGraph::context_of(SnatContext context) {
  const auto same = [&](const SnatContext& c) {
    return c.source == context.source && c.single == context.single && c.description == context.description;
  };
  const auto it = std::find_if(contexts.begin(), contexts.end(), same);
  if (it != contexts.end()) return static_cast<std::size_t>(it - contexts.begin());
  contexts.push_back(std::move(context));
  return contexts.size() - 1;
}

std::vector<VertexId> successors(const ForwardingGraph& graph, VertexId v) {
  std::vector<VertexId> out;
  for (auto [e, end] = boost::out_edges(v, graph.graph); e != end; ++e) out.push_back(boost::target(*e, graph.graph));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> unknowns_on(const Edge& edge) {
  if (!edge.gate) return edge.unknowns;
  std::vector<std::string> out = edge.unknowns;
  const auto& gated = edge.gate->unknowns();
  out.insert(out.end(), gated.begin(), gated.end());
  return out;
}

}  // namespace airgap::sim
