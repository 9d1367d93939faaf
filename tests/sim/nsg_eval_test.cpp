// NSG evaluation: the allowed set (folded from the last rule) and the explainer (first match,
// on demand) are two computations of one semantics; they must agree on every NSG.
#include <catch2/catch.hpp>

#include <random>

#include "sim/address_space.hpp"
#include "sim/first_match.hpp"
#include "sim/nsg_eval.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

namespace {

// Overlapping rules over a few prefixes, ports and protocols, so that shadowing is common.
model::Nsg random_nsg(std::mt19937& rng, int rules,
                      const std::vector<const char*>& prefixes = {"0.0.0.0/0", "20.0.0.0/8", "20.1.0.0/16",
                                                                  "20.1.2.0/24", "10.0.0.0/16"}) {
  const model::Protocol protocols[] = {model::Protocol::any, model::Protocol::tcp, model::Protocol::udp,
                                       model::Protocol::icmp};
  const model::PortRange ports[] = {{0, 65535}, {443, 443}, {80, 443}, {1000, 2000}};
  model::Nsg nsg;
  nsg.name = "random";
  for (int i = 0; i < rules; ++i) {
    model::SecurityRule rule;
    rule.name = "r" + std::to_string(i);
    rule.priority = 100 + static_cast<int>(rng() % 50);  // ties keep file order
    rule.direction = model::Direction::outbound;
    rule.access = rng() % 2 != 0 ? model::Access::allow : model::Access::deny;
    rule.protocol = protocols[rng() % 4];
    rule.source_addresses.push_back(model::AnyAddress{});
    rule.destination_addresses.push_back(testing::prefix(prefixes[rng() % prefixes.size()]));
    rule.destination_port_ranges.push_back(ports[rng() % 4]);
    nsg.rules.edit().push_back(rule);
  }
  return nsg;
}

void flip_access(model::SecurityRule& rule) {
  rule.access = rule.access == model::Access::allow ? model::Access::deny : model::Access::allow;
}

// The network every NSG here is evaluated in, with its address space.
struct OneVnet {
  model::Network net = testing::one_vnet();
  sim::AddressSpace space{net};
};

}  // namespace

TEST_CASE("NSG: the folded allowed set equals the union of the allow rules' first-match shares", "[sim][nsg]") {
  const OneVnet one;
  const sim::AddressSpace& space = one.space;
  std::mt19937 rng(11);
  for (int round = 0; round < 200; ++round) {
    // Up to 60 rules: lists longer than a run of 16 are composed run by run.
    const model::Nsg nsg = random_nsg(rng, 1 + static_cast<int>(rng() % 60));
    const sim::NsgContext context{0, {}, true};
    const auto decision = sim::evaluate_nsg(nsg, model::Direction::outbound, space, context);
    sim::NsgExplainer allows(nsg, model::Direction::outbound, context, space, model::Access::allow,
                             decision.user_shape, decision.user_decided);
    sim::NsgExplainer denies(nsg, model::Direction::outbound, context, space, model::Access::deny,
                             decision.user_shape, decision.user_decided);
    sim::TriSet allowed, denied;
    for (const auto& a : allows.explain(sim::TriSet::all())) allowed |= a.packets;
    for (const auto& a : denies.explain(sim::TriSet::all())) denied |= a.packets;
    INFO("round " << round);
    CHECK(decision.allowed == allowed);
    CHECK(decision.denied == denied);
    CHECK((allowed.may & denied.may).is_empty());
  }
}

TEST_CASE("NSG: a long list whose halves' destinations mostly lie apart decides as the explainer does",
          "[sim][nsg]") {
  // Composing a list joins its halves without a difference when no destination of one meets
  // one of the other; a few wide prefixes make them meet now and then.
  const OneVnet one;
  const sim::AddressSpace& space = one.space;
  std::vector<std::string> texts;
  texts.reserve(440);  // (pointers into it are kept)
  for (int n = 0; n < 400; ++n) texts.push_back("20." + std::to_string(n / 256) + "." + std::to_string(n % 256) + ".0/24");
  std::vector<const char*> apart;  // 400 /24s, none meeting another
  for (const auto& text : texts) apart.push_back(text.c_str());
  for (int n = 0; n < 40; ++n) texts.push_back("20.0." + std::to_string(n) + ".255/32");
  std::vector<const char*> meeting = apart;  // and what meets them: a /16, last addresses of /24s
  meeting.push_back("20.0.0.0/16");
  for (std::size_t i = 400; i < texts.size(); ++i) meeting.push_back(texts[i].c_str());
  std::mt19937 rng(13);
  for (int round = 0; round < 200; ++round) {
    const model::Nsg nsg = random_nsg(rng, 17 + static_cast<int>(rng() % 50), round % 2 == 0 ? apart : meeting);
    const sim::NsgContext context{0, {}, true};
    const auto decision = sim::evaluate_nsg(nsg, model::Direction::outbound, space, context);
    sim::NsgExplainer allows(nsg, model::Direction::outbound, context, space, model::Access::allow,
                             decision.user_shape, decision.user_decided);
    sim::TriSet allowed;
    for (const auto& a : allows.explain(sim::TriSet::all())) allowed |= a.packets;
    INFO("round " << round);
    CHECK(decision.allowed == allowed);
  }
  // Halves that meet at one address: the first half denies 20.0.5.255, the second allows its /24.
  model::Nsg edge;
  edge.name = "edge";
  for (int i = 0; i < 17; ++i) {
    model::SecurityRule rule;
    rule.name = "r" + std::to_string(i);
    rule.priority = 100 + i;
    rule.direction = model::Direction::outbound;
    rule.access = i == 0 ? model::Access::deny : model::Access::allow;
    rule.source_addresses = {model::AnyAddress{}};
    const std::string to = i == 0 ? "20.0.5.255/32" : i == 16 ? "20.0.5.0/24" : "30.0." + std::to_string(i) + ".0/24";
    rule.destination_addresses = {testing::prefix(to.c_str())};
    edge.rules.edit().push_back(rule);
  }
  const auto decision = sim::evaluate_nsg(edge, model::Direction::outbound, space, sim::NsgContext{0, {}, true});
  CHECK_FALSE(decision.allowed.may.intersects(sim::PacketSet::dst_ip(*model::parse_ipv4("20.0.5.255").value)));
  CHECK(decision.allowed.must.intersects(sim::PacketSet::dst_ip(*model::parse_ipv4("20.0.5.254").value)));
}

TEST_CASE("NSG: the explainer's shares are the rule-by-rule first-match shares of the packets asked, the first ones under a limit",
          "[sim][nsg]") {
  const OneVnet one;
  const sim::AddressSpace& space = one.space;
  const sim::NsgContext context{0, {}, true};
  std::mt19937 rng(23);
  const char* asked[] = {"20.0.0.0/8", "20.1.2.0/24", "10.0.0.0/16", "0.0.0.0/0"};
  std::size_t uncertain = 0, limited = 0;
  for (int round = 0; round < 150; ++round) {
    model::Nsg nsg = random_nsg(rng, 1 + static_cast<int>(rng() % 40));
    // A tag the scenario gives no addresses for: that rule only possibly matches.
    if (rng() % 2 == 0) nsg.rules.edit()[rng() % nsg.rules.size()].destination_addresses = {model::ServiceTagRef{"Storage"}};
    const auto decision = sim::evaluate_nsg(nsg, model::Direction::outbound, space, context);
    const auto ordered = sim::ordered_rules(nsg, model::Direction::outbound);
    std::vector<sim::TriSet> matches;
    for (const auto* rule : ordered) matches.push_back(sim::rule_match(*rule, space, context, sim::TagWorld::documented));
    const sim::TriSet packets =
        sim::TriSet::exact(sim::PacketSet::dst(testing::prefix(asked[rng() % 4])) &
                           sim::PacketSet::protocol(sim::ip_proto::tcp));
    const auto selected = sim::first_match(matches, packets);
    for (model::Access access : {model::Access::allow, model::Access::deny}) {
      sim::NsgExplainer explainer(nsg, model::Direction::outbound, context, space, access, decision.user_shape,
                                  decision.user_decided);
      std::vector<std::pair<std::string, sim::TriSet>> expected;
      for (std::size_t i = 0; i < ordered.size(); ++i) {
        if (ordered[i]->access != access || selected[i].is_empty()) continue;
        expected.emplace_back(ordered[i]->name, selected[i]);
        uncertain += selected[i].is_exact() ? 0u : 1u;
      }
      const auto found = explainer.explain(packets);
      INFO("round " << round);
      REQUIRE(found.size() == expected.size());
      for (std::size_t i = 0; i < found.size(); ++i) {
        CHECK(found[i].description.find("'" + expected[i].first + "'") != std::string::npos);
        CHECK(found[i].packets == expected[i].second);
      }
      const std::size_t limit = rng() % 4;
      const auto first = explainer.explain(packets, limit);
      CHECK(first.size() == std::min(limit, found.size()));
      for (std::size_t i = 0; i < first.size(); ++i) CHECK(first[i].description == found[i].description);
      limited += limit < found.size() ? 1u : 0u;
    }
  }
  CHECK(uncertain > 0);  // some shares only possibly hold
  CHECK(limited > 0);    // and some limits cut the list
}

TEST_CASE("NSG: the explainer names the first rule by priority that matches a packet", "[sim][nsg]") {
  const OneVnet one;
  const sim::AddressSpace& space = one.space;
  model::Nsg nsg;
  nsg.name = "n";
  auto rule = [](std::string name, int priority, model::Access access, const char* prefix) {
    model::SecurityRule r;
    r.name = std::move(name);
    r.priority = priority;
    r.direction = model::Direction::outbound;
    r.access = access;
    r.protocol = model::Protocol::tcp;
    r.source_addresses.push_back(model::AnyAddress{});
    r.destination_addresses.push_back(testing::prefix(prefix));
    return r;
  };
  nsg.rules.edit().push_back(rule("wide-deny", 200, model::Access::deny, "20.0.0.0/8"));
  nsg.rules.edit().push_back(rule("narrow-allow", 100, model::Access::allow, "20.1.0.0/16"));
  sim::NsgExplainer allows(nsg, model::Direction::outbound, {0, {}, true}, space, model::Access::allow, 0);
  sim::NsgExplainer denies(nsg, model::Direction::outbound, {0, {}, true}, space, model::Access::deny, 0);
  sim::Packet inside{model::Ipv4{0x0A000004u}, model::Ipv4{0x14010203u}, sim::ip_proto::tcp, 50000, 443, 0};
  sim::Packet outside = inside;
  outside.dst = model::Ipv4{0x14020203u};  // 20.2.2.3: only the wide deny matches
  const auto allowed = allows.explain(sim::TriSet::exact(sim::PacketSet::of(inside)));
  REQUIRE(allowed.size() == 1);
  CHECK(allowed.front().description == "NSG 'n' Outbound rule 'narrow-allow' (priority 100, Allow)");
  CHECK(denies.explain(sim::TriSet::exact(sim::PacketSet::of(inside))).empty());
  const auto denied = denies.explain(sim::TriSet::exact(sim::PacketSet::of(outside)));
  REQUIRE(denied.size() == 1);
  CHECK(denied.front().description == "NSG 'n' Outbound rule 'wide-deny' (priority 200, Deny)");
}

TEST_CASE("NSG: NSGs with equal rules share a shape, one changed rule gives another, and each explains its own rules",
          "[sim][nsg]") {
  const OneVnet one;
  const sim::AddressSpace& space = one.space;
  std::mt19937 rng(5);
  const sim::NsgContext context{0, {}, true};
  for (int round = 0; round < 50; ++round) {
    const model::Nsg first = random_nsg(rng, 2 + static_cast<int>(rng() % 10));
    model::Nsg twin = first;
    twin.name = "twin";
    model::Nsg changed = first;
    flip_access(changed.rules.edit().back());
    const auto a = sim::evaluate_nsg(first, model::Direction::outbound, space, context);
    const auto b = sim::evaluate_nsg(twin, model::Direction::outbound, space, context);
    const auto c = sim::evaluate_nsg(changed, model::Direction::outbound, space, context);
    INFO("round " << round);
    CHECK(a.user_shape != 0);
    CHECK(a.user_shape == b.user_shape);
    CHECK(c.user_shape != a.user_shape);
    // The changed NSG's explainer is asked right after the first one's: it must not answer
    // with the first one's rule sets.
    sim::NsgExplainer first_allows(first, model::Direction::outbound, context, space, model::Access::allow,
                                   a.user_shape);
    sim::NsgExplainer changed_allows(changed, model::Direction::outbound, context, space, model::Access::allow,
                                     c.user_shape);
    sim::TriSet first_allowed, changed_allowed;
    for (const auto& x : first_allows.explain(sim::TriSet::all())) first_allowed |= x.packets;
    for (const auto& x : changed_allows.explain(sim::TriSet::all())) changed_allowed |= x.packets;
    CHECK(first_allowed == a.allowed);
    CHECK(changed_allowed == c.allowed);
  }
}

TEST_CASE("NSG: the explainer names the same deciding rule whether or not it may skip the user rules",
          "[sim][nsg]") {
  const OneVnet one;
  const sim::AddressSpace& space = one.space;
  std::mt19937 rng(23);
  const sim::NsgContext context{0, {}, true};
  const std::uint32_t destinations[] = {0x14010203u, 0x14020304u, 0x0A000005u, 0x08080808u, 0x14010299u};
  const std::uint8_t protocols[] = {sim::ip_proto::tcp, sim::ip_proto::udp, sim::ip_proto::icmp, 47};
  const std::uint16_t ports[] = {443, 80, 1500, 53, 65000};
  int skipped = 0;
  for (int round = 0; round < 100; ++round) {
    const model::Nsg nsg = random_nsg(rng, 1 + static_cast<int>(rng() % 12));
    const auto decision = sim::evaluate_nsg(nsg, model::Direction::outbound, space, context);
    for (auto access : {model::Access::allow, model::Access::deny}) {
      sim::NsgExplainer fast(nsg, model::Direction::outbound, context, space, access, decision.user_shape,
                             decision.user_decided);
      sim::NsgExplainer slow(nsg, model::Direction::outbound, context, space, access, 0);
      for (int i = 0; i < 20; ++i) {
        sim::Packet packet{model::Ipv4{0x0A000004u}, model::Ipv4{destinations[rng() % 5]}, protocols[rng() % 4],
                           50000, ports[rng() % 5], 0};
        if (!decision.user_decided.may.contains(packet)) ++skipped;
        const auto a = fast.decider(packet);
        const auto b = slow.decider(packet);
        INFO("round " << round);
        REQUIRE(a.has_value() == b.has_value());
        if (a) CHECK(a->description == b->description);
      }
    }
  }
  CHECK(skipped > 0);  // the fast path was taken
}

TEST_CASE("NSG: an edited rule list, composed from the runs it shares with the original, decides as a fresh one",
          "[sim][nsg]") {
  // Every other list has rules naming tags; one without addressPrefixes makes a rule's set
  // uncertain, and the rules behind an uncertain decision are then named from every rule's
  // set, read or not by the composition (which reads only the runs it does not hold).
  const OneVnet one;
  const sim::AddressSpace& space = one.space;
  std::mt19937 rng(31);
  const sim::NsgContext context{0, {}, true};
  const char* tags[] = {"VirtualNetwork", "Internet", "Storage"};
  auto names = [](const std::vector<const model::SecurityRule*>& rules) {
    std::vector<std::string> out;
    for (const auto* rule : rules) out.push_back(rule->name);
    return out;
  };
  int uncertain = 0;
  for (int round = 0; round < 80; ++round) {
    model::Nsg original = random_nsg(rng, 17 + static_cast<int>(rng() % 60));
    for (auto& rule : original.rules.edit()) {
      if (round % 2 == 1 && rng() % 8 == 0) rule.destination_addresses = {model::ServiceTagRef{tags[rng() % 3]}};
    }
    model::Nsg edited = original;
    flip_access(edited.rules.edit()[rng() % edited.rules.size()]);
    sim::evaluate_nsg(original, model::Direction::outbound, space, context);  // its runs are memoized
    const auto reused = sim::evaluate_nsg(edited, model::Direction::outbound, space, context);
    sim::clear_rule_memos();
    const auto fresh = sim::evaluate_nsg(edited, model::Direction::outbound, space, context);
    INFO("round " << round);
    CHECK(reused.allowed == fresh.allowed);
    CHECK(reused.denied == fresh.denied);
    CHECK(reused.readings_differ == fresh.readings_differ);
    CHECK(names(reused.uncertain_rules) == names(fresh.uncertain_rules));
    uncertain += fresh.uncertain_rules.empty() ? 0 : 1;
  }
  CHECK(uncertain > 0);  // the uncertain path was taken
}

TEST_CASE("NSG: a rule's ports match only the protocols that have ports, whatever protocol it names",
          "[sim][nsg]") {
  const OneVnet one;
  const sim::NsgContext context{0, {}, true};
  model::SecurityRule rule;
  rule.name = "low-ports";
  rule.priority = 100;
  rule.direction = model::Direction::outbound;
  rule.access = model::Access::deny;
  rule.source_addresses = {model::AnyAddress{}};
  rule.destination_addresses = {model::AnyAddress{}};
  rule.destination_port_ranges = {model::PortRange{0, 1000}};  // includes the 0 an ICMP packet carries
  const auto to = *model::parse_ipv4("20.1.2.3").value;
  const sim::Packet ping{model::Ipv4{0x0A000004u}, to, sim::ip_proto::icmp, 0, 0, 0};
  const sim::Packet web{model::Ipv4{0x0A000004u}, to, sim::ip_proto::tcp, 50000, 443, 0};
  const sim::Packet dns{model::Ipv4{0x0A000004u}, to, sim::ip_proto::udp, 50000, 53, 0};
  for (auto protocol : {model::Protocol::any, model::Protocol::tcp, model::Protocol::udp, model::Protocol::icmp}) {
    rule.protocol = protocol;
    const sim::TriSet match = sim::rule_match(rule, one.space, context, sim::TagWorld::documented);
    INFO("protocol " << static_cast<int>(protocol));
    CHECK_FALSE(match.may.contains(ping));
    CHECK(match.must.contains(web) == (protocol == model::Protocol::any || protocol == model::Protocol::tcp));
    CHECK(match.must.contains(dns) == (protocol == model::Protocol::any || protocol == model::Protocol::udp));
  }
}

TEST_CASE("NSG: rules with more terms than a key's room on the stack stay apart by their last term",
          "[sim][nsg]") {
  // A rule's key is written on the stack and spills to the heap past ~20 address terms; two
  // lists that differ only in a spilled rule's last term must be two lists to the memos.
  const OneVnet one;
  const sim::NsgContext context{0, {}, true};
  const auto nsg_ending_with = [](const char* last) {
    model::SecurityRule rule;
    rule.name = "many";
    rule.priority = 100;
    rule.direction = model::Direction::outbound;
    rule.access = model::Access::deny;  // (the default rules allow the rest: the internet)
    rule.source_addresses.push_back(model::AnyAddress{});
    for (int k = 0; k < 40; ++k) {
      const std::string prefix = "20.0." + std::to_string(k) + ".0/24";
      rule.destination_addresses.push_back(testing::prefix(prefix.c_str()));
    }
    rule.destination_addresses.push_back(testing::prefix(last));
    model::Nsg nsg;
    nsg.name = std::string("ending-") + last;
    nsg.rules.edit().push_back(rule);
    return nsg;
  };
  const auto a = sim::evaluate_nsg(nsg_ending_with("30.0.0.0/24"), model::Direction::outbound,
                                   one.space, context);
  const auto b = sim::evaluate_nsg(nsg_ending_with("40.0.0.0/24"), model::Direction::outbound,
                                   one.space, context);
  const sim::PacketSet to_a = sim::PacketSet::dst(testing::prefix("30.0.0.0/24"));
  const sim::PacketSet to_b = sim::PacketSet::dst(testing::prefix("40.0.0.0/24"));
  CHECK(a.user_shape != b.user_shape);
  CHECK((a.allowed.may & to_a).is_empty());
  CHECK((a.allowed.must & to_b) == to_b);
  CHECK((b.allowed.may & to_b).is_empty());
  CHECK((b.allowed.must & to_a) == to_a);
}
