#include "sim/packet_set.hpp"

#include <catch2/catch.hpp>
#include <random>

#include "sim/header_space.hpp"
#include "sim/tri_set.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;
using sim::PacketSet;

namespace {
sim::Packet tcp(const char* src, const char* dst, std::uint16_t port) {
  sim::Packet p;
  p.src = *model::parse_ipv4(src).value;
  p.dst = *model::parse_ipv4(dst).value;
  p.protocol = sim::ip_proto::tcp;
  p.src_port = 50000;
  p.dst_port = port;
  return p;
}
}  // namespace

TEST_CASE("packet_set: difference with itself is empty", "[sim][packet_set]") {
  PacketSet a = PacketSet::dst(testing::prefix("10.0.0.0/8")) & PacketSet::dst_ports({443, 443});
  CHECK((a - a).is_empty());
  CHECK_FALSE(a.is_empty());
}

TEST_CASE("packet_set: union, intersection and complement obey set algebra", "[sim][packet_set]") {
  PacketSet a = PacketSet::dst(testing::prefix("10.0.0.0/8"));
  PacketSet b = PacketSet::dst(testing::prefix("10.1.0.0/16"));
  CHECK(b.subset_of(a));
  CHECK((a | b) == a);
  CHECK((a & b) == b);
  CHECK((a | ~a).is_all());
  CHECK((a & ~a).is_empty());
}

TEST_CASE("packet_set: a packet's own set holds it, and no packet one header bit away", "[sim][packet_set]") {
  std::mt19937 rng(17);
  for (int round = 0; round < 300; ++round) {
    sim::Packet p{model::Ipv4{static_cast<std::uint32_t>(rng())}, model::Ipv4{static_cast<std::uint32_t>(rng())},
                  static_cast<std::uint8_t>(rng()), static_cast<std::uint16_t>(rng()), static_cast<std::uint16_t>(rng()),
                  static_cast<std::uint32_t>(rng() % (1u << sim::name_bits))};
    const PacketSet own = PacketSet::of(p);
    REQUIRE(own.contains(p));
    sim::Packet q = p;
    const auto bit = rng() % 6;
    switch (bit) {  // one bit of one field, whichever the field
      case 0: q.src.value ^= 1u << (rng() % 32); break;
      case 1: q.dst.value ^= 1u << (rng() % 32); break;
      case 2: q.protocol = static_cast<std::uint8_t>(q.protocol ^ (1u << (rng() % 8))); break;
      case 3: q.dst_port = static_cast<std::uint16_t>(q.dst_port ^ (1u << (rng() % 16))); break;
      case 4: q.src_port = static_cast<std::uint16_t>(q.src_port ^ (1u << (rng() % 16))); break;
      default: q.name ^= 1u << (rng() % sim::name_bits); break;
    }
    INFO("round " << round << " field " << bit);
    CHECK_FALSE(own.contains(q));
    CHECK(PacketSet::of(q).contains(q));
  }
}

TEST_CASE("packet_set: contains decides membership of one concrete packet", "[sim][packet_set]") {
  PacketSet s = PacketSet::dst(testing::prefix("20.0.0.0/8")) &
                PacketSet::protocol(sim::ip_proto::tcp) & PacketSet::dst_ports({80, 443});
  CHECK(s.contains(tcp("10.0.0.4", "20.1.2.3", 443)));
  CHECK(s.contains(tcp("10.0.0.4", "20.1.2.3", 80)));
  CHECK_FALSE(s.contains(tcp("10.0.0.4", "20.1.2.3", 444)));
  CHECK_FALSE(s.contains(tcp("10.0.0.4", "21.1.2.3", 443)));
}

TEST_CASE("packet_set: port ranges are exact at every boundary", "[sim][packet_set]") {
  for (auto [low, high] : {std::pair<std::uint16_t, std::uint16_t>{0, 0}, {1, 1}, {1023, 1024},
                           {8000, 8080}, {65535, 65535}, {0, 65535}, {12345, 54321}}) {
    PacketSet s = PacketSet::dst_ports({low, high});
    auto ranges = s.ranges(sim::Field::dst_port, 4);
    REQUIRE(ranges);
    REQUIRE(ranges->size() == 1);
    CHECK(ranges->front().first == low);
    CHECK(ranges->front().second == high);
  }
}

TEST_CASE("packet_set: pick returns a member, honouring preferences when it can", "[sim][packet_set]") {
  PacketSet s =
      PacketSet::dst(testing::prefix("20.0.0.0/8")) & PacketSet::protocol(sim::ip_proto::tcp);
  std::vector<PacketSet> prefs{PacketSet::dst_ports({443, 443}),
                               PacketSet::dst(testing::prefix("30.0.0.0/8"))};
  auto p = s.pick(prefs);
  REQUIRE(p);
  CHECK(s.contains(*p));
  CHECK(p->dst_port == 443);                // honoured
  CHECK((p->dst.value >> 24) == 20u);       // impossible preference skipped
  CHECK_FALSE(PacketSet::none().pick().has_value());
}

TEST_CASE("packet_set: rewriting the source keeps every other field", "[sim][packet_set]") {
  PacketSet s = PacketSet::src(testing::prefix("10.0.0.0/24")) &
                PacketSet::dst(testing::prefix("20.0.0.0/8"));
  PacketSet snat = s.with_src(PacketSet::src(testing::prefix("52.1.1.1/32")));
  CHECK(snat.contains(tcp("52.1.1.1", "20.9.9.9", 1)));
  CHECK_FALSE(snat.contains(tcp("10.0.0.4", "20.9.9.9", 1)));
  CHECK_FALSE(snat.contains(tcp("52.1.1.1", "21.9.9.9", 1)));
}

TEST_CASE("packet_set: well-formed headers carry ports only for TCP and UDP", "[sim][packet_set]") {
  PacketSet wf = PacketSet::well_formed(4);
  sim::Packet icmp = tcp("10.0.0.4", "20.1.1.1", 0);
  icmp.protocol = sim::ip_proto::icmp;
  icmp.src_port = 0;
  CHECK(wf.contains(icmp));
  icmp.dst_port = 7;
  CHECK_FALSE(wf.contains(icmp));
  sim::Packet bad_name = tcp("10.0.0.4", "20.1.1.1", 443);
  bad_name.name = 4;
  CHECK_FALSE(wf.contains(bad_name));
}

TEST_CASE("packet_set: the bounds of a TriSet subtract soundly", "[sim][tri_set]") {
  sim::TriSet known = sim::TriSet::exact(PacketSet::dst(testing::prefix("10.0.0.0/8")));
  sim::TriSet vague = sim::TriSet::unknown_within(PacketSet::dst(testing::prefix("10.1.0.0/16")));
  sim::TriSet rest = known - vague;
  CHECK(rest.must == PacketSet::dst(testing::prefix("10.0.0.0/8")) -
                         PacketSet::dst(testing::prefix("10.1.0.0/16")));
  CHECK(rest.may == PacketSet::dst(testing::prefix("10.0.0.0/8")));
  CHECK(rest.must.subset_of(rest.may));
}

namespace {
// A random set over a few fields: unions of products of random prefixes and port ranges.
PacketSet random_set(std::mt19937& rng) {
  PacketSet out;
  const int terms = 1 + static_cast<int>(rng() % 4);
  for (int t = 0; t < terms; ++t) {
    const auto length = [&] { return static_cast<std::uint8_t>(rng() % 9 + 8 * (rng() % 2)); };
    PacketSet term = PacketSet::dst(model::Prefix{model::Ipv4{static_cast<std::uint32_t>(rng()) & 0xF0F00000u}, length()}) &
                     PacketSet::src(model::Prefix{model::Ipv4{static_cast<std::uint32_t>(rng()) & 0xF0F00000u}, length()});
    const auto low = static_cast<std::uint16_t>(rng() % 4000);
    if (rng() % 2 == 0) term &= PacketSet::dst_ports({low, static_cast<std::uint16_t>(low + rng() % 4000)});
    if (rng() % 3 == 0) term = ~term;
    out = rng() % 4 == 0 ? out - term : out | term;
  }
  return out;
}
}  // namespace

TEST_CASE("packet_set: intersects and subset_of agree with the sets they stand for", "[sim][packet_set]") {
  std::mt19937 rng(11);
  int meeting = 0;
  int contained = 0;
  for (int i = 0; i < 3000; ++i) {
    const PacketSet a = random_set(rng);
    const PacketSet b = rng() % 5 == 0 ? a & random_set(rng) : random_set(rng);
    INFO("case " << i);
    REQUIRE(a.intersects(b) == !(a & b).is_empty());
    REQUIRE(b.intersects(a) == a.intersects(b));
    REQUIRE(a.subset_of(b) == (a - b).is_empty());
    REQUIRE(b.subset_of(a) == (b - a).is_empty());
    meeting += a.intersects(b) ? 1 : 0;
    contained += b.subset_of(a) ? 1 : 0;
  }
  // Both answers occur often enough for the agreement to mean something.
  CHECK(meeting > 300);
  CHECK(meeting < 2700);
  CHECK(contained > 300);
  CHECK(contained < 2700);
}

TEST_CASE("packet_set: intersects and subset_of at the constants", "[sim][packet_set]") {
  const PacketSet a = PacketSet::dst(testing::prefix("10.0.0.0/8"));
  CHECK_FALSE(PacketSet::none().intersects(a));
  CHECK_FALSE(a.intersects(PacketSet::none()));
  CHECK(PacketSet::all().intersects(a));
  CHECK(a.intersects(a));
  CHECK_FALSE(a.intersects(~a));
  CHECK(PacketSet::none().subset_of(a));
  CHECK(a.subset_of(PacketSet::all()));
  CHECK_FALSE(PacketSet::all().subset_of(a));
  CHECK(a.subset_of(a));
  CHECK_FALSE(a.subset_of(~a));
}

TEST_CASE("packet sets keep their nodes through garbage collections, copied, moved and assigned",
          "[sim][packet]") {
  // Each set holds its node's reference itself: a collection between operations must free only
  // what no set holds, and a set rebuilt afterwards is the same node (BDDs are canonical).
  std::mt19937 rng(5);
  auto some_set = [&](int round) {
    sim::PacketSet set;
    for (int i = 0; i < 6; ++i) {
      set |= sim::PacketSet::dst(model::Prefix{model::Ipv4{static_cast<std::uint32_t>(rng())}, static_cast<std::uint8_t>(8 + round % 17)}) &
             sim::PacketSet::dst_ports({static_cast<std::uint16_t>(rng() % 1000), 2000});
    }
    return set;
  };
  for (int round = 0; round < 20; ++round) {
    std::mt19937 replay = rng;
    const sim::PacketSet original = some_set(round);
    sim::PacketSet copied = original;
    sim::PacketSet moved = std::move(copied);
    sim::PacketSet assigned;
    assigned = moved;
    // Self-assignment keeps the reference (through an alias, which compilers do not warn about).
    const sim::PacketSet& itself = assigned;
    assigned = itself;
    sim::PacketSet swapped = sim::PacketSet::all();
    swapped = std::move(moved);
    CHECK(moved.is_empty());  // NOLINT(bugprone-use-after-move): a moved-from set is empty
    const int node = original.id();
    sim::collect_bdd_garbage();
    rng = replay;
    const sim::PacketSet rebuilt = some_set(round);
    INFO("round " << round);
    CHECK(rebuilt.id() == node);
    CHECK(assigned == rebuilt);
    CHECK(swapped == rebuilt);
    CHECK((original & ~rebuilt).is_empty());
    CHECK(original.node_count() == rebuilt.node_count());
  }
}

namespace {

// A random union of a few cubes over every field (prefixes, protocols, port ranges, names).
PacketSet random_cubes(std::mt19937& rng) {
  PacketSet set;
  const int cubes = 1 + static_cast<int>(rng() % 6);
  for (int k = 0; k < cubes; ++k) {
    const auto port_a = static_cast<std::uint16_t>(rng() % 4000);
    const auto port_b = static_cast<std::uint16_t>(port_a + rng() % 300);
    set |= PacketSet::dst(model::Prefix{model::Ipv4{static_cast<std::uint32_t>(rng())}, static_cast<std::uint8_t>(rng() % 33)}) &
           PacketSet::src(model::Prefix{model::Ipv4{static_cast<std::uint32_t>(rng())}, static_cast<std::uint8_t>(rng() % 33)}) &
           PacketSet::protocol(rng() % 2 == 0 ? sim::ip_proto::tcp : sim::ip_proto::udp) &
           PacketSet::dst_ports({port_a, port_b}) & PacketSet::name(static_cast<std::uint32_t>(rng() % 5));
  }
  return set;
}

// Whether some packet of `set` has `value` in `field`.
bool holds_value(const PacketSet& set, sim::Field field, std::uint64_t value) {
  if (field == sim::Field::dst_ip) return set.intersects(PacketSet::dst_ip(model::Ipv4{static_cast<std::uint32_t>(value)}));
  const auto port = static_cast<std::uint16_t>(value);
  return set.intersects(PacketSet::dst_ports({port, port}));
}

}  // namespace

TEST_CASE("packet_set: ranges walked on a set agree with ranges of its projection", "[sim][packet_set]") {
  std::mt19937 rng(23);
  for (int round = 0; round < 200; ++round) {
    const PacketSet set = random_cubes(rng);
    // The fields whose ranges are walked rather than projected once the fields above go.
    struct Walked {
      sim::Field field;
      std::vector<sim::Field> above;
    };
    const std::vector<Walked> cases{{sim::Field::dst_ip, {sim::Field::src_ip}},
                                    {sim::Field::dst_port, {sim::Field::src_ip, sim::Field::dst_ip, sim::Field::protocol}}};
    for (const auto& [field, above] : cases) {
      PacketSet walked = set;
      for (auto f : above) walked = walked.forget(f);
      PacketSet projected = set;  // every other field forgotten
      for (auto other : {sim::Field::src_ip, sim::Field::dst_ip, sim::Field::protocol, sim::Field::dst_port,
                         sim::Field::src_port, sim::Field::name}) {
        if (other != field) projected = projected.forget(other);
      }
      INFO("round " << round << " field " << static_cast<int>(field));
      for (std::size_t limit : {1u, 3u, 64u}) {
        CHECK(walked.ranges(field, limit) == projected.ranges(field, limit));
        CHECK(walked.ranges(field, limit) == set.ranges(field, limit));
      }
      const auto ranges = walked.ranges(field, 64);
      REQUIRE(ranges);
      for (const auto& [low, high] : *ranges) {  // each bound in, each neighbour out
        CHECK(holds_value(set, field, low));
        CHECK(holds_value(set, field, high));
        if (low > 0) CHECK_FALSE(holds_value(set, field, low - 1));
        const std::uint64_t top = field == sim::Field::dst_ip ? 0xFFFFFFFFu : 0xFFFFu;
        if (high < top) CHECK_FALSE(holds_value(set, field, high + 1));
      }
    }
  }
}

TEST_CASE("packet_set: ranges of a set with too many paths to walk come from its projection", "[sim][packet_set]") {
  std::mt19937 rng(5);
  PacketSet set;
  std::vector<std::uint32_t> hosts;
  for (int k = 0; k < 600; ++k) {  // ~600 paths of 32 levels: past the walk's budget
    hosts.push_back(static_cast<std::uint32_t>(rng()) | 1u);  // (odd: no two adjacent)
    set |= PacketSet::dst_ip(model::Ipv4{hosts.back()}) &
           PacketSet::dst_ports({static_cast<std::uint16_t>(k), static_cast<std::uint16_t>(k)});
  }
  std::sort(hosts.begin(), hosts.end());
  hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
  const auto ranges = set.ranges(sim::Field::dst_ip, 1000);
  REQUIRE(ranges);
  REQUIRE(ranges->size() == hosts.size());
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    CHECK((*ranges)[i] == std::pair<std::uint64_t, std::uint64_t>{hosts[i], hosts[i]});
  }
  CHECK_FALSE(set.ranges(sim::Field::dst_ip, 3).has_value());
}
