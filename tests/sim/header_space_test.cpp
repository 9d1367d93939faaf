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
