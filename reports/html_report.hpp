// The HTML report: one self-contained file (inline CSS and SVG, no scripts, nothing fetched) with
// the variant matrix, verdicts, witness paths on a topology diagram, findings and expectations.
#pragma once

#include <string>
#include <vector>

#include "reports/json_report.hpp"
#include "reports/messages.hpp"
#include "sim/design_diff.hpp"

namespace airgap::reports {

struct HtmlOptions {
  Lang lang = Lang::en;
  std::string title;
  const std::vector<sim::PathChange>* diff = nullptr;  // for `airgap diff`
};

std::string render_html(const std::vector<ScenarioResult>& results, const HtmlOptions& options);

}  // namespace airgap::reports
