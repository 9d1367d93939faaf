#include "sim/graph_builder.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/graph_builder_detail.hpp"
#include "sim/text.hpp"
#include "sim/topology.hpp"

namespace airgap::sim {

namespace {
constexpr std::string_view pool_key_prefix = "pool:";
constexpr std::string_view subnet_source_key_prefix = "subnet-source:";
}  // namespace

std::string pool_key(const std::string& pool) { return std::string(pool_key_prefix) + pool; }
std::string subnet_source_key(const std::string& s) { return std::string(subnet_source_key_prefix) + s; }
std::string deliver_key(const std::string& s) { return "deliver:" + s; }
std::string endpoint_key(const std::string& e) { return "endpoint:" + e; }

std::vector<VertexId> rebuild_sources_using(ForwardingGraph& graph, const GraphInput& input,
                                            const std::string& nsg,
                                            const std::function<void(VertexId)>& before_clear,
                                            const NsgRuleEdit* edit) {
  return detail::Builder(input, graph).rebuild_sources(nsg, before_clear, edit);
}

std::optional<VertexId> rebuild_firewall(ForwardingGraph& graph, const GraphInput& input,
                                         const std::string& firewall,
                                         const std::function<void(VertexId)>& before_clear) {
  return detail::Builder(input, graph).rebuild_firewall(firewall, before_clear);
}

void rebuild_egress(ForwardingGraph& graph, const GraphInput& input,
                    const std::function<void(VertexId)>& before_clear) {
  detail::Builder(input, graph).rebuild_egress(before_clear);
}

bool rebuild_endpoint_stages(
    ForwardingGraph& graph, const GraphInput& input, const std::vector<std::size_t>& route_vnets,
    const std::vector<std::string>& subnets, const std::function<void(VertexId)>& before_clear) {
  return detail::Builder(input, graph).rebuild_endpoint_stages(route_vnets, subnets, before_clear);
}

bool rebuild_routes_using(ForwardingGraph& graph, const GraphInput& input, const std::string& table,
                          const std::function<void(VertexId)>& before_clear) {
  return detail::Builder(input, graph).rebuild_routes_using(table, before_clear);
}

ForwardingGraph build_forwarding_graph(const GraphInput& input) {
  return detail::Builder(input).build();
}

namespace detail {

namespace {

const model::Prefix platform_prefixes[] = {
    model::Prefix{model::Ipv4{0xA83F8110u}, 32},  // 168.63.129.16
    model::Prefix{model::Ipv4{0xA9FEA9FEu}, 32},  // 169.254.169.254
};

}  // namespace

std::string qualified(const model::Network& network, model::SubnetId id) {
  return network.subnet_name(id);
}

namespace {

const PacketSet& kept_well_formed(ForwardingGraph& graph, std::size_t names) {
  if (!graph.well_formed || graph.well_formed->first != names) {
    graph.well_formed.emplace(names, PacketSet::well_formed(static_cast<std::uint32_t>(names)));
  }
  return graph.well_formed->second;
}

}  // namespace

Builder::Builder(const GraphInput& input) : Builder(input, own_) {}

Builder::Builder(const GraphInput& input, ForwardingGraph& graph)
    : in_(input),
      net_(input.network),
      fg_(graph),
      well_formed_(kept_well_formed(graph, input.names.size())),
      region_(input.network.cluster ? input.network.cluster->location : "westeurope") {}

VertexId Builder::new_vertex(VertexKind kind, const std::string& key, std::string name,
                             model::SourceRef source) {
  const VertexId v = boost::add_vertex(fg_.graph);  // (with a property, Boost copies it)
  fg_.graph[v] = Vertex{kind, std::move(name), key, std::move(source)};
  fg_.by_key.emplace(key, v);
  return v;
}

void Builder::add_edge(VertexId from, VertexId to, Edge edge) {
  if (edge.constraint.is_empty()) return;
  // Boost 1.74's add_edge takes its property by const reference and copies it (texts,
  // attributions, sets): the edge goes in empty and its parts are moved in.
  const auto added = boost::add_edge(from, to, fg_.graph).first;
  fg_.graph[added] = std::move(edge);
}

void Builder::add_drop(VertexId from, TriSet packets, std::string description,
                       model::SourceRef source, std::vector<Attribution> because,
                       std::shared_ptr<const Gate> gate) {
  Edge edge;
  edge.constraint = std::move(packets);
  edge.description = std::move(description);
  edge.source = std::move(source);
  edge.because = std::move(because);
  edge.is_drop = true;
  edge.gate = std::move(gate);
  add_edge(from, fg_.drop, std::move(edge));
}

VertexId Builder::route_lookup_vertex(const Device& device) {
  return add_vertex(VertexKind::route_lookup, "route:" + device.key, [&] {
    return concat({"route lookup in '", qualified(net_, device.subnet), "' for ", device.name});
  });
}

std::optional<Device> Builder::firewall_device(const model::Firewall& fw) const {
  auto id = net_.find_subnet(fw.subnet);
  if (!id) return std::nullopt;
  return Device{DeviceKind::firewall, "fw:" + fw.name, fmt::format("firewall '{}'", fw.name), *id, {}, nullptr,
                &fw, nullptr};
}

VertexId Builder::clear_stage(const std::string& key, const std::function<void(VertexId)>& before_clear) {
  const VertexId v = fg_.vertex(key);
  before_clear(v);
  boost::clear_out_edges(v, fg_.graph);
  return v;
}

void Builder::collect_devices() {
  devices_.clear();
  collect_sources([](const Device&) { return true; });
  for (const auto& fw : net_.firewalls) {
    if (auto device = firewall_device(fw)) devices_.push_back(std::move(*device));
  }
  for (const auto& nva : net_.appliances) {
    auto id = net_.find_subnet(nva.subnet);
    if (!id) continue;
    devices_.push_back({DeviceKind::appliance, "nva:" + nva.name,
                        fmt::format("appliance '{}'", nva.name), *id, {}, nullptr, nullptr, &nva});
  }
}

// Node pools and subnet sources, those `wanted` keeps: the incremental path asks for a few of
// a thousand, and naming a device (formatting) costs more than testing it.
void Builder::collect_sources(const std::function<bool(const Device&)>& wanted,
                              const std::vector<const model::NodePool*>* only_pools) {
  Device probe;
  std::vector<const model::NodePool*> all_pools;
  if (only_pools == nullptr && net_.cluster) {
    for (const auto& pool : net_.cluster->node_pools) all_pools.push_back(&pool);
  }
  if (net_.cluster) {
    for (const auto* pool_ptr : only_pools != nullptr ? *only_pools : all_pools) {
      const auto& pool = *pool_ptr;
      auto id = net_.find_subnet(pool.subnet);
      if (!id) continue;
      probe = {DeviceKind::pool, {}, {}, *id, {}, &pool, nullptr, nullptr};
      if (!wanted(probe)) continue;
      devices_.push_back({DeviceKind::pool, pool_key(pool.name), fmt::format("node pool '{}'", pool.name),
                          *id, pool.application_security_groups, &pool, nullptr, nullptr});
    }
  }
  for (const auto& id : in_.subnet_sources) {
    probe = {DeviceKind::subnet, {}, {}, id, {}, nullptr, nullptr, nullptr};
    if (!wanted(probe)) continue;
    const auto name = qualified(net_, id);
    devices_.push_back({DeviceKind::subnet, subnet_source_key(name),
                        fmt::format("a VM in subnet '{}'", name), id, {}, nullptr, nullptr, nullptr});
  }
}

void Builder::collect_sources(const std::set<std::string>& keys) {
  // The source devices of these keys, in collect_sources order (pools as the cluster lists
  // them, then subnet sources): looked up by name, not found by a walk over every pool.
  std::vector<const model::NodePool*> pools;
  std::set<std::string> subnets;
  for (const std::string_view key : keys) {
    if (key.starts_with(pool_key_prefix)) {
      if (const auto* pool = net_.find_node_pool(key.substr(pool_key_prefix.size()))) pools.push_back(pool);
    } else if (key.starts_with(subnet_source_key_prefix)) {
      subnets.emplace(key.substr(subnet_source_key_prefix.size()));
    }
  }
  std::sort(pools.begin(), pools.end());  // one vector: address order is list order
  collect_sources([&](const Device& probe) {
    return probe.pool != nullptr || subnets.contains(qualified(net_, probe.subnet));
  }, &pools);
}

NsgOutcome Builder::nsg_outcome(const std::string& nsg_name, model::Direction direction,
                                const NsgContext& context, const std::string& where, bool allowed_as_gate) {
  const model::Nsg* nsg = net_.find_nsg(nsg_name);
  if (nsg == nullptr || in_.nsg_decisions == nullptr) {
    return detail::nsg_outcome(nsg, direction, in_.space, context, where);
  }
  return outcome_of(*nsg, direction, in_.space, context, where, kept_decision(*nsg, direction, context),
                    allowed_as_gate);
}

NsgDecision& Builder::kept_decision(const model::Nsg& nsg, model::Direction direction,
                                    const NsgContext& context) {
  auto& kept = *in_.nsg_decisions;
  std::string key = decision_key(nsg.name, direction, context);
  const auto it = kept.find(key);
  const bool edited = edit_ != nullptr && edit_->nsg == nsg.name;
  if (it != kept.end() && (!edited || decided_.contains(key))) return it->second;
  std::optional<NsgDecision> decision;
  if (it != kept.end()) decision = evaluate_nsg_edit(it->second, nsg, *edit_, direction, in_.space, context);
  if (!decision) decision = evaluate_nsg(nsg, direction, in_.space, context);
  decided_.insert(key);
  NsgDecision& slot = kept[std::move(key)];
  slot = std::move(*decision);
  return slot;
}

TriSet Builder::platform_denied(const model::Nsg& nsg, const NsgContext& context) {
  if (in_.nsg_decisions == nullptr) return sim::platform_denied(nsg, context, in_.space);
  // (A source rebuild after an edit would otherwise read every rule again for the few, if any,
  // that name AzurePlatform* tags.)
  NsgDecision& decision = kept_decision(nsg, model::Direction::outbound, context);
  if (!decision.platform_denied) decision.platform_denied = sim::platform_denied(nsg, context, in_.space);
  return *decision.platform_denied;
}

// Drops the decisions of `nsg` this builder did not keep: after an edit of its rules they
// describe the rules before it (no stage reads them now, and none may later).
void Builder::forget_stale_decisions(const std::string& nsg) {
  if (in_.nsg_decisions == nullptr) return;
  auto& kept = *in_.nsg_decisions;
  const std::string prefix = decision_key_prefix(nsg);
  for (auto it = kept.lower_bound(prefix); it != kept.end() && it->first.starts_with(prefix);) {
    it = decided_.contains(it->first) ? std::next(it) : kept.erase(it);
  }
}

TriSet Builder::nsg_allowed(const std::string& nsg_name, model::Direction direction,
                            const NsgContext& context, VertexId from, const std::string& where,
                            std::vector<Attribution>* allowed_because,
                            std::vector<std::string>* unknowns, std::shared_ptr<const Gate>* as_gate) {
  NsgOutcome outcome = nsg_outcome(nsg_name, direction, context, where, as_gate != nullptr);
  if (unknowns != nullptr) unknowns->insert(unknowns->end(), outcome.unknowns.begin(), outcome.unknowns.end());
  if (allowed_because != nullptr) {
    allowed_because->insert(allowed_because->end(), outcome.allowed_because.begin(),
                            outcome.allowed_because.end());
  }
  if (outcome.denied_gate) {
    // (Formed when a blocker asks: a flow only notes the drops it meets.)
    add_edge(from, fg_.drop, Edge{TriSet::all(), std::nullopt, outcome.description, outcome.source, {},
                                  outcome.unknowns, true, outcome.denied_gate});
  } else if (!outcome.denied.is_empty()) {
    Edge edge{outcome.denied, std::nullopt, outcome.description, outcome.source, outcome.because,
              outcome.unknowns, true, nullptr};
    add_edge(from, fg_.drop, std::move(edge));
  }
  if (outcome.allowed_gate) *as_gate = outcome.allowed_gate;  // (its attributions and unknowns too)
  return outcome.allowed;
}

void Builder::build_source(const Device& device) {
  const auto& subnet = net_.subnet(device.subnet);
  VertexId source = add_vertex(VertexKind::source, device.key,
                               concat({device.name, " (", qualified(net_, device.subnet), ")"}),
                               device.pool != nullptr ? device.pool->source : subnet.source);
  // The subnet's source addresses are applied by flows at the end (ForwardingGraph::source_filters).
  fg_.source_filters.emplace(source, PacketSet::src(subnet.address_prefix));
  for (const std::string* nsg_name : {device.pool ? &device.pool->nic_network_security_group : nullptr,
                                      &subnet.network_security_group}) {
    if (nsg_name != nullptr && !nsg_name->empty()) fg_.nsg_sources[*nsg_name].insert(device.key);
  }
  const PacketSet& from_nic = well_formed_;
  static const PacketSet platform = [] {
    PacketSet set;
    for (const auto& p : platform_prefixes) set |= PacketSet::dst(p);
    return set;
  }();
  // Host addresses answer without routes or NSGs (azure-semantics §3).
  VertexId platform_sink = add_vertex(VertexKind::platform, "platform",
                                      "Azure platform (168.63.129.16 / IMDS)");
  // NSGs touch these addresses only through rules naming the AzurePlatform* tags (§3).
  TriSet to_platform = TriSet::exact(from_nic & platform);
  for (const std::string* nsg_name : {device.pool ? &device.pool->nic_network_security_group : nullptr,
                                      &subnet.network_security_group}) {
    if (nsg_name == nullptr) continue;
    const model::Nsg* nsg = net_.find_nsg(*nsg_name);
    if (nsg == nullptr) continue;
    const TriSet denied = platform_denied(*nsg, NsgContext{device.subnet.vnet, device.asgs, true}) & to_platform;
    if (denied.is_empty()) continue;
    add_drop(source, denied, fmt::format("NSG '{}' blocks a platform address with an AzurePlatform* tag rule", nsg->name),
             nsg->source);
    to_platform = to_platform - denied;
  }
  add_edge(source, platform_sink,
           Edge{to_platform, std::nullopt,
                "host address: not subject to routes, nor to NSGs without AzurePlatform* rules", {}, {}, {}, false, nullptr});
  NsgContext context{device.subnet.vnet, device.asgs, true};
  std::optional<TriSet> allowed;  // by the NSGs; none: no NSG
  std::vector<Attribution> because;
  std::vector<std::string> unknowns;
  const bool nic_nsg = device.pool != nullptr && !device.pool->nic_network_security_group.empty();
  const bool subnet_nsg = net_.find_nsg(subnet.network_security_group) != nullptr;
  // One NSG edited since its decision was formed: its gate lets through a set formed when a
  // flow asks (an answer reads the edit's patch). Two NSGs' sets are formed and intersected.
  std::shared_ptr<const Gate> edited;
  std::shared_ptr<const Gate>* as_gate = nic_nsg != subnet_nsg ? &edited : nullptr;
  if (nic_nsg) {
    allowed = nsg_allowed(device.pool->nic_network_security_group, model::Direction::outbound, context,
                          source, "the node NIC", &because, &unknowns, as_gate);
  }
  if (subnet_nsg) {
    const TriSet by_subnet = nsg_allowed(
        subnet.network_security_group, model::Direction::outbound, context, source,
        concat({"subnet '", qualified(net_, device.subnet), "'"}), &because, &unknowns, as_gate);
    allowed = allowed ? *allowed & by_subnet : by_subnet;
  }
  VertexId lookup = route_lookup_vertex(device);
  // The NSGs' decision gates the small "well-formed, not a platform address" set.
  add_edge(source, lookup,
           Edge{TriSet::exact(from_nic - platform),
                std::nullopt,
                concat({"leaves ", device.name,
                        allowed ? " (outbound NSGs allow it)" : " (no NSG on its NIC or subnet)"}),
                subnet.source,
                {},
                {},
                false,
                edited    ? edited
                : allowed ? std::make_shared<DecidedGate>(std::move(*allowed), std::move(because),
                                                          std::move(unknowns))
                          : nullptr});
}

std::shared_ptr<const Admission> Builder::admission(model::SubnetId id) {
  if (auto it = admissions_.find(id); it != admissions_.end()) return it->second;
  const auto& subnet = net_.subnet(id);
  const model::Nsg* nsg = net_.find_nsg(subnet.network_security_group);
  std::shared_ptr<const Admission> admission;
  if (nsg != nullptr) {
    PacketSet endpoint_ips;
    for (const auto& pe : net_.private_endpoints) {
      if (pe.subnet != qualified(net_, id)) continue;
      for (const auto& ip : pe.private_ip_addresses) endpoint_ips |= PacketSet::dst_ip(ip);
    }
    // NSGs reach private endpoints only when the subnet's PE network policies enable them (§6.1).
    const bool pe_nsg = subnet.private_endpoint_network_policies == model::PeNetworkPolicies::nsg_enabled ||
                        subnet.private_endpoint_network_policies == model::PeNetworkPolicies::enabled;
    admission = std::make_shared<const Admission>(*nsg, in_.space, id.vnet,
                                                  fmt::format("subnet '{}'", qualified(net_, id)),
                                                  endpoint_ips, pe_nsg);
  }
  return admissions_.emplace(id, std::move(admission)).first->second;
}

VertexId Builder::endpoint_vertex(const std::string& name, std::string text, const model::SourceRef& source) {
  const std::string key = endpoint_key(name);
  // A rebuild meets the vertex an earlier variant's endpoint of this name left (unreachable
  // since): reusable only if it reads the same.
  if (fg_.has(key)) {
    const Vertex& old = fg_.graph[fg_.vertex(key)];
    if (old.name != text || !(old.source == source)) stale_endpoint_ = true;
  }
  return add_vertex(VertexKind::endpoint, key, std::move(text), source);
}

void Builder::build_deliveries(const std::function<bool(const std::string&)>& wanted) {
  for (const auto& pe : net_.private_endpoints) {
    auto id = net_.find_subnet(pe.subnet);
    if (!id || !wanted(pe.subnet)) continue;
    VertexId deliver = add_vertex(VertexKind::deliver, deliver_key(pe.subnet),
                                  fmt::format("subnet '{}'", pe.subnet), net_.subnet(*id).source);
    VertexId sink = endpoint_vertex(pe.name,
                                    fmt::format("private endpoint '{}' ({} {})", pe.name, pe.target,
                                                pe.group_id),
                                    pe.source);
    PacketSet ips;
    for (const auto& ip : pe.private_ip_addresses) ips |= PacketSet::dst_ip(ip);
    if (pe.connection_state != "Approved") {
      add_drop(deliver, TriSet::exact(ips),
               fmt::format("private endpoint '{}' connection is {}, not Approved", pe.name,
                           pe.connection_state),
               pe.source);
      continue;
    }
    add_edge(deliver, sink, Edge{TriSet::exact(ips), std::nullopt,
                                 fmt::format("delivered to private endpoint '{}'", pe.name),
                                 pe.source, {}, {}, false, nullptr});
  }
  for (const auto& ep : net_.internal_endpoints) {
    auto id = net_.find_subnet(ep.subnet);
    if (!id || !wanted(ep.subnet)) continue;
    VertexId deliver = add_vertex(VertexKind::deliver, deliver_key(ep.subnet),
                                  fmt::format("subnet '{}'", ep.subnet), net_.subnet(*id).source);
    VertexId sink = endpoint_vertex(ep.name, ep.description, ep.source);
    add_edge(deliver, sink, Edge{TriSet::exact(PacketSet::dst_ip(ep.ip_address)), std::nullopt,
                                 fmt::format("delivered to {}", ep.description), ep.source, {}, {},
                                 false, nullptr});
  }
}

void Builder::build_route_lookup(const Device& device) {
  VertexId lookup = route_lookup_vertex(device);
  const auto choices = effective_routes(net_, in_.space, device.subnet);
  // A hub routes to hundreds of peered subnets. Behind one "into VNets" stage, a packet bound
  // for the internet is tested once against all of them instead of once per subnet.
  auto into_vnets = [](const RouteChoice& c) {
    return c.route.kind == HopKind::vnet_local || c.route.kind == HopKind::peering ||
           c.route.kind == HopKind::interface_endpoint;
  };
  std::size_t deliveries = 0;
  TriSet vnet_bound;
  for (const auto& c : choices) {
    if (!into_vnets(c)) continue;
    deliveries += net_.vnets[c.route.target_vnet].subnets.size();
    vnet_bound |= c.selected;
  }
  VertexId vnet_stage = lookup;
  if (deliveries > 64) {
    vnet_stage = add_vertex(VertexKind::route_lookup, "route-vnets:" + device.key,
                            fmt::format("VNet and peering routes in '{}' for {}",
                                        qualified(net_, device.subnet), device.name));
    add_edge(lookup, vnet_stage,
             Edge{vnet_bound, std::nullopt, "destination inside the VNet or a peered VNet", {}, {}, {}, false, nullptr});
  }
  for (const auto& choice : choices) {
    build_route_choice(device, into_vnets(choice) ? vnet_stage : lookup, choice);
  }
}

Builder::VnetTargets& Builder::vnet_targets(std::size_t vnet) {
  auto [it, added] = vnet_targets_.try_emplace(vnet);
  if (!added) return it->second;
  VnetTargets& targets = it->second;
  for (const auto& subnet : net_.vnets[vnet].subnets) {
    targets.subnets.push_back(PacketSet::dst(subnet.address_prefix));
    targets.all |= targets.subnets.back();
  }
  targets.deliveries.resize(targets.subnets.size());
  return targets;
}

VertexId Builder::delivery(VnetTargets& targets, model::SubnetId subnet) {
  auto& known = targets.deliveries[subnet.subnet];
  if (!known) known = fg_.vertex(deliver_key(qualified(net_, subnet)));
  return *known;
}

void Builder::build_route_choice(const Device& device, VertexId from, const RouteChoice& choice) {
  const auto& route = choice.route;
  const std::string via = concat({route.description, " -> ", to_string(route.kind)});
  // (descriptions name the route; `via` adds its next hop type once)
  switch (route.kind) {
    case HopKind::vnet_local:
    case HopKind::peering:
    case HopKind::interface_endpoint: {
      VnetTargets& targets = vnet_targets(route.target_vnet);
      for (std::size_t s = 0; s < targets.subnets.size(); ++s) {
        model::SubnetId target{route.target_vnet, s};
        TriSet reaching = choice.selected & targets.subnets[s];
        if (reaching.is_empty()) continue;
        const auto admitted = admission(target);
        add_edge(from, delivery(targets, target),
                 Edge{reaching,
                      std::nullopt,
                      via,
                      route.source,
                      {},
                      {},
                      false,
                      admitted ? std::make_shared<AdmissionGate>(admitted, true) : nullptr});
        if (admitted) {
          // Blockers intersect attributions with what stopped here: no need to narrow them.
          add_drop(from, reaching, admitted->denial(), admitted->nsg().source,
                   {}, std::make_shared<AdmissionGate>(admitted, false));
        }
      }
      const TriSet outside = choice.selected - TriSet::exact(targets.all);
      if (!outside.is_empty())
        add_drop(from, outside, concat({via, ": no subnet holds the destination"}), route.source);
      return;
    }
    case HopKind::internet: {
      VertexId egress = add_vertex(VertexKind::egress, "egress:" + device.key, [&] {
        return concat({"outbound method of ", device.name});
      });
      add_edge(from, egress, Edge{choice.selected, std::nullopt, via, route.source, {}, {}, false, nullptr});
      return;
    }
    case HopKind::appliance:
      route_to_appliance(from, choice, device);
      return;
    case HopKind::gateway: {
      auto gateways = gateways_serving(net_, device.subnet.vnet);
      if (gateways.empty()) {
        add_drop(from, choice.selected,
                 fmt::format("{}: no virtual network gateway serves this VNet", via), route.source);
        return;
      }
      VertexId gw = add_vertex(VertexKind::gateway, "gw:" + gateways.front()->name,
                               fmt::format("virtual network gateway '{}'", gateways.front()->name),
                               gateways.front()->source);
      add_edge(from, gw, Edge{choice.selected, std::nullopt, via, route.source, {}, {}, false, nullptr});
      return;
    }
    case HopKind::service_endpoint: {
      VertexId service = add_vertex(VertexKind::service, "service", "Azure service (service endpoint)");
      add_edge(from, service, Edge{choice.selected, std::nullopt, via, route.source, {}, {}, false, nullptr});
      return;
    }
    case HopKind::none:
      add_drop(from, choice.selected, via, route.source);
      return;
  }
}

ForwardingGraph Builder::build() {
  fg_.internet = add_vertex(VertexKind::internet, "internet", "the internet");
  fg_.drop = add_vertex(VertexKind::drop, "drop", "dropped");
  collect_devices();
  for (std::size_t vnet_index = 0; vnet_index < net_.vnets.size(); ++vnet_index) {
    for (std::size_t s = 0; s < net_.vnets[vnet_index].subnets.size(); ++s) {
      model::SubnetId id{vnet_index, s};
      add_vertex(VertexKind::deliver, deliver_key(qualified(net_, id)),
                 fmt::format("subnet '{}'", qualified(net_, id)), net_.subnet(id).source);
    }
  }
  build_deliveries([](const std::string&) { return true; });
  build_gateways();
  for (const auto& device : devices_) {
    if (device.kind == DeviceKind::pool || device.kind == DeviceKind::subnet) build_source(device);
    if (device.kind == DeviceKind::firewall) build_firewall(device);
    if (device.kind == DeviceKind::appliance) build_appliance(device);
    build_route_lookup(device);
    build_egress(device);
  }
  return std::move(own_);
}

std::vector<VertexId> Builder::rebuild_sources(const std::string& nsg,
                                               const std::function<void(VertexId)>& before_clear,
                                               const NsgRuleEdit* edit) {
  edit_ = edit != nullptr && edit->nsg == nsg ? edit : nullptr;
  if (edit_ == nullptr) forget_stale_decisions(nsg);  // (not knowing the edit, none is of use)
  devices_.clear();
  if (auto users = fg_.nsg_sources.find(nsg); users != fg_.nsg_sources.end()) collect_sources(users->second);
  std::vector<VertexId> rebuilt;
  for (const auto& device : devices_) {
    const VertexId source = clear_stage(device.key, before_clear);
    fg_.source_filters.erase(source);
    build_source(device);
    rebuilt.push_back(source);
  }
  forget_stale_decisions(nsg);
  return rebuilt;
}

void Builder::rebuild_egress(const std::function<void(VertexId)>& before_clear) {
  collect_devices();
  for (const auto& device : devices_) {
    const std::string key = "egress:" + device.key;
    if (!fg_.has(key)) continue;  // routes decide whether a device has an egress stage, not this
    clear_stage(key, before_clear);
    build_egress(device);
  }
}

bool Builder::rebuild_endpoint_stages(const std::vector<std::size_t>& route_vnets,
                                      const std::vector<std::string>& subnets,
                                      const std::function<void(VertexId)>& before_clear) {
  const auto vertices_before = boost::num_vertices(fg_.graph);
  for (const auto& subnet : subnets) {
    if (!fg_.has(deliver_key(subnet))) return false;
    clear_stage(deliver_key(subnet), before_clear);
  }
  build_deliveries([&](const std::string& subnet) {
    return std::find(subnets.begin(), subnets.end(), subnet) != subnets.end();
  });
  rebuild_route_lookups(
      [&](const Device& d) { return std::find(route_vnets.begin(), route_vnets.end(), d.subnet.vnet) != route_vnets.end(); },
      before_clear);
  return only_endpoints_since(vertices_before);
}

bool Builder::rebuild_routes_using(const std::string& table, const std::function<void(VertexId)>& before_clear) {
  const auto vertices_before = boost::num_vertices(fg_.graph);
  rebuild_route_lookups([&](const Device& d) { return net_.subnet(d.subnet).route_table == table; }, before_clear);
  return only_endpoints_since(vertices_before);
}

void Builder::rebuild_route_lookups(const std::function<bool(const Device&)>& wanted,
                                    const std::function<void(VertexId)>& before_clear) {
  collect_devices();
  for (const auto& device : devices_) {
    if (!wanted(device)) continue;
    for (const std::string& key : {"route:" + device.key, "route-vnets:" + device.key}) {
      if (fg_.has(key)) clear_stage(key, before_clear);
    }
    const std::string egress = "egress:" + device.key;
    const bool had_egress = fg_.has(egress);
    build_route_lookup(device);
    // A route to the Internet where there was none: the device's egress stage is new, and
    // built here (nothing led to it before, so no flow crossed it).
    if (!had_egress && fg_.has(egress)) {
      build_egress(device);
      built_stages_.push_back(fg_.vertex(egress));
    }
  }
}

// A stage that did not exist before a rebuild would have no edges of its own unless built
// here: only new endpoints, reading as before, and stages built whole may appear.
bool Builder::only_endpoints_since(std::size_t vertices_before) const {
  for (auto v = vertices_before; v < boost::num_vertices(fg_.graph); ++v) {
    const bool built = std::find(built_stages_.begin(), built_stages_.end(), v) != built_stages_.end();
    if (fg_.graph[v].kind != VertexKind::endpoint && !built) return false;
  }
  return !stale_endpoint_;
}

std::optional<VertexId> Builder::rebuild_firewall(const std::string& firewall,
                                                  const std::function<void(VertexId)>& before_clear) {
  auto fw = std::find_if(net_.firewalls.begin(), net_.firewalls.end(),
                         [&](const model::Firewall& f) { return f.name == firewall; });
  if (fw == net_.firewalls.end() || !fg_.has("fwin:" + firewall)) return std::nullopt;
  const auto device = firewall_device(*fw);
  if (!device) return std::nullopt;
  // build_firewall only adds edges out of this stage (its route lookup and egress are the
  // subnet's, built apart), so clearing them and building again is the whole change.
  const VertexId in = clear_stage("fwin:" + firewall, before_clear);
  build_firewall(*device);
  return in;
}

}  // namespace detail
}  // namespace airgap::sim
