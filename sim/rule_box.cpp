#include "sim/rule_box.hpp"

#include "sim/packet.hpp"

namespace airgap::sim {

namespace {

// One prefix, or any address: an interval of the field. (No term matches nothing: not a box.)
bool narrow_to_addresses(HeaderBox& box, Field field,
                         const std::vector<model::AddressMatch>& terms) {
  if (terms.size() == 1 && std::holds_alternative<model::AnyAddress>(terms.front())) return true;
  const auto* prefix = single_prefix(terms);
  if (prefix == nullptr) return false;  // (several terms, or a service tag)
  box.narrow(field, prefix->first(), prefix->last());
  return true;
}

// No range, or one (a list holding "any" is any, as ports_set reads it).
bool narrow_to_ports(HeaderBox& box, Field field, const std::vector<model::PortRange>& ranges,
                     bool& narrowed) {
  if (ranges.empty() || ranges.front().is_any()) return true;
  if (ranges.size() != 1) return false;
  box.narrow(field, ranges.front().low, ranges.front().high);
  narrowed = true;
  return true;
}

std::optional<std::uint8_t> protocol_number(model::Protocol protocol) {
  switch (protocol) {
    case model::Protocol::any:
      return std::nullopt;
    case model::Protocol::tcp:
      return ip_proto::tcp;
    case model::Protocol::udp:
      return ip_proto::udp;
    case model::Protocol::icmp:
      return ip_proto::icmp;
    case model::Protocol::esp:
      return ip_proto::esp;
    case model::Protocol::ah:
      return ip_proto::ah;
  }
  return std::nullopt;
}

}  // namespace

const model::Prefix* single_prefix(const std::vector<model::AddressMatch>& terms) {
  return terms.size() == 1 ? std::get_if<model::Prefix>(&terms.front()) : nullptr;
}

std::optional<HeaderBox> rule_box(const model::SecurityRule& rule) {
  if (!rule.source_asgs.empty() || !rule.destination_asgs.empty()) return std::nullopt;
  HeaderBox box;
  bool ports = false;
  if (!narrow_to_addresses(box, Field::src_ip, rule.source_addresses) ||
      !narrow_to_addresses(box, Field::dst_ip, rule.destination_addresses) ||
      !narrow_to_ports(box, Field::src_port, rule.source_port_ranges, ports) ||
      !narrow_to_ports(box, Field::dst_port, rule.destination_port_ranges, ports)) {
    return std::nullopt;
  }
  const bool has_ports =
      rule.protocol == model::Protocol::tcp || rule.protocol == model::Protocol::udp;
  if (ports && !has_ports) return std::nullopt;  // (TCP or UDP, of any protocol: two boxes)
  if (const auto number = protocol_number(rule.protocol))
    box.narrow(Field::protocol, *number, *number);
  return box;
}

}  // namespace airgap::sim
