// HeaderSpace: field sets as BDDs. Prefixes are built from kept 8-bit chunks; they must be the
// very cubes a bit-by-bit construction gives (BDDs are canonical: equal sets, equal nodes).
#include "sim/header_space.hpp"

#include <catch2/catch.hpp>
#include <random>

using namespace airgap;

namespace {

// The reference: one literal per bit, MSB first.
bdd bit_by_bit(sim::Field field, std::uint64_t value, int length) {
  const auto [first_var, width] = sim::layout(field);
  bdd result = bddtruepp;
  for (int i = 0; i < length; ++i) {
    const bool one = ((value >> (width - 1 - i)) & 1u) != 0;
    result &= one ? bdd_ithvarpp(first_var + i) : bdd_nithvarpp(first_var + i);
  }
  return result;
}

}  // namespace

TEST_CASE("header space: a prefix of any length is the cube of its bits", "[sim][header]") {
  sim::ensure_bdd_started();
  std::mt19937_64 rng(11);
  const sim::Field fields[] = {sim::Field::src_ip,   sim::Field::dst_ip,   sim::Field::protocol,
                               sim::Field::dst_port, sim::Field::src_port, sim::Field::name};
  for (sim::Field field : fields) {
    const int width = sim::layout(field).width;
    for (int length = 0; length <= width; ++length) {
      for (int sample = 0; sample < 8; ++sample) {
        const std::uint64_t value = rng() & ((std::uint64_t{1} << width) - 1);
        INFO("field " << static_cast<int>(field) << " value " << value << " length " << length);
        CHECK(sim::field_prefix(field, value, length) == bit_by_bit(field, value, length));
      }
    }
    const std::uint64_t top = (std::uint64_t{1} << width) - 1;
    CHECK(sim::field_equals(field, top) == bit_by_bit(field, top, width));
    CHECK(sim::field_equals(field, 0) == bit_by_bit(field, 0, width));
    CHECK(sim::field_range(field, 5, 5) == bit_by_bit(field, 5, width));
  }
}

namespace {

// The reference range: values >= low and values <= high, one operation per bit each.
bdd bit_by_bit_range(sim::Field field, std::uint64_t low, std::uint64_t high) {
  const auto [first_var, width] = sim::layout(field);
  bdd at_least = bddtruepp, at_most = bddtruepp;
  for (int i = width - 1; i >= 0; --i) {
    const bool low_one = ((low >> (width - 1 - i)) & 1u) != 0;
    const bool high_one = ((high >> (width - 1 - i)) & 1u) != 0;
    at_least = low_one ? bdd_ithvarpp(first_var + i) & at_least : bdd_ithvarpp(first_var + i) | at_least;
    at_most = high_one ? bdd_nithvarpp(first_var + i) | at_most : bdd_nithvarpp(first_var + i) & at_most;
  }
  return at_least & at_most;
}

}  // namespace

TEST_CASE("header space: a range is the conjunction of its two bounds, bit by bit", "[sim][header]") {
  sim::ensure_bdd_started();
  std::mt19937_64 rng(29);
  const sim::Field fields[] = {sim::Field::src_ip,   sim::Field::dst_ip,   sim::Field::protocol,
                               sim::Field::dst_port, sim::Field::src_port, sim::Field::name};
  for (sim::Field field : fields) {
    const int width = sim::layout(field).width;
    const std::uint64_t top = (std::uint64_t{1} << width) - 1;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> cases{{0, top}, {0, 0}, {top, top}, {1, top}, {0, top - 1},
                                                              {255, 256}, {256, 511}, {1023, 1024}};
    for (int sample = 0; sample < 300; ++sample) {
      std::uint64_t a = rng() & top, b = rng() & top;
      if (sample % 3 == 0) b = a ^ (rng() & 0xFFu);  // (close values: equal leading chunks)
      if (sample % 5 == 0) a &= ~std::uint64_t{0xFF};  // (chunk boundaries)
      cases.emplace_back(std::min(a, b), std::max(a, b));
    }
    for (auto [low, high] : cases) {
      if (high > top) continue;
      INFO("field " << static_cast<int>(field) << " range " << low << "-" << high);
      CHECK(sim::field_range(field, low, high) == bit_by_bit_range(field, low, high));
    }
    CHECK(sim::field_range(field, 9, 8) == bdd(bddfalsepp));
  }
}

namespace {

// A box's set as the conjunction of its fields' ranges (each checked above against its bits).
bdd box_by_ranges(const sim::HeaderBox& box, const sim::Field (&fields)[6]) {
  bdd result = bddtruepp;
  for (sim::Field field : fields) result &= sim::field_range(field, box.low(field), box.high(field));
  return result;
}

}  // namespace

TEST_CASE("header space: a box built node by node is the conjunction of its fields' ranges", "[sim][header]") {
  sim::ensure_bdd_started();
  std::mt19937_64 rng(41);
  const sim::Field fields[] = {sim::Field::src_ip,   sim::Field::dst_ip,   sim::Field::protocol,
                               sim::Field::dst_port, sim::Field::src_port, sim::Field::name};
  for (int sample = 0; sample < 400; ++sample) {
    sim::HeaderBox box;
    for (sim::Field field : fields) {
      const std::uint64_t top = (std::uint64_t{1} << sim::layout(field).width) - 1;
      std::uint64_t a = rng() & top, b = rng() & top;
      switch (rng() % 5) {
        case 0: continue;                        // the whole field
        case 1: b = a; break;                    // one value
        case 2: b = a ^ (rng() & 0xFFu); break;  // close values: a long shared path
        case 3: a = 0; break;                    // an upper bound alone
        default: break;
      }
      box.narrow(field, std::min(a, b), std::max(a, b));
    }
    const BDD built = sim::box_nodes(box);
    INFO("sample " << sample);
    CHECK(built == box_by_ranges(box, fields).id());
    bdd_delref(built);
  }
  sim::HeaderBox whole;
  const BDD all = sim::box_nodes(whole);
  CHECK(all == sim::raw_true);
  sim::HeaderBox crossed;
  crossed.narrow(sim::Field::dst_port, 10, 20).narrow(sim::Field::dst_port, 30, 40);
  CHECK(crossed.is_empty());
  CHECK(sim::box_nodes(crossed) == sim::raw_false);
}

namespace {

int collections() {
  bddStat stats{};
  bdd_stats(&stats);
  return stats.gbcnum;
}

int free_nodes() { return bdd_getallocnum() - bdd_getnodenum(); }

}  // namespace

TEST_CASE("header space: a box stays whole when BuDDy collects garbage while building it", "[sim][header]") {
  sim::ensure_bdd_started();
  std::mt19937_64 rng(43);
  // Garbage up to the last few free nodes: points of the destination address (at most 32 new
  // nodes each, so none sets off a collection), built and let go.
  while (free_nodes() > 40) {
    sim::HeaderBox point;
    const std::uint64_t address = rng() & 0xFFFFFFFFu;
    point.narrow(sim::Field::dst_ip, address, address);
    bdd_delref(sim::box_nodes(point));
  }
  const int before = collections();
  sim::HeaderBox box;  // fresh points of both addresses: ~64 new nodes, so a collection mid-way
  const std::uint64_t src = rng() & 0xFFFFFFFFu, dst = rng() & 0xFFFFFFFFu;
  box.narrow(sim::Field::src_ip, src, src).narrow(sim::Field::dst_ip, dst, dst).narrow(sim::Field::dst_port, 443, 8443);  // (> 40 new nodes)
  const BDD built = sim::box_nodes(box);
  CHECK(collections() > before);
  const sim::Field fields[] = {sim::Field::src_ip,   sim::Field::dst_ip,   sim::Field::protocol,
                               sim::Field::dst_port, sim::Field::src_port, sim::Field::name};
  CHECK(built == box_by_ranges(box, fields).id());
  bdd_delref(built);
}
