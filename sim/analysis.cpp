#include "sim/analysis.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/address_space.hpp"
#include "sim/dns.hpp"
#include "sim/fqdn_tags.hpp"
#include "sim/graph_builder.hpp"
#include "sim/header_space.hpp"
#include "sim/summary.hpp"
#include "sim/witness.hpp"

namespace airgap::sim {

std::string_view to_string(Status status) {
  switch (status) {
    case Status::reachable: return "reachable";
    case Status::unreachable: return "unreachable";
    case Status::unknown: return "unknown";
  }
  return "unknown";
}

namespace {

// A firewall's rules in file order (groups, then collections, then rules).
std::vector<const model::FirewallRule*> rules_in_order(const model::Firewall& fw) {
  std::vector<const model::FirewallRule*> rules;
  for (const auto& group : fw.rule_collection_groups) {
    for (const auto& collection : group.rule_collections) {
      for (const auto& rule : collection.rules) rules.push_back(&rule);
    }
  }
  return rules;
}

bool same_name_fields(const model::FirewallRule& a, const model::FirewallRule& b) {
  return a.target_fqdns == b.target_fqdns && a.destination_fqdns == b.destination_fqdns && a.fqdn_tags == b.fqdn_tags;
}

}  // namespace

std::vector<std::string> names_of(const model::Firewall& fw, const std::string& region) {
  std::vector<std::string> names;
  for (const auto* rule : rules_in_order(fw)) {
    names.insert(names.end(), rule->target_fqdns.begin(), rule->target_fqdns.end());
    names.insert(names.end(), rule->destination_fqdns.begin(), rule->destination_fqdns.end());
    for (const auto& tag : rule->fqdn_tags) {
      if (auto expanded = expand_fqdn_tag(tag, region)) names.insert(names.end(), expanded->begin(), expanded->end());
    }
  }
  return names;
}

bool same_names(const model::Firewall& a, const model::Firewall& b, const std::string& region) {
  // Rules with equal FQDN fields, in order, name the same patterns without a tag expanded.
  const auto ra = rules_in_order(a);
  const auto rb = rules_in_order(b);
  const bool same_fields = std::equal(ra.begin(), ra.end(), rb.begin(), rb.end(),
                                      [](const auto* x, const auto* y) { return same_name_fields(*x, *y); });
  return same_fields || names_of(a, region) == names_of(b, region);
}

std::string region_of(const model::Network& net) { return net.cluster ? net.cluster->location : "westeurope"; }

std::vector<std::string> names_of(const model::Network& net, const ClusterEndpoints& endpoints) {
  std::vector<std::string> names;
  const std::string region = region_of(net);
  for (const auto& fw : net.firewalls) {
    const auto more = names_of(fw, region);
    names.insert(names.end(), more.begin(), more.end());
  }
  for (const auto& registry : net.registries) {
    names.push_back(registry.login_fqdn());
    names.push_back(registry.data_fqdn(region));
  }
  // Every name the API server can have, whatever the variant's mode: name classes then do not
  // depend on the mode, so one graph can serve a sweep's three modes.
  if (net.cluster) {
    const ApiServerNames api = api_server_names(*net.cluster);
    for (const auto* name : {&api.public_fqdn, &api.private_link, &api.byo_zone}) {
      if (!name->empty()) names.push_back(*name);
    }
  }
  if (!endpoints.api_fqdn.empty()) names.push_back(endpoints.api_fqdn);
  for (const auto& expect : net.expectations) {
    if (!model::is_ip_like(expect.to) && expect.to.find('.') != std::string::npos &&
        expect.to.find('/') == std::string::npos) {
      names.push_back(expect.to);
    }
  }
  return names;
}

namespace {

std::vector<model::SubnetId> resolve_subnets(const model::Network& net,
                                             const std::vector<std::string>& refs) {
  std::vector<model::SubnetId> out;
  for (const auto& ref : refs) {
    if (auto id = net.find_subnet(ref)) out.push_back(*id);
  }
  return out;
}

PacketSet tcp_port(std::uint16_t port) {
  return PacketSet::protocol(ip_proto::tcp) & PacketSet::dst_ports({port, port});
}

// About how many BDD nodes a design's analysis keeps live: a few per rule and route, a few
// hundred per VNet (its tags and route lookups). L templated: 843 k live for 110 k rules and
// routes and 1,001 VNets; this says 1.1 M.
std::size_t bdd_nodes_for(const model::Network& network) {
  std::size_t entries = 0;
  for (const auto& nsg : network.nsgs) entries += nsg.rules.size();
  for (const auto& table : network.route_tables) entries += table.routes.size();
  return 8 * entries + 256 * network.vnets.size();
}

model::Network sized_for_bdds(model::Network network) {
  size_bdd_nodes_for(bdd_nodes_for(network));
  return network;
}

}  // namespace

Analysis::Analysis(model::Network network, ClusterEndpoints endpoints,
                   std::vector<std::string> subnet_sources, const std::vector<std::string>& extra_names)
    : network_(sized_for_bdds(std::move(network))), endpoints_(std::move(endpoints)), extra_names_(extra_names) {
  network_.reindex();
  partition_names();
  space_ = std::make_unique<AddressSpace>(network_);
  for (const auto& expect : network_.expectations) {
    if (network_.find_subnet(expect.from)) subnet_sources.push_back(expect.from);
  }
  std::sort(subnet_sources.begin(), subnet_sources.end());
  subnet_sources.erase(std::unique(subnet_sources.begin(), subnet_sources.end()),
                       subnet_sources.end());
  subnet_sources_ = resolve_subnets(network_, subnet_sources);
  rebuild_graph();
}

bool Analysis::partition_names() {
  std::vector<std::string> patterns = names_of(network_, endpoints_);
  patterns.insert(patterns.end(), extra_names_.begin(), extra_names_.end());
  std::sort(patterns.begin(), patterns.end());
  patterns.erase(std::unique(patterns.begin(), patterns.end()), patterns.end());
  if (patterns == name_patterns_) return false;
  name_patterns_ = std::move(patterns);
  names_ = NameUniverse();
  for (const auto& name : *name_patterns_) names_.add(name);
  names_.finalize();
  // Sets over the old classes mean other names now: nothing worked out over them may stay.
  summaries_ = SummaryMemo();
  firewall_memo_.clear();
  nsg_decisions_.clear();
  flows_.clear();
  forget_answers();
  focus_.clear();
  return true;
}

void Analysis::find_sinks() {
  // The drop counts as a sink: where packets stop is what blockers report.
  std::vector<VertexId> sinks{graph_.drop};
  for (auto [v, end] = boost::vertices(graph_.graph); v != end; ++v) {
    const auto kind = graph_.graph[*v].kind;
    if (kind != VertexKind::drop && boost::out_degree(*v, graph_.graph) == 0) sinks.push_back(*v);
    if (kind == VertexKind::deliver || kind == VertexKind::endpoint) sinks.push_back(*v);
  }
  all_sinks_ = std::move(sinks);
}

void Analysis::forget_out_edges(VertexId v) {
  for (auto [e, end] = boost::out_edges(v, graph_.graph); e != end; ++e) {
    view_->forget(graph_.graph[*e]);
    blockers_.forget(graph_.graph[*e]);
  }
}

GraphInput Analysis::graph_input() {
  return GraphInput{network_, *space_, names_, subnet_sources_, &firewall_memo_, &nsg_decisions_};
}

void Analysis::rebuild_graph() {
  forget_reachability();
  blockers_.clear();  // (before the old graph's edges go)
  nsg_decisions_.clear();  // (the new graph's are worked out afresh)
  forget_answers();        // (its vertices are new)
  graph_ = build_forwarding_graph(graph_input());
  retired_rules_.clear();  // (after the build: the old graph's explainers are gone)
  view_ = std::make_unique<EdgeView>(graph_);
  find_sinks();
  find_pool_sources();
}

void Analysis::forget_reachability() { reaching_.clear(); }

const std::vector<bool>& Analysis::reaching(const std::vector<VertexId>& targets) {
  auto it = reaching_.find(targets);
  if (it == reaching_.end()) it = reaching_.emplace(targets, can_reach(graph_, targets)).first;
  return it->second;
}

std::vector<std::string> Analysis::pools_reaching(const std::optional<std::vector<VertexId>>& stages) {
  std::vector<std::string> pools;
  if (!network_.cluster || (stages && stages->empty())) return pools;
  const std::vector<bool>* reaches = stages ? &reaching(*stages) : nullptr;
  const auto& all = network_.cluster->node_pools;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const VertexId source = pool_sources_[i];
    if (source == graph_.drop) continue;
    if (reaches == nullptr || (*reaches)[source]) pools.push_back(all[i].name);
  }
  return pools;
}

Analysis::~Analysis() = default;

std::optional<VertexId> Analysis::source_vertex(const std::string& from) const {
  if (const auto* pool = network_.find_node_pool(from)) {
    const VertexId v = pool_sources_[static_cast<std::size_t>(pool - network_.cluster->node_pools.data())];
    if (v != graph_.drop) return v;
  }
  if (auto it = graph_.by_key.find(subnet_source_key(from)); it != graph_.by_key.end()) return it->second;
  return std::nullopt;
}

void Analysis::find_pool_sources() {
  pool_sources_.clear();
  if (!network_.cluster) return;
  for (const auto& pool : network_.cluster->node_pools) {
    const auto it = graph_.by_key.find(pool_key(pool.name));
    pool_sources_.push_back(it == graph_.by_key.end() ? graph_.drop : it->second);
  }
}

std::optional<std::string> Analysis::source_key(const std::string& from) const {
  if (const auto v = source_vertex(from)) return graph_.graph[*v].key;
  return std::nullopt;
}

std::optional<std::size_t> Analysis::source_vnet(const std::string& from) const {
  if (const auto* pool = network_.find_node_pool(from)) {
    if (auto id = network_.find_subnet(pool->subnet)) return id->vnet;
  }
  if (auto id = network_.find_subnet(from)) return id->vnet;
  return std::nullopt;
}

const std::vector<bool>& Analysis::relevant_to(const std::vector<VertexId>& sinks) {
  std::vector<VertexId> targets = sinks;
  targets.push_back(graph_.drop);  // where packets stop is what blockers report
  return reaching(targets);
}

const FlowResult& Analysis::flow(const std::string& from, const std::vector<VertexId>& sinks,
                                 const PacketSet& start) {
  std::vector<VertexId> sorted_sinks = sinks;
  std::sort(sorted_sinks.begin(), sorted_sinks.end());
  auto key = std::make_tuple(*source_vertex(from), sorted_sinks, start.id());
  for (const auto& cached : flows_) {
    if (cached.key == key) return cached.result;
  }
  const auto& relevant = relevant_to(sorted_sinks);
  FlowResult result = propagate(graph_, *view_, std::get<0>(key), TriSet::exact(start), relevant);
  if (flows_.size() >= flow_window) flows_.pop_front();
  flows_.push_back(CachedFlow{std::move(key), start, std::move(result)});
  return flows_.back().result;
}

const FlowResult& Analysis::flow(const std::string& from) { return flow(from, all_sinks_); }

void Analysis::focus(const std::vector<Target>& targets) {
  focus_.clear();
  focus_packets_ = PacketSet::none();
  for (const auto& t : targets) {
    focus_.insert(focus_.end(), t.sinks.begin(), t.sinks.end());
    focus_packets_ |= t.packets;
  }
  std::sort(focus_.begin(), focus_.end());
  focus_.erase(std::unique(focus_.begin(), focus_.end()), focus_.end());
}

Target Analysis::internet() const {
  // The internet is the public address space: a packet to 10.x or 224.x that leaves through a
  // public IP reaches no host there.
  const PacketSet& public_space = AddressSpace::public_destinations();
  Target target{"the internet", {graph_.internet}, public_space, {}, std::nullopt, std::nullopt, {}};
  target.blocker_focus = public_space;
  return target;
}

Target Analysis::private_name_target(const std::string& from, const std::string& label,
                                     const std::string& public_name,
                                     const std::string& privatelink_name, PacketSet service) const {
  Target target;
  target.label = label;
  auto vnet = source_vnet(from);
  if (!vnet) return target;
  DnsAnswer answer = resolve_private_name(network_, *vnet, privatelink_name);
  target.notes.push_back(fmt::format("DNS: {}", answer.explanation));
  target.notes.insert(target.notes.end(), answer.assumptions.begin(), answer.assumptions.end());
  switch (answer.kind) {
    case Resolution::private_address:
      for (const auto& pe : network_.private_endpoints) {
        for (const auto& ip : pe.private_ip_addresses) {
          if (ip == answer.address) target.sinks.push_back(graph_.vertex(endpoint_key(pe.name)));
        }
      }
      if (target.sinks.empty()) {
        target.blocked = fmt::format("{} resolves to {}, which is no private endpoint's address",
                                     public_name, answer.address.to_string());
        target.blocked_at = answer.at;
      }
      target.packets = service & PacketSet::dst_ip(answer.address);
      target.label += fmt::format(" ({} -> {})", public_name, answer.address.to_string());
      return target;
    case Resolution::public_address:
      target.sinks.push_back(graph_.internet);
      target.packets = service & PacketSet::name(names_.class_of(public_name)) & AddressSpace::public_destinations();
      target.label += fmt::format(" ({}, public endpoint)", public_name);
      return target;
    case Resolution::nxdomain:
      target.blocked = fmt::format("{} does not resolve: {}", public_name, answer.explanation);
      target.blocked_at = answer.at;
      return target;
  }
  return target;
}

Target Analysis::api_server(const std::string& from) const {
  const auto& cluster = *network_.cluster;
  const PacketSet https = tcp_port(443);
  if (cluster.api_server_access == model::ApiServerAccess::public_access) {
    // A public name resolves to a public address: only packets to the public space ask it.
    Target t{"API server (public endpoint)", {graph_.internet},
             https & PacketSet::name(names_.class_of(endpoints_.api_fqdn)) & AddressSpace::public_destinations(), {},
             std::nullopt, std::nullopt, {}};
    t.notes.push_back("public API server: node traffic to it uses the outbound type");
    return t;
  }
  if (cluster.api_server_access == model::ApiServerAccess::vnet_integration) {
    for (const auto& ep : network_.internal_endpoints) {
      if (ep.name != endpoints_.api_endpoint) continue;
      Target t{fmt::format("API server (internal load balancer {}:443)", ep.ip_address.to_string()),
               {graph_.vertex(endpoint_key(ep.name))}, https & PacketSet::dst_ip(ep.ip_address),
               {"API Server VNet Integration: nodes use the internal load balancer address, no DNS"},
               std::nullopt, std::nullopt, {}};
      return t;
    }
    return Target{"API server", {}, PacketSet::none(), {}, std::nullopt, "no API server endpoint exists", {}};
  }
  if (cluster.private_dns_zone == "none") {
    for (const auto& pe : network_.private_endpoints) {
      if (pe.name != endpoints_.api_endpoint) continue;
      const auto ip = pe.private_ip_addresses.front();
      return Target{fmt::format("API server (private endpoint {}:443)", ip.to_string()),
                    {graph_.vertex(endpoint_key(pe.name))}, https & PacketSet::dst_ip(ip),
                    {"privateDnsZone = none: nodes use the public FQDN, assumed to resolve to the "
                     "private endpoint address [I]"},
                    std::nullopt, std::nullopt, {}};
    }
  }
  return private_name_target(from, "API server", endpoints_.api_fqdn, endpoints_.api_fqdn, https);
}

Target Analysis::registry_target(const std::string& from, bool data) const {
  const auto* registry = network_.find_registry(endpoints_.registry);
  if (registry == nullptr) {
    return Target{data ? "registry data endpoint" : "registry login endpoint", {}, PacketSet::none(),
                  {}, std::nullopt, "no registry is configured", {}};
  }
  const std::string region = network_.cluster ? network_.cluster->location : "westeurope";
  const std::string public_name = data ? registry->data_fqdn(region) : registry->login_fqdn();
  const std::string privatelink = data
      ? fmt::format("{}.{}.data.privatelink.azurecr.io", registry->name, region)
      : fmt::format("{}.privatelink.azurecr.io", registry->name);
  Target target = private_name_target(
      from, fmt::format("registry '{}' {}", registry->name, data ? "data" : "login"), public_name,
      privatelink, tcp_port(443));
  const bool is_public = !target.sinks.empty() && target.sinks.front() == graph_.internet;
  if (is_public && !registry->public_network_access && !target.blocked) {
    target.blocked = fmt::format("{} resolves to the public endpoint, and registry '{}' has public "
                                 "network access disabled: requests are refused",
                                 public_name, registry->name);
    target.blocked_at = registry->source;
  }
  return target;
}

Target Analysis::registry_login(const std::string& from) const { return registry_target(from, false); }
Target Analysis::registry_data(const std::string& from) const { return registry_target(from, true); }

Target Analysis::parse_target(const std::string& from, const std::string& to) const {
  if (to == "internet") return internet();
  if (to == "apiserver") return api_server(from);
  if (to == "registry") return registry_login(from);
  if (model::is_ip_like(to)) {
    auto prefix = model::parse_prefix(to, true);
    Target t{to, {}, PacketSet::dst(*prefix.value), {}, std::nullopt, std::nullopt, {}};
    for (auto [v, end] = boost::vertices(graph_.graph); v != end; ++v) {
      const auto kind = graph_.graph[*v].kind;
      if (kind == VertexKind::deliver || kind == VertexKind::endpoint ||
          kind == VertexKind::internet || kind == VertexKind::platform || kind == VertexKind::service) {
        t.sinks.push_back(*v);
      }
    }
    return t;
  }
  // Names with private DNS: the cluster's registry (login and data) and its API server.
  const std::string region = network_.cluster ? network_.cluster->location : "westeurope";
  for (const auto& registry : network_.registries) {
    if (to == registry.login_fqdn() && registry.name == endpoints_.registry) return registry_login(from);
    if (to == registry.data_fqdn(region) && registry.name == endpoints_.registry) return registry_data(from);
    if (to == registry.login_fqdn() || to == registry.data_fqdn(region)) {
      const bool data = to != registry.login_fqdn();
      const std::string privatelink = data ? fmt::format("{}.{}.data.privatelink.azurecr.io", registry.name, region)
                                           : fmt::format("{}.privatelink.azurecr.io", registry.name);
      return private_name_target(from, fmt::format("registry '{}'", registry.name), to, privatelink,
                                 PacketSet::all());
    }
  }
  if (network_.cluster && to == endpoints_.api_fqdn) return api_server(from);
  if (auto id = network_.find_subnet(to)) {
    const auto& subnet = network_.subnet(*id);
    return Target{fmt::format("subnet '{}'", to), {graph_.vertex(deliver_key(to))},
                  PacketSet::dst(subnet.address_prefix), {}, std::nullopt, std::nullopt, {}};
  }
  return Target{to, {graph_.internet}, PacketSet::name(names_.class_of(to)) & AddressSpace::public_destinations(), {},
                std::nullopt, std::nullopt, {}};
}

std::vector<PacketSet> Analysis::witness_preferences(const std::string& from) const {
  PacketSet host;  // the subnet's first usable address (Azure reserves .0-.3)
  const auto* pool = network_.find_node_pool(from);
  if (auto id = network_.find_subnet(pool ? pool->subnet : from)) {
    host = PacketSet::src(model::Prefix::host(model::Ipv4{network_.subnet(*id).address_prefix.first() + 4}));
  }
  return {PacketSet::protocol(ip_proto::tcp),
          PacketSet::dst_ports({443, 443}),
          AddressSpace::public_destinations(),
          PacketSet::dst(model::Prefix{model::Ipv4{0xCB00710Au}, 32}),  // 203.0.113.10 (TEST-NET-3)
          PacketSet::src_ports({50000, 50000}), host};
}

}  // namespace airgap::sim
