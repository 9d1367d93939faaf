// Random single edits of the objects the incremental paths replace: one NSG, the firewall, one
// route table. Each picks what to change from `rng`; `net` is the design they belong to.
#pragma once

#include <optional>
#include <random>
#include <vector>

#include "model/network.hpp"

namespace airgap::testing {

/// A rule's access, direction, protocol, ports, addresses, name or priority, or a rule added or
/// removed.
void edit_nsg(model::Nsg& nsg, std::mt19937& rng, const model::Network& net);
void edit_firewall(model::Firewall& fw, std::mt19937& rng, const model::Network& net);
void edit_routes(model::RouteTable& table, std::mt19937& rng, const model::Network& net);
/// `design` with one of the edits above on a random NSG, the firewall or a random route table;
/// nullopt if the kind drawn has nothing to edit.
std::optional<model::Network> edited_design(const model::Network& design, std::mt19937& rng);

/// Where two versions of an NSG with as many rules differ, rule by rule; nullopt if they have
/// different counts (an edit in place keeps the count).
std::optional<std::vector<std::size_t>> changed_rules(const model::Nsg& before, const model::Nsg& after);

}  // namespace airgap::testing
