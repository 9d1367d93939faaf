#include "reports/topology_svg.hpp"

#include <fmt/format.h>
#include <graphviz/gvc.h>

#include <map>
#include <mutex>

namespace airgap::reports {

namespace {

// DOT strings are double-quoted; labels also pass through HTML-like escaping in SVG output.
std::string q(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string node(const std::string& id, const std::string& label, const std::string& attrs) {
  return fmt::format("    {} [label={}{}];\n", q(id), q(label), attrs.empty() ? "" : ", " + attrs);
}

// The diagram node a graph stage belongs to.
std::string diagram_node(const model::Network& net, const std::string& key) {
  auto after = [&](std::string_view prefix) { return key.substr(prefix.size()); };
  if (key == "internet") return "internet";
  if (key.starts_with("pool:")) return key;
  if (key.starts_with("route:pool:")) return "pool:" + after("route:pool:");
  if (key.starts_with("egress:pool:")) {
    const auto* pool = net.find_node_pool(after("egress:pool:"));
    if (pool != nullptr) {
      if (auto id = net.find_subnet(pool->subnet); id && !net.subnet(*id).nat_gateway.empty()) {
        return "nat:" + net.subnet(*id).nat_gateway;
      }
    }
    return "pool:" + after("egress:pool:");
  }
  for (std::string_view prefix : {"fwin:", "route:fw:", "egress:fw:"}) {
    if (key.starts_with(prefix)) return "fw:" + key.substr(prefix.size());
  }
  for (std::string_view prefix : {"nvain:", "route:nva:", "egress:nva:"}) {
    if (key.starts_with(prefix)) return "nva:" + key.substr(prefix.size());
  }
  if (key.starts_with("deliver:")) return "sub:" + after("deliver:");
  if (key.starts_with("endpoint:")) return "ep:" + after("endpoint:");
  if (key.starts_with("gw:")) return key;
  if (key.starts_with("subnet-source:")) return "sub:" + after("subnet-source:");
  if (key.starts_with("route:subnet-source:")) return "sub:" + after("route:subnet-source:");
  if (key.starts_with("egress:subnet-source:")) return "sub:" + after("egress:subnet-source:");
  return {};
}

void subnet_members(const model::Network& net, const std::string& ref, std::string& out) {
  bool any = false;
  if (net.cluster) {
    for (const auto& pool : net.cluster->node_pools) {
      if (pool.subnet != ref) continue;
      out += node("pool:" + pool.name, fmt::format("pool {}{}", pool.name, pool.enable_node_public_ip ? "\n(public IPs)" : ""),
                  "shape=box3d, style=filled, fillcolor=\"#dbeafe\"");
      any = true;
    }
  }
  for (const auto& fw : net.firewalls) {
    if (fw.subnet != ref) continue;
    out += node("fw:" + fw.name, fmt::format("firewall {}\n{}", fw.name, fw.private_ip_address.to_string()),
                "shape=octagon, style=filled, fillcolor=\"#fde68a\"");
    any = true;
  }
  for (const auto& nva : net.appliances) {
    if (nva.subnet != ref) continue;
    out += node("nva:" + nva.name, fmt::format("appliance {}\n{}", nva.name, nva.private_ip_address.to_string()),
                "shape=octagon, style=filled, fillcolor=\"#fed7aa\"");
    any = true;
  }
  for (const auto& pe : net.private_endpoints) {
    if (pe.subnet != ref) continue;
    out += node("ep:" + pe.name, fmt::format("PE {}\n{}", pe.name, pe.private_ip_addresses.empty() ? "" : pe.private_ip_addresses.front().to_string()),
                "shape=cds, style=filled, fillcolor=\"#dcfce7\"");
    any = true;
  }
  for (const auto& ep : net.internal_endpoints) {
    if (ep.subnet != ref) continue;
    out += node("ep:" + ep.name, fmt::format("{}\n{}", ep.description, ep.ip_address.to_string()),
                "shape=cds, style=filled, fillcolor=\"#dcfce7\"");
    any = true;
  }
  // Every subnet keeps an anchor: deliveries into it are drawn there.
  out += node("sub:" + ref, any ? "·" : "(empty)", any ? "shape=point, width=0.05" : "shape=plaintext, fontcolor=\"#6b7280\"");
}

}  // namespace

std::string topology_dot(const model::Network& net, const std::vector<sim::Hop>& highlight) {
  std::string out = "digraph airgap {\n  graph [rankdir=LR, compound=true, fontname=\"Helvetica\", fontsize=11, nodesep=0.3, ranksep=0.5];\n"
                    "  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9, color=\"#6b7280\"];\n";
  out += node("internet", "Internet", "shape=ellipse, style=filled, fillcolor=\"#fee2e2\"");
  for (std::size_t v = 0; v < net.vnets.size(); ++v) {
    const auto& vnet = net.vnets[v];
    std::string space;
    for (const auto& p : vnet.address_space) space += (space.empty() ? "" : ", ") + p.to_string();
    out += fmt::format("  subgraph {} {{\n    label={}; style=rounded; color=\"#2563eb\";\n", q("cluster_v" + std::to_string(v)),
                       q(fmt::format("VNet {} ({})", vnet.name, space)));
    for (std::size_t s = 0; s < vnet.subnets.size(); ++s) {
      const auto& subnet = vnet.subnets[s];
      const std::string ref = vnet.name + "/" + subnet.name;
      out += fmt::format("  subgraph {} {{\n    label={}; style=dashed; color=\"#9ca3af\";\n",
                         q(fmt::format("cluster_v{}_s{}", v, s)),
                         q(fmt::format("{} {}{}", subnet.name, subnet.address_prefix.to_string(),
                                       subnet.is_private() ? " (private)" : "")));
      subnet_members(net, ref, out);
      out += "  }\n";
    }
    out += "  }\n";
  }
  for (const auto& nat : net.nat_gateways) {
    out += node("nat:" + nat.name, "NAT gateway " + nat.name, "shape=invhouse, style=filled, fillcolor=\"#fecaca\"");
    out += fmt::format("  {} -> {} [style=dotted];\n", q("nat:" + nat.name), q("internet"));
  }
  for (const auto& vnet : net.vnets) {
    for (const auto& subnet : vnet.subnets) {
      if (subnet.nat_gateway.empty()) continue;
      out += fmt::format("  {} -> {} [style=dotted, arrowhead=none];\n", q("sub:" + vnet.name + "/" + subnet.name),
                         q("nat:" + subnet.nat_gateway));
    }
  }
  for (const auto& registry : net.registries) {
    out += node("acr:" + registry.name, "registry " + registry.name, "shape=cylinder, style=filled, fillcolor=\"#e9d5ff\"");
  }
  for (const auto& pe : net.private_endpoints) {
    if (net.find_registry(pe.target) != nullptr) {
      out += fmt::format("  {} -> {} [style=dashed, label=\"private link\"];\n", q("ep:" + pe.name), q("acr:" + pe.target));
    }
  }
  for (const auto& gw : net.gateways) out += node("gw:" + gw.name, "gateway " + gw.name + "\n(on-premises)", "shape=trapezium");
  // Peerings once per pair, between subnet anchors of the first subnets.
  for (std::size_t a = 0; a < net.vnets.size(); ++a) {
    for (const auto& p : net.vnets[a].peerings) {
      auto b = net.vnet_index(p.remote_virtual_network);
      if (!b || *b < a || net.vnets[a].subnets.empty() || net.vnets[*b].subnets.empty()) continue;
      out += fmt::format("  {} -> {} [dir=both, style=dashed, color=\"#2563eb\", label=\"peering\", lhead={}, ltail={}];\n",
                         q("sub:" + net.vnets[a].name + "/" + net.vnets[a].subnets.front().name),
                         q("sub:" + net.vnets[*b].name + "/" + net.vnets[*b].subnets.front().name),
                         q(fmt::format("cluster_v{}", *b)), q(fmt::format("cluster_v{}", a)));
    }
  }
  std::string previous;
  int step = 0;
  for (const auto& hop : highlight) {
    for (const std::string& key : {hop.from_key, hop.to_key}) {
      const std::string current = diagram_node(net, key);
      if (current.empty() || current == previous) continue;
      if (!previous.empty()) {
        // xlabel, not label: Graphviz 2.42 double-frees labels of constraint=false edges
        // between sibling clusters.
        out += fmt::format("  {} -> {} [color=\"#dc2626\", penwidth=2.5, fontcolor=\"#dc2626\", xlabel=\"{}\", constraint=false];\n",
                           q(previous), q(current), ++step);
      }
      previous = current;
    }
  }
  return out + "}\n";
}

std::string dot_to_svg(const std::string& dot) {
  static std::mutex mutex;  // libgvc keeps global state
  std::lock_guard lock(mutex);
  // One context for the process: Graphviz 2.42 uses freed plugin state if a second one is made.
  static GVC_t* const gvc = gvContext();
  Agraph_t* graph = agmemread(dot.c_str());
  std::string svg;
  if (graph != nullptr && gvLayout(gvc, graph, "dot") == 0) {
    char* data = nullptr;
    unsigned int length = 0;
    if (gvRenderData(gvc, graph, "svg", &data, &length) == 0 && data != nullptr) {
      svg.assign(data, length);
      gvFreeRenderData(data);
    }
    gvFreeLayout(gvc, graph);
  }
  if (graph != nullptr) agclose(graph);
  const auto start = svg.find("<svg");
  return start == std::string::npos ? std::string{} : svg.substr(start);
}

}  // namespace airgap::reports
