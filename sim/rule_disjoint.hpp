// Whether two NSG rules can match a packet in common, seen from their fields alone: what an
// edit asks only of the rules that may meet its rule, and what composing a run of rules skips
// a difference for.
#pragma once

#include "model/nsg.hpp"

namespace airgap::sim {

/// Whether no packet can match both rules, seen from their fields alone: a protocol, port ranges
/// or prefixes that both constrain and that do not meet (these mean the same in every context
/// and tag reading; tags, ASGs and "any" constrain nothing here).
bool surely_disjoint(const model::SecurityRule& a, const model::SecurityRule& b);

}  // namespace airgap::sim
