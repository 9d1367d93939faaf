#include "sim/header_space.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <mutex>
#include <vector>

#include "sim/bounded_memo.hpp"

// BuDDy's unique-table constructor (kernel.c): exported by libbdd, not declared in bdd.h. Every
// BuDDy operation ends in it; a box's nodes are known in advance and need nothing else.
extern "C" int bdd_makenode(unsigned int level, int low, int high);

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

std::atomic<bool> detail::bdd_started{false};

void detail::start_bdd() {
  static std::once_flag started;
  std::call_once(started, [] {
    bdd_init(initial_nodes, 1 << 15);
    bdd_setvarnum(header_var_count);
    bdd_setmaxincrease(1 << 22);
    bdd_setcacheratio(8);  // caches of nodes/8 entries: 4 measured no faster on L, and 38 MB larger
    bdd_gbc_hook(quiet_gc);
  });
  bdd_started.store(true, std::memory_order_release);
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
  const std::uint64_t key = (static_cast<std::uint64_t>(field) << 59) | (static_cast<std::uint64_t>(length) << 52) |
                            (value & field_max(field) & ((1ull << 52) - 1));
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
  bdd lower = low == 0 ? bdd(bddtrue) : at_least(field, low, width);
  bdd upper = high >= field_max(field) ? bdd(bddtrue) : at_most(field, high, width);
  return lower & upper;
}

HeaderBox::HeaderBox() {
  for (std::size_t f = 0; f < high_.size(); ++f) high_[f] = field_max(static_cast<Field>(f));
}

HeaderBox& HeaderBox::narrow(Field field, std::uint64_t low, std::uint64_t high) {
  low_[index(field)] = std::max(low_[index(field)], low);
  high_[index(field)] = std::min(high_[index(field)], high);
  return *this;
}

bool HeaderBox::is_empty() const {
  for (std::size_t f = 0; f < low_.size(); ++f) {
    if (low_[f] > high_[f]) return true;
  }
  return false;
}

namespace {

// Makes a box's nodes. A new node may set off a garbage collection, which frees every node
// nothing references (the nodes built so far have no parent yet): unless BuDDy has room for
// every node a box can need, each is referenced until the box is done.
class NodeMaker {
 public:
  NodeMaker() : pinned_(bdd_getallocnum() - bdd_getnodenum() < static_cast<int>(capacity)) {}
  NodeMaker(const NodeMaker&) = delete;
  NodeMaker& operator=(const NodeMaker&) = delete;
  ~NodeMaker() {
    for (std::size_t i = 0; i < count_; ++i) bdd_delref(held_[i]);
  }
  BDD make(int var, BDD low, BDD high) {
    const BDD node = bdd_makenode(level_of(var), low, high);
    if (pinned_) held_[count_++] = bdd_addref(node);
    return node;
  }

 private:
  static constexpr std::size_t capacity = 2 * header_var_count + 8;  // an interval: < 2 nodes per bit
  // (airgap never reorders variables: the levels are read once.)
  static unsigned level_of(int var) {
    static const auto levels = [] {
      std::array<unsigned, header_var_count> out{};
      for (int v = 0; v < header_var_count; ++v) out[static_cast<std::size_t>(v)] = static_cast<unsigned>(bdd_var2level(v));
      return out;
    }();
    return levels[static_cast<std::size_t>(var)];
  }
  bool pinned_;
  std::array<BDD, capacity> held_{};
  std::size_t count_ = 0;
};

// Fields from the last variable to the first: a box is built bottom-up.
constexpr std::array<Field, 6> fields_bottom_up{Field::name, Field::src_port, Field::dst_port,
                                                Field::protocol, Field::dst_ip, Field::src_ip};
static_assert(layout(Field::name).first_var > layout(Field::src_port).first_var &&
              layout(Field::src_port).first_var > layout(Field::dst_port).first_var &&
              layout(Field::dst_port).first_var > layout(Field::protocol).first_var &&
              layout(Field::protocol).first_var > layout(Field::dst_ip).first_var &&
              layout(Field::dst_ip).first_var > layout(Field::src_ip).first_var);

// The values of `field` in [low, high] (low <= high) on top of `below`, the set of the fields
// after it. Above the highest bit where the bounds differ, one path; below it, one chain
// for each bound (values at least `low`, at most `high`).
BDD interval_nodes(Field field, std::uint64_t low, std::uint64_t high, BDD below, NodeMaker& nodes) {
  const auto [first_var, width] = layout(field);
  if (low == 0 && high >= field_max(field)) return below;  // (the whole field)
  const auto bit = [width = width](std::uint64_t value, int i) { return ((value >> (width - 1 - i)) & 1u) != 0; };
  int split = 0;
  while (split < width && bit(low, split) == bit(high, split)) ++split;
  BDD node = below;
  if (split < width) {
    BDD at_least = below;
    BDD at_most = below;
    for (int i = width - 1; i > split; --i) {
      at_least = bit(low, i) ? nodes.make(first_var + i, raw_false, at_least) : nodes.make(first_var + i, at_least, below);
      at_most = bit(high, i) ? nodes.make(first_var + i, below, at_most) : nodes.make(first_var + i, at_most, raw_false);
    }
    node = nodes.make(first_var + split, at_least, at_most);  // (low's bit is 0 there, high's 1)
  }
  for (int i = split - 1; i >= 0; --i) {
    node = bit(low, i) ? nodes.make(first_var + i, raw_false, node) : nodes.make(first_var + i, node, raw_false);
  }
  return node;
}

}  // namespace

BDD box_nodes(const HeaderBox& box) {
  ensure_bdd_started();
  if (box.is_empty()) return raw_false;
  NodeMaker nodes;
  BDD node = raw_true;
  for (const Field field : fields_bottom_up) node = interval_nodes(field, box.low(field), box.high(field), node, nodes);
  return bdd_addref(node);  // (the caller's, before any pinned node is let go)
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
