// Network's name lookups: what the indexes built by reindex() answer, and what they answer for
// objects added since.
#include "model/network.hpp"

#include <catch2/catch.hpp>

using namespace airgap;

namespace {

model::Vnet vnet_peered_to(const std::string& name, const std::vector<std::string>& remotes) {
  model::Vnet vnet;
  vnet.name = name;
  for (const auto& remote : remotes) {
    model::Peering peering;
    peering.name = name + "-to-" + remote;
    peering.remote_virtual_network = remote;
    vnet.peerings.push_back(peering);
  }
  return vnet;
}

}  // namespace

TEST_CASE("network: a VNet's peering to a remote VNet is found by the remote's name",
          "[model][network]") {
  model::Network network;
  network.vnets = {vnet_peered_to("hub", {"spoke-a", "spoke-b", "spoke-c"}),
                   vnet_peered_to("spoke-b", {"hub"})};
  network.reindex();
  const auto* to_b = network.find_peering(0, "spoke-b");
  REQUIRE(to_b != nullptr);
  CHECK(to_b->name == "hub-to-spoke-b");
  CHECK(network.find_peering(1, "hub") == &network.vnets[1].peerings[0]);
  CHECK(network.find_peering(0, "spoke-d") == nullptr);
  CHECK(network.find_peering(1, "spoke-a") == nullptr);
}

TEST_CASE("network: of two peerings to one remote VNet, the first is found", "[model][network]") {
  model::Network network;
  network.vnets = {vnet_peered_to("hub", {"spoke", "spoke"})};
  network.reindex();
  CHECK(network.find_peering(0, "spoke") == &network.vnets[0].peerings[0]);
}

TEST_CASE("network: a peering added or moved since the last reindex is still found",
          "[model][network]") {
  model::Network network;
  network.vnets = {vnet_peered_to("hub", {"spoke-a"})};
  network.reindex();
  network.vnets[0].peerings.insert(network.vnets[0].peerings.begin(),
                                   vnet_peered_to("x", {"spoke-b"}).peerings[0]);
  const auto* to_b = network.find_peering(0, "spoke-b");
  REQUIRE(to_b != nullptr);
  CHECK(to_b->remote_virtual_network == "spoke-b");
  const auto* to_a =
      network.find_peering(0, "spoke-a");  // (its indexed position now holds another)
  REQUIRE(to_a != nullptr);
  CHECK(to_a->remote_virtual_network == "spoke-a");
}
