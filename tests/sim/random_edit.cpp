// Random single edits of the random designs' NSGs, firewall and route tables.
#include "tests/sim/random_edit.hpp"

namespace airgap::testing {

namespace {

model::AddressMatch some_address(std::mt19937& rng, const model::Network& net) {
  switch (rng() % 5) {
    case 0:
      return model::AnyAddress{};
    case 1:
      return model::ServiceTagRef{"Internet"};
    case 2:
      return model::ServiceTagRef{"VirtualNetwork"};
    case 3:
      return model::Prefix{model::Ipv4{0x14000000u}, 8};
    default: {
      const auto& v = net.vnets[rng() % net.vnets.size()];
      return v.subnets[rng() % v.subnets.size()].address_prefix;
    }
  }
}

}  // namespace

// Any single change to one NSG: a rule's access, direction, protocol, ports, addresses, name or
// priority, or a rule added or removed.
void edit_nsg(model::Nsg& nsg, std::mt19937& rng, const model::Network& net) {
  auto& rules = nsg.rules.edit();
  if (rules.empty() || rng() % 8 == 0) {
    model::SecurityRule rule;
    rule.name = "added" + std::to_string(rules.size());
    rule.priority = 105 + static_cast<int>(rules.size()) * 10;
    rule.direction = rng() % 2 ? model::Direction::outbound : model::Direction::inbound;
    rule.access = rng() % 2 ? model::Access::allow : model::Access::deny;
    rule.source_addresses = {model::AnyAddress{}};
    rule.destination_addresses = {some_address(rng, net)};
    rule.source_port_ranges = {model::PortRange{}};
    rule.destination_port_ranges = {model::PortRange{}};
    rules.push_back(rule);
    return;
  }
  const std::size_t at = rng() % rules.size();
  auto& rule = rules[at];
  switch (rng() % 9) {
    case 0:
      rule.access =
          rule.access == model::Access::allow ? model::Access::deny : model::Access::allow;
      break;
    case 1:
      rule.direction = rule.direction == model::Direction::outbound ? model::Direction::inbound
                                                                    : model::Direction::outbound;
      break;
    case 2:
      rule.protocol =
          rule.protocol == model::Protocol::any ? model::Protocol::tcp : model::Protocol::any;
      break;
    case 3:
      rule.destination_port_ranges = {model::PortRange{443, 443}};
      break;
    case 4:
      rule.destination_addresses = {some_address(rng, net)};
      break;
    case 5:
      rule.source_addresses = {some_address(rng, net)};
      break;
    case 6:
      rule.name += "x";
      break;
    case 7:
      rule.priority = 4000 - rule.priority;
      break;  // stays unique: the others are 100-150
    case 8:
      rules.erase(rules.begin() + static_cast<std::ptrdiff_t>(at));
      break;
  }
}

void edit_firewall(model::Firewall& fw, std::mt19937& rng, const model::Network& net) {
  auto& group = fw.rule_collection_groups[rng() % fw.rule_collection_groups.size()];
  auto& collection = group.rule_collections[rng() % group.rule_collections.size()];
  auto& rule = collection.rules[rng() % collection.rules.size()];
  switch (rng() % 9) {
    case 0:
      collection.allow = !collection.allow;
      break;
    case 1:
      collection.priority = static_cast<int>(100 + rng() % 600);
      break;
    case 2:
      rule.destination_ports = {model::PortRange{443, 443}};
      break;
    case 3:
      rule.destination_addresses = {some_address(rng, net)};
      break;
    case 4:
      rule.target_fqdns = {
          std::vector<std::string>{"*", "mcr.microsoft.com", "new.example.org"}[rng() % 3]};
      break;
    case 5:
      rule.source_addresses = {some_address(rng, net)};
      break;
    case 6:
      fw.dns_proxy = !fw.dns_proxy;  // not a rule: the full-rebuild path
      break;
    case 7:
      rule.fqdn_tags = rule.fqdn_tags.empty() ? std::vector<std::string>{"AzureKubernetesService"}
                                              : std::vector<std::string>{};
      break;
    case 8:
      fw.snat_never = !fw.snat_never;  // not a rule either
      break;
  }
}

// A route's next hop (appliance, firewall, nothing there, None, Internet, VnetLocal), its prefix,
// the BGP flag, or a route added.
void edit_routes(model::RouteTable& table, std::mt19937& rng, const model::Network& net) {
  if (table.routes.empty() || rng() % 8 == 0) {
    model::Route route;
    route.name = "added" + std::to_string(table.routes.size());
    route.address_prefix = model::AddressMatch{model::Prefix{model::Ipv4{0x08000000u}, 8}};
    route.next_hop_type = model::NextHopType::none;
    if (std::none_of(table.routes.begin(), table.routes.end(),
                     [&](const auto& r) { return r.address_prefix == route.address_prefix; })) {
      table.routes.push_back(route);
    }
    return;
  }
  auto& route = table.routes[rng() % table.routes.size()];
  switch (rng() % 8) {
    case 0:
      route.next_hop_type = model::NextHopType::internet;
      break;
    case 1:
      route.next_hop_type = model::NextHopType::none;
      break;
    case 2:
      route.next_hop_type = model::NextHopType::vnet_local;
      break;
    case 3:
    case 4: {
      route.next_hop_type = model::NextHopType::virtual_appliance;
      std::vector<model::Ipv4> hops{model::Ipv4{0x0A636363u}};
      for (const auto& fw : net.firewalls) hops.push_back(fw.private_ip_address);
      for (const auto& nva : net.appliances) hops.push_back(nva.private_ip_address);
      route.next_hop_ip_address = hops[rng() % hops.size()];
      break;
    }
    case 5:
      table.disable_bgp_route_propagation = !table.disable_bgp_route_propagation;
      break;
    case 6:
    case 7: {
      const model::AddressMatch prefix =
          rng() % 2 ? model::Prefix{} : model::Prefix{model::Ipv4{0x14000000u}, 8};
      const bool taken = std::any_of(table.routes.begin(), table.routes.end(),
                                     [&](const auto& r) { return r.address_prefix == prefix; });
      if (!taken) route.address_prefix = prefix;
      break;
    }
  }
  if (route.next_hop_type != model::NextHopType::virtual_appliance)
    route.next_hop_ip_address.reset();
}

std::optional<std::vector<std::size_t>> changed_rules(const model::Nsg& before, const model::Nsg& after) {
  if (before.rules.size() != after.rules.size()) return std::nullopt;
  std::vector<std::size_t> changed;
  for (std::size_t i = 0; i < after.rules.size(); ++i) {
    if (!(before.rules[i] == after.rules[i])) changed.push_back(i);
  }
  return changed;
}

std::optional<model::Network> edited_design(const model::Network& design, std::mt19937& rng) {
  model::Network out = design;
  switch (rng() % 3) {
    case 0:
      if (out.nsgs.empty()) return std::nullopt;
      edit_nsg(out.nsgs[rng() % out.nsgs.size()], rng, out);
      return out;
    case 1:
      if (out.firewalls.empty()) return std::nullopt;
      edit_firewall(out.firewalls.front(), rng, out);
      return out;
    default:
      if (out.route_tables.empty()) return std::nullopt;
      edit_routes(out.route_tables[rng() % out.route_tables.size()], rng, out);
      return out;
  }
}

}  // namespace airgap::testing
