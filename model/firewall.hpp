// Firewall: Azure Firewall with a policy of rule collection groups (network, application, DNAT).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/address_match.hpp"
#include "model/ip.hpp"
#include "model/source_ref.hpp"

namespace airgap::model {

enum class FirewallProtocol { any, tcp, udp, icmp };
enum class AppProtocol { http, https, mssql };
enum class RuleType { network, application, nat };

struct AppProtocolPort {
  AppProtocol protocol = AppProtocol::https;
  std::uint16_t port = 443;
  bool operator==(const AppProtocolPort&) const = default;
};

struct FirewallRule {
  std::string name;
  RuleType rule_type = RuleType::network;
  std::vector<AddressMatch> source_addresses;
  // network rules
  std::vector<FirewallProtocol> ip_protocols;
  std::vector<AddressMatch> destination_addresses;
  std::vector<std::string> destination_fqdns;
  std::vector<PortRange> destination_ports;
  // application rules
  std::vector<AppProtocolPort> protocols;
  std::vector<std::string> target_fqdns;  // may start with "*."; "*" alone is any name
  std::vector<std::string> fqdn_tags;
  // nat (DNAT) rules: inbound only, kept for completeness of the model
  std::optional<Ipv4> translated_address;
  std::optional<std::uint16_t> translated_port;
  SourceRef source;
  bool operator==(const FirewallRule&) const = default;
};

struct RuleCollection {
  std::string name;
  int priority = 0;
  bool is_nat = false;   // FirewallPolicyNatRuleCollection
  bool allow = true;     // action
  std::vector<FirewallRule> rules;
  SourceRef source;
  bool operator==(const RuleCollection&) const = default;
};

struct RuleCollectionGroup {
  std::string name;
  int priority = 0;
  std::vector<RuleCollection> rule_collections;
  SourceRef source;
  bool operator==(const RuleCollectionGroup&) const = default;
};

struct Firewall {
  std::string name;
  std::string subnet;  // "vnet/AzureFirewallSubnet"
  Ipv4 private_ip_address;
  std::vector<std::string> public_ip_addresses;  // PublicIp names
  bool dns_proxy = false;
  std::vector<Prefix> snat_private_ranges;  // empty = IANA private ranges (RFC1918 + 100.64/10)
  bool snat_always = false;                 // 255.255.255.255/32 given
  bool snat_never = false;                  // 0.0.0.0/0 given
  std::vector<RuleCollectionGroup> rule_collection_groups;
  SourceRef source;
  bool operator==(const Firewall&) const = default;
};

}  // namespace airgap::model
