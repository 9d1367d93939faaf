#include "sim/text.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace airgap;

TEST_CASE("concat: joins its parts in order, owned or viewed, empty ones included", "[sim][text]") {
  const std::string owned = "VNet 'hub'";
  CHECK(sim::concat({"peering route ", std::string("10.0.0.0/16"), " (", owned, ")", ""}) ==
        "peering route 10.0.0.0/16 (VNet 'hub')");
  CHECK(sim::concat({}).empty());
  CHECK(sim::concat({"", ""}).empty());
}
