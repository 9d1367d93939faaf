#include "reports/diagnostic_text.hpp"

#include <fmt/format.h>

#include <string_view>

namespace airgap::reports {

namespace {

std::string_view line_of(const std::string& text, std::uint32_t line) {
  std::size_t start = 0;
  for (std::uint32_t i = 1; i < line; ++i) {
    start = text.find('\n', start);
    if (start == std::string::npos) return {};
    ++start;
  }
  std::size_t end = text.find('\n', start);
  std::string_view out(text.data() + start, (end == std::string::npos ? text.size() : end) - start);
  if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
  return out;
}

// The underline covers the token at the column: a quoted string, or up to a delimiter.
std::size_t token_length(std::string_view line, std::size_t column) {
  if (column >= line.size()) return 1;
  std::string_view rest = line.substr(column);
  if (rest.front() == '"' || rest.front() == '\'') {
    std::size_t close = rest.find(rest.front(), 1);
    return close == std::string_view::npos ? rest.size() : close + 1;
  }
  std::size_t end = rest.find_first_of(" \t,]}=");
  return std::max<std::size_t>(1, end == std::string_view::npos ? rest.size() : end);
}

std::string snippet(const model::LoadResult& result, const model::SourceRef& at) {
  if (!result.text || !at.is_known() || at.path() != result.path) return {};
  std::string_view line = line_of(*result.text, at.line);
  if (line.empty() || line.size() > 400) return {};
  const std::size_t column = at.column > 0 ? at.column - 1 : 0;
  std::string indent;
  for (std::size_t i = 0; i < column && i < line.size(); ++i) indent += line[i] == '\t' ? '\t' : ' ';
  const std::size_t length = token_length(line, column);
  return fmt::format("{:>5} | {}\n      | {}^{}\n", at.line, line, indent,
                     std::string(length > 1 ? length - 1 : 0, '~'));
}

}  // namespace

std::string render_diagnostics(const model::LoadResult& result, bool color) {
  std::string out;
  const char* bold = color ? "\033[1m" : "";
  const char* reset = color ? "\033[0m" : "";
  for (const auto& d : result.diagnostics.all()) {
    const char* tint = !color ? "" : d.severity == model::Severity::error ? "\033[1;31m" : "\033[1;35m";
    std::string where = d.at.is_known() ? d.at.to_string() : d.at.path();
    out += fmt::format("{}{}:{} {}{}:{} {} [{}]\n", bold, where, reset, tint,
                       model::to_string(d.severity), reset, d.message, model::to_string(d.kind));
    out += snippet(result, d.at);
    for (const auto& note : d.notes) {
      out += fmt::format("{}{}:{} note: {}\n", bold, note.at.to_string(), reset, note.message);
      out += snippet(result, note.at);
    }
  }
  return out;
}

}  // namespace airgap::reports
