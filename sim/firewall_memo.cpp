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

const FirewallMemo::RuleEntry* FirewallMemo::entry(const model::FirewallRule& rule,
                                                   std::size_t vnet,
                                                   const std::string& region) const {
  auto [it, end] = rules_.equal_range(hash_of(rule, vnet));
  for (; it != end; ++it) {
    const RuleEntry& e = it->second;
    if (e.vnet == vnet && e.region == region && e.rule == rule) return &e;
  }
  return nullptr;
}

FirewallMemo::RuleEntry* FirewallMemo::entry(const model::FirewallRule& rule, std::size_t vnet,
                                             const std::string& region) {
  return const_cast<RuleEntry*>(std::as_const(*this).entry(rule, vnet, region));
}

const TriSet* FirewallMemo::find_rule(const model::FirewallRule& rule, std::size_t vnet,
                                      const std::string& region, TagWorld world) const {
  const RuleEntry* e = entry(rule, vnet, region);
  if (e == nullptr) return nullptr;
  const auto& match = e->match[static_cast<std::size_t>(world)];
  return match ? &*match : nullptr;
}

void FirewallMemo::store_rule(const model::FirewallRule& rule, std::size_t vnet,
                              const std::string& region, TagWorld world, const TriSet& match) {
  RuleEntry* e = entry(rule, vnet, region);
  if (e == nullptr) {
    if (rules_.size() >= limit) rules_.clear();
    e = &rules_.emplace(hash_of(rule, vnet), RuleEntry{rule, vnet, region, {}})->second;
  }
  e->match[static_cast<std::size_t>(world)] = match;
}

const TriSet* FirewallMemo::find_union(const std::vector<int>& ids) const {
  auto it = unions_.find(ids);
  return it == unions_.end() ? nullptr : &it->second.matched;
}

void FirewallMemo::store_union(std::vector<int> ids, const std::vector<TriSet>& matches,
                               const TriSet& matched) {
  if (unions_.size() >= limit) unions_.clear();
  unions_.insert_or_assign(std::move(ids), Union{matches, matched});
}

}  // namespace airgap::sim
