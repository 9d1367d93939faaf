// The box of an NSG rule: most rules name one prefix (or any address) per side, one port range
// (or none) per side and one protocol (or any), and their set is then a box of headers, built
// node by node instead of by a conjunction of field sets.
#pragma once

#include <optional>
#include <vector>

#include "model/nsg.hpp"
#include "sim/header_space.hpp"

namespace airgap::sim {

/// The one prefix an address list names, or nullptr (several terms, "any", a service tag).
const model::Prefix* single_prefix(const std::vector<model::AddressMatch>& terms);

/// The rule's set as a box, or nullopt when it is not one (several prefixes or ranges, a
/// service tag, an ASG, or ports on a protocol that may have none).
std::optional<HeaderBox> rule_box(const model::SecurityRule& rule);

}  // namespace airgap::sim
