#include "sim/name_universe.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace airgap::sim {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// A label no real scenario uses, so a synthetic representative never equals a listed name.
constexpr std::string_view synthetic_label = "unlisted-host-a1rg4p";

}  // namespace

bool fqdn_matches(std::string_view pattern, std::string_view name) {
  const std::string p = lower(pattern);
  const std::string n = lower(name);
  if (p == "*") return true;
  if (p.size() > 1 && p[0] == '*') {
    std::string_view suffix = std::string_view(p).substr(1);  // ".contoso.com" or "contoso.com"
    return n.size() > suffix.size() && n.ends_with(suffix);
  }
  return p == n;
}

NameUniverse::NameUniverse() {
  representatives_.emplace_back(fmt::format("{}.invalid", synthetic_label));
  synthetic_.push_back(true);
}

void NameUniverse::add(std::string_view pattern) {
  if (!pattern.empty()) patterns_.push_back(lower(pattern));
}

void NameUniverse::finalize() {
  std::set<std::string> concrete, wildcard_suffixes;
  for (const auto& p : patterns_) {
    if (p == "*") continue;
    if (p[0] == '*') {
      wildcard_suffixes.insert(p.substr(1));
    } else {
      concrete.insert(p);
    }
  }
  for (const auto& name : concrete) {
    exact_.emplace(name, static_cast<std::uint32_t>(representatives_.size()));
    representatives_.push_back(name);
    synthetic_.push_back(false);
  }
  for (const auto& suffix : wildcard_suffixes) {
    std::string rep = fmt::format("{}{}{}", synthetic_label, suffix[0] == '.' ? "" : ".", suffix);
    if (exact_.contains(rep)) continue;
    exact_.emplace(rep, static_cast<std::uint32_t>(representatives_.size()));
    representatives_.push_back(rep);
    synthetic_.push_back(true);
  }
}

std::vector<std::uint32_t> NameUniverse::matching(std::string_view pattern) const {
  // fqdn_matches on every representative, without its per-call lowering (representatives are
  // lower case): a firewall's application rules ask this once per FQDN.
  const std::string p = lower(pattern);
  std::vector<std::uint32_t> out;
  if (p == "*") {
    for (std::uint32_t i = 0; i < size(); ++i) out.push_back(i);
  } else if (p.size() > 1 && p[0] == '*') {
    const std::string_view suffix = std::string_view(p).substr(1);
    for (std::uint32_t i = 0; i < size(); ++i) {
      const std::string& name = representatives_[i];
      if (name.size() > suffix.size() && name.ends_with(suffix)) out.push_back(i);
    }
  } else if (p == representatives_[0]) {
    out.push_back(0);
  } else if (auto it = exact_.find(p); it != exact_.end()) {
    out.push_back(it->second);  // representatives are distinct: one class at most
  }
  return out;
}

std::uint32_t NameUniverse::class_of(std::string_view name) const {
  auto it = exact_.find(lower(name));
  if (it != exact_.end()) return it->second;
  // A name nobody listed falls in the class of the most specific wildcard covering it.
  std::uint32_t best = 0;
  std::size_t best_length = 0;
  for (std::uint32_t i = 1; i < size(); ++i) {
    if (!synthetic_[i]) continue;
    std::string_view suffix = std::string_view(representatives_[i]).substr(synthetic_label.size());
    if (fqdn_matches(fmt::format("*{}", suffix), name) && suffix.size() > best_length) {
      best = i;
      best_length = suffix.size();
    }
  }
  return best;
}

}  // namespace airgap::sim
