// The oracle is the judge: on random designs and random packets, the engine's packet sets must
// agree with the concrete-packet oracle on every packet, and every witness must replay, each NSG
// its path names deciding by the rule the oracle's first match finds.
// AIRGAP_PROPERTY_DESIGNS sets how many designs (default 2000; the long mode runs 100000+).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "sim/analysis.hpp"
#include "sim/graph_builder.hpp"
#include "sim/oracle/oracle.hpp"
#include "tests/sim/random_design.hpp"

using namespace airgap;

namespace {

std::uint32_t property_designs() {
  return testing::design_count("AIRGAP_PROPERTY_DESIGNS", 2000);
}

struct Probe {
  sim::Packet packet;
  oracle::Probe probe;
};

// Addresses worth probing: hosts in each subnet, endpoints, appliances, public space, platform.
std::vector<std::uint32_t> interesting_addresses(const model::Network& net) {
  std::vector<std::uint32_t> out{0x14000005u, 0x14030001u, 0x08080808u, 0xAC100005u, 0xA83F8110u,
                                 0xA9FEA9FEu, 0x0A636363u, 0xC0A80101u};
  for (const auto& v : net.vnets) {
    out.push_back(v.address_space[0].first() + 0x8000u);  // inside the VNet, no subnet
    for (const auto& s : v.subnets) out.push_back(s.address_prefix.first() + 5);
  }
  for (const auto& pe : net.private_endpoints) {
    for (const auto& ip : pe.private_ip_addresses) out.push_back(ip.value);
  }
  for (const auto& fw : net.firewalls) out.push_back(fw.private_ip_address.value);
  for (const auto& nva : net.appliances) out.push_back(nva.private_ip_address.value);
  return out;
}

Probe random_probe(std::mt19937& rng, const std::vector<std::uint32_t>& addresses,
                   const sim::NameUniverse& names, std::uint32_t src) {
  Probe p;
  static const std::uint8_t protocols[] = {sim::ip_proto::tcp, sim::ip_proto::tcp, sim::ip_proto::udp,
                                           sim::ip_proto::icmp, sim::ip_proto::esp};
  static const std::uint16_t ports[] = {443, 80, 22, 1500, 123, 53};
  p.packet.src = model::Ipv4{src};
  p.packet.dst = model::Ipv4{addresses[rng() % addresses.size()]};
  p.packet.protocol = protocols[rng() % 5];
  if (p.packet.has_ports()) {
    p.packet.src_port = 50000;
    p.packet.dst_port = ports[rng() % 6];
  }
  p.packet.name = static_cast<std::uint32_t>(rng() % names.size());
  p.probe = oracle::Probe{p.packet.src.value, p.packet.dst.value, p.packet.protocol, p.packet.src_port,
                          p.packet.dst_port, names.representative(p.packet.name)};
  return p;
}

struct Tally {
  std::size_t designs = 0, packets = 0, exact = 0, disagreements = 0, witnesses = 0, nsg_hops = 0,
              firewall_hops = 0;
  std::vector<std::string> first;
  void disagree(std::string what) {
    ++disagreements;
    if (first.size() < 5) first.push_back(std::move(what));
  }
};

std::vector<std::string> sink_keys(const sim::Analysis& analysis) {
  std::vector<std::string> keys{"internet", "platform", "service"};
  const auto& g = analysis.graph();
  for (const auto& [key, v] : g.by_key) {
    const auto kind = g.graph[v].kind;
    if (kind == sim::VertexKind::deliver || kind == sim::VertexKind::endpoint) keys.push_back(key);
  }
  return keys;
}

void compare(sim::Analysis& analysis, const std::string& from, const Probe& p, Tally& tally,
             std::uint32_t seed) {
  const oracle::Fate fate = oracle::run(analysis.network(), from, p.probe);
  const auto& flow = analysis.flow(from);
  const auto& g = analysis.graph();
  ++tally.packets;
  if (fate.deterministic()) ++tally.exact;
  for (const auto& key : sink_keys(analysis)) {
    if (!g.has(key)) continue;
    const sim::TriSet at = flow.at(g.vertex(key));
    const bool must = at.must.contains(p.packet), may = at.may.contains(p.packet);
    const bool sure = fate.surely_visits(key), possible = fate.possibly_visits(key);
    const bool ok = fate.deterministic() ? (must == sure && may == sure) : ((!must || sure) && (!possible || may));
    if (!ok) {
      tally.disagree(fmt::format("seed {} from {} packet {}->{} proto {} port {} name '{}' at {}: "
                                 "engine must={} may={}, oracle sure={} possible={} ({} branches)",
                                 seed, from, p.packet.src.to_string(), p.packet.dst.to_string(),
                                 p.packet.protocol, p.packet.dst_port, p.probe.name, key, must, may,
                                 sure, possible, fate.branches.size()));
    }
  }
}

void replay_witness(sim::Analysis& analysis, const std::string& from, Tally& tally, std::uint32_t seed) {
  sim::Verdict v = analysis.evaluate(from, analysis.internet(), sim::PacketSet::all());
  if (v.status != sim::Status::reachable) return;
  ++tally.witnesses;
  const auto& w = *v.witness;
  oracle::Probe probe{w.src.value, w.dst.value, w.protocol, w.src_port, w.dst_port,
                      analysis.names().representative(w.name)};
  const oracle::Fate fate = oracle::run(analysis.network(), from, probe);
  if (!fate.surely_visits("internet")) {
    tally.disagree(fmt::format("seed {}: witness {} from {} does not replay to the internet", seed,
                               v.witness_text, from));
  }
  if (!fate.deterministic()) return;
  // Each NSG or firewall rule a hop names decided the witness by the oracle's first match.
  const auto& decided = fate.branches.front().decided_by;
  const auto check = [&](const sim::Hop& hop, const std::string& named, std::size_t& count) {
    ++count;
    if (std::find(decided.begin(), decided.end(), named) == decided.end()) {
      tally.disagree(fmt::format(
          "seed {}: witness {} from {}: hop {} -> {} names \"{}\", the oracle's rules: {}", seed,
          v.witness_text, from, hop.from_key, hop.to_key, hop.decided_by,
          fmt::join(decided, "; ")));
    }
  };
  for (const auto& hop : v.path) {
    if (hop.decided_by.starts_with("NSG '")) {
      const auto rule = hop.decided_by.find(" rule '");
      const auto end = rule == std::string::npos ? rule : hop.decided_by.find("' (priority", rule);
      check(hop, end == std::string::npos ? hop.decided_by : hop.decided_by.substr(0, end + 1),
            tally.nsg_hops);
    } else if (hop.from_key.starts_with("fwin:") &&
               hop.description.starts_with("allowed by firewall")) {
      check(hop, hop.decided_by, tally.firewall_hops);
    }
  }
}

}  // namespace

TEST_CASE("oracle: the engine agrees with the concrete oracle on random designs and packets", "[sim][oracle][property]") {
  Tally tally;
  const std::uint32_t designs = property_designs();
  for (std::uint32_t seed = 1; seed <= designs; ++seed) {
    model::Network net = testing::random_design(seed);
    std::vector<std::string> sources;
    for (const auto& v : net.vnets) {
      for (const auto& s : v.subnets) {
        if (s.name != "AzureFirewallSubnet") sources.push_back(v.name + "/" + s.name);
      }
    }
    if (net.cluster) {
      for (const auto& pool : net.cluster->node_pools) sources.push_back(pool.name);
    }
    const auto addresses = interesting_addresses(net);
    sim::Analysis analysis(net, sim::ClusterEndpoints{}, sources);
    std::mt19937 rng(seed * 7919u);
    for (const auto& from : sources) {
      const auto* pool = analysis.network().find_node_pool(from);
      auto subnet = analysis.network().find_subnet(pool ? pool->subnet : from);
      const std::uint32_t src = analysis.network().subnet(*subnet).address_prefix.first() + 4;
      for (int i = 0; i < 12; ++i) compare(analysis, from, random_probe(rng, addresses, analysis.names(), src), tally, seed);
      replay_witness(analysis, from, tally, seed);
    }
    ++tally.designs;
  }
  INFO(fmt::format("{} designs, {} packets ({} with a deterministic oracle), {} witnesses replayed",
                   tally.designs, tally.packets, tally.exact, tally.witnesses));
  for (const auto& line : tally.first) UNSCOPED_INFO(line);
  CHECK(tally.disagreements == 0);
  CHECK(tally.designs == designs);
  CHECK(tally.exact > tally.packets / 2);  // most packets are judged exactly, not only bounded
  CHECK(tally.nsg_hops > tally.witnesses / 4);  // witness paths name NSG rules to check
  CHECK(tally.firewall_hops > tally.witnesses / 50);  // and firewall rules
  WARN(
      fmt::format("property test: {} designs, {} packets ({} exact), {} witnesses replayed "
                  "({} NSG and {} firewall hops), {} disagreements",
                  tally.designs, tally.packets, tally.exact, tally.witnesses, tally.nsg_hops,
                  tally.firewall_hops, tally.disagreements));
}
