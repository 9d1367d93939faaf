// NameUniverse: the finite set of destination-name classes a scenario can tell apart.
//
// Every FQDN or wildcard pattern the scenario mentions (firewall rules, FQDN tags, registry and
// API-server names, expectations) partitions the infinite space of names into classes that no
// rule can split. Each class gets an index and a representative name: a listed FQDN itself, a
// synthetic "<label>.<suffix>" for names only a wildcard covers, and index 0 for names nothing
// lists. Membership in a pattern is decided on the representative, which is exact because
// every name of a class matches the same patterns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace airgap::sim {

/// Azure Firewall FQDN match: "*" any name, "*.suffix" proper subdomains, else exact; case-blind.
bool fqdn_matches(std::string_view pattern, std::string_view name);

class NameUniverse {
 public:
  NameUniverse();

  /// Registers a pattern or a concrete name; call before finalize().
  void add(std::string_view pattern);
  /// Builds the classes; after this, indexes are stable.
  void finalize();

  std::uint32_t size() const { return static_cast<std::uint32_t>(representatives_.size()); }
  const std::string& representative(std::uint32_t index) const { return representatives_[index]; }
  bool is_synthetic(std::uint32_t index) const { return synthetic_[index]; }
  /// Indexes of every class whose names match `pattern`.
  std::vector<std::uint32_t> matching(std::string_view pattern) const;
  /// Index of a concrete name's class.
  std::uint32_t class_of(std::string_view name) const;

 private:
  std::vector<std::string> patterns_;
  std::vector<std::string> representatives_;
  std::vector<bool> synthetic_;
  std::unordered_map<std::string, std::uint32_t> exact_;
};

}  // namespace airgap::sim
