#include "sim/rule_disjoint.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "sim/rule_box.hpp"

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

// The addresses a rule's destination can be, if one prefix (not a tag, "any" or an ASG).
std::optional<std::pair<std::uint32_t, std::uint32_t>> destination_interval(
    const model::SecurityRule& rule) {
  const auto* prefix = single_prefix(rule.destination_addresses);
  if (prefix == nullptr || !rule.destination_asgs.empty()) return std::nullopt;
  return std::pair{prefix->first(), prefix->last()};
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

// The first list's intervals sorted and merged: (n + m) log n, where rule pairs would be n m.
bool destinations_apart(const std::vector<const model::SecurityRule*>& rules, std::size_t from,
                        std::size_t mid, std::size_t to) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> first;
  for (std::size_t i = from; i < mid; ++i) {
    const auto interval = destination_interval(*rules[i]);
    if (!interval) return false;
    first.push_back(*interval);
  }
  std::sort(first.begin(), first.end());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> merged;  // disjoint, sorted by both ends
  for (const auto& interval : first) {
    if (!merged.empty() && interval.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, interval.second);
    } else {
      merged.push_back(interval);
    }
  }
  for (std::size_t j = mid; j < to; ++j) {
    const auto interval = destination_interval(*rules[j]);
    if (!interval) return false;
    // The first merged interval that does not end before this one starts, if any, meets it
    // unless it starts after this one ends.
    const auto it =
        std::lower_bound(merged.begin(), merged.end(), interval->first,
                         [](const auto& kept, std::uint32_t start) { return kept.second < start; });
    if (it != merged.end() && it->first <= interval->second) return false;
  }
  return true;
}

}  // namespace airgap::sim
