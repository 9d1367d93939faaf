// Oracle: route selection by a linear scan over every route the subnet has.
#include <algorithm>

#include "model/service_tag_catalog.hpp"
#include "sim/oracle/oracle_detail.hpp"

namespace airgap::oracle::detail {

using model::Prefix;

std::vector<std::size_t> peers_of(const model::Network& net, std::size_t vnet) {
  std::vector<std::size_t> out;
  const auto& self = net.vnets[vnet];
  for (const auto& p : self.peerings) {
    for (std::size_t other = 0; other < net.vnets.size(); ++other) {
      if (other == vnet || net.vnets[other].name != p.remote_virtual_network) continue;
      for (const auto& back : net.vnets[other].peerings) {
        if (back.remote_virtual_network == self.name &&
            std::find(out.begin(), out.end(), other) == out.end()) {
          out.push_back(other);
        }
      }
    }
  }
  return out;
}

std::vector<const model::VirtualNetworkGateway*> gateways_for(const model::Network& net,
                                                              std::size_t vnet) {
  std::vector<const model::VirtualNetworkGateway*> out;
  const auto& self = net.vnets[vnet];
  for (const auto& gw : net.gateways) {
    if (gw.virtual_network == self.name) out.push_back(&gw);
  }
  for (const auto& p : self.peerings) {
    if (!p.use_remote_gateways) continue;
    for (const auto& other : net.vnets) {
      if (other.name != p.remote_virtual_network) continue;
      bool transit = false;
      for (const auto& back : other.peerings) {
        if (back.remote_virtual_network == self.name && back.allow_gateway_transit) transit = true;
      }
      if (!transit) continue;
      for (const auto& gw : net.gateways) {
        if (gw.virtual_network == other.name) out.push_back(&gw);
      }
    }
  }
  return out;
}

namespace {

struct Candidate {
  Prefix prefix;
  int origin;          // 0 user, 1 BGP, 2 system
  bool reserved_none;  // a reserved None route loses ties to other system routes
  RouteResult result;
};

std::size_t vnet_named(const model::Network& net, const std::string& name) {
  for (std::size_t i = 0; i < net.vnets.size(); ++i) {
    if (net.vnets[i].name == name) return i;
  }
  return net.vnets.size();
}

bool pe_route_removed(const model::Network& net, const model::RouteTable* table,
                      const model::PrivateEndpoint& pe, std::uint32_t ip) {
  if (table == nullptr) return false;
  const auto slash = pe.subnet.find('/');
  const std::size_t v = vnet_named(net, pe.subnet.substr(0, slash));
  if (v == net.vnets.size()) return false;
  const model::Subnet* s = net.vnets[v].find_subnet(pe.subnet.substr(slash + 1));
  if (s == nullptr) return false;
  auto policy = s->private_endpoint_network_policies;
  if (policy != model::PeNetworkPolicies::route_table_enabled &&
      policy != model::PeNetworkPolicies::enabled) {
    return false;
  }
  int vnet_length = 32;
  for (const auto& r : net.vnets[v].address_space) {
    if (in_prefix(ip, r)) vnet_length = r.length;
  }
  for (const auto& route : table->routes) {
    const auto* p = std::get_if<Prefix>(&route.address_prefix);
    if (p && p->length > 0 && p->length >= vnet_length && in_prefix(ip, *p)) return true;
  }
  return false;
}

Next next_of(model::NextHopType t) {
  switch (t) {
    case model::NextHopType::virtual_appliance: return Next::appliance;
    case model::NextHopType::virtual_network_gateway: return Next::gateway;
    case model::NextHopType::vnet_local: return Next::vnet;
    case model::NextHopType::internet: return Next::internet;
    case model::NextHopType::none: return Next::none;
  }
  return Next::none;
}

}  // namespace

std::vector<RouteResult> pick_routes(const model::Network& net, model::SubnetId id,
                                     std::uint32_t dst) {
  const auto& vnet = net.vnets[id.vnet];
  // Service endpoint prefixes win over every other route.
  const std::string region = net.cluster ? net.cluster->location : "westeurope";
  for (const auto& service : net.subnet(id).service_endpoints) {
    const std::string tag = model::service_endpoint_tag(service);
    const model::ServiceTag* declared = tag.empty() ? nullptr : net.find_service_tag(tag + "." + region);
    if (declared == nullptr && !tag.empty()) declared = net.find_service_tag(tag);
    if (declared == nullptr) continue;
    for (const auto& p : declared->address_prefixes) {
      if (in_prefix(dst, p)) return {RouteResult{Next::service, 0, std::nullopt, false}};
    }
  }
  const auto* table = net.find_route_table(net.subnet(id).route_table);
  std::vector<Candidate> all;
  for (const auto& r : vnet.address_space) all.push_back({r, 2, false, {Next::vnet, id.vnet, {}, false}});
  all.push_back({Prefix{}, 2, false, {Next::internet, 0, {}, false}});
  bool default_to_device = false;
  if (table) {
    for (const auto& route : table->routes) {
      const auto* p = std::get_if<Prefix>(&route.address_prefix);
      if (p && p->length == 0 &&
          (route.next_hop_type == model::NextHopType::virtual_appliance ||
           route.next_hop_type == model::NextHopType::virtual_network_gateway)) {
        default_to_device = true;
      }
    }
  }
  if (!default_to_device) {
    for (const Prefix& r : {Prefix{model::Ipv4{0x0A000000u}, 8}, Prefix{model::Ipv4{0xAC100000u}, 12},
                            Prefix{model::Ipv4{0xC0A80000u}, 16}, Prefix{model::Ipv4{0x64400000u}, 10}}) {
      bool covered = false;
      for (const auto& s : vnet.address_space) covered = covered || (s.length <= r.length && in_prefix(r.address.value, s));
      if (!covered) all.push_back({r, 2, true, {Next::none, 0, {}, false}});
    }
  }
  const auto peers = peers_of(net, id.vnet);
  std::vector<Prefix> system_space = vnet.address_space;
  for (std::size_t peer : peers) {
    for (const auto& r : net.vnets[peer].address_space) {
      all.push_back({r, 2, false, {Next::vnet, peer, {}, false}});
      system_space.push_back(r);
    }
  }
  for (const auto& pe : net.private_endpoints) {
    const std::size_t v = vnet_named(net, pe.subnet.substr(0, pe.subnet.find('/')));
    if (v != id.vnet && std::find(peers.begin(), peers.end(), v) == peers.end()) continue;
    for (const auto& ip : pe.private_ip_addresses) {
      if (pe_route_removed(net, table, pe, ip.value)) continue;
      all.push_back({Prefix{ip, 32}, 2, false, {Next::interface_endpoint, v, {}, false}});
    }
  }
  const bool in_system_space = std::any_of(system_space.begin(), system_space.end(),
                                           [&](const Prefix& p) { return in_prefix(dst, p); });
  if (!(table && table->disable_bgp_route_propagation) && !in_system_space) {
    for (const auto* gw : gateways_for(net, id.vnet)) {
      for (const auto& p : gw->learned_prefixes) all.push_back({p, 1, false, {Next::gateway, 0, {}, false}});
    }
  }
  std::vector<RouteResult> uncertain;
  if (table) {
    for (const auto& route : table->routes) {
      RouteResult result{next_of(route.next_hop_type), id.vnet, std::nullopt, false};
      if (route.next_hop_ip_address) result.appliance_ip = route.next_hop_ip_address->value;
      if (const auto* p = std::get_if<Prefix>(&route.address_prefix)) {
        all.push_back({*p, 0, false, result});
      } else if (const auto* tag = std::get_if<model::ServiceTagRef>(&route.address_prefix)) {
        if (const auto* declared = net.find_service_tag(tag->name)) {
          for (const auto& q : declared->address_prefixes) all.push_back({q, 0, false, result});
        } else {
          result.assumed = true;  // its prefixes are unknown: it may or may not win
          uncertain.push_back(result);
        }
      }
    }
  }
  const Candidate* best = nullptr;
  for (const auto& c : all) {
    if (!in_prefix(dst, c.prefix)) continue;
    auto rank = [](const Candidate& x) { return std::make_tuple(-int(x.prefix.length), x.origin, x.reserved_none); };
    if (best == nullptr || rank(c) < rank(*best)) best = &c;
  }
  std::vector<RouteResult> out = uncertain;
  RouteResult chosen = best->result;
  chosen.assumed = !uncertain.empty();
  out.push_back(chosen);
  return out;
}

}  // namespace airgap::oracle::detail
