// TriSet: a packet set known only within bounds: `must` surely belongs, `may` possibly does.
//
// Where Azure's behaviour is documented, must == may. Where it is not (an ambiguous doc, a tag
// without prefixes, an appliance airgap cannot see into), the bounds differ, and a verdict that
// depends on the difference is reported as unknown, never as unreachable. Invariant: must ⊆ may.
#pragma once

#include <utility>

#include "sim/packet_set.hpp"

namespace airgap::sim {

struct TriSet {
  PacketSet must;
  PacketSet may;

  static TriSet exact(PacketSet set) { return TriSet{set, std::move(set)}; }  // (braced: in order)
  static TriSet none() { return TriSet{}; }
  static TriSet all() { return exact(PacketSet::all()); }
  /// Somewhere between nothing and `upper`: the honest answer when a set is not known.
  static TriSet unknown_within(PacketSet upper) { return TriSet{PacketSet::none(), std::move(upper)}; }

  /// `then` on the packets of `where`, `otherwise` elsewhere (one if-then-else per bound, one
  /// for both when both operands are exact).
  static TriSet choose(const PacketSet& where, const TriSet& then, const TriSet& otherwise) {
    if (then.is_exact() && otherwise.is_exact()) return exact(PacketSet::choose(where, then.must, otherwise.must));
    return {PacketSet::choose(where, then.must, otherwise.must), PacketSet::choose(where, then.may, otherwise.may)};
  }

  bool is_exact() const { return must == may; }
  bool is_empty() const { return may.is_empty(); }

  // Exact operands (the common case) cost one BDD operation, not two.
  TriSet operator&(const TriSet& o) const {
    if (is_exact() && o.is_exact()) return exact(must & o.must);
    return {must & o.must, may & o.may};
  }
  TriSet operator|(const TriSet& o) const {
    if (is_exact() && o.is_exact()) return exact(must | o.must);
    return {must | o.must, may | o.may};
  }
  TriSet operator&(const PacketSet& s) const {
    if (is_exact()) return exact(must & s);
    return {must & s, may & s};
  }
  /// Difference is antitone in its right operand: subtract the other's opposite bound.
  TriSet operator-(const TriSet& o) const {
    if (is_exact() && o.is_exact()) return exact(must - o.must);
    return {must - o.may, may - o.must};
  }
  TriSet& operator|=(const TriSet& o) {
    // Joining nothing, or joining to nothing, is a copy, not an operation (a flow's first
    // arrival at a stage, a union's first term).
    if (o.is_empty()) return *this;
    if (is_empty()) return *this = o;
    *this = *this | o;
    return *this;
  }
  bool operator==(const TriSet& o) const { return must == o.must && may == o.may; }
};

}  // namespace airgap::sim
