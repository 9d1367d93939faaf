// Internal helpers shared by the validation passes.
#pragma once

#include <fmt/format.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/network.hpp"
#include "model/table_reader.hpp"

namespace airgap::model::detail {

template <typename T>
std::vector<std::string> names_of(const std::vector<T>& items) {
  std::vector<std::string> names;
  names.reserve(items.size());
  for (const auto& item : items) names.push_back(item.name);
  return names;
}

/// Reports `ref` as an unknown `what` unless `exists`; suggests the closest declared name.
void check_reference(Diagnostics& diags, const SourceRef& at, std::string_view what,
                     const std::string& ref, bool exists, const std::vector<std::string>& names);

/// Reports every name declared twice in `items`, with a note at the first declaration.
template <typename T>
void check_unique(Diagnostics& diags, const std::vector<T>& items, std::string_view what) {
  std::unordered_map<std::string, const T*> seen;
  seen.reserve(items.size());
  for (const auto& item : items) {
    if (item.name.empty()) continue;
    auto [it, inserted] = seen.emplace(item.name, &item);
    if (!inserted) {
      diags.error(DiagKind::duplicate_name, item.source,
                  fmt::format("duplicate {} name '{}'", what, item.name),
                  {{"first declared here", it->second->source}});
    }
  }
}

std::vector<std::string> qualified_subnet_names(const Network& network);

void validate_addressing(const Network& network, Diagnostics& diags);
void validate_references(const Network& network, Diagnostics& diags);
void validate_rules(const Network& network, Diagnostics& diags);

}  // namespace airgap::model::detail
