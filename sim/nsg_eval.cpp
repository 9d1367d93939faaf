#include "sim/nsg_eval.hpp"

#include <algorithm>

namespace airgap::sim {

PacketSet protocol_set(model::Protocol protocol) {
  switch (protocol) {
    case model::Protocol::any: return PacketSet::all();
    case model::Protocol::tcp: return PacketSet::protocol(ip_proto::tcp);
    case model::Protocol::udp: return PacketSet::protocol(ip_proto::udp);
    case model::Protocol::icmp: return PacketSet::protocol(ip_proto::icmp);
    case model::Protocol::esp: return PacketSet::protocol(ip_proto::esp);
    case model::Protocol::ah: return PacketSet::protocol(ip_proto::ah);
  }
  return PacketSet::all();
}

namespace {

PacketSet ports_set(const std::vector<model::PortRange>& ranges, bool destination) {
  if (ranges.empty()) return PacketSet::all();
  PacketSet set;
  for (const auto& range : ranges) {
    if (range.is_any()) return PacketSet::all();
    set |= destination ? PacketSet::dst_ports(range) : PacketSet::src_ports(range);
  }
  // A port constraint only ever matches protocols that have ports.
  return set & (PacketSet::protocol(ip_proto::tcp) | PacketSet::protocol(ip_proto::udp));
}

TriSet addresses_set(const std::vector<model::AddressMatch>& terms, const AddressSpace& space,
                     std::size_t vnet, Field field, TagWorld world) {
  TriSet set;
  for (const auto& term : terms) set |= space.match(term, vnet, field, world);
  return set;
}

bool shares_any(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::any_of(a.begin(), a.end(),
                     [&](const std::string& x) { return std::find(b.begin(), b.end(), x) != b.end(); });
}

bool uses_reading_tags(const model::SecurityRule& rule) {
  for (const auto* list : {&rule.source_addresses, &rule.destination_addresses}) {
    for (const auto& term : *list) {
      const auto* tag = std::get_if<model::ServiceTagRef>(&term);
      if (tag != nullptr && (tag->name == "VirtualNetwork" || tag->name == "Internet")) return true;
    }
  }
  return false;
}

}  // namespace

TriSet rule_match(const model::SecurityRule& rule, const AddressSpace& space,
                  const NsgContext& context, TagWorld world) {
  TriSet source = addresses_set(rule.source_addresses, space, context.vnet, Field::src_ip, world);
  if (!rule.source_asgs.empty()) {
    if (!context.source_known) {
      source |= TriSet::unknown_within(PacketSet::all());
    } else if (shares_any(rule.source_asgs, context.source_asgs)) {
      source = TriSet::all();  // the sending NIC is a member: the ASG stands for its address
    }
  }
  TriSet destination = addresses_set(rule.destination_addresses, space, context.vnet, Field::dst_ip, world);
  if (!rule.destination_asgs.empty()) {
    // Which NICs behind a destination address belong to the ASG is not in the design.
    destination |= TriSet::unknown_within(PacketSet::all());
  }
  PacketSet fixed = protocol_set(rule.protocol) & ports_set(rule.source_port_ranges, false) &
                    ports_set(rule.destination_port_ranges, true);
  return source & destination & fixed;
}

NsgDecision evaluate_nsg(const model::Nsg& nsg, model::Direction direction,
                         const AddressSpace& space, const NsgContext& context) {
  std::vector<const model::SecurityRule*> ordered;
  for (const auto& rule : nsg.rules) {
    if (rule.direction == direction) ordered.push_back(&rule);
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto* a, const auto* b) { return a->priority < b->priority; });
  for (const auto& rule : model::default_rules()) {
    if (rule.direction == direction) ordered.push_back(&rule);
  }
  NsgDecision decision;
  TriSet allowed_in[2], denied_in[2];
  // Rules that name neither VirtualNetwork nor Internet match the same in both tag readings.
  std::vector<TriSet> shared(ordered.size());
  std::vector<bool> reading_free(ordered.size(), false);
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    reading_free[i] = !uses_reading_tags(*ordered[i]);
    if (reading_free[i]) shared[i] = rule_match(*ordered[i], space, context, TagWorld::documented);
  }
  for (TagWorld world : tag_worlds) {
    const int w = static_cast<int>(world);
    std::vector<TriSet> matches;
    matches.reserve(ordered.size());
    for (std::size_t i = 0; i < ordered.size(); ++i) {
      matches.push_back(reading_free[i] ? shared[i] : rule_match(*ordered[i], space, context, world));
    }
    auto selected = first_match(matches, TriSet::all());
    for (std::size_t i = 0; i < ordered.size(); ++i) {
      if (selected[i].is_empty()) continue;
      const bool allow = ordered[i]->access == model::Access::allow;
      (allow ? allowed_in[w] : denied_in[w]) |= selected[i];
      if (world != TagWorld::documented) continue;
      (allow ? decision.allowed_by : decision.denied_by).push_back({selected[i], ordered[i]});
    }
  }
  decision.allowed = TriSet{allowed_in[0].must & allowed_in[1].must, allowed_in[0].may | allowed_in[1].may};
  decision.denied = TriSet{denied_in[0].must & denied_in[1].must, denied_in[0].may | denied_in[1].may};
  decision.readings_differ = !(allowed_in[0] == allowed_in[1]);
  return decision;
}

}  // namespace airgap::sim

namespace airgap::sim {

TriSet platform_denied(const model::Nsg& nsg, const NsgContext& context, const AddressSpace& space) {
  std::vector<const model::SecurityRule*> rules;
  for (const auto& rule : nsg.rules) {
    if (rule.direction != model::Direction::outbound) continue;
    for (const auto& term : rule.destination_addresses) {
      const auto* tag = std::get_if<model::ServiceTagRef>(&term);
      if (tag != nullptr && tag->name.starts_with("AzurePlatform")) {
        rules.push_back(&rule);
        break;
      }
    }
  }
  std::stable_sort(rules.begin(), rules.end(), [](const auto* a, const auto* b) { return a->priority < b->priority; });
  std::vector<TriSet> matches;
  for (const auto* rule : rules) matches.push_back(rule_match(*rule, space, context, TagWorld::documented));
  auto selected = first_match(matches, TriSet::all());
  TriSet denied;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (rules[i]->access == model::Access::deny) denied |= selected[i];
  }
  return denied;
}

}  // namespace airgap::sim
