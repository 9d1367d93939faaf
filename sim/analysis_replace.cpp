// Analysis::replace_*: incremental re-proof. Each puts an edited object in place, rebuilds only
// the stages that object shapes, and names what to ask again.
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "sim/address_space.hpp"
#include "sim/analysis.hpp"
#include "sim/graph_builder.hpp"
#include "sim/stage_change.hpp"

namespace airgap::sim {

namespace {

// The design's object of that name, to edit in place (nullptr if there is none): `indexed`,
// the network's index's answer if it has one for these objects (a scan over L's thousand NSGs
// cost 14 k instructions per edit), else a scan.
template <typename T>
T* named(std::vector<T>& objects, const std::string& name, const T* indexed = nullptr) {
  if (indexed != nullptr && indexed->name == name) return &objects[static_cast<std::size_t>(indexed - objects.data())];
  auto it = std::find_if(objects.begin(), objects.end(), [&](const T& o) { return o.name == name; });
  return it == objects.end() ? nullptr : &*it;
}

bool same_target(const Target& a, const Target& b) {
  return a.label == b.label && a.sinks == b.sinks && a.packets == b.packets && a.notes == b.notes &&
         a.blocker_focus == b.blocker_focus && a.blocked == b.blocked && a.blocked_at == b.blocked_at;
}

// The endpoints of either list that the other lacks (an edited one appears from both sides).
template <typename Endpoint>
void changed_endpoints(const std::vector<Endpoint>& before, const std::vector<Endpoint>& after,
                       std::vector<const Endpoint*>& out) {
  for (const auto* side : {&before, &after}) {
    const auto* other = side == &before ? &after : &before;
    for (const auto& e : *side) {
      if (std::find(other->begin(), other->end(), e) == other->end()) out.push_back(&e);
    }
  }
}

// The names a design's name classes are built from (NameUniverse orders and dedupes them).
std::set<std::string> name_set(const model::Network& network, const ClusterEndpoints& endpoints) {
  const auto names = names_of(network, endpoints);
  return {names.begin(), names.end()};
}

struct EndpointChange {
  std::vector<std::size_t> route_vnets;  // whose devices' route lookups may change
  std::vector<std::string> subnets;      // whose deliveries change
};

void add_unique(std::vector<std::size_t>& to, std::size_t v) {
  if (std::find(to.begin(), to.end(), v) == to.end()) to.push_back(v);
}

// What an endpoint change touches (azure-semantics §1.1, §6.1): a private endpoint adds /32
// routes in its VNet and the directly peered ones, and the inbound NSG of its subnet may exempt
// its address, which reshapes every delivery into that subnet (only from the same or peered
// VNets, or through an appliance in that subnet); an internal endpoint is one more delivery.
EndpointChange endpoint_change(const model::Network& before, const model::Network& after) {
  std::vector<const model::PrivateEndpoint*> pes;
  changed_endpoints(before.private_endpoints, after.private_endpoints, pes);
  std::vector<const model::InternalEndpoint*> ilbs;
  changed_endpoints(before.internal_endpoints, after.internal_endpoints, ilbs);
  EndpointChange change;
  auto add_subnet = [&](const std::string& s) {
    if (std::find(change.subnets.begin(), change.subnets.end(), s) == change.subnets.end()) change.subnets.push_back(s);
  };
  for (const auto* ilb : ilbs) add_subnet(ilb->subnet);
  bool everywhere = false;
  for (const auto* pe : pes) {
    add_subnet(pe->subnet);
    auto id = before.find_subnet(pe->subnet);
    if (!id) continue;
    add_unique(change.route_vnets, id->vnet);
    for (const auto& nva : before.appliances) everywhere = everywhere || nva.subnet == pe->subnet;
    const std::string& vnet = before.vnets[id->vnet].name;
    for (std::size_t v = 0; v < before.vnets.size(); ++v) {
      for (const auto& peering : before.vnets[v].peerings) {
        if (peering.remote_virtual_network == vnet) add_unique(change.route_vnets, v);
      }
    }
    for (const auto& peering : before.vnets[id->vnet].peerings) {
      if (auto remote = before.vnet_index(peering.remote_virtual_network)) add_unique(change.route_vnets, *remote);
    }
  }
  if (everywhere) {
    change.route_vnets.clear();
    for (std::size_t v = 0; v < before.vnets.size(); ++v) change.route_vnets.push_back(v);
  }
  return change;
}

// Where rebuilt stages led before and lead after: what the graph's reachability (relevance,
// pools reaching a stage, sinks) depends on, beyond the vertex count.
class Leads {
 public:
  explicit Leads(const ForwardingGraph& graph) : graph_(graph), vertices_(boost::num_vertices(graph.graph)) {}
  void note(VertexId v) { before_.emplace(v, successors(graph_, v)); }
  bool moved() const {
    if (boost::num_vertices(graph_.graph) != vertices_) return true;
    return std::any_of(before_.begin(), before_.end(),
                       [&](const auto& entry) { return successors(graph_, entry.first) != entry.second; });
  }
  /// The stages rebuilt, if no stage was added (stages_moved keeps what does not depend on them).
  std::optional<std::vector<VertexId>> rebuilt() const {
    if (boost::num_vertices(graph_.graph) != vertices_) return std::nullopt;
    std::vector<VertexId> out;
    for (const auto& entry : before_) out.push_back(entry.first);
    return out;
  }

 private:
  const ForwardingGraph& graph_;
  std::size_t vertices_;
  std::map<VertexId, std::vector<VertexId>> before_;
};

}  // namespace

std::optional<std::vector<std::string>> Analysis::replace_nsg(const model::Nsg& updated) {
  auto* it = named(network_.nsgs, updated.name, network_.find_nsg(updated.name));
  if (it == nullptr) return std::nullopt;
  // Explainers on the graph's edges hold pointers to this NSG's rules. An edit that keeps the
  // rule count and every inbound rule in place is written element by element, so pointers stay
  // valid and only the outbound source stages need rebuilding; anything else rebuilds all. A
  // list still shared (with the design) moves to a copy when edited: the old one is kept.
  // (An NSG a forwarding appliance's subnet uses shapes that appliance's stage too.)
  bool outbound_only = it->rules.size() == updated.rules.size() && !graph_.nsgs_read_elsewhere.contains(updated.name);
  for (std::size_t i = 0; outbound_only && i < updated.rules.size(); ++i) {
    const bool inbound = it->rules[i].direction == model::Direction::inbound ||
                         updated.rules[i].direction == model::Direction::inbound;
    if (inbound && !(it->rules[i] == updated.rules[i])) outbound_only = false;
  }
  if (!outbound_only) {
    *it = updated;
    flows_.clear();
    rebuild_graph();
    return pools_reaching(std::nullopt);
  }
  NsgRuleEdit edit{updated.name, {}, {}};
  auto& rules = rules_to_edit(*it);
  for (std::size_t i = 0; i < updated.rules.size(); ++i) {
    if (rules[i] == updated.rules[i]) continue;  // (a compare costs less than a copy)
    edit.at.push_back(i);
    edit.before.push_back(std::move(rules[i]));
    rules[i] = updated.rules[i];
  }
  return rebuild_sources_after(edit);
}

std::optional<std::vector<std::string>> Analysis::replace_security_rule(const std::string& nsg, std::size_t at,
                                                                        const model::SecurityRule& rule) {
  auto* it = named(network_.nsgs, nsg, network_.find_nsg(nsg));
  if (it == nullptr || at >= it->rules.size()) return std::nullopt;
  const model::SecurityRule& old = it->rules[at];
  const bool outbound_only = old.direction == model::Direction::outbound &&
                             rule.direction == model::Direction::outbound && !graph_.nsgs_read_elsewhere.contains(nsg);
  if (!outbound_only) {
    model::Nsg updated = *it;
    updated.rules.edit()[at] = rule;
    return replace_nsg(updated);
  }
  NsgRuleEdit edit{nsg, {at}, {old}};
  rules_to_edit(*it)[at] = rule;
  return rebuild_sources_after(edit);
}

std::vector<model::SecurityRule>& Analysis::rules_to_edit(model::Nsg& nsg) {
  if (nsg.rules.shared()) retired_rules_.push_back(nsg.rules);
  return nsg.rules.edit();
}

std::vector<std::string> Analysis::rebuild_sources_after(const NsgRuleEdit& edit) {
  flows_.clear();  // flows hold edges that may go
  // Only edges out of source stages change, and the edge views of every other edge stay valid.
  // Nothing leads into a source, so which vertices can reach what stays as it is unless a
  // source now leads elsewhere.
  const GraphInput input = graph_input();
  Leads leads(graph_);
  std::vector<std::string> pools;
  const auto rebuilt = rebuild_sources_using(graph_, input, edit.nsg, [&](VertexId s) {
    leads.note(s);
    forget_out_edges(s);
  }, &edit);
  if (leads.moved()) stages_moved(leads.rebuilt());
  for (VertexId v : rebuilt) {
    const std::string& key = graph_.graph[v].key;
    if (key.starts_with("pool:")) pools.push_back(key.substr(5));
  }
  return pools;
}

std::optional<std::vector<std::string>> Analysis::replace_firewall(const model::Firewall& updated) {
  auto* it = named(network_.firewalls, updated.name);
  if (it == nullptr) return std::nullopt;
  const std::string region = region_of(network_);
  const bool unchanged_names = same_names(*it, updated, region);
  // In place: pointers to the firewall (not to its rules) stay valid. The rules first, then
  // whether anything else differs (one copy of the rules, not three).
  it->rule_collection_groups = updated.rule_collection_groups;
  const bool rules_changed_only = *it == updated;
  if (!rules_changed_only) *it = updated;
  flows_.clear();
  forget_answers();
  // A pattern the name classes were not built with cannot be matched on them (a rule allowing
  // it would allow nothing): new patterns, or fewer, make new classes and a new graph.
  if (!unchanged_names && partition_names()) {
    rebuild_graph();
    return pools_reaching(std::nullopt);
  }
  std::optional<VertexId> stage;
  Leads leads(graph_);
  if (rules_changed_only) {
    const GraphInput input = graph_input();
    stage = rebuild_firewall(graph_, input, updated.name, [&](VertexId v) {
      leads.note(v);
      forget_out_edges(v);
    });
  }
  if (!stage) {
    rebuild_graph();
    return pools_reaching(std::nullopt);
  }
  if (leads.moved()) stages_moved(leads.rebuilt());
  // Only flows that can reach the rebuilt stage cross its edges.
  return pools_reaching(std::vector<VertexId>{*stage});
}

std::optional<Analysis::Reproof> Analysis::replace_route_table(const model::RouteTable& updated) {
  auto* it = named(network_.route_tables, updated.name, network_.find_route_table(updated.name));
  if (it == nullptr) return std::nullopt;
  auto prefixes = [](const model::RouteTable& table) {
    std::vector<model::Prefix> out;
    for (const auto& route : table.routes) {
      if (const auto* p = std::get_if<model::Prefix>(&route.address_prefix)) out.push_back(*p);
    }
    return out;
  };
  const bool same_prefixes = prefixes(*it) == prefixes(updated);
  *it = updated;
  flows_.clear();
  forget_answers();
  forget_reachability();
  std::map<VertexId, StageEdges> before;
  const auto keep = keeping(before);
  const GraphInput input = graph_input();
  // The prefixes a table names also widen its VNets' VirtualNetwork tag (azure-semantics §2.4,
  // the widened reading), which NSG decisions read: a new one means a new address space.
  if (!same_prefixes || !rebuild_routes_using(graph_, input, updated.name, keep)) {
    if (!same_prefixes) {
      firewall_memo_.clear();  // (its sets are over the old space)
      space_ = std::make_unique<AddressSpace>(network_);
    }
    rebuild_graph();
    return Reproof{pools_reaching(std::nullopt), {}};
  }
  find_sinks();
  return reproof_after(before, nullptr);  // a route edit moves no target: DNS and endpoints stay
}

void Analysis::stages_moved(const std::optional<std::vector<VertexId>>& rebuilt) {
  if (!rebuilt) {
    forget_reachability();
  } else {
    keep_reachability(*rebuilt);
  }
  find_sinks();  // a stage left without edges becomes one
}

// What stays true of reaching() after the out-edges of the `rebuilt` stages changed (no vertex
// added): answers whose targets hold every rebuilt stage, and, when one stage was rebuilt,
// those reach_survives keeps (which vertices reach that stage is itself such an answer).
void Analysis::keep_reachability(const std::vector<VertexId>& rebuilt) {
  const std::vector<bool>* into = rebuilt.size() == 1 ? &reaching({rebuilt.front()}) : nullptr;
  std::erase_if(reaching_, [&](const auto& entry) {
    const auto& targets = entry.first;  // (not a structured binding: clang 14 cannot capture one)
    if (into != nullptr) return !reach_survives(graph_, rebuilt.front(), targets, entry.second, *into);
    return !std::all_of(rebuilt.begin(), rebuilt.end(), [&](VertexId v) {
      return std::find(targets.begin(), targets.end(), v) != targets.end();
    });
  });
}

std::function<void(VertexId)> Analysis::keeping(std::map<VertexId, StageEdges>& before) {
  return [this, &before](VertexId v) {
    before.emplace(v, stage_edges(graph_, v));
    forget_out_edges(v);
  };
}

std::array<Target, 4> Analysis::targets_of(const std::string& pool) const {
  return {internet(), api_server(pool), registry_login(pool), registry_data(pool)};
}

std::vector<std::array<Target, 4>> Analysis::pool_targets() const {
  std::vector<std::array<Target, 4>> out;
  for (const auto& pool : network_.cluster->node_pools) {
    out.push_back(source_key(pool.name) ? targets_of(pool.name) : std::array<Target, 4>{});
  }
  return out;
}

std::optional<Analysis::Reproof> Analysis::replace_variant(const model::Network& next,
                                                           const ClusterEndpoints& endpoints) {
  if (!network_.cluster || !network_.same_but_variant_objects(next)) return std::nullopt;
  if (name_set(next, endpoints) != name_set(network_, endpoints_)) return std::nullopt;  // name classes
  const bool egress = !(network_.load_balancers == next.load_balancers && network_.public_ips == next.public_ips &&
                        network_.cluster->outbound_type == next.cluster->outbound_type);
  const EndpointChange moved = endpoint_change(network_, next);
  const auto before_targets = pool_targets();
  network_.public_ips = next.public_ips;
  network_.load_balancers = next.load_balancers;
  network_.private_endpoints = next.private_endpoints;
  network_.internal_endpoints = next.internal_endpoints;
  network_.private_dns_zones = next.private_dns_zones;
  network_.cluster->outbound_type = next.cluster->outbound_type;
  network_.cluster->api_server_access = next.cluster->api_server_access;
  network_.reindex();
  endpoints_ = endpoints;
  flows_.clear();
  forget_answers();
  forget_reachability();
  std::map<VertexId, StageEdges> before;
  const auto keep = keeping(before);
  const GraphInput input = graph_input();
  if (egress) rebuild_egress(graph_, input, keep);
  if (!moved.subnets.empty() &&
      !rebuild_endpoint_stages(graph_, input, moved.route_vnets, moved.subnets, keep)) {
    rebuild_graph();
    return Reproof{pools_reaching(std::nullopt), {}};
  }
  find_sinks();
  return reproof_after(before, &before_targets);
}

// Which questions the rebuilt stages and the moved targets leave open, per pool: a question
// whose target is as it was and whose packets meet no change on the pool's way keeps its verdict.
Analysis::Reproof Analysis::reproof_after(const std::map<VertexId, StageEdges>& before,
                                          const std::vector<std::array<Target, 4>>* before_targets) {
  // Stages grouped by what changed in them: one reachability pass per distinct change.
  std::map<int, std::pair<PacketSet, std::vector<VertexId>>> changes;
  for (const auto& [stage, edges] : before) {
    PacketSet changed = changed_packets(edges, graph_, stage);
    if (changed.is_empty()) continue;
    auto& group = changes[changed.id()];
    group.first = changed;
    group.second.push_back(stage);
  }
  std::vector<std::pair<PacketSet, std::vector<bool>>> reaching;
  for (const auto& [id, group] : changes) reaching.emplace_back(group.first, can_reach(graph_, group.second));
  Reproof reproof;
  const auto& pools = network_.cluster->node_pools;
  for (std::size_t p = 0; p < pools.size(); ++p) {
    const VertexId source = pool_sources_[p];
    if (source == graph_.drop) continue;  // (no source stage)
    const bool meets_change = std::any_of(reaching.begin(), reaching.end(), [&](const auto& r) { return r.second[source]; });
    if (!before_targets && !meets_change) continue;  // targets as they were, nothing changed on its way
    const auto after = targets_of(pools[p].name);
    std::array<bool, 4> open{};
    for (std::size_t q = 0; q < 4; ++q) {
      open[q] = before_targets && !same_target((*before_targets)[p][q], after[q]);
      for (const auto& [changed, reaches] : reaching) {
        open[q] = open[q] || (reaches[source] && changed.intersects(after[q].packets));
      }
    }
    if (open[0] || open[2] || open[3]) {
      reproof.pools.push_back(pools[p].name);
    } else if (open[1]) {
      reproof.api_only.push_back(pools[p].name);
    }
  }
  return reproof;
}

}  // namespace airgap::sim
