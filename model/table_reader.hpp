// TableReader: typed, location-aware access to one TOML table that reports every key it was
// never asked for as unknown ("did you mean ..."), so a typo can never silently weaken a proof.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/ip.hpp"
#include "model/toml.hpp"

namespace airgap::model {

/// Shared state of one file's load: diagnostics sink and the file name every SourceRef points at.
struct LoadContext {
  Diagnostics& diagnostics;
  std::shared_ptr<const std::string> file;

  /// Lines before the text being read, when a file is parsed in pieces (see document_split).
  std::uint32_t line_offset = 0;

  SourceRef at(const toml::source_region& region) const {
    const std::uint32_t line = region.begin.line;
    return SourceRef{file, line == 0 ? 0 : line + line_offset, region.begin.column};
  }
  SourceRef at(const toml::node& node) const { return at(node.source()); }
};

enum class Need { optional, required };

class TableReader {
 public:
  TableReader(LoadContext& ctx, const toml::table& table, std::string scope);
  TableReader(const TableReader&) = delete;
  TableReader& operator=(const TableReader&) = delete;

  /// The node for `key` (first of its spellings found), marking every spelling as known. Every
  /// accessor's spellings must outlive the reader (they are string literals).
  const toml::node* node(std::initializer_list<std::string_view> spellings, Need need);

  std::optional<std::string> string(std::initializer_list<std::string_view> spellings,
                                    Need need = Need::optional);
  std::optional<bool> boolean(std::string_view key, Need need = Need::optional);
  std::optional<std::int64_t> integer(std::string_view key, Need need = Need::optional);
  /// A string or an array of strings; each element with its location.
  std::vector<std::pair<std::string, SourceRef>> strings(
      std::initializer_list<std::string_view> spellings, Need need = Need::optional);
  /// A string that must be one of `allowed` (case-insensitive); returns its index.
  std::optional<std::size_t> choice(std::string_view key, std::span<const std::string_view> allowed,
                                    Need need = Need::optional);
  std::optional<Prefix> prefix(std::string_view key, Need need = Need::optional);
  std::optional<Ipv4> ipv4(std::string_view key, Need need = Need::optional);
  /// Visits each table of an array of tables (or a single table) under `key`.
  void tables(std::initializer_list<std::string_view> spellings,
              const std::function<void(TableReader&)>& visit, Need need = Need::optional);

  SourceRef where() const { return ctx_.at(table_); }
  SourceRef where(std::string_view key) const;
  const std::string& scope() const { return scope_; }
  LoadContext& context() { return ctx_; }

  /// Reports keys that no accessor asked for. Called by the destructor too, once.
  void finish();
  ~TableReader();

 private:
  void wrong_type(const toml::node& node, std::string_view key, std::string_view expected);
  std::string key_scope(std::string_view key) const;

  LoadContext& ctx_;
  const toml::table& table_;
  std::string scope_;
  // The spellings asked for: views of the callers' literals (every accessor's keys are), a
  // handful per table, so a flat list of views beats a tree of copies.
  std::vector<std::string_view> known_;
  bool is_known(std::string_view key) const;
  bool finished_ = false;
};

std::string_view type_name(const toml::node& node);
/// The closest of `candidates` to `word`, if close enough to suggest.
std::optional<std::string> did_you_mean(std::string_view word,
                                        std::span<const std::string_view> candidates);
std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string>& candidates);

}  // namespace airgap::model
