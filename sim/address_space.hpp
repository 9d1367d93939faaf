// AddressSpace: what an address term (prefix, "*", service tag) covers, per VNet context.
//
// Tags follow azure-semantics §2.4: VirtualNetwork is the VNet, its connected peers, on-premises
// prefixes and 168.63.129.16 for sure, and possibly also every UDR prefix in the VNet (community
// evidence shows a 0/0 UDR widening it to everything) and peers with allowVirtualNetworkAccess =
// false. Internet is the public space outside VirtualNetwork. Tags without given prefixes are
// unknown: nothing surely, anything possibly.
#pragma once

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "model/network.hpp"
#include "sim/tri_set.hpp"

namespace airgap::sim {

/// A set of addresses as prefixes, optionally complemented ("everything except").
struct AddressList {
  std::vector<model::Prefix> prefixes;
  bool complement = false;
};

/// The two readings of the VirtualNetwork tag (§2.4): as documented, and widened by the VNet's
/// UDR prefixes and its peers without allowVirtualNetworkAccess, as community tests observed.
/// Within one reading both tags are exact; a verdict holds for sure only if it holds in both.
enum class TagWorld { documented, widened };
inline constexpr TagWorld tag_worlds[] = {TagWorld::documented, TagWorld::widened};

class AddressSpace {
 public:
  explicit AddressSpace(const model::Network& network);

  /// The packets whose `field` (src_ip or dst_ip) the term covers, seen from VNet `vnet`, in one
  /// reading of the VirtualNetwork tag. Exact unless the term is a tag without given prefixes.
  TriSet match(const model::AddressMatch& term, std::size_t vnet, Field field, TagWorld world) const;
  TriSet tag(const std::string& name, std::size_t vnet, Field field, TagWorld world) const;
  /// Tags the scenario used without giving prefixes (each makes some verdicts unknown).
  const std::set<std::string>& unknown_tags() const { return unknown_tags_; }
  /// The exact prefixes of a declared tag, or nullptr.
  const std::vector<model::Prefix>* declared(const std::string& name) const;

  static PacketSet on_field(const AddressList& list, Field field);
  /// Addresses that are not publicly routable (RFC 1918, RFC 6598, loopback, link-local, ...).
  static const std::vector<model::Prefix>& non_public_prefixes();
  /// Packets whose destination (or source) is one of non_public_prefixes(); built once.
  static const PacketSet& non_public_destinations();
  static const PacketSet& non_public_sources();
  /// The complement of non_public_destinations(): packets bound for the public internet.
  static const PacketSet& public_destinations();
  /// The complement of non_public_sources().
  static const PacketSet& public_sources();

 private:
  AddressList vnet_tag_documented(std::size_t vnet) const;
  AddressList vnet_tag_widened(std::size_t vnet) const;
  /// The VirtualNetwork tag's prefixes for a VNet under a reading, built once: each is read on
  /// both fields and for Internet too, and listing a hub's peers scans its peerings.
  const AddressList& vnet_tag(std::size_t vnet, TagWorld world) const;
  /// That tag's set on one field, built once: Internet is its complement's public part.
  const PacketSet& vnet_set(std::size_t vnet, Field field, TagWorld world) const;

  const model::Network& network_;
  // By tag name (a handful), then by where and how it is read: every NSG rule key asks, and a
  // name-first map neither copies the name nor compares it at every level.
  mutable std::map<std::string, std::map<std::tuple<std::size_t, Field, TagWorld>, TriSet>, std::less<>> cache_;
  mutable std::set<std::string> unknown_tags_;
  mutable std::map<std::pair<std::size_t, TagWorld>, AddressList> vnet_tags_;
  mutable std::map<std::tuple<std::size_t, Field, TagWorld>, PacketSet> vnet_sets_;
};

}  // namespace airgap::sim
