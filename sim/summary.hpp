// Human summaries of packet sets: "TCP 80, 443 to 9 names (mcr.microsoft.com, ...)".
#pragma once

#include <string>
#include <utility>

#include "sim/bounded_memo.hpp"
#include "sim/name_universe.hpp"
#include "sim/packet_set.hpp"

namespace airgap::sim {

std::string summarize(const PacketSet& packets, const NameUniverse& names);

/// summarize() for one name universe, remembered per set: node pools built from one template
/// reach equal sets once source addresses are dropped (which a summary never names), so a
/// 1,000-pool design describes a handful of sets, not a thousand.
class SummaryMemo {
 public:
  std::string operator()(const PacketSet& packets, const NameUniverse& names);
  /// Texts by the id of the set they describe; each entry keeps its set alive, so the id
  /// stays the set's own.
  using Texts = BoundedMemo<int, std::pair<PacketSet, std::string>>;

 private:
  Texts memo_{1024};
  // The destination lists of a set's protocols, alike: an NSG edit changes the packets of the
  // edited rule's protocol, and the other protocols' lists (walks of hundreds of nodes on a
  // distinct design) are the ones worked out before.
  Texts destinations_{1024};
};
std::string describe_packet(const Packet& packet, const NameUniverse& names);

}  // namespace airgap::sim
