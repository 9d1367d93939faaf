// PacketSet: an exact set of packet headers; an immutable value with set algebra.
//
// Backed by a BuDDy BDD over the HeaderSpace layout; callers never see the representation.
// It holds a BuDDy node and its one reference itself (not a `bdd`, whose C++ wrapper has no
// moves: every operation's result was referenced, copied, and dereferenced again, and each of
// those writes to the node, a cache miss on a large table). Results are referenced once, as
// BuDDy returns them, before any other BuDDy call can collect garbage; moves carry the reference.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "model/ip.hpp"
#include "sim/header_space.hpp"
#include "sim/packet.hpp"

namespace airgap::sim {

class PacketSet {
 public:
  PacketSet();  // the empty set
  PacketSet(const PacketSet& other) : root_(bdd_addref(other.root_)) {}
  PacketSet(PacketSet&& other) noexcept : root_(other.root_) { other.root_ = raw_false; }
  PacketSet& operator=(const PacketSet& other) {
    bdd_addref(other.root_);  // (first: `other` may be this set)
    bdd_delref(root_);
    root_ = other.root_;
    return *this;
  }
  PacketSet& operator=(PacketSet&& other) noexcept {
    if (this != &other) {  // the old node goes now, and `other` is left empty (as a move leaves it)
      bdd_delref(root_);
      root_ = std::exchange(other.root_, raw_false);
    }
    return *this;
  }
  ~PacketSet() { bdd_delref(root_); }
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
  /// The headers whose every field lies in the box's interval for it.
  static PacketSet box(const HeaderBox& box);
  /// The set holding exactly one packet.
  static PacketSet of(const Packet& packet);
  /// Well-formed headers: ports are zero unless the protocol is TCP or UDP, names in range.
  static PacketSet well_formed(std::uint32_t name_count);

  PacketSet operator&(const PacketSet& other) const { return adopt(bdd_apply(root_, other.root_, bddop_and)); }
  PacketSet operator|(const PacketSet& other) const { return adopt(bdd_apply(root_, other.root_, bddop_or)); }
  PacketSet operator-(const PacketSet& other) const { return adopt(bdd_apply(root_, other.root_, bddop_diff)); }
  PacketSet operator~() const { return adopt(bdd_not(root_)); }
  PacketSet& operator&=(const PacketSet& other) { return *this = *this & other; }
  PacketSet& operator|=(const PacketSet& other) { return *this = *this | other; }
  PacketSet& operator-=(const PacketSet& other) { return *this = *this - other; }
  bool operator==(const PacketSet& other) const { return root_ == other.root_; }
  /// `then` where `condition` holds, `otherwise` elsewhere (one BDD operation).
  static PacketSet choose(const PacketSet& condition, const PacketSet& then, const PacketSet& otherwise) {
    return adopt(bdd_ite(condition.root_, then.root_, otherwise.root_));
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
  int id() const { return root_; }  // stable while the set lives; for hashing

 private:
  explicit PacketSet(BDD root) : root_(bdd_addref(root)) {}
  /// A node BuDDy has just returned (or a `bdd` still holds): referenced now, before another
  /// call can collect it.
  static PacketSet adopt(BDD root) { return PacketSet(root); }

  BDD root_;
};

}  // namespace airgap::sim
