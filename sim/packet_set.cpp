#include "sim/packet_set.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <fmt/format.h>

namespace airgap::sim {

std::string protocol_name(std::uint8_t protocol) {
  switch (protocol) {
    case ip_proto::tcp: return "TCP";
    case ip_proto::udp: return "UDP";
    case ip_proto::icmp: return "ICMP";
    case ip_proto::esp: return "ESP";
    case ip_proto::ah: return "AH";
    default: return fmt::format("IP proto {}", protocol);
  }
}

PacketSet::PacketSet() : root_((ensure_bdd_started(), raw_false)) {}

PacketSet PacketSet::all() {
  ensure_bdd_started();
  return adopt(raw_true);
}

PacketSet PacketSet::dst(const model::Prefix& prefix) {
  return adopt(field_prefix(Field::dst_ip, prefix.first(), prefix.length).id());
}
PacketSet PacketSet::src(const model::Prefix& prefix) {
  return adopt(field_prefix(Field::src_ip, prefix.first(), prefix.length).id());
}
PacketSet PacketSet::protocol(std::uint8_t number) {
  return adopt(field_equals(Field::protocol, number).id());
}
PacketSet PacketSet::dst_ports(model::PortRange range) {
  return adopt(field_range(Field::dst_port, range.low, range.high).id());
}
PacketSet PacketSet::src_ports(model::PortRange range) {
  return adopt(field_range(Field::src_port, range.low, range.high).id());
}
PacketSet PacketSet::name(std::uint32_t index) { return adopt(field_equals(Field::name, index).id()); }

PacketSet PacketSet::names(std::span<const std::uint32_t> indexes) {
  PacketSet out;
  for (auto index : indexes) out |= name(index);
  return out;
}

PacketSet PacketSet::box(const HeaderBox& box) {
  const BDD node = box_nodes(box);
  PacketSet set = adopt(node);
  bdd_delref(node);  // (box_nodes' reference: the set holds its own now)
  return set;
}

PacketSet PacketSet::of(const Packet& packet) {
  HeaderBox one;
  one.narrow(Field::src_ip, packet.src.value, packet.src.value)
      .narrow(Field::dst_ip, packet.dst.value, packet.dst.value)
      .narrow(Field::protocol, packet.protocol, packet.protocol)
      .narrow(Field::dst_port, packet.dst_port, packet.dst_port)
      .narrow(Field::src_port, packet.src_port, packet.src_port)
      .narrow(Field::name, packet.name, packet.name);
  return box(one);
}

PacketSet PacketSet::well_formed(std::uint32_t name_count) {
  PacketSet ported = protocol(ip_proto::tcp) | protocol(ip_proto::udp);
  PacketSet zero_ports = adopt((field_equals(Field::src_port, 0) & field_equals(Field::dst_port, 0)).id());
  const PacketSet names_ok = adopt(field_range(Field::name, 0, name_count == 0 ? 0 : name_count - 1).id());
  return (ported | zero_ports) & names_ok;
}

bool PacketSet::is_empty() const { return root_ == raw_false; }
bool PacketSet::is_all() const { return root_ == raw_true; }

namespace {

using Assignment = std::array<std::uint8_t, header_var_count>;  // on the stack: no allocation per test

std::uint64_t read_bits(const Assignment& assignment, Field field) {
  const auto l = layout(field);
  std::uint64_t value = 0;
  for (int i = 0; i < l.width; ++i) {
    value = (value << 1) | static_cast<std::uint64_t>(assignment[static_cast<std::size_t>(l.first_var + i)] == 1);
  }
  return value;
}

// A packet's header as two words, variable v's bit at position 63 - v of the first word or
// 127 - v of the second, so a membership walk reads only the bits of the nodes it visits
// (filling a whole assignment first cost more than the walk).
struct HeaderWords {
  std::uint64_t high;  // variables 0..63: source, destination address
  std::uint64_t low;   // variables 64..117: protocol, destination port, source port, name
  explicit HeaderWords(const Packet& p)
      : high((std::uint64_t{p.src.value} << 32) | p.dst.value),
        low((std::uint64_t{p.protocol} << 56) | (std::uint64_t{p.dst_port} << 40) |
            (std::uint64_t{p.src_port} << 24) | (std::uint64_t{p.name & ((1u << name_bits) - 1)} << (24 - name_bits))) {}
  bool bit(int var) const {
    return var < 64 ? ((high >> (63 - var)) & 1u) != 0 : ((low >> (127 - var)) & 1u) != 0;
  }
};
static_assert(layout(Field::src_ip).first_var == 0 && layout(Field::dst_ip).first_var == 32 &&
              layout(Field::protocol).first_var == 64 && layout(Field::dst_port).first_var == 72 &&
              layout(Field::src_port).first_var == 88 && layout(Field::name).first_var == 104 &&
              header_var_count <= 128 && name_bits <= 24,
              "HeaderWords packs the fields in the variable order");

}  // namespace

bool PacketSet::contains(const Packet& packet) const {
  const HeaderWords header(packet);
  // Raw node walk: no node is created on the way, so no garbage collection can move under us,
  // and no reference counting is needed for a path this short.
  BDD node = root_;
  while (node != raw_true && node != raw_false) node = header.bit(bdd_var(node)) ? bdd_high(node) : bdd_low(node);
  return node == raw_true;
}

PacketSet PacketSet::forget(Field field) const {
  const bdd vars = field_varset(field);
  return adopt(bdd_exist(root_, vars.id()));
}

PacketSet PacketSet::forget(std::initializer_list<Field> fields) const {
  bdd vars = bddtrue;
  for (Field f : fields) vars &= field_varset(f);
  return adopt(bdd_exist(root_, vars.id()));
}

std::optional<Packet> PacketSet::pick(std::span<const PacketSet> preferences) const {
  if (is_empty()) return std::nullopt;
  PacketSet chosen = *this;
  for (const auto& preference : preferences) {
    PacketSet narrowed = chosen & preference;
    if (!narrowed.is_empty()) chosen = std::move(narrowed);
  }
  // Walk one path, taking the low (0) branch where it leads anywhere (in a reduced BDD every
  // node but false reaches true); skipped variables stay 0: small, readable values.
  Assignment assignment{};
  BDD node = chosen.id();
  while (node != raw_true) {
    const int var = bdd_var(node);
    if (bdd_low(node) != raw_false) {
      node = bdd_low(node);
    } else {
      assignment[static_cast<std::size_t>(var)] = 1;
      node = bdd_high(node);
    }
  }
  Packet packet;
  packet.dst = model::Ipv4{static_cast<std::uint32_t>(read_bits(assignment, Field::dst_ip))};
  packet.protocol = static_cast<std::uint8_t>(read_bits(assignment, Field::protocol));
  packet.dst_port = static_cast<std::uint16_t>(read_bits(assignment, Field::dst_port));
  packet.src = model::Ipv4{static_cast<std::uint32_t>(read_bits(assignment, Field::src_ip))};
  packet.src_port = static_cast<std::uint16_t>(read_bits(assignment, Field::src_port));
  packet.name = static_cast<std::uint32_t>(read_bits(assignment, Field::name));
  return packet;
}

namespace {

// Collects the value ranges of one field in a BDD with no variable above the field's: a node
// past the field's variables stands for "some packet" (in a reduced BDD every node but false
// reaches true), so the walk reads the field's levels only. It counts the nodes it visits and
// gives up past `budget` (a set whose field part has many paths: projection is cheaper there).
struct RangeCollector {
  FieldLayout field;
  std::size_t limit;
  std::size_t budget;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
  bool overflow = false;
  bool gave_up = false;

  void emit(std::uint64_t prefix, int remaining) {
    const std::uint64_t low = prefix << remaining;
    const std::uint64_t high = low | ((remaining >= 64 ? ~0ull : (1ull << remaining)) - 1);
    if (!out.empty() && out.back().second + 1 == low) {
      out.back().second = high;
    } else if (out.size() >= limit) {
      overflow = true;
    } else {
      out.emplace_back(low, high);
    }
  }

  void walk(BDD node, int depth, std::uint64_t prefix) {
    if (overflow || gave_up || node == raw_false) return;
    if (budget-- == 0) {
      gave_up = true;
      return;
    }
    const int remaining = field.width - depth;
    const int var_depth = node == raw_true ? field.width : bdd_var(node) - field.first_var;
    if (var_depth >= field.width) {
      emit(prefix, remaining);
      return;
    }
    if (var_depth > depth) {  // skipped variable: both values
      walk(node, depth + 1, prefix << 1);
      walk(node, depth + 1, (prefix << 1) | 1u);
      return;
    }
    walk(bdd_low(node), depth + 1, prefix << 1);
    walk(bdd_high(node), depth + 1, (prefix << 1) | 1u);
  }
};

using Ranges = std::vector<std::pair<std::uint64_t, std::uint64_t>>;

// The walk's answer, or nullopt with `gave_up` set.
std::optional<Ranges> collect_ranges(BDD root, FieldLayout field, std::size_t limit,
                                     std::size_t budget, bool& gave_up) {
  RangeCollector collector{field, limit, budget, {}};
  collector.walk(root, 0, 0);
  gave_up = collector.gave_up;
  if (collector.overflow || collector.gave_up) return std::nullopt;
  return std::move(collector.out);
}

}  // namespace

std::optional<std::vector<std::pair<std::uint64_t, std::uint64_t>>> PacketSet::ranges(
    Field field, std::size_t limit) const {
  const FieldLayout l = layout(field);
  bool gave_up = false;
  // Nothing above the field (the top field, or the fields above forgotten): walk the set itself
  // rather than project it, which quantifies every node below the field.
  if (root_ == raw_false || root_ == raw_true || bdd_var(root_) >= l.first_var) {
    auto walked = collect_ranges(root_, l, limit, 4096, gave_up);
    if (!gave_up) return walked;
  }
  const PacketSet projected = adopt(bdd_exist(root_, other_fields_varset(field).id()));
  return collect_ranges(projected.id(), l, limit, std::numeric_limits<std::size_t>::max(), gave_up);
}

std::size_t PacketSet::node_count() const {
  return static_cast<std::size_t>(bdd_nodecount(root_));
}

}  // namespace airgap::sim
