// The FQDNs behind Azure Firewall's AzureKubernetesService FQDN tag (azure-semantics §7.5).
#pragma once

#include <string>
#include <vector>

namespace airgap::model {

/// AKS required FQDNs for Azure global; `region` fills "*.hcp.<region>.azmk8s.io".
inline std::vector<std::string> aks_required_fqdns(const std::string& region) {
  return {
      "*.hcp." + region + ".azmk8s.io", "mcr.microsoft.com",         "*.data.mcr.microsoft.com",
      "mcr-0001.mcr-msedge.net",        "management.azure.com",      "login.microsoftonline.com",
      "packages.microsoft.com",         "acs-mirror.azureedge.net",  "packages.aks.azure.com",
  };
}

}  // namespace airgap::model
