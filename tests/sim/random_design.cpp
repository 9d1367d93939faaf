#include "tests/sim/random_design.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace airgap::testing {

namespace {

using model::Prefix;
using model::Ipv4;

struct Gen {
  std::mt19937 rng;
  int pick(int n) { return static_cast<int>(rng() % static_cast<std::uint32_t>(n)); }
  bool coin(int percent) { return pick(100) < percent; }
};

Prefix pfx(std::uint32_t addr, std::uint8_t len) { return Prefix{Ipv4{addr}, len}; }

model::AddressMatch random_address(Gen& g, const model::Network& net) {
  switch (g.pick(8)) {
    case 7: return model::ServiceTagRef{"AzurePlatformDNS"};
    case 0: return model::AnyAddress{};
    case 1: return model::ServiceTagRef{"VirtualNetwork"};
    case 2: return model::ServiceTagRef{"Internet"};
    case 3: return model::ServiceTagRef{"AzureLoadBalancer"};
    case 4: return pfx(0x14000000u + (static_cast<std::uint32_t>(g.pick(4)) << 16), 16);  // 20.x public
    default: {
      const auto& v = net.vnets[static_cast<std::size_t>(g.pick(static_cast<int>(net.vnets.size())))];
      const auto& s = v.subnets[static_cast<std::size_t>(g.pick(static_cast<int>(v.subnets.size())))];
      return g.coin(50) ? s.address_prefix : v.address_space.front();
    }
  }
}

std::vector<model::PortRange> random_ports(Gen& g) {
  switch (g.pick(4)) {
    case 0: return {model::PortRange{}};
    case 1: return {{443, 443}};
    case 2: return {{80, 80}, {443, 443}};
    default: return {{1000, 2000}};
  }
}

model::Nsg random_nsg(Gen& g, const model::Network& net, int index) {
  model::Nsg nsg;
  nsg.name = fmt::format("nsg{}", index);
  const int rules = 1 + g.pick(6);
  for (int r = 0; r < rules; ++r) {
    model::SecurityRule rule;
    rule.name = fmt::format("r{}", r);
    rule.priority = 100 + r * 10;
    rule.direction = g.coin(50) ? model::Direction::outbound : model::Direction::inbound;
    rule.access = g.coin(55) ? model::Access::allow : model::Access::deny;
    static const model::Protocol protocols[] = {model::Protocol::any, model::Protocol::tcp,
                                                model::Protocol::udp, model::Protocol::icmp};
    rule.protocol = protocols[g.pick(4)];
    rule.source_addresses = {random_address(g, net)};
    rule.destination_addresses = {random_address(g, net)};
    rule.source_port_ranges = {model::PortRange{}};
    rule.destination_port_ranges = random_ports(g);
    nsg.rules.edit().push_back(rule);
  }
  return nsg;
}

void add_firewall(Gen& g, model::Network& net) {
  auto& hub = net.vnets[0];
  hub.subnets.push_back(model::Subnet{"AzureFirewallSubnet", pfx(hub.address_space[0].first() + 0xFF00u, 26),
                                      "", "", "", {}, std::nullopt, {}, {}, {}});
  model::Firewall fw;
  fw.name = "fw";
  fw.subnet = hub.name + "/AzureFirewallSubnet";
  fw.private_ip_address = Ipv4{hub.address_space[0].first() + 0xFF04u};
  if (g.coin(80)) {
    net.public_ips.push_back(model::PublicIp{"pip-fw", Ipv4{0x33000001u}, "Standard", {}});
    fw.public_ip_addresses = {"pip-fw"};
  }
  model::RuleCollectionGroup group;
  group.name = "g";
  group.priority = 100;
  const int collections = 1 + g.pick(3);
  for (int c = 0; c < collections; ++c) {
    model::RuleCollection rc;
    rc.name = fmt::format("c{}", c);
    rc.priority = 100 + 100 * g.pick(5) + c;
    rc.allow = g.coin(65);
    const int rules = 1 + g.pick(3);
    for (int r = 0; r < rules; ++r) {
      model::FirewallRule rule;
      rule.name = fmt::format("c{}r{}", c, r);
      rule.source_addresses = {g.coin(70) ? model::AddressMatch{model::AnyAddress{}} : random_address(g, net)};
      if (g.coin(60)) {
        rule.rule_type = model::RuleType::network;
        static const model::FirewallProtocol ps[] = {model::FirewallProtocol::any, model::FirewallProtocol::tcp,
                                                     model::FirewallProtocol::udp, model::FirewallProtocol::icmp};
        rule.ip_protocols = {ps[g.pick(4)]};
        rule.destination_addresses = {random_address(g, net)};
        rule.destination_ports = random_ports(g);
      } else {
        rule.rule_type = model::RuleType::application;
        static const char* fqdns[] = {"www.example.com", "*.example.com", "mcr.microsoft.com", "*"};
        rule.target_fqdns = {fqdns[g.pick(4)]};
        if (g.coin(30)) rule.fqdn_tags = {"AzureKubernetesService"};
        rule.protocols = {{model::AppProtocol::https, 443}};
        if (g.coin(40)) rule.protocols.push_back({model::AppProtocol::http, 80});
      }
      rc.rules.push_back(rule);
    }
    group.rule_collections.push_back(rc);
  }
  fw.rule_collection_groups.push_back(group);
  net.firewalls.push_back(fw);
}

void add_routes(Gen& g, model::Network& net) {
  const bool has_fw = !net.firewalls.empty();
  for (std::size_t v = 0; v < net.vnets.size(); ++v) {
    for (auto& s : net.vnets[v].subnets) {
      if (s.name == "AzureFirewallSubnet" || !g.coin(60)) continue;
      model::RouteTable rt;
      rt.name = fmt::format("rt-{}-{}", net.vnets[v].name, s.name);
      rt.disable_bgp_route_propagation = g.coin(30);
      const int routes = 1 + g.pick(3);
      for (int r = 0; r < routes; ++r) {
        model::Route route;
        route.name = fmt::format("r{}", r);
        switch (g.pick(4)) {
          case 0: route.address_prefix = Prefix{}; break;
          case 1: route.address_prefix = net.vnets[static_cast<std::size_t>(g.pick(static_cast<int>(net.vnets.size())))].address_space[0]; break;
          case 2: route.address_prefix = pfx(0x14000000u, 8); break;
          default: route.address_prefix = pfx(0xAC100000u, 12); break;
        }
        bool duplicate = false;
        for (const auto& existing : rt.routes) duplicate = duplicate || existing.address_prefix == route.address_prefix;
        if (duplicate) continue;
        switch (g.pick(5)) {
          case 0: route.next_hop_type = model::NextHopType::internet; break;
          case 1: route.next_hop_type = model::NextHopType::none; break;
          case 2: route.next_hop_type = model::NextHopType::vnet_local; break;
          default:
            route.next_hop_type = model::NextHopType::virtual_appliance;
            if (has_fw && g.coin(60)) {
              route.next_hop_ip_address = net.firewalls[0].private_ip_address;
            } else if (!net.appliances.empty() && g.coin(70)) {
              route.next_hop_ip_address = net.appliances[0].private_ip_address;
            } else {
              route.next_hop_ip_address = Ipv4{0x0A636363u};  // 10.99.99.99: nothing there
            }
        }
        rt.routes.push_back(route);
      }
      s.route_table = rt.name;
      net.route_tables.push_back(rt);
    }
  }
}

}  // namespace

model::Network random_design(std::uint32_t seed) {
  Gen g{std::mt19937(seed)};
  model::Network net;
  net.name = fmt::format("random-{}", seed);
  const int vnets = 1 + g.pick(3);
  for (int v = 0; v < vnets; ++v) {
    model::Vnet vnet;
    vnet.name = fmt::format("v{}", v);
    vnet.address_space = {pfx(0x0A000000u + (static_cast<std::uint32_t>(v) << 16), 16)};
    const int subnets = 1 + g.pick(3);
    for (int s = 0; s < subnets; ++s) {
      model::Subnet subnet;
      subnet.name = fmt::format("s{}", s);
      subnet.address_prefix = pfx(vnet.address_space[0].first() + (static_cast<std::uint32_t>(s) << 8), 24);
      if (g.coin(70)) subnet.default_outbound_access = g.coin(70) ? false : true;
      static const model::PeNetworkPolicies policies[] = {
          model::PeNetworkPolicies::disabled, model::PeNetworkPolicies::nsg_enabled,
          model::PeNetworkPolicies::route_table_enabled, model::PeNetworkPolicies::enabled};
      subnet.private_endpoint_network_policies = policies[g.pick(4)];
      if (g.coin(15)) subnet.service_endpoints = {"Microsoft.Storage"};
      vnet.subnets.push_back(subnet);
    }
    net.vnets.push_back(vnet);
  }
  for (int a = 0; a < vnets; ++a) {
    for (int b = a + 1; b < vnets; ++b) {
      if (!g.coin(60)) continue;
      auto& va = net.vnets[static_cast<std::size_t>(a)];
      auto& vb = net.vnets[static_cast<std::size_t>(b)];
      va.peerings.push_back({va.name + "-" + vb.name, vb.name, g.coin(80), true, false, false, {}});
      if (g.coin(90)) vb.peerings.push_back({vb.name + "-" + va.name, va.name, g.coin(80), true, false, false, {}});
    }
  }
  if (g.coin(50)) net.service_tags.push_back(model::ServiceTag{"Storage", {pfx(0x14000000u, 16)}, {}});
  net.reindex();
  if (g.coin(60)) add_firewall(g, net);
  if (g.coin(40)) {
    auto& v = net.vnets.back();
    model::NetworkVirtualAppliance nva;
    nva.name = "nva";
    nva.subnet = v.name + "/" + v.subnets.back().name;
    nva.private_ip_address = Ipv4{v.subnets.back().address_prefix.first() + 10};
    nva.behavior = g.coin(50) ? model::ApplianceBehavior::forward_all : model::ApplianceBehavior::drop_all;
    if (g.coin(50)) {
      net.public_ips.push_back(model::PublicIp{"pip-nva", Ipv4{0x33000002u}, "Standard", {}});
      nva.public_ip_address = "pip-nva";
    }
    net.appliances.push_back(nva);
  }
  add_routes(g, net);
  const int nsgs = g.pick(3);
  net.reindex();
  for (int n = 0; n < nsgs; ++n) net.nsgs.push_back(random_nsg(g, net, n));
  for (auto& v : net.vnets) {
    for (auto& s : v.subnets) {
      if (s.name != "AzureFirewallSubnet" && !net.nsgs.empty() && g.coin(70)) {
        s.network_security_group = net.nsgs[static_cast<std::size_t>(g.pick(static_cast<int>(net.nsgs.size())))].name;
      }
      if (s.name != "AzureFirewallSubnet" && g.coin(20)) {
        net.public_ips.push_back(model::PublicIp{"pip-nat-" + v.name + s.name, std::nullopt, "Standard", {}});
        net.nat_gateways.push_back(model::NatGateway{"nat-" + v.name + s.name, {"pip-nat-" + v.name + s.name}, "Standard", {}});
        s.nat_gateway = "nat-" + v.name + s.name;
      }
    }
  }
  if (g.coin(60)) {
    const auto& v = net.vnets[static_cast<std::size_t>(g.pick(vnets))];
    const auto& s = v.subnets.front();
    model::PrivateEndpoint pe;
    pe.name = "pe";
    pe.subnet = v.name + "/" + s.name;
    pe.target = "store";
    pe.group_id = "blob";
    pe.private_ip_addresses = {Ipv4{s.address_prefix.first() + 200}};
    net.private_endpoints.push_back(pe);
  }
  model::Cluster cluster;
  cluster.name = "aks";
  cluster.outbound_type = model::OutboundType::none;
  cluster.api_server_access = model::ApiServerAccess::vnet_integration;
  int pools = 0;
  for (const auto& v : net.vnets) {
    for (const auto& s : v.subnets) {
      if (s.name == "AzureFirewallSubnet" || !g.coin(50)) continue;
      model::NodePool pool;
      pool.name = fmt::format("pool{}", pools++);
      pool.subnet = v.name + "/" + s.name;
      pool.enable_node_public_ip = g.coin(15);
      cluster.node_pools.push_back(pool);
    }
  }
  if (!cluster.node_pools.empty()) {
    if (g.coin(30)) {
      model::LoadBalancer lb;
      lb.name = "lb";
      lb.is_public = true;
      model::OutboundRule rule;
      rule.name = "out";
      rule.protocol = g.coin(50) ? model::LbProtocol::all : model::LbProtocol::tcp;
      rule.backend_node_pools = {cluster.node_pools.front().name};
      lb.outbound_rules.push_back(rule);
      net.load_balancers.push_back(lb);
    }
    net.cluster = cluster;
  }
  net.reindex();
  return net;
}

std::uint32_t design_count(const char* name, std::uint32_t fallback) {
  if (const char* env = std::getenv(name)) return static_cast<std::uint32_t>(std::atol(env));
  return fallback;
}

}  // namespace airgap::testing
