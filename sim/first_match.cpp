#include "sim/first_match.hpp"

namespace airgap::sim {

std::vector<TriSet> first_match(const std::vector<TriSet>& matches, const TriSet& input,
                                TriSet* rest) {
  std::vector<TriSet> selected;
  selected.reserve(matches.size());
  TriSet remaining = input;
  for (const auto& match : matches) {
    selected.push_back(remaining & match);
    remaining = remaining - match;
  }
  if (rest != nullptr) *rest = remaining;
  return selected;
}

}  // namespace airgap::sim
