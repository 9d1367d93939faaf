// ServiceTag: a tag whose address prefixes the scenario gives (Azure publishes them weekly).
#pragma once

#include <string>
#include <vector>

#include "model/ip.hpp"
#include "model/source_ref.hpp"

namespace airgap::model {

struct ServiceTag {
  std::string name;
  std::vector<Prefix> address_prefixes;
  SourceRef source;
  bool operator==(const ServiceTag&) const = default;
};

}  // namespace airgap::model
