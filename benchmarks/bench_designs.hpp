// The benchmark designs: generator sizes S, M, L, XL in two flavours, generated once per process.
#pragma once

#include <string>

namespace airgap::bench {

enum class Size { s = 0, m = 1, l = 2, xl = 3 };

/// Scenario text for a size and flavour (distinct = all-distinct rules, else shared templates);
/// `perturb` = true changes one spoke's NSG (for diff).
const std::string& design_text(Size size, bool distinct, bool perturb = false);
int spokes_of(Size size);

}  // namespace airgap::bench
