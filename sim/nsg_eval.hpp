// NSG evaluation: which packets one NSG allows in one direction, and which rule decided each.
#pragma once

#include <string>
#include <vector>

#include "model/nsg.hpp"
#include "sim/address_space.hpp"
#include "sim/first_match.hpp"

namespace airgap::sim {

/// One rule's share of a first-match evaluation: the packets it decided.
struct RuleShare {
  TriSet packets;
  const model::SecurityRule* rule = nullptr;
};

struct NsgDecision {
  TriSet allowed;                     // sure in both tag readings .. possible in either
  TriSet denied;
  std::vector<RuleShare> allowed_by;  // allow rules with a non-empty share (documented reading)
  std::vector<RuleShare> denied_by;   // deny rules with a non-empty share (documented reading)
  bool readings_differ = false;       // the VirtualNetwork tag reading changes the outcome
};

/// Where the NSG sits and who sends: the VNet that gives tags their meaning, and the
/// application security groups of the NIC the traffic comes from.
struct NsgContext {
  std::size_t vnet = 0;
  std::vector<std::string> source_asgs;
  bool source_known = true;  // false for inbound NSGs: the sender's ASGs are not known there
};

/// The packets a rule matches (protocol, addresses or ASGs, ports).
TriSet rule_match(const model::SecurityRule& rule, const AddressSpace& space,
                  const NsgContext& context, TagWorld world);

/// First match over the user rules by priority, then Azure's default rules.
NsgDecision evaluate_nsg(const model::Nsg& nsg, model::Direction direction,
                         const AddressSpace& space, const NsgContext& context);

PacketSet protocol_set(model::Protocol protocol);

/// What an NSG's outbound rules naming AzurePlatformDNS / AzurePlatformIMDS / AzurePlatformLKM
/// deny (the only rules that apply to 168.63.129.16 and IMDS), first match among them.
TriSet platform_denied(const model::Nsg& nsg, const NsgContext& context, const AddressSpace& space);

}  // namespace airgap::sim
