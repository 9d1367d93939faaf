// JUnit XML for CI dashboards: a testsuite per scenario and variant, a testcase per expectation
// and per finding; failures carry the witness or blockers as text.
#pragma once

#include <string>
#include <vector>

#include "reports/json_report.hpp"

namespace airgap::reports {

std::string render_junit(const std::vector<ScenarioResult>& results);

}  // namespace airgap::reports
