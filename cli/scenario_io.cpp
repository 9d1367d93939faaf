#include "cli/scenario_io.hpp"

#include <cstdio>

#include "reports/diagnostic_text.hpp"

namespace airgap::cli {

bool load_all(const std::vector<std::string>& files, bool color,
              std::vector<model::LoadResult>& results) {
  bool ok = true;
  for (const auto& file : files) {
    results.push_back(model::load_scenario_file(file));
    std::fputs(reports::render_diagnostics(results.back(), color).c_str(), stderr);
    ok = ok && results.back().ok();
  }
  return ok;
}

}  // namespace airgap::cli
