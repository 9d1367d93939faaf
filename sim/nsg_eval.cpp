#include "sim/nsg_eval.hpp"

#include "sim/bounded_memo.hpp"

#include <algorithm>
#include <atomic>

#include <fmt/format.h>

namespace airgap::sim {

PacketSet protocol_set(model::Protocol protocol) {
  // Built once: every rule of every NSG names one of these.
  static const PacketSet tcp = PacketSet::protocol(ip_proto::tcp);
  static const PacketSet udp = PacketSet::protocol(ip_proto::udp);
  static const PacketSet icmp = PacketSet::protocol(ip_proto::icmp);
  static const PacketSet esp = PacketSet::protocol(ip_proto::esp);
  static const PacketSet ah = PacketSet::protocol(ip_proto::ah);
  switch (protocol) {
    case model::Protocol::any: return PacketSet::all();
    case model::Protocol::tcp: return tcp;
    case model::Protocol::udp: return udp;
    case model::Protocol::icmp: return icmp;
    case model::Protocol::esp: return esp;
    case model::Protocol::ah: return ah;
  }
  return PacketSet::all();
}

namespace {

const PacketSet& ported_protocols() {
  static const PacketSet set = protocol_set(model::Protocol::tcp) | protocol_set(model::Protocol::udp);
  return set;
}

PacketSet ports_set(const std::vector<model::PortRange>& ranges, bool destination) {
  if (ranges.empty()) return PacketSet::all();
  PacketSet set;
  for (const auto& range : ranges) {
    if (range.is_any()) return PacketSet::all();
    set |= destination ? PacketSet::dst_ports(range) : PacketSet::src_ports(range);
  }
  // A port constraint only ever matches protocols that have ports.
  return set & ported_protocols();
}

TriSet addresses_set(const std::vector<model::AddressMatch>& terms, const AddressSpace& space,
                     std::size_t vnet, Field field, TagWorld world) {
  TriSet set;
  for (const auto& term : terms) set |= space.match(term, vnet, field, world);
  return set;
}

bool shares_any(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::any_of(a.begin(), a.end(),
                     [&](const std::string& x) { return std::find(b.begin(), b.end(), x) != b.end(); });
}

void put(std::string& key, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) key.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

// What decides a rule's match set: protocol, ports, address terms, and the context that gives
// tags and ASGs (membership of the sender) their meaning.
// A tag term is keyed by the BDDs it stands for in this context (BuDDy's node ids: canonical, and
// stable while `pins` keeps them alive), not by a VNet index: the memos serve every analysis of
// the process (a sweep's six networks share their NSGs), and a tag may mean different sets in
// different networks.
std::string match_key(const model::SecurityRule& rule, const AddressSpace& space, const NsgContext& context,
                      TagWorld world, std::vector<TriSet>* pins) {
  // Binary, not formatted: this runs for every rule of every NSG, memo hit or not.
  std::string key;
  key.reserve(64);
  key.push_back(static_cast<char>(rule.protocol));
  Field field = Field::src_ip;
  for (const auto* list : {&rule.source_addresses, &rule.destination_addresses}) {
    for (const auto& term : *list) {
      if (const auto* p = std::get_if<model::Prefix>(&term)) {
        key.push_back('p');
        put(key, p->address.value, 4);
        key.push_back(static_cast<char>(p->length));
      } else if (const auto* tag = std::get_if<model::ServiceTagRef>(&term)) {
        const TriSet set = space.tag(tag->name, context.vnet, field, world);
        key.push_back('t');
        put(key, static_cast<std::uint32_t>(set.must.id()), 4);
        put(key, static_cast<std::uint32_t>(set.may.id()), 4);
        if (pins != nullptr) pins->push_back(set);
      } else {
        key.push_back('*');
      }
    }
    key.push_back('|');
    field = Field::dst_ip;
  }
  for (const auto* list : {&rule.source_port_ranges, &rule.destination_port_ranges}) {
    for (const auto& r : *list) {
      put(key, r.low, 2);
      put(key, r.high, 2);
    }
    key.push_back('|');
  }
  if (!rule.source_asgs.empty()) {
    key += !context.source_known ? "s?" : shares_any(rule.source_asgs, context.source_asgs) ? "s+" : "s-";
  }
  if (!rule.destination_asgs.empty()) key += "d?";
  return key;
}

TriSet build_rule_match(const model::SecurityRule& rule, const AddressSpace& space,
                        const NsgContext& context, TagWorld world) {
  TriSet source = addresses_set(rule.source_addresses, space, context.vnet, Field::src_ip, world);
  if (!rule.source_asgs.empty()) {
    if (!context.source_known) {
      source |= TriSet::unknown_within(PacketSet::all());
    } else if (shares_any(rule.source_asgs, context.source_asgs)) {
      source = TriSet::all();  // the sending NIC is a member: the ASG stands for its address
    }
  }
  TriSet destination = addresses_set(rule.destination_addresses, space, context.vnet, Field::dst_ip, world);
  if (!rule.destination_asgs.empty()) {
    // Which NICs behind a destination address belong to the ASG is not in the design.
    destination |= TriSet::unknown_within(PacketSet::all());
  }
  PacketSet fixed = protocol_set(rule.protocol) & ports_set(rule.source_port_ranges, false) &
                    ports_set(rule.destination_port_ranges, true);
  return source & destination & fixed;
}

// A memoized set and the tag sets its key names (kept alive so their ids stay theirs).
template <typename Value>
struct Pinned {
  Value value;
  std::vector<TriSet> pins;
};

// Process-wide, bounded: rule sets (~50 BDD nodes each) and user-rule list compositions.
BoundedMemo<std::string, Pinned<TriSet>>& rule_memo() {
  thread_local BoundedMemo<std::string, Pinned<TriSet>> memo(8192);
  return memo;
}

BoundedMemo<std::string, Pinned<std::pair<TriSet, TriSet>>>& rule_list_memo() {
  thread_local BoundedMemo<std::string, Pinned<std::pair<TriSet, TriSet>>> memo(1024);
  return memo;
}

}  // namespace

void clear_rule_memos() {
  rule_memo().clear();
  rule_list_memo().clear();
}

namespace {

TriSet keyed_rule_match(const model::SecurityRule& rule, const AddressSpace& space,
                        const NsgContext& context, TagWorld world, std::string& key,
                        std::vector<TriSet>* pins = nullptr) {
  std::vector<TriSet> tags;
  key = match_key(rule, space, context, world, &tags);
  if (pins != nullptr) pins->insert(pins->end(), tags.begin(), tags.end());
  if (const auto* known = rule_memo().find(key)) return known->value;
  return rule_memo().store(key, {build_rule_match(rule, space, context, world), std::move(tags)}).value;
}

}  // namespace

TriSet rule_match(const model::SecurityRule& rule, const AddressSpace& space,
                  const NsgContext& context, TagWorld world) {
  std::string key;
  return keyed_rule_match(rule, space, context, world, key);
}

std::vector<const model::SecurityRule*> ordered_rules(const model::Nsg& nsg, model::Direction direction) {
  std::vector<const model::SecurityRule*> ordered;
  for (const auto& rule : nsg.rules) {
    if (rule.direction == direction) ordered.push_back(&rule);
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto* a, const auto* b) { return a->priority < b->priority; });
  for (const auto& rule : model::default_rules()) {
    if (rule.direction == direction) ordered.push_back(&rule);
  }
  return ordered;
}

namespace {

// One reading's rule sets of an NSG: the user rules first (`user` of them), then the defaults.
struct Reading {
  std::vector<TriSet> matches;
  std::string user_key;  // the user rules' match keys and actions: equal keys, equal results
  std::vector<TriSet> pins;  // the tag sets the user rules' keys name
};

// What the rules allow under first match. The user rules are composed front to back into the
// packets an allow rule decides first and the packets any user rule decides: spokes built from
// one template share that pair (memoized by the rules' keys), and it rarely mentions the source
// address. The default rules, which name the VNet's own tags (source and destination), come in
// last, in two operations, instead of splitting every step of a fold on the source.
TriSet allowed_by_first_match(const std::vector<const model::SecurityRule*>& rules, std::size_t user,
                              const Reading& reading) {
  const auto* found = rule_list_memo().find(reading.user_key);
  if (found == nullptr) {
    TriSet allowed, decided;
    for (std::size_t i = 0; i < user; ++i) {
      if (rules[i]->access == model::Access::allow) allowed |= reading.matches[i] - decided;
      decided |= reading.matches[i];
    }
    found = &rule_list_memo().store(reading.user_key, {{allowed, decided}, reading.pins});
  }
  const auto* composed = &found->value;
  TriSet defaults;
  for (std::size_t i = rules.size(); i-- > user;) {
    defaults = rules[i]->access == model::Access::allow ? reading.matches[i] | defaults
                                                        : defaults - reading.matches[i];
  }
  return composed->first | (defaults - composed->second);
}

Reading read_rules(const std::vector<const model::SecurityRule*>& rules, std::size_t user,
                   const AddressSpace& space, const NsgContext& context, TagWorld world) {
  Reading reading;
  reading.matches.reserve(rules.size());
  std::string key;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    reading.matches.push_back(keyed_rule_match(*rules[i], space, context, world, key,
                                               i < user ? &reading.pins : nullptr));
    if (i >= user) continue;
    const auto size = static_cast<std::uint16_t>(key.size());
    reading.user_key.push_back(rules[i]->access == model::Access::allow ? 'A' : 'D');
    reading.user_key.push_back(static_cast<char>(size & 0xff));
    reading.user_key.push_back(static_cast<char>(size >> 8));
    reading.user_key += key;
  }
  return reading;
}

std::vector<const model::SecurityRule*> uncertain_shares(const std::vector<const model::SecurityRule*>& rules,
                                                         const std::vector<TriSet>& matches) {
  std::vector<const model::SecurityRule*> out;
  auto selected = first_match(matches, TriSet::all());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (!selected[i].is_empty() && !selected[i].is_exact()) out.push_back(rules[i]);
  }
  return out;
}

}  // namespace

NsgDecision evaluate_nsg(const model::Nsg& nsg, model::Direction direction,
                         const AddressSpace& space, const NsgContext& context) {
  const auto ordered = ordered_rules(nsg, direction);
  const auto user = static_cast<std::size_t>(std::count_if(
      ordered.begin(), ordered.end(), [](const auto* rule) { return !rule->is_default; }));
  // Rules that name neither VirtualNetwork nor Internet have equal keys in both tag readings,
  // so the second reading mostly hits the memos.
  const Reading documented = read_rules(ordered, user, space, context, TagWorld::documented);
  const Reading widened = read_rules(ordered, user, space, context, TagWorld::widened);
  const bool exact = std::all_of(documented.matches.begin(), documented.matches.end(),
                                 [](const TriSet& m) { return m.is_exact(); });
  const TriSet allowed_doc = allowed_by_first_match(ordered, user, documented);
  const TriSet allowed_wide = documented.matches == widened.matches
                                  ? allowed_doc
                                  : allowed_by_first_match(ordered, user, widened);
  NsgDecision decision;
  decision.allowed = TriSet{allowed_doc.must & allowed_wide.must, allowed_doc.may | allowed_wide.may};
  // The default DenyAll rules match every packet surely: what is not possibly allowed is
  // surely denied, and the other way round.
  decision.denied = TriSet{~decision.allowed.may, ~decision.allowed.must};
  decision.readings_differ = !(allowed_doc == allowed_wide);
  if (!exact) decision.uncertain_rules = uncertain_shares(ordered, documented.matches);
  return decision;
}

std::uint64_t NsgExplainer::next_serial() {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}

const std::vector<TriSet>& NsgExplainer::matches() const {
  // A pool's witnesses (internet, API server, registry) ask the same NSG in a row: the last
  // NSG's rule sets are kept, and only those, so memory does not grow with the design.
  thread_local std::uint64_t last = 0;
  thread_local std::vector<TriSet> last_matches;
  if (last != serial_) {
    last = serial_;
    last_matches.clear();
    for (const auto* rule : ordered_) last_matches.push_back(rule_match(*rule, space_, context_, TagWorld::documented));
  }
  return last_matches;
}

std::vector<Attribution> NsgExplainer::explain(const TriSet& packets) const {
  const auto& rule_sets = matches();
  std::vector<Attribution> out;
  TriSet remaining = packets;
  for (std::size_t i = 0; i < ordered_.size(); ++i) {
    const auto* rule = ordered_[i];
    if (remaining.is_empty()) break;
    const TriSet& match = rule_sets[i];
    const TriSet share = remaining & match;
    remaining = remaining - match;
    if (share.is_empty() || rule->access != access_) continue;
    out.push_back(attribution(*rule, share));
  }
  return out;
}

std::optional<Attribution> NsgExplainer::decider(const Packet& packet) const {
  // First match in the documented reading. A rule of the other access that only possibly
  // matches (an uncertain tag) may let the packet pass on to later rules.
  const auto& rule_sets = matches();
  for (std::size_t i = 0; i < ordered_.size(); ++i) {
    if (!rule_sets[i].may.contains(packet)) continue;
    if (ordered_[i]->access == access_) return attribution(*ordered_[i], rule_sets[i]);
    if (rule_sets[i].must.contains(packet)) return std::nullopt;
  }
  return std::nullopt;
}

Attribution NsgExplainer::attribution(const model::SecurityRule& rule, const TriSet& share) const {
  return {share,
          fmt::format("NSG '{}' {} rule '{}' (priority {}, {})", nsg_.name, model::to_string(direction_),
                      rule.name, rule.priority, rule.access == model::Access::allow ? "Allow" : "Deny"),
          rule.is_default ? nsg_.source : rule.source, {}, nullptr};
}

TriSet platform_denied(const model::Nsg& nsg, const NsgContext& context, const AddressSpace& space) {
  auto names_platform = [](const model::SecurityRule* rule) {
    return std::any_of(rule->destination_addresses.begin(), rule->destination_addresses.end(), [](const auto& term) {
      const auto* tag = std::get_if<model::ServiceTagRef>(&term);
      return tag != nullptr && tag->name.starts_with("AzurePlatform");
    });
  };
  std::vector<const model::SecurityRule*> rules;
  for (const auto* rule : ordered_rules(nsg, model::Direction::outbound)) {
    if (names_platform(rule)) rules.push_back(rule);
  }
  std::vector<TriSet> matches;
  for (const auto* rule : rules) matches.push_back(rule_match(*rule, space, context, TagWorld::documented));
  auto selected = first_match(matches, TriSet::all());
  TriSet denied;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (rules[i]->access == model::Access::deny) denied |= selected[i];
  }
  return denied;
}

}  // namespace airgap::sim
