#include "sim/nsg_edit.hpp"

#include <algorithm>

#include "sim/rule_box.hpp"
#include "sim/rule_disjoint.hpp"

namespace airgap::sim {

std::string decision_key_prefix(const std::string& nsg) {
  // Length first: no name's prefix is another's, whatever bytes names hold.
  std::string key = std::to_string(nsg.size());
  key.push_back(':');
  key.append(nsg);
  return key;
}

std::string decision_key(const std::string& nsg, model::Direction direction,
                         const NsgContext& context) {
  std::string key = decision_key_prefix(nsg);
  key.push_back(direction == model::Direction::inbound ? 'i' : 'o');
  key.push_back(context.source_known ? 'k' : 'u');
  key.append(std::to_string(context.vnet));
  for (const auto& asg : context.source_asgs)
    key.append(",").append(std::to_string(asg.size())).append(":").append(asg);
  return key;
}

namespace {

// Unformed edits of one decision in a row before the set before is formed (see evaluate_nsg_edit).
constexpr int max_unformed_edits = 32;

// Whether two rules match the same packets whatever they do with them.
bool same_match(const model::SecurityRule& a, const model::SecurityRule& b) {
  return a.protocol == b.protocol && a.destination_port_ranges == b.destination_port_ranges &&
         a.source_port_ranges == b.source_port_ranges && a.destination_addresses == b.destination_addresses &&
         a.source_addresses == b.source_addresses && a.destination_asgs == b.destination_asgs &&
         a.source_asgs == b.source_asgs;
}

// The versions, before and after, of the edited rules of this direction: what they can match
// is all that is read of them, so a version matching as another does (an access turned) is
// left out.
std::vector<const model::SecurityRule*> edited_versions(const model::Nsg& nsg,
                                                        const NsgRuleEdit& edit,
                                                        model::Direction direction) {
  std::vector<const model::SecurityRule*> out;
  for (std::size_t k = 0; k < edit.at.size(); ++k) {
    for (const auto* rule : {&edit.before[k], &nsg.rules[edit.at[k]]}) {
      const bool repeated = std::any_of(out.begin(), out.end(), [&](const auto* kept) { return same_match(*kept, *rule); });
      if (rule->direction == direction && !repeated) out.push_back(rule);
    }
  }
  return out;
}

// The packets some version of an edited rule of this direction can match, in either reading.
PacketSet touched(const std::vector<const model::SecurityRule*>& versions,
                  const AddressSpace& space, const NsgContext& context) {
  PacketSet touched;
  for (const auto* rule : versions) {
    touched |= rule_match(*rule, space, context, TagWorld::documented).may;
    // (Only tags read differently in the widened reading.)
    if (names_a_tag(*rule)) touched |= rule_match(*rule, space, context, TagWorld::widened).may;
  }
  return touched;
}

// The port list of `a`'s field hulled with `b`'s: unconstrained if either is (a box's list is
// empty, one range, or starts with "any").
std::vector<model::PortRange> hull_of(const std::vector<model::PortRange>& a, const std::vector<model::PortRange>& b) {
  if (a.empty() || b.empty() || a.front().is_any() || b.front().is_any()) return {};
  return {model::PortRange{std::min(a.front().low, b.front().low), std::max(a.front().high, b.front().high)}};
}

// A port edit: two versions of a rule, both boxes, that differ in their destination ports
// only. The packets either can match lie within one rule's worth, the second version with its
// ports widened to the hull of both: one box to build, where the union of two took two and a
// disjunction of them. (Rules asked are then those that may meet the hull, which covers every
// packet the patch works out anew.)
std::optional<model::SecurityRule> port_hull(const std::vector<const model::SecurityRule*>& versions) {
  if (versions.size() != 2 || !rule_box(*versions[0]) || !rule_box(*versions[1])) return std::nullopt;
  const model::SecurityRule& a = *versions[0];
  model::SecurityRule hull = *versions[1];
  if (a.protocol != hull.protocol || a.source_addresses != hull.source_addresses ||
      a.destination_addresses != hull.destination_addresses || a.source_port_ranges != hull.source_port_ranges) {
    return std::nullopt;
  }
  hull.destination_port_ranges = hull_of(a.destination_port_ranges, hull.destination_port_ranges);
  return hull;
}

// Per rule of `rules`: whether it may match a packet an edited rule's version can (the others
// match nothing there and are not asked).
std::vector<bool> may_meet(const std::vector<const model::SecurityRule*>& rules,
                           const std::vector<const model::SecurityRule*>& versions) {
  std::vector<bool> out(rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    out[i] = std::any_of(versions.begin(), versions.end(), [&](const auto* version) {
      return !surely_disjoint(*rules[i], *version);
    });
  }
  return out;
}

// One reading's first match over `within`: what it allows there (nullopt if a rule's set
// there is uncertain). `user_sets` carries user rules' sets within from the documented reading
// to the widened one, where rules that name no tag read the same.
std::optional<PacketSet> allowed_within(const std::vector<const model::SecurityRule*>& rules,
                                        std::size_t user, const std::vector<bool>& asked,
                                        const PacketSet& within, const AddressSpace& space,
                                        const NsgContext& context, TagWorld world,
                                        std::vector<std::optional<PacketSet>>& user_sets) {
  const bool documented = world == TagWorld::documented;
  PacketSet allowed;
  PacketSet left = within;
  // (Rules after every packet is decided decide nothing: their sets, certain or not, stay unread.)
  for (std::size_t i = 0; i < rules.size() && !left.is_empty(); ++i) {
    if (!asked[i]) continue;
    PacketSet match;
    if (!documented && i < user && user_sets[i] && !names_a_tag(*rules[i])) {
      match = *user_sets[i];
    } else {
      const TriSet set = rule_match(*rules[i], space, context, world);
      // (An uncertain share: evaluate_nsg names it. The rule's whole set serves as its set
      // within: `left` lies within, and the share is all that is read.)
      if (!set.is_exact() && (set.may - set.must).intersects(within)) return std::nullopt;
      match = set.must;
      if (documented && i < user) user_sets[i] = match;
    }
    PacketSet share = match & left;
    if (share.is_empty()) continue;
    left = left - share;
    if (rules[i]->access == model::Access::allow) allowed |= share;
  }
  return allowed;
}

// Whether a version of an edited rule is one platform_denied reads.
bool touches_platform_rules(const model::Nsg& nsg, const NsgRuleEdit& edit) {
  for (std::size_t k = 0; k < edit.at.size(); ++k) {
    if (names_a_platform_tag(edit.before[k]) || names_a_platform_tag(nsg.rules[edit.at[k]])) return true;
  }
  return false;
}

bool valid_edit(const model::Nsg& nsg, const NsgRuleEdit& edit) {
  return edit.at.size() == edit.before.size() &&
         std::all_of(edit.at.begin(), edit.at.end(),
                     [&](std::size_t at) { return at < nsg.rules.size(); });
}

// The decision after `edit` (see evaluate_nsg_edit), its user shape and platform part as before.
std::optional<NsgDecision> edited_decision(const NsgDecision& before, const model::Nsg& nsg,
                                           const NsgRuleEdit& edit, model::Direction direction,
                                           const AddressSpace& space, const NsgContext& context) {
  auto versions = edited_versions(nsg, edit, direction);
  const auto hull = port_hull(versions);
  const auto hull_box = hull ? rule_box(*hull) : std::nullopt;
  if (hull_box) versions = {&*hull};
  // (The hull's set is the edit's alone: not kept with the rules' sets.)
  const PacketSet within = hull_box ? PacketSet::box(*hull_box) : touched(versions, space, context);
  if (within.is_empty()) return before;  // (no set moves)
  const auto rules = ordered_rules(nsg, direction);
  const std::size_t user = user_rule_count(rules);
  const auto asked = may_meet(rules, versions);
  std::vector<std::optional<PacketSet>> user_sets(user);
  const auto doc =
      allowed_within(rules, user, asked, within, space, context, TagWorld::documented, user_sets);
  if (!doc) return std::nullopt;
  const auto wide =
      allowed_within(rules, user, asked, within, space, context, TagWorld::widened, user_sets);
  if (!wide) return std::nullopt;
  // As decide(): sure in both readings .. possible in either; the defaults decide every packet
  // the user rules leave, so what is not allowed is denied.
  const TriSet allowed = *doc == *wide ? TriSet::exact(*doc) : TriSet{*doc & *wide, *doc | *wide};
  NsgDecision decision;
  // The splice into the whole set is formed when something asks for it: an answer only
  // needs the patch (see AllowedPatch), a splice walks the whole set above the touched fields.
  // Edits in a row chain their patches, each formed once, on demand; past a few dozen the
  // set before is formed now (forming a chain recurses once per link).
  const bool chained = before.patch != nullptr && before.allowed_later->if_formed() == nullptr &&
                       before.patch->depth < max_unformed_edits;
  auto patch = std::make_shared<const AllowedPatch>(
      AllowedPatch{within, allowed, chained ? TriSet{} : before.allowed_set(), before.allowed_later,
                   chained ? before.patch->depth + 1 : 1});
  decision.allowed_later = std::make_shared<const DeferredSet>(
      [patch] { return TriSet::choose(patch->within, patch->inside, patch->outside_set()); });
  decision.patch = std::move(patch);
  // What is denied is formed when a blocker or a comparison asks (answers never do).
  if (!chained && before.denied_later) before.denied_later->get();  // (bounds its chain as well)
  decision.denied_later = std::make_shared<const DeferredSet>(
      [within, allowed, outside = before.denied, outside_later = before.denied_later] {
        const TriSet denied = allowed.is_exact()
                                  ? TriSet::exact(within - allowed.must)
                                  : TriSet{within - allowed.may, within - allowed.must};
        return TriSet::choose(within, denied, outside_later ? outside_later->get() : outside);
      });
  decision.user_decided = before.user_decided;  // (and what the edited rules match, in `also`)
  decision.user_decided_also = before.user_decided_also | within;
  decision.platform_denied = before.platform_denied;
  return decision;
}

}  // namespace

std::optional<NsgDecision> evaluate_nsg_edit(const NsgDecision& before, const model::Nsg& nsg,
                                             const NsgRuleEdit& edit, model::Direction direction,
                                             const AddressSpace& space, const NsgContext& context) {
  if (!before.uncertain_rules.empty() || !valid_edit(nsg, edit)) return std::nullopt;
  auto decision = edited_decision(before, nsg, edit, direction, space, context);
  if (!decision) return std::nullopt;
  // Every edit makes a new list, even one that moves no set (a rule matching nothing moved or
  // renamed): explainers keep rule sets by shape and place in the list.
  decision->user_shape = new_user_shape();
  if (touches_platform_rules(nsg, edit)) decision->platform_denied.reset();
  return decision;
}

}  // namespace airgap::sim
