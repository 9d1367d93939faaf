// Graph builder steps for devices: outbound methods, Azure Firewall, appliances and gateways.
#include <fmt/format.h>

#include "sim/firewall_eval.hpp"
#include "sim/graph_builder_detail.hpp"
#include "sim/text.hpp"
#include "sim/topology.hpp"

namespace airgap::sim::detail {

namespace {

PacketSet tcp_udp() {
  return PacketSet::protocol(ip_proto::tcp) | PacketSet::protocol(ip_proto::udp);
}

const model::OutboundRule* lb_rule_for(const model::Network& net, const model::NodePool& pool,
                                       const model::LoadBalancer** lb_out) {
  for (const auto& lb : net.load_balancers) {
    if (!lb.is_public || lb.sku != "Standard") continue;  // internal LBs give no egress
    for (const auto& rule : lb.outbound_rules) {
      for (const auto& name : rule.backend_node_pools) {
        if (name == pool.name) {
          *lb_out = &lb;
          return &rule;
        }
      }
    }
  }
  return nullptr;
}

}  // namespace

// Outbound precedence (azure-semantics §4.1): NAT gateway > instance public IP > load balancer
// outbound rule > default outbound access on a non-private subnet; otherwise the flow fails.
// (A UDR to an appliance, which outranks all of these, never reaches this stage.)
void Builder::build_egress(const Device& device) {
  const std::string key = "egress:" + device.key;
  if (!fg_.has(key)) return;  // no route sends this device's packets to the Internet
  VertexId egress = fg_.vertex(key);
  const auto& subnet = net_.subnet(device.subnet);
  auto out = [&](TriSet packets, std::string description, model::SourceRef source,
                 std::vector<std::string> unknowns = {}) {
    add_edge(egress, fg_.internet,
             Edge{std::move(packets), std::nullopt, std::move(description), std::move(source), {},
                  std::move(unknowns), false, nullptr});
  };
  if (const auto* nat = net_.find_nat_gateway(subnet.nat_gateway)) {
    // ⚠ g: ICMP through NAT gateway — older pages say TCP/UDP only, the newest says echo works.
    out(TriSet{tcp_udp(), tcp_udp() | PacketSet::protocol(ip_proto::icmp)},
        fmt::format("NAT gateway '{}' on subnet '{}'", nat->name, qualified(net_, device.subnet)),
        nat->source, {"nat-gateway-icmp"});
    add_drop(egress, TriSet::exact(~(tcp_udp() | PacketSet::protocol(ip_proto::icmp))),
             fmt::format("NAT gateway '{}' carries only TCP, UDP (and ICMP echo)", nat->name),
             nat->source);
    return;
  }
  if (device.pool != nullptr && device.pool->enable_node_public_ip) {
    out(TriSet::all(),
        fmt::format("instance-level public IP on the nodes of pool '{}' (enableNodePublicIP)",
                    device.pool->name),
        device.pool->source);
    return;
  }
  if (device.firewall != nullptr && !device.firewall->public_ip_addresses.empty()) {
    out(TriSet::all(),
        fmt::format("public IP '{}' of firewall '{}'", device.firewall->public_ip_addresses.front(),
                    device.firewall->name),
        device.firewall->source);
    return;
  }
  if (device.appliance != nullptr && !device.appliance->public_ip_address.empty()) {
    out(TriSet::all(),
        fmt::format("public IP '{}' of appliance '{}'", device.appliance->public_ip_address,
                    device.appliance->name),
        device.appliance->source);
    return;
  }
  if (device.pool != nullptr) {
    const model::LoadBalancer* lb = nullptr;
    if (const auto* rule = lb_rule_for(net_, *device.pool, &lb)) {
      PacketSet protocols = rule->protocol == model::LbProtocol::tcp   ? PacketSet::protocol(ip_proto::tcp)
                            : rule->protocol == model::LbProtocol::udp ? PacketSet::protocol(ip_proto::udp)
                                                                       : tcp_udp();
      out(TriSet::exact(protocols),
          fmt::format("outbound rule '{}' of load balancer '{}'", rule->name, lb->name), rule->source);
      add_drop(egress, TriSet::exact(~protocols),
               fmt::format("load balancer outbound rule '{}' does not carry this protocol", rule->name),
               rule->source);
      return;
    }
  }
  if (!subnet.is_private()) {
    out(TriSet::exact(tcp_udp()),
        fmt::format("default outbound access: subnet '{}' is not private "
                    "(defaultOutboundAccess {})",
                    qualified(net_, device.subnet),
                    subnet.default_outbound_access ? "= true" : "not set"),
        subnet.source);
    add_drop(egress, TriSet::exact(~tcp_udp()),
             "default outbound access carries no ICMP and no fragments", subnet.source);
    return;
  }
  add_drop(egress, TriSet::all(),
           fmt::format("no outbound method: subnet '{}' is private (defaultOutboundAccess = false) "
                       "and has no NAT gateway, public IP or load balancer outbound rule",
                       qualified(net_, device.subnet)),
           subnet.source);
}

void Builder::build_firewall(const Device& device) {
  const model::Firewall& fw = *device.firewall;
  VertexId in = add_vertex(VertexKind::firewall, "fwin:" + fw.name,
                           fmt::format("firewall '{}'", fw.name), fw.source);
  VertexId lookup = route_lookup_vertex(device);
  FirewallDecision decision =
      evaluate_firewall(fw, in_.space, in_.names, device.subnet.vnet, region_, in_.firewall_memo);
  auto attribution = [&](FirewallShare& share) {
    return Attribution{share.packets, std::move(share.description),
                       share.collection != nullptr ? share.collection->source : fw.source, std::move(share.rules),
                       nullptr};
  };
  std::vector<Attribution> allowed_because;
  for (auto& share : decision.allowed_by) allowed_because.push_back(attribution(share));
  PacketSet public_src;
  bool single = false;
  for (const auto& name : fw.public_ip_addresses) {
    const auto* pip = net_.find_public_ip(name);
    if (pip != nullptr && pip->ip_address) {
      public_src = PacketSet::src(model::Prefix::host(*pip->ip_address));
      single = true;
      break;  // the firewall uses its first public IP; which one does not change any decision
    }
  }
  if (public_src.is_empty()) {
    // Addresses not given: any public address stands in for them.
    public_src = ~AddressSpace::non_public_sources();
  }
  const std::size_t public_ctx =
      fg_.context_of({public_src, fmt::format("SNAT to a public IP of firewall '{}'", fw.name), single});
  const std::size_t private_ctx =
      fg_.context_of({PacketSet::src(net_.subnet(device.subnet).address_prefix),
                      fmt::format("SNAT to a private IP of firewall '{}'", fw.name), false});
  auto forward = [&](const TriSet& packets, std::optional<std::size_t> snat, const char* what) {
    add_edge(in, lookup,
             Edge{packets, snat, fmt::format("allowed by firewall '{}' ({})", fw.name, what),
                  fw.source, allowed_because, {}, false, nullptr});
  };
  forward(decision.forwarded_no_snat, std::nullopt, "network rule, private destination, no SNAT");
  forward(decision.forwarded_snat_public, public_ctx, "SNAT to the firewall's public IP");
  forward(decision.forwarded_snat_private, private_ctx, "application rule, SNAT to its private IP");
  std::vector<Attribution> denied_because;
  for (auto& share : decision.denied_by) denied_because.push_back(attribution(share));
  add_drop(in, decision.denied, fmt::format("denied by firewall '{}'", fw.name), fw.source, denied_because);
}

void Builder::build_appliance(const Device& device) {
  const model::NetworkVirtualAppliance& nva = *device.appliance;
  VertexId in = add_vertex(VertexKind::appliance, "nvain:" + nva.name,
                           fmt::format("appliance '{}'", nva.name), nva.source);
  VertexId lookup = route_lookup_vertex(device);
  if (!nva.enable_ip_forwarding) {
    add_drop(in, TriSet::all(),
             fmt::format("appliance '{}' has IP forwarding disabled: Azure drops forwarded packets",
                         nva.name),
             nva.source);
    return;
  }
  switch (nva.behavior) {
    case model::ApplianceBehavior::drop_all:
      add_drop(in, TriSet::all(), fmt::format("appliance '{}' drops all (behavior = dropAll)", nva.name),
               nva.source);
      return;
    case model::ApplianceBehavior::forward_all: {
      const auto& subnet = net_.subnet(device.subnet);
      NsgContext context{device.subnet.vnet, {}, true};
      if (!subnet.network_security_group.empty()) fg_.nsgs_read_elsewhere.insert(subnet.network_security_group);
      TriSet allowed = nsg_allowed(subnet.network_security_group, model::Direction::outbound,
                                   context, in, fmt::format("appliance '{}'", nva.name));
      add_edge(in, lookup,
               Edge{allowed, std::nullopt,
                    fmt::format("forwarded by appliance '{}' (behavior = forwardAll)", nva.name),
                    nva.source, {}, {}, false, nullptr});
      return;
    }
    case model::ApplianceBehavior::unknown:
      add_edge(in, fg_.internet,
               Edge{TriSet::unknown_within(PacketSet::all()), std::nullopt,
                    fmt::format("appliance '{}' is not modelled (behavior = unknown)", nva.name),
                    nva.source, {}, {fmt::format("appliance '{}' is not modelled", nva.name)},
                    false, nullptr});
      return;
  }
}

void Builder::build_gateways() {
  for (const auto& gw : net_.gateways) {
    VertexId v = add_vertex(VertexKind::gateway, "gw:" + gw.name,
                            fmt::format("virtual network gateway '{}'", gw.name), gw.source);
    add_edge(v, fg_.internet,
             Edge{TriSet::unknown_within(PacketSet::all()), std::nullopt,
                  fmt::format("beyond gateway '{}' (on-premises is not modelled)", gw.name),
                  gw.source, {}, {fmt::format("on-premises behind gateway '{}' is not modelled", gw.name)},
                  false, nullptr});
  }
}

void Builder::route_to_appliance(VertexId from, const RouteChoice& choice, const Device& sender) {
  const auto& route = choice.route;
  if (!route.next_hop_ip) return;
  const model::Ipv4 ip = *route.next_hop_ip;
  const std::string via = concat({route.description, " -> VirtualAppliance ", ip.to_string()});
  for (const auto& fw : net_.firewalls) {
    if (fw.private_ip_address == ip && (sender.firewall != &fw)) {
      VertexId in = add_vertex(
          VertexKind::firewall, "fwin:" + fw.name,
          [&] {
            return concat({"firewall '", fw.name, "'"});
          },
          fw.source);
      add_edge(from, in, Edge{choice.selected, std::nullopt, via, route.source, {}, {}, false, nullptr});
      return;
    }
  }
  for (const auto& nva : net_.appliances) {
    if (nva.private_ip_address != ip || sender.appliance == &nva) continue;
    auto id = net_.find_subnet(nva.subnet);
    if (!id) break;
    VertexId in = add_vertex(
        VertexKind::appliance, "nvain:" + nva.name,
        [&] {
          return concat({"appliance '", nva.name, "'"});
        },
        nva.source);
    const auto admission_of_subnet = admission(*id);
    const NsgOutcome admitted = admission_of_subnet ? admission_of_subnet->outcome()
                                                     : detail::nsg_outcome(nullptr, model::Direction::inbound, in_.space, {}, "");
    add_edge(from, in, Edge{choice.selected & admitted.allowed, std::nullopt, via, route.source, {}, {}, false, nullptr});
    if (!admitted.denied.is_empty()) {
      add_drop(from, choice.selected & admitted.denied, admitted.description, admitted.source, admitted.because);
    }
    return;
  }
  // The route points at an address the design does not describe: Azure forwards to whatever
  // holds it, which airgap cannot see.
  add_edge(from, fg_.internet,
           Edge{TriSet::unknown_within(choice.selected.may), std::nullopt,
                fmt::format("{}: no firewall or appliance in the design has this address", via),
                route.source, {},
                {fmt::format("next hop {} is not a declared firewall or appliance", ip.to_string())},
                false, nullptr});
}

}  // namespace airgap::sim::detail
