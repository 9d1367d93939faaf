// `airgap validate`: load only; print every diagnostic; exit 2 when any file is invalid.
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/scenario_io.hpp"
#include "model/scenario_loader.hpp"
#include "reports/diagnostic_text.hpp"

namespace airgap::cli {

int run_validate(const Options& options) {
  bool all_valid = true;
  for (const auto& file : options.files) {
    auto result = model::load_scenario_file(file, load_options(options));
    std::fputs(reports::render_diagnostics(result, options.color).c_str(), stderr);
    if (result.ok()) {
      fmt::print("{}: valid\n", file);
    } else {
      all_valid = false;
      fmt::print("{}: invalid ({} error{})\n", file, result.diagnostics.error_count(),
                 result.diagnostics.error_count() == 1 ? "" : "s");
    }
  }
  return all_valid ? exit_ok : exit_usage;
}

}  // namespace airgap::cli
