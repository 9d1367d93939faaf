// First-match selection over an ordered rule list (NSG rules, routes, firewall collections).
#pragma once

#include <vector>

#include "sim/tri_set.hpp"

namespace airgap::sim {

/// selected[i] = matches[i] minus everything an earlier entry matched, bound-wise sound:
/// may uses earlier `must` matches (they surely shadow), must uses earlier `may` matches.
/// `rest` receives what no entry matched.
std::vector<TriSet> first_match(const std::vector<TriSet>& matches, const TriSet& input,
                                TriSet* rest = nullptr);

}  // namespace airgap::sim
