// JSON output (docs/json-output.md): stable keys, deterministic order, a schema version.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/cluster_report.hpp"

namespace airgap::reports {

inline constexpr int json_schema_version = 1;

/// One scenario's analysed variants (one for check, eighteen for sweep).
struct ScenarioResult {
  std::string path;
  std::string name;
  std::vector<sim::VariantReport> variants;
};

nlohmann::ordered_json verdict_json(const sim::Verdict& verdict);
nlohmann::ordered_json variant_json(const sim::VariantReport& report);
nlohmann::ordered_json location_json(const model::SourceRef& at);
/// The whole document for `command` ("check" or "sweep").
std::string render_json(const std::string& command, const std::vector<ScenarioResult>& results);

}  // namespace airgap::reports
