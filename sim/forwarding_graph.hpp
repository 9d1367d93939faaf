// ForwardingGraph: the stages a packet passes, as a Boost.Graph whose edges carry transfers.
//
// Vertices are stages named after the Azure data path (a node pool's NIC, a route lookup on behalf
// of a sending device, delivery into a subnet, a firewall, an outbound method) and sinks (the
// internet, named endpoints, gateways, the drop). Each edge holds the packets it lets through as
// a TriSet over the ORIGINAL header, an optional source rewrite (SNAT) and the scenario objects
// that decided it, so a witness can name them hop by hop.
#pragma once

#include <boost/graph/adjacency_list.hpp>

#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/network.hpp"
#include "sim/tri_set.hpp"

namespace airgap::sim {

enum class VertexKind {
  source,        // a node pool's (or a subnet's) NICs: packets start here
  route_lookup,  // route selection in the sender's subnet
  deliver,       // arrival in a subnet after its inbound NSG
  firewall,      // Azure Firewall rule processing
  appliance,     // a network virtual appliance
  egress,        // the sender's outbound method for next hop Internet
  internet,      // sink: left Azure with a public source address
  endpoint,      // sink: a named endpoint (API server, registry, private endpoint)
  gateway,       // sink-ish: a virtual network gateway towards on-premises
  platform,      // sink: 168.63.129.16 / IMDS, reached without routes
  service,       // sink: a service endpoint's Azure service
  drop,          // sink: dropped
};

struct Vertex {
  VertexKind kind = VertexKind::drop;
  std::string name;  // human name: "pool 'system' (vnet-spoke/snet-nodes)"
  std::string key;   // stable identity for lookups and JSON
  model::SourceRef source;
};

class Explainer;

/// One rule or route that decided part of an edge's packets. When `detail` is given, the first
/// detail whose packets contain a packet names the rule that decided it (a firewall collection's
/// rules, in order; shared, not copied, by the edges one decision attributes); an `explainer`
/// computes that detail when asked.
struct Attribution {
  TriSet packets;
  std::string description;
  model::SourceRef source;
  std::shared_ptr<const std::vector<Attribution>> detail;
  std::shared_ptr<const Explainer> explainer;

  /// The finer attribution deciding `packet`: the explainer's answer, or the first `detail`
  /// that contains it; nullptr-free: nullopt when none does.
  std::optional<Attribution> decider_of(const Packet& packet) const;
  const std::vector<Attribution>& details() const {
    static const std::vector<Attribution> none;
    return detail ? *detail : none;
  }
};

/// Names, on demand, the rules that decided some of an attribution's packets. An NSG's
/// per-rule shares cost a BDD per rule and edge if built up front; witnesses and blockers ask
/// about few packets, on the few edges a flow stopped at or crossed.
class Explainer {
 public:
  virtual ~Explainer() = default;
  /// The deciding rules within `packets`, in rule order, each with its share of them; only the
  /// first `limit` (a blocker names eight).
  std::vector<Attribution> explain(const TriSet& packets,
                                   std::size_t limit = std::numeric_limits<std::size_t>::max()) const {
    return explain_first(packets, limit);
  }
  /// The rule that decided one packet, if it is of the kind this explainer names (a witness
  /// hop asks this; testing membership is a path walk, no set is built).
  virtual std::optional<Attribution> decider(const Packet& packet) const = 0;
  /// Whether `other` would answer every question as this one does (a rebuilt stage's new
  /// explainer for the same rules); false when unsure.
  virtual bool same_as(const Explainer& other) const = 0;

 private:
  virtual std::vector<Attribution> explain_first(const TriSet& packets, std::size_t limit) const = 0;
};

inline std::optional<Attribution> Attribution::decider_of(const Packet& packet) const {
  if (explainer) return explainer->decider(packet);
  for (const auto& rule : details()) {
    if (rule.packets.may.contains(packet)) return rule;
  }
  return std::nullopt;
}

/// Part of some edges' transfer, worked out when first needed and shared by those edges: a
/// subnet's inbound NSG decision narrows every route that delivers into the subnet (the hub's
/// route lookup has one such edge per spoke subnet), and most questions never reach one.
class Gate {
 public:
  virtual ~Gate() = default;
  virtual const TriSet& packets() const = 0;
  virtual const std::vector<Attribution>& because() const = 0;   // finer attribution inside packets()
  virtual const std::vector<std::string>& unknowns() const = 0;  // why its bounds differ, if they do
  /// Whether `other` surely lets the same packets through for the same reasons (the same
  /// recipe, so neither is worked out to tell); false when unsure.
  virtual bool same_as(const Gate& other) const = 0;
  /// The packets it lets through if they are known without working anything out (the gate of
  /// another design is compared by them); nullptr otherwise.
  virtual const TriSet* known_packets() const = 0;
};

struct Edge {
  TriSet constraint;                   // over the header as it entered the graph (see `gate`)
  std::optional<std::size_t> snat;     // context index after this edge (a source rewrite)
  std::string description;
  model::SourceRef source;
  std::vector<Attribution> because;    // finer attribution inside `constraint`
  std::vector<std::string> unknowns;   // why may and must differ here, if they do
  bool is_drop = false;
  /// When set, the edge lets through `constraint & gate->packets()`, formed only when asked
  /// (see `packets_of`), and its gate's attributions and unknowns are the edge's too.
  std::shared_ptr<const Gate> gate;
};

/// The packets an edge lets through (its constraint, narrowed by its gate).
inline TriSet packets_of(const Edge& edge) {
  return edge.gate ? edge.constraint & edge.gate->packets() : edge.constraint;
}

/// Calls `visit` with each of an edge's attributions: its own, then its gate's (by reference:
/// a firewall's attributions carry one detail per rule).
template <typename Visit>
void for_each_because(const Edge& edge, Visit&& visit) {
  for (const auto& because : edge.because) visit(because);
  if (edge.gate) {
    for (const auto& because : edge.gate->because()) visit(because);
  }
}
/// Whether two attribution lists name the same rules for the same packets.
bool same_attributions(const std::vector<Attribution>& a, const std::vector<Attribution>& b);

/// Why an edge's bounds differ: its own reasons, then its gate's.
std::vector<std::string> unknowns_on(const Edge& edge);

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, Vertex, Edge>;
using VertexId = Graph::vertex_descriptor;
using EdgeId = Graph::edge_descriptor;

/// A source-address context: what the source field has been rewritten to (0 = unchanged).
struct SnatContext {
  PacketSet source;  // set over Field::src_ip
  std::string description;
  bool single = true;  // exactly one address: "some" and "every" rewritten source coincide
};

/// Everything a ForwardingGraph holds besides its Boost graph (see ForwardingGraph's moves).
struct ForwardingGraphParts {
  std::vector<SnatContext> contexts{SnatContext{PacketSet::all(), "original source", true}};
  /// Each vertex by its key. (Hashed: a source rebuild looks up a handful of keys among
  /// tens of thousands, and an ordered map's walk read a cold node per comparison.)
  std::unordered_map<std::string, VertexId> by_key;
  /// The source addresses each source vertex sends from (its subnet). Kept off the source's
  /// edges: every edge transfer is an intersection over the original header, so restricting
  /// the source at the end gives the same sets, and sources with the same rules then flow the
  /// same BDDs through the graph (BuDDy shares their nodes and caches their operations).
  std::map<VertexId, PacketSet> source_filters;
  /// The sources (device keys) whose NIC or subnet names each NSG: what an edit of its
  /// outbound rules rebuilds, found without a walk over every pool.
  std::map<std::string, std::set<std::string>, std::less<>> nsg_sources;
  /// NSGs whose outbound rules a stage other than a source reads (a forwarding appliance's
  /// subnet NSG): an edit of those is not confined to the sources above.
  std::set<std::string, std::less<>> nsgs_read_elsewhere;
  /// The well-formed headers (PacketSet::well_formed) every source sends, for the name count
  /// they were formed for: kept so that rebuilding one source does not form them again.
  std::optional<std::pair<std::size_t, PacketSet>> well_formed;
  VertexId internet = 0;
  VertexId drop = 0;
};

struct ForwardingGraph : ForwardingGraphParts {
  Graph graph;

  ForwardingGraph() = default;
  ForwardingGraph(const ForwardingGraph&) = default;
  ForwardingGraph& operator=(const ForwardingGraph&) = default;
  /// Boost's adjacency_list declares copy operations and no move ones, so a member-wise move
  /// copied every vertex and edge (on L, twice per graph build: ~40 M instructions). The graph
  /// is swapped instead; the other parts move.
  ForwardingGraph(ForwardingGraph&& other) noexcept;
  ForwardingGraph& operator=(ForwardingGraph&& other) noexcept;
  ~ForwardingGraph() = default;

  /// The index of a context equal to `context`, added if there is none: a rebuilt stage's
  /// rewrites keep their indices (and the edge views worked out for them), and the list does
  /// not grow with each rebuild.
  std::size_t context_of(SnatContext context);
  VertexId vertex(const std::string& key) const { return by_key.at(key); }
  bool has(const std::string& key) const { return by_key.contains(key); }
};

/// The stages `v`'s edges lead to, sorted, each once.
std::vector<VertexId> successors(const ForwardingGraph& graph, VertexId v);

}  // namespace airgap::sim
