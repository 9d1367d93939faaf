#include "model/table_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace airgap::model {

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time: return "a date/time";
    case toml::node_type::none: return "nothing";
  }
  return "a value";
}

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](unsigned char x, unsigned char y) {
    return std::tolower(x) == std::tolower(y);
  });
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::optional<std::string> did_you_mean(std::string_view word,
                                        std::span<const std::string_view> candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  const std::string word_lower = lower(word);
  for (const auto candidate : candidates) {
    std::size_t distance = edit_distance(word_lower, lower(candidate));
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(candidate);
    }
  }
  return best;
}

std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string>& candidates) {
  const std::vector<std::string_view> views(candidates.begin(), candidates.end());
  return did_you_mean(word, std::span<const std::string_view>(views));
}

TableReader::TableReader(LoadContext& ctx, const toml::table& table, std::string scope)
    : ctx_(ctx), table_(table), scope_(std::move(scope)) {
  known_.reserve(16);  // one allocation for a rule's dozen spellings
}

TableReader::~TableReader() { finish(); }

bool TableReader::is_known(std::string_view key) const {
  return std::find(known_.begin(), known_.end(), key) != known_.end();
}

std::string TableReader::key_scope(std::string_view key) const {
  return scope_.empty() ? std::string(key) : fmt::format("{}.{}", scope_, key);
}

SourceRef TableReader::where(std::string_view key) const {
  if (const toml::node* found = table_.get(key)) return ctx_.at(*found);
  return where();
}

const toml::node* TableReader::node(std::initializer_list<std::string_view> spellings, Need need) {
  const toml::node* found = nullptr;
  for (auto key : spellings) {
    if (!is_known(key)) known_.push_back(key);
    if (found == nullptr) found = table_.get(key);
  }
  if (found == nullptr && need == Need::required) {
    ctx_.diagnostics.error(DiagKind::missing_key, where(),
                           fmt::format("missing required key '{}'", key_scope(*spellings.begin())));
  }
  return found;
}

void TableReader::wrong_type(const toml::node& node, std::string_view key,
                             std::string_view expected) {
  ctx_.diagnostics.error(DiagKind::wrong_type, ctx_.at(node),
                         fmt::format("'{}' must be {}, saw {}", key_scope(key), expected,
                                     type_name(node)));
}

std::optional<std::string> TableReader::string(std::initializer_list<std::string_view> spellings,
                                               Need need) {
  const toml::node* found = node(spellings, need);
  if (found == nullptr) return std::nullopt;
  if (const auto* value = found->as_string()) return value->get();
  wrong_type(*found, *spellings.begin(), "a string");
  return std::nullopt;
}

std::optional<bool> TableReader::boolean(std::string_view key, Need need) {
  const toml::node* found = node({key}, need);
  if (found == nullptr) return std::nullopt;
  if (const auto* value = found->as_boolean()) return value->get();
  wrong_type(*found, key, "a boolean (true or false)");
  return std::nullopt;
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, Need need) {
  const toml::node* found = node({key}, need);
  if (found == nullptr) return std::nullopt;
  if (const auto* value = found->as_integer()) return value->get();
  wrong_type(*found, key, "an integer");
  return std::nullopt;
}

std::vector<std::pair<std::string, SourceRef>> TableReader::strings(
    std::initializer_list<std::string_view> spellings, Need need) {
  std::vector<std::pair<std::string, SourceRef>> out;
  const toml::node* found = node(spellings, need);
  if (found == nullptr) return out;
  if (const auto* value = found->as_string()) {
    out.emplace_back(value->get(), ctx_.at(*found));
    return out;
  }
  const auto* array = found->as_array();
  if (array == nullptr) {
    wrong_type(*found, *spellings.begin(), "a string or an array of strings");
    return out;
  }
  for (const auto& element : *array) {
    if (const auto* value = element.as_string()) {
      out.emplace_back(value->get(), ctx_.at(element));
    } else {
      wrong_type(element, *spellings.begin(), "an array of strings");
    }
  }
  return out;
}

std::optional<std::size_t> TableReader::choice(std::string_view key,
                                               std::span<const std::string_view> allowed,
                                               Need need) {
  auto text = string({key}, need);
  if (!text) return std::nullopt;
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (equal_ignoring_case(allowed[i], *text)) return i;
  }
  auto hint = did_you_mean(*text, allowed);
  ctx_.diagnostics.error(
      DiagKind::invalid_value, where(key),
      fmt::format("'{}' is not a valid {} (expected one of: {}){}", *text, key_scope(key),
                  fmt::join(allowed, ", "), hint ? fmt::format("; did you mean '{}'?", *hint) : ""));
  return std::nullopt;
}

std::optional<Prefix> TableReader::prefix(std::string_view key, Need need) {
  auto text = string({key}, need);
  if (!text) return std::nullopt;
  auto parsed = parse_prefix(*text);
  if (!parsed) ctx_.diagnostics.error(DiagKind::invalid_cidr, where(key), parsed.error);
  return parsed.value;
}

std::optional<Ipv4> TableReader::ipv4(std::string_view key, Need need) {
  auto text = string({key}, need);
  if (!text) return std::nullopt;
  auto parsed = parse_ipv4(*text);
  if (!parsed) ctx_.diagnostics.error(DiagKind::invalid_ip, where(key), parsed.error);
  return parsed.value;
}

void TableReader::tables(std::initializer_list<std::string_view> spellings,
                         const std::function<void(TableReader&)>& visit, Need need) {
  const toml::node* found = node(spellings, need);
  if (found == nullptr) return;
  const std::string child_scope = key_scope(*spellings.begin());
  if (const auto* table = found->as_table()) {
    TableReader child(ctx_, *table, child_scope);
    visit(child);
    return;
  }
  const auto* array = found->as_array();
  if (array == nullptr) {
    wrong_type(*found, *spellings.begin(), "an array of tables");
    return;
  }
  for (const auto& element : *array) {
    if (const auto* table = element.as_table()) {
      TableReader child(ctx_, *table, child_scope);
      visit(child);
    } else {
      wrong_type(element, *spellings.begin(), "an array of tables");
    }
  }
}

void TableReader::finish() {
  if (finished_) return;
  finished_ = true;
  for (const auto& [key, value] : table_) {
    if (is_known(key.str())) continue;
    auto hint = did_you_mean(key.str(), known_);
    SourceRef at = ctx_.at(key.source());
    if (!at.is_known()) at = ctx_.at(value);
    ctx_.diagnostics.error(DiagKind::unknown_key, at,
                           fmt::format("unknown key '{}'{}", key_scope(key.str()),
                                       hint ? fmt::format("; did you mean '{}'?", *hint) : ""));
  }
}

}  // namespace airgap::model
