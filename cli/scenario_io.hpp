// Loading scenario files for a command: diagnostics to stderr, and the exit code when invalid.
#pragma once

#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "model/scenario_loader.hpp"

namespace airgap::cli {

/// Loads every file, printing diagnostics; returns false if any file is invalid.
bool load_all(const std::vector<std::string>& files, const Options& options,
              std::vector<model::LoadResult>& results);
model::LoadOptions load_options(const Options& options);

}  // namespace airgap::cli
