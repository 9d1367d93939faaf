// build_forwarding_graph: turns a Network (one cluster variant) into a ForwardingGraph.
//
// Per sending device (node pool, subnet used as a source, firewall, appliance) the graph has a
// source stage (platform shortcut, NIC then subnet NSG outbound), a route lookup in the device's
// subnet with one edge per winning route, and an egress stage that applies the outbound method
// precedence of azure-semantics §4.1. Subnets get a delivery stage behind their inbound NSG, and
// endpoints (private endpoints, internal frontends) hang off their subnet's delivery.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/network.hpp"
#include "sim/address_space.hpp"
#include "sim/forwarding_graph.hpp"
#include "sim/name_universe.hpp"
#include "sim/nsg_edit.hpp"

namespace airgap::sim {

class FirewallMemo;

struct GraphInput {
  const model::Network& network;
  const AddressSpace& space;
  const NameUniverse& names;
  std::vector<model::SubnetId> subnet_sources;  // subnets to start packets from (besides pools)
  FirewallMemo* firewall_memo = nullptr;         // evaluated rule collections, kept between builds
  NsgDecisions* nsg_decisions = nullptr;         // NSG decisions, kept between builds (see below)
};

ForwardingGraph build_forwarding_graph(const GraphInput& input);

/// Rebuilds, in place, the source stages of the pools and subnet sources whose NIC or subnet
/// uses NSG `nsg`: what an edit of that NSG's outbound rules changes. Returns their vertices.
/// (Inbound rules shape every delivery into the NSG's subnets; those need a full build.)
/// `before_clear` sees each source vertex before its out-edges go (to drop caches of them).
/// With `edit` (the NSG's rules edited in place) and the decisions of the build before in
/// `input.nsg_decisions`, the NSG's decisions are updated from those (evaluate_nsg_edit)
/// rather than worked out again. Decisions kept must be those of the graph as it is: whoever
/// changes what one depends on (an NSG's rules, the address space) rebuilds through here or
/// builds a new graph with the decisions cleared.
std::vector<VertexId> rebuild_sources_using(ForwardingGraph& graph, const GraphInput& input,
                                            const std::string& nsg,
                                            const std::function<void(VertexId)>& before_clear,
                                            const NsgRuleEdit* edit = nullptr);

/// Rebuilds, in place, the filtering stage of firewall `firewall` (what an edit of its rule
/// collection groups changes) and returns that stage's vertex; nullopt if the graph has no
/// such firewall. `before_clear` sees the vertex before its out-edges go.
std::optional<VertexId> rebuild_firewall(ForwardingGraph& graph, const GraphInput& input,
                                         const std::string& firewall,
                                         const std::function<void(VertexId)>& before_clear);

/// Rebuilds, in place, every egress stage (the outbound method: NAT gateway, public IPs, load
/// balancer outbound rules, default outbound access): what a change of the load balancers or
/// public IPs changes. `before_clear` sees each stage before its out-edges go.
void rebuild_egress(ForwardingGraph& graph, const GraphInput& input,
                                     const std::function<void(VertexId)>& before_clear);

/// Rebuilds, in place, what private and internal endpoints shape: the route lookups of the
/// devices in `route_vnets` (private endpoint /32 routes, and deliveries into subnets whose
/// inbound NSG exempts endpoint addresses) and the deliveries of the qualified `subnets` (their
/// edges to endpoints); `before_clear` sees each stage before its out-edges go. False when more
/// than those would change (a stage the graph lacks, an endpoint vertex that reads
/// differently): build afresh then.
bool rebuild_endpoint_stages(
    ForwardingGraph& graph, const GraphInput& input, const std::vector<std::size_t>& route_vnets,
    const std::vector<std::string>& subnets, const std::function<void(VertexId)>& before_clear);

/// Rebuilds, in place, the route lookups of the devices on subnets that use route table
/// `table`: what an edit of its routes changes while the prefixes it names stay the same (those
/// also widen the VirtualNetwork tag). False when a stage the graph lacks would be needed.
bool rebuild_routes_using(ForwardingGraph& graph, const GraphInput& input, const std::string& table,
                          const std::function<void(VertexId)>& before_clear);

std::string pool_key(const std::string& pool);
std::string subnet_source_key(const std::string& qualified_subnet);
std::string deliver_key(const std::string& qualified_subnet);
std::string endpoint_key(const std::string& endpoint);

}  // namespace airgap::sim
