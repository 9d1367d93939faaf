// ContainerRegistry: an ACR, its public access switch and its artifact cache rules.
#pragma once

#include <string>
#include <vector>

#include "model/source_ref.hpp"

namespace airgap::model {

struct CacheRule {
  std::string name;
  std::string source_repository;
  std::string target_repository;
  SourceRef source;
  bool operator==(const CacheRule&) const = default;
};

struct ContainerRegistry {
  std::string name;
  std::string sku = "Premium";
  bool public_network_access = true;  // ARM default "Enabled"
  bool data_endpoint_enabled = true;  // dedicated data endpoints (automatic with a PE)
  std::vector<CacheRule> cache_rules;
  bool managed_by_aks = false;  // the AKS-managed bootstrap registry
  SourceRef source;

  std::string login_fqdn() const { return name + ".azurecr.io"; }
  std::string data_fqdn(const std::string& region) const {
    return name + "." + region + ".data.azurecr.io";
  }
  bool operator==(const ContainerRegistry&) const = default;
};

}  // namespace airgap::model
