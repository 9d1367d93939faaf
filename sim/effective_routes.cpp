#include "sim/effective_routes.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "model/service_tag_catalog.hpp"
#include "sim/first_match.hpp"
#include "sim/text.hpp"
#include "sim/topology.hpp"

namespace airgap::sim {

using model::Prefix;

std::string_view to_string(HopKind kind) {
  switch (kind) {
    case HopKind::vnet_local: return "VnetLocal";
    case HopKind::peering: return "VNetPeering";
    case HopKind::interface_endpoint: return "InterfaceEndpoint";
    case HopKind::internet: return "Internet";
    case HopKind::appliance: return "VirtualAppliance";
    case HopKind::gateway: return "VirtualNetworkGateway";
    case HopKind::service_endpoint: return "VirtualNetworkServiceEndpoint";
    case HopKind::none: return "None";
  }
  return "None";
}

namespace {

struct Builder {
  const model::Network& network;
  const AddressSpace& space;
  model::SubnetId id;
  const model::Vnet& vnet;
  const model::RouteTable* table;
  std::vector<RouteEntry> entries;

  RouteEntry make(HopKind kind, RouteOrigin origin, const Prefix& prefix, std::string description,
                  model::SourceRef source) {
    RouteEntry e;
    e.kind = kind;
    e.origin = origin;
    e.match = TriSet::exact(PacketSet::dst(prefix));
    e.prefix_length = prefix.length;
    e.prefix_text = prefix.to_string();
    e.description = std::move(description);
    e.source = std::move(source);
    return e;
  }

  // A system entry named by its prefix, "<what> route <prefix><after>": the prefix's text is
  // written once, for both.
  RouteEntry make_named(HopKind kind, RouteOrigin origin, const Prefix& prefix,
                        std::string_view what, std::string_view after, model::SourceRef source) {
    RouteEntry e = make(kind, origin, prefix, {}, std::move(source));
    e.description = concat({what, " route ", e.prefix_text, after});
    return e;
  }

  bool udr_default_to_device() const {
    if (table == nullptr) return false;
    return std::any_of(table->routes.begin(), table->routes.end(), [](const model::Route& r) {
      const auto* p = std::get_if<Prefix>(&r.address_prefix);
      return p != nullptr && p->length == 0 &&
             (r.next_hop_type == model::NextHopType::virtual_appliance ||
              r.next_hop_type == model::NextHopType::virtual_network_gateway);
    });
  }

  void add_system_routes() {
    for (const auto& range : vnet.address_space) {
      auto e = make_named(HopKind::vnet_local, RouteOrigin::system, range, "system",
                          concat({" (VNet '", vnet.name, "')"}), vnet.source);
      e.target_vnet = id.vnet;
      entries.push_back(std::move(e));
    }
    entries.push_back(
        make_named(HopKind::internet, RouteOrigin::system, Prefix{}, "system", "", {}));
    // Reserved None routes (§1.1): removed where the address space covers them, and on subnets
    // whose UDR sends 0/0 to an appliance or gateway.
    if (udr_default_to_device()) return;
    static const Prefix reserved[] = {
        Prefix{model::Ipv4{0x0A000000u}, 8}, Prefix{model::Ipv4{0xAC100000u}, 12},
        Prefix{model::Ipv4{0xC0A80000u}, 16}, Prefix{model::Ipv4{0x64400000u}, 10}};
    for (const auto& r : reserved) {
      bool covered = std::any_of(vnet.address_space.begin(), vnet.address_space.end(),
                                 [&](const Prefix& p) { return p.contains(r); });
      if (!covered) {
        auto e = make_named(HopKind::none, RouteOrigin::system, r, "system", "", {});
        e.reserved = true;
        entries.push_back(std::move(e));
      }
    }
  }

  void add_peering_routes(const std::vector<std::size_t>& peers) {
    for (std::size_t peer : peers) {
      const auto& remote = network.vnets[peer];
      for (const auto& range : remote.address_space) {
        auto e = make_named(HopKind::peering, RouteOrigin::system, range, "peering",
                            concat({" (VNet '", remote.name, "')"}), remote.source);
        e.target_vnet = peer;
        entries.push_back(std::move(e));
      }
    }
  }

  bool pe_route_invalidated(const model::PrivateEndpoint& pe, model::Ipv4 ip) const {
    auto pe_subnet = network.find_subnet(pe.subnet);
    if (!pe_subnet || table == nullptr) return false;
    auto policy = network.subnet(*pe_subnet).private_endpoint_network_policies;
    if (policy != model::PeNetworkPolicies::route_table_enabled &&
        policy != model::PeNetworkPolicies::enabled) {
      return false;
    }
    int vnet_length = 32;
    for (const auto& range : network.vnets[pe_subnet->vnet].address_space) {
      if (range.contains(ip)) vnet_length = range.length;
    }
    return std::any_of(table->routes.begin(), table->routes.end(), [&](const model::Route& r) {
      const auto* p = std::get_if<Prefix>(&r.address_prefix);
      return p != nullptr && p->length > 0 && p->length >= vnet_length && p->contains(ip);
    });
  }

  void add_private_endpoint_routes(const std::vector<std::size_t>& peers) {
    for (const auto& pe : network.private_endpoints) {
      auto pe_vnet = vnet_of(network, pe.subnet);
      if (!pe_vnet) continue;
      if (*pe_vnet != id.vnet && std::find(peers.begin(), peers.end(), *pe_vnet) == peers.end()) {
        continue;
      }
      for (const auto& ip : pe.private_ip_addresses) {
        if (pe_route_invalidated(pe, ip)) continue;
        auto e = make_named(HopKind::interface_endpoint, RouteOrigin::system, Prefix::host(ip),
                            "private endpoint", concat({" ('", pe.name, "')"}), pe.source);
        e.endpoint = &pe;
        e.target_vnet = *pe_vnet;
        entries.push_back(std::move(e));
      }
    }
  }

  void add_gateway_routes(const std::vector<std::size_t>& peers) {
    if (table != nullptr && table->disable_bgp_route_propagation) return;
    const auto gateways = gateways_serving(network, id.vnet);
    if (gateways.empty()) return;  // (before the system space: a hub has a thousand peers)
    // System VNet and peering routes beat BGP routes even when those are more specific (§1.4).
    PacketSet system_space;
    for (const auto& range : vnet.address_space) system_space |= PacketSet::dst(range);
    for (std::size_t peer : peers) {
      for (const auto& range : network.vnets[peer].address_space) system_space |= PacketSet::dst(range);
    }
    for (const auto* gw : gateways) {
      for (const auto& prefix : gw->learned_prefixes) {
        auto e = make_named(HopKind::gateway, RouteOrigin::bgp, prefix, "gateway",
                            concat({" (gateway '", gw->name, "')"}), gw->source);
        e.match = TriSet::exact(PacketSet::dst(prefix) - system_space);
        e.gateway = gw;
        entries.push_back(std::move(e));
      }
    }
  }

  static HopKind kind_of(model::NextHopType type) {
    switch (type) {
      case model::NextHopType::virtual_appliance: return HopKind::appliance;
      case model::NextHopType::virtual_network_gateway: return HopKind::gateway;
      case model::NextHopType::vnet_local: return HopKind::vnet_local;
      case model::NextHopType::internet: return HopKind::internet;
      case model::NextHopType::none: return HopKind::none;
    }
    return HopKind::none;
  }

  // Service endpoint routes (§1.2): the service's prefixes, which no UDR can override. Only
  // when the scenario gives the tag's prefixes; otherwise they are not distinguished (assumption).
  void add_service_endpoint_routes(const std::string& region) {
    for (const auto& service : network.subnet(id).service_endpoints) {
      const std::string tag = model::service_endpoint_tag(service);
      if (tag.empty()) continue;
      const auto* prefixes = space.declared(tag + "." + region);
      if (prefixes == nullptr) prefixes = space.declared(tag);
      if (prefixes == nullptr) continue;
      for (const auto& p : *prefixes) {
        auto e = make_named(HopKind::service_endpoint, RouteOrigin::system, p, "service endpoint",
                            concat({" (", service, ")"}), network.subnet(id).source);
        e.prefix_length = 64;  // ordered before everything: cannot be overridden
        entries.push_back(std::move(e));
      }
    }
  }

  void add_user_routes() {
    if (table == nullptr) return;
    for (const auto& route : table->routes) {
      std::string description = concat({"user route '", route.name, "' in '", table->name, "'"});
      std::vector<RouteEntry> expanded;
      if (const auto* prefix = std::get_if<Prefix>(&route.address_prefix)) {
        expanded.push_back(make(kind_of(route.next_hop_type), RouteOrigin::user, *prefix,
                                description, route.source));
      } else if (const auto* tag = std::get_if<model::ServiceTagRef>(&route.address_prefix)) {
        if (const auto* prefixes = space.declared(tag->name)) {
          for (const auto& p : *prefixes) {
            expanded.push_back(
                make(kind_of(route.next_hop_type), RouteOrigin::user, p, description, route.source));
          }
        } else {
          // Unknown prefixes: could win for any destination, surely wins for none.
          auto e = make(kind_of(route.next_hop_type), RouteOrigin::user, Prefix{}, description,
                        route.source);
          e.match = space.tag(tag->name, id.vnet, Field::dst_ip, TagWorld::documented);
          e.prefix_length = 33;  // ordered first: it may be more specific than anything
          expanded.push_back(std::move(e));
        }
      }
      for (auto& e : expanded) {
        e.next_hop_ip = route.next_hop_ip_address;
        e.target_vnet = id.vnet;
        entries.push_back(std::move(e));
      }
    }
  }
};

}  // namespace

std::vector<RouteChoice> effective_routes(const model::Network& network, const AddressSpace& space,
                                          model::SubnetId subnet) {
  const auto& s = network.subnet(subnet);
  Builder builder{network, space, subnet, network.vnets[subnet.vnet],
                  network.find_route_table(s.route_table), {}};
  const auto peers = connected_peers(network, subnet.vnet, /*require_vnet_access=*/false);
  builder.add_system_routes();
  builder.add_peering_routes(peers);
  builder.add_private_endpoint_routes(peers);
  builder.add_gateway_routes(peers);
  builder.add_user_routes();
  builder.add_service_endpoint_routes(network.cluster ? network.cluster->location : "westeurope");
  auto& entries = builder.entries;
  // Positions sorted, not the entries (a hub has a thousand, each with its texts and sets).
  std::vector<std::size_t> order(entries.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
    const RouteEntry& a = entries[i];
    const RouteEntry& b = entries[j];
    if (a.prefix_length != b.prefix_length) return a.prefix_length > b.prefix_length;
    if (a.origin != b.origin) return static_cast<int>(a.origin) < static_cast<int>(b.origin);
    return !a.reserved && b.reserved;
  });
  std::vector<TriSet> matches;
  matches.reserve(entries.size());
  for (std::size_t i : order) matches.push_back(entries[i].match);
  auto selected = first_match(matches, TriSet::all());
  std::vector<RouteChoice> out;
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (!selected[k].is_empty()) out.push_back({std::move(entries[order[k]]), std::move(selected[k])});
  }
  return out;
}

}  // namespace airgap::sim
