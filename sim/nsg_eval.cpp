#include "sim/nsg_eval.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <concepts>
#include <cstring>
#include <deque>
#include <optional>
#include <span>

#include "sim/bounded_memo.hpp"
#include "sim/first_match.hpp"
#include "sim/rule_box.hpp"
#include "sim/rule_disjoint.hpp"

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

// The ports' values alone (not yet narrowed to the protocols that have ports).
PacketSet ports_set(const std::vector<model::PortRange>& ranges, bool destination) {
  if (ranges.empty()) return PacketSet::all();
  PacketSet set;
  for (const auto& range : ranges) {
    if (range.is_any()) return PacketSet::all();
    set |= destination ? PacketSet::dst_ports(range) : PacketSet::src_ports(range);
  }
  return set;
}

// A rule's protocol and ports. A port constraint only ever matches protocols that have ports:
// a TCP or UDP rule's protocol says so already (one conjunction fewer per rule).
PacketSet protocol_and_ports(const model::SecurityRule& rule) {
  PacketSet ports = ports_set(rule.source_port_ranges, false) & ports_set(rule.destination_port_ranges, true);
  const bool has_ports = rule.protocol == model::Protocol::tcp || rule.protocol == model::Protocol::udp;
  if (!has_ports && !ports.is_all()) ports &= ported_protocols();
  return protocol_set(rule.protocol) & ports;
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

// Writes a key's bytes on the stack and appends them to the key at once, when done (a rule's
// key is ~25 bytes, built for every rule of every NSG read, memo hit or not: byte by byte,
// appending was a sixth of an NSG edit, and growing and shrinking the string a fifth of a key).
class KeyWriter {
 public:
  KeyWriter(std::string& key, std::size_t most) : key_(key) {
    if (most > sizeof local_) spill_.resize(most);
    begin_ = most > sizeof local_ ? spill_.data() : local_;
    out_ = begin_;
  }
  ~KeyWriter() { key_.append(begin_, out_); }
  KeyWriter(const KeyWriter&) = delete;
  KeyWriter& operator=(const KeyWriter&) = delete;
  void byte(char c) { *out_++ = c; }
  /// `value`'s bytes in the host's order (keys live in this process only), one store each:
  /// a char store may alias out_, so byte by byte the cursor was reloaded for every byte.
  template <std::unsigned_integral T>
  void bytes(T value) {
    std::memcpy(out_, &value, sizeof value);
    out_ += sizeof value;
  }
  std::size_t written() const { return static_cast<std::size_t>(out_ - begin_); }
  /// Overwrites 4 bytes written earlier, from `at`, with `value`.
  void patch(std::size_t at, std::uint32_t value) {
    std::memcpy(begin_ + at, &value, sizeof value);
  }

 private:
  std::string& key_;
  char local_[192];
  std::vector<char> spill_;  // for a rule with more terms than local_ holds
  char* begin_;
  char* out_;
};

void put(std::string& key, std::uint64_t value) {
  KeyWriter(key, sizeof value).bytes(value);
}

// The most bytes append_match_key writes for `rule`.
std::size_t most_key_bytes(const model::SecurityRule& rule) {
  return 1 + 9 * (rule.source_addresses.size() + rule.destination_addresses.size()) + 2 +
         4 * (rule.source_port_ranges.size() + rule.destination_port_ranges.size()) + 2 + 4;
}

// What decides a rule's match set: protocol, ports, address terms, and the context that gives
// tags and ASGs (membership of the sender) their meaning.
// A tag term is keyed by the BDDs it stands for in this context (BuDDy's node ids: canonical, and
// stable while `pins` keeps them alive), not by a VNet index: the memos serve every analysis of
// the process (a sweep's six networks share their NSGs), and a tag may mean different sets in
// different networks.
// Appends the key to `key`; `named_tag` is set when a term names a service tag (whose set may
// differ between the two readings of the VirtualNetwork tag).
void write_match_key(KeyWriter& out, const model::SecurityRule& rule, const AddressSpace& space,
                     const NsgContext& context, TagWorld world, std::vector<TriSet>* pins,
                     bool* named_tag) {
  // Binary, not formatted: this runs for every rule of every NSG, memo hit or not.
  out.byte(static_cast<char>(rule.protocol));
  Field field = Field::src_ip;
  for (const auto* list : {&rule.source_addresses, &rule.destination_addresses}) {
    for (const auto& term : *list) {
      if (const auto* p = std::get_if<model::Prefix>(&term)) {
        out.byte('p');
        out.bytes(std::uint32_t{p->address.value});
        out.byte(static_cast<char>(p->length));
      } else if (const auto* tag = std::get_if<model::ServiceTagRef>(&term)) {
        const TriSet set = space.tag(tag->name, context.vnet, field, world);
        out.byte('t');
        out.bytes(static_cast<std::uint32_t>(set.must.id()));
        out.bytes(static_cast<std::uint32_t>(set.may.id()));
        if (pins != nullptr) pins->push_back(set);
        if (named_tag != nullptr) *named_tag = true;
      } else {
        out.byte('*');
      }
    }
    out.byte('|');
    field = Field::dst_ip;
  }
  for (const auto* list : {&rule.source_port_ranges, &rule.destination_port_ranges}) {
    for (const auto& r : *list) {
      out.bytes(std::uint16_t{r.low});
      out.bytes(std::uint16_t{r.high});
    }
    out.byte('|');
  }
  if (!rule.source_asgs.empty()) {
    out.byte('s');
    out.byte(!context.source_known ? '?' : shares_any(rule.source_asgs, context.source_asgs) ? '+' : '-');
  }
  if (!rule.destination_asgs.empty()) {
    out.byte('d');
    out.byte('?');
  }
}

// write_match_key, appended to `key`.
void append_match_key(std::string& key, const model::SecurityRule& rule, const AddressSpace& space,
                      const NsgContext& context, TagWorld world, std::vector<TriSet>* pins,
                      bool* named_tag) {
  KeyWriter out(key, most_key_bytes(rule));
  write_match_key(out, rule, space, context, world, pins, named_tag);
}

TriSet build_rule_match(const model::SecurityRule& rule, const AddressSpace& space,
                        const NsgContext& context, TagWorld world) {
  // (A distinct design's rule set cost ~20,000 instructions as a conjunction of field sets.)
  if (const auto box = rule_box(rule)) return TriSet::exact(PacketSet::box(*box));
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
  return source & destination & protocol_and_ports(rule);
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

// The user rules of an NSG composed under first match.
// The sets a decision in any VNet reads off an exact user-rule list (see decide_exact).
struct Sides {
  PacketSet open;         // allowed by a user rule, or left to the default rules
  PacketSet closed;       // denied by a user rule (the complement of `open`)
  PacketSet not_allowed;  // not allowed by a user rule
};

struct Composed {
  TriSet allowed;     // packets an allow rule decides first
  TriSet decided;     // packets any user rule decides
  bool exact = true;  // every user rule's set is exact (no unknown tag, no ASG)
  std::uint64_t serial = 0;  // names this entry in decision keys; never reused
  mutable std::optional<Sides> sides;  // worked out by the first decision that needs them

  const Sides& sides_of_exact() const {
    if (!sides) {
      const PacketSet& allowed_set = allowed.must;
      const PacketSet open = allowed_set | ~decided.must;
      sides = Sides{open, ~open, ~allowed_set};
    }
    return *sides;
  }
};

// Sized for L's distinct flavour: 1,000 NSGs, a list per tag reading each (and their runs
// below, ~13 ranges per 100-rule list): an edit then finds every run it did not touch, and
// reads the rule sets of one run. Smaller, the lists of a distinct design pushed each other
// out and an edit re-read and re-folded all 100 rules (callgrind: 5.65 M instructions per edit, 2.46 M now).
BoundedMemo<std::string, Pinned<Composed>>& rule_list_memo() {
  thread_local BoundedMemo<std::string, Pinned<Composed>> memo(1 << 12);
  return memo;
}

// Runs of consecutive user rules composed alone, keyed by their entries: an edited rule list
// composes again only the run holding the edit, and combines the runs (an edit of a template
// NSG on L: 16 rules' folds and 7 combines instead of 100 rules' folds).
BoundedMemo<std::string, Pinned<Composed>>& rule_run_memo() {
  thread_local BoundedMemo<std::string, Pinned<Composed>> memo(1 << 15);
  return memo;
}

// Whole decisions of NSGs whose rule sets are all exact, keyed by the serials of their composed
// user-rule lists and the default rules' keys (which name the VNet's tags): a sweep's networks
// and a diff's two designs share their NSG decisions, not only their rule lists.
BoundedMemo<std::string, Pinned<NsgDecision>>& decision_memo() {
  thread_local BoundedMemo<std::string, Pinned<NsgDecision>> memo(1 << 14);
  return memo;
}

}  // namespace

std::uint64_t new_user_shape() {
  static std::uint64_t serials = 0;
  return ++serials;
}

void clear_rule_memos() {
  rule_memo().clear();
  rule_list_memo().clear();
  rule_run_memo().clear();
  decision_memo().clear();
}

namespace {

// The rule's set, memoized under `key` (the rule's match key, which the caller built along with
// `tags`, the tag sets the key names).
TriSet memo_rule_match(const model::SecurityRule& rule, const AddressSpace& space, const NsgContext& context,
                       TagWorld world, const std::string& key, const std::vector<TriSet>& tags) {
  if (const auto* known = rule_memo().find(key)) return known->value;
  return rule_memo().store(key, {build_rule_match(rule, space, context, world), tags}).value;
}

TriSet keyed_rule_match(const model::SecurityRule& rule, const AddressSpace& space,
                        const NsgContext& context, TagWorld world, std::string& key) {
  key.clear();
  key.reserve(64);
  std::vector<TriSet> tags;
  append_match_key(key, rule, space, context, world, &tags, nullptr);
  return memo_rule_match(rule, space, context, world, key, tags);
}

}  // namespace

TriSet rule_match(const model::SecurityRule& rule, const AddressSpace& space,
                  const NsgContext& context, TagWorld world) {
  std::string key;
  return keyed_rule_match(rule, space, context, world, key);
}

bool names_a_tag(const model::SecurityRule& rule) {
  for (const auto* list : {&rule.source_addresses, &rule.destination_addresses}) {
    for (const auto& term : *list) {
      if (std::holds_alternative<model::ServiceTagRef>(term)) return true;
    }
  }
  return false;
}

namespace {

// User rules by priority, those of equal priority as listed.
void order_by_priority(std::vector<const model::SecurityRule*>& rules) {
  const auto by_priority = [](const auto* a, const auto* b) { return a->priority < b->priority; };
  // Most NSGs list their rules by priority already: a check is cheaper than a merge sort.
  if (!std::is_sorted(rules.begin(), rules.end(), by_priority)) {
    std::stable_sort(rules.begin(), rules.end(), by_priority);
  }
}

}  // namespace

std::vector<const model::SecurityRule*> ordered_rules(const model::Nsg& nsg, model::Direction direction) {
  std::vector<const model::SecurityRule*> ordered;
  for (const auto& rule : nsg.rules) {
    if (rule.direction == direction) ordered.push_back(&rule);
  }
  order_by_priority(ordered);
  for (const auto& rule : model::default_rules()) {
    if (rule.direction == direction) ordered.push_back(&rule);
  }
  return ordered;
}

std::size_t user_rule_count(const std::vector<const model::SecurityRule*>& ordered) {
  return static_cast<std::size_t>(
      std::count_if(ordered.begin(), ordered.end(), [](const auto* rule) { return !rule->is_default; }));
}

namespace {

// One user rule in a rule-list key: its access, then its match key, length-prefixed (so no two
// lists share a key). Both the memo's readers and its writers build keys here.
void append_list_entry(std::string& list, const model::SecurityRule& rule, const AddressSpace& space,
                       const NsgContext& context, TagWorld world, std::vector<TriSet>* pins,
                       bool* named_tag) {
  KeyWriter out(list, 5 + most_key_bytes(rule));
  out.byte(rule.access == model::Access::allow ? 'A' : 'D');
  out.bytes(std::uint32_t{0});  // the length, known once written
  write_match_key(out, rule, space, context, world, pins, named_tag);
  out.patch(1, static_cast<std::uint32_t>(out.written() - 5));
}

// One reading's rule sets of an NSG: the user rules first (`user` of them), then the defaults.
// A user rule's set is read when a composition first needs it (user_match): an edited list
// reads only the rules of the runs the run memo does not hold, so the rule memo need not hold
// every rule of a design whose NSGs are all distinct.
struct Reading {
  mutable std::vector<TriSet> matches;
  mutable std::vector<bool> read;  // per user rule: matches[i] holds its set
  // What user_match reads with (set by read_keys).
  const std::vector<const model::SecurityRule*>* rules = nullptr;
  const AddressSpace* space = nullptr;
  const NsgContext* context = nullptr;
  TagWorld world = TagWorld::documented;
  std::string user_key;  // the user rules' match keys and actions: equal keys, equal results
  std::vector<TriSet> pins;  // the tag sets the user rules' keys name
  // Where user rule i's entry starts in user_key, and its first pin in pins; one more each
  // for the end.
  std::vector<std::size_t> entry_at{0}, pins_at{0};

  std::size_t users() const { return entry_at.size() - 1; }
};

// Appends what `next` decides after `first`: first match is associative per bound, so composing
// runs and combining them gives the very sets of one front-to-back fold.
// `apart`: no packet of `next` is one `first` decides (then what it allows is all it adds).
void append_composed(Composed& first, const Composed& next, bool apart) {
  first.allowed |= apart ? next.allowed : next.allowed - first.decided;
  first.decided |= next.decided;
  first.exact = first.exact && next.exact;
}

// The entries of user rules [from, to) in `reading`'s key, and the tag sets they name.
std::string range_key(const Reading& reading, std::size_t from, std::size_t to) {
  return reading.user_key.substr(reading.entry_at[from], reading.entry_at[to] - reading.entry_at[from]);
}
std::vector<TriSet> range_pins(const Reading& reading, std::size_t from, std::size_t to) {
  return {reading.pins.begin() + static_cast<std::ptrdiff_t>(reading.pins_at[from]),
          reading.pins.begin() + static_cast<std::ptrdiff_t>(reading.pins_at[to])};
}

// User rule i's set, read from its key on first use.
const TriSet& user_match(const Reading& reading, std::size_t i) {
  if (!reading.read[i]) {
    const std::size_t from = reading.entry_at[i] + 5;  // after the access and the length
    const std::string key = reading.user_key.substr(from, reading.entry_at[i + 1] - from);
    reading.matches[i] = memo_rule_match(*(*reading.rules)[i], *reading.space, *reading.context, reading.world, key,
                                         range_pins(reading, i, i + 1));
    reading.read[i] = true;
  }
  return reading.matches[i];
}

// User rules [from, to) composed front to back, memoized by their entries.
const Composed& composed_run(const std::vector<const model::SecurityRule*>& rules, const Reading& reading,
                             std::size_t from, std::size_t to) {
  std::string key = range_key(reading, from, to);
  if (const auto* found = rule_run_memo().find(key)) return found->value;
  Composed run;
  for (std::size_t i = from; i < to; ++i) {
    const TriSet& match = user_match(reading, i);
    if (rules[i]->access == model::Access::allow) {
      // (A rule whose fields meet none of the rules before it in the run decides all it matches:
      // on a distinct design, most do, and the difference was a sixth of its proof.)
      const bool first =
          std::all_of(rules.begin() + static_cast<std::ptrdiff_t>(from),
                      rules.begin() + static_cast<std::ptrdiff_t>(i),
                      [&](const auto* earlier) { return surely_disjoint(*earlier, *rules[i]); });
      run.allowed |= first ? match : match - run.decided;
    }
    run.decided |= match;
    run.exact = run.exact && match.is_exact();
  }
  return rule_run_memo().store(std::move(key), {std::move(run), range_pins(reading, from, to)}).value;
}

constexpr std::size_t run_length = 16;

const Composed& composed_range(const std::vector<const model::SecurityRule*>& rules, const Reading& reading,
                               std::size_t from, std::size_t to);

// User rules [from, to) as two halves, split at a run boundary, joined (not memoized here).
Composed joined_halves(const std::vector<const model::SecurityRule*>& rules, const Reading& reading,
                       std::size_t from, std::size_t to) {
  const std::size_t runs = (to - from + run_length - 1) / run_length;
  const std::size_t mid = from + (runs / 2) * run_length;
  Composed joined = composed_range(rules, reading, from, mid);  // a copy: the next store may evict it
  // (On a distinct design the halves' destinations seldom meet: the difference, a walk of the
  // first half's decided set, was an eighth of its proof.)
  append_composed(joined, composed_range(rules, reading, mid, to), destinations_apart(rules, from, mid, to));
  return joined;
}

// User rules [from, to) composed, memoized by their entries: a run of up to 16 rules folded,
// a longer range joined from its halves. An edited rule list re-folds the run holding the
// edit and re-joins the log2(runs) ranges above it; every other range is a memo hit.
const Composed& composed_range(const std::vector<const model::SecurityRule*>& rules, const Reading& reading,
                               std::size_t from, std::size_t to) {
  if (to - from <= run_length) return composed_run(rules, reading, from, to);
  std::string key = range_key(reading, from, to);
  if (const auto* found = rule_run_memo().find(key)) return found->value;
  return rule_run_memo().store(std::move(key), {joined_halves(rules, reading, from, to), range_pins(reading, from, to)}).value;
}

// The user rules composed front to back into the packets an allow rule decides first and the
// packets any user rule decides: spokes built from one template share this (memoized by the
// rules' keys), and it rarely mentions the source address. Joined from memoized ranges.
const Composed& composed_user_rules(const std::vector<const model::SecurityRule*>& rules, std::size_t user,
                                    const Reading& reading) {
  if (const auto* found = rule_list_memo().find(reading.user_key)) return found->value;
  Composed composed = user <= run_length ? composed_run(rules, reading, 0, user) : joined_halves(rules, reading, 0, user);
  composed.sides.reset();  // (ranges never work theirs out; a list's are its own)
  composed.serial = new_user_shape();
  return rule_list_memo().store(reading.user_key, {composed, reading.pins}).value;
}

// What the rules allow under first match. The default rules, which name the VNet's own tags
// (source and destination), come in last, in two operations, instead of splitting every step
// of a fold on the source. `defaults` holds the default rules' sets (rules[user..]).
TriSet allowed_by_first_match(const std::vector<const model::SecurityRule*>& rules, std::size_t user,
                              const Composed& composed, const TriSet* defaults) {
  TriSet allowed_by_defaults;
  for (std::size_t i = rules.size(); i-- > user;) {
    const TriSet& match = defaults[i - user];
    allowed_by_defaults = rules[i]->access == model::Access::allow ? match | allowed_by_defaults
                                                                   : allowed_by_defaults - match;
  }
  // What the user rules allow lies within what they decide, so for exact sets this is one
  // if-then-else on the decided set: half the walks of a difference and a union over it.
  if (composed.allowed.is_exact() && composed.decided.is_exact() && allowed_by_defaults.is_exact()) {
    return TriSet::exact(
        PacketSet::choose(composed.decided.must, composed.allowed.must, allowed_by_defaults.must));
  }
  return composed.allowed | (allowed_by_defaults - composed.decided);
}

// What the default rules (rules[user..], sets in `defaults`) allow among the packets they
// decide: all of them, as DenyAll ends the list.
PacketSet allowed_by_defaults(const std::vector<const model::SecurityRule*>& rules, std::size_t user,
                              const TriSet* defaults) {
  PacketSet allowed;
  for (std::size_t i = rules.size(); i-- > user;) {
    const PacketSet& match = defaults[i - user].must;
    allowed = rules[i]->access == model::Access::allow ? match | allowed : allowed - match;
  }
  return allowed;
}

// One exact reading's allowed and denied sets. A packet the user rules decide is theirs; any
// other is the defaults'. So both sets are one if-then-else on the defaults' (small, per-VNet)
// set over the list's two sides, which every VNet shares: building them per VNet (a union,
// a difference and a complement of list-sized sets each) was most of a spoke's NSG cost.
std::pair<PacketSet, PacketSet> exact_reading(const Composed& users, const PacketSet& by_defaults) {
  const Sides& sides = users.sides_of_exact();
  return {PacketSet::choose(by_defaults, sides.open, users.allowed.must),
          PacketSet::choose(by_defaults, sides.closed, sides.not_allowed)};
}

// decide() for exact readings, without complementing the allowed sets.
NsgDecision decide_exact(const std::pair<PacketSet, PacketSet>& doc, const std::pair<PacketSet, PacketSet>& wide) {
  NsgDecision decision;
  decision.readings_differ = !(doc.first == wide.first);
  if (!decision.readings_differ) {
    decision.allowed = TriSet::exact(doc.first);
    decision.denied = TriSet::exact(doc.second);
    return decision;
  }
  decision.allowed = TriSet{doc.first & wide.first, doc.first | wide.first};
  decision.denied = TriSet{doc.second & wide.second, doc.second | wide.second};
  return decision;
}

// decide_exact() for two readings of one user-rule list, which differ only in what the
// defaults allow. Each reading picks, per packet, between the list's two sides (open or
// allowed; closed or not allowed), and one side holds the other, so the bounds are one
// if-then-else each over where both readings, or either, let the defaults allow.
NsgDecision decide_one_list(const Composed& users, const PacketSet& by_doc, const PacketSet& by_wide) {
  if (by_doc == by_wide) {
    const auto sets = exact_reading(users, by_doc);
    return decide_exact(sets, sets);
  }
  const Sides& sides = users.sides_of_exact();
  const PacketSet& allowed = users.allowed.must;
  const PacketSet both = by_doc & by_wide;
  const PacketSet either = by_doc | by_wide;
  NsgDecision decision;
  decision.allowed = TriSet{PacketSet::choose(both, sides.open, allowed), PacketSet::choose(either, sides.open, allowed)};
  decision.denied = TriSet{PacketSet::choose(either, sides.closed, sides.not_allowed),
                           PacketSet::choose(both, sides.closed, sides.not_allowed)};
  decision.readings_differ = !decision.allowed.is_exact();
  return decision;
}

// The user rules' keys and the tag sets they name, no rule set looked up yet; `named_tag` is
// set when a rule names a service tag.
Reading read_keys(const std::vector<const model::SecurityRule*>& rules, std::size_t user,
                  const AddressSpace& space, const NsgContext& context, TagWorld world, bool* named_tag) {
  Reading reading;
  reading.rules = &rules;
  reading.space = &space;
  reading.context = &context;
  reading.world = world;
  reading.entry_at.reserve(user + 1);
  reading.pins_at.reserve(user + 1);
  reading.user_key.reserve(user * 40);
  for (std::size_t i = 0; i < user; ++i) {
    append_list_entry(reading.user_key, *rules[i], space, context, world, &reading.pins, named_tag);
    reading.entry_at.push_back(reading.user_key.size());
    reading.pins_at.push_back(reading.pins.size());
  }
  return reading;
}

// Readies `reading.matches`: the user rules' sets are read on first use (user_match), the
// default rules' (the rules after them) now, in the reading's world.
void read_matches(Reading& reading) {
  const auto& rules = *reading.rules;
  reading.matches.reserve(rules.size());
  reading.matches.resize(reading.users());
  reading.read.assign(reading.users(), false);
  std::string key;
  for (std::size_t i = reading.users(); i < rules.size(); ++i) {
    reading.matches.push_back(keyed_rule_match(*rules[i], *reading.space, *reading.context, reading.world, key));
  }
}

// Every user rule's set (what a walk over the whole list needs).
const std::vector<TriSet>& all_matches(const Reading& reading) {
  for (std::size_t i = 0; i < reading.users(); ++i) user_match(reading, i);
  return reading.matches;
}

Reading read_rules(const std::vector<const model::SecurityRule*>& rules, std::size_t user,
                   const AddressSpace& space, const NsgContext& context, TagWorld world) {
  Reading reading = read_keys(rules, user, space, context, world, nullptr);
  read_matches(reading);
  return reading;
}

bool a_user_rule_names_a_tag(const std::vector<const model::SecurityRule*>& rules, std::size_t user) {
  return std::any_of(rules.begin(), rules.begin() + static_cast<std::ptrdiff_t>(user),
                     [](const auto* rule) { return names_a_tag(*rule); });
}

// `reading`'s user rules (which name no tag: equal in every reading) with the default rules
// read in `world`.
Reading with_defaults_read(const Reading& reading, TagWorld world) {
  Reading out = reading;
  out.world = world;
  read_matches(out);
  return out;
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

NsgDecision decide(const TriSet& allowed_doc, const TriSet& allowed_wide) {
  NsgDecision decision;
  decision.allowed = TriSet{allowed_doc.must & allowed_wide.must, allowed_doc.may | allowed_wide.may};
  // The default DenyAll rules match every packet surely: what is not possibly allowed is
  // surely denied, and the other way round.
  decision.denied = TriSet{~decision.allowed.may, ~decision.allowed.must};
  decision.readings_differ = !(allowed_doc == allowed_wide);
  return decision;
}

// The memo-hit path: when both readings' user-rule lists are memoized and exact, only the rule
// keys are built (no per-rule set lookups) and the default rules' sets fetched.
std::optional<NsgDecision> decide_from_memo(const std::vector<const model::SecurityRule*>& rules,
                                            std::size_t user, const AddressSpace& space,
                                            const NsgContext& context, Reading& documented_keys) {
  std::string wide_key;
  bool named_tag = false;
  documented_keys = read_keys(rules, user, space, context, TagWorld::documented, &named_tag);
  const std::string& doc_key = documented_keys.user_key;  // a miss reads the sets from these keys
  const auto* doc = rule_list_memo().find(doc_key);
  if (doc == nullptr || !doc->value.exact) return std::nullopt;
  const auto* wide = doc;
  if (named_tag) {
    for (std::size_t i = 0; i < user; ++i) {
      append_list_entry(wide_key, *rules[i], space, context, TagWorld::widened, nullptr, nullptr);
    }
    if (wide_key != doc_key) wide = rule_list_memo().find(wide_key);
    if (wide == nullptr || !wide->value.exact) return std::nullopt;
  }
  // The decision's key: which lists, which direction, and the default rules' keys per reading.
  std::string key;
  std::vector<TriSet> pins;
  put(key, doc->value.serial);
  put(key, wide->value.serial);
  key.push_back(rules.size() > user && rules[user]->direction == model::Direction::inbound ? 'i' : 'o');
  struct Span {
    std::size_t at, size;      // a default rule's match key within `key`
    std::vector<TriSet> tags;  // the tag sets it names
  };
  std::vector<Span> spans;
  for (auto world : tag_worlds) {
    for (std::size_t i = user; i < rules.size(); ++i) {
      const std::size_t start = key.size() + 5;  // after the access and the length
      std::vector<TriSet> tags;
      append_list_entry(key, *rules[i], space, context, world, &tags, nullptr);
      pins.insert(pins.end(), tags.begin(), tags.end());
      spans.push_back({start, key.size() - start, std::move(tags)});
    }
  }
  if (const auto* known = decision_memo().find(key)) return known->value;
  std::vector<TriSet> defaults[2];
  std::size_t span = 0;
  for (auto world : tag_worlds) {
    auto& sets = defaults[world == TagWorld::documented ? 0 : 1];
    for (std::size_t i = user; i < rules.size(); ++i, ++span) {
      const Span& s = spans[span];
      sets.push_back(memo_rule_match(*rules[i], space, context, world, key.substr(s.at, s.size), s.tags));
    }
    if (!std::all_of(sets.begin(), sets.end(), [](const TriSet& m) { return m.is_exact(); })) return std::nullopt;
  }
  const PacketSet by_doc_defaults = allowed_by_defaults(rules, user, defaults[0].data());
  const PacketSet by_wide_defaults =
      defaults[0] == defaults[1] ? by_doc_defaults : allowed_by_defaults(rules, user, defaults[1].data());
  NsgDecision decision =
      wide == doc ? decide_one_list(doc->value, by_doc_defaults, by_wide_defaults)
                  : decide_exact(exact_reading(doc->value, by_doc_defaults), exact_reading(wide->value, by_wide_defaults));
  decision.user_shape = doc->value.serial;
  decision.user_decided = doc->value.decided;
  return decision_memo().store(key, {std::move(decision), std::move(pins)}).value;
}

}  // namespace

NsgDecision evaluate_nsg(const model::Nsg& nsg, model::Direction direction,
                         const AddressSpace& space, const NsgContext& context) {
  const auto ordered = ordered_rules(nsg, direction);
  const std::size_t user = user_rule_count(ordered);
  Reading documented;
  if (auto decision = decide_from_memo(ordered, user, space, context, documented)) return *decision;
  read_matches(documented);
  // Rules that name neither VirtualNetwork nor Internet have equal keys in both tag readings,
  // so the second reading mostly hits the memos; user rules that name no tag at all read the
  // same in both, and only the default rules are read again.
  const Reading widened = a_user_rule_names_a_tag(ordered, user) ? read_rules(ordered, user, space, context, TagWorld::widened)
                                                     : with_defaults_read(documented, TagWorld::widened);
  const Composed& documented_users = composed_user_rules(ordered, user, documented);
  const std::uint64_t user_shape = documented_users.serial;  // (before another store may evict it)
  const TriSet user_decided = documented_users.decided;
  const std::span<const TriSet> defaults(documented.matches.data() + user, ordered.size() - user);
  const std::span<const TriSet> wide_defaults(widened.matches.data() + user, ordered.size() - user);
  const bool exact = documented_users.exact &&
                     std::all_of(defaults.begin(), defaults.end(), [](const TriSet& m) { return m.is_exact(); });
  const TriSet allowed_doc = allowed_by_first_match(ordered, user, documented_users, defaults.data());
  // Equal keys read equal sets (what the memos rest on), so equal keys and defaults decide alike.
  const bool same_reading = documented.user_key == widened.user_key &&
                            std::equal(defaults.begin(), defaults.end(), wide_defaults.begin(), wide_defaults.end());
  const TriSet allowed_wide =
      same_reading ? allowed_doc
                   : allowed_by_first_match(ordered, user, composed_user_rules(ordered, user, widened),
                                            wide_defaults.data());
  NsgDecision decision = decide(allowed_doc, allowed_wide);
  decision.user_shape = user_shape;
  decision.user_decided = user_decided;
  if (!exact) decision.uncertain_rules = uncertain_shares(ordered, all_matches(documented));
  return decision;
}

NsgExplainer::NsgExplainer(const model::Nsg& nsg, model::Direction direction, NsgContext context,
                           const AddressSpace& space, model::Access access, std::uint64_t user_shape,
                           TriSet user_decided, PacketSet user_decided_also)
    : nsg_(nsg), direction_(direction), context_(std::move(context)), space_(space), access_(access),
      serial_(next_serial()), user_shape_(user_shape), user_decided_(std::move(user_decided)),
      user_decided_also_(std::move(user_decided_also)) {}

const std::vector<const model::SecurityRule*>& NsgExplainer::ordered() const {
  // Worked out on first use: most explainers are never asked (a source stage makes two per
  // NSG, and an NSG edit rebuilds the stage).
  if (!ordered_) {
    ordered_ = ordered_rules(nsg_, direction_);
    user_count_ = user_rule_count(*ordered_);
  }
  return *ordered_;
}

std::size_t NsgExplainer::user_count() const {
  ordered();
  return user_count_;
}

std::uint64_t NsgExplainer::next_serial() {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}

const NsgExplainer::RuleSets& NsgExplainer::matches() const {
  // A pool's witnesses (internet, API server, registry) ask the same NSG in a row: the last
  // NSG's rule sets are kept, and only those, so memory does not grow with the design.
  thread_local std::uint64_t last = 0;
  thread_local RuleSets last_matches;
  if (last != serial_) {
    last = serial_;
    last_matches.user = user_matches();
    // The default rules' sets are this NSG's own (they name its VNet): a handful, kept here,
    // since a hub edit asks every pool's source NSG again.
    if (!default_matches_) {
      default_matches_.emplace();
      for (std::size_t i = user_count(); i < ordered().size(); ++i) {
        default_matches_->push_back(rule_match(*ordered()[i], space_, context_, TagWorld::documented));
      }
    }
    last_matches.defaults = *default_matches_;
  }
  return last_matches;
}

std::shared_ptr<const NsgExplainer::UserRules> NsgExplainer::user_matches() const {
  // Pools ask their NSGs in turn, and template spokes' NSGs share a few shapes: the user-rule
  // sets of the last few shapes are kept, and handed out shared, not copied.
  constexpr std::size_t window = 8;
  thread_local std::deque<std::pair<std::uint64_t, std::shared_ptr<const UserRules>>> kept;
  if (user_shape_ != 0) {
    for (const auto& [shape, rules] : kept) {
      if (shape == user_shape_) return rules;
    }
  }
  auto rules = std::make_shared<UserRules>();
  rules->matches.resize(user_count());
  if (user_shape_ != 0) {
    if (kept.size() >= window) kept.pop_front();
    kept.emplace_back(user_shape_, rules);
  }
  return rules;
}

const TriSet& NsgExplainer::rule_set(const RuleSets& sets, std::size_t i) const {
  if (i >= user_count()) return sets.defaults[i - user_count()];
  auto& match = sets.user->matches[i];
  if (!match) match = rule_match(*ordered()[i], space_, context_, TagWorld::documented);
  return *match;
}

const NsgExplainer::UserRules::Shares& NsgExplainer::first_match_shares(const RuleSets& sets) const {
  auto& shares = sets.user->shares;
  if (!shares) {
    std::vector<TriSet> all;
    all.reserve(user_count());
    for (std::size_t i = 0; i < user_count(); ++i) all.push_back(rule_set(sets, i));
    UserRules::Shares out;
    out.decided = first_match(all, TriSet::all(), &out.unmatched);
    shares = std::move(out);
  }
  return *shares;
}

std::vector<Attribution> NsgExplainer::explain_first(const TriSet& packets, std::size_t limit) const {
  const auto& rule_sets = matches();
  std::vector<Attribution> out;
  if (limit == 0) return out;
  TriSet remaining = packets;
  // Packets no user rule can match are the default rules' (a blocker at DenyAll). Otherwise a
  // user rule decides the packets in its first-match share of all packets (shared by the NSG's
  // shape), so rules of the other access need no look, and what is left for the defaults is
  // what no user rule matches: the same sets a walk rule by rule leaves, without the walk.
  if (packets.may.intersects(user_decided_.may) || packets.may.intersects(user_decided_also_)) {
    const auto& shares = first_match_shares(rule_sets);
    for (std::size_t i = 0; i < user_count(); ++i) {
      if (ordered()[i]->access != access_ || !packets.may.intersects(shares.decided[i].may)) continue;
      out.push_back(attribution(*ordered()[i], packets & shares.decided[i]));
      if (out.size() == limit) return out;
    }
    remaining = packets & shares.unmatched;
  }
  for (std::size_t i = user_count(); i < ordered().size(); ++i) {
    const auto* rule = ordered()[i];
    if (remaining.is_empty()) break;
    const TriSet& match = rule_set(rule_sets, i);
    // Most rules miss what is left: asked without building, and then nothing changes.
    if (!remaining.may.intersects(match.may)) continue;
    const TriSet share = remaining & match;
    remaining = remaining - match;
    if (share.is_empty() || rule->access != access_) continue;
    out.push_back(attribution(*rule, share));
    if (out.size() == limit) break;
  }
  return out;
}

bool NsgExplainer::same_as(const Explainer& other) const {
  // Same rules (the NSG object itself), same reading of them: the same answers.
  const auto* o = dynamic_cast<const NsgExplainer*>(&other);
  return o != nullptr && &o->nsg_ == &nsg_ && o->direction_ == direction_ && o->access_ == access_ &&
         &o->space_ == &space_ && o->context_.vnet == context_.vnet &&
         o->context_.source_asgs == context_.source_asgs && o->context_.source_known == context_.source_known;
}

std::optional<Attribution> NsgExplainer::decider(const Packet& packet) const {
  // First match in the documented reading. A rule of the other access that only possibly
  // matches (an uncertain tag) may let the packet pass on to later rules.
  const auto& rule_sets = matches();
  // A packet no user rule can match is the default rules' to decide.
  const std::size_t first = user_may_decide(packet) ? 0 : user_count();
  for (std::size_t i = first; i < ordered().size(); ++i) {
    const TriSet& match = rule_set(rule_sets, i);
    if (!match.may.contains(packet)) continue;
    if (ordered()[i]->access == access_) return attribution(*ordered()[i], match);
    if (match.must.contains(packet)) return std::nullopt;
  }
  return std::nullopt;
}

bool NsgExplainer::user_may_decide(const Packet& packet) const {
  return user_decided_.may.contains(packet) || user_decided_also_.contains(packet);
}

Attribution NsgExplainer::attribution(const model::SecurityRule& rule, const TriSet& share) const {
  // "NSG 'n' Outbound rule 'r' (priority 100, Allow)", appended: a witness hop asks one per
  // pool and a hub edit re-asks every pool behind it (fmt's parsing cost ~2,800 instructions).
  std::string text;
  text.reserve(48 + nsg_.name.size() + rule.name.size());
  text.append("NSG '").append(nsg_.name).append("' ").append(model::to_string(direction_));
  text.append(" rule '").append(rule.name).append("' (priority ").append(std::to_string(rule.priority));
  text.append(rule.access == model::Access::allow ? ", Allow)" : ", Deny)");
  return {share, std::move(text), rule.is_default ? nsg_.source : rule.source, {}, nullptr};
}

bool names_a_platform_tag(const model::SecurityRule& rule) {
  return rule.direction == model::Direction::outbound &&
         std::any_of(rule.destination_addresses.begin(), rule.destination_addresses.end(), [](const auto& term) {
           const auto* tag = std::get_if<model::ServiceTagRef>(&term);
           return tag != nullptr && tag->name.starts_with("AzurePlatform");
         });
}

TriSet platform_denied(const model::Nsg& nsg, const NsgContext& context, const AddressSpace& space) {
  // Those rules, by priority (as ordered_rules, whose default rules name no such tag): picked
  // first, since most NSGs have none.
  std::vector<const model::SecurityRule*> rules;
  for (const auto& rule : nsg.rules) {
    if (names_a_platform_tag(rule)) rules.push_back(&rule);
  }
  if (rules.empty()) return TriSet{};
  order_by_priority(rules);
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
