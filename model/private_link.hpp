// Private endpoints and private DNS zones: how names resolve to private addresses.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/ip.hpp"
#include "model/source_ref.hpp"

namespace airgap::model {

struct PrivateEndpoint {
  std::string name;
  std::string subnet;     // "vnet/subnet"
  std::string target;     // registry name, or another resource name
  std::string group_id;   // e.g. "registry"
  std::vector<Ipv4> private_ip_addresses;  // allocated in the subnet when not given
  std::string connection_state = "Approved";
  std::vector<std::string> dns_zone_groups;  // zones the PE writes its A records into
  SourceRef source;
  bool operator==(const PrivateEndpoint&) const = default;
};

/// A private frontend that is a destination but not a device: an internal load balancer VIP
/// such as the API server's under API Server VNet Integration.
struct InternalEndpoint {
  std::string name;
  std::string subnet;  // "vnet/subnet"
  Ipv4 ip_address;
  std::string description;
  SourceRef source;
  bool operator==(const InternalEndpoint&) const = default;
};

enum class ResolutionPolicy { default_policy, nx_domain_redirect };

struct VnetLink {
  std::string virtual_network;
  ResolutionPolicy resolution_policy = ResolutionPolicy::default_policy;
  SourceRef source;
  bool operator==(const VnetLink&) const = default;
};

struct DnsRecord {
  std::string name;  // relative to the zone, e.g. "acrbyo" or "acrbyo.westeurope.data"
  Ipv4 ipv4_address;
  SourceRef source;
  bool operator==(const DnsRecord&) const = default;
};

struct PrivateDnsZone {
  std::string name;  // e.g. privatelink.azurecr.io
  std::vector<VnetLink> virtual_network_links;
  std::vector<DnsRecord> records;
  SourceRef source;
  bool operator==(const PrivateDnsZone&) const = default;
};

}  // namespace airgap::model
