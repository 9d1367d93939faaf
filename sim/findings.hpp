// Findings: what the network-isolated-cluster documentation (azure-semantics §7) says about a
// cluster's settings, each with a stable id, a severity and the scenario line it is about.
#pragma once

#include <string>
#include <vector>

#include "model/network.hpp"

namespace airgap::sim {

enum class FindingSeverity { error, warning, note };
std::string_view to_string(FindingSeverity severity);

struct Finding {
  std::string id;       // stable, e.g. "AKS-NI-003"
  std::string title;    // short, e.g. "kubenet is not supported"
  FindingSeverity severity = FindingSeverity::warning;
  std::string message;  // the specific case, with names
  model::SourceRef at;
  bool breaks_bootstrap = false;  // the cluster cannot pull its artifacts
};

/// Findings for the cluster of a materialized variant (`design` is the scenario as loaded).
std::vector<Finding> cluster_findings(const model::Network& materialized, const model::Network& design);

/// The catalogue of finding ids and titles, for SARIF rules and docs.
struct FindingKind {
  const char* id;
  const char* title;
  FindingSeverity severity;
};
const std::vector<FindingKind>& finding_catalogue();

}  // namespace airgap::sim
