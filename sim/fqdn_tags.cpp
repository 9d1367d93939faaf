#include "sim/fqdn_tags.hpp"

namespace airgap::sim {

std::optional<std::vector<std::string>> expand_fqdn_tag(const std::string& tag,
                                                        const std::string& region) {
  if (tag == "AzureKubernetesService") {
    // AKS required FQDNs, Azure global (azure-semantics §7.5, outbound-rules-control-egress).
    return std::vector<std::string>{
        "*.hcp." + region + ".azmk8s.io",
        "mcr.microsoft.com",
        "*.data.mcr.microsoft.com",
        "mcr-0001.mcr-msedge.net",
        "management.azure.com",
        "login.microsoftonline.com",
        "packages.microsoft.com",
        "acs-mirror.azureedge.net",
        "packages.aks.azure.com",
    };
  }
  return std::nullopt;
}

}  // namespace airgap::sim
