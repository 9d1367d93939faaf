// PacketSet: an exact set of packet headers; an immutable value with set algebra.
//
// Backed by a BuDDy BDD over the HeaderSpace layout; callers never see the representation.
// Reference counting is BuDDy's and is handled by the wrapped `bdd` value (RAII).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <vector>

#include "model/ip.hpp"
#include "sim/header_space.hpp"
#include "sim/packet.hpp"

namespace airgap::sim {

class PacketSet {
 public:
  PacketSet();  // the empty set
  static PacketSet all();
  static PacketSet none() { return PacketSet(); }

  static PacketSet dst(const model::Prefix& prefix);
  static PacketSet src(const model::Prefix& prefix);
  static PacketSet dst_ip(model::Ipv4 ip) { return dst(model::Prefix::host(ip)); }
  static PacketSet protocol(std::uint8_t number);
  static PacketSet dst_ports(model::PortRange range);
  static PacketSet src_ports(model::PortRange range);
  static PacketSet name(std::uint32_t index);
  static PacketSet names(std::span<const std::uint32_t> indexes);
  /// The set holding exactly one packet.
  static PacketSet of(const Packet& packet);
  /// Well-formed headers: ports are zero unless the protocol is TCP or UDP, names in range.
  static PacketSet well_formed(std::uint32_t name_count);

  PacketSet operator&(const PacketSet& other) const { return PacketSet(bdd_ & other.bdd_); }
  PacketSet operator|(const PacketSet& other) const { return PacketSet(bdd_ | other.bdd_); }
  PacketSet operator-(const PacketSet& other) const { return PacketSet(bdd_ - other.bdd_); }
  PacketSet operator~() const { return PacketSet(!bdd_); }
  PacketSet& operator&=(const PacketSet& other) { bdd_ &= other.bdd_; return *this; }
  PacketSet& operator|=(const PacketSet& other) { bdd_ |= other.bdd_; return *this; }
  PacketSet& operator-=(const PacketSet& other) { bdd_ -= other.bdd_; return *this; }
  bool operator==(const PacketSet& other) const { return bdd_ == other.bdd_; }
  /// `then` where `condition` holds, `otherwise` elsewhere (one BDD operation).
  static PacketSet choose(const PacketSet& condition, const PacketSet& then, const PacketSet& otherwise) {
    return PacketSet(bdd_ite(condition.bdd_, then.bdd_, otherwise.bdd_));
  }

  bool is_empty() const;
  bool is_all() const;
  bool contains(const Packet& packet) const;
  /// Both answered by a walk over the two BDDs, without building a set (packet_set_meet.cpp).
  bool subset_of(const PacketSet& other) const;
  bool intersects(const PacketSet& other) const;

  /// Forgets the field (existential quantification): "any value of it".
  PacketSet forget(Field field) const;
  /// Forgets several fields in one pass over the BDD (one quantification, not one per field).
  PacketSet forget(std::initializer_list<Field> fields) const;
  /// Rewrites the source address to any address of `to` (SNAT), keeping every other field.
  PacketSet with_src(const PacketSet& to) const { return forget(Field::src_ip) & to; }

  /// One concrete packet, preferring the first preference that intersects; nullopt if empty.
  std::optional<Packet> pick(std::span<const PacketSet> preferences = {}) const;

  /// The values of `field` in this set, as at most `limit` ranges (nullopt past the limit).
  std::optional<std::vector<std::pair<std::uint64_t, std::uint64_t>>> ranges(
      Field field, std::size_t limit) const;

  std::size_t node_count() const;
  int id() const { return bdd_.id(); }  // stable while the set lives; for hashing

 private:
  explicit PacketSet(bdd value) : bdd_(std::move(value)) {}
  bdd bdd_;
};

}  // namespace airgap::sim
