// Packet: one concrete flow header, as a witness shows it and as the oracle evaluates it.
#pragma once

#include <cstdint>
#include <string>

#include "model/ip.hpp"

namespace airgap::sim {

namespace ip_proto {
inline constexpr std::uint8_t icmp = 1;
inline constexpr std::uint8_t tcp = 6;
inline constexpr std::uint8_t udp = 17;
inline constexpr std::uint8_t esp = 50;
inline constexpr std::uint8_t ah = 51;
}  // namespace ip_proto

struct Packet {
  model::Ipv4 src;
  model::Ipv4 dst;
  std::uint8_t protocol = ip_proto::tcp;
  std::uint16_t src_port = 0;  // 0 for protocols without ports
  std::uint16_t dst_port = 0;
  std::uint32_t name = 0;  // index into the NameUniverse; 0 = a name no rule lists

  bool has_ports() const { return protocol == ip_proto::tcp || protocol == ip_proto::udp; }
  bool operator==(const Packet&) const = default;
};

std::string protocol_name(std::uint8_t protocol);

}  // namespace airgap::sim
