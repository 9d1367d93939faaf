// Cluster and NodePool: the AKS managed cluster whose isolation airgap proves.
#pragma once

#include <string>
#include <vector>

#include "model/source_ref.hpp"

namespace airgap::model {

enum class OutboundType {
  load_balancer,
  managed_nat_gateway,
  user_assigned_nat_gateway,
  user_defined_routing,
  none,
  block,
};
enum class ApiServerAccess { private_link, vnet_integration, public_access };

std::string_view to_string(OutboundType type);  // ARM spelling
std::string_view to_string(ApiServerAccess access);
inline constexpr OutboundType all_outbound_types[] = {
    OutboundType::load_balancer,         OutboundType::managed_nat_gateway,
    OutboundType::user_assigned_nat_gateway, OutboundType::user_defined_routing,
    OutboundType::none,                  OutboundType::block};
inline constexpr ApiServerAccess all_api_server_modes[] = {
    ApiServerAccess::private_link, ApiServerAccess::vnet_integration,
    ApiServerAccess::public_access};

struct NodePool {
  std::string name;
  std::string subnet;  // "vnet/subnet"; empty = the AKS-managed VNet's node subnet
  std::string os_type = "Linux";
  std::string mode = "System";
  bool enable_node_public_ip = false;
  int count = 1;
  std::vector<std::string> application_security_groups;
  std::string nic_network_security_group;  // set by AKS (materialized per variant), not by users
  SourceRef source;
  bool operator==(const NodePool&) const = default;
};

struct StorageClass {
  std::string name;
  std::string provisioner;             // file.csi.azure.com, blob.csi.azure.com, disk.csi.azure.com
  std::string network_endpoint_type;   // "privateEndpoint" or empty
  SourceRef source;
  bool operator==(const StorageClass&) const = default;
};

struct Cluster {
  std::string name;
  std::string location = "westeurope";
  std::string kubernetes_version = "1.31";
  OutboundType outbound_type = OutboundType::load_balancer;
  ApiServerAccess api_server_access = ApiServerAccess::public_access;
  std::string bootstrap_artifact_source = "Direct";  // Direct | Cache
  std::string network_plugin = "azure";
  std::string network_plugin_mode;                    // overlay or empty
  std::string node_os_upgrade_channel = "NodeImage";
  std::string upgrade_channel = "none";
  std::string registry;            // ContainerRegistry name; empty with Cache = AKS-managed
  std::string api_server_subnet;   // "vnet/subnet" for vnetIntegration on a BYO VNet
  std::string private_dns_zone = "system";  // system | none | a zone name
  std::vector<std::string> addons;      // e.g. monitoring, azure-keyvault-secrets-provider
  std::vector<std::string> extensions;  // e.g. microsoft.dapr, microsoft.flux
  std::vector<StorageClass> storage_classes;
  bool managed_prometheus = false;
  bool container_insights = false;
  std::string azure_monitor_private_link_scope;  // AMPLS name, empty = none
  std::vector<NodePool> node_pools;
  SourceRef source;
  bool operator==(const Cluster&) const = default;
};

}  // namespace airgap::model
