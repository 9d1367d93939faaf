// Analysis: one design (one cluster variant) ready for questions: the graph, the name classes,
// and per-source flows computed once and reused by every question about that source.
#pragma once

#include <array>
#include <deque>
#include <functional>
#include <map>
#include <tuple>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/blockers.hpp"
#include "sim/cluster_variant.hpp"
#include "sim/firewall_memo.hpp"
#include "sim/forwarding_graph.hpp"
#include "sim/name_universe.hpp"
#include "sim/nsg_edit.hpp"
#include "sim/reachability.hpp"
#include "sim/stage_change.hpp"
#include "sim/summary.hpp"
#include "sim/verdict.hpp"

namespace airgap::sim {

struct GraphInput;

/// A destination question: which sinks count, and which packets (after DNS) are meant.
struct Target {
  std::string label;
  std::vector<VertexId> sinks;
  PacketSet packets;
  std::vector<std::string> notes;
  std::optional<PacketSet> blocker_focus;  // which stopped packets count as blockers (all if unset)
  std::optional<std::string> blocked;  // decided before any packet moves (NXDOMAIN, refused)
  model::SourceRef blocked_at;
};

/// Every FQDN pattern a design mentions (firewall rules, tags, registries, API server, expectations).
std::vector<std::string> names_of(const model::Network& network, const ClusterEndpoints& endpoints);
/// The FQDN patterns one firewall's rules name (its FQDN tags expanded for `region`).
std::vector<std::string> names_of(const model::Firewall& firewall, const std::string& region);
/// Whether two firewalls name the same FQDN patterns, in the same order (names_of, equal).
bool same_names(const model::Firewall& a, const model::Firewall& b, const std::string& region);
/// The cluster's region (the one FQDN tags expand for).
std::string region_of(const model::Network& network);

class Analysis {
 public:
  /// `network` is a materialized design; `subnet_sources` are extra "vnet/subnet" sources.
  /// `extra_names` joins the name classes (diff aligns two designs' classes this way).
  Analysis(model::Network network, ClusterEndpoints endpoints,
           std::vector<std::string> subnet_sources = {},
           const std::vector<std::string>& extra_names = {});
  Analysis(const Analysis&) = delete;
  Analysis& operator=(const Analysis&) = delete;
  ~Analysis();

  const model::Network& network() const { return network_; }
  /// Ends the analysis: hands over its network (a report keeps it), so no copy is needed.
  model::Network take_network() && { return std::move(network_); }
  const ForwardingGraph& graph() const { return graph_; }
  /// The graph's edges as flows see them (what a flow's drops are worked out against).
  EdgeView& edge_view() { return *view_; }
  const NameUniverse& names() const { return names_; }
  const ClusterEndpoints& endpoints() const { return endpoints_; }

  /// The source vertex key for a node pool name or a "vnet/subnet"; nullopt if unknown.
  std::optional<std::string> source_key(const std::string& from) const;
  /// The same vertex itself (a pool's without building its key).
  std::optional<VertexId> source_vertex(const std::string& from) const;
  std::optional<std::size_t> source_vnet(const std::string& from) const;

  Target internet() const;
  Target api_server(const std::string& from) const;
  Target registry_login(const std::string& from) const;
  Target registry_data(const std::string& from) const;
  /// "internet", "apiserver", "registry", an address or prefix, "vnet/subnet", or an FQDN.
  Target parse_target(const std::string& from, const std::string& to) const;

  /// How much of a verdict evaluate works out. `answer`: the status, what gets through (the
  /// summary), why it is unknown, and the notes: what a gate compares. `explained` adds the
  /// witness packet and its path, or the blockers with their deciding rules, and for an
  /// unreachable verdict a summary of where packets stop: what a reader of a verdict is shown.
  /// Re-proofs after an edit ask for answers, then explain the ones that changed (as `diff`
  /// asks for reach sets, then explains the changes).
  enum class Detail { answer, explained };
  Verdict evaluate(const std::string& from, const Target& target, const PacketSet& restrict,
                   Detail detail = Detail::explained);
  /// The packets from `from` that reach the target (both bounds), before any verdict is drawn.
  TriSet reach(const std::string& from, const Target& target);
  /// One concrete packet, hop by hop, to wherever it ends.
  std::vector<Hop> trace(const std::string& from, const Packet& packet, std::string* fate);

  /// Packets from `from` at every stage that can lead to one of `sinks` (or to a drop).
  /// The reference stays valid until the next call of flow() (a window of recent flows is kept).
  const FlowResult& flow(const std::string& from, const std::vector<VertexId>& sinks,
                         const PacketSet& start = PacketSet::all());
  /// The same over every sink of the graph (what tests compare against the oracle).
  const FlowResult& flow(const std::string& from);
  const std::vector<bool>& relevant_to(const std::vector<VertexId>& sinks);
  /// Incremental re-proof after an NSG edit: puts `updated` in place of the NSG of that name.
  /// An outbound-only change rebuilds just the source stages that use the NSG; an inbound
  /// change rebuilds the graph. Flows are recomputed on the next question. Returns the node
  /// pools whose verdicts may have changed (every pool after a full rebuild); nullopt if the
  /// design has no such NSG.
  std::optional<std::vector<std::string>> replace_nsg(const model::Nsg& updated);
  /// The same for one security rule (Azure's securityRules resource): puts `rule` in place of
  /// the rule at position `at` of NSG `nsg` (no comparison of the other rules); nullopt if the
  /// design has no such NSG or rule.
  std::optional<std::vector<std::string>> replace_security_rule(const std::string& nsg, std::size_t at,
                                                                const model::SecurityRule& rule);
  /// The same after a firewall edit (a hub change): an edit of the rule collection groups only
  /// rebuilds the firewall's filtering stage and names the pools whose packets can reach it;
  /// any other change (subnet, addresses, SNAT, DNS proxy) rebuilds the graph, and an edit
  /// that changes which FQDN patterns the design names also the name classes (every pool).
  std::optional<std::vector<std::string>> replace_firewall(const model::Firewall& updated);
  /// What to ask again after a replace: every question of `pools`; only the API-server
  /// question of `api_only` (its target moved, nothing else it reaches changed).
  struct Reproof {
    std::vector<std::string> pools;
    std::vector<std::string> api_only;
  };
  /// Turns this analysis into one of `next`, another cluster variant of the same design (equal
  /// but for load balancers, public IPs, private and internal endpoints, private DNS zones,
  /// outbound type and API-server mode), served by `endpoints`. Rebuilds the egress stages if
  /// the outbound objects differ, and the route lookups and deliveries the endpoints shape if
  /// those differ. A pool's question is asked again if its target moved, or if its packets
  /// meet a changed stage on the pool's way (a stage whose edges differ, for those packets).
  /// nullopt, changing nothing, if `next` differs in anything else or has other name classes.
  std::optional<Reproof> replace_variant(const model::Network& next, const ClusterEndpoints& endpoints);

  /// The same after a route table edit (a hub route, say): when the routes name the same
  /// prefixes, only the route lookups of the devices on subnets using the table are rebuilt,
  /// and what to ask again is decided as for replace_variant; new prefixes (which widen the
  /// VirtualNetwork tag) or a stage the graph lacks rebuild the graph. nullopt if the design
  /// has no table of that name.
  std::optional<Reproof> replace_route_table(const model::RouteTable& updated);

  /// Asks later questions to share one flow per source over these sinks (when they cover the
  /// question's), instead of one flow per question.
  void focus(const std::vector<Target>& targets);
  std::vector<PacketSet> witness_preferences(const std::string& from) const;

 private:
  /// (Re)builds the name classes from the FQDN patterns the network names, and forgets what
  /// was worked out over the old classes; false, changing nothing, if the patterns are the same.
  bool partition_names();
  void find_sinks();  // after every (re)build: a stage left without edges becomes one
  void find_pool_sources();  // after every full build (no other rebuild adds a source)
  void forget_out_edges(VertexId v);  // cached edge views of edges about to be rebuilt
  /// After `edit`, made in place to outbound rules: rebuilds the source stages using the NSG;
  /// returns the node pools among them.
  std::vector<std::string> rebuild_sources_after(const NsgRuleEdit& edit);
  /// `nsg`'s rules, to edit in place: a list still shared (with the design) moves to a copy,
  /// and the old one is kept, since explainers on the graph's edges point into it.
  std::vector<model::SecurityRule>& rules_to_edit(model::Nsg& nsg);
  void rebuild_graph();
  GraphInput graph_input();  // what the builder reads (and its memo), for builds and rebuilds
  /// Node pools whose source can reach one of `stages` (all pools with a source if nullopt).
  std::vector<std::string> pools_reaching(const std::optional<std::vector<VertexId>>& stages);
  /// Which vertices can reach one of `targets` (plain graph reachability), remembered until
  /// forget_reachability (the graph's structure moved).
  const std::vector<bool>& reaching(const std::vector<VertexId>& targets);
  void forget_reachability();
  /// After a rebuild that made stages lead elsewhere: `rebuilt` are the stages whose out-edges
  /// changed (nullopt: stages were added, or unknown), the rest of the graph as it was.
  void stages_moved(const std::optional<std::vector<VertexId>>& rebuilt);
  void keep_reachability(const std::vector<VertexId>& rebuilt);  // what stays true of reaching()
  /// Per node pool (cluster order): internet, API server, registry login and data targets.
  std::vector<std::array<Target, 4>> pool_targets() const;
  std::array<Target, 4> targets_of(const std::string& pool) const;
  /// What a rebuild calls before clearing a stage: keeps its edges as they were in `before`
  /// (for reproof_after) and drops their cached views.
  std::function<void(VertexId)> keeping(std::map<VertexId, StageEdges>& before);
  /// `before_targets` null: no target can have moved, so only pools that meet a change count.
  Reproof reproof_after(const std::map<VertexId, StageEdges>& before,
                        const std::vector<std::array<Target, 4>>* before_targets);
  /// A reachable verdict's witness: one packet of `reached` and its path to `sink`.
  void explain_reachable(const std::string& from, const PacketSet& reached, VertexId sink, Verdict& verdict);
  Target registry_target(const std::string& from, bool data) const;
  Target private_name_target(const std::string& from, const std::string& label,
                             const std::string& public_name, const std::string& privatelink_name,
                             PacketSet service) const;

  model::Network network_;
  // NSG rule lists an in-place edit moved off (they were shared with the design): explainers
  // of the unchanged inbound rules still point into them. Let go at the next full rebuild.
  std::vector<model::SharedList<model::SecurityRule>> retired_rules_;
  ClusterEndpoints endpoints_;
  std::vector<std::string> extra_names_;
  std::optional<std::vector<std::string>> name_patterns_;  // what names_ was built from: sorted, unique
  NameUniverse names_;
  SummaryMemo summaries_;  // of sets over names_, which no edit changes
  BlockerFinder blockers_;  // per drop edge: forgotten with the edge
  std::unique_ptr<class AddressSpace> space_;
  FirewallMemo firewall_memo_;  // of sets over space_ and names_: cleared with a new space_
  NsgDecisions nsg_decisions_;  // those graph_'s source stages read: where an NSG edit starts
  ForwardingGraph graph_;
  std::unique_ptr<EdgeView> view_;
  std::vector<VertexId> all_sinks_;
  // Each node pool's source vertex, in cluster order (the graph's drop if it has none).
  std::vector<VertexId> pool_sources_;
  std::vector<model::SubnetId> subnet_sources_;  // resolved, for rebuilds
  std::vector<VertexId> focus_;
  PacketSet focus_packets_;
  std::map<std::vector<VertexId>, std::vector<bool>> reaching_;  // see reaching()
  // The most recent flows, oldest first. Questions come grouped by source (a pool's four
  // questions share one flow), so a short window keeps the sharing while a 1,000-pool design
  // does not keep 1,000 flows' BDDs alive.
  struct CachedFlow {
    std::tuple<VertexId, std::vector<VertexId>, int> key;
    PacketSet start;  // keeps the start set alive while its id is part of the key
    FlowResult result;
  };
  static constexpr std::size_t flow_window = 8;
  std::deque<CachedFlow> flows_;
  // What reaches an answer's sinks past its source's gated edge (the source's outbound NSGs),
  // by (source, sorted sinks, wanted): an answer after an NSG edit is this narrowed by the
  // new gate (gated_reach). Valid while the graph past the sources is as it was: every edit
  // but an NSG's outbound one forgets them (forget_answers).
  /// Which gate answers were through: an unformed set (an edited decision's) by identity,
  /// else the gate's set.
  struct GateMark {
    std::shared_ptr<const DeferredSet> later;
    TriSet set;  // (when `later` is null)
    bool operator==(const GateMark& o) const { return later ? later == o.later : !o.later && set == o.set; }
  };
  struct PastGate {
    PacketSet wanted;  // keeps the set alive while its id is part of the key
    VertexId next;     // where the gated edge leads
    TriSet constraint;  // the gated edge's own constraint, gate aside
    std::vector<VertexId> sinks;  // as first asked
    std::vector<TriSet> at_sinks;  // within `wanted` and the source's addresses
    /// The last answers (per sink of `sinks`: at_sinks narrowed by the gate), and the gate
    /// they were through; an edit's patch of that gate updates them (answer_through).
    std::vector<TriSet> answers;
    std::optional<GateMark> answered;
  };
  std::map<std::tuple<VertexId, std::vector<VertexId>, int>, PastGate> past_gates_;
  /// The flow that answers a question about `sorted_sinks` (sorted, as `focus_` is).
  const FlowResult& flow_for(const std::string& from, const std::vector<VertexId>& sorted_sinks,
                             const PacketSet& wanted);
  std::vector<TriSet> reach_at(const std::string& from, const std::vector<VertexId>& sinks, const PacketSet& wanted);
  std::optional<std::vector<TriSet>> gated_reach(const std::string& from, const std::vector<VertexId>& sinks,
                                                 const PacketSet& wanted);
  void forget_answers() { past_gates_.clear(); }
  /// Brings `past.answers` to those through `gate` (from an edit's patch when it can).
  static void answer_through(PastGate& past, const Gate& gate);
};

}  // namespace airgap::sim
