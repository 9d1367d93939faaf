#include "sim/dns.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace airgap::sim {

namespace {

bool ends_with_zone(const std::string& name, const std::string& zone) {
  return name.size() > zone.size() + 1 && name.ends_with(zone) &&
         name[name.size() - zone.size() - 1] == '.';
}

// The records a private endpoint's zone group writes into `zone`.
std::vector<std::pair<std::string, model::Ipv4>> zone_group_records(
    const model::Network& network, const model::PrivateEndpoint& pe, const std::string& zone) {
  std::vector<std::pair<std::string, model::Ipv4>> out;
  if (pe.private_ip_addresses.empty()) return out;
  const auto& ips = pe.private_ip_addresses;
  const model::Ipv4 data_ip = ips.size() > 1 ? ips[1] : ips[0];
  const std::string region = network.cluster ? network.cluster->location : "westeurope";
  if (pe.group_id == "registry") {
    if (zone == "privatelink.azurecr.io") {
      out.emplace_back(pe.target, ips[0]);
      out.emplace_back(pe.target + "." + region + ".data", data_ip);
    } else if (zone == region + ".data.privatelink.azurecr.io") {
      out.emplace_back(pe.target, data_ip);
    }
    return out;
  }
  out.emplace_back(pe.target, ips[0]);
  return out;
}

}  // namespace

DnsAnswer resolve_private_name(const model::Network& network, std::size_t vnet,
                               const std::string& name) {
  DnsAnswer answer;
  const auto& v = network.vnets[vnet];
  if (!v.dns_servers.empty()) {
    answer.assumptions.push_back(fmt::format(
        "VNet '{}' uses custom DNS servers; assumed to forward privatelink zones to 168.63.129.16",
        v.name));
  }
  const model::PrivateDnsZone* best = nullptr;
  const model::VnetLink* best_link = nullptr;
  for (const auto& zone : network.private_dns_zones) {
    if (!ends_with_zone(name, zone.name)) continue;
    for (const auto& link : zone.virtual_network_links) {
      if (link.virtual_network != v.name) continue;
      if (best == nullptr || zone.name.size() > best->name.size()) {
        best = &zone;
        best_link = &link;
      }
    }
  }
  if (best == nullptr) {
    answer.kind = Resolution::public_address;
    answer.explanation = fmt::format(
        "no private DNS zone for '{}' is linked to VNet '{}': the name resolves to the public "
        "address",
        name, v.name);
    return answer;
  }
  const std::string relative = name.substr(0, name.size() - best->name.size() - 1);
  for (const auto& record : best->records) {
    if (record.name == relative) {
      answer.kind = Resolution::private_address;
      answer.address = record.ipv4_address;
      answer.at = record.source;
      answer.explanation = fmt::format("A record '{}' in zone '{}' (linked to '{}') -> {}", relative,
                                       best->name, v.name, record.ipv4_address.to_string());
      return answer;
    }
  }
  for (const auto& pe : network.private_endpoints) {
    if (std::find(pe.dns_zone_groups.begin(), pe.dns_zone_groups.end(), best->name) ==
        pe.dns_zone_groups.end()) {
      continue;
    }
    for (const auto& [record, ip] : zone_group_records(network, pe, best->name)) {
      if (record != relative) continue;
      answer.kind = Resolution::private_address;
      answer.address = ip;
      answer.at = pe.source;
      answer.explanation = fmt::format("A record '{}' in zone '{}' (written by private endpoint "
                                       "'{}', zone linked to '{}') -> {}",
                                       relative, best->name, pe.name, v.name, ip.to_string());
      return answer;
    }
  }
  answer.at = best->source;
  if (best_link->resolution_policy == model::ResolutionPolicy::nx_domain_redirect) {
    answer.kind = Resolution::public_address;
    answer.explanation = fmt::format("zone '{}' has no record '{}'; the link's NxDomainRedirect "
                                     "falls back to the public address",
                                     best->name, relative);
    return answer;
  }
  answer.kind = Resolution::nxdomain;
  answer.explanation = fmt::format("zone '{}' is linked to '{}' but has no record '{}': NXDOMAIN",
                                   best->name, v.name, relative);
  return answer;
}

}  // namespace airgap::sim
