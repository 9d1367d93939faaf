#include "model/source_ref.hpp"

#include <fmt/format.h>

namespace airgap::model {

std::string SourceRef::to_string() const {
  if (!is_known()) return "(implicit)";
  return fmt::format("{}:{}:{}", *file, line, column);
}

}  // namespace airgap::model
