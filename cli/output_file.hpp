// Output files are written to a temporary file and renamed, so no reader ever sees half a report.
#pragma once

#include <string>

namespace airgap::cli {

bool write_file_atomically(const std::string& path, const std::string& content, std::string* error);

}  // namespace airgap::cli
