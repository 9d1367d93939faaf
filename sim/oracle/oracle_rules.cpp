// Oracle: address terms, NSG rules and firewall rules, each decided for one packet by a scan.
#include <algorithm>
#include <cctype>

#include "model/aks_fqdns.hpp"
#include "sim/oracle/oracle_detail.hpp"

namespace airgap::oracle::detail {

using model::Prefix;

Tri tri_or(Tri a, Tri b) {
  if (a == Tri::yes || b == Tri::yes) return Tri::yes;
  if (a == Tri::maybe || b == Tri::maybe) return Tri::maybe;
  return Tri::no;
}

Tri tri_and(Tri a, Tri b) {
  if (a == Tri::no || b == Tri::no) return Tri::no;
  if (a == Tri::maybe || b == Tri::maybe) return Tri::maybe;
  return Tri::yes;
}

bool in_prefix(std::uint32_t ip, const Prefix& p) {
  std::uint32_t mask = p.length == 0 ? 0u : ~0u << (32 - p.length);
  return (ip & mask) == (p.address.value & mask);
}

namespace {

// How a range relates to a list of prefixes: all inside one, none inside any, or partly.
Tri range_in(const std::vector<Prefix>& list, SourceRange r) {
  bool any = false;
  for (const auto& p : list) {
    const bool lo = in_prefix(r.low, p), hi = in_prefix(r.high, p);
    if (lo && hi) return Tri::yes;
    std::uint32_t mask = p.length == 0 ? 0u : ~0u << (32 - p.length);
    std::uint32_t first = p.address.value & mask, last = first | ~mask;
    if (!(last < r.low || first > r.high)) any = true;
  }
  return any ? Tri::maybe : Tri::no;
}

Prefix host(std::uint32_t a) { return Prefix{model::Ipv4{a}, 32}; }

const std::vector<Prefix>& not_public() {
  static const std::vector<Prefix> list{
      Prefix{model::Ipv4{0x00000000u}, 8},  Prefix{model::Ipv4{0x0A000000u}, 8},
      Prefix{model::Ipv4{0x64400000u}, 10}, Prefix{model::Ipv4{0x7F000000u}, 8},
      Prefix{model::Ipv4{0xA9FE0000u}, 16}, Prefix{model::Ipv4{0xAC100000u}, 12},
      Prefix{model::Ipv4{0xC0A80000u}, 16}, Prefix{model::Ipv4{0xE0000000u}, 4},
      Prefix{model::Ipv4{0xF0000000u}, 4},  host(0xA83F8110u)};
  return list;
}

std::vector<Prefix> vnet_tag_sure(const model::Network& net, std::size_t vnet) {
  std::vector<Prefix> out = net.vnets[vnet].address_space;
  for (std::size_t peer : peers_of(net, vnet)) {
    const auto& self = net.vnets[vnet];
    bool access = false;
    for (const auto& p : self.peerings) {
      if (p.remote_virtual_network == net.vnets[peer].name && p.allow_virtual_network_access) access = true;
    }
    if (access) out.insert(out.end(), net.vnets[peer].address_space.begin(), net.vnets[peer].address_space.end());
  }
  for (const auto* gw : gateways_for(net, vnet)) {
    out.insert(out.end(), gw->learned_prefixes.begin(), gw->learned_prefixes.end());
  }
  out.push_back(host(0xA83F8110u));
  return out;
}

std::vector<Prefix> vnet_tag_possible(const model::Network& net, std::size_t vnet) {
  std::vector<Prefix> out = vnet_tag_sure(net, vnet);
  for (std::size_t peer : peers_of(net, vnet)) {
    out.insert(out.end(), net.vnets[peer].address_space.begin(), net.vnets[peer].address_space.end());
  }
  for (const auto& subnet : net.vnets[vnet].subnets) {
    const auto* table = net.find_route_table(subnet.route_table);
    if (table == nullptr) continue;
    for (const auto& route : table->routes) {
      if (const auto* p = std::get_if<Prefix>(&route.address_prefix)) out.push_back(*p);
    }
  }
  return out;
}

Tri tag_in(const model::Network& net, const std::string& tag, std::size_t vnet, SourceRange r,
           Reading reading) {
  if (const auto* declared = net.find_service_tag(tag)) return range_in(declared->address_prefixes, r);
  const auto vnet_tag = [&] {
    return reading == Reading::documented ? vnet_tag_sure(net, vnet) : vnet_tag_possible(net, vnet);
  };
  if (tag == "VirtualNetwork") return range_in(vnet_tag(), r);
  if (tag == "Internet") {
    auto excluded = vnet_tag();
    excluded.insert(excluded.end(), not_public().begin(), not_public().end());
    Tri outside = range_in(excluded, r);
    return outside == Tri::yes ? Tri::no : outside == Tri::no ? Tri::yes : Tri::maybe;
  }
  if (tag == "AzureLoadBalancer" || tag == "AzurePlatformDNS") return range_in({host(0xA83F8110u)}, r);
  if (tag == "AzurePlatformIMDS") return range_in({host(0xA9FEA9FEu)}, r);
  return Tri::maybe;
}

bool has_ports(const Probe& p) { return p.protocol == 6 || p.protocol == 17; }

Tri ports_match(const std::vector<model::PortRange>& ranges, std::uint16_t port, const Probe& p) {
  if (ranges.empty()) return Tri::yes;
  for (const auto& r : ranges) {
    if (r.low == 0 && r.high == 65535) return Tri::yes;
  }
  if (!has_ports(p)) return Tri::no;
  for (const auto& r : ranges) {
    if (port >= r.low && port <= r.high) return Tri::yes;
  }
  return Tri::no;
}

Tri any_of_terms(const model::Network& net, const std::vector<model::AddressMatch>& terms,
                 std::size_t vnet, SourceRange r, Reading reading) {
  Tri out = Tri::no;
  for (const auto& t : terms) out = tri_or(out, address_in(net, t, vnet, r, reading));
  return out;
}

bool protocol_match(model::Protocol rule, std::uint8_t protocol) {
  switch (rule) {
    case model::Protocol::any: return true;
    case model::Protocol::tcp: return protocol == 6;
    case model::Protocol::udp: return protocol == 17;
    case model::Protocol::icmp: return protocol == 1;
    case model::Protocol::esp: return protocol == 50;
    case model::Protocol::ah: return protocol == 51;
  }
  return false;
}

Tri nsg_rule_matches(const model::Network& net, const model::SecurityRule& rule, std::size_t vnet,
                     const std::vector<std::string>& sender_asgs, bool sender_known,
                     SourceRange src, const Probe& p, Reading reading) {
  if (!protocol_match(rule.protocol, p.protocol)) return Tri::no;
  Tri source = any_of_terms(net, rule.source_addresses, vnet, src, reading);
  if (!rule.source_asgs.empty()) {
    if (!sender_known) {
      source = tri_or(source, Tri::maybe);
    } else {
      for (const auto& asg : rule.source_asgs) {
        if (std::find(sender_asgs.begin(), sender_asgs.end(), asg) != sender_asgs.end()) source = Tri::yes;
      }
    }
  }
  Tri dest = any_of_terms(net, rule.destination_addresses, vnet, SourceRange{p.dst, p.dst}, reading);
  if (!rule.destination_asgs.empty()) dest = tri_or(dest, Tri::maybe);
  Tri ports = tri_and(ports_match(rule.source_port_ranges, p.src_port, p),
                      ports_match(rule.destination_port_ranges, p.dst_port, p));
  return tri_and(tri_and(source, dest), ports);
}

}  // namespace

Tri rule_matches(const model::Network& net, const model::SecurityRule& rule, std::size_t vnet,
                 const std::vector<std::string>& sender_asgs, bool sender_known, SourceRange src,
                 const Probe& probe, Reading reading) {
  return nsg_rule_matches(net, rule, vnet, sender_asgs, sender_known, src, probe, reading);
}

Tri address_in(const model::Network& net, const model::AddressMatch& term, std::size_t vnet,
               SourceRange r, Reading reading) {
  if (std::holds_alternative<model::AnyAddress>(term)) return Tri::yes;
  if (const auto* p = std::get_if<Prefix>(&term)) return range_in({*p}, r);
  return tag_in(net, std::get<model::ServiceTagRef>(term).name, vnet, r, reading);
}

NsgResult nsg_allows(const model::Network& net, const model::Nsg& nsg, model::Direction direction,
               std::size_t vnet, const std::vector<std::string>& sender_asgs, bool sender_known,
               SourceRange src, const Probe& probe) {
  std::vector<const model::SecurityRule*> rules;
  for (const auto& r : nsg.rules) {
    if (r.direction == direction) rules.push_back(&r);
  }
  std::stable_sort(rules.begin(), rules.end(),
                   [](const auto* a, const auto* b) { return a->priority < b->priority; });
  for (const auto& r : model::default_rules()) {
    if (r.direction == direction) rules.push_back(&r);
  }
  // Scanned under both readings of the VirtualNetwork tag; if they disagree, both outcomes are open.
  NsgResult readings[2];
  const model::SecurityRule* decided = nullptr;  // the documented reading's surely first match
  for (Reading reading : {Reading::documented, Reading::widened}) {
    NsgResult& result = readings[static_cast<int>(reading)];
    for (const auto* rule : rules) {
      Tri m = nsg_rule_matches(net, *rule, vnet, sender_asgs, sender_known, src, probe, reading);
      if (m == Tri::no) continue;
      (rule->access == model::Access::allow ? result.may_allow : result.may_deny) = true;
      if (m == Tri::yes) {
        if (reading == Reading::documented && !result.uncertain) decided = rule;
        break;
      }
      result.uncertain = true;
    }
  }
  NsgResult merged{readings[0].may_allow || readings[1].may_allow,
                   readings[0].may_deny || readings[1].may_deny,
                   readings[0].uncertain || readings[1].uncertain,
                   {}};
  if (readings[0].may_allow != readings[1].may_allow || readings[0].may_deny != readings[1].may_deny) {
    merged.uncertain = true;
  }
  // (The engine names the documented reading's rule, when both readings decide alike.)
  if (!merged.uncertain && decided != nullptr) {
    merged.decided_by = "NSG '" + nsg.name + "' " + std::string(model::to_string(direction)) +
                        " rule '" + decided->name + "'";
  }
  return merged;
}

bool fqdn_match(const std::string& pattern, const std::string& name) {
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  const std::string p = lower(pattern), n = lower(name);
  if (p == "*") return true;
  if (p.size() > 1 && p[0] == '*') {
    const std::string suffix = p.substr(1);
    return n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0;
  }
  return p == n;
}

namespace {

Tri firewall_rule_matches(const model::Network& net, const model::FirewallRule& rule,
                          std::size_t vnet, SourceRange src, const Probe& p, Reading reading) {
  Tri source = any_of_terms(net, rule.source_addresses, vnet, src, reading);
  const std::string region = net.cluster ? net.cluster->location : "westeurope";
  if (rule.rule_type == model::RuleType::network) {
    bool proto = false;
    for (auto fp : rule.ip_protocols) {
      proto = proto || fp == model::FirewallProtocol::any ||
              (fp == model::FirewallProtocol::tcp && p.protocol == 6) ||
              (fp == model::FirewallProtocol::udp && p.protocol == 17) ||
              (fp == model::FirewallProtocol::icmp && p.protocol == 1);
    }
    if (!proto) return Tri::no;
    Tri dest = any_of_terms(net, rule.destination_addresses, vnet, SourceRange{p.dst, p.dst}, reading);
    for (const auto& f : rule.destination_fqdns) {
      if (fqdn_match(f, p.name)) dest = Tri::yes;
    }
    return tri_and(tri_and(source, dest), ports_match(rule.destination_ports, p.dst_port, p));
  }
  if (p.protocol != 6) return Tri::no;
  bool port = false;
  for (const auto& ap : rule.protocols) port = port || ap.port == p.dst_port;
  if (!port) return Tri::no;
  Tri name = Tri::no;
  for (const auto& f : rule.target_fqdns) {
    if (fqdn_match(f, p.name)) name = Tri::yes;
  }
  for (const auto& tag : rule.fqdn_tags) {
    if (tag != "AzureKubernetesService") {
      name = tri_or(name, Tri::maybe);
      continue;
    }
    for (const auto& f : model::aks_required_fqdns(region)) {
      if (fqdn_match(f, p.name)) name = Tri::yes;
    }
  }
  return tri_and(source, name);
}

bool snat_exempt(const model::Firewall& fw, std::uint32_t dst) {
  if (fw.snat_always) return false;
  if (fw.snat_never) return true;
  std::vector<Prefix> ranges = fw.snat_private_ranges;
  if (ranges.empty()) {
    ranges = {Prefix{model::Ipv4{0x0A000000u}, 8}, Prefix{model::Ipv4{0xAC100000u}, 12},
              Prefix{model::Ipv4{0xC0A80000u}, 16}, Prefix{model::Ipv4{0x64400000u}, 10}};
  }
  return std::any_of(ranges.begin(), ranges.end(), [&](const Prefix& r) { return in_prefix(dst, r); });
}

}  // namespace

namespace {

std::vector<FirewallOutcome> actions_in(const model::Network& net, const model::Firewall& fw,
                                        std::size_t vnet, SourceRange src, const Probe& p, Reading reading) {
  struct Slot {
    int group, collection;
    const model::RuleCollection* rc;
  };
  std::vector<Slot> slots;
  for (const auto& g : fw.rule_collection_groups) {
    for (const auto& c : g.rule_collections) {
      if (!c.is_nat) slots.push_back({g.priority, c.priority, &c});
    }
  }
  std::stable_sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) {
    return a.group != b.group ? a.group < b.group : a.collection < b.collection;
  });
  std::vector<FirewallOutcome> out;
  bool uncertain = false;
  for (auto type : {model::RuleType::network, model::RuleType::application}) {
    for (const auto& slot : slots) {
      for (const auto& rule : slot.rc->rules) {
        if (rule.rule_type != type) continue;
        Tri m = firewall_rule_matches(net, rule, vnet, src, p, reading);
        if (m == Tri::no) continue;
        FirewallOutcome outcome;
        outcome.assumed = m == Tri::maybe || uncertain;
        const bool exempt = snat_exempt(fw, p.dst);
        if (!slot.rc->allow) {
          outcome.action = FirewallAction::deny;
        } else if (type == model::RuleType::network) {
          outcome.action = exempt ? FirewallAction::allow_no_snat : FirewallAction::allow_snat_public;
        } else {
          outcome.action = exempt ? FirewallAction::allow_snat_private : FirewallAction::allow_snat_public;
        }
        if (m == Tri::yes && !uncertain) {
          outcome.decided_by =
              std::string(type == model::RuleType::network ? "network" : "application") +
              " rule '" + rule.name + "' in collection '" + slot.rc->name + "' (" +
              (slot.rc->allow ? "Allow" : "Deny") + ")";
        }
        out.push_back(outcome);
        if (m == Tri::yes) return out;
        uncertain = true;
      }
    }
  }
  out.push_back(FirewallOutcome{FirewallAction::deny, uncertain, {}});
  return out;
}

}  // namespace

std::vector<FirewallOutcome> firewall_actions(const model::Network& net, const model::Firewall& fw,
                                              std::size_t vnet, SourceRange src, const Probe& p) {
  auto documented = actions_in(net, fw, vnet, src, p, Reading::documented);
  auto widened = actions_in(net, fw, vnet, src, p, Reading::widened);
  auto same = [](const std::vector<FirewallOutcome>& a, const std::vector<FirewallOutcome>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].action != b[i].action || a[i].assumed != b[i].assumed) return false;
    }
    return true;
  };
  if (same(documented, widened)) return documented;
  for (auto& o : widened) documented.push_back(o);
  for (auto& o : documented) o.assumed = true;
  return documented;
}

}  // namespace airgap::oracle::detail
