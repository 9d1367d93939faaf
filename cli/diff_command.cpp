// `airgap diff OLD NEW`: the paths a design change opens or closes; exit 1 if it opens (or may
// open) a path to the internet, the CI gate.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/outputs.hpp"
#include "cli/scenario_io.hpp"
#include "reports/diff_report.hpp"
#include "sim/cluster_report.hpp"

namespace airgap::cli {

int run_diff(const Options& options) {
  std::vector<model::LoadResult> loaded;
  if (!load_all(options.files, options, loaded)) return exit_usage;
  const auto& before = *loaded[0].network;
  const auto& after = *loaded[1].network;
  const auto changes = sim::diff_designs(before, after, sim::DiffOptions{options.all_variants});
  bool opens_internet = false;
  for (const auto& c : changes) {
    opens_internet = opens_internet || (c.to_internet && c.kind != sim::PathChange::Kind::closed);
  }
  if (!options.json) {
    fmt::print("{}", reports::render_diff_text(loaded[0].path, loaded[1].path, changes, options.color));
  }
  // The reports show the new design as written, with the changes on top.
  std::vector<reports::ScenarioResult> results;
  sim::VariantReport report = after.cluster ? sim::analyze_variant(after, sim::as_written(after), true)
                                            : sim::analyze_without_cluster(after);
  results.push_back({loaded[1].path, after.name, {std::move(report)}});
  if (options.json) {
    fmt::print("{}", reports::render_diff_json(loaded[0].path, loaded[1].path, changes));
    Options rest = options;
    rest.json = false;
    if (!write_outputs("diff", results, rest, &changes)) return exit_usage;
  } else if (!write_outputs("diff", results, options, &changes)) {
    return exit_usage;
  }
  return opens_internet ? exit_failed : exit_ok;
}

}  // namespace airgap::cli
