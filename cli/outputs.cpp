#include "cli/outputs.hpp"

#include <fmt/format.h>

#include "cli/output_file.hpp"
#include "reports/junit_report.hpp"
#include "reports/sarif_report.hpp"

namespace airgap::cli {

bool write_outputs(const std::string& command, const std::vector<reports::ScenarioResult>& results,
                   const Options& options, const std::vector<sim::PathChange>* diff) {
  bool ok = true;
  auto write = [&](const std::string& path, const std::string& content) {
    if (path.empty()) return;
    std::string error;
    if (!write_file_atomically(path, content, &error)) {
      fmt::print(stderr, "error: {}\n", error);
      ok = false;
    }
  };
  if (!options.html.empty()) {
    reports::HtmlOptions html;
    html.lang = options.lang == "ja" ? reports::Lang::ja : reports::Lang::en;
    html.title = results.size() == 1 ? fmt::format("airgap {}: {}", command, results.front().name)
                                     : fmt::format("airgap {}", command);
    html.diff = diff;
    write(options.html, reports::render_html(results, html));
  }
  write(options.junit, reports::render_junit(results));
  write(options.sarif, reports::render_sarif(results));
  if (options.json) fmt::print("{}", reports::render_json(command, results));
  return ok;
}

}  // namespace airgap::cli
