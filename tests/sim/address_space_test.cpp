#include <catch2/catch.hpp>

#include "sim/address_space.hpp"

using namespace airgap;
using sim::AddressList;
using sim::AddressSpace;
using sim::Field;
using sim::PacketSet;

namespace {
model::Prefix prefix_of(const char* text) { return *model::parse_prefix(text).value; }

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
      {prefix_of("10.0.0.0/16"), prefix_of("10.0.1.0/24"), prefix_of("10.0.0.0/16"), prefix_of("192.168.0.0/24")},
      {prefix_of("10.1.0.0/24"), prefix_of("10.0.0.0/8"), prefix_of("172.16.0.0/12"), prefix_of("10.2.3.4/32")},
      {prefix_of("20.0.0.0/24"), prefix_of("0.0.0.0/0"), prefix_of("30.0.0.0/8")},
      {prefix_of("10.0.0.0/25"), prefix_of("10.0.0.128/25"), prefix_of("10.0.1.0/24")},
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
  CHECK(AddressSpace::public_sources().intersects(PacketSet::src(prefix_of("20.1.2.0/24"))));
  CHECK_FALSE(AddressSpace::public_sources().intersects(PacketSet::src(prefix_of("10.1.2.0/24"))));
}
