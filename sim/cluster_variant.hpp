// Cluster variants: what AKS itself puts into the network for an outbound type and an API-server
// mode (azure-semantics §4.2, §7, §8), and whether AKS would accept the combination at all.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/network.hpp"

namespace airgap::sim {

struct Variant {
  model::OutboundType outbound = model::OutboundType::none;
  model::ApiServerAccess api = model::ApiServerAccess::private_link;
  std::string label() const;  // "none/privateLink"
  bool operator==(const Variant&) const = default;
};

/// The registry and API-server names nodes use, after materialization.
struct ClusterEndpoints {
  std::string api_fqdn;            // what nodes dial for the API server
  std::string api_endpoint;        // endpoint sink name when private, empty when public
  std::string registry;            // registry name, empty when artifacts come from MCR directly
  bool registry_managed = false;
  bool operator==(const ClusterEndpoints&) const = default;
};

/// The names a cluster's API server can have, whatever its mode: the public FQDN, the Private
/// Link one in the system zone, and the one in a BYO private DNS zone (empty without one).
struct ApiServerNames {
  std::string public_fqdn;
  std::string private_link;
  std::string byo_zone;
};
ApiServerNames api_server_names(const model::Cluster& cluster);

struct MaterializedVariant {
  Variant variant;
  model::Network network;  // the design plus what AKS provisions for this variant
  ClusterEndpoints endpoints;
  std::vector<std::string> not_deployable;  // reasons AKS would refuse it; empty = deployable
  std::vector<std::string> notes;           // what AKS added, for reports
};

/// The same materialized network but for the outbound type's name, which nothing but findings
/// and the sweep's cell read: variants that provision nothing share one proof.
bool same_network(const model::Network& a, const model::Network& b);

/// `network` must have a cluster. The result's cluster has `variant` applied.
MaterializedVariant materialize(const model::Network& network, const Variant& variant);
/// The variant the scenario writes down.
Variant as_written(const model::Network& network);

bool uses_managed_vnet(const model::Network& network);
/// Gives private endpoints without addresses free ones from the top of their subnet (two for a
/// registry: login and data); the low addresses are left to node NICs.
void assign_missing_addresses(model::Network& network);

}  // namespace airgap::sim
