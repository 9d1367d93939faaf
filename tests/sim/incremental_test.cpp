// Incremental re-proof: after an NSG edit, Analysis::replace_nsg must give exactly the verdicts
// a fresh analysis of the edited design gives, for every pool.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "sim/analysis.hpp"
#include "tests/support/fixtures.hpp"

using namespace airgap;

namespace {

// One random single-rule edit: access, port, protocol, destination, direction or name (which
// only a blocker shows).
model::Nsg edited(const model::Nsg& nsg, std::mt19937& rng) {
  model::Nsg out = nsg;
  auto& rule = out.rules.edit()[rng() % out.rules.size()];
  switch (rng() % 6) {
    case 0: rule.access = rule.access == model::Access::allow ? model::Access::deny : model::Access::allow; break;
    case 1: rule.destination_port_ranges = {model::PortRange{443, 443}}; break;
    case 2: rule.protocol = model::Protocol::any; break;
    case 3: rule.destination_addresses = {model::ServiceTagRef{"Internet"}}; break;
    case 4: rule.direction = model::Direction::inbound; break;  // takes the full-rebuild path
    case 5: rule.name += "-renamed"; break;
  }
  return out;
}

}  // namespace

TEST_CASE("incremental: verdicts after replace_nsg equal a fresh analysis of the edited design", "[sim][incremental]") {
  for (bool distinct : {false, true}) {
    model::Network design = testing::generated(8, 12, 3, 20, distinct);
    sim::Analysis incremental = testing::analysed(design);
    std::mt19937 rng(distinct ? 5 : 3);
    for (int round = 0; round < 20; ++round) {
      const std::size_t spoke = rng() % design.nsgs.size();
      const model::Nsg updated = edited(design.nsgs[spoke], rng);
      design.nsgs[spoke] = updated;
      const auto changed = incremental.replace_nsg(updated);
      REQUIRE(changed);
      sim::Analysis fresh = testing::analysed(design);
      for (const auto& pool : design.cluster->node_pools) {
        INFO((distinct ? "distinct" : "templated") << " round " << round << " pool " << pool.name);
        const auto a = incremental.evaluate(pool.name, incremental.internet(), sim::PacketSet::all());
        const auto b = fresh.evaluate(pool.name, fresh.internet(), sim::PacketSet::all());
        CHECK(to_string(a.status) == to_string(b.status));
        CHECK(a.summary == b.summary);
        CHECK(a.witness_text == b.witness_text);
        CHECK(a.blockers == b.blockers);
        if (a.path.size() == b.path.size()) {
          for (std::size_t h = 0; h < a.path.size(); ++h) CHECK(a.path[h].decided_by == b.path[h].decided_by);
        } else {
          CHECK(a.path.size() == b.path.size());
        }
      }
    }
  }
}

TEST_CASE("incremental: answers after one-rule edits equal a fresh analysis's, asked after some edits and not others",
          "[sim][incremental]") {
  // Two NSGs edited in turn, answers asked after some edits only: an answer is updated from
  // the last one only if that was through the gate the edit patched. (The generator's spokes
  // 1 and 2 reach the internet past their NSGs alone: their rules decide the answers.)
  model::Network design = testing::generated(4, 12, 3, 20, false);
  sim::Analysis incremental = testing::analysed(design);
  const std::vector<std::size_t> edited_nsgs{1, 2};
  // Questions about all packets and about each rule's own packets (a summary names ports
  // coarsely; a question about one rule's packets is answered by whether they get out).
  std::vector<sim::PacketSet> questions{sim::PacketSet::all()};
  for (std::size_t n : edited_nsgs) {
    for (const auto& rule : design.nsgs[n].rules) {
      const auto* to = std::get_if<model::Prefix>(&rule.destination_addresses.front());
      if (to == nullptr || rule.destination_port_ranges.empty()) continue;
      questions.push_back(sim::PacketSet::dst(*to) & sim::PacketSet::protocol(sim::ip_proto::tcp) &
                          sim::PacketSet::dst_ports(rule.destination_port_ranges.front()));
    }
  }
  REQUIRE(questions.size() > 10);
  const auto answers = [&questions](sim::Analysis& analysis, const model::Network& network) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& pool : network.cluster->node_pools) {
      for (const auto& question : questions) {
        const auto v = analysis.evaluate(pool.name, analysis.internet(), question, sim::Analysis::Detail::answer);
        out.emplace_back(to_string(v.status), v.summary);
      }
    }
    return out;
  };
  answers(incremental, design);
  std::mt19937 rng(11);
  int asked = 0;
  std::size_t last = 0;
  for (int round = 0; round < 120; ++round) {
    if (rng() % 4 == 0) last = (last + 1) % edited_nsgs.size();  // (mostly the NSG edited last)
    auto& nsg = design.nsgs[edited_nsgs[last]];
    const std::size_t at = rng() % nsg.rules.size();
    auto& rule = nsg.rules.edit()[at];
    if (rule.direction != model::Direction::outbound) continue;
    if (rng() % 2 == 0) {
      rule.access = rule.access == model::Access::allow ? model::Access::deny : model::Access::allow;
    } else {  // (another rule's port: its packets change hands)
      rule.destination_port_ranges = {nsg.rules[rng() % nsg.rules.size()].destination_port_ranges.front()};
    }
    REQUIRE(incremental.replace_security_rule(nsg.name, at, rule));
    if (rng() % 2 == 0) continue;  // (not asked: the next edit patches a gate nobody answered through)
    ++asked;
    sim::Analysis fresh = testing::analysed(design);
    INFO("round " << round);
    CHECK(answers(incremental, design) == answers(fresh, design));
  }
  CHECK(asked > 40);
}

TEST_CASE("incremental: an outbound edit names only the pools behind that NSG", "[sim][incremental]") {
  model::Network design = testing::generated(5, 4, 4, 20, false);
  sim::Analysis analysis = testing::analysed(design);
  model::Nsg updated = *design.find_nsg("nsg-spoke-2");
  updated.rules.edit().front().access = model::Access::deny;
  const auto changed = analysis.replace_nsg(updated);
  REQUIRE(changed);
  CHECK(*changed == std::vector<std::string>{"pool-2"});
  CHECK_FALSE(analysis.replace_nsg(model::Nsg{"no-such-nsg", {}, {}}));
}

TEST_CASE("incremental: an outbound edit of an appliance subnet's NSG reaches the appliance's stage",
          "[sim][incremental]") {
  const std::string extra = std::string(testing::appliance_route) + R"(
[[networkSecurityGroup]]
name = "nva-nsg"
securityRules = [{ name = "all-out", priority = 100, direction = "Outbound", access = "Deny", protocol = "*", sourceAddressPrefix = "*", destinationAddressPrefix = "*", destinationPortRange = "*" }]
)";
  model::Network design = testing::load_ok(testing::with_appliance_subnet(
      testing::single_pool({.subnet_attrs = "defaultOutboundAccess = false, routeTable = \"rt\"",
                            .outbound = "userDefinedRouting", .extra = extra}),
      ", networkSecurityGroup = \"nva-nsg\""));
  sim::Analysis incremental = testing::analysed(design);
  const auto status = [](sim::Analysis& a) {
    return to_string(a.evaluate("system", a.internet(), sim::PacketSet::all()).status);
  };
  REQUIRE(status(incremental) == "unreachable");  // the appliance's subnet lets nothing out
  // The appliance forwards what its subnet's outbound rules allow: an edit of them is an edit
  // of the appliance's stage, though no node pool or subnet source uses the NSG.
  std::set<std::string> seen;
  for (model::Access access : {model::Access::allow, model::Access::deny, model::Access::allow}) {
    auto edited = std::find_if(design.nsgs.begin(), design.nsgs.end(), [](const auto& n) { return n.name == "nva-nsg"; });
    REQUIRE(edited != design.nsgs.end());
    edited->rules.edit().front().access = access;
    REQUIRE(incremental.replace_nsg(*edited));
    sim::Analysis fresh = testing::analysed(design);
    CHECK(status(incremental) == status(fresh));
    seen.insert(std::string(status(fresh)));
  }
  CHECK(seen.size() == 2);  // the edits do change the verdict (this test can fail)
}

TEST_CASE("incremental: a blocker names the rule as it is after the edit, not as it was", "[sim][incremental]") {
  const std::string extra = R"(
[[networkSecurityGroup]]
name = "nsg"
securityRules = [{ name = "no-internet", priority = 4000, direction = "Outbound", access = "Deny", protocol = "*", sourceAddressPrefix = "*", destinationAddressPrefix = "Internet", destinationPortRange = "*" }]
)";
  const model::Network design = testing::load_ok(testing::single_pool(
      {.subnet_attrs = "networkSecurityGroup = \"nsg\"", .outbound = "loadBalancer", .extra = extra}));
  sim::Analysis analysis = testing::analysed(design);
  model::Nsg nsg = *analysis.network().find_nsg("nsg");
  // Each rename rebuilds the pool's source stage: new edges, which may take the old ones'
  // addresses, stopping the very same packets. What a blocker says must follow the rules.
  for (int round = 0; round < 12; ++round) {
    const std::string name = "no-internet-" + std::to_string(round);
    nsg.rules.edit().front().name = name;
    REQUIRE(analysis.replace_nsg(nsg));
    const auto v = analysis.evaluate("system", analysis.internet(), sim::PacketSet::all());
    REQUIRE(v.status == sim::Status::unreachable);
    REQUIRE(v.blockers.size() == 1);
    REQUIRE(v.blockers.front().rules.size() == 1);
    CHECK(v.blockers.front().rules.front().first.find("'" + name + "'") != std::string::npos);
  }
}

TEST_CASE("incremental: a rule that matches nothing moved past the deciding rule leaves the witness naming it",
          "[sim][incremental]") {
  // ICMP has no ports, so "never" matches no packet: moving it changes no set, only the list
  // the explainer walks (found by the incremental property test at seed 2592).
  const std::string extra = R"(
[[networkSecurityGroup]]
name = "nsg"
securityRules = [
  { name = "never", priority = 100, direction = "Outbound", access = "Deny", protocol = "Icmp", sourceAddressPrefix = "*", destinationAddressPrefix = "*", destinationPortRange = "443" },
  { name = "out", priority = 200, direction = "Outbound", access = "Allow", protocol = "*", sourceAddressPrefix = "*", destinationAddressPrefix = "Internet", destinationPortRange = "*" },
]
)";
  const model::Network design = testing::load_ok(testing::single_pool(
      {.subnet_attrs = "networkSecurityGroup = \"nsg\"", .outbound = "loadBalancer", .extra = extra}));
  sim::Analysis analysis = testing::analysed(design);
  const auto deciding_rule = [&analysis] {
    const auto v = analysis.evaluate("system", analysis.internet(), sim::PacketSet::all());
    REQUIRE(v.status == sim::Status::reachable);
    REQUIRE_FALSE(v.path.empty());
    return v.path.front().decided_by;
  };
  CHECK(deciding_rule().find("rule 'out'") != std::string::npos);  // (the explainer keeps its rule sets)
  model::Nsg nsg = *analysis.network().find_nsg("nsg");
  nsg.rules.edit().front().priority = 300;
  REQUIRE(analysis.replace_security_rule("nsg", 0, nsg.rules.front()));
  CHECK(deciding_rule().find("rule 'out'") != std::string::npos);
  nsg.rules.edit().front().name = "still-never";
  REQUIRE(analysis.replace_nsg(nsg));
  CHECK(deciding_rule().find("rule 'out'") != std::string::npos);
}

namespace {

// One random hub change: a collection's action or priority, a network rule's ports or
// destination, an application rule's names; or DNS proxy (not a rule: the full-rebuild path).
model::Firewall edited(const model::Firewall& fw, std::mt19937& rng) {
  model::Firewall out = fw;
  auto& group = out.rule_collection_groups[rng() % out.rule_collection_groups.size()];
  auto& collection = group.rule_collections[rng() % group.rule_collections.size()];
  auto& rule = collection.rules[rng() % collection.rules.size()];
  switch (rng() % 6) {
    case 0: collection.allow = !collection.allow; break;
    case 1: collection.priority = static_cast<int>(100 + rng() % 1000); break;
    case 2: rule.destination_ports = {model::PortRange{443, 443}}; break;
    case 3: rule.destination_addresses = {model::AnyAddress{}}; break;
    case 4: rule.target_fqdns = {"*"}; break;
    case 5: out.dns_proxy = !out.dns_proxy; break;
  }
  return out;
}

struct Seen {
  std::string status, summary, witness;
  std::vector<sim::Blocker> blockers;
  bool operator==(const Seen&) const = default;
};

Seen internet_of(sim::Analysis& analysis, const std::string& pool) {
  const auto v = analysis.evaluate(pool, analysis.internet(), sim::PacketSet::all());
  return {std::string(to_string(v.status)), v.summary, v.witness_text, v.blockers};
}

}  // namespace

TEST_CASE("incremental: after replace_firewall, named pools match a fresh analysis and the others did not change",
          "[sim][incremental]") {
  for (bool distinct : {false, true}) {
    model::Network design = testing::generated(8, 6, 3, 24, distinct);
    sim::Analysis incremental = testing::analysed(design);
    std::mt19937 rng(distinct ? 11 : 13);
    std::map<std::string, Seen> before;
    for (const auto& pool : design.cluster->node_pools) before[pool.name] = internet_of(incremental, pool.name);
    std::size_t skipped = 0, changed = 0;
    for (int round = 0; round < 16; ++round) {
      const model::Firewall updated = edited(design.firewalls.front(), rng);
      design.firewalls.front() = updated;
      const auto named = incremental.replace_firewall(updated);
      REQUIRE(named);
      sim::Analysis fresh = testing::analysed(design);
      for (const auto& pool : design.cluster->node_pools) {
        INFO((distinct ? "distinct" : "templated") << " round " << round << " pool " << pool.name);
        const Seen now = internet_of(fresh, pool.name);
        CHECK(internet_of(incremental, pool.name) == now);
        if (std::find(named->begin(), named->end(), pool.name) == named->end()) {
          CHECK(before[pool.name] == now);  // not named: the edit cannot have touched it
          ++skipped;
        }
        if (!(before[pool.name] == now)) ++changed;
        before[pool.name] = now;
      }
    }
    CHECK(skipped > 0);  // some spokes do not route through the firewall
    CHECK(changed > 0);  // and the edits do change what gets out
  }
}

TEST_CASE("incremental: a firewall rule naming a new FQDN lets that name out, as a fresh analysis says",
          "[sim][incremental]") {
  model::Network design = testing::library_design("udr-firewall-aks-fqdn-tag.toml");
  sim::Analysis incremental = testing::analysed(design);
  const auto to_name = [](sim::Analysis& a) {
    return a.evaluate("system", a.parse_target("system", "packages.example.org"), sim::PacketSet::all());
  };
  REQUIRE(to_name(incremental).status == sim::Status::unreachable);
  // The name classes were built without this name: matched on them, the rule would allow
  // nothing, and the edit would prove "unreachable" where the name now gets out.
  auto& rule = design.firewalls.front().rule_collection_groups.front().rule_collections.back().rules.front();
  rule.fqdn_tags.clear();
  rule.target_fqdns = {"packages.example.org"};
  const auto named = incremental.replace_firewall(design.firewalls.front());
  REQUIRE(named);
  CHECK(*named == std::vector<std::string>{"system"});
  sim::Analysis fresh = testing::analysed(design);
  const auto now = to_name(incremental);
  CHECK(now.status == sim::Status::reachable);
  CHECK(now == to_name(fresh));
  const auto internet = incremental.evaluate("system", incremental.internet(), sim::PacketSet::all());
  CHECK(internet == fresh.evaluate("system", fresh.internet(), sim::PacketSet::all()));
  CHECK(internet.summary.find("packages.example.org") != std::string::npos);
}

TEST_CASE("incremental: firewalls name the same FQDNs when their FQDN fields or their expanded names agree",
          "[sim][incremental]") {
  const model::Network design = testing::library_design("udr-firewall-aks-fqdn-tag.toml");
  const model::Firewall& before = design.firewalls.front();
  const std::string region = sim::region_of(design);
  model::Firewall ported = before;  // a port edit leaves every FQDN field as it was
  auto& collections = ported.rule_collection_groups.front().rule_collections;
  collections.back().rules.front().destination_ports = {model::PortRange{8443, 8443}};
  CHECK(sim::same_names(before, ported, region));
  model::Firewall renamed = before;  // the tag's names give way to one other name
  auto& rule = renamed.rule_collection_groups.front().rule_collections.back().rules.front();
  rule.fqdn_tags.clear();
  rule.target_fqdns = {"packages.example.org"};
  CHECK_FALSE(sim::same_names(before, renamed, region));
  model::Firewall grown = before;  // another shape, but the new collection names no FQDN
  model::RuleCollection extra;
  extra.name = "extra";
  extra.rules.push_back(model::FirewallRule{});
  grown.rule_collection_groups.front().rule_collections.push_back(extra);
  CHECK(sim::same_names(before, grown, region));
}

TEST_CASE("incremental: a firewall the design does not have is not replaced", "[sim][incremental]") {
  sim::Analysis analysis = testing::analysed(testing::generated(2, 2, 2, 4, false));
  model::Firewall other;
  other.name = "no-such-firewall";
  CHECK_FALSE(analysis.replace_firewall(other));
}

namespace {

// One random route edit: a new next hop (the firewall, None, Internet), the BGP flag, or
// (taking the full-rebuild path) a new prefix.
model::RouteTable edited_routes(const model::RouteTable& table, std::mt19937& rng) {
  model::RouteTable out = table;
  auto& route = out.routes[rng() % out.routes.size()];
  switch (rng() % 6) {
    case 5:  // a firewall spoke's first egress stage, built by the rebuild
      route.next_hop_type = model::NextHopType::internet;
      route.next_hop_ip_address.reset();
      break;
    case 0:
    case 1:
      route.next_hop_type = model::NextHopType::virtual_appliance;
      route.next_hop_ip_address = model::Ipv4{0x0A000004u};  // the hub firewall, 10.0.0.4
      break;
    case 2:
      route.next_hop_type = model::NextHopType::none;
      route.next_hop_ip_address.reset();
      break;
    case 3: out.disable_bgp_route_propagation = !out.disable_bgp_route_propagation; break;
    case 4: route.address_prefix = model::Prefix{model::Ipv4{0x28000000u}, 8}; break;  // 40.0.0.0/8
  }
  return out;
}

}  // namespace

TEST_CASE("incremental: after replace_route_table, the verdicts kept and those asked again are a fresh analysis's",
          "[sim][incremental]") {
  std::size_t changed = 0;
  for (bool distinct : {false, true}) {
    model::Network design = testing::generated(8, 6, 3, 24, distinct);
    sim::Analysis incremental = testing::analysed(design);
    auto kept = sim::pool_verdicts(incremental);
    std::mt19937 rng(distinct ? 5 : 9);
    std::size_t asked = 0;
    for (int round = 0; round < 24; ++round) {
      auto& table = design.route_tables[rng() % design.route_tables.size()];
      table = edited_routes(table, rng);
      const auto reproof = incremental.replace_route_table(table);
      REQUIRE(reproof);
      INFO((distinct ? "distinct" : "templated") << " round " << round << " table " << table.name);
      sim::Analysis fresh = testing::analysed(design);
      const auto expected = sim::pool_verdicts(fresh);
      CHECK(sim::pool_verdicts(incremental) == expected);
      changed += kept == expected ? 0u : 1u;
      for (const auto& pool : sim::pool_verdicts(incremental, reproof->pools)) {
        for (auto& k : kept) {
          if (k.pool == pool.pool) k = pool;
        }
      }
      sim::reprove_api_server(incremental, kept, reproof->api_only);
      CHECK(kept == expected);  // pools not named kept verdicts that are still right
      asked += reproof->pools.size();
      kept = expected;
    }
    CHECK(asked < 24 * design.cluster->node_pools.size());  // a spoke's route edit names few pools
  }
  CHECK(changed > 0);  // and the edits do change verdicts (this test can fail)
  sim::Analysis analysis = testing::analysed(testing::generated(2, 2, 2, 4, false));
  model::RouteTable other;
  other.name = "no-such-table";
  CHECK_FALSE(analysis.replace_route_table(other));
}
