#include "sim/findings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

namespace airgap::sim {

std::string_view to_string(FindingSeverity severity) {
  switch (severity) {
    case FindingSeverity::error: return "error";
    case FindingSeverity::warning: return "warning";
    case FindingSeverity::note: return "note";
  }
  return "note";
}

const std::vector<FindingKind>& finding_catalogue() {
  static const std::vector<FindingKind> kinds{
      {"AKS-NI-001", "node public IPs give egress even with outbound type none", FindingSeverity::error},
      {"AKS-NI-002", "outbound type is not network isolated", FindingSeverity::warning},
      {"AKS-NI-003", "kubenet is not supported by network isolated clusters", FindingSeverity::error},
      {"AKS-NI-004", "Windows node pools are not supported by network isolated clusters", FindingSeverity::error},
      {"AKS-NI-005", "node OS upgrade channel not supported by network isolated clusters", FindingSeverity::error},
      {"AKS-NI-006", "Kubernetes older than 1.30", FindingSeverity::error},
      {"AKS-NI-007", "extension not supported by network isolated clusters", FindingSeverity::error},
      {"AKS-NI-008", "CSI storage class without a private endpoint needs egress", FindingSeverity::warning},
      {"AKS-NI-009", "Managed Prometheus without Azure Monitor Private Link Scope needs egress", FindingSeverity::warning},
      {"AKS-NI-010", "Container Insights without Azure Monitor Private Link Scope needs egress", FindingSeverity::warning},
      {"AKS-NI-011", "BYO registry is not Premium (private endpoints need Premium)", FindingSeverity::error},
      {"AKS-NI-012", "BYO registry has public network access enabled", FindingSeverity::warning},
      {"AKS-NI-013", "BYO registry lacks the aks-managed-mcr cache rule", FindingSeverity::error},
      {"AKS-NI-014", "outbound type block needs an AKS-managed VNet", FindingSeverity::error},
      {"AKS-NI-015", "node subnet is not private under outbound type none", FindingSeverity::error},
      {"AKS-NI-016", "bootstrap artifacts come from MCR directly (not network isolated)", FindingSeverity::warning},
      {"AKS-NI-017", "node OS upgrade channel outside the FAQ's supported list", FindingSeverity::note},
  };
  return kinds;
}

namespace {

struct Collector {
  std::vector<Finding>& out;
  void add(const char* id, std::string message, const model::SourceRef& at, bool breaks = false) {
    const auto& kinds = finding_catalogue();
    auto kind = std::find_if(kinds.begin(), kinds.end(), [&](const FindingKind& k) { return std::string_view(k.id) == id; });
    out.push_back(Finding{id, kind->title, kind->severity, std::move(message), at, breaks});
  }
};

bool version_below(const std::string& version, int major, int minor) {
  int a = 0, b = 0;
  if (std::sscanf(version.c_str(), "%d.%d", &a, &b) < 2) return false;
  return a < major || (a == major && b < minor);
}

void pool_findings(const model::Network& net, const model::Cluster& c, Collector& f) {
  const bool none_like = c.outbound_type == model::OutboundType::none || c.outbound_type == model::OutboundType::block;
  for (const auto& pool : c.node_pools) {
    if (pool.enable_node_public_ip && none_like) {
      f.add("AKS-NI-001", fmt::format("node pool '{}' has enableNodePublicIP = true: its nodes reach the "
                                      "internet through their instance public IPs even with outboundType {}",
                                      pool.name, to_string(c.outbound_type)),
            pool.source);
    }
    if (pool.os_type == "Windows") {
      f.add("AKS-NI-004", fmt::format("node pool '{}' is a Windows pool", pool.name), pool.source);
    }
    if (c.outbound_type == model::OutboundType::none && !pool.subnet.empty()) {
      auto id = net.find_subnet(pool.subnet);
      if (id && !net.subnet(*id).is_private() && !net.vnets[id->vnet].managed_by_aks) {
        f.add("AKS-NI-015", fmt::format("subnet '{}' of pool '{}' is not private (defaultOutboundAccess {}): "
                                        "nodes get default outbound access",
                                        pool.subnet, pool.name,
                                        net.subnet(*id).default_outbound_access ? "= true" : "not set"),
              net.subnet(*id).source);
      }
    }
  }
}

void registry_findings(const model::Network& net, const model::Cluster& c, Collector& f) {
  if (c.bootstrap_artifact_source != "Cache" || c.registry.empty()) return;
  const auto* acr = net.find_registry(c.registry);
  if (acr == nullptr || acr->managed_by_aks) return;
  if (acr->sku != "Premium") {
    f.add("AKS-NI-011", fmt::format("registry '{}' is {}; private endpoints need Premium", acr->name, acr->sku),
          acr->source, true);
  }
  if (acr->public_network_access) {
    f.add("AKS-NI-012", fmt::format("registry '{}' has publicNetworkAccess enabled; the network isolated "
                                    "cluster guide disables it",
                                    acr->name),
          acr->source);
  }
  const bool has_rule = std::any_of(acr->cache_rules.begin(), acr->cache_rules.end(), [](const model::CacheRule& r) {
    return r.name == "aks-managed-mcr" && r.source_repository == "mcr.microsoft.com/*" &&
           r.target_repository == "aks-managed-repository/*";
  });
  if (!has_rule) {
    f.add("AKS-NI-013", fmt::format("registry '{}' has no cache rule 'aks-managed-mcr' (mcr.microsoft.com/* -> "
                                    "aks-managed-repository/*): node images cannot be pulled through the cache",
                                    acr->name),
          acr->source, true);
  }
}

void feature_findings(const model::Cluster& c, Collector& f) {
  static const std::vector<std::pair<std::string, std::string>> unsupported{
      {"microsoft.dapr", "Dapr"}, {"dapr", "Dapr"},
      {"microsoft.appconfiguration", "Azure App Configuration"},
      {"microsoft.azureml.kubernetes", "Azure Machine Learning"}, {"azureml", "Azure Machine Learning"},
      {"microsoft.flux", "Flux (GitOps)"}, {"flux", "Flux (GitOps)"},
      {"microsoft.dataprotection.kubernetes", "Azure Backup for AKS"}, {"azure-backup", "Azure Backup for AKS"}};
  for (const auto& ext : c.extensions) {
    std::string lower = ext;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    for (const auto& [name, label] : unsupported) {
      if (lower == name) f.add("AKS-NI-007", fmt::format("extension '{}' ({}) is not supported", ext, label), c.source);
    }
  }
  for (const auto& sc : c.storage_classes) {
    const bool csi = sc.provisioner == "file.csi.azure.com" || sc.provisioner == "blob.csi.azure.com";
    if (csi && sc.network_endpoint_type != "privateEndpoint") {
      f.add("AKS-NI-008", fmt::format("storage class '{}' ({}) has no networkEndpointType = \"privateEndpoint\": "
                                      "the driver reaches the storage account's public endpoint",
                                      sc.name, sc.provisioner),
            sc.source);
    }
  }
  if (c.managed_prometheus && c.azure_monitor_private_link_scope.empty()) {
    f.add("AKS-NI-009", "managedPrometheus is on but no azureMonitorPrivateLinkScope (AMPLS) is set: metrics need "
                        "a private link path to the Azure Monitor workspace",
          c.source);
  }
  if (c.container_insights && c.azure_monitor_private_link_scope.empty()) {
    f.add("AKS-NI-010", "containerInsights is on but no azureMonitorPrivateLinkScope (AMPLS) is set", c.source);
  }
}

}  // namespace

std::vector<Finding> cluster_findings(const model::Network& net, const model::Network& design) {
  std::vector<Finding> out;
  if (!net.cluster) return out;
  const auto& c = *net.cluster;
  Collector f{out};
  const bool isolated_type = c.outbound_type == model::OutboundType::none || c.outbound_type == model::OutboundType::block;
  if (!isolated_type) {
    f.add("AKS-NI-002", fmt::format("outboundType {} is not network isolated: AKS may provision egress",
                                    to_string(c.outbound_type)),
          c.source);
  }
  if (c.network_plugin == "kubenet") f.add("AKS-NI-003", "networkPlugin = \"kubenet\"", c.source);
  if (c.node_os_upgrade_channel == "Unmanaged") {
    f.add("AKS-NI-005", "nodeOsUpgradeChannel = \"Unmanaged\" is not supported", c.source);
  } else if (c.node_os_upgrade_channel == "SecurityPatch") {
    f.add("AKS-NI-017", "nodeOsUpgradeChannel = \"SecurityPatch\": the limitations allow it, but the FAQ lists "
                        "only NodeImage and None as supported (azure-semantics ⚠b)",
          c.source);
  }
  if (version_below(c.kubernetes_version, 1, 30)) {
    f.add("AKS-NI-006", fmt::format("kubernetesVersion {} is older than 1.30", c.kubernetes_version), c.source);
  }
  if (c.outbound_type == model::OutboundType::block && design.cluster) {
    const bool byo = std::any_of(design.cluster->node_pools.begin(), design.cluster->node_pools.end(),
                                 [](const model::NodePool& p) { return !p.subnet.empty(); });
    if (byo) f.add("AKS-NI-014", "outboundType block on a BYO VNet is not supported", c.source);
  }
  if (c.bootstrap_artifact_source != "Cache") {
    f.add("AKS-NI-016", "bootstrapArtifactSource = \"Direct\": node artifacts come from mcr.microsoft.com over egress",
          c.source);
  }
  pool_findings(net, c, f);
  registry_findings(net, c, f);
  feature_findings(c, f);
  return out;
}

}  // namespace airgap::sim
