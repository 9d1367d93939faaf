// FirewallMemo: a firewall's evaluated rules, kept between rebuilds of its stage.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/firewall.hpp"
#include "sim/address_space.hpp"
#include "sim/forwarding_graph.hpp"
#include "sim/tri_set.hpp"

namespace airgap::sim {

/// What each firewall rule matches, per VNet and tag reading, and the unions of a collection's
/// rules. An edit of one rule rebuilds the firewall's stage; the rules it left alone are found
/// here instead of being evaluated again, and a collection whose rules all match as before
/// finds its union. Rules are found by their content, never by address; the sets are over one
/// analysis's address space and names, so whoever replaces those clears the memo.
class FirewallMemo {
 public:
  /// What `rule` matches under both readings (documented, widened): remembered, or
  /// `evaluate`d once and kept. `found`, if given, gets a token of the rule's content (equal
  /// tokens: equal rules) that stays valid until the memo lets its rules go.
  std::array<TriSet, 2> rule_matches(const model::FirewallRule& rule, std::size_t vnet, const std::string& region,
                                     const std::function<TriSet(TagWorld)>& evaluate, const void** found = nullptr);
  /// The union of a collection's rule matches, in rule order: remembered by their sets' ids.
  TriSet union_of(const std::vector<TriSet>& matches);
  /// A collection's rule details (one attribution per rule, in order), remembered by what they
  /// are made of: the collection's name and action, the rule type, and its rules' tokens.
  using Details = std::shared_ptr<const std::vector<Attribution>>;
  struct DetailsKey {
    std::string collection;
    bool allow = true;
    bool application = false;
    std::vector<const void*> rules;
    auto operator<=>(const DetailsKey&) const = default;
  };
  Details details(const DetailsKey& key, const std::function<Details()>& build);
  /// Counts the times the memo let its rules go: tokens taken in another generation are stale.
  std::uint64_t generation() const { return generation_; }
  void clear() {
    forget_rules();
    unions_.clear();
  }

 private:
  struct RuleEntry {
    model::FirewallRule rule;
    std::size_t vnet;
    std::string region;                          // FQDN tags expand per region
    std::optional<std::array<TriSet, 2>> match;  // per TagWorld
  };
  static std::size_t hash_of(const model::FirewallRule& rule, std::size_t vnet);
  RuleEntry& entry(const model::FirewallRule& rule, std::size_t vnet, const std::string& region);
  void forget_rules();  // and the details whose keys name them: their tokens are stale

  static constexpr std::size_t limit = 16384;  // rules, or unions; past it, all go
  std::unordered_multimap<std::size_t, RuleEntry> rules_;
  struct Union {
    std::vector<TriSet> matches;  // what the key's ids name: kept alive, so the ids stay theirs
    TriSet matched;
  };
  std::map<std::vector<int>, Union> unions_;
  std::map<DetailsKey, Details> details_;
  std::uint64_t generation_ = 0;
};

}  // namespace airgap::sim
