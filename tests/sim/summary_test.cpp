#include "sim/summary.hpp"

#include <catch2/catch.hpp>

#include "tests/support/fixtures.hpp"

using namespace airgap;
using sim::PacketSet;

namespace {

sim::NameUniverse two_names() {
  sim::NameUniverse names;
  names.add("mcr.microsoft.com");
  names.add("*.azurecr.io");
  names.finalize();
  return names;
}

PacketSet tcp_to(const char* prefix, std::uint16_t low, std::uint16_t high) {
  return PacketSet::src(testing::prefix("10.0.0.0/24")) & PacketSet::dst(testing::prefix(prefix)) &
         PacketSet::protocol(sim::ip_proto::tcp) & PacketSet::dst_ports({low, high});
}

}  // namespace

TEST_CASE("summary: nothing reaching says nothing", "[sim][summary]") {
  CHECK(sim::summarize(PacketSet::none(), two_names()) == "nothing");
}

TEST_CASE("summary: every well-formed header is all protocols and ports, with the destinations", "[sim][summary]") {
  const auto names = two_names();
  const PacketSet everything = PacketSet::well_formed(names.size());
  CHECK(sim::summarize(everything, names) == "all protocols and ports");
  CHECK(sim::summarize(everything & PacketSet::dst(testing::prefix("20.0.0.0/8")), names) ==
        "all protocols and ports (destinations 20.0.0.0-20.255.255.255)");
}

TEST_CASE("summary: TCP ports and destinations are listed, and the source never is", "[sim][summary]") {
  const auto names = two_names();
  CHECK(sim::summarize(tcp_to("20.1.2.3/32", 443, 443), names) == "TCP port 443 (destinations 20.1.2.3)");
  CHECK(sim::summarize(tcp_to("20.1.2.3/32", 80, 80) | tcp_to("20.1.2.4/32", 443, 443), names) ==
        "TCP ports 80, 443 (destinations 20.1.2.3-20.1.2.4)");
  CHECK(sim::summarize(tcp_to("0.0.0.0/0", 1000, 2000), names) == "TCP ports 1000-2000");
}

TEST_CASE("summary: past six port ranges or three destination ranges it says less", "[sim][summary]") {
  const auto names = two_names();
  PacketSet many_ports, many_places;
  for (std::uint16_t port = 100; port < 114; port += 2) many_ports |= tcp_to("20.1.2.3/32", port, port);
  CHECK(sim::summarize(many_ports, names) == "TCP many ports (destinations 20.1.2.3)");
  for (const char* host : {"20.0.0.1/32", "20.0.0.3/32", "20.0.0.5/32", "20.0.0.7/32"}) many_places |= tcp_to(host, 443, 443);
  CHECK(sim::summarize(many_places, names) == "TCP port 443");
}

TEST_CASE("summary: names, UDP, ICMP and other protocols each get their part", "[sim][summary]") {
  const auto names = two_names();
  const std::uint32_t mcr = names.class_of("mcr.microsoft.com");
  const PacketSet to_mcr = tcp_to("0.0.0.0/0", 443, 443) & PacketSet::name(mcr);
  CHECK(sim::summarize(to_mcr, names) == "TCP port 443 to mcr.microsoft.com");
  const PacketSet dns = PacketSet::dst(testing::prefix("168.63.129.16/32")) &
                        PacketSet::protocol(sim::ip_proto::udp) & PacketSet::dst_ports({53, 53}) &
                        PacketSet::src_ports({0, 65535});
  const PacketSet ping =
      PacketSet::dst(testing::prefix("20.0.0.0/8")) & PacketSet::protocol(sim::ip_proto::icmp);
  const PacketSet gre = PacketSet::dst(testing::prefix("20.0.0.0/8")) & PacketSet::protocol(47);
  CHECK(sim::summarize(to_mcr | dns | ping | gre, names) ==
        "TCP port 443 to mcr.microsoft.com; UDP port 53 (destinations 168.63.129.16); "
        "ICMP (destinations 20.0.0.0-20.255.255.255); other IP protocols");
}

TEST_CASE("summary: the memo answers as summarize does, per set without its sources", "[sim][summary]") {
  const auto names = two_names();
  sim::SummaryMemo memo;
  const PacketSet a = tcp_to("20.1.2.3/32", 443, 443);
  const PacketSet b =
      a.with_src(PacketSet::src(testing::prefix("10.9.0.0/16")));  // the same but for its sources
  CHECK(memo(a, names) == sim::summarize(a, names));
  CHECK(memo(b, names) == sim::summarize(a, names));
  CHECK(memo(PacketSet::none(), names) == "nothing");
}

TEST_CASE("summary: the memo answers as summarize does when sets share one protocol's part and not another's",
          "[sim][summary]") {
  const auto names = two_names();
  sim::SummaryMemo memo;
  const auto udp_to = [](const char* prefix, std::uint16_t port) {
    return PacketSet::src(testing::prefix("10.0.0.0/24")) &
           PacketSet::dst(testing::prefix(prefix)) & PacketSet::protocol(sim::ip_proto::udp) &
           PacketSet::dst_ports({port, port});
  };
  const char* prefixes[] = {"20.1.2.0/24", "20.1.4.0/24", "40.0.0.0/8", "52.1.1.1/32"};
  // Each set keeps the UDP part of the one before or the TCP part (as an NSG edit changes one
  // rule's protocol), with one to four destination ranges, so lists are listed and given up.
  PacketSet tcp = tcp_to(prefixes[0], 443, 443);
  PacketSet udp = udp_to(prefixes[1], 53);
  for (int step = 0; step < 16; ++step) {
    if (step % 2 == 0) {
      tcp |= tcp_to(prefixes[step % 4], static_cast<std::uint16_t>(400 + step), static_cast<std::uint16_t>(400 + step));
    } else {
      udp |= udp_to(prefixes[(step + 1) % 4], static_cast<std::uint16_t>(50 + step));
    }
    const PacketSet set = tcp | udp;
    INFO("step " << step);
    CHECK(memo(set, names) == sim::summarize(set, names));
  }
}
