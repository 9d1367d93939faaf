#include "cli/scenario_io.hpp"

#include <cstdio>

#include "reports/diagnostic_text.hpp"

namespace airgap::cli {

model::LoadOptions load_options(const Options& options) {
  return model::LoadOptions{.threads = options.parse_threads};
}

bool load_all(const std::vector<std::string>& files, const Options& options,
              std::vector<model::LoadResult>& results) {
  bool ok = true;
  for (const auto& file : files) {
    results.push_back(model::load_scenario_file(file, load_options(options)));
    std::fputs(reports::render_diagnostics(results.back(), options.color).c_str(), stderr);
    ok = ok && results.back().ok();
  }
  return ok;
}

}  // namespace airgap::cli
