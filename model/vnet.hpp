// Vnet, Subnet and Peering: the address plan and its attachments, as in ARM.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/ip.hpp"
#include "model/source_ref.hpp"

namespace airgap::model {

enum class PeNetworkPolicies { disabled, nsg_enabled, route_table_enabled, enabled };

struct Subnet {
  std::string name;
  Prefix address_prefix;
  std::string network_security_group;  // NSG name, empty = none
  std::string route_table;             // route table name, empty = none
  std::string nat_gateway;             // NAT gateway name, empty = none
  std::vector<std::string> delegations;       // service names, e.g. Microsoft.ContainerService/managedClusters
  std::optional<bool> default_outbound_access;  // unset = Azure's pre-2026 default: not private
  PeNetworkPolicies private_endpoint_network_policies = PeNetworkPolicies::disabled;
  std::vector<std::string> service_endpoints;  // e.g. Microsoft.Storage
  SourceRef source;
  bool has_address = true;  // false when addressPrefix was missing or invalid (checks skip it)

  /// A private subnet has default outbound access explicitly off.
  bool is_private() const { return default_outbound_access.has_value() && !*default_outbound_access; }
  bool operator==(const Subnet&) const = default;
};

struct Peering {
  std::string name;
  std::string remote_virtual_network;
  bool allow_virtual_network_access = true;
  bool allow_forwarded_traffic = false;
  bool allow_gateway_transit = false;
  bool use_remote_gateways = false;
  SourceRef source;
  bool operator==(const Peering&) const = default;
};

struct Vnet {
  std::string name;
  std::vector<Prefix> address_space;
  std::vector<Ipv4> dns_servers;  // empty = Azure-provided DNS (168.63.129.16)
  std::vector<Subnet> subnets;
  std::vector<Peering> peerings;
  bool managed_by_aks = false;  // an AKS-managed VNet (created by the cluster)
  SourceRef source;

  const Subnet* find_subnet(std::string_view subnet_name) const;
  bool operator==(const Vnet&) const = default;
};

}  // namespace airgap::model
