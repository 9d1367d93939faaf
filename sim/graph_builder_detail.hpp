// Internal: the state shared by the graph builder's per-resource steps.
#pragma once

#include <concepts>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "sim/admission.hpp"
#include "sim/effective_routes.hpp"
#include "sim/graph_builder.hpp"
#include "sim/nsg_eval.hpp"

namespace airgap::sim::detail {

enum class DeviceKind { pool, subnet, firewall, appliance };

/// A NIC that sends packets into the routing of its subnet.
struct Device {
  DeviceKind kind = DeviceKind::subnet;
  std::string key;
  std::string name;
  model::SubnetId subnet;
  std::vector<std::string> asgs;
  const model::NodePool* pool = nullptr;
  const model::Firewall* firewall = nullptr;
  const model::NetworkVirtualAppliance* appliance = nullptr;
};

class Builder {
 public:
  explicit Builder(const GraphInput& input);
  /// Works on `graph` in place: edges keep their addresses, which caches key on.
  Builder(const GraphInput& input, ForwardingGraph& graph);
  ForwardingGraph build();
  /// Rebuilds the source stages that use NSG `nsg` (in-place builders only).
  std::vector<VertexId> rebuild_sources(const std::string& nsg,
                                        const std::function<void(VertexId)>& before_clear,
                                        const NsgRuleEdit* edit);
  /// Rebuilds every egress stage (in-place builders only).
  void rebuild_egress(const std::function<void(VertexId)>& before_clear);
  /// Rebuilds the route lookups of devices in `route_vnets` and the deliveries of `subnets`
  /// (in-place builders only); false if that needs more than those stages.
  bool rebuild_endpoint_stages(
      const std::vector<std::size_t>& route_vnets, const std::vector<std::string>& subnets,
      const std::function<void(VertexId)>& before_clear);
  /// Rebuilds the route lookups of devices on subnets using route table `table` (in-place
  /// builders only); false if that needs a stage the graph lacks.
  bool rebuild_routes_using(const std::string& table, const std::function<void(VertexId)>& before_clear);
  /// Rebuilds the filtering stage of one firewall (in-place builders only).
  std::optional<VertexId> rebuild_firewall(const std::string& firewall,
                                           const std::function<void(VertexId)>& before_clear);

 private:
  /// The stage under `key`, added if new. `name` is its name, or a function that forms it,
  /// called only for a new stage (most callers find the stage there already).
  template <typename Name>
  VertexId add_vertex(VertexKind kind, const std::string& key, Name&& name, model::SourceRef source = {}) {
    if (auto it = fg_.by_key.find(key); it != fg_.by_key.end()) return it->second;
    if constexpr (std::invocable<Name>) {
      return new_vertex(kind, key, std::string(name()), std::move(source));
    } else {
      return new_vertex(kind, key, std::string(std::forward<Name>(name)), std::move(source));
    }
  }
  VertexId new_vertex(VertexKind kind, const std::string& key, std::string name,
                      model::SourceRef source);
  void add_edge(VertexId from, VertexId to, Edge edge);
  void add_drop(VertexId from, TriSet packets, std::string description, model::SourceRef source,
                std::vector<Attribution> because = {},
                std::shared_ptr<const Gate> gate = nullptr);

  // graph_builder.cpp
  VertexId route_lookup_vertex(const Device& device);  // one per sending device
  void collect_devices();
  std::optional<Device> firewall_device(const model::Firewall& fw) const;
  /// Looks up a stage, lets `before_clear` see it, and removes its out-edges.
  VertexId clear_stage(const std::string& key, const std::function<void(VertexId)>& before_clear);
  /// The source devices `wanted` keeps, among all pools or only `only_pools`.
  void collect_sources(const std::function<bool(const Device&)>& wanted,
                       const std::vector<const model::NodePool*>* only_pools = nullptr);
  void collect_sources(const std::set<std::string>& keys);  // by device key
  void build_source(const Device& device);
  void build_route_lookup(const Device& device);
  void build_route_choice(const Device& device, VertexId from, const RouteChoice& choice);
  void build_deliveries(const std::function<bool(const std::string&)>& wanted);  // by subnet
  void rebuild_route_lookups(const std::function<bool(const Device&)>& wanted,
                             const std::function<void(VertexId)>& before_clear);
  bool only_endpoints_since(std::size_t vertices_before) const;
  VertexId endpoint_vertex(const std::string& name, std::string text, const model::SourceRef& source);
  /// The subnet's inbound NSG decision, shared and worked out on first use; null without an NSG.
  std::shared_ptr<const Admission> admission(model::SubnetId subnet);
  // graph_builder_devices.cpp
  void build_egress(const Device& device);
  void build_firewall(const Device& device);
  void build_appliance(const Device& device);
  void build_gateways();
  void route_to_appliance(VertexId from, const RouteChoice& choice, const Device& sender);
  /// sim::platform_denied, kept with the NSG's outbound decision when decisions are kept.
  TriSet platform_denied(const model::Nsg& nsg, const NsgContext& context);
  NsgOutcome nsg_outcome(const std::string& nsg_name, model::Direction direction,
                         const NsgContext& context, const std::string& where, bool allowed_as_gate = false);
  /// `nsg`'s decision: kept from the build before (in_.nsg_decisions), updated for edit_, or
  /// worked out, and kept.
  NsgDecision& kept_decision(const model::Nsg& nsg, model::Direction direction, const NsgContext& context);
  void forget_stale_decisions(const std::string& nsg);
  /// What the NSG allows at `from` (adding its drop edge); with `as_gate`, an edited decision's
  /// allowed set is handed over there unformed instead (a DeferredGate with the edit's patch; the result is then
  /// empty and must not be read).
  TriSet nsg_allowed(const std::string& nsg_name, model::Direction direction,
                     const NsgContext& context, VertexId from, const std::string& where,
                     std::vector<Attribution>* allowed_because = nullptr,
                     std::vector<std::string>* unknowns = nullptr,
                     std::shared_ptr<const Gate>* as_gate = nullptr);

  /// What a route into a VNet delivers to: each subnet's destinations and delivery stage (found
  /// when first needed), and all of them. Every route into the VNet asks (the hub's thousand
  /// peering routes per sender); stages are never removed, so their ids stay.
  struct VnetTargets {
    std::vector<PacketSet> subnets;
    std::vector<std::optional<VertexId>> deliveries;
    PacketSet all;
  };
  VnetTargets& vnet_targets(std::size_t vnet);
  VertexId delivery(VnetTargets& targets, model::SubnetId subnet);

  const GraphInput& in_;
  const model::Network& net_;
  ForwardingGraph own_;  // what build() fills and returns
  ForwardingGraph& fg_;  // own_, or the graph an in-place builder was given
  std::vector<Device> devices_;
  std::map<model::SubnetId, std::shared_ptr<const Admission>> admissions_;
  std::map<std::size_t, VnetTargets> vnet_targets_;  // by VNet index
  PacketSet well_formed_;
  bool stale_endpoint_ = false;  // an endpoint vertex kept from before reads differently
  std::vector<VertexId> built_stages_;  // stages a rebuild created and built whole
  std::string region_;
  const NsgRuleEdit* edit_ = nullptr;  // the NSG edit a rebuild of sources is for
  std::set<std::string, std::less<>> decided_;  // decision keys this builder kept
};

std::string qualified(const model::Network& network, model::SubnetId id);

}  // namespace airgap::sim::detail
