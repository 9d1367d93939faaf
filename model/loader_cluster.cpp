// Readers for the AKS cluster, its node pools, and the [[expect]] lines.
#include <fmt/format.h>

#include <array>

#include "model/loader_parts.hpp"

namespace airgap::model::detail {

namespace {

void read_node_pool(TableReader& reader, Cluster& cluster) {
  NodePool pool;
  pool.source = reader.where();
  pool.name = reader.string({"name"}, Need::required).value_or("");
  pool.subnet = reader.string({"subnet", "vnetSubnet"}).value_or("");
  static constexpr std::array<std::string_view, 2> os_types{"Linux", "Windows"};
  pool.os_type = os_types[reader.choice("osType", os_types).value_or(0)];
  static constexpr std::array<std::string_view, 2> modes{"System", "User"};
  pool.mode = modes[reader.choice("mode", modes).value_or(0)];
  pool.enable_node_public_ip = reader.boolean("enableNodePublicIP").value_or(false);
  if (auto count = reader.integer("count")) {
    if (*count < 0 || *count > 5000) {
      reader.context().diagnostics.error(DiagKind::invalid_value, reader.where("count"),
                                         fmt::format("node count {} is outside 0-5000", *count));
    }
    pool.count = static_cast<int>(std::clamp<std::int64_t>(*count, 0, 5000));
  }
  for (auto& [asg, at] : reader.strings({"applicationSecurityGroups"})) {
    pool.application_security_groups.push_back(asg);
  }
  cluster.node_pools.push_back(std::move(pool));
}

void read_storage_class(TableReader& reader, Cluster& cluster) {
  StorageClass sc;
  sc.source = reader.where();
  sc.name = reader.string({"name"}, Need::required).value_or("");
  sc.provisioner = reader.string({"provisioner"}, Need::required).value_or("");
  sc.network_endpoint_type = reader.string({"networkEndpointType"}).value_or("");
  cluster.storage_classes.push_back(std::move(sc));
}

}  // namespace

void read_cluster(TableReader& reader, Network& network) {
  Cluster cluster;
  cluster.source = reader.where();
  cluster.name = reader.string({"name"}, Need::required).value_or("");
  cluster.location = reader.string({"location"}).value_or("westeurope");
  cluster.kubernetes_version = reader.string({"kubernetesVersion"}).value_or("1.31");
  static constexpr std::array<std::string_view, 6> outbound{
      "loadBalancer", "managedNATGateway", "userAssignedNATGateway", "userDefinedRouting", "none",
      "block"};
  cluster.outbound_type =
      static_cast<OutboundType>(reader.choice("outboundType", outbound).value_or(0));
  static constexpr std::array<std::string_view, 3> modes{"privateLink", "vnetIntegration",
                                                         "public"};
  cluster.api_server_access =
      static_cast<ApiServerAccess>(reader.choice("apiServerAccess", modes).value_or(2));
  static constexpr std::array<std::string_view, 2> sources{"Direct", "Cache"};
  cluster.bootstrap_artifact_source =
      sources[reader.choice("bootstrapArtifactSource", sources).value_or(0)];
  static constexpr std::array<std::string_view, 3> plugins{"azure", "kubenet", "none"};
  cluster.network_plugin = plugins[reader.choice("networkPlugin", plugins).value_or(0)];
  cluster.network_plugin_mode = reader.string({"networkPluginMode"}).value_or("");
  static constexpr std::array<std::string_view, 4> os_channels{"NodeImage", "None",
                                                               "SecurityPatch", "Unmanaged"};
  cluster.node_os_upgrade_channel =
      os_channels[reader.choice("nodeOsUpgradeChannel", os_channels).value_or(0)];
  cluster.upgrade_channel = reader.string({"upgradeChannel"}).value_or("none");
  cluster.registry = reader.string({"registry"}).value_or("");
  cluster.api_server_subnet = reader.string({"apiServerSubnet"}).value_or("");
  cluster.private_dns_zone = reader.string({"privateDnsZone"}).value_or("system");
  for (auto& [name, at] : reader.strings({"addons"})) cluster.addons.push_back(name);
  for (auto& [name, at] : reader.strings({"extensions"})) cluster.extensions.push_back(name);
  cluster.managed_prometheus = reader.boolean("managedPrometheus").value_or(false);
  cluster.container_insights = reader.boolean("containerInsights").value_or(false);
  cluster.azure_monitor_private_link_scope =
      reader.string({"azureMonitorPrivateLinkScope"}).value_or("");
  reader.tables({"storageClasses", "storageClass"},
                [&](TableReader& child) { read_storage_class(child, cluster); });
  reader.tables({"nodePool", "nodePools"},
                [&](TableReader& child) { read_node_pool(child, cluster); }, Need::required);
  network.cluster = std::move(cluster);
}

void read_expectation(TableReader& reader, Network& network) {
  Expectation expect;
  expect.source = reader.where();
  expect.from = reader.string({"from"}).value_or("");
  expect.to = reader.string({"to"}).value_or("");
  static constexpr std::array<std::string_view, 4> protocols{"*", "Tcp", "Udp", "Icmp"};
  if (auto p = reader.choice("protocol", protocols)) expect.protocol = static_cast<Protocol>(*p);
  expect.ports = read_ports(reader, {"ports", "destinationPortRange", "destinationPortRanges"});
  static constexpr std::array<std::string_view, 7> verdicts{
      "reachable", "unreachable", "unknown", "isolated", "egress", "bootstrap-broken",
      "not-deployable"};
  expect.verdict =
      static_cast<ExpectedVerdict>(reader.choice("verdict", verdicts, Need::required).value_or(1));
  for (auto& [variant, at] : reader.strings({"variants"})) expect.variants.push_back(variant);
  const bool cluster_verdict = expect.verdict >= ExpectedVerdict::isolated;
  if (cluster_verdict && (!expect.from.empty() || !expect.to.empty())) {
    reader.context().diagnostics.error(
        DiagKind::invalid_value, expect.source,
        fmt::format("verdict '{}' is about the whole cluster and takes no 'from' or 'to'",
                    to_string(expect.verdict)));
  }
  if (!cluster_verdict && (expect.from.empty() || expect.to.empty())) {
    reader.context().diagnostics.error(
        DiagKind::missing_key, expect.source,
        fmt::format("verdict '{}' needs 'from' (a node pool or vnet/subnet) and 'to'",
                    to_string(expect.verdict)));
  }
  network.expectations.push_back(std::move(expect));
}

}  // namespace airgap::model::detail
