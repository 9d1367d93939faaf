#include "model/document_split.hpp"

#include <algorithm>
#include <array>

namespace airgap::model {

namespace {

// Where lexing stands at the end of a line: inside a multi-line string, or inside the
// brackets of a multi-line array. Only lines that start outside both can be headers.
struct LexState {
  enum class In { value, basic_multi, literal_multi } in = In::value;
  int depth = 0;
  bool at_top() const { return in == In::value && depth == 0; }
};

// Skips a one-line string opened at line[i] by `quote`; false if the line ends first.
bool skip_string(std::string_view line, std::size_t& i, char quote) {
  for (++i; i < line.size(); ++i) {
    if (quote == '"' && line[i] == '\\') {
      ++i;
    } else if (line[i] == quote) {
      return true;
    }
  }
  return false;
}

// Ends a multi-line string if its delimiter (`"""` or `'''`) closes on this line (with up to
// two more quotes, which belong to the string).
void close_multi(std::string_view line, std::size_t& i, LexState& state, std::string_view delimiter) {
  const bool basic = delimiter.front() == '"';
  for (; i < line.size(); ++i) {
    i = line.find_first_of(basic ? "\\\"" : "'", i);
    if (i == std::string_view::npos) {
      i = line.size();
      return;
    }
    if (line[i] == '\\') {
      ++i;
      continue;
    }
    if (line.substr(i, 3) == delimiter) {
      i += 3;
      while (i < line.size() && line[i] == delimiter.front()) ++i;
      state.in = LexState::In::value;
      --i;  // the caller's loop steps past the last quote
      return;
    }
  }
}

// The characters that can change LexState, as a table: most of a scenario's bytes are none of
// them, and one load per byte is the cheapest way to pass them.
constexpr auto state_changers = [] {
  std::array<bool, 256> table{};
  for (const char c : std::string_view("#\"'[]{}")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

bool changes_state(char c) { return state_changers[static_cast<unsigned char>(c)]; }

// Advances `state` over one line; false if the line leaves a one-line string open or closes
// a bracket it never opened.
bool lex_line(std::string_view line, LexState& state) {
  constexpr std::string_view basic_multi = "\"\"\"", literal_multi = "'''";
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (state.in == LexState::In::basic_multi) {
      close_multi(line, i, state, basic_multi);
      continue;
    }
    if (state.in == LexState::In::literal_multi) {
      close_multi(line, i, state, literal_multi);
      continue;
    }
    while (i < line.size() && !changes_state(line[i])) ++i;
    if (i == line.size()) return true;
    const char c = line[i];
    if (c == '#') return true;
    if (c == '"' || c == '\'') {
      const std::string_view multi = c == '"' ? basic_multi : literal_multi;
      if (line.substr(i, 3) == multi) {
        state.in = c == '"' ? LexState::In::basic_multi : LexState::In::literal_multi;
        i += 2;
      } else if (!skip_string(line, i, c)) {
        return false;
      }
    } else if (c == '[' || c == '{') {
      ++state.depth;
    } else if (--state.depth < 0) {  // ']' or '}'
      return false;
    }
  }
  return true;
}

enum class HeaderKind { none, plain, unreadable };

struct Header {
  HeaderKind kind = HeaderKind::none;
  bool array = false;     // [[...]]
  std::string_view head;  // the first key
  bool dotted = false;    // more keys follow the first
};

bool is_bare(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

void skip_blanks(std::string_view line, std::size_t& i) {
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
}

// Reads a line that starts outside strings and brackets: a header, if it is one.
Header read_header(std::string_view line) {
  std::size_t i = 0;
  skip_blanks(line, i);
  if (i >= line.size() || line[i] != '[') return {};
  Header header;
  header.kind = HeaderKind::unreadable;
  header.array = line.substr(i, 2) == "[[";
  i += header.array ? 2 : 1;
  for (std::size_t part = 0;; ++part) {
    skip_blanks(line, i);
    const std::size_t start = i;
    while (i < line.size() && is_bare(line[i])) ++i;
    if (i == start) return header;  // quoted or empty keys: not read here
    if (part == 0) header.head = line.substr(start, i - start);
    header.dotted = part > 0;
    skip_blanks(line, i);
    if (i < line.size() && line[i] == '.') {
      ++i;
      continue;
    }
    break;
  }
  const std::string_view close = header.array ? "]]" : "]";
  if (line.substr(i, close.size()) != close) return header;
  i += close.size();
  skip_blanks(line, i);
  if (i < line.size() && line[i] != '#' && line[i] != '\r') return header;
  header.kind = HeaderKind::plain;
  return header;
}

}  // namespace

std::optional<SplitDocument> split_sections(std::string_view text, std::span<const std::string_view> sections) {
  auto is_section = [&](std::string_view key) {
    return std::find(sections.begin(), sections.end(), key) != sections.end();
  };
  SplitDocument split;
  split.rest.reserve(text.size() / 16);
  LexState state;
  constexpr std::size_t in_rest = static_cast<std::size_t>(-1);
  std::size_t piece = in_rest;  // the piece the current line belongs to
  std::size_t line_number = 0;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line = text.substr(at, end - at);
    ++line_number;
    if (state.at_top()) {
      const Header header = read_header(line);
      if (header.kind == HeaderKind::unreadable) return std::nullopt;
      if (header.kind == HeaderKind::plain) {
        if (header.array && !header.dotted && is_section(header.head)) {
          piece = split.pieces.size();
          split.pieces.push_back(SectionPiece{header.head, text.substr(at, 0), line_number});
        } else if (piece == in_rest || header.head != split.pieces[piece].section) {
          // A section's subtable outside its own table names an element of another piece.
          if (is_section(header.head)) return std::nullopt;
          piece = in_rest;
        }
      }
    }
    if (!lex_line(line, state)) return std::nullopt;
    const std::size_t next = end < text.size() ? end + 1 : end;
    if (piece != in_rest) {
      auto& current = split.pieces[piece].text;
      current = std::string_view(current.data(), static_cast<std::size_t>(text.data() + next - current.data()));
      split.rest.push_back('\n');
    } else {
      split.rest.append(text.substr(at, next - at));
    }
    at = next;
  }
  if (!state.at_top() || split.pieces.empty()) return std::nullopt;
  return split;
}

}  // namespace airgap::model
