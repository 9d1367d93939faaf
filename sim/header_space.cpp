#include "sim/header_space.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <mutex>
#include <vector>

#include "sim/bounded_memo.hpp"

namespace airgap::sim {

namespace {

void quiet_gc(int, bddGbcStat*) {}

int var_of(Field field, int bit_from_msb) { return layout(field).first_var + bit_from_msb; }

bool bit(std::uint64_t value, int width, int bit_from_msb) {
  return ((value >> (width - 1 - bit_from_msb)) & 1u) != 0;
}

// Values >= low over bits [from, width): built bottom-up so each range costs O(width) nodes.
bdd at_least(Field field, std::uint64_t low, int width) {
  bdd result = bddtrue;
  for (int i = width - 1; i >= 0; --i) {
    bdd var = bdd_ithvarpp(var_of(field, i));
    result = bit(low, width, i) ? (var & result) : (var | result);
  }
  return result;
}

bdd at_most(Field field, std::uint64_t high, int width) {
  bdd result = bddtrue;
  for (int i = width - 1; i >= 0; --i) {
    bdd not_var = bdd_nithvarpp(var_of(field, i));  // (BuDDy keeps it: no negation per bit)
    result = bit(high, width, i) ? (not_var | result) : (not_var & result);
  }
  return result;
}

}  // namespace

namespace {

int initial_nodes = 1 << 17;  // 2.5 MB: what a small scenario needs

}  // namespace

void ensure_bdd_started() {
  static std::once_flag started;
  std::call_once(started, [] {
    bdd_init(initial_nodes, 1 << 15);
    bdd_setvarnum(header_var_count);
    bdd_setmaxincrease(1 << 22);
    bdd_setcacheratio(8);  // caches of nodes/8 entries: 4 measured no faster on L, and 38 MB larger
    bdd_gbc_hook(quiet_gc);
  });
}

void size_bdd_nodes_for(std::size_t nodes) {
  // Growing doubles the table step by step, each step a new table and new caches: copies,
  // and on virtual machines a costly fault for every fresh page. A design about to be
  // analysed says how large it will get; a small one keeps the small start.
  if (bdd_isrunning() != 0) return;  // BuDDy cannot be re-sized to a target once running
  initial_nodes = static_cast<int>(std::clamp<std::size_t>(std::bit_ceil(std::max<std::size_t>(nodes, 1)),
                                                           std::size_t{1} << 17, std::size_t{1} << 22));
  ensure_bdd_started();
}

namespace {

BoundedMemo<std::uint64_t, bdd>& field_memo() {
  thread_local BoundedMemo<std::uint64_t, bdd> memo(1 << 14);
  return memo;
}

}  // namespace

void collect_bdd_garbage() {
  if (bdd_isrunning() == 0) return;  // nothing to collect yet
  field_memo().clear();
  bdd_gbc();
}

namespace {

constexpr int chunk_bits = 8;
constexpr int field_count = 6;
constexpr int chunks_per_field = 4;  // the widest field has 32 bits

// The cube of `count` bits of `field` from bit `first` (MSB first) equal to `bits`: bottom-up,
// one conjunction with a literal BuDDy keeps ready per bit.
bdd literal_cube(Field field, int first, int count, std::uint32_t bits) {
  bdd result = bddtrue;
  for (int i = count - 1; i >= 0; --i) {
    const int var = var_of(field, first + i);
    result = (((bits >> (count - 1 - i)) & 1u) != 0 ? bdd_ithvarpp(var) : bdd_nithvarpp(var)) & result;
  }
  return result;
}

// The cube of one chunk (up to 8 bits at a multiple of 8), kept: a few thousand small cubes
// serve every prefix and port of a design, and a prefix of them costs one conjunction per
// chunk instead of one per bit (each a BuDDy operation with its own set-up: a distinct
// design's port and prefix cubes were 14,000 instructions of a rule's 38,000).
const bdd& chunk_cube(Field field, int chunk, int count, std::uint32_t bits) {
  thread_local std::vector<bdd> chunks(field_count * chunks_per_field * (chunk_bits + 1) << chunk_bits);
  const auto at = static_cast<std::size_t>(
      (((static_cast<int>(field) * chunks_per_field + chunk) * (chunk_bits + 1) + count) << chunk_bits) +
      static_cast<int>(bits));
  bdd& cube = chunks[at];
  if (cube.id() == raw_false) cube = literal_cube(field, chunk * chunk_bits, count, bits);  // (no cube is empty)
  return cube;
}

bdd build_prefix(Field field, std::uint64_t value, int length) {
  const int width = layout(field).width;
  bdd result = bddtrue;
  // Bottom-up, the deepest chunk first: each conjunction puts a chunk on top of the rest.
  for (int first = (length - 1) / chunk_bits * chunk_bits; length > 0 && first >= 0; first -= chunk_bits) {
    const int count = std::min(chunk_bits, length - first);
    const auto bits = static_cast<std::uint32_t>((value >> (width - first - count)) & ((1u << count) - 1));
    result = chunk_cube(field, first / chunk_bits, count, bits) & result;
  }
  return result;
}

}  // namespace

bdd field_prefix(Field field, std::uint64_t value, int length) {
  ensure_bdd_started();
  // Designs name the same prefixes and ports over and over (every route, rule and tag): a
  // bounded memo turns ~length BDD operations into one hash lookup.
  auto& memo = field_memo();
  const std::uint64_t width_mask = (layout(field).width >= 64 ? ~0ull : (1ull << layout(field).width) - 1);
  const std::uint64_t key = (static_cast<std::uint64_t>(field) << 59) | (static_cast<std::uint64_t>(length) << 52) |
                            (value & width_mask & ((1ull << 52) - 1));
  if (const bdd* known = memo.find(key)) return *known;
  return memo.store(key, build_prefix(field, value, length));
}

bdd field_equals(Field field, std::uint64_t value) {
  return field_prefix(field, value, layout(field).width);
}

bdd field_range(Field field, std::uint64_t low, std::uint64_t high) {
  ensure_bdd_started();
  const int width = layout(field).width;
  if (low > high) return bddfalse;
  if (low == high) return field_prefix(field, low, width);  // one path: half the work of two bounds
  const std::uint64_t max = width >= 64 ? ~0ull : (1ull << width) - 1;
  bdd lower = low == 0 ? bdd(bddtrue) : at_least(field, low, width);
  bdd upper = high >= max ? bdd(bddtrue) : at_most(field, high, width);
  return lower & upper;
}

namespace {

// Per field, its variables and every other field's, as BuDDy variable sets: built once.
constexpr auto field_total = static_cast<std::size_t>(field_count);

struct Varsets {
  std::array<bdd, field_total> own;
  std::array<bdd, field_total> others;
};

const Varsets& varsets() {
  ensure_bdd_started();
  static const Varsets sets = [] {
    Varsets out;
    for (std::size_t f = 0; f < field_total; ++f) {
      const auto l = layout(static_cast<Field>(f));
      std::array<int, 32> vars{};
      for (int i = 0; i < l.width; ++i) vars[static_cast<std::size_t>(i)] = l.first_var + i;
      out.own[f] = bdd_makesetpp(vars.data(), l.width);
    }
    for (std::size_t f = 0; f < field_total; ++f) {
      out.others[f] = bddtrue;
      for (std::size_t g = 0; g < field_total; ++g) {
        if (g != f) out.others[f] &= out.own[g];
      }
    }
    return out;
  }();
  return sets;
}

}  // namespace

bdd field_varset(Field field) { return varsets().own[static_cast<std::size_t>(field)]; }

bdd other_fields_varset(Field field) { return varsets().others[static_cast<std::size_t>(field)]; }

}  // namespace airgap::sim
