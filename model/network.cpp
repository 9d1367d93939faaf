#include "model/network.hpp"

namespace airgap::model {

namespace {

// Rebuilds `index` unless it already maps every item's name to its position (a copied or moved
// network, or one only edited in place): checking is lookups only, rebuilding allocates a node
// per name, and materializing a variant asks for an index several times.
// `key` gives an item's name in the index.
template <typename T, typename Key>
bool index_current(const std::vector<T>& items, const NameIndex& index, Key key) {
  if (index.size() != items.size()) return false;
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto it = index.find(key(items[i]));
    if (it == index.end() || it->second != i) return false;
  }
  return true;  // as many entries as items, each item at its place: nothing else is in there
}

template <typename T, typename Key>
void build_index(const std::vector<T>& items, NameIndex& index, Key key) {
  if (index_current(items, index, key)) return;
  index.clear();
  index.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) index.emplace(key(items[i]), i);  // (the first of a name stays)
}

template <typename T>
void build_index(const std::vector<T>& items, NameIndex& index) {
  build_index(items, index, [](const T& item) -> const std::string& { return item.name; });
}

template <typename T>
const T* lookup(const std::vector<T>& items, const NameIndex& index, std::string_view wanted) {
  auto it = index.find(wanted);
  return it == index.end() ? nullptr : &items[it->second];
}

}  // namespace

const Subnet* Vnet::find_subnet(std::string_view subnet_name) const {
  for (const auto& subnet : subnets) {
    if (subnet.name == subnet_name) return &subnet;
  }
  return nullptr;
}

void Network::reindex() {
  build_index(vnets, vnet_index_);
  build_index(route_tables, route_table_index_);
  build_index(nsgs, nsg_index_);
  build_index(nat_gateways, nat_gateway_index_);
  build_index(public_ips, public_ip_index_);
  build_index(registries, registry_index_);
  build_index(service_tags, service_tag_index_);
  if (cluster) build_index(cluster->node_pools, node_pool_index_);
  peering_index_.resize(vnets.size());
  for (std::size_t v = 0; v < vnets.size(); ++v) {
    build_index(vnets[v].peerings, peering_index_[v],
                [](const Peering& p) -> const std::string& { return p.remote_virtual_network; });
  }
}

const Peering* Network::find_peering(std::size_t vnet, std::string_view remote) const {
  const auto& peerings = vnets[vnet].peerings;
  if (vnet < peering_index_.size()) {
    const auto it = peering_index_[vnet].find(remote);
    if (it != peering_index_[vnet].end() && it->second < peerings.size() &&
        peerings[it->second].remote_virtual_network == remote) {
      return &peerings[it->second];
    }
  }
  // Not indexed (a peering added since the last reindex, or none): the list itself says.
  for (const auto& p : peerings) {
    if (p.remote_virtual_network == remote) return &p;
  }
  return nullptr;
}

const Vnet* Network::find_vnet(std::string_view wanted) const {
  return lookup(vnets, vnet_index_, wanted);
}

std::optional<std::size_t> Network::vnet_index(std::string_view wanted) const {
  auto it = vnet_index_.find(wanted);
  if (it == vnet_index_.end()) return std::nullopt;
  return it->second;
}

std::optional<SubnetId> Network::find_subnet(std::string_view qualified) const {
  auto slash = qualified.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto vnet = vnet_index(qualified.substr(0, slash));
  if (!vnet) return std::nullopt;
  const auto& subnets = vnets[*vnet].subnets;
  for (std::size_t i = 0; i < subnets.size(); ++i) {
    if (subnets[i].name == qualified.substr(slash + 1)) return SubnetId{*vnet, i};
  }
  return std::nullopt;
}

const RouteTable* Network::find_route_table(std::string_view wanted) const {
  return lookup(route_tables, route_table_index_, wanted);
}
const Nsg* Network::find_nsg(std::string_view wanted) const { return lookup(nsgs, nsg_index_, wanted); }
const NatGateway* Network::find_nat_gateway(std::string_view wanted) const {
  return lookup(nat_gateways, nat_gateway_index_, wanted);
}
const PublicIp* Network::find_public_ip(std::string_view wanted) const {
  return lookup(public_ips, public_ip_index_, wanted);
}
const ContainerRegistry* Network::find_registry(std::string_view wanted) const {
  return lookup(registries, registry_index_, wanted);
}
const ServiceTag* Network::find_service_tag(std::string_view wanted) const {
  return lookup(service_tags, service_tag_index_, wanted);
}
const NodePool* Network::find_node_pool(std::string_view wanted) const {
  if (!cluster) return nullptr;
  // Pools are edited in place by variants, so the index is checked before it is trusted.
  const auto& pools = cluster->node_pools;
  if (auto it = node_pool_index_.find(wanted);
      it != node_pool_index_.end() && it->second < pools.size() && pools[it->second].name == wanted) {
    return &pools[it->second];
  }
  for (const auto& pool : pools) {
    if (pool.name == wanted) return &pool;
  }
  return nullptr;
}

bool Network::same_content(const Network& o) const {
  // The small lists that cluster variants touch first, so unequal networks part early; the
  // large ones (VNets, route tables, NSGs) last.
  return cluster == o.cluster && load_balancers == o.load_balancers && public_ips == o.public_ips &&
         same_apart_from_outbound(o);
}

bool Network::same_but_outbound(const Network& o) const {
  if (cluster.has_value() != o.cluster.has_value()) return false;
  if (cluster) {
    Cluster mine = *cluster;
    mine.outbound_type = o.cluster->outbound_type;
    if (!(mine == *o.cluster)) return false;
  }
  return same_apart_from_outbound(o);
}

bool Network::same_but_variant_objects(const Network& o) const {
  if (cluster.has_value() != o.cluster.has_value()) return false;
  if (cluster) {
    Cluster mine = *cluster;
    mine.outbound_type = o.cluster->outbound_type;
    mine.api_server_access = o.cluster->api_server_access;
    if (!(mine == *o.cluster)) return false;
  }
  return same_apart_from_variant_objects(o);
}

bool Network::same_apart_from_outbound(const Network& o) const {
  return private_endpoints == o.private_endpoints && internal_endpoints == o.internal_endpoints &&
         private_dns_zones == o.private_dns_zones && same_apart_from_variant_objects(o);
}

bool Network::same_apart_from_variant_objects(const Network& o) const {
  return name == o.name && description == o.description && source == o.source &&
         nat_gateways == o.nat_gateways && registries == o.registries && service_tags == o.service_tags &&
         firewalls == o.firewalls && appliances == o.appliances && gateways == o.gateways &&
         expectations == o.expectations && vnets == o.vnets && route_tables == o.route_tables &&
         nsgs == o.nsgs;
}

}  // namespace airgap::model
