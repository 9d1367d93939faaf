#include "reports/sarif_report.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "sim/findings.hpp"

namespace airgap::reports {

using Json = nlohmann::ordered_json;

namespace {

constexpr const char* expectation_rule = "AIRGAP-EXPECT";

std::string level_of(sim::FindingSeverity s) {
  switch (s) {
    case sim::FindingSeverity::error: return "error";
    case sim::FindingSeverity::warning: return "warning";
    case sim::FindingSeverity::note: return "note";
  }
  return "note";
}

// Relative paths stay relative (stable across checkouts); absolute ones become file:// URIs.
std::string uri_of(const std::string& path) {
  std::string uri = std::filesystem::path(path).lexically_normal().generic_string();
  std::string out = uri.starts_with("/") ? "file://" : "";
  for (char c : uri) {
    if (c == ' ') {
      out += "%20";
    } else {
      out += c;
    }
  }
  return out;
}

Json physical(const model::SourceRef& at) {
  Json region{{"startLine", std::max<std::uint32_t>(at.line, 1)}};
  if (at.column > 0) region["startColumn"] = at.column;
  return Json{{"artifactLocation", Json{{"uri", uri_of(at.path())}}}, {"region", region}};
}

Json rules() {
  Json out = Json::array();
  out.push_back(Json{{"id", expectation_rule},
                     {"name", "ExpectationFailed"},
                     {"shortDescription", Json{{"text", "A scenario [[expect]] line does not hold"}}},
                     {"defaultConfiguration", Json{{"level", "error"}}}});
  for (const auto& kind : sim::finding_catalogue()) {
    out.push_back(Json{{"id", kind.id},
                       {"shortDescription", Json{{"text", kind.title}}},
                       {"defaultConfiguration", Json{{"level", level_of(kind.severity)}}}});
  }
  return out;
}

Json code_flow(const sim::Verdict& v, const model::SourceRef& fallback) {
  Json locations = Json::array();
  for (const auto& hop : v.path) {
    const model::SourceRef& at = hop.decided_at.is_known() ? hop.decided_at : hop.at.is_known() ? hop.at : fallback;
    std::string text = fmt::format("{} -> {}: {}", hop.from, hop.to, hop.description);
    if (!hop.decided_by.empty()) text += fmt::format(" (by {})", hop.decided_by);
    locations.push_back(Json{{"location", Json{{"physicalLocation", physical(at)}, {"message", Json{{"text", text}}}}}});
  }
  return Json{{"message", Json{{"text", fmt::format("witness {}", v.witness_text)}}},
              {"threadFlows", Json::array({Json{{"locations", std::move(locations)}}})}};
}

void add_results(const ScenarioResult& result, Json& out) {
  for (const auto& r : result.variants) {
    const std::string variant = r.cell == sim::Cell::no_cluster ? "" : fmt::format(" [{}]", r.variant.label());
    for (const auto& e : r.expectations) {
      if (e.holds) continue;
      const auto& x = e.expectation;
      const std::string subject = x.from.empty() ? "cluster" : fmt::format("{} -> {}", x.from, x.to);
      Json res{{"ruleId", expectation_rule},
               {"level", "error"},
               {"message", Json{{"text", fmt::format("{}{}: expected {}, got {}", subject, variant,
                                                     model::to_string(x.verdict), e.actual)}}},
               {"locations", Json::array({Json{{"physicalLocation", physical(x.source)}}})}};
      if (e.verdict && !e.verdict->path.empty()) res["codeFlows"] = Json::array({code_flow(*e.verdict, x.source)});
      out.push_back(std::move(res));
    }
    if (!r.as_written) continue;  // findings once per scenario: for the variant as written
    for (const auto& f : r.findings) {
      out.push_back(Json{{"ruleId", f.id},
                         {"level", level_of(f.severity)},
                         {"message", Json{{"text", f.message}}},
                         {"locations", Json::array({Json{{"physicalLocation", physical(f.at.is_known() ? f.at : model::SourceRef{std::make_shared<const std::string>(result.path), 1, 1})}}})}});
    }
  }
}

}  // namespace

std::string render_sarif(const std::vector<ScenarioResult>& results) {
  Json run_results = Json::array();
  for (const auto& result : results) add_results(result, run_results);
  Json driver{{"name", "airgap"}, {"version", "0.1.0"}, {"rules", rules()}};
  Json doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
           {"version", "2.1.0"},
           {"runs", Json::array({Json{{"tool", Json{{"driver", driver}}}, {"results", std::move(run_results)}}})}};
  return doc.dump(2) + "\n";
}

}  // namespace airgap::reports
