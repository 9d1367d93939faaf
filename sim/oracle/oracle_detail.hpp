// Internal pieces of the oracle: three-valued matches and the lookups they need.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/network.hpp"
#include "sim/oracle/oracle.hpp"

namespace airgap::oracle::detail {

enum class Tri { no, maybe, yes };

Tri tri_or(Tri a, Tri b);
Tri tri_and(Tri a, Tri b);

/// A source address that may be any one of [low, high] after a rewrite.
struct SourceRange {
  std::uint32_t low = 0;
  std::uint32_t high = 0;
};

bool in_prefix(std::uint32_t ip, const model::Prefix& p);
std::vector<std::size_t> peers_of(const model::Network& net, std::size_t vnet);
std::vector<const model::VirtualNetworkGateway*> gateways_for(const model::Network& net, std::size_t vnet);

/// Whether the VirtualNetwork tag also holds the VNet's UDR prefixes (community evidence).
enum class Reading { documented, widened };

/// Does the address (or every / some address of a range) fall under the term, seen from `vnet`?
Tri address_in(const model::Network& net, const model::AddressMatch& term, std::size_t vnet,
               SourceRange range, Reading reading);

struct NsgResult {
  bool may_allow = false;
  bool may_deny = false;
  bool uncertain = false;  // some rule's match was an open question
  /// The rule that surely decided, as the engine names it ("NSG 'n' Outbound rule 'r'"); empty
  /// when a match before it, or the readings, left the outcome open.
  std::string decided_by;
};

Tri rule_matches(const model::Network& net, const model::SecurityRule& rule, std::size_t vnet,
                 const std::vector<std::string>& sender_asgs, bool sender_known, SourceRange src,
                 const Probe& probe, Reading reading);

NsgResult nsg_allows(const model::Network& net, const model::Nsg& nsg, model::Direction direction,
               std::size_t vnet, const std::vector<std::string>& sender_asgs, bool sender_known,
               SourceRange src, const Probe& probe);

enum class FirewallAction { deny, allow_no_snat, allow_snat_public, allow_snat_private };
struct FirewallOutcome {
  FirewallAction action = FirewallAction::deny;
  bool assumed = false;
  /// The rule that surely decided, as the engine names it ("network rule 'r' in collection
  /// 'c' (Allow)"); empty for the default deny or an uncertain match.
  std::string decided_by;
};
/// Every action the firewall may take for the packet (more than one when a match is uncertain).
std::vector<FirewallOutcome> firewall_actions(const model::Network& net, const model::Firewall& fw,
                                              std::size_t vnet, SourceRange src, const Probe& probe);

enum class Next { vnet, interface_endpoint, internet, appliance, gateway, service, none };
struct RouteResult {
  Next next = Next::none;
  std::size_t vnet = 0;
  std::optional<std::uint32_t> appliance_ip;
  bool assumed = false;
};
/// The route(s) a subnet picks for `dst` (more than one when a tag's prefixes are unknown).
std::vector<RouteResult> pick_routes(const model::Network& net, model::SubnetId subnet,
                                     std::uint32_t dst);

bool fqdn_match(const std::string& pattern, const std::string& name);

}  // namespace airgap::oracle::detail
