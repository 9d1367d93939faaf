#include "sim/blockers.hpp"

#include <algorithm>
#include <tuple>

namespace airgap::sim {

namespace {

constexpr std::size_t rules_named = 8;  // per blocker, at most

Blocker find_blocker(const Edge& edge, const PacketSet& here, const NameUniverse& names,
                     SummaryMemo& summaries) {
  Blocker blocker{edge.description, edge.source, summaries(here, names), {}};
  for_each_because(edge, [&](const Attribution& because) {
    if (!because.packets.may.intersects(here)) return;
    bool named = false;
    const PacketSet stopped_here = because.packets.may & here;
    auto name = [&](const Attribution& rule) {
      if (blocker.rules.size() >= rules_named || !rule.packets.may.intersects(stopped_here)) return;
      blocker.rules.emplace_back(rule.description, rule.source);
      named = true;
    };
    if (because.explainer) {
      // Asked for no more rules than the blocker still names.
      const std::size_t wanted = rules_named - std::min(rules_named, blocker.rules.size());
      if (wanted > 0) {
        for (const auto& rule :
             because.explainer->explain(TriSet::exact(here) & because.packets, wanted))
          name(rule);
      }
    } else {
      // A firewall's details are one per rule: read in place, not copied out.
      for (const auto& rule : because.details()) name(rule);
    }
    if (!named) blocker.rules.emplace_back(because.description, because.source);
  });
  return blocker;
}

}  // namespace

std::vector<Blocker> BlockerFinder::operator()(const FlowResult& flow, EdgeView& view,
                                               const PacketSet& packets, const NameUniverse& names,
                                               SummaryMemo& summaries) {
  std::vector<Blocker> out;
  for (const auto& [edge, taken] : flow.drops(view)) {
    PacketSet here = flow.dropped(taken).may & packets;
    if (!here.is_empty()) out.push_back(at(*edge, here, names, summaries));
  }
  std::sort(out.begin(), out.end(), [](const Blocker& a, const Blocker& b) {
    return std::tie(a.description, a.packets) < std::tie(b.description, b.packets);
  });
  return out;
}

const Blocker& BlockerFinder::at(const Edge& edge, const PacketSet& here, const NameUniverse& names,
                                 SummaryMemo& summaries) {
  auto& known = memo_[&edge];
  if (auto it = known.find(here.id()); it != known.end()) return it->second.blocker;
  if (size_ >= limit) {
    clear();
    return at(edge, here, names, summaries);
  }
  ++size_;
  Blocker blocker = find_blocker(edge, here, names, summaries);
  return known.emplace(here.id(), Found{here, std::move(blocker)}).first->second.blocker;
}

void BlockerFinder::forget(const Edge& edge) {
  if (auto it = memo_.find(&edge); it != memo_.end()) {
    size_ -= it->second.size();
    memo_.erase(it);
  }
}

void BlockerFinder::clear() {
  memo_.clear();
  size_ = 0;
}

}  // namespace airgap::sim
