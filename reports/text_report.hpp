// Text output for people: short verdict lines first, details after; colour only when asked.
#pragma once

#include <string>
#include <vector>

#include "sim/cluster_report.hpp"

namespace airgap::reports {

struct TextStyle {
  bool color = false;
};

/// `airgap check` for one scenario: the variant as written.
std::string render_check_text(const std::string& path, const std::string& name,
                              const sim::VariantReport& report, const TextStyle& style);
/// `airgap sweep`: the outbound type x API-server mode matrix, then each variant's lines.
std::string render_sweep_text(const std::string& path, const std::string& name,
                              const std::vector<sim::VariantReport>& reports, const TextStyle& style);
/// One verdict with its witness path or blockers, indented.
std::string render_verdict_details(const sim::Verdict& verdict, const std::string& indent);

}  // namespace airgap::reports
