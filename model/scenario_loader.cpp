#include "model/scenario_loader.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "model/loader_parts.hpp"

namespace airgap::model {

namespace {

using Reader = void (*)(TableReader&, Network&);

struct Section {
  std::string_view key;
  Reader read;
};

// Top-level arrays of tables, in the order documented in docs/scenario-format.md.
constexpr Section sections[] = {
    {"vnet", detail::read_vnet},
    {"routeTable", detail::read_route_table},
    {"networkSecurityGroup", detail::read_nsg},
    {"natGateway", detail::read_nat_gateway},
    {"publicIpAddress", detail::read_public_ip},
    {"loadBalancer", detail::read_load_balancer},
    {"firewall", detail::read_firewall},
    {"networkVirtualAppliance", detail::read_appliance},
    {"virtualNetworkGateway", detail::read_gateway},
    {"privateEndpoint", detail::read_private_endpoint},
    {"privateDnsZone", detail::read_private_dns_zone},
    {"registry", detail::read_registry},
    {"serviceTag", detail::read_service_tag},
    {"expect", detail::read_expectation},
};

// TOML++ says "Error while parsing X: what"; we say "what (in X)", lowercase like every message.
std::string syntax_message(std::string_view description) {
  constexpr std::string_view lead = "Error while parsing ";
  if (description.substr(0, lead.size()) != lead) return std::string(description);
  description.remove_prefix(lead.size());
  const auto colon = description.find(": ");
  if (colon == std::string_view::npos) return std::string(description);
  return fmt::format("{} (in {})", description.substr(colon + 2), description.substr(0, colon));
}

// NUL bytes or invalid UTF-8 mean this is not a text file; TOML++ would say so less clearly.
bool looks_binary(std::string_view text) {
  return text.find('\0') != std::string_view::npos;
}

void read_document(LoadContext& ctx, const toml::table& root, Network& network) {
  TableReader reader(ctx, root, "");
  network.source = SourceRef{ctx.file, 1, 1};
  network.name = reader.string({"name"}, Need::required).value_or("");
  network.description = reader.string({"description"}).value_or("");
  for (const auto& section : sections) {
    reader.tables({section.key}, [&](TableReader& child) { section.read(child, network); });
  }
  if (const toml::node* cluster = reader.node({"cluster"}, Need::optional)) {
    if (const auto* table = cluster->as_table()) {
      TableReader child(ctx, *table, "cluster");
      detail::read_cluster(child, network);
    } else {
      ctx.diagnostics.error(DiagKind::wrong_type, ctx.at(*cluster),
                            fmt::format("'cluster' must be a table, saw {}", type_name(*cluster)));
    }
  }
}

}  // namespace

LoadResult load_scenario_text(std::string_view text, const std::string& path) {
  LoadResult result;
  result.path = path;
  result.text = std::make_shared<const std::string>(text);
  auto file = std::make_shared<const std::string>(path);
  LoadContext ctx{result.diagnostics, file};
  if (text.size() > max_scenario_bytes) {
    result.diagnostics.error(DiagKind::file_too_large, SourceRef{file, 1, 1},
                             fmt::format("file is {} bytes; scenarios are limited to {} bytes",
                                         text.size(), max_scenario_bytes));
    return result;
  }
  if (looks_binary(text)) {
    result.diagnostics.error(DiagKind::binary_file, SourceRef{file, 1, 1},
                             "file contains NUL bytes; a scenario must be TOML text");
    return result;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    result.diagnostics.error(DiagKind::missing_key, SourceRef{file, 1, 1},
                             "file is empty; a scenario needs at least 'name' and one [[vnet]]");
    return result;
  }
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(path));
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    result.diagnostics.error(DiagKind::syntax, SourceRef{file, begin.line, begin.column},
                             syntax_message(error.description()));
    return result;
  }
  Network network;
  read_document(ctx, root, network);
  root = toml::table{};  // the DOM is several times the text: free it before validating
  network.reindex();
  detail::validate(network, result.diagnostics);
  result.diagnostics.finalize();
  if (!result.diagnostics.has_errors()) result.network = std::move(network);
  return result;
}

LoadResult load_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadResult result;
    result.path = path;
    result.diagnostics.error(DiagKind::io_error,
                             SourceRef{std::make_shared<const std::string>(path), 0, 0},
                             fmt::format("cannot open '{}'", path));
    return result;
  }
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::size_t>(std::max<std::streamoff>(in.tellg(), 0));
  if (size > max_scenario_bytes) {
    LoadResult result;
    result.path = path;
    result.diagnostics.error(DiagKind::file_too_large,
                             SourceRef{std::make_shared<const std::string>(path), 1, 1},
                             fmt::format("file is {} bytes; scenarios are limited to {} bytes",
                                         size, max_scenario_bytes));
    return result;
  }
  in.seekg(0);
  std::string text(size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  return load_scenario_text(text, path);
}

}  // namespace airgap::model
