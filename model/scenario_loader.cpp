#include "model/scenario_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "model/document_split.hpp"
#include "model/loader_parts.hpp"
#include "model/pieces_ahead.hpp"

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

constexpr auto section_keys = [] {
  std::array<std::string_view, std::size(sections)> keys{};
  for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = sections[i].key;
  return keys;
}();

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

void read_cluster_table(LoadContext& ctx, TableReader& reader, Network& network) {
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

// The document's own keys, read from its top-level table.
void read_identity(LoadContext& ctx, TableReader& reader, Network& network) {
  network.source = SourceRef{ctx.file, 1, 1};
  network.name = reader.string({"name"}, Need::required).value_or("");
  network.description = reader.string({"description"}).value_or("");
}

// A part of a split text parsed alone; nullopt if it does not parse so (the whole text's parse
// then reports the error).
std::optional<toml::table> parse_alone(std::string_view text, std::string_view path) {
  try {
    return toml::parse(text, path);
  } catch (const toml::parse_error&) {
    return std::nullopt;
  }
}

void read_document(LoadContext& ctx, const toml::table& root, Network& network) {
  TableReader reader(ctx, root, "");
  read_identity(ctx, reader, network);
  for (const auto& section : sections) {
    reader.tables({section.key}, [&](TableReader& child) { section.read(child, network); });
  }
  read_cluster_table(ctx, reader, network);
}

// The pieces in the order read_document reads them: by section, then in file order.
std::vector<const SectionPiece*> reading_order(const SplitDocument& split) {
  std::vector<const SectionPiece*> order;
  order.reserve(split.pieces.size());
  for (const auto& section : sections) {
    for (const auto& piece : split.pieces) {
      if (piece.section == section.key) order.push_back(&piece);
    }
  }
  return order;
}

// A section's pieces, in file order, each let go once read; false if one does not parse alone.
bool read_pieces(LoadContext& ctx, std::span<const SectionPiece* const> order, std::size_t& next,
                 PiecesAhead& parsed, const Section& section, Network& network) {
  for (; next < order.size() && order[next]->section == section.key; ++next) {
    const toml::table* table = parsed.take(next);
    if (table == nullptr) return false;
    ctx.line_offset = static_cast<std::uint32_t>(order[next]->first_line - 1);
    {
      TableReader reader(ctx, *table, "");
      reader.tables({section.key}, [&](TableReader& child) { section.read(child, network); });
    }
    ctx.line_offset = 0;
    parsed.release(next);
  }
  return true;
}

// read_document over a split text, reading what it reads in the same order, with the pieces
// parsed by `threads` threads ahead of this one. False when the split cannot stand for the
// whole (a part that does not parse alone, a rest that names a section itself): the whole
// text's parse then decides, so errors read as they always did.
bool read_split(LoadContext& ctx, const SplitDocument& split, std::string_view path,
                unsigned threads, Network& network) {
  const std::optional<toml::table> rest = parse_alone(split.rest, path);
  if (!rest) return false;
  for (const auto& key : section_keys) {
    if (rest->contains(key)) return false;
  }
  const std::vector<const SectionPiece*> order = reading_order(split);
  std::vector<std::string_view> texts;
  texts.reserve(order.size());
  for (const auto* piece : order) texts.push_back(piece->text);
  PiecesAhead parsed(std::move(texts), path, threads);
  TableReader reader(ctx, *rest, "");
  read_identity(ctx, reader, network);
  std::size_t next = 0;
  for (const auto& section : sections) {
    reader.node({section.key}, Need::optional);  // known, as in a whole read: "did you mean" offers it
    if (!read_pieces(ctx, order, next, parsed, section, network)) return false;
  }
  read_cluster_table(ctx, reader, network);
  return true;
}

// Workers cost a thread start each and pay off only on a large design's many pieces: by
// default a small text is parsed by the loading thread alone, a large one by every core's.
unsigned parse_threads(std::string_view text, LoadOptions options) {
  constexpr std::size_t worth_threads = 1u << 20;
  if (options.threads != 0) return options.threads;
  return text.size() < worth_threads ? 1 : std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
}

// Reads the text in pieces where it splits exactly (a large design's DOM never exists whole),
// else whole; nullopt after a syntax error, which `ctx` has.
std::optional<Network> read_text(LoadContext& ctx, std::string_view text, const std::string& path,
                                 LoadOptions options) {
  if (auto split =
          options.parse == Parse::whole ? std::nullopt : split_sections(text, section_keys)) {
    Diagnostics attempt;
    LoadContext split_ctx{attempt, ctx.file};
    Network network;
    if (read_split(split_ctx, *split, path, parse_threads(text, options), network)) {
      ctx.diagnostics = std::move(attempt);
      return network;
    }
  }
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(path));
  } catch (const toml::parse_error& error) {
    ctx.diagnostics.error(DiagKind::syntax, ctx.at(error.source()), syntax_message(error.description()));
    return std::nullopt;
  }
  Network network;
  read_document(ctx, root, network);
  return network;  // (the DOM, several times the text, goes before validating)
}

// The text is kept only for the diagnostics' source lines: a load without any lets it go.
LoadResult load_owned_text(std::shared_ptr<const std::string> owned, const std::string& path,
                           LoadOptions options) {
  const std::string_view text = *owned;
  LoadResult result;
  result.path = path;
  result.text = std::move(owned);
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
  std::optional<Network> read = read_text(ctx, text, path, options);
  if (!read) return result;
  Network& network = *read;
  network.reindex();
  detail::validate(network, result.diagnostics);
  result.diagnostics.finalize();
  if (!result.diagnostics.has_errors()) result.network = std::move(network);
  if (result.diagnostics.all().empty()) result.text.reset();
  return result;
}

}  // namespace

LoadResult load_scenario_text(std::string_view text, const std::string& path, LoadOptions options) {
  return load_owned_text(std::make_shared<const std::string>(text), path, options);
}

LoadResult load_scenario_file(const std::string& path, LoadOptions options) {
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
  return load_owned_text(std::make_shared<const std::string>(std::move(text)), path, options);
}

}  // namespace airgap::model
