// Test helpers: load tiny named networks from TOML text and ask the engine about them.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>
#include <string_view>

#include "model/scenario_loader.hpp"
#include "sim/analysis.hpp"
#include "sim/cluster_report.hpp"

namespace airgap::testing {

/// Loads TOML text that must be valid; fails the test with the diagnostics otherwise.
model::Network load_ok(std::string_view toml);
/// Loads TOML text and returns the whole result (for diagnostics tests).
model::LoadResult load_text(std::string_view toml, const std::string& path = "test.toml");
/// The variant the scenario writes down, fully analysed.
sim::VariantReport check(std::string_view toml);
/// One verdict for `from` (pool or vnet/subnet) to `to` (internet, apiserver, registry, address).
sim::Verdict verdict(std::string_view toml, const std::string& from, const std::string& to);
std::string read_file(const std::string& path);
/// Checks that two loads of one text say the same: every diagnostic with its place and, for a
/// design that loads, the same model and the same full check report (verdicts, hops, every
/// source location).
void check_loads_alike(const model::LoadResult& a, const model::LoadResult& b);
/// A prefix written in a test ("10.0.0.0/24"), which must parse.
model::Prefix prefix(const char* text);
/// A generated hub-and-spoke design's text (seed 1); heavy_every > 0 adds heavy spokes.
std::string generated_text(int spokes, int rules_per_nsg, int routes_per_table, int firewall_rules,
                           bool distinct = false, int heavy_every = 0);
/// `text` with `damage` inserted at the end of its last [[networkSecurityGroup]] header's line.
std::string damaged_late(const std::string& text, std::string_view damage);
/// A generated hub-and-spoke design (seed 1), loaded; heavy_every > 0 adds heavy spokes.
model::Network generated(int spokes, int rules_per_nsg, int routes_per_table, int firewall_rules,
                         bool distinct, int heavy_every = 0);
/// One bundled scenario by file name ("leak-node-public-ip.toml"), which must load.
model::Network library_design(const std::string& file_name);
/// The variant a design writes down, ready for questions.
sim::Analysis analysed(const model::Network& design);
/// The name patterns of two designs' variants as written, as a diff aligns their name classes.
std::vector<std::string> diff_names(const model::Network& a, const model::Network& b);
/// One design's analysis as a diff builds it: its variant as written, with `names` aligned.
std::unique_ptr<sim::Analysis> diff_side(const model::Network& design, const std::vector<std::string>& names);
/// One BYO VNet "v" with a node subnet "v/nodes" and one pool "system"; the fields go into it.
struct Pool {
  std::string subnet_attrs = "defaultOutboundAccess = false";
  std::string pool_attrs;
  std::string outbound = "none";
  std::string extra;  // more TOML: NSGs, route tables, gateways...
  std::string api = "privateLink";
  std::string cluster_attrs;  // more [cluster] keys
};
std::string single_pool(const Pool& p);
/// A NAT gateway "nat" with public IP "pip", for Pool::extra.
extern const char* const nat_gateway;
/// A route table "rt" sending 0/0 to appliance "nva" (10.0.8.4, forwardAll, public IP "pip")
/// in subnet "v/nva", for Pool::extra; the subnet itself comes from with_appliance_subnet.
extern const char* const appliance_route;
/// single_pool's text with subnet "v/nva" (10.0.8.0/24) added before the node subnet;
/// `attrs` (", networkSecurityGroup = ...") go into it.
std::string with_appliance_subnet(std::string scenario, const std::string& attrs = "");

/// One VNet "v" (10.0.0.0/16) with one subnet "s", indexed: where NSG rules are read.
model::Network one_vnet();

/// The bundled scenarios (scenarios/*.toml), sorted by name.
std::vector<std::filesystem::path> library_scenarios();

}  // namespace airgap::testing
