#include "sim/firewall_memo.hpp"

namespace airgap::sim {

std::size_t FirewallMemo::hash_of(const model::FirewallRule& rule, std::size_t vnet) {
  // Name, type and the sizes of its lists: equal rules hash equal; equality decides a hit.
  std::size_t h = std::hash<std::string>{}(rule.name);
  for (std::size_t part :
       {static_cast<std::size_t>(rule.rule_type), rule.source_addresses.size(),
        rule.destination_addresses.size(), rule.destination_fqdns.size(),
        rule.destination_ports.size(), rule.target_fqdns.size(), rule.protocols.size(), vnet}) {
    h = h * 1000003u ^ part;
  }
  return h;
}

FirewallMemo::RuleEntry& FirewallMemo::entry(const model::FirewallRule& rule, std::size_t vnet,
                                             const std::string& region) {
  const std::size_t hash = hash_of(rule, vnet);
  for (auto [it, end] = rules_.equal_range(hash); it != end; ++it) {
    RuleEntry& e = it->second;
    if (e.vnet == vnet && e.region == region && e.rule == rule) return e;
  }
  if (rules_.size() >= limit) forget_rules();
  return rules_.emplace(hash, RuleEntry{rule, vnet, region, {}})->second;
}

void FirewallMemo::forget_rules() {
  rules_.clear();
  details_.clear();
  ++generation_;
}

std::array<TriSet, 2> FirewallMemo::rule_matches(const model::FirewallRule& rule, std::size_t vnet,
                                                 const std::string& region,
                                                 const std::function<TriSet(TagWorld)>& evaluate, const void** found) {
  RuleEntry& e = entry(rule, vnet, region);
  if (!e.match) e.match = std::array<TriSet, 2>{evaluate(tag_worlds[0]), evaluate(tag_worlds[1])};
  if (found != nullptr) *found = &e;  // (map nodes stay put until erased)
  return *e.match;
}

FirewallMemo::Details FirewallMemo::details(const DetailsKey& key, const std::function<Details()>& build) {
  if (auto it = details_.find(key); it != details_.end()) return it->second;
  if (details_.size() >= limit) details_.clear();
  return details_.emplace(key, build()).first->second;
}

TriSet FirewallMemo::union_of(const std::vector<TriSet>& matches) {
  std::vector<int> ids;
  ids.reserve(2 * matches.size());
  for (const auto& m : matches) {
    ids.push_back(m.may.id());
    ids.push_back(m.must.id());
  }
  if (auto it = unions_.find(ids); it != unions_.end()) return it->second.matched;
  TriSet matched;
  for (const auto& m : matches) matched |= m;
  if (unions_.size() >= limit) unions_.clear();
  unions_.emplace(std::move(ids), Union{matches, matched});
  return matched;
}

}  // namespace airgap::sim
