#include "sim/firewall_eval.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
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

// Where a firewall's rules are evaluated, and the memo that keeps what they matched.
struct Place {
  const AddressSpace& space;
  const NameUniverse& names;
  std::size_t vnet;
  const std::string& region;
  FirewallMemo* memo;
};

// What `rule` matches under each reading, and the memo's token of it (null without a memo).
std::array<TriSet, 2> firewall_rule_matches(const model::FirewallRule& rule, bool application, const Place& at,
                                            const void** token) {
  auto evaluate = [&](TagWorld world) {
    return application ? application_rule_match(rule, at.space, at.names, at.vnet, at.region, world)
                       : network_rule_match(rule, at.space, at.names, at.vnet, world);
  };
  if (at.memo != nullptr) return at.memo->rule_matches(rule, at.vnet, at.region, evaluate, token);
  return {evaluate(tag_worlds[0]), evaluate(tag_worlds[1])};
}

// The rules of one type in a collection, in order: each one with its match under each reading,
// and their unions.
struct CollectionMatch {
  std::vector<const model::FirewallRule*> rules;  // (rules of the other type skipped; none: no rules)
  std::array<std::vector<TriSet>, 2> rule_matches;  // per reading
  std::array<TriSet, 2> matched;
  std::vector<const void*> tokens;  // the memo's tokens of the rules (with a memo)
  std::uint64_t generation = 0;     // the memo's, before the first token was taken
};

CollectionMatch evaluate_collection(const model::RuleCollection& collection, bool application, const Place& at) {
  CollectionMatch out;
  if (at.memo != nullptr) out.generation = at.memo->generation();
  for (const auto& rule : collection.rules) {
    if ((rule.rule_type == model::RuleType::application) != application) continue;
    const void* token = nullptr;
    auto matches = firewall_rule_matches(rule, application, at, &token);
    out.rules.push_back(&rule);
    out.tokens.push_back(token);
    for (std::size_t w = 0; w < 2; ++w) out.rule_matches[w].push_back(std::move(matches[w]));
  }
  for (std::size_t w = 0; w < 2 && !out.rules.empty(); ++w) {
    if (at.memo != nullptr) {
      out.matched[w] = at.memo->union_of(out.rule_matches[w]);
    } else {
      for (const auto& m : out.rule_matches[w]) out.matched[w] |= m;
    }
  }
  return out;
}

// One attribution per rule of the collection (of one type), in order: its whole match (in the
// documented reading) and name.
FirewallMemo::Details rule_details(const model::RuleCollection& collection, bool application,
                                   const CollectionMatch& rules, FirewallMemo* memo) {
  auto build = [&] {
    auto details = std::make_shared<std::vector<Attribution>>();
    details->reserve(rules.rules.size());
    for (std::size_t i = 0; i < rules.rules.size(); ++i) {
      details->push_back({rules.rule_matches[0][i], rule_description(*rules.rules[i], collection, application),
                          rules.rules[i]->source, {}, nullptr});
    }
    return FirewallMemo::Details(std::move(details));
  };
  // (A memo that let its rules go while this collection was evaluated gave stale tokens.)
  if (memo == nullptr || memo->generation() != rules.generation) return build();
  return memo->details({collection.name, collection.allow, application, rules.tokens}, build);
}

// Every collection of one rule type, in evaluation order, with its rules' matches.
struct Evaluated {
  const model::RuleCollection* collection;
  bool application;
  CollectionMatch rules;
};

std::vector<Evaluated> evaluate_collections(const model::Firewall& firewall, const Place& at) {
  const auto collections = ordered(firewall);
  std::vector<Evaluated> out;
  for (bool application : {false, true}) {
    for (const auto& oc : collections) {
      CollectionMatch rules = evaluate_collection(*oc.collection, application, at);
      if (!rules.rules.empty()) out.push_back({oc.collection, application, std::move(rules)});
    }
  }
  return out;
}

// Selection is per collection (every rule of a collection shares its action), which keeps the
// first-match chain as short as the number of collections; which rule of a collection decided a
// packet is found from the rules' own matches, in order, when a witness needs it. Only the
// documented reading's shares and rules are shown (`w` 0); the widened one counts for its
// packets alone.
FirewallDecision decide(const model::Firewall& firewall, const std::vector<Evaluated>& collections, std::size_t w,
                        FirewallMemo* memo) {
  const bool described = w == 0;
  FirewallDecision decision;
  const PacketSet private_dst = firewall_private_ranges(firewall);
  TriSet remaining = TriSet::all();
  for (const auto& [collection, application, rules] : collections) {
    FirewallShare share{remaining & rules.matched[w], collection, {}, {}};
    remaining = remaining - rules.matched[w];
    if (share.packets.is_empty()) continue;
    if (described) {
      share.description = fmt::format("{} rules of collection '{}' ({})", application ? "application" : "network",
                                      collection->name, collection->allow ? "Allow" : "Deny");
      share.rules = rule_details(*collection, application, rules, memo);
    }
    if (!collection->allow) {
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
  const auto collections = evaluate_collections(firewall, {space, names, vnet, region, memo});
  FirewallDecision documented = decide(firewall, collections, 0, memo);
  FirewallDecision widened = decide(firewall, collections, 1, memo);
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
