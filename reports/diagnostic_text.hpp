// Renders load diagnostics like a compiler: location, severity, message [kind], source line, caret.
#pragma once

#include <string>

#include "model/scenario_loader.hpp"

namespace airgap::reports {

std::string render_diagnostics(const model::LoadResult& result, bool color);

}  // namespace airgap::reports
