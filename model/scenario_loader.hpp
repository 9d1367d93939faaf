// Scenario loading: TOML text to a validated Network, or every problem found with its location.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "model/diagnostics.hpp"
#include "model/network.hpp"

namespace airgap::model {

/// Files larger than this are refused before parsing (a guard against runaway inputs).
inline constexpr std::size_t max_scenario_bytes = 256u * 1024u * 1024u;

struct LoadResult {
  std::optional<Network> network;  // set only when there is no error
  Diagnostics diagnostics;
  std::string path;
  std::shared_ptr<const std::string> text;  // the file's text, for carets under diagnostics

  bool ok() const { return network.has_value(); }
};

/// How the text is parsed. In pieces, a large design's TOML DOM (several times the text) never
/// exists whole; the result is the same either way (tests/model/document_split_test.cpp).
enum class Parse { in_pieces_when_exact, whole };

LoadResult load_scenario_file(const std::string& path);
LoadResult load_scenario_text(std::string_view text, const std::string& path,
                              Parse parse = Parse::in_pieces_when_exact);

}  // namespace airgap::model
