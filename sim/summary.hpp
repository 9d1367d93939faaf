// Human summaries of packet sets: "TCP 80, 443 to 9 names (mcr.microsoft.com, ...)".
#pragma once

#include <string>

#include "sim/name_universe.hpp"
#include "sim/packet_set.hpp"

namespace airgap::sim {

std::string summarize(const PacketSet& packets, const NameUniverse& names);
std::string describe_packet(const Packet& packet, const NameUniverse& names);

}  // namespace airgap::sim
