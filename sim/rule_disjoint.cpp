#include "sim/rule_disjoint.hpp"

#include <algorithm>

namespace airgap::sim {

namespace {

bool ports_unconstrained(const std::vector<model::PortRange>& ranges) {
  return ranges.empty() ||
         std::any_of(ranges.begin(), ranges.end(), [](const auto& r) { return r.is_any(); });
}

bool ports_disjoint(const std::vector<model::PortRange>& a,
                    const std::vector<model::PortRange>& b) {
  if (ports_unconstrained(a) || ports_unconstrained(b)) return false;
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (x.low <= y.high && y.low <= x.high) return false;
    }
  }
  return true;
}

bool addresses_disjoint(const std::vector<model::AddressMatch>& a,
                        const std::vector<std::string>& a_asgs,
                        const std::vector<model::AddressMatch>& b,
                        const std::vector<std::string>& b_asgs) {
  if (!a_asgs.empty() || !b_asgs.empty()) return false;  // (an ASG may stand for any address)
  const auto prefix = [](const model::AddressMatch& term) {
    return std::get_if<model::Prefix>(&term);
  };
  for (const auto& x : a) {
    if (prefix(x) == nullptr) return false;
    for (const auto& y : b) {
      if (prefix(y) == nullptr || prefix(x)->overlaps(*prefix(y))) return false;
    }
  }
  return true;
}

}  // namespace

bool surely_disjoint(const model::SecurityRule& a, const model::SecurityRule& b) {
  if (a.protocol != model::Protocol::any && b.protocol != model::Protocol::any &&
      a.protocol != b.protocol)
    return true;
  return ports_disjoint(a.destination_port_ranges, b.destination_port_ranges) ||
         ports_disjoint(a.source_port_ranges, b.source_port_ranges) ||
         addresses_disjoint(a.destination_addresses, a.destination_asgs, b.destination_addresses,
                            b.destination_asgs) ||
         addresses_disjoint(a.source_addresses, a.source_asgs, b.source_addresses, b.source_asgs);
}

}  // namespace airgap::sim
