// Text and JSON for `airgap diff`: the paths opened, possibly opened and closed.
#pragma once

#include <string>
#include <vector>

#include "sim/design_diff.hpp"

namespace airgap::reports {

std::string render_diff_text(const std::string& before, const std::string& after,
                             const std::vector<sim::PathChange>& changes, bool color);
std::string render_diff_json(const std::string& before, const std::string& after,
                             const std::vector<sim::PathChange>& changes);

}  // namespace airgap::reports
