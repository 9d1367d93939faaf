// Address plan checks: subnets inside their VNet, no overlaps, reserved subnets, peering overlap.
#include <algorithm>

#include "model/validate_support.hpp"

namespace airgap::model::detail {

namespace {

bool inside_any(const std::vector<Prefix>& space, const Prefix& prefix) {
  return std::any_of(space.begin(), space.end(), [&](const Prefix& p) { return p.contains(prefix); });
}

void check_subnets(const Vnet& vnet, Diagnostics& diags) {
  check_unique(diags, vnet.subnets, fmt::format("subnet in VNet '{}'", vnet.name));
  for (std::size_t i = 0; i < vnet.address_space.size(); ++i) {
    for (std::size_t j = i + 1; j < vnet.address_space.size(); ++j) {
      if (vnet.address_space[i].overlaps(vnet.address_space[j])) {
        diags.error(DiagKind::overlapping_prefix, vnet.source,
                    fmt::format("address space {} of VNet '{}' overlaps {}",
                                vnet.address_space[j].to_string(), vnet.name,
                                vnet.address_space[i].to_string()));
      }
    }
  }
  for (const auto& subnet : vnet.subnets) {
    if (!subnet.has_address) continue;
    if (!vnet.address_space.empty() && !inside_any(vnet.address_space, subnet.address_prefix)) {
      std::vector<std::string> space;
      for (const auto& p : vnet.address_space) space.push_back(p.to_string());
      diags.error(DiagKind::prefix_outside_vnet, subnet.source,
                  fmt::format("subnet '{}' prefix {} is outside the address space of VNet '{}' ({})",
                              subnet.name, subnet.address_prefix.to_string(), vnet.name,
                              fmt::join(space, ", ")),
                  {{"VNet declared here", vnet.source}});
    }
    if (subnet.address_prefix.length > 29) {
      diags.error(DiagKind::invalid_cidr, subnet.source,
                  fmt::format("subnet '{}' is /{}; Azure subnets must be /29 or larger",
                              subnet.name, subnet.address_prefix.length));
    }
  }
  // Sorted sweep: overlaps are found between neighbours in address order.
  std::vector<const Subnet*> sorted;
  for (const auto& subnet : vnet.subnets) {
    if (subnet.has_address) sorted.push_back(&subnet);
  }
  std::sort(sorted.begin(), sorted.end(), [](const Subnet* a, const Subnet* b) {
    return a->address_prefix.first() < b->address_prefix.first();
  });
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    const Subnet& prev = *sorted[i - 1];
    const Subnet& cur = *sorted[i];
    if (cur.address_prefix.first() <= prev.address_prefix.last()) {
      diags.error(DiagKind::overlapping_prefix, cur.source,
                  fmt::format("subnet '{}' ({}) overlaps subnet '{}' ({}) in VNet '{}'", cur.name,
                              cur.address_prefix.to_string(), prev.name,
                              prev.address_prefix.to_string(), vnet.name),
                  {{"overlapped subnet declared here", prev.source}});
    }
  }
}

void check_reserved_subnets(const Vnet& vnet, Diagnostics& diags) {
  for (const auto& subnet : vnet.subnets) {
    if (subnet.name == "AzureFirewallSubnet") {
      if (subnet.address_prefix.length > 26) {
        diags.error(DiagKind::reserved_subnet, subnet.source,
                    fmt::format("AzureFirewallSubnet must be /26 or larger, saw /{}",
                                subnet.address_prefix.length));
      }
      if (!subnet.network_security_group.empty()) {
        diags.error(DiagKind::reserved_subnet, subnet.source,
                    "Azure does not allow an NSG on AzureFirewallSubnet");
      }
    }
    if (subnet.name == "GatewaySubnet") {
      if (subnet.address_prefix.length > 29) {
        diags.error(DiagKind::reserved_subnet, subnet.source,
                    fmt::format("GatewaySubnet must be /29 or larger (/27 recommended), saw /{}",
                                subnet.address_prefix.length));
      }
      if (!subnet.nat_gateway.empty()) {
        diags.error(DiagKind::reserved_subnet, subnet.source,
                    "a NAT gateway cannot be attached to GatewaySubnet");
      }
    }
    auto lower = subnet.name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if ((lower == "azurefirewallsubnet" && subnet.name != "AzureFirewallSubnet") ||
        (lower == "gatewaysubnet" && subnet.name != "GatewaySubnet")) {
      diags.error(DiagKind::reserved_subnet, subnet.source,
                  fmt::format("subnet '{}' must be spelled exactly '{}'", subnet.name,
                              lower == "gatewaysubnet" ? "GatewaySubnet" : "AzureFirewallSubnet"));
    }
  }
}

void check_peerings(const Network& network, const Vnet& vnet, Diagnostics& diags) {
  for (const auto& peering : vnet.peerings) {
    const Vnet* remote = network.find_vnet(peering.remote_virtual_network);
    if (remote == nullptr) {
      // (The names, for a suggestion, only then: a hub's thousands of spokes each check theirs.)
      check_reference(diags, peering.source, "VNet", peering.remote_virtual_network, false, names_of(network.vnets));
      continue;
    }
    if (remote == &vnet) {
      diags.error(DiagKind::invalid_value, peering.source,
                  fmt::format("VNet '{}' cannot peer with itself", vnet.name));
      continue;
    }
    for (const auto& mine : vnet.address_space) {
      for (const auto& theirs : remote->address_space) {
        if (mine.overlaps(theirs)) {
          diags.error(DiagKind::peering_overlap, peering.source,
                      fmt::format("peered VNets '{}' ({}) and '{}' ({}) have overlapping address "
                                  "spaces; Azure refuses the peering",
                                  vnet.name, mine.to_string(), remote->name, theirs.to_string()),
                      {{"remote VNet declared here", remote->source}});
        }
      }
    }
    const bool reciprocal =
        network.find_peering(static_cast<std::size_t>(remote - network.vnets.data()), vnet.name) != nullptr;
    if (!reciprocal) {
      diags.warning(DiagKind::unused, peering.source,
                    fmt::format("peering '{}' has no reciprocal peering from '{}'; Azure leaves it "
                                "'Initiated' and no traffic flows",
                                peering.name, remote->name));
    }
  }
}

}  // namespace

void validate_addressing(const Network& network, Diagnostics& diags) {
  check_unique(diags, network.vnets, "VNet");
  for (const auto& vnet : network.vnets) {
    check_subnets(vnet, diags);
    check_reserved_subnets(vnet, diags);
    check_peerings(network, vnet, diags);
  }
}

}  // namespace airgap::model::detail
