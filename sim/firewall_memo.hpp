// FirewallMemo: a firewall's evaluated rules, kept between rebuilds of its stage.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/firewall.hpp"
#include "sim/address_space.hpp"
#include "sim/tri_set.hpp"

namespace airgap::sim {

/// What each firewall rule matches, per VNet and tag reading, and the unions of a collection's
/// rules. An edit of one rule rebuilds the firewall's stage; the rules it left alone are found
/// here instead of being evaluated again, and a collection whose rules all match as before
/// finds its union. Rules are found by their content, never by address; the sets are over one
/// analysis's address space and names, so whoever replaces those clears the memo.
class FirewallMemo {
 public:
  /// What `rule` matches in this reading: remembered, or `evaluate`d once and kept.
  TriSet rule_match(const model::FirewallRule& rule, std::size_t vnet, const std::string& region, TagWorld world,
                    const std::function<TriSet()>& evaluate);
  /// The union of a collection's rule matches, in rule order: remembered by their sets' ids.
  TriSet union_of(const std::vector<TriSet>& matches);
  void clear() {
    rules_.clear();
    unions_.clear();
  }

 private:
  struct RuleEntry {
    model::FirewallRule rule;
    std::size_t vnet;
    std::string region;                          // FQDN tags expand per region
    std::array<std::optional<TriSet>, 2> match;  // per TagWorld
  };
  static std::size_t hash_of(const model::FirewallRule& rule, std::size_t vnet);
  RuleEntry& entry(const model::FirewallRule& rule, std::size_t vnet, const std::string& region);

  static constexpr std::size_t limit = 16384;  // rules, or unions; past it, all go
  std::unordered_multimap<std::size_t, RuleEntry> rules_;
  struct Union {
    std::vector<TriSet> matches;  // what the key's ids name: kept alive, so the ids stay theirs
    TriSet matched;
  };
  std::map<std::vector<int>, Union> unions_;
};

}  // namespace airgap::sim
