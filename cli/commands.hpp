// The subcommands of the airgap CLI and their shared options; thin wrappers over model/sim/reports.
#pragma once

#include <optional>
#include <string>
#include <vector>

// CLI11 is a large header library: only the files that build the parser include it.
namespace CLI {
class App;
}  // namespace CLI

namespace airgap::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;
inline constexpr int exit_usage = 2;

struct Options {
  std::vector<std::string> files;
  bool json = false;
  bool color = false;
  std::string html, junit, sarif;
  std::string lang = "en";
  bool all_variants = false;  // diff
  int jobs = 0;               // check, sweep: worker processes (0 = one)
  // Every command that loads: threads parsing a file (0 = one per core, at most 4, over 1 MiB).
  unsigned parse_threads = 0;
  // trace
  std::string from, to, protocol = "tcp";
  // generate
  int spokes = 10, rules_per_nsg = 10, routes_per_table = 4, firewall_rules = 20;
  int heavy_every = 0, heavy_rules = 1000, heavy_routes = 400;
  unsigned seed = 1;
  bool distinct = false;
  std::string output;
};

const char* airgap_version();
void register_commands(CLI::App& app, Options& options);
int run_selected(CLI::App& app, const Options& options);

int run_validate(const Options& options);
int run_check(const Options& options);
int run_sweep(const Options& options);
int run_trace(const Options& options);
int run_diff(const Options& options);
int run_generate(const Options& options);

}  // namespace airgap::cli
