// `airgap trace`: one concrete flow from a node pool or subnet, hop by hop.
#include <fmt/format.h>

#include <charconv>

#include "cli/commands.hpp"
#include "cli/scenario_io.hpp"
#include "sim/analysis.hpp"
#include "sim/summary.hpp"

namespace airgap::cli {

namespace {

struct Destination {
  std::string host;
  std::uint16_t port = 0;
  bool has_port = false;
};

std::optional<Destination> parse_destination(const std::string& text) {
  Destination d;
  auto colon = text.rfind(':');
  d.host = text.substr(0, colon);
  if (colon != std::string::npos) {
    unsigned port = 0;
    auto part = std::string_view(text).substr(colon + 1);
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), port);
    if (ec != std::errc{} || end != part.data() + part.size() || port > 65535) return std::nullopt;
    d.port = static_cast<std::uint16_t>(port);
    d.has_port = true;
  }
  return d;
}

}  // namespace

int run_trace(const Options& options) {
  std::vector<model::LoadResult> loaded;
  if (!load_all(options.files, options, loaded)) return exit_usage;
  const auto& design = *loaded.front().network;
  auto destination = parse_destination(options.to);
  if (!destination) {
    fmt::print(stderr, "error: --to must be ADDRESS[:PORT] or FQDN[:PORT], saw '{}'\n", options.to);
    return exit_usage;
  }
  sim::MaterializedVariant mv = design.cluster
      ? sim::materialize(design, sim::as_written(design))
      : sim::MaterializedVariant{{}, design, {}, {}, {}};
  if (!design.cluster) sim::assign_missing_addresses(mv.network);
  std::vector<std::string> subnet_sources;
  if (mv.network.find_subnet(options.from)) subnet_sources.push_back(options.from);
  sim::Analysis analysis(std::move(mv.network), mv.endpoints, subnet_sources);
  auto source = analysis.source_key(options.from);
  if (!source) {
    fmt::print(stderr, "error: --from '{}' is neither a node pool nor a vnet/subnet\n", options.from);
    return exit_usage;
  }
  sim::Packet packet;
  const std::string protocol = options.protocol;
  packet.protocol = protocol == "udp" ? sim::ip_proto::udp
                    : protocol == "icmp" ? sim::ip_proto::icmp : sim::ip_proto::tcp;
  if (packet.has_ports()) {
    packet.src_port = 50000;
    packet.dst_port = destination->has_port ? destination->port : 443;
  }
  const auto* pool = analysis.network().find_node_pool(options.from);
  auto subnet = analysis.network().find_subnet(pool ? pool->subnet : options.from);
  packet.src = model::Ipv4{analysis.network().subnet(*subnet).address_prefix.first() + 4};
  if (model::is_ip_like(destination->host)) {
    auto ip = model::parse_ipv4(destination->host);
    if (!ip) {
      fmt::print(stderr, "error: {}\n", ip.error);
      return exit_usage;
    }
    packet.dst = *ip.value;
  } else {
    sim::Target target = analysis.parse_target(options.from, destination->host);
    packet.name = analysis.names().class_of(destination->host);
    auto resolved = target.packets.pick(analysis.witness_preferences(options.from));
    packet.dst = resolved ? resolved->dst : model::Ipv4{0xCB00710Au};
    for (const auto& note : target.notes) fmt::print("note: {}\n", note);
  }
  std::string fate;
  auto hops = analysis.trace(options.from, packet, &fate);
  fmt::print("trace {} from {}\n", sim::describe_packet(packet, analysis.names()), options.from);
  for (std::size_t i = 0; i < hops.size(); ++i) {
    const auto& hop = hops[i];
    fmt::print("  {}. {} -> {}\n     {}{}\n", i + 1, hop.from, hop.to, hop.description,
               hop.at.is_known() ? " [" + hop.at.to_string() + "]" : "");
    if (!hop.decided_by.empty()) {
      fmt::print("     by {}{}\n", hop.decided_by,
                 hop.decided_at.is_known() ? " [" + hop.decided_at.to_string() + "]" : "");
    }
  }
  const bool dropped = fate == "dropped";
  fmt::print("result: {}\n", dropped ? "dropped" : "delivered to " + fate);
  return dropped ? exit_failed : exit_ok;
}

}  // namespace airgap::cli
