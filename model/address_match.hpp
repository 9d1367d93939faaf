// AddressMatch: one NSG / firewall / route address term: any, a prefix, or a service tag by name.
#pragma once

#include <string>
#include <variant>

#include "model/ip.hpp"

namespace airgap::model {

struct AnyAddress {
  bool operator==(const AnyAddress&) const = default;
};
struct ServiceTagRef {
  std::string name;  // e.g. "Internet", "VirtualNetwork", "AzureCloud.westeurope"
  bool operator==(const ServiceTagRef&) const = default;
};
using AddressMatch = std::variant<AnyAddress, Prefix, ServiceTagRef>;

std::string to_string(const AddressMatch& match);

}  // namespace airgap::model
