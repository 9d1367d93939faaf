// `airgap check` and `airgap sweep`: verdicts per node pool, the variant matrix, expectations.
#include <fmt/format.h>

#include <algorithm>

#include "cli/commands.hpp"
#include "cli/outputs.hpp"
#include "cli/scenario_io.hpp"
#include "reports/text_report.hpp"
#include "sim/cluster_report.hpp"
#include "sim/fork_map.hpp"
#include "sim/sweep.hpp"

namespace airgap::cli {

namespace {

// check: expectations hold and no error-level finding (product.md, Commands).
bool passes(const sim::VariantReport& report) {
  return report.expectations_hold() && !report.has_error_finding();
}

// -j 0 is the default, one process, for both commands (BENCHMARKS.md): check proves one
// network, and forking a large proven graph costs more than its pools' share of the work; the
// sweep proves its networks on one graph, and cutting that chain in two for two processes
// builds two graphs, slower on the machines measured (L: 5.7-6.5 s with one, 6.7-7.2 s with two).
std::size_t jobs_or_one(int jobs) { return jobs > 0 ? static_cast<std::size_t>(jobs) : 1; }

}  // namespace

int run_check(const Options& options) {
  std::vector<model::LoadResult> loaded;
  if (!load_all(options.files, options, loaded)) return exit_usage;
  bool all_pass = true;
  std::vector<reports::ScenarioResult> results;
  for (const auto& result : loaded) {
    const auto& network = *result.network;
    sim::VariantReport report = network.cluster
        ? sim::analyze_variant(network, sim::as_written(network), true, jobs_or_one(options.jobs))
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
  if (!load_all(options.files, options, loaded)) return exit_usage;
  const auto& result = loaded.front();
  const auto& network = *result.network;
  if (!network.cluster) {
    fmt::print(stderr, "{}: sweep needs a [cluster] section\n", result.path);
    return exit_usage;
  }
  std::vector<sim::VariantReport> reports = sim::sweep_variants(network, jobs_or_one(options.jobs)).reports;
  // sweep gates on the expectations the scenario asks to hold in each variant.
  const bool all_pass = std::all_of(reports.begin(), reports.end(),
                                    [](const sim::VariantReport& r) { return r.expectations_hold(); });
  if (!options.json) {
    fmt::print("{}", reports::render_sweep_text(result.path, network.name, reports,
                                                reports::TextStyle{options.color}));
  }
  std::vector<reports::ScenarioResult> results{{result.path, network.name, std::move(reports)}};
  if (!write_outputs("sweep", results, options)) return exit_usage;
  return all_pass ? exit_ok : exit_failed;
}

}  // namespace airgap::cli
