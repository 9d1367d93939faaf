// `airgap generate`: writes a synthetic hub-and-spoke design.
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "model/scenario_generator.hpp"

namespace airgap::cli {

int run_generate(const Options& options) {
  model::GeneratorOptions g;
  g.spokes = options.spokes;
  g.rules_per_nsg = options.rules_per_nsg;
  g.routes_per_table = options.routes_per_table;
  g.firewall_rules = options.firewall_rules;
  g.seed = options.seed;
  g.distinct = options.distinct;
  g.heavy_every = options.heavy_every;
  g.heavy_rules = options.heavy_rules;
  g.heavy_routes = options.heavy_routes;
  const std::string text = model::generate_hub_and_spoke(g);
  if (options.output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return exit_ok;
  }
  std::string error;
  if (!write_file_atomically(options.output, text, &error)) {
    fmt::print(stderr, "error: {}\n", error);
    return exit_usage;
  }
  return exit_ok;
}

}  // namespace airgap::cli
