// Reference checks: every name a scenario object points at must exist; unused objects warn.
#include <set>

#include "model/validate_support.hpp"

namespace airgap::model::detail {

namespace {

void check_subnet_ref(const Network& network, Diagnostics& diags, const SourceRef& at,
                      const std::string& ref, const std::vector<std::string>& subnet_names) {
  if (ref.empty()) return;
  if (ref.find('/') == std::string::npos) {
    diags.error(DiagKind::unknown_reference, at,
                fmt::format("subnet reference '{}' must be written 'vnet/subnet'", ref));
    return;
  }
  check_reference(diags, at, "subnet", ref, network.find_subnet(ref).has_value(), subnet_names);
}

void check_ip_in_subnet(const Network& network, Diagnostics& diags, const SourceRef& at,
                        const std::string& subnet_ref, Ipv4 ip, std::string_view what) {
  auto id = network.find_subnet(subnet_ref);
  if (!id) return;
  const Subnet& subnet = network.subnet(*id);
  if (!subnet.address_prefix.contains(ip)) {
    diags.error(DiagKind::invalid_ip, at,
                fmt::format("{} {} is outside subnet '{}' ({})", what, ip.to_string(), subnet_ref,
                            subnet.address_prefix.to_string()));
  }
}

void check_attachments(const Network& network, Diagnostics& diags) {
  const auto nsgs = names_of(network.nsgs);
  const auto tables = names_of(network.route_tables);
  const auto nats = names_of(network.nat_gateways);
  std::set<std::string> used_nsgs, used_tables, used_nats;
  for (const auto& vnet : network.vnets) {
    for (const auto& subnet : vnet.subnets) {
      check_reference(diags, subnet.source, "network security group", subnet.network_security_group,
                      network.find_nsg(subnet.network_security_group) != nullptr, nsgs);
      check_reference(diags, subnet.source, "route table", subnet.route_table,
                      network.find_route_table(subnet.route_table) != nullptr, tables);
      check_reference(diags, subnet.source, "NAT gateway", subnet.nat_gateway,
                      network.find_nat_gateway(subnet.nat_gateway) != nullptr, nats);
      used_nsgs.insert(subnet.network_security_group);
      used_tables.insert(subnet.route_table);
      used_nats.insert(subnet.nat_gateway);
    }
  }
  auto warn_unused = [&](const auto& items, const std::set<std::string>& used, std::string_view what) {
    for (const auto& item : items) {
      if (!used.contains(item.name)) {
        diags.warning(DiagKind::unused, item.source,
                      fmt::format("{} '{}' is not attached to any subnet", what, item.name));
      }
    }
  };
  warn_unused(network.nsgs, used_nsgs, "network security group");
  warn_unused(network.route_tables, used_tables, "route table");
  warn_unused(network.nat_gateways, used_nats, "NAT gateway");
}

void check_public_ip_refs(const Network& network, Diagnostics& diags,
                          const std::vector<std::string>& refs, const SourceRef& at) {
  for (const auto& ref : refs) {
    // (The names, for a suggestion, only for an unknown one: thousands of NAT gateways ask.)
    if (ref.empty() || network.find_public_ip(ref) != nullptr) continue;
    check_reference(diags, at, "public IP address", ref, false, names_of(network.public_ips));
  }
}

void check_devices(const Network& network, Diagnostics& diags,
                   const std::vector<std::string>& subnet_names) {
  const auto vnet_names = names_of(network.vnets);
  for (const auto& nat : network.nat_gateways) {
    check_public_ip_refs(network, diags, nat.public_ip_addresses, nat.source);
  }
  for (const auto& fw : network.firewalls) {
    check_subnet_ref(network, diags, fw.source, fw.subnet, subnet_names);
    auto id = network.find_subnet(fw.subnet);
    if (id && network.subnet(*id).name != "AzureFirewallSubnet") {
      diags.error(DiagKind::reserved_subnet, fw.source,
                  fmt::format("Azure Firewall '{}' must be deployed in a subnet named "
                              "'AzureFirewallSubnet', not '{}'",
                              fw.name, network.subnet(*id).name));
    }
    check_ip_in_subnet(network, diags, fw.source, fw.subnet, fw.private_ip_address,
                       "firewall private IP");
    check_public_ip_refs(network, diags, fw.public_ip_addresses, fw.source);
  }
  for (const auto& nva : network.appliances) {
    check_subnet_ref(network, diags, nva.source, nva.subnet, subnet_names);
    check_ip_in_subnet(network, diags, nva.source, nva.subnet, nva.private_ip_address,
                       "appliance private IP");
    if (!nva.public_ip_address.empty()) {
      check_public_ip_refs(network, diags, {nva.public_ip_address}, nva.source);
    }
  }
  for (const auto& gw : network.gateways) {
    const Vnet* vnet = network.find_vnet(gw.virtual_network);
    check_reference(diags, gw.source, "VNet", gw.virtual_network, vnet != nullptr, vnet_names);
    if (vnet != nullptr && vnet->find_subnet("GatewaySubnet") == nullptr) {
      diags.error(DiagKind::reserved_subnet, gw.source,
                  fmt::format("virtual network gateway '{}' needs a subnet named 'GatewaySubnet' "
                              "in VNet '{}'",
                              gw.name, vnet->name));
    }
  }
  for (const auto& lb : network.load_balancers) {
    for (const auto& rule : lb.outbound_rules) {
      check_public_ip_refs(network, diags, rule.frontend_public_ips, rule.source);
      for (const auto& pool : rule.backend_node_pools) {
        std::vector<std::string> pools;
        if (network.cluster) pools = names_of(network.cluster->node_pools);
        check_reference(diags, rule.source, "node pool", pool,
                        network.find_node_pool(pool) != nullptr, pools);
      }
    }
  }
}

void check_private_link(const Network& network, Diagnostics& diags,
                        const std::vector<std::string>& subnet_names) {
  const auto registries = names_of(network.registries);
  const auto zones = names_of(network.private_dns_zones);
  const auto vnet_names = names_of(network.vnets);
  for (const auto& pe : network.private_endpoints) {
    check_subnet_ref(network, diags, pe.source, pe.subnet, subnet_names);
    if (pe.group_id == "registry") {
      check_reference(diags, pe.source, "container registry", pe.target,
                      network.find_registry(pe.target) != nullptr, registries);
    }
    for (const auto& ip : pe.private_ip_addresses) {
      check_ip_in_subnet(network, diags, pe.source, pe.subnet, ip, "private endpoint IP");
    }
    for (const auto& zone : pe.dns_zone_groups) {
      bool exists = std::any_of(network.private_dns_zones.begin(), network.private_dns_zones.end(),
                                [&](const PrivateDnsZone& z) { return z.name == zone; });
      check_reference(diags, pe.source, "private DNS zone", zone, exists, zones);
    }
  }
  for (const auto& zone : network.private_dns_zones) {
    for (const auto& link : zone.virtual_network_links) {
      check_reference(diags, link.source, "VNet", link.virtual_network,
                      network.find_vnet(link.virtual_network) != nullptr, vnet_names);
    }
  }
}

void check_cluster(const Network& network, Diagnostics& diags,
                   const std::vector<std::string>& subnet_names) {
  if (!network.cluster) return;
  const Cluster& cluster = *network.cluster;
  check_unique(diags, cluster.node_pools, "node pool");
  for (const auto& pool : cluster.node_pools) {
    check_subnet_ref(network, diags, pool.source, pool.subnet, subnet_names);
  }
  check_reference(diags, cluster.source, "container registry", cluster.registry,
                  network.find_registry(cluster.registry) != nullptr, names_of(network.registries));
  check_subnet_ref(network, diags, cluster.source, cluster.api_server_subnet, subnet_names);
  if (cluster.node_pools.empty()) {
    diags.error(DiagKind::missing_key, cluster.source, "a cluster needs at least one node pool");
  }
}

bool is_valid_target(const Network& network, const std::string& to) {
  if (to == "internet" || to == "apiserver" || to == "registry") return true;
  if (is_ip_like(to)) return true;  // address syntax is checked separately
  if (to.find('/') != std::string::npos) return network.find_subnet(to).has_value();
  return to.find('.') != std::string::npos;  // an FQDN
}

void check_expectations(const Network& network, Diagnostics& diags,
                        const std::vector<std::string>& subnet_names) {
  std::vector<std::string> sources = subnet_names;
  if (network.cluster) {
    for (const auto& pool : network.cluster->node_pools) sources.push_back(pool.name);
  }
  for (const auto& expect : network.expectations) {
    if (expect.from.empty() && expect.to.empty()) {
      if (!network.cluster) {
        diags.error(DiagKind::invalid_value, expect.source,
                    "a cluster verdict needs a [cluster] section");
      }
      continue;
    }
    if (!network.cluster && (expect.to == "apiserver" || expect.to == "registry")) {
      diags.error(DiagKind::invalid_value, expect.source,
                  fmt::format("'to = \"{}\"' needs a [cluster] section", expect.to));
    }
    bool from_ok = network.find_node_pool(expect.from) != nullptr ||
                   network.find_subnet(expect.from).has_value();
    check_reference(diags, expect.source, "source (node pool or vnet/subnet)", expect.from, from_ok,
                    sources);
    if (is_ip_like(expect.to)) {
      auto parsed = parse_prefix(expect.to, true);
      if (!parsed) diags.error(DiagKind::invalid_cidr, expect.source, parsed.error);
    } else if (!is_valid_target(network, expect.to)) {
      std::vector<std::string> targets{"internet", "apiserver", "registry"};
      targets.insert(targets.end(), subnet_names.begin(), subnet_names.end());
      check_reference(diags, expect.source,
                      "destination (internet, apiserver, registry, address, vnet/subnet or FQDN)",
                      expect.to, false, targets);
    }
  }
}

}  // namespace

void validate_references(const Network& network, Diagnostics& diags) {
  const auto subnet_names = qualified_subnet_names(network);
  check_unique(diags, network.route_tables, "route table");
  check_unique(diags, network.nsgs, "network security group");
  check_unique(diags, network.nat_gateways, "NAT gateway");
  check_unique(diags, network.public_ips, "public IP address");
  check_unique(diags, network.load_balancers, "load balancer");
  check_unique(diags, network.firewalls, "firewall");
  check_unique(diags, network.appliances, "network virtual appliance");
  check_unique(diags, network.gateways, "virtual network gateway");
  check_unique(diags, network.private_endpoints, "private endpoint");
  check_unique(diags, network.private_dns_zones, "private DNS zone");
  check_unique(diags, network.registries, "container registry");
  check_unique(diags, network.service_tags, "service tag");
  check_attachments(network, diags);
  check_devices(network, diags, subnet_names);
  check_private_link(network, diags, subnet_names);
  check_cluster(network, diags, subnet_names);
  check_expectations(network, diags, subnet_names);
}

}  // namespace airgap::model::detail
