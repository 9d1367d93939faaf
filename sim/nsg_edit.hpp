// An NSG's decision after an in-place edit of some of its rules, worked out from its decision
// before the edit. First match is decided per packet: a packet that no version of an edited
// rule can match meets the same first matching rule before and after, so only the packets an
// edited rule can match (before or after) are decided again, and the rest keep the old
// decision. That set is a rule's size, not a list's: the update costs small BDD operations
// where re-composing the list costs list-sized ones.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/nsg.hpp"
#include "sim/address_space.hpp"
#include "sim/nsg_eval.hpp"

namespace airgap::sim {

/// Rules of one NSG edited in place: where they are in its rule list, and what they were.
struct NsgRuleEdit {
  std::string nsg;
  std::vector<std::size_t> at;              // positions in nsg.rules (the list keeps its length)
  std::vector<model::SecurityRule> before;  // before[k]: the rule at at[k] before the edit
};

/// Decisions as last worked out, by decision_key: what an edit of an NSG starts from.
using NsgDecisions = std::map<std::string, NsgDecision, std::less<>>;

/// Names a decision: the NSG, the direction and the context (the VNet that gives tags their
/// meaning, the sender's ASGs). Keys of one NSG share a prefix (decision_key_prefix).
std::string decision_key(const std::string& nsg, model::Direction direction,
                         const NsgContext& context);
std::string decision_key_prefix(const std::string& nsg);

/// `before`, the decision of `nsg` in `direction` and `context` before `edit`, updated to
/// `nsg` as it is now (the edited rules in place). nullopt when the update cannot be patched:
/// `before` names uncertain rules, or a rule's set is uncertain where an edited rule can match
/// (evaluate_nsg then). Its sets (allowed_set(), denied_set(), differs()) equal evaluate_nsg's,
/// formed when first asked; user_shape is new.
std::optional<NsgDecision> evaluate_nsg_edit(const NsgDecision& before, const model::Nsg& nsg,
                                             const NsgRuleEdit& edit, model::Direction direction,
                                             const AddressSpace& space, const NsgContext& context);

}  // namespace airgap::sim
