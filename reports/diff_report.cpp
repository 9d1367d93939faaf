#include "reports/diff_report.hpp"

#include <fmt/format.h>

#include "reports/json_report.hpp"
#include "reports/text_report.hpp"

namespace airgap::reports {

namespace {

std::string_view kind_name(sim::PathChange::Kind kind) {
  switch (kind) {
    case sim::PathChange::Kind::opened: return "opened";
    case sim::PathChange::Kind::closed: return "closed";
    case sim::PathChange::Kind::possibly_opened: return "possibly-opened";
  }
  return "opened";
}

}  // namespace

std::string render_diff_text(const std::string& before, const std::string& after,
                             const std::vector<sim::PathChange>& changes, bool color) {
  std::string out = fmt::format("diff {} -> {}\n", before, after);
  if (changes.empty()) return out + "  no reachability changes\n";
  for (const auto& c : changes) {
    const std::string kind(kind_name(c.kind));
    const char* tint = c.kind == sim::PathChange::Kind::closed ? "32" : "1;31";
    out += fmt::format("  {} [{}] pool '{}' -> {} ({} -> {}): {}\n",
                       color ? fmt::format("\033[{}m{:<15}\033[0m", tint, kind) : fmt::format("{:<15}", kind),
                       c.variant, c.pool, c.destination, sim::ReachabilityMatrix::to_string(c.before),
                       sim::ReachabilityMatrix::to_string(c.after), c.summary);
    out += render_verdict_details(c.witness, "      ");
  }
  return out;
}

std::string render_diff_json(const std::string& before, const std::string& after,
                             const std::vector<sim::PathChange>& changes) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& c : changes) {
    list.push_back({{"change", std::string(kind_name(c.kind))}, {"pool", c.pool}, {"destination", c.destination},
                    {"variant", c.variant}, {"toInternet", c.to_internet},
                    {"before", std::string(sim::ReachabilityMatrix::to_string(c.before))},
                    {"after", std::string(sim::ReachabilityMatrix::to_string(c.after))}, {"summary", c.summary},
                    {"verdict", verdict_json(c.witness)}});
  }
  nlohmann::ordered_json doc{{"airgap", {{"schemaVersion", json_schema_version}}}, {"command", "diff"},
                             {"before", before}, {"after", after}, {"changes", std::move(list)}};
  return doc.dump(2) + "\n";
}

}  // namespace airgap::reports
