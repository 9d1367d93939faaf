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

struct LoadOptions {
  Parse parse = Parse::in_pieces_when_exact;
  /// Threads parsing the pieces (model/pieces_ahead.hpp), the loading thread among them. 0: one
  /// for a text under 1 MiB, else one per hardware thread, at most 4.
  unsigned threads = 0;
};

LoadResult load_scenario_file(const std::string& path, LoadOptions options = {});
LoadResult load_scenario_text(std::string_view text, const std::string& path,
                              LoadOptions options = {});

}  // namespace airgap::model
