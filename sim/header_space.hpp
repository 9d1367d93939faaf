// HeaderSpace: the BDD variable layout of a packet header, and the one BuDDy instance behind it.
//
// Fields, in variable order (most significant bit first within a field): source address (32),
// destination address (32), IP protocol (8), destination port (16), source port (16), and the
// destination name (name_bits): the FQDN a client asked for (TLS SNI / HTTP Host / the name it
// resolved), as an index into the scenario's NameUniverse. Source address first: a flow's
// packets are one source subnet on top of a destination part that pools with the same rules
// share, so restricting, quantifying or picking the source touches a short path, not a copy of
// the rest (L templated: per-pool work 477 ms -> 150 ms). Routes and most rules split on the
// destination, next.
#pragma once

#include <bdd.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace airgap::sim {

enum class Field { dst_ip, protocol, dst_port, src_ip, src_port, name };

struct FieldLayout {
  int first_var;
  int width;
};

inline constexpr int name_bits = 14;  // up to 16,384 distinct names per scenario

constexpr FieldLayout layout(Field field) {
  switch (field) {
    case Field::src_ip: return {0, 32};
    case Field::dst_ip: return {32, 32};
    case Field::protocol: return {64, 8};
    case Field::dst_port: return {72, 16};
    case Field::src_port: return {88, 16};
    case Field::name: return {104, name_bits};
  }
  return {0, 0};
}

inline constexpr int header_var_count = 104 + name_bits;

/// The largest value of `field`: all its bits set.
constexpr std::uint64_t field_max(Field field) {
  const int width = layout(field).width;
  return width >= 64 ? ~0ull : (1ull << width) - 1;
}

// BuDDy's node numbers for the constants (bddfalse / bddtrue in its C interface), for raw walks.
inline constexpr BDD raw_false = 0;
inline constexpr BDD raw_true = 1;

namespace detail {
extern std::atomic<bool> bdd_started;
void start_bdd();
}  // namespace detail

/// Starts BuDDy once per process (it is a global library); safe to call repeatedly.
/// Inline, one load: every PacketSet constructor calls it (call_once each time: 0.7 % of a proof).
inline void ensure_bdd_started() {
  if (!detail::bdd_started.load(std::memory_order_acquire)) detail::start_bdd();
}
/// Before BuDDy starts: sizes its node table for about `nodes` live nodes (no effect after).
void size_bdd_nodes_for(std::size_t nodes);

/// Forgets the memoized field sets, frees unreferenced BDD nodes and empties BuDDy's operation
/// caches: benchmarks call it (after clear_rule_memos) so no run reuses another's results. (The
/// 8-bit chunk cubes prefixes are built from stay: a few thousand nodes, like the literals.)
void collect_bdd_garbage();

/// The set of header values where `field` equals `value`.
bdd field_equals(Field field, std::uint64_t value);
/// The set where `field` lies in [low, high].
bdd field_range(Field field, std::uint64_t low, std::uint64_t high);
/// The set where the top `length` bits of `field` equal those of `value`.
bdd field_prefix(Field field, std::uint64_t value, int length);
/// A box of headers: per field, a closed interval of its values (the whole field unless
/// narrowed). An NSG rule with one prefix or none per address, one port range or none per
/// port and one protocol or any is a box.
class HeaderBox {
 public:
  HeaderBox();  // every header
  /// Keeps the values of `field` in [low, high] (with what was kept before: an intersection).
  HeaderBox& narrow(Field field, std::uint64_t low, std::uint64_t high);
  std::uint64_t low(Field field) const { return low_[index(field)]; }
  std::uint64_t high(Field field) const { return high_[index(field)]; }
  bool is_empty() const;

 private:
  static std::size_t index(Field field) { return static_cast<std::size_t>(field); }
  std::array<std::uint64_t, 6> low_{};
  std::array<std::uint64_t, 6> high_{};
};

/// The box's set, built node by node from the bottom (about two nodes per narrowed bit, and no
/// BDD operation: an operation's set-up and cache lookups cost more than the nodes). The node
/// returned holds one reference, which the caller takes over.
BDD box_nodes(const HeaderBox& box);

/// The BuDDy variable set of one field, for quantification.
bdd field_varset(Field field);
/// The variables of every field but `field` (quantified to project a set onto that field).
bdd other_fields_varset(Field field);

}  // namespace airgap::sim
