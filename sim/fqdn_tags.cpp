#include "sim/fqdn_tags.hpp"

#include "model/aks_fqdns.hpp"

namespace airgap::sim {

std::optional<std::vector<std::string>> expand_fqdn_tag(const std::string& tag,
                                                        const std::string& region) {
  if (tag == "AzureKubernetesService") return model::aks_required_fqdns(region);
  return std::nullopt;
}

}  // namespace airgap::sim
