// A rule's box: the rules that are boxes get, from rule_match, the set the conjunction of
// their fields' sets gives; the others are not read as boxes.
#include "sim/rule_box.hpp"

#include <catch2/catch.hpp>
#include <random>

#include "sim/address_space.hpp"
#include "sim/nsg_eval.hpp"
#include "sim/packet_set.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

namespace {

model::SecurityRule rule_to(model::AddressMatch destination, model::Protocol protocol,
                            std::vector<model::PortRange> ports) {
  model::SecurityRule rule;
  rule.name = "r";
  rule.priority = 100;
  rule.direction = model::Direction::outbound;
  rule.protocol = protocol;
  rule.source_addresses = {model::AnyAddress{}};
  rule.destination_addresses = {std::move(destination)};
  rule.destination_port_ranges = std::move(ports);
  return rule;
}

// The reference: the rule's fields' sets, conjoined.
sim::PacketSet by_fields(const model::SecurityRule& rule) {
  const auto side = [](const model::AddressMatch& term, bool source) {
    if (const auto* p = std::get_if<model::Prefix>(&term))
      return source ? sim::PacketSet::src(*p) : sim::PacketSet::dst(*p);
    return sim::PacketSet::all();
  };
  sim::PacketSet set =
      side(rule.source_addresses.front(), true) & side(rule.destination_addresses.front(), false);
  const auto ports = [](const std::vector<model::PortRange>& ranges, bool destination) {
    if (ranges.empty()) return sim::PacketSet::all();
    return destination ? sim::PacketSet::dst_ports(ranges.front())
                       : sim::PacketSet::src_ports(ranges.front());
  };
  set &= ports(rule.destination_port_ranges, true) & ports(rule.source_port_ranges, false);
  switch (rule.protocol) {
    case model::Protocol::tcp:
      return set & sim::PacketSet::protocol(sim::ip_proto::tcp);
    case model::Protocol::udp:
      return set & sim::PacketSet::protocol(sim::ip_proto::udp);
    case model::Protocol::icmp:
      return set & sim::PacketSet::protocol(sim::ip_proto::icmp);
    default:
      return set;
  }
}

}  // namespace

TEST_CASE(
    "rule box: a rule of one prefix, one port range and one protocol matches its fields' "
    "conjunction",
    "[sim][nsg]") {
  const model::Network net = testing::one_vnet();
  const sim::AddressSpace space{net};
  const sim::NsgContext context{0, {}, true};
  std::mt19937 rng(5);
  const char* prefixes[] = {"0.0.0.0/0",    "20.0.0.0/8",  "20.1.2.0/24",
                            "40.57.0.0/24", "10.0.0.4/32", "128.0.0.0/1"};
  const model::Protocol protocols[] = {model::Protocol::any, model::Protocol::tcp,
                                       model::Protocol::udp, model::Protocol::icmp};
  for (int sample = 0; sample < 200; ++sample) {
    const model::Protocol protocol = protocols[rng() % 4];
    const bool ported = protocol == model::Protocol::tcp || protocol == model::Protocol::udp;
    std::vector<model::PortRange> ports;
    if (ported && rng() % 4 != 0) {
      auto a = static_cast<std::uint16_t>(rng()), b = static_cast<std::uint16_t>(rng());
      if (rng() % 3 == 0) b = a;
      ports.push_back({std::min(a, b), std::max(a, b)});
    }
    model::SecurityRule rule = rule_to(testing::prefix(prefixes[rng() % 6]), protocol, ports);
    if (rng() % 3 == 0) rule.source_addresses = {testing::prefix(prefixes[rng() % 6])};
    if (ported && rng() % 5 == 0) rule.source_port_ranges = {model::PortRange{1024, 65535}};
    INFO("sample " << sample);
    REQUIRE(sim::rule_box(rule).has_value());
    const sim::TriSet match = sim::rule_match(rule, space, context, sim::TagWorld::documented);
    CHECK(match.is_exact());
    CHECK(match.must == by_fields(rule));
  }
}

TEST_CASE(
    "rule box: several prefixes or ranges, a tag, an ASG or ports on a portless protocol are not a "
    "box",
    "[sim][nsg]") {
  const model::SecurityRule plain =
      rule_to(testing::prefix("20.1.2.0/24"), model::Protocol::tcp, {{443, 443}});
  REQUIRE(sim::rule_box(plain).has_value());
  model::SecurityRule two_prefixes = plain;
  two_prefixes.destination_addresses.push_back(testing::prefix("20.1.3.0/24"));
  CHECK_FALSE(sim::rule_box(two_prefixes).has_value());
  model::SecurityRule two_ranges = plain;
  two_ranges.destination_port_ranges.push_back({80, 80});
  CHECK_FALSE(sim::rule_box(two_ranges).has_value());
  model::SecurityRule tag = plain;
  tag.destination_addresses = {model::ServiceTagRef{"Internet"}};
  CHECK_FALSE(sim::rule_box(tag).has_value());
  model::SecurityRule asg = plain;
  asg.source_asgs = {"web"};
  CHECK_FALSE(sim::rule_box(asg).has_value());
  model::SecurityRule any_protocol = plain;
  any_protocol.protocol = model::Protocol::any;  // (its ports match TCP and UDP only: two boxes)
  CHECK_FALSE(sim::rule_box(any_protocol).has_value());
  model::SecurityRule any_ports = any_protocol;
  any_ports.destination_port_ranges = {{0, 65535}};
  CHECK(sim::rule_box(any_ports).has_value());
}
