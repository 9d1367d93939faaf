#include "tests/support/fixtures.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "model/scenario_generator.hpp"
#include "reports/diagnostic_text.hpp"
#include "reports/json_report.hpp"

namespace airgap::testing {

model::LoadResult load_text(std::string_view toml, const std::string& path) {
  return model::load_scenario_text(toml, path);
}

model::Network load_ok(std::string_view toml) {
  auto result = load_text(toml);
  INFO(reports::render_diagnostics(result, false));
  REQUIRE(result.ok());
  return *result.network;
}

sim::VariantReport check(std::string_view toml) {
  auto network = load_ok(toml);
  if (!network.cluster) return sim::analyze_without_cluster(network);
  return sim::analyze_variant(network, sim::as_written(network), true);
}

sim::Verdict verdict(std::string_view toml, const std::string& from, const std::string& to) {
  auto network = load_ok(toml);
  sim::MaterializedVariant mv = network.cluster
                                    ? sim::materialize(network, sim::as_written(network))
                                    : sim::MaterializedVariant{{}, network, {}, {}, {}};
  if (!network.cluster) sim::assign_missing_addresses(mv.network);
  std::vector<std::string> sources;
  if (mv.network.find_subnet(from)) sources.push_back(from);
  sim::Analysis analysis(std::move(mv.network), mv.endpoints, sources);
  REQUIRE(analysis.source_key(from).has_value());
  return analysis.evaluate(from, analysis.parse_target(from, to), sim::PacketSet::all());
}

namespace {

std::string everything_of(const model::LoadResult& result) {
  std::string out;
  for (const auto& d : result.diagnostics.all()) {
    out +=
        fmt::format("{} {} {}:{} {}\n", d.severity == model::Severity::error ? "error" : "warning",
                    model::to_string(d.kind), d.at.line, d.at.column, d.message);
  }
  if (result.ok() && result.network->cluster) {
    const auto& net = *result.network;
    out += reports::variant_json(sim::analyze_variant(net, sim::as_written(net), true)).dump(1);
  }
  return out;
}

}  // namespace

void check_loads_alike(const model::LoadResult& a, const model::LoadResult& b) {
  CHECK(everything_of(a) == everything_of(b));
  REQUIRE(a.ok() == b.ok());
  if (a.ok()) CHECK(a.network->same_content(*b.network));
}

model::Prefix prefix(const char* text) {
  auto parsed = model::parse_prefix(text);
  if (!parsed) throw std::invalid_argument(parsed.error);
  return *parsed.value;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

model::Network one_vnet() {
  model::Network net = load_ok(R"(
name = "one vnet"
[[vnet]]
name = "v"
addressSpace = ["10.0.0.0/16"]
subnets = [{ name = "s", addressPrefix = "10.0.0.0/24" }]
)");
  net.reindex();
  return net;
}

std::string generated_text(int spokes, int rules_per_nsg, int routes_per_table, int firewall_rules,
                           bool distinct, int heavy_every) {
  model::GeneratorOptions options;
  options.spokes = spokes;
  options.rules_per_nsg = rules_per_nsg;
  options.routes_per_table = routes_per_table;
  options.firewall_rules = firewall_rules;
  options.distinct = distinct;
  options.heavy_every = heavy_every;
  return model::generate_hub_and_spoke(options);
}

model::Network generated(int spokes, int rules_per_nsg, int routes_per_table, int firewall_rules,
                         bool distinct, int heavy_every) {
  return load_ok(generated_text(spokes, rules_per_nsg, routes_per_table, firewall_rules, distinct,
                                heavy_every));
}

std::string damaged_late(const std::string& text, std::string_view damage) {
  const auto late = text.rfind("[[networkSecurityGroup]]");
  if (late == std::string::npos)
    throw std::invalid_argument("the text has no [[networkSecurityGroup]]");
  std::string damaged = text;
  damaged.insert(damaged.find('\n', late), damage);
  return damaged;
}

std::string single_pool(const Pool& p) {
  return fmt::format(R"(
name = "single pool"
[cluster]
name = "aks"
outboundType = "{}"
apiServerAccess = "{}"
{}
[[cluster.nodePool]]
name = "system"
subnet = "v/nodes"
{}
[[vnet]]
name = "v"
addressSpace = ["10.0.0.0/16"]
subnets = [{{ name = "nodes", addressPrefix = "10.0.0.0/22", {} }}]
{}
)",
                     p.outbound, p.api, p.cluster_attrs, p.pool_attrs, p.subnet_attrs, p.extra);
}

const char* const nat_gateway = R"(
[[natGateway]]
name = "nat"
publicIpAddresses = ["pip"]
[[publicIpAddress]]
name = "pip"
)";

const char* const appliance_route = R"(
[[routeTable]]
name = "rt"
routes = [{ name = "out", addressPrefix = "0.0.0.0/0", nextHopType = "VirtualAppliance", nextHopIpAddress = "10.0.8.4" }]
[[networkVirtualAppliance]]
name = "nva"
subnet = "v/nva"
privateIpAddress = "10.0.8.4"
behavior = "forwardAll"
publicIpAddress = "pip"
[[publicIpAddress]]
name = "pip"
)";

std::string with_appliance_subnet(std::string scenario, const std::string& attrs) {
  const std::string nodes = "subnets = [{";
  scenario.replace(scenario.find(nodes), nodes.size(),
                   "subnets = [{ name = \"nva\", addressPrefix = \"10.0.8.0/24\"" + attrs + " }, {");
  return scenario;
}

model::Network library_design(const std::string& file_name) {
  auto loaded = model::load_scenario_file(std::string(AIRGAP_SOURCE_DIR) + "/scenarios/" + file_name);
  INFO(reports::render_diagnostics(loaded, false));
  REQUIRE(loaded.ok());
  return std::move(*loaded.network);
}

std::vector<std::string> diff_names(const model::Network& a, const model::Network& b) {
  std::vector<std::string> names;
  for (const auto* net : {&a, &b}) {
    const auto more = sim::names_of(*net, sim::materialize(*net, sim::as_written(*net)).endpoints);
    names.insert(names.end(), more.begin(), more.end());
  }
  return names;
}

std::unique_ptr<sim::Analysis> diff_side(const model::Network& design, const std::vector<std::string>& names) {
  auto mv = sim::materialize(design, sim::as_written(design));
  return std::make_unique<sim::Analysis>(std::move(mv.network), mv.endpoints, std::vector<std::string>{}, names);
}

sim::Analysis analysed(const model::Network& design) {
  auto mv = sim::materialize(design, sim::as_written(design));
  return sim::Analysis(std::move(mv.network), mv.endpoints);
}

std::vector<std::filesystem::path> library_scenarios() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(AIRGAP_SOURCE_DIR) / "scenarios")) {
    if (e.path().extension() == ".toml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace airgap::testing
