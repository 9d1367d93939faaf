// SARIF 2.1.0: one result per failed expectation and per finding, located at the scenario line,
// with the witness path as a code flow, so code review tools annotate the exact line.
#pragma once

#include <string>
#include <vector>

#include "reports/json_report.hpp"

namespace airgap::reports {

std::string render_sarif(const std::vector<ScenarioResult>& results);

}  // namespace airgap::reports
