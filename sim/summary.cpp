#include "sim/summary.hpp"

#include <fmt/format.h>

#include <vector>

namespace airgap::sim {

namespace {

std::string port_list(const PacketSet& set) {
  auto ranges = set.ranges(Field::dst_port, 6);
  if (!ranges) return "many ports";
  if (ranges->size() == 1 && ranges->front().first == 0 && ranges->front().second == 65535) {
    return "any port";
  }
  std::vector<std::string> parts;
  for (auto [low, high] : *ranges) {
    parts.push_back(low == high ? fmt::format("{}", low) : fmt::format("{}-{}", low, high));
  }
  return fmt::format("port{} {}", parts.size() == 1 && ranges->front().first == ranges->front().second ? "" : "s",
                     fmt::join(parts, ", "));
}

std::string name_list(const PacketSet& set, const NameUniverse& names) {
  auto ranges = set.ranges(Field::name, 64);
  if (!ranges) return {};
  std::vector<std::string> listed;
  std::size_t count = 0;
  bool unlisted = false;
  for (auto [low, high] : *ranges) {
    for (auto i = low; i <= high && i < names.size(); ++i) {
      ++count;
      if (i == 0) {
        unlisted = true;
      } else if (listed.size() < 4) {
        listed.push_back(names.is_synthetic(static_cast<std::uint32_t>(i))
                             ? "*" + names.representative(static_cast<std::uint32_t>(i))
                                         .substr(names.representative(static_cast<std::uint32_t>(i)).find('.'))
                             : names.representative(static_cast<std::uint32_t>(i)));
      }
    }
  }
  if (count >= names.size()) return {};  // every name: not worth saying
  std::string text = count == 1 && !unlisted ? fmt::format(" to {}", listed.front())
                                             : fmt::format(" to {} name{} ({}{})", count,
                                                           count == 1 ? "" : "s",
                                                           fmt::join(listed, ", "),
                                                           count > listed.size() ? ", ..." : "");
  return text;
}

std::string destination_list(const PacketSet& set) {
  auto ranges = set.ranges(Field::dst_ip, 3);
  if (!ranges) return {};  // many ranges: the protocols and names say more
  if (ranges->size() == 1 && ranges->front().first == 0 && ranges->front().second == 0xFFFFFFFFu) {
    return {};  // every destination
  }
  std::vector<std::string> parts;
  for (auto [low, high] : *ranges) {
    model::Ipv4 a{static_cast<std::uint32_t>(low)}, b{static_cast<std::uint32_t>(high)};
    parts.push_back(low == high ? a.to_string() : fmt::format("{}-{}", a.to_string(), b.to_string()));
  }
  return fmt::format(" (destinations {})", fmt::join(parts, ", "));
}

// The text of `set` in `texts`, worked out by `describe` when not there yet.
template <typename Describe>
const std::string& text_of(SummaryMemo::Texts& texts, const PacketSet& set, Describe&& describe) {
  if (const auto* known = texts.find(set.id())) return known->second;
  return texts.store(set.id(), {set, describe()}).second;
}

std::string destinations_of(const PacketSet& set, SummaryMemo::Texts* lists) {
  if (lists == nullptr) return destination_list(set);
  return text_of(*lists, set, [&] { return destination_list(set); });
}

// The summary of a set whose source addresses are already dropped. Its destination part is
// most of its BDD: the ports and names are read off the set with the destinations forgotten
// once (a small BDD), and each destination list off the set itself, whose top field they are
// (remembered in `lists`, if given).
std::string summarize_headers(const PacketSet& packets, const NameUniverse& names, SummaryMemo::Texts* lists) {
  std::vector<std::string> parts;
  const PacketSet anywhere = packets.forget(Field::dst_ip);
  // (Well-formed headers whatever the name: formed once, they do not depend on the names.)
  static const PacketSet every_header = PacketSet::well_formed(1).forget(Field::name);
  if (every_header.subset_of(anywhere.forget(Field::name))) {
    return fmt::format("all protocols and ports{}", destinations_of(packets, lists));
  }
  const PacketSet tcp = PacketSet::protocol(ip_proto::tcp);
  const PacketSet udp = PacketSet::protocol(ip_proto::udp);
  const PacketSet icmp = PacketSet::protocol(ip_proto::icmp);
  for (auto [protocol, label] : {std::pair{tcp, "TCP"}, std::pair{udp, "UDP"}}) {
    const PacketSet headers = anywhere & protocol;
    if (headers.is_empty()) continue;
    parts.push_back(fmt::format("{} {}{}{}", label, port_list(headers), name_list(headers, names),
                                destinations_of(packets & protocol, lists)));
  }
  if (anywhere.intersects(icmp)) parts.push_back(fmt::format("ICMP{}", destinations_of(packets & icmp, lists)));
  if (!(anywhere - tcp - udp - icmp).is_empty()) parts.push_back("other IP protocols");
  return fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace

std::string summarize(const PacketSet& reaching, const NameUniverse& names) {
  if (reaching.is_empty()) return "nothing";
  // The summary never speaks of source addresses: drop them once, so every step works on a
  // smaller BDD. (Source ports stay: "all protocols and ports" must include them.)
  return summarize_headers(reaching.forget(Field::src_ip), names, nullptr);
}

std::string SummaryMemo::operator()(const PacketSet& reaching, const NameUniverse& names) {
  if (reaching.is_empty()) return "nothing";
  const PacketSet packets = reaching.forget(Field::src_ip);
  return text_of(memo_, packets, [&] { return summarize_headers(packets, names, &destinations_); });
}

std::string describe_packet(const Packet& packet, const NameUniverse& names) {
  std::string text = fmt::format("{} {}", protocol_name(packet.protocol), packet.src.to_string());
  if (packet.has_ports()) text += fmt::format(":{}", packet.src_port);
  text += fmt::format(" -> {}", packet.dst.to_string());
  if (packet.has_ports()) text += fmt::format(":{}", packet.dst_port);
  if (packet.name != 0 && packet.name < names.size() && !names.is_synthetic(packet.name)) {
    text += fmt::format(" (name {})", names.representative(packet.name));
  }
  return text;
}

}  // namespace airgap::sim
