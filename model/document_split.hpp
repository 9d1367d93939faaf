// Splitting a scenario's text at its top-level arrays of tables ([[vnet]], [[networkSecurityGroup]],
// ...), so that a large design is parsed one table at a time: TOML++'s DOM is several times the
// text, and the model each table becomes is smaller. Only text whose shape makes the split
// exact is split; anything else is parsed whole, as before.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace airgap::model {

/// One table of a top-level array: from its [[section]] header to the next piece or header
/// outside it, with its subtables ([[section.rules]], [section.x]).
struct SectionPiece {
  std::string_view section;
  std::string_view text;
  std::size_t first_line = 1;  // of the header, in the whole text
};

struct SplitDocument {
  /// The text without the pieces, whose lines are left empty: line and column numbers are the
  /// whole text's.
  std::string rest;
  std::vector<SectionPiece> pieces;  // in file order
};

/// The pieces of `text` for the arrays named in `sections`. nullopt when a split could change
/// what the text means or how its errors read: a header that is not plain dotted bare keys, a
/// section's subtable outside its table, a string or array left open, or no piece at all.
std::optional<SplitDocument> split_sections(std::string_view text, std::span<const std::string_view> sections);

}  // namespace airgap::model
