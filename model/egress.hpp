// Explicit outbound methods: public IPs, NAT gateways and load balancers with outbound rules.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/ip.hpp"
#include "model/source_ref.hpp"

namespace airgap::model {

struct PublicIp {
  std::string name;
  std::optional<Ipv4> ip_address;  // unknown until allocated is fine
  std::string sku = "Standard";
  SourceRef source;
  bool operator==(const PublicIp&) const = default;
};

struct NatGateway {
  std::string name;
  std::vector<std::string> public_ip_addresses;
  std::string sku = "Standard";
  SourceRef source;
  bool operator==(const NatGateway&) const = default;
};

enum class LbProtocol { all, tcp, udp };

struct OutboundRule {
  std::string name;
  LbProtocol protocol = LbProtocol::all;
  std::vector<std::string> backend_node_pools;  // node pool names whose NICs are in the pool
  std::vector<std::string> frontend_public_ips;
  SourceRef source;
  bool operator==(const OutboundRule&) const = default;
};

struct LoadBalancer {
  std::string name;
  bool is_public = true;
  std::string sku = "Standard";
  std::vector<OutboundRule> outbound_rules;
  SourceRef source;
  bool operator==(const LoadBalancer&) const = default;
};

}  // namespace airgap::model
