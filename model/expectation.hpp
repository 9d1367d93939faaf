// Expectation: one [[expect]] line, a reachability claim the scenario asks airgap to hold.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/ip.hpp"
#include "model/nsg.hpp"
#include "model/source_ref.hpp"

namespace airgap::model {

enum class ExpectedVerdict { reachable, unreachable, unknown, isolated, egress, bootstrap_broken,
                             not_deployable };

std::string_view to_string(ExpectedVerdict verdict);

struct Expectation {
  std::string from;  // node pool name, or "vnet/subnet"
  std::string to;    // "internet", "apiserver", "registry", an address, a prefix, an FQDN, "vnet/subnet"
  std::optional<Protocol> protocol;
  std::vector<PortRange> ports;
  ExpectedVerdict verdict = ExpectedVerdict::unreachable;
  std::vector<std::string> variants;  // "outboundType/apiMode" patterns; empty = as written
  SourceRef source;
  bool operator==(const Expectation&) const = default;
};

}  // namespace airgap::model
