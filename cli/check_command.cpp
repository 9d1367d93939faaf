// `airgap check` and `airgap sweep`: verdicts per node pool, the variant matrix, expectations.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/outputs.hpp"
#include "cli/scenario_io.hpp"
#include "reports/text_report.hpp"
#include "sim/cluster_report.hpp"

namespace airgap::cli {

namespace {

// check: expectations hold and no error-level finding (product.md, Commands).
bool passes(const sim::VariantReport& report) {
  return report.expectations_hold() && !report.has_error_finding();
}

}  // namespace

int run_check(const Options& options) {
  std::vector<model::LoadResult> loaded;
  if (!load_all(options.files, options.color, loaded)) return exit_usage;
  bool all_pass = true;
  std::vector<reports::ScenarioResult> results;
  for (const auto& result : loaded) {
    const auto& network = *result.network;
    sim::VariantReport report = network.cluster
        ? sim::analyze_variant(network, sim::as_written(network), true)
        : sim::analyze_without_cluster(network);
    if (!options.json) {
      fmt::print("{}\n", reports::render_check_text(result.path, network.name, report,
                                                    reports::TextStyle{options.color}));
    }
    all_pass = all_pass && passes(report);
    results.push_back({result.path, network.name, {std::move(report)}});
  }
  if (!write_outputs("check", results, options)) return exit_usage;
  return all_pass ? exit_ok : exit_failed;
}

int run_sweep(const Options& options) {
  std::vector<model::LoadResult> loaded;
  if (!load_all(options.files, options.color, loaded)) return exit_usage;
  const auto& result = loaded.front();
  const auto& network = *result.network;
  if (!network.cluster) {
    fmt::print(stderr, "{}: sweep needs a [cluster] section\n", result.path);
    return exit_usage;
  }
  const sim::Variant written = sim::as_written(network);
  std::vector<sim::VariantReport> reports;
  bool all_pass = true;
  for (auto outbound : model::all_outbound_types) {
    for (auto api : model::all_api_server_modes) {
      sim::Variant variant{outbound, api};
      const bool as_written = variant.outbound == written.outbound && variant.api == written.api;
      reports.push_back(sim::analyze_variant(network, variant, as_written));
      // sweep gates on the expectations the scenario asks to hold in each variant.
      all_pass = all_pass && reports.back().expectations_hold();
    }
  }
  if (!options.json) {
    fmt::print("{}", reports::render_sweep_text(result.path, network.name, reports,
                                                reports::TextStyle{options.color}));
  }
  std::vector<reports::ScenarioResult> results{{result.path, network.name, std::move(reports)}};
  if (!write_outputs("sweep", results, options)) return exit_usage;
  return all_pass ? exit_ok : exit_failed;
}

}  // namespace airgap::cli
