// The concrete-packet oracle: a deliberately simple second implementation of Azure forwarding.
//
// It pushes ONE packet through a (materialized) design with linear scans: first-match NSG rules,
// longest-prefix match over a plain list of routes, firewall rules in order. It shares no
// evaluation code with the symbolic engine (only the model), so agreement between the two is
// evidence, not tautology. Where azure-semantics leaves a choice open, the oracle explores both
// branches; a packet's fate is then the set of stages each branch visits.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "model/network.hpp"

namespace airgap::oracle {

struct Probe {
  std::uint32_t src = 0;
  std::uint32_t dst = 0;
  std::uint8_t protocol = 6;
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::string name;  // the FQDN the client asked for; empty when none
};

/// One way the packet may go: the stage keys it visited ("deliver:vnet/subnet",
/// "endpoint:NAME", "internet", "platform", "drop", ...) and whether any open question was
/// decided along the way.
struct Branch {
  std::set<std::string> visited;
  bool assumed = false;
  /// The NSG and firewall rules that surely decided the packet on its way, as the engine's
  /// witness hops name them ("NSG 'n' Outbound rule 'r'", "network rule 'r' in collection 'c'
  /// (Allow)").
  std::vector<std::string> decided_by;
};

struct Fate {
  std::vector<Branch> branches;
  bool deterministic() const { return branches.size() == 1 && !branches.front().assumed; }
  bool surely_visits(const std::string& key) const;
  bool possibly_visits(const std::string& key) const;
};

/// `from` is a node pool name or "vnet/subnet". The network must be materialized (AKS objects
/// and private endpoint addresses present).
Fate run(const model::Network& network, const std::string& from, const Probe& probe);

}  // namespace airgap::oracle
