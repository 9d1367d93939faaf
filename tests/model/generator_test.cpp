#include <catch2/catch.hpp>

#include "model/scenario_generator.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

TEST_CASE("generator: the same options give the same bytes", "[model][generator]") {
  model::GeneratorOptions options;
  options.spokes = 5;
  options.distinct = true;
  CHECK(model::generate_hub_and_spoke(options) == model::generate_hub_and_spoke(options));
}

TEST_CASE("generator: generated designs are valid scenarios, templated and distinct", "[model][generator]") {
  for (bool distinct : {false, true}) {
    auto net = testing::generated(12, 20, 6, 30, distinct);
    CHECK(net.vnets.size() == 13);
    CHECK(net.nsgs.size() == 12);
    CHECK(net.nsgs.front().rules.size() == 20);
    CHECK(net.route_tables.front().routes.size() == 6);
    CHECK(net.cluster->node_pools.size() == 12);
  }
}

TEST_CASE("generator: heavy spokes carry Azure's maximum of 1,000 NSG rules and 400 routes", "[model][generator]") {
  for (bool distinct : {false, true}) {
    auto net = testing::generated(6, 10, 4, 20, distinct, 3);
    for (int i = 0; i < 6; ++i) {
      const bool heavy = i % 3 == 2;
      INFO("spoke " << i << (distinct ? " distinct" : " templated"));
      CHECK(net.find_nsg("nsg-spoke-" + std::to_string(i))->rules.size() == (heavy ? 1000u : 10u));
      CHECK(net.find_route_table("rt-spoke-" + std::to_string(i))->routes.size() == (heavy ? 400u : 4u));
    }
  }
}
