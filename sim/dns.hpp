// Name resolution from a VNet (azure-semantics §6.2): private DNS zones linked to the VNet answer
// privatelink names with private endpoint addresses; otherwise the public address is used.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/network.hpp"

namespace airgap::sim {

enum class Resolution { private_address, public_address, nxdomain };

struct DnsAnswer {
  Resolution kind = Resolution::public_address;
  model::Ipv4 address;        // for private_address
  std::string explanation;    // one line: which zone and record decided
  model::SourceRef at;
  std::vector<std::string> assumptions;
};

/// Resolves `privatelink_name` (e.g. "myacr.privatelink.azurecr.io", the CNAME target of the
/// public name) as seen from VNet `vnet`.
DnsAnswer resolve_private_name(const model::Network& network, std::size_t vnet,
                               const std::string& privatelink_name);

}  // namespace airgap::sim
