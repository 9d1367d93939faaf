// Network: one loaded scenario (a whole design), with name lookups built once after loading.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/appliance.hpp"
#include "model/cluster.hpp"
#include "model/egress.hpp"
#include "model/expectation.hpp"
#include "model/firewall.hpp"
#include "model/nsg.hpp"
#include "model/private_link.hpp"
#include "model/registry.hpp"
#include "model/route_table.hpp"
#include "model/service_tag.hpp"
#include "model/vnet.hpp"

namespace airgap::model {

/// A subnet addressed by its owning VNet: what "vnet/subnet" references resolve to.
struct SubnetId {
  std::size_t vnet = 0;
  std::size_t subnet = 0;
  auto operator<=>(const SubnetId&) const = default;
};

/// Name -> position, looked up by string_view without building a string.
struct NameHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
};
using NameIndex = std::unordered_map<std::string, std::size_t, NameHash, std::equal_to<>>;

struct Network {
  std::string name;
  std::string description;
  SourceRef source;
  std::vector<Vnet> vnets;
  std::vector<RouteTable> route_tables;
  std::vector<Nsg> nsgs;
  std::vector<NatGateway> nat_gateways;
  std::vector<PublicIp> public_ips;
  std::vector<LoadBalancer> load_balancers;
  std::vector<Firewall> firewalls;
  std::vector<NetworkVirtualAppliance> appliances;
  std::vector<VirtualNetworkGateway> gateways;
  std::vector<PrivateEndpoint> private_endpoints;
  std::vector<InternalEndpoint> internal_endpoints;  // derived (API server ILB), not a scenario key
  std::vector<PrivateDnsZone> private_dns_zones;
  std::vector<ContainerRegistry> registries;
  std::vector<ServiceTag> service_tags;
  std::optional<Cluster> cluster;
  std::vector<Expectation> expectations;

  /// Same objects with the same settings (the name indexes, derived, are not compared).
  bool same_content(const Network& other) const;
  /// The same, except load balancers, public IPs and the cluster's outbound type: what the
  /// outbound types provision on one VNet.
  bool same_but_outbound(const Network& other) const;
  /// The same, except also private and internal endpoints, private DNS zones and the cluster's
  /// API-server mode: what every cluster variant provisions on one VNet.
  bool same_but_variant_objects(const Network& other) const;

  /// Rebuilds the name indexes; call after any structural change.
  void reindex();

  const Vnet* find_vnet(std::string_view wanted) const;
  std::optional<std::size_t> vnet_index(std::string_view wanted) const;
  std::optional<SubnetId> find_subnet(std::string_view qualified) const;  // "vnet/subnet"
  /// VNet `vnet`'s first peering to the VNet named `remote` (a hub's thousands of peerings are
  /// asked once per spoke: looked up, not scanned).
  const Peering* find_peering(std::size_t vnet, std::string_view remote) const;
  const Subnet& subnet(SubnetId id) const { return vnets[id.vnet].subnets[id.subnet]; }
  std::string subnet_name(SubnetId id) const {
    return vnets[id.vnet].name + "/" + vnets[id.vnet].subnets[id.subnet].name;
  }
  const RouteTable* find_route_table(std::string_view wanted) const;
  const Nsg* find_nsg(std::string_view wanted) const;
  const NatGateway* find_nat_gateway(std::string_view wanted) const;
  const PublicIp* find_public_ip(std::string_view wanted) const;
  const ContainerRegistry* find_registry(std::string_view wanted) const;
  const ServiceTag* find_service_tag(std::string_view wanted) const;
  const NodePool* find_node_pool(std::string_view wanted) const;

 private:
  bool same_apart_from_outbound(const Network& other) const;
  bool same_apart_from_variant_objects(const Network& other) const;
  NameIndex vnet_index_, route_table_index_, nsg_index_, nat_gateway_index_, public_ip_index_,
      registry_index_, service_tag_index_, node_pool_index_;
  std::vector<NameIndex> peering_index_;  // per VNet: remote VNet name -> peering
};

}  // namespace airgap::model
