// Blockers: where and why a flow's packets stopped, the explanation of an unreachable verdict.
#pragma once

#include <cstddef>
#include <unordered_map>
#include <vector>

#include "sim/forwarding_graph.hpp"
#include "sim/name_universe.hpp"
#include "sim/reachability.hpp"
#include "sim/summary.hpp"
#include "sim/verdict.hpp"

namespace airgap::sim {

/// Finds the blockers of a flow: each drop edge it met, what it stopped there of `packets`,
/// and the rules that decided. Remembered per drop edge and stopped set: after a hub edit the
/// pools behind it are asked again, and their drops at their own NSGs (the costly part: the
/// NSG's deciding rules are looked up rule by rule) are the same edges stopping the same packets.
class BlockerFinder {
 public:
  std::vector<Blocker> operator()(const FlowResult& flow, EdgeView& view, const PacketSet& packets,
                                  const NameUniverse& names, SummaryMemo& summaries);
  /// What was remembered about `edge` goes (call before the edge leaves the graph).
  void forget(const Edge& edge);
  void clear();

 private:
  struct Found {
    PacketSet here;  // keeps the set alive while its id is the key
    Blocker blocker;
  };
  const Blocker& at(const Edge& edge, const PacketSet& here, const NameUniverse& names,
                    SummaryMemo& summaries);

  static constexpr std::size_t limit = 8192;  // entries before everything is let go
  std::unordered_map<const Edge*, std::unordered_map<int, Found>> memo_;
  std::size_t size_ = 0;
};

}  // namespace airgap::sim
