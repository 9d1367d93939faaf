#include "sim/cluster_variant.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace airgap::sim {

using namespace model;

std::string Variant::label() const {
  return fmt::format("{}/{}", to_string(outbound), to_string(api));
}

Variant as_written(const Network& network) {
  return Variant{network.cluster->outbound_type, network.cluster->api_server_access};
}

bool uses_managed_vnet(const Network& network) {
  return network.cluster && std::any_of(network.cluster->node_pools.begin(),
                                         network.cluster->node_pools.end(),
                                         [](const NodePool& p) { return p.subnet.empty(); });
}

namespace {

constexpr const char* managed_vnet = "aks-vnet-managed";
constexpr const char* managed_subnet = "aks-vnet-managed/aks-subnet";

// Private endpoints and internal frontends without a given address get a free one.
class IpAllocator {
 public:
  explicit IpAllocator(const Network& network) {
    for (const auto& pe : network.private_endpoints) {
      for (const auto& ip : pe.private_ip_addresses) used_.insert(ip.value);
    }
    for (const auto& fw : network.firewalls) used_.insert(fw.private_ip_address.value);
    for (const auto& nva : network.appliances) used_.insert(nva.private_ip_address.value);
    for (const auto& ep : network.internal_endpoints) used_.insert(ep.ip_address.value);
  }
  // From the top of the subnet down: node NICs take the low addresses (Azure reserves the
  // first four and the last one).
  Ipv4 next(const Prefix& subnet) {
    for (std::uint32_t ip = subnet.last() - 1; ip >= subnet.first() + 4; --ip) {
      if (used_.insert(ip).second) return Ipv4{ip};
    }
    return Ipv4{subnet.last() - 1};
  }

 private:
  std::set<std::uint32_t> used_;
};

SourceRef implicit_at(const Cluster& cluster) { return cluster.source; }

void add_managed_vnet(Network& net) {
  Vnet vnet;
  vnet.name = managed_vnet;
  vnet.address_space = {Prefix{Ipv4{0x0AE00000u}, 12}};  // 10.224.0.0/12
  Subnet subnet;
  subnet.name = "aks-subnet";
  subnet.address_prefix = Prefix{Ipv4{0x0AE00000u}, 16};
  subnet.default_outbound_access = false;  // AKS-managed VNets use private subnets since 2026-03-31
  subnet.source = implicit_at(*net.cluster);
  vnet.subnets.push_back(subnet);
  vnet.managed_by_aks = true;
  vnet.source = net.cluster->source;
  net.vnets.push_back(std::move(vnet));
  for (auto& pool : net.cluster->node_pools) {
    if (pool.subnet.empty()) pool.subnet = managed_subnet;
  }
}

std::vector<std::string> pool_subnets(const Network& net) {
  std::vector<std::string> out;
  for (const auto& pool : net.cluster->node_pools) {
    if (std::find(out.begin(), out.end(), pool.subnet) == out.end()) out.push_back(pool.subnet);
  }
  return out;
}

Subnet* mutable_subnet(Network& net, const std::string& ref) {
  auto id = net.find_subnet(ref);
  if (!id) return nullptr;
  return &net.vnets[id->vnet].subnets[id->subnet];
}

bool has_default_route_to_device(const Network& net, const std::string& subnet_ref) {
  auto id = net.find_subnet(subnet_ref);
  if (!id) return false;
  const auto* table = net.find_route_table(net.subnet(*id).route_table);
  if (table == nullptr) return false;
  return std::any_of(table->routes.begin(), table->routes.end(), [](const Route& r) {
    const auto* p = std::get_if<Prefix>(&r.address_prefix);
    return p != nullptr && p->length == 0 &&
           (r.next_hop_type == NextHopType::virtual_appliance ||
            r.next_hop_type == NextHopType::virtual_network_gateway);
  });
}

void apply_outbound(MaterializedVariant& mv, bool managed) {
  Network& net = mv.network;
  Cluster& cluster = *net.cluster;
  switch (mv.variant.outbound) {
    case OutboundType::load_balancer: {
      net.public_ips.push_back(PublicIp{"aks-outbound-ip", std::nullopt, "Standard", cluster.source});
      LoadBalancer lb;
      lb.name = "kubernetes";
      lb.is_public = true;
      lb.source = cluster.source;
      OutboundRule rule;
      rule.name = "aksOutboundRule";
      rule.protocol = LbProtocol::all;
      rule.frontend_public_ips = {"aks-outbound-ip"};
      rule.source = cluster.source;
      for (const auto& pool : cluster.node_pools) rule.backend_node_pools.push_back(pool.name);
      lb.outbound_rules.push_back(rule);
      net.load_balancers.push_back(lb);
      mv.notes.push_back("AKS adds public load balancer 'kubernetes' with outbound rule 'aksOutboundRule'");
      return;
    }
    case OutboundType::managed_nat_gateway: {
      if (!managed) {
        mv.not_deployable.push_back("managedNATGateway needs an AKS-managed VNet; this cluster uses a BYO VNet");
        return;
      }
      net.public_ips.push_back(PublicIp{"aks-natgw-ip", std::nullopt, "Standard", cluster.source});
      net.nat_gateways.push_back(NatGateway{"aks-managed-natgw", {"aks-natgw-ip"}, "Standard", cluster.source});
      for (const auto& ref : pool_subnets(net)) {
        if (auto* s = mutable_subnet(net, ref)) s->nat_gateway = "aks-managed-natgw";
      }
      mv.notes.push_back("AKS attaches NAT gateway 'aks-managed-natgw' to the node subnet");
      return;
    }
    case OutboundType::user_assigned_nat_gateway:
      if (managed) {
        mv.not_deployable.push_back("userAssignedNATGateway needs a BYO VNet");
        return;
      }
      for (const auto& ref : pool_subnets(net)) {
        auto id = net.find_subnet(ref);
        if (id && net.subnet(*id).nat_gateway.empty()) {
          mv.not_deployable.push_back(fmt::format(
              "userAssignedNATGateway needs a NAT gateway on subnet '{}'; none is attached", ref));
        }
      }
      return;
    case OutboundType::user_defined_routing:
      if (managed) {
        mv.not_deployable.push_back("userDefinedRouting needs a BYO VNet with a route table");
        return;
      }
      for (const auto& ref : pool_subnets(net)) {
        if (!has_default_route_to_device(net, ref)) {
          mv.not_deployable.push_back(fmt::format(
              "userDefinedRouting needs a 0.0.0.0/0 route to a VirtualAppliance or "
              "VirtualNetworkGateway on subnet '{}' (AKS rejects 0.0.0.0/0 -> Internet)",
              ref));
        }
      }
      return;
    case OutboundType::none:
      return;
    case OutboundType::block: {
      if (!managed) {
        mv.not_deployable.push_back("block is supported only with an AKS-managed VNet (use none plus your own NSG rules)");
        return;
      }
      Nsg nsg;
      nsg.name = "aks-block-egress";
      nsg.source = cluster.source;
      SecurityRule rule;
      rule.name = "BlockInternetOutbound";
      rule.priority = 100;
      rule.direction = Direction::outbound;
      rule.access = Access::deny;
      rule.protocol = Protocol::any;
      rule.source_addresses = {AnyAddress{}};
      rule.source_port_ranges = {PortRange{}};
      rule.destination_addresses = {ServiceTagRef{"Internet"}};
      rule.destination_port_ranges = {PortRange{}};
      rule.source = cluster.source;
      nsg.rules.edit().push_back(rule);
      net.nsgs.push_back(nsg);
      for (auto& pool : cluster.node_pools) pool.nic_network_security_group = "aks-block-egress";
      mv.notes.push_back("AKS adds NSG rule 'BlockInternetOutbound' on the node NICs");
      return;
    }
  }
}

void link_zone(Network& net, const std::string& zone_name, const std::string& vnet,
               const SourceRef& at) {
  auto it = std::find_if(net.private_dns_zones.begin(), net.private_dns_zones.end(),
                         [&](const PrivateDnsZone& z) { return z.name == zone_name; });
  if (it == net.private_dns_zones.end()) {
    PrivateDnsZone zone;
    zone.name = zone_name;
    zone.source = at;
    net.private_dns_zones.push_back(zone);
    it = net.private_dns_zones.end() - 1;
  }
  bool linked = std::any_of(it->virtual_network_links.begin(), it->virtual_network_links.end(),
                            [&](const VnetLink& l) { return l.virtual_network == vnet; });
  if (!linked) it->virtual_network_links.push_back(VnetLink{vnet, ResolutionPolicy::default_policy, at});
}

void apply_api_server(MaterializedVariant& mv, bool managed, IpAllocator& ips) {
  Network& net = mv.network;
  Cluster& cluster = *net.cluster;
  const std::string first_subnet = cluster.node_pools.front().subnet;
  const std::string node_vnet = first_subnet.substr(0, first_subnet.find('/'));
  const ApiServerNames names = api_server_names(cluster);
  mv.endpoints.api_fqdn = names.private_link;
  switch (mv.variant.api) {
    case ApiServerAccess::public_access:
      mv.endpoints.api_fqdn = names.public_fqdn;
      return;
    case ApiServerAccess::private_link: {
      auto id = net.find_subnet(first_subnet);
      if (!id) return;
      PrivateEndpoint pe;
      pe.name = "aks-apiserver-pe";
      pe.subnet = first_subnet;
      pe.target = cluster.name;
      pe.group_id = "management";
      pe.private_ip_addresses = {ips.next(net.subnet(*id).address_prefix)};
      pe.source = cluster.source;
      const std::string zone = fmt::format("privatelink.{}.azmk8s.io", cluster.location);
      if (cluster.private_dns_zone == "system") {
        pe.dns_zone_groups = {zone};
        link_zone(net, zone, node_vnet, cluster.source);
      } else if (cluster.private_dns_zone != "none") {
        pe.dns_zone_groups = {cluster.private_dns_zone};  // BYO zone: its links are the user's
        mv.endpoints.api_fqdn = names.byo_zone;
      }
      net.private_endpoints.push_back(pe);
      mv.endpoints.api_endpoint = pe.name;
      mv.notes.push_back(fmt::format("AKS places API server private endpoint 'aks-apiserver-pe' ({}) in '{}'",
                                     pe.private_ip_addresses.front().to_string(), first_subnet));
      return;
    }
    case ApiServerAccess::vnet_integration: {
      std::string subnet_ref = cluster.api_server_subnet;
      if (subnet_ref.empty() && managed) {
        auto& vnet = net.vnets[*net.vnet_index(managed_vnet)];
        Subnet s;
        s.name = "aks-apiserver-subnet";
        s.address_prefix = Prefix{Ipv4{0x0AE10000u}, 28};  // 10.225.0.0/28
        s.delegations = {"Microsoft.ContainerService/managedClusters"};
        s.default_outbound_access = false;
        s.source = cluster.source;
        vnet.subnets.push_back(s);
        net.reindex();
        subnet_ref = std::string(managed_vnet) + "/aks-apiserver-subnet";
      }
      auto id = net.find_subnet(subnet_ref);
      if (!id) {
        mv.not_deployable.push_back("vnetIntegration on a BYO VNet needs apiServerSubnet (a delegated subnet of at least /28)");
        return;
      }
      const Subnet& s = net.subnet(*id);
      if (s.address_prefix.length > 28) {
        mv.not_deployable.push_back(fmt::format("API server subnet '{}' is /{}; it must be /28 or larger",
                                                subnet_ref, s.address_prefix.length));
      }
      if (std::find(s.delegations.begin(), s.delegations.end(),
                    "Microsoft.ContainerService/managedClusters") == s.delegations.end()) {
        mv.not_deployable.push_back(fmt::format(
            "API server subnet '{}' must be delegated to Microsoft.ContainerService/managedClusters",
            subnet_ref));
      }
      InternalEndpoint ep{"apiserver-ilb", subnet_ref, ips.next(s.address_prefix),
                          "API server internal load balancer", cluster.source};
      net.internal_endpoints.push_back(ep);
      mv.endpoints.api_endpoint = ep.name;
      mv.notes.push_back(fmt::format("AKS projects the API server behind internal load balancer {} in '{}'",
                                     ep.ip_address.to_string(), subnet_ref));
      return;
    }
  }
}

void apply_registry(MaterializedVariant& mv, IpAllocator& ips) {
  Network& net = mv.network;
  Cluster& cluster = *net.cluster;
  if (cluster.bootstrap_artifact_source != "Cache") return;
  if (!cluster.registry.empty()) {
    mv.endpoints.registry = cluster.registry;
    return;
  }
  const std::string first_subnet = cluster.node_pools.front().subnet;
  const std::string node_vnet = first_subnet.substr(0, first_subnet.find('/'));
  auto id = net.find_subnet(first_subnet);
  if (!id) return;
  ContainerRegistry acr;
  acr.name = fmt::format("{}bootstrapacr", cluster.name);
  std::erase(acr.name, '-');  // registry names are alphanumeric
  acr.public_network_access = false;
  acr.managed_by_aks = true;
  acr.cache_rules.push_back(CacheRule{"aks-managed-mcr", "mcr.microsoft.com/*", "aks-managed-repository/*", cluster.source});
  acr.source = cluster.source;
  PrivateEndpoint pe;
  pe.name = "aks-bootstrap-acr-pe";
  pe.subnet = first_subnet;
  pe.target = acr.name;
  pe.group_id = "registry";
  const Prefix prefix = net.subnet(*id).address_prefix;
  pe.private_ip_addresses = {ips.next(prefix), ips.next(prefix)};
  pe.dns_zone_groups = {"privatelink.azurecr.io"};
  pe.source = cluster.source;
  link_zone(net, "privatelink.azurecr.io", node_vnet, cluster.source);
  mv.endpoints.registry = acr.name;
  mv.endpoints.registry_managed = true;
  net.registries.push_back(acr);
  net.private_endpoints.push_back(pe);
  mv.notes.push_back(fmt::format("AKS creates registry '{}' with cache rule 'aks-managed-mcr' and private endpoint in '{}'",
                                 acr.name, first_subnet));
}

void allocate_endpoint_ips(Network& net, IpAllocator& ips) {
  for (auto& pe : net.private_endpoints) {
    if (!pe.private_ip_addresses.empty()) continue;
    auto id = net.find_subnet(pe.subnet);
    if (!id) continue;
    const Prefix prefix = net.subnet(*id).address_prefix;
    pe.private_ip_addresses.push_back(ips.next(prefix));
    if (pe.group_id == "registry") pe.private_ip_addresses.push_back(ips.next(prefix));  // + data
  }
}

}  // namespace

ApiServerNames api_server_names(const Cluster& cluster) {
  ApiServerNames names;
  names.public_fqdn = fmt::format("{}.hcp.{}.azmk8s.io", cluster.name, cluster.location);
  names.private_link = fmt::format("{}.privatelink.{}.azmk8s.io", cluster.name, cluster.location);
  if (cluster.private_dns_zone != "system" && cluster.private_dns_zone != "none") {
    names.byo_zone = fmt::format("{}.{}", cluster.name, cluster.private_dns_zone);
  }
  return names;
}

void assign_missing_addresses(Network& network) {
  IpAllocator ips(network);
  allocate_endpoint_ips(network, ips);
}

bool same_network(const Network& a, const Network& b) {
  return a.cluster && b.cluster && a.load_balancers == b.load_balancers && a.public_ips == b.public_ips &&
         a.same_but_outbound(b);
}

MaterializedVariant materialize(const Network& network, const Variant& variant) {
  MaterializedVariant mv{variant, network, {}, {}, {}};
  Network& net = mv.network;
  net.cluster->outbound_type = variant.outbound;
  net.cluster->api_server_access = variant.api;
  const bool managed = uses_managed_vnet(network);
  if (managed) add_managed_vnet(net);
  net.reindex();
  IpAllocator ips(net);
  allocate_endpoint_ips(net, ips);
  apply_outbound(mv, managed);
  net.reindex();
  apply_api_server(mv, managed, ips);
  apply_registry(mv, ips);
  net.reindex();
  return mv;
}

}  // namespace airgap::sim
