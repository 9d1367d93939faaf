// Nsg and SecurityRule: network security groups; the Azure default rules are implicit.
#pragma once

#include <string>
#include <vector>

#include "model/address_match.hpp"
#include "model/shared_list.hpp"
#include "model/source_ref.hpp"

namespace airgap::model {

enum class Direction { inbound, outbound };
enum class Access { allow, deny };
enum class Protocol { any, tcp, udp, icmp, esp, ah };

std::string_view to_string(Direction direction);
std::string_view to_string(Access access);
std::string_view to_string(Protocol protocol);

struct SecurityRule {
  std::string name;
  int priority = 0;
  Direction direction = Direction::outbound;
  Access access = Access::deny;
  Protocol protocol = Protocol::any;
  std::vector<AddressMatch> source_addresses;       // empty never happens: "*" = AnyAddress
  std::vector<std::string> source_asgs;             // application security groups
  std::vector<PortRange> source_port_ranges;
  std::vector<AddressMatch> destination_addresses;
  std::vector<std::string> destination_asgs;
  std::vector<PortRange> destination_port_ranges;
  bool is_default = false;  // one of Azure's 65000+ rules
  SourceRef source;
  bool operator==(const SecurityRule&) const = default;
};

struct Nsg {
  std::string name;
  SharedList<SecurityRule> rules;  // user rules only (see default_rules()); shared by copies
  SourceRef source;
  bool operator==(const Nsg&) const = default;
};

/// Azure's six default rules (azure-semantics §2.2), which end every NSG.
const std::vector<SecurityRule>& default_rules();

}  // namespace airgap::model
