#include "sim/address_space.hpp"

#include <algorithm>

#include "model/service_tag_catalog.hpp"
#include "sim/topology.hpp"

namespace airgap::sim {

using model::Prefix;

namespace {

Prefix pfx(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d, std::uint8_t len) {
  return Prefix{model::Ipv4{(a << 24) | (b << 16) | (c << 8) | d}, len};
}

const Prefix host_vip = pfx(168, 63, 129, 16, 32);
const Prefix imds = pfx(169, 254, 169, 254, 32);

}  // namespace

const std::vector<Prefix>& AddressSpace::non_public_prefixes() {
  static const std::vector<Prefix> prefixes{
      pfx(0, 0, 0, 0, 8),     pfx(10, 0, 0, 0, 8),    pfx(100, 64, 0, 0, 10), pfx(127, 0, 0, 0, 8),
      pfx(169, 254, 0, 0, 16), pfx(172, 16, 0, 0, 12), pfx(192, 168, 0, 0, 16), pfx(224, 0, 0, 0, 4),
      pfx(240, 0, 0, 0, 4),   host_vip};
  return prefixes;
}

const PacketSet& AddressSpace::non_public_destinations() {
  static const PacketSet set = on_field(AddressList{non_public_prefixes(), false}, Field::dst_ip);
  return set;
}

const PacketSet& AddressSpace::non_public_sources() {
  static const PacketSet set = on_field(AddressList{non_public_prefixes(), false}, Field::src_ip);
  return set;
}

const PacketSet& AddressSpace::public_destinations() {
  static const PacketSet set = ~non_public_destinations();
  return set;
}

const PacketSet& AddressSpace::public_sources() {
  static const PacketSet set = ~non_public_sources();
  return set;
}

AddressSpace::AddressSpace(const model::Network& network) : network_(network) {}

namespace {

// The same addresses with no prefix inside another (a VNet tag lists peers twice, and a UDR's
// 0.0.0.0/0 covers everything): fewer prefixes to build and join.
std::vector<Prefix> without_covered(std::vector<Prefix> prefixes) {
  std::sort(prefixes.begin(), prefixes.end(), [](const Prefix& a, const Prefix& b) {
    return a.first() != b.first() ? a.first() < b.first() : a.length < b.length;
  });
  std::vector<Prefix> kept;
  for (const auto& p : prefixes) {
    // Sorted by first address, a prefix inside any kept one is inside the last kept one.
    if (!kept.empty() && kept.back().contains(p)) continue;
    kept.push_back(p);
  }
  return kept;
}

}  // namespace

PacketSet AddressSpace::on_field(const AddressList& list, Field field) {
  PacketSet set;
  for (const auto& p : without_covered(list.prefixes)) {
    set |= field == Field::src_ip ? PacketSet::src(p) : PacketSet::dst(p);
  }
  return list.complement ? ~set : set;
}

const std::vector<Prefix>* AddressSpace::declared(const std::string& name) const {
  const auto* tag = network_.find_service_tag(name);
  return tag == nullptr ? nullptr : &tag->address_prefixes;
}

AddressList AddressSpace::vnet_tag_documented(std::size_t vnet) const {
  AddressList list;
  const auto& v = network_.vnets[vnet];
  list.prefixes = v.address_space;
  for (std::size_t peer : connected_peers(network_, vnet, /*require_vnet_access=*/true)) {
    const auto& space = network_.vnets[peer].address_space;
    list.prefixes.insert(list.prefixes.end(), space.begin(), space.end());
  }
  for (const auto* gateway : gateways_serving(network_, vnet)) {
    list.prefixes.insert(list.prefixes.end(), gateway->learned_prefixes.begin(),
                         gateway->learned_prefixes.end());
  }
  list.prefixes.push_back(host_vip);
  return list;
}

AddressList AddressSpace::vnet_tag_widened(std::size_t vnet) const {
  AddressList list = vnet_tag(vnet, TagWorld::documented);
  for (std::size_t peer : connected_peers(network_, vnet, /*require_vnet_access=*/false)) {
    const auto& space = network_.vnets[peer].address_space;
    list.prefixes.insert(list.prefixes.end(), space.begin(), space.end());
  }
  // "Address prefixes used in UDRs" of the VNet's subnets (azure-semantics §2.4, [C] for 0/0).
  for (const auto& subnet : network_.vnets[vnet].subnets) {
    const auto* table = network_.find_route_table(subnet.route_table);
    if (table == nullptr) continue;
    for (const auto& route : table->routes) {
      if (const auto* p = std::get_if<Prefix>(&route.address_prefix)) list.prefixes.push_back(*p);
    }
  }
  return list;
}

const AddressList& AddressSpace::vnet_tag(std::size_t vnet, TagWorld world) const {
  const auto key = std::make_pair(vnet, world);
  if (auto it = vnet_tags_.find(key); it != vnet_tags_.end()) return it->second;
  return vnet_tags_.emplace(key, world == TagWorld::documented ? vnet_tag_documented(vnet) : vnet_tag_widened(vnet))
      .first->second;
}

const PacketSet& AddressSpace::vnet_set(std::size_t vnet, Field field, TagWorld world) const {
  const auto key = std::make_tuple(vnet, field, world);
  if (auto it = vnet_sets_.find(key); it != vnet_sets_.end()) return it->second;
  return vnet_sets_.emplace(key, on_field(vnet_tag(vnet, world), field)).first->second;
}

TriSet AddressSpace::tag(const std::string& name, std::size_t vnet, Field field, TagWorld world) const {
  auto named = cache_.find(name);
  if (named == cache_.end()) named = cache_.emplace(name, std::map<std::tuple<std::size_t, Field, TagWorld>, TriSet>{}).first;
  const auto key = std::make_tuple(vnet, field, world);
  if (auto it = named->second.find(key); it != named->second.end()) return it->second;
  TriSet result;
  if (const auto* prefixes = declared(name)) {
    result = TriSet::exact(on_field(AddressList{*prefixes, false}, field));
  } else if (name == "VirtualNetwork") {
    result = TriSet::exact(vnet_set(vnet, field, world));
  } else if (name == "Internet") {
    // Everything outside the VirtualNetwork tag that the public internet can reach: taken out
    // of the shared public set, which builds nodes only along the VNet's prefixes.
    const PacketSet& public_space = field == Field::src_ip ? public_sources() : public_destinations();
    result = TriSet::exact(public_space - vnet_set(vnet, field, world));
  } else if (name == "AzureLoadBalancer" || name == "AzurePlatformDNS") {
    result = TriSet::exact(on_field(AddressList{{host_vip}, false}, field));
  } else if (name == "AzurePlatformIMDS") {
    result = TriSet::exact(on_field(AddressList{{imds}, false}, field));
  } else {
    unknown_tags_.insert(name);
    result = TriSet::unknown_within(PacketSet::all());
  }
  named->second.emplace(key, result);
  return result;
}

TriSet AddressSpace::match(const model::AddressMatch& term, std::size_t vnet, Field field,
                           TagWorld world) const {
  if (std::holds_alternative<model::AnyAddress>(term)) return TriSet::all();
  if (const auto* prefix = std::get_if<Prefix>(&term)) {
    return TriSet::exact(field == Field::src_ip ? PacketSet::src(*prefix) : PacketSet::dst(*prefix));
  }
  return tag(std::get<model::ServiceTagRef>(term).name, vnet, field, world);
}

}  // namespace airgap::sim
