// The HTML report: one self-contained file (inline CSS and SVG, no scripts, nothing fetched) with
// the variant matrix, verdicts, witness paths on a topology diagram, findings and expectations.
#pragma once

#include <string>
#include <vector>

#include "reports/json_report.hpp"
#include "reports/messages.hpp"

namespace airgap::reports {

/// What changed between two designs, for `airgap diff` (rendered by render_html when given).
struct DiffLine {
  std::string pool, destination, variant, change;  // change: "opened" or "closed"
  std::string summary;
  sim::Verdict verdict;  // the side where the path exists (witness)
};

struct HtmlOptions {
  Lang lang = Lang::en;
  std::string title;
  const std::vector<DiffLine>* diff = nullptr;
};

std::string render_html(const std::vector<ScenarioResult>& results, const HtmlOptions& options);

}  // namespace airgap::reports
