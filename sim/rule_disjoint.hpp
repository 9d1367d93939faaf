// Whether two NSG rules can match a packet in common, seen from their fields alone: what an
// edit asks only of the rules that may meet its rule, and what composing a run of rules skips
// a difference for.
#pragma once

#include <cstddef>
#include <vector>

#include "model/nsg.hpp"

namespace airgap::sim {

/// Whether no packet can match both rules, seen from their fields alone: a protocol, port ranges
/// or prefixes that both constrain and that do not meet (these mean the same in every context
/// and tag reading; tags, ASGs and "any" constrain nothing here).
bool surely_disjoint(const model::SecurityRule& a, const model::SecurityRule& b);

/// Whether no rule of [from, mid) can meet one of [mid, to), by their destination prefixes
/// alone: false unless every rule names one destination prefix (what a prefix holds is the
/// same in every context and tag reading).
bool destinations_apart(const std::vector<const model::SecurityRule*>& rules, std::size_t from,
                        std::size_t mid, std::size_t to);

}  // namespace airgap::sim
