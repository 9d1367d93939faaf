#include "sim/firewall_eval.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "sim/first_match.hpp"
#include "sim/firewall_memo.hpp"
#include "sim/fqdn_tags.hpp"
#include "sim/nsg_eval.hpp"

namespace airgap::sim {

PacketSet firewall_private_ranges(const model::Firewall& firewall) {
  if (firewall.snat_always) return PacketSet::none();
  if (firewall.snat_never) return PacketSet::all();
  PacketSet ranges;
  if (firewall.snat_private_ranges.empty()) {
    for (std::uint32_t base : {0x0A000000u, 0xAC100000u, 0xC0A80000u, 0x64400000u}) {
      std::uint8_t length = base == 0x0A000000u ? 8 : base == 0xAC100000u ? 12 : base == 0xC0A80000u ? 16 : 10;
      ranges |= PacketSet::dst(model::Prefix{model::Ipv4{base}, length});
    }
  } else {
    for (const auto& p : firewall.snat_private_ranges) ranges |= PacketSet::dst(p);
  }
  return ranges;
}

namespace {

TriSet addresses(const std::vector<model::AddressMatch>& terms, const AddressSpace& space,
                 std::size_t vnet, Field field, TagWorld world) {
  TriSet set;
  for (const auto& t : terms) set |= space.match(t, vnet, field, world);
  return set;
}

PacketSet protocols(const std::vector<model::FirewallProtocol>& list) {
  PacketSet set;
  for (auto p : list) {
    switch (p) {
      case model::FirewallProtocol::any: return PacketSet::all();
      case model::FirewallProtocol::tcp: set |= PacketSet::protocol(ip_proto::tcp); break;
      case model::FirewallProtocol::udp: set |= PacketSet::protocol(ip_proto::udp); break;
      case model::FirewallProtocol::icmp: set |= PacketSet::protocol(ip_proto::icmp); break;
    }
  }
  return set;
}

PacketSet dst_ports(const std::vector<model::PortRange>& ranges) {
  PacketSet set;
  for (const auto& r : ranges) set |= PacketSet::dst_ports(r);
  // A destination port turns the rule into TCP+UDP (ICMP has no ports).
  bool any = std::any_of(ranges.begin(), ranges.end(), [](const auto& r) { return r.is_any(); });
  if (any) return PacketSet::all();
  return set & (PacketSet::protocol(ip_proto::tcp) | PacketSet::protocol(ip_proto::udp));
}

PacketSet name_set(const NameUniverse& names, const std::vector<std::string>& patterns) {
  PacketSet set;
  for (const auto& p : patterns) {
    auto ids = names.matching(p);
    set |= PacketSet::names(ids);
  }
  return set;
}

TriSet network_rule_match(const model::FirewallRule& rule, const AddressSpace& space,
                          const NameUniverse& names, std::size_t vnet, TagWorld world) {
  TriSet dst = addresses(rule.destination_addresses, space, vnet, Field::dst_ip, world);
  // FQDN network rules match the name the client resolved, assuming the client used the
  // firewall's DNS proxy (required for such rules), so both saw the same addresses.
  dst |= TriSet::exact(name_set(names, rule.destination_fqdns));
  return addresses(rule.source_addresses, space, vnet, Field::src_ip, world) & dst &
         (protocols(rule.ip_protocols) & dst_ports(rule.destination_ports));
}

TriSet application_rule_match(const model::FirewallRule& rule, const AddressSpace& space,
                              const NameUniverse& names, std::size_t vnet,
                              const std::string& region, TagWorld world) {
  std::vector<std::string> patterns = rule.target_fqdns;
  TriSet unknown_tags;
  for (const auto& tag : rule.fqdn_tags) {
    if (auto expanded = expand_fqdn_tag(tag, region)) {
      patterns.insert(patterns.end(), expanded->begin(), expanded->end());
    } else {
      unknown_tags = TriSet::unknown_within(PacketSet::all());
    }
  }
  PacketSet ports;
  for (const auto& p : rule.protocols) ports |= PacketSet::dst_ports({p.port, p.port});
  PacketSet fixed = PacketSet::protocol(ip_proto::tcp) & ports;
  return addresses(rule.source_addresses, space, vnet, Field::src_ip, world) &
         ((TriSet::exact(name_set(names, patterns)) | unknown_tags) & fixed);
}

struct OrderedCollection {
  const model::RuleCollectionGroup* group;
  const model::RuleCollection* collection;
};

std::vector<OrderedCollection> ordered(const model::Firewall& firewall) {
  std::vector<OrderedCollection> out;
  for (const auto& g : firewall.rule_collection_groups) {
    for (const auto& c : g.rule_collections) {
      if (!c.is_nat) out.push_back({&g, &c});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    if (a.group->priority != b.group->priority) return a.group->priority < b.group->priority;
    return a.collection->priority < b.collection->priority;
  });
  return out;
}

}  // namespace

namespace {

TriSet both(const TriSet& a, const TriSet& b) { return TriSet{a.must & b.must, a.may | b.may}; }

// "network rule 'r7' in collection 'net-allow' (Allow)": one per rule and rebuild, so appended
// rather than formatted (fmt's parsing cost ~2,800 instructions each).
std::string rule_description(const model::FirewallRule& rule, const model::RuleCollection& collection,
                             bool application) {
  std::string out;
  out.reserve(40 + rule.name.size() + collection.name.size());
  out.append(application ? "application rule '" : "network rule '").append(rule.name);
  out.append("' in collection '").append(collection.name).append(collection.allow ? "' (Allow)" : "' (Deny)");
  return out;
}

// One reading of a firewall's rules: where they are evaluated, and the memo of collections.
struct Reading {
  const AddressSpace& space;
  const NameUniverse& names;
  std::size_t vnet;
  const std::string& region;
  TagWorld world;
  FirewallMemo* memo;
};

TriSet firewall_rule_match(const model::FirewallRule& rule, bool application, const Reading& in,
                           const void** token) {
  auto evaluate = [&] {
    return application ? application_rule_match(rule, in.space, in.names, in.vnet, in.region, in.world)
                       : network_rule_match(rule, in.space, in.names, in.vnet, in.world);
  };
  return in.memo != nullptr ? in.memo->rule_match(rule, in.vnet, in.region, in.world, evaluate, token) : evaluate();
}

// The rules of one type in a collection, in order: each one with its match, and their union.
struct CollectionMatch {
  std::vector<const model::FirewallRule*> rules;  // (rules of the other type skipped; none: no rules)
  std::vector<TriSet> rule_matches;
  std::vector<const void*> tokens;  // the memo's tokens of the rules (with a memo)
  std::uint64_t generation = 0;     // the memo's, before the first token was taken
  TriSet matched;
};

CollectionMatch evaluate_collection(const model::RuleCollection& collection, bool application, const Reading& in) {
  CollectionMatch out;
  if (in.memo != nullptr) out.generation = in.memo->generation();
  for (const auto& rule : collection.rules) {
    if ((rule.rule_type == model::RuleType::application) != application) continue;
    const void* token = nullptr;
    out.rules.push_back(&rule);
    out.rule_matches.push_back(firewall_rule_match(rule, application, in, &token));
    out.tokens.push_back(token);
  }
  if (out.rules.empty()) return out;
  if (in.memo != nullptr) {
    out.matched = in.memo->union_of(out.rule_matches);
  } else {
    for (const auto& m : out.rule_matches) out.matched |= m;
  }
  return out;
}

// One attribution per rule of the collection (of one type), in order: its whole match and name.
FirewallMemo::Details rule_details(const model::RuleCollection& collection, bool application,
                                   const CollectionMatch& rules, FirewallMemo* memo) {
  auto build = [&] {
    auto details = std::make_shared<std::vector<Attribution>>();
    details->reserve(rules.rules.size());
    for (std::size_t i = 0; i < rules.rules.size(); ++i) {
      details->push_back({rules.rule_matches[i], rule_description(*rules.rules[i], collection, application),
                          rules.rules[i]->source, {}, nullptr});
    }
    return FirewallMemo::Details(std::move(details));
  };
  // (A memo that let its rules go while this collection was evaluated gave stale tokens.)
  if (memo == nullptr || memo->generation() != rules.generation) return build();
  return memo->details({collection.name, collection.allow, application, rules.tokens}, build);
}

// Selection is per collection (every rule of a collection shares its action), which keeps the
// first-match chain as short as the number of collections; which rule of a collection decided a
// packet is found from the rules' own matches, in order, when a witness needs it. Only the
// documented reading's shares and rules are shown (`described`); the widened one counts for
// its packets alone.
FirewallDecision evaluate_in(const model::Firewall& firewall, const Reading& in) {
  const bool described = in.world == TagWorld::documented;
  const auto collections = ordered(firewall);
  FirewallDecision decision;
  const PacketSet private_dst = firewall_private_ranges(firewall);
  TriSet remaining = TriSet::all();
  for (bool application : {false, true}) {
    for (const auto& oc : collections) {
      const CollectionMatch rules = evaluate_collection(*oc.collection, application, in);
      if (rules.rules.empty()) continue;
      FirewallShare share{remaining & rules.matched, oc.collection, {}, {}};
      remaining = remaining - rules.matched;
      if (share.packets.is_empty()) continue;
      if (described) {
        share.description = fmt::format("{} rules of collection '{}' ({})", application ? "application" : "network",
                                        oc.collection->name, oc.collection->allow ? "Allow" : "Deny");
        share.rules = rule_details(*oc.collection, application, rules, in.memo);
      }
      if (!oc.collection->allow) {
        decision.denied_by.push_back(std::move(share));
        continue;
      }
      if (application) {
        decision.forwarded_snat_public |= share.packets & ~private_dst;
        decision.forwarded_snat_private |= share.packets & private_dst;
      } else {
        decision.forwarded_no_snat |= share.packets & private_dst;
        decision.forwarded_snat_public |= share.packets & ~private_dst;
      }
      decision.allowed_by.push_back(std::move(share));
    }
  }
  if (!remaining.is_empty()) {
    decision.denied_by.push_back({remaining, nullptr,
                                  fmt::format("default deny of firewall '{}' (no rule matched)", firewall.name),
                                  {}});
  }
  return decision;
}

}  // namespace

// Evaluated under both readings of the VirtualNetwork tag; a packet is surely forwarded only
// if both readings forward it.
FirewallDecision evaluate_firewall(const model::Firewall& firewall, const AddressSpace& space,
                                   const NameUniverse& names, std::size_t vnet, const std::string& region,
                                   FirewallMemo* memo) {
  FirewallDecision documented = evaluate_in(firewall, {space, names, vnet, region, TagWorld::documented, memo});
  FirewallDecision widened = evaluate_in(firewall, {space, names, vnet, region, TagWorld::widened, memo});
  documented.forwarded_no_snat = both(documented.forwarded_no_snat, widened.forwarded_no_snat);
  documented.forwarded_snat_public = both(documented.forwarded_snat_public, widened.forwarded_snat_public);
  documented.forwarded_snat_private = both(documented.forwarded_snat_private, widened.forwarded_snat_private);
  TriSet denied_doc, denied_wide;
  for (const auto& s : documented.denied_by) denied_doc |= s.packets;
  for (const auto& s : widened.denied_by) denied_wide |= s.packets;
  documented.denied = both(denied_doc, denied_wide);
  return documented;
}

}  // namespace airgap::sim
