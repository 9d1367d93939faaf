// Internal: the per-object readers the scenario loader is assembled from.
#pragma once

#include "model/network.hpp"
#include "model/table_reader.hpp"

namespace airgap::model::detail {

std::vector<AddressMatch> read_addresses(TableReader& reader,
                                         std::initializer_list<std::string_view> spellings,
                                         Need need = Need::optional);
std::vector<PortRange> read_ports(TableReader& reader,
                                  std::initializer_list<std::string_view> spellings,
                                  Need need = Need::optional);

void read_vnet(TableReader& reader, Network& network);
void read_route_table(TableReader& reader, Network& network);
void read_nsg(TableReader& reader, Network& network);
void read_firewall(TableReader& reader, Network& network);
void read_nat_gateway(TableReader& reader, Network& network);
void read_public_ip(TableReader& reader, Network& network);
void read_load_balancer(TableReader& reader, Network& network);
void read_appliance(TableReader& reader, Network& network);
void read_gateway(TableReader& reader, Network& network);
void read_private_endpoint(TableReader& reader, Network& network);
void read_private_dns_zone(TableReader& reader, Network& network);
void read_registry(TableReader& reader, Network& network);
void read_service_tag(TableReader& reader, Network& network);
void read_cluster(TableReader& reader, Network& network);
void read_expectation(TableReader& reader, Network& network);

/// Cross-object checks: references, prefixes, priorities, reserved subnets, next hops.
void validate(const Network& network, Diagnostics& diagnostics);

}  // namespace airgap::model::detail
