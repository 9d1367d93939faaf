// SourceRef: where a scenario object was written (file, line, column), for diagnostics and witnesses.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace airgap::model {

struct SourceRef {
  std::shared_ptr<const std::string> file;  // shared: every object of a file points at one string
  std::uint32_t line = 0;                   // 1-based; 0 = not from a file (implicit object)
  std::uint32_t column = 0;

  bool is_known() const { return file != nullptr && line != 0; }
  std::string path() const { return file ? *file : std::string{}; }
  std::string to_string() const;  // "file:line:col", or "(implicit)"
  bool operator==(const SourceRef& o) const {
    if (line != o.line || column != o.column) return false;
    if (file == o.file) return true;  // objects of one file share the name: no string compare
    return file && o.file ? *file == *o.file : false;
  }
};

}  // namespace airgap::model
