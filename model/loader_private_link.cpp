// Readers for private endpoints, private DNS zones, registries and service tags.
#include <fmt/format.h>

#include <array>

#include "model/loader_parts.hpp"

namespace airgap::model::detail {

void read_private_endpoint(TableReader& reader, Network& network) {
  PrivateEndpoint pe;
  pe.source = reader.where();
  pe.name = reader.string({"name"}, Need::required).value_or("");
  pe.subnet = reader.string({"subnet"}, Need::required).value_or("");
  pe.target = reader.string({"target"}, Need::required).value_or("");
  pe.group_id = reader.string({"groupId"}, Need::required).value_or("");
  for (auto& [text, at] : reader.strings({"privateIpAddresses"})) {
    auto parsed = parse_ipv4(text);
    if (parsed) {
      pe.private_ip_addresses.push_back(*parsed.value);
    } else {
      reader.context().diagnostics.error(DiagKind::invalid_ip, at, parsed.error);
    }
  }
  static constexpr std::array<std::string_view, 4> states{"Approved", "Pending", "Rejected",
                                                          "Disconnected"};
  pe.connection_state = states[reader.choice("connectionState", states).value_or(0)];
  for (auto& [zone, at] : reader.strings({"privateDnsZoneGroups"})) pe.dns_zone_groups.push_back(zone);
  network.private_endpoints.push_back(std::move(pe));
}

void read_private_dns_zone(TableReader& reader, Network& network) {
  PrivateDnsZone zone;
  zone.source = reader.where();
  zone.name = reader.string({"name"}, Need::required).value_or("");
  const toml::node* links = reader.node({"virtualNetworkLinks"}, Need::optional);
  if (links != nullptr && links->is_array()) {
    for (const auto& element : *links->as_array()) {
      VnetLink link;
      link.source = reader.context().at(element);
      if (const auto* name = element.as_string()) {
        link.virtual_network = name->get();
      } else if (const auto* table = element.as_table()) {
        TableReader child(reader.context(), *table, "privateDnsZone.virtualNetworkLinks");
        link.virtual_network = child.string({"virtualNetwork"}, Need::required).value_or("");
        static constexpr std::array<std::string_view, 2> policies{"Default", "NxDomainRedirect"};
        link.resolution_policy =
            static_cast<ResolutionPolicy>(child.choice("resolutionPolicy", policies).value_or(0));
      } else {
        reader.context().diagnostics.error(
            DiagKind::wrong_type, link.source,
            fmt::format("'privateDnsZone.virtualNetworkLinks' entries must be VNet names or "
                        "tables, saw {}",
                        type_name(element)));
        continue;
      }
      zone.virtual_network_links.push_back(std::move(link));
    }
  } else if (links != nullptr) {
    reader.context().diagnostics.error(
        DiagKind::wrong_type, reader.where("virtualNetworkLinks"),
        fmt::format("'privateDnsZone.virtualNetworkLinks' must be an array, saw {}",
                    type_name(*links)));
  }
  reader.tables({"aRecords", "records"}, [&](TableReader& child) {
    DnsRecord record;
    record.source = child.where();
    record.name = child.string({"name"}, Need::required).value_or("");
    if (auto ip = child.ipv4("ipv4Address", Need::required)) record.ipv4_address = *ip;
    zone.records.push_back(std::move(record));
  });
  network.private_dns_zones.push_back(std::move(zone));
}

void read_registry(TableReader& reader, Network& network) {
  ContainerRegistry registry;
  registry.source = reader.where();
  registry.name = reader.string({"name"}, Need::required).value_or("");
  static constexpr std::array<std::string_view, 3> skus{"Basic", "Standard", "Premium"};
  registry.sku = skus[reader.choice("sku", skus).value_or(2)];
  static constexpr std::array<std::string_view, 2> access{"Enabled", "Disabled"};
  registry.public_network_access = reader.choice("publicNetworkAccess", access).value_or(0) == 0;
  registry.data_endpoint_enabled = reader.boolean("dataEndpointEnabled").value_or(true);
  reader.tables({"cacheRules", "cacheRule"}, [&](TableReader& child) {
    CacheRule rule;
    rule.source = child.where();
    rule.name = child.string({"name"}, Need::required).value_or("");
    rule.source_repository = child.string({"sourceRepository", "source"}, Need::required).value_or("");
    rule.target_repository = child.string({"targetRepository", "target"}, Need::required).value_or("");
    registry.cache_rules.push_back(std::move(rule));
  });
  network.registries.push_back(std::move(registry));
}

void read_service_tag(TableReader& reader, Network& network) {
  ServiceTag tag;
  tag.source = reader.where();
  tag.name = reader.string({"name"}, Need::required).value_or("");
  for (auto& [text, at] : reader.strings({"addressPrefixes"}, Need::required)) {
    auto parsed = parse_prefix(text, true);
    if (parsed) {
      tag.address_prefixes.push_back(*parsed.value);
    } else {
      reader.context().diagnostics.error(DiagKind::invalid_cidr, at, parsed.error);
    }
  }
  network.service_tags.push_back(std::move(tag));
}

}  // namespace airgap::model::detail
