// Reader for Azure Firewall and its policy: rule collection groups, collections, rules.
#include <fmt/format.h>

#include <array>

#include "model/loader_parts.hpp"

namespace airgap::model::detail {

namespace {

void read_app_protocols(TableReader& reader, FirewallRule& rule) {
  reader.tables({"protocols"}, [&](TableReader& child) {
    AppProtocolPort entry;
    static constexpr std::array<std::string_view, 3> types{"Http", "Https", "Mssql"};
    if (auto type = child.choice("protocolType", types, Need::required)) {
      entry.protocol = static_cast<AppProtocol>(*type);
    }
    if (auto port = child.integer("port", Need::required)) {
      if (*port < 0 || *port > 65535) {
        child.context().diagnostics.error(DiagKind::invalid_port, child.where("port"),
                                          fmt::format("port {} is outside 0-65535", *port));
      } else {
        entry.port = static_cast<std::uint16_t>(*port);
      }
    }
    rule.protocols.push_back(entry);
  });
}

void read_rule(TableReader& reader, RuleCollection& collection) {
  FirewallRule rule;
  rule.source = reader.where();
  rule.name = reader.string({"name"}, Need::required).value_or("");
  static constexpr std::array<std::string_view, 3> types{"NetworkRule", "ApplicationRule",
                                                         "NatRule"};
  if (auto type = reader.choice("ruleType", types, Need::required)) {
    rule.rule_type = static_cast<RuleType>(*type);
  }
  rule.source_addresses = read_addresses(reader, {"sourceAddresses"});
  if (rule.source_addresses.empty()) rule.source_addresses.emplace_back(AnyAddress{});
  static constexpr std::array<std::string_view, 4> ip_protocols{"Any", "TCP", "UDP", "ICMP"};
  for (auto& [text, at] : reader.strings({"ipProtocols"})) {
    bool found = false;
    for (std::size_t i = 0; i < ip_protocols.size(); ++i) {
      if (fmt::format("{}", text) == ip_protocols[i] ||
          (text.size() == ip_protocols[i].size() &&
           std::equal(text.begin(), text.end(), ip_protocols[i].begin(),
                      [](char a, char b) { return std::toupper(a) == std::toupper(b); }))) {
        rule.ip_protocols.push_back(static_cast<FirewallProtocol>(i));
        found = true;
      }
    }
    if (!found) {
      reader.context().diagnostics.error(
          DiagKind::invalid_value, at,
          fmt::format("'{}' is not a firewall IP protocol (expected Any, TCP, UDP or ICMP)", text));
    }
  }
  rule.destination_addresses = read_addresses(reader, {"destinationAddresses"});
  for (auto& [fqdn, at] : reader.strings({"destinationFqdns"})) rule.destination_fqdns.push_back(fqdn);
  rule.destination_ports = read_ports(reader, {"destinationPorts"});
  read_app_protocols(reader, rule);
  for (auto& [fqdn, at] : reader.strings({"targetFqdns"})) rule.target_fqdns.push_back(fqdn);
  for (auto& [tag, at] : reader.strings({"fqdnTags"})) rule.fqdn_tags.push_back(tag);
  rule.translated_address = reader.ipv4("translatedAddress");
  if (auto port = reader.integer("translatedPort")) {
    rule.translated_port = static_cast<std::uint16_t>(std::clamp<std::int64_t>(*port, 0, 65535));
  }
  auto& diags = reader.context().diagnostics;
  if (rule.rule_type == RuleType::network) {
    if (rule.ip_protocols.empty()) {
      diags.error(DiagKind::missing_key, rule.source, "a network rule needs ipProtocols");
    }
    if (rule.destination_addresses.empty() && rule.destination_fqdns.empty()) {
      diags.error(DiagKind::missing_key, rule.source,
                  "a network rule needs destinationAddresses or destinationFqdns");
    }
    if (rule.destination_ports.empty()) {
      diags.error(DiagKind::missing_key, rule.source, "a network rule needs destinationPorts");
    }
  } else if (rule.rule_type == RuleType::application) {
    if (rule.target_fqdns.empty() && rule.fqdn_tags.empty()) {
      diags.error(DiagKind::missing_key, rule.source,
                  "an application rule needs targetFqdns or fqdnTags");
    }
    if (rule.protocols.empty()) {
      diags.error(DiagKind::missing_key, rule.source, "an application rule needs protocols");
    }
  }
  collection.rules.push_back(std::move(rule));
}

int read_priority(TableReader& reader, int low, int high) {
  auto priority = reader.integer("priority", Need::required);
  if (!priority) return high;
  if (*priority < low || *priority > high) {
    reader.context().diagnostics.error(
        DiagKind::invalid_priority, reader.where("priority"),
        fmt::format("priority {} is outside {}-{}", *priority, low, high));
  }
  return static_cast<int>(std::clamp<std::int64_t>(*priority, low, high));
}

void read_collection(TableReader& reader, RuleCollectionGroup& group) {
  RuleCollection collection;
  collection.source = reader.where();
  collection.name = reader.string({"name"}, Need::required).value_or("");
  collection.priority = read_priority(reader, 100, 65000);
  static constexpr std::array<std::string_view, 2> types{"FirewallPolicyFilterRuleCollection",
                                                         "FirewallPolicyNatRuleCollection"};
  collection.is_nat = reader.choice("ruleCollectionType", types).value_or(0) == 1;
  static constexpr std::array<std::string_view, 3> actions{"Allow", "Deny", "DNAT"};
  if (const toml::node* action = reader.node({"action"}, Need::required)) {
    // ARM writes action = { type = "Allow" }; a bare string is accepted too.
    if (const auto* table = action->as_table()) {
      TableReader action_reader(reader.context(), *table, reader.scope() + ".action");
      auto index = action_reader.choice("type", actions, Need::required);
      collection.allow = index.value_or(0) != 1;
    } else {
      collection.allow = reader.choice("action", actions).value_or(0) != 1;
    }
  }
  reader.tables({"rules", "rule"}, [&](TableReader& child) { read_rule(child, collection); });
  group.rule_collections.push_back(std::move(collection));
}

}  // namespace

void read_firewall(TableReader& reader, Network& network) {
  Firewall firewall;
  firewall.source = reader.where();
  firewall.name = reader.string({"name"}, Need::required).value_or("");
  firewall.subnet = reader.string({"subnet"}, Need::required).value_or("");
  if (auto ip = reader.ipv4("privateIpAddress", Need::required)) firewall.private_ip_address = *ip;
  for (auto& [name, at] : reader.strings({"publicIpAddresses"})) {
    firewall.public_ip_addresses.push_back(name);
  }
  firewall.dns_proxy = reader.boolean("enableDnsProxy").value_or(false);
  for (auto& [text, at] : reader.strings({"privateRanges"})) {
    if (text == "IANAPrivateRanges") continue;
    auto parsed = parse_prefix(text);
    if (!parsed) {
      reader.context().diagnostics.error(DiagKind::invalid_cidr, at, parsed.error);
    } else if (parsed.value->length == 0) {
      firewall.snat_never = true;
    } else if (parsed.value->length == 32 && parsed.value->address.value == 0xffffffffu) {
      firewall.snat_always = true;
    } else {
      firewall.snat_private_ranges.push_back(*parsed.value);
    }
  }
  reader.tables({"ruleCollectionGroups", "ruleCollectionGroup"}, [&](TableReader& child) {
    RuleCollectionGroup group;
    group.source = child.where();
    group.name = child.string({"name"}, Need::required).value_or("");
    group.priority = read_priority(child, 100, 65000);
    child.tables({"ruleCollections", "ruleCollection"},
                 [&](TableReader& grandchild) { read_collection(grandchild, group); });
    firewall.rule_collection_groups.push_back(std::move(group));
  });
  network.firewalls.push_back(std::move(firewall));
}

}  // namespace airgap::model::detail
