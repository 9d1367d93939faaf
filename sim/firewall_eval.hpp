// Azure Firewall evaluation (azure-semantics §5): network rules before application rules
// whatever the priorities, collection groups then collections by priority, first match,
// infrastructure collection, default deny; SNAT to the public IP for public destinations, and
// always for application rules.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/firewall.hpp"
#include "model/network.hpp"
#include "sim/address_space.hpp"
#include "sim/forwarding_graph.hpp"
#include "sim/name_universe.hpp"

namespace airgap::sim {

/// What one rule collection (of one rule type) decided. `rules` (documented reading only): one
/// attribution per rule, in order, with everything the rule matches (not first-match
/// restricted), which says which rule decided a packet; shared, since most rebuilds leave a
/// collection as it was.
struct FirewallShare {
  TriSet packets;
  const model::RuleCollection* collection = nullptr;  // null for the default deny
  std::string description;
  std::shared_ptr<const std::vector<Attribution>> rules;
};

struct FirewallDecision {
  TriSet forwarded_no_snat;      // network rules, private destinations
  TriSet forwarded_snat_public;  // leaves with a firewall public IP as source
  TriSet forwarded_snat_private; // application rules to private destinations
  TriSet denied;                 // over both tag readings
  std::vector<FirewallShare> allowed_by;
  std::vector<FirewallShare> denied_by;
};

class FirewallMemo;

/// `memo` (may be null) keeps evaluated rule collections between calls over the same address
/// space and names.
FirewallDecision evaluate_firewall(const model::Firewall& firewall, const AddressSpace& space,
                                   const NameUniverse& names, std::size_t vnet, const std::string& region,
                                   FirewallMemo* memo = nullptr);

/// Destinations the firewall does not SNAT for network rules (§5.3).
PacketSet firewall_private_ranges(const model::Firewall& firewall);

}  // namespace airgap::sim
