// Rule checks: NSG priorities and tags, route next hops, firewall policy consistency.
#include <map>

#include "model/service_tag_catalog.hpp"
#include "model/validate_support.hpp"

namespace airgap::model::detail {

namespace {

void check_tag(const Network& network, Diagnostics& diags, const SourceRef& at,
               const AddressMatch& match) {
  const auto* tag = std::get_if<ServiceTagRef>(&match);
  if (tag == nullptr) return;
  if (network.find_service_tag(tag->name) != nullptr || is_known_service_tag(tag->name)) return;
  std::vector<std::string> candidates = known_service_tag_names();
  for (const auto& declared : network.service_tags) candidates.push_back(declared.name);
  std::string message = fmt::format("unknown service tag '{}'", tag->name);
  if (auto hint = did_you_mean(tag->name, candidates)) {
    message += fmt::format("; did you mean '{}'?", *hint);
  } else {
    message += "; declare it with [[serviceTag]] and its addressPrefixes";
  }
  diags.error(DiagKind::unknown_reference, at, message);
}

void check_nsgs(const Network& network, Diagnostics& diags) {
  for (const auto& nsg : network.nsgs) {
    check_unique(diags, nsg.rules.get(), fmt::format("security rule in '{}'", nsg.name));
    std::map<std::pair<Direction, int>, const SecurityRule*> by_priority;
    for (const auto& rule : nsg.rules) {
      auto [it, inserted] = by_priority.emplace(std::make_pair(rule.direction, rule.priority), &rule);
      if (!inserted) {
        diags.error(DiagKind::duplicate_priority, rule.source,
                    fmt::format("{} rule '{}' reuses priority {} of rule '{}' in NSG '{}'",
                                to_string(rule.direction), rule.name, rule.priority,
                                it->second->name, nsg.name),
                    {{"first used here", it->second->source}});
      }
      for (const auto& m : rule.source_addresses) check_tag(network, diags, rule.source, m);
      for (const auto& m : rule.destination_addresses) check_tag(network, diags, rule.source, m);
    }
  }
}

void check_routes(const Network& network, Diagnostics& diags) {
  for (const auto& table : network.route_tables) {
    check_unique(diags, table.routes, fmt::format("route in '{}'", table.name));
    std::map<std::string, const Route*> by_prefix;
    for (const auto& route : table.routes) {
      check_tag(network, diags, route.source, route.address_prefix);
      auto [it, inserted] = by_prefix.emplace(to_string(route.address_prefix), &route);
      if (!inserted) {
        diags.error(DiagKind::duplicate_name, route.source,
                    fmt::format("route '{}' repeats addressPrefix {} of route '{}'", route.name,
                                to_string(route.address_prefix), it->second->name),
                    {{"first used here", it->second->source}});
      }
      const bool appliance = route.next_hop_type == NextHopType::virtual_appliance;
      if (appliance && !route.next_hop_ip_address) {
        diags.error(DiagKind::next_hop, route.source,
                    fmt::format("route '{}' has nextHopType VirtualAppliance but no "
                                "nextHopIpAddress",
                                route.name));
      }
      if (!appliance && route.next_hop_ip_address) {
        diags.error(DiagKind::next_hop, route.source,
                    fmt::format("route '{}' has a nextHopIpAddress, which only nextHopType "
                                "VirtualAppliance takes (saw {})",
                                route.name, to_string(route.next_hop_type)));
      }
    }
  }
}

void check_firewalls(const Network& network, Diagnostics& diags) {
  for (const auto& fw : network.firewalls) {
    check_unique(diags, fw.rule_collection_groups, "rule collection group");
    std::map<int, const RuleCollectionGroup*> group_priorities;
    for (const auto& group : fw.rule_collection_groups) {
      auto [it, inserted] = group_priorities.emplace(group.priority, &group);
      if (!inserted) {
        diags.error(DiagKind::duplicate_priority, group.source,
                    fmt::format("rule collection group '{}' reuses priority {} of '{}'", group.name,
                                group.priority, it->second->name),
                    {{"first used here", it->second->source}});
      }
      std::map<int, const RuleCollection*> collection_priorities;
      for (const auto& collection : group.rule_collections) {
        auto [cit, cinserted] = collection_priorities.emplace(collection.priority, &collection);
        if (!cinserted) {
          diags.error(DiagKind::duplicate_priority, collection.source,
                      fmt::format("rule collection '{}' reuses priority {} of '{}'", collection.name,
                                  collection.priority, cit->second->name),
                      {{"first used here", cit->second->source}});
        }
        for (const auto& rule : collection.rules) {
          for (const auto& m : rule.destination_addresses) check_tag(network, diags, rule.source, m);
          if (!rule.destination_fqdns.empty() && !fw.dns_proxy) {
            diags.error(DiagKind::invalid_value, rule.source,
                        fmt::format("network rule '{}' uses destinationFqdns, which Azure Firewall "
                                    "accepts only with enableDnsProxy = true",
                                    rule.name),
                        {{"firewall declared here", fw.source}});
          }
          if (collection.is_nat != (rule.rule_type == RuleType::nat)) {
            diags.error(DiagKind::invalid_value, rule.source,
                        fmt::format("rule '{}' of type {} cannot be in a {} collection", rule.name,
                                    rule.rule_type == RuleType::nat ? "NatRule" : "filter",
                                    collection.is_nat ? "NAT" : "filter"));
          }
        }
      }
    }
  }
}

}  // namespace

void validate_rules(const Network& network, Diagnostics& diags) {
  check_nsgs(network, diags);
  check_routes(network, diags);
  check_firewalls(network, diags);
}

}  // namespace airgap::model::detail
