#include "sim/address_space.hpp"

#include <catch2/catch.hpp>

#include "tests/support/fixtures.hpp"

using namespace airgap;
using sim::AddressList;
using sim::AddressSpace;
using sim::Field;
using sim::PacketSet;

namespace {
// The union the list stands for, prefix by prefix.
PacketSet plain_union(const std::vector<model::Prefix>& prefixes) {
  PacketSet out;
  for (const auto& p : prefixes) out |= PacketSet::dst(p);
  return out;
}
}  // namespace

TEST_CASE("address_space: a list with repeated, nested and disjoint prefixes stands for their union",
          "[sim][address_space]") {
  const std::vector<std::vector<model::Prefix>> lists{
      {testing::prefix("10.0.0.0/16"), testing::prefix("10.0.1.0/24"),
       testing::prefix("10.0.0.0/16"), testing::prefix("192.168.0.0/24")},
      {testing::prefix("10.1.0.0/24"), testing::prefix("10.0.0.0/8"),
       testing::prefix("172.16.0.0/12"), testing::prefix("10.2.3.4/32")},
      {testing::prefix("20.0.0.0/24"), testing::prefix("0.0.0.0/0"), testing::prefix("30.0.0.0/8")},
      {testing::prefix("10.0.0.0/25"), testing::prefix("10.0.0.128/25"),
       testing::prefix("10.0.1.0/24")},
      {},
  };
  for (const auto& list : lists) {
    CHECK(AddressSpace::on_field(AddressList{list, false}, Field::dst_ip) == plain_union(list));
    CHECK(AddressSpace::on_field(AddressList{list, true}, Field::dst_ip) == ~plain_union(list));
  }
}

TEST_CASE("address_space: the public sets are the complements of the non-public ones", "[sim][address_space]") {
  CHECK(AddressSpace::public_sources() == ~AddressSpace::non_public_sources());
  CHECK(AddressSpace::public_destinations() == ~AddressSpace::non_public_destinations());
  CHECK(AddressSpace::public_sources().intersects(PacketSet::src(testing::prefix("20.1.2.0/24"))));
  CHECK_FALSE(
      AddressSpace::public_sources().intersects(PacketSet::src(testing::prefix("10.1.2.0/24"))));
}
