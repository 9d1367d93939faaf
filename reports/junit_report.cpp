#include "reports/junit_report.hpp"

#include <fmt/format.h>

#include "reports/text_report.hpp"
#include "reports/xml_escape.hpp"

namespace airgap::reports {

namespace {

struct Case {
  std::string classname, name, file, failure_message, failure_text, system_out;
  std::uint32_t line = 0;
  bool failed = false;
};

std::string expectation_name(const model::Expectation& x) {
  std::string subject = x.from.empty() ? "cluster" : fmt::format("{} -> {}", x.from, x.to);
  if (x.protocol) subject += fmt::format(" {}", model::to_string(*x.protocol));
  for (const auto& p : x.ports) subject += fmt::format(" {}", p.to_string());
  return fmt::format("{} is {}", subject, model::to_string(x.verdict));
}

std::vector<Case> cases_of(const sim::VariantReport& r) {
  std::vector<Case> cases;
  for (const auto& e : r.expectations) {
    const auto& x = e.expectation;
    Case c{"airgap.expectation", expectation_name(x), x.source.path(), {}, {}, {}, x.source.line, !e.holds};
    if (!e.holds) {
      c.failure_message = fmt::format("expected {}, got {}", model::to_string(x.verdict), e.actual);
      c.failure_text = e.verdict ? render_verdict_details(*e.verdict, "") : r.reason;
    }
    cases.push_back(std::move(c));
  }
  for (const auto& f : r.findings) {
    Case c{"airgap.finding", fmt::format("{} {}", f.id, f.title), f.at.path(), {}, {}, {}, f.at.line,
           f.severity == sim::FindingSeverity::error};
    if (c.failed) {
      c.failure_message = f.message;
      c.failure_text = fmt::format("{} [{}]", f.message, f.at.to_string());
    } else {
      c.system_out = fmt::format("{}: {}", to_string(f.severity), f.message);
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

}  // namespace

std::string render_junit(const std::vector<ScenarioResult>& results) {
  std::string suites;
  std::size_t total = 0, failures = 0;
  for (const auto& result : results) {
    for (const auto& r : result.variants) {
      const auto cases = cases_of(r);
      std::size_t failed = 0;
      for (const auto& c : cases) failed += c.failed ? 1 : 0;
      total += cases.size();
      failures += failed;
      const std::string suite_name = r.cell == sim::Cell::no_cluster
                                         ? result.name
                                         : fmt::format("{} [{}]", result.name, r.variant.label());
      suites += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" file=\"{}\">\n",
                            escape_xml(suite_name), cases.size(), failed, escape_xml(result.path));
      for (const auto& c : cases) {
        suites += fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\"",
                              c.classname, escape_xml(c.name), escape_xml(c.file), c.line);
        if (!c.failed && c.system_out.empty()) {
          suites += "/>\n";
          continue;
        }
        suites += ">\n";
        if (c.failed) {
          suites += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                                escape_xml(c.failure_message), c.classname, escape_xml(c.failure_text));
        }
        if (!c.system_out.empty()) suites += fmt::format("      <system-out>{}</system-out>\n", escape_xml(c.system_out));
        suites += "    </testcase>\n";
      }
      suites += "  </testsuite>\n";
    }
  }
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"airgap\" tests=\"{}\" "
                     "failures=\"{}\" errors=\"0\">\n{}</testsuites>\n",
                     total, failures, suites);
}

}  // namespace airgap::reports
