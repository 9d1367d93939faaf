// Writes a command's machine-readable outputs: JSON to stdout, HTML / JUnit / SARIF to files.
#pragma once

#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "reports/html_report.hpp"
#include "reports/json_report.hpp"

namespace airgap::cli {

/// Returns false (after printing why) if a file could not be written.
bool write_outputs(const std::string& command, const std::vector<reports::ScenarioResult>& results,
                   const Options& options, const std::vector<sim::PathChange>* diff = nullptr);

}  // namespace airgap::cli
