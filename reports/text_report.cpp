#include "reports/text_report.hpp"

#include <fmt/format.h>

#include <map>

namespace airgap::reports {

namespace {

struct Paint {
  bool on;
  std::string operator()(std::string_view text, const char* code) const {
    return on ? fmt::format("\033[{}m{}\033[0m", code, text) : std::string(text);
  }
};

const char* status_color(sim::Status status) {
  switch (status) {
    case sim::Status::reachable: return "33";
    case sim::Status::unreachable: return "32";
    case sim::Status::unknown: return "35";
  }
  return "0";
}

const char* cell_color(sim::Cell cell) {
  switch (cell) {
    case sim::Cell::isolated: return "1;32";
    case sim::Cell::egress: return "1;31";
    case sim::Cell::bootstrap_broken: return "1;33";
    case sim::Cell::not_deployable: return "2";
    case sim::Cell::unknown: return "1;35";
    case sim::Cell::no_cluster: return "0";
  }
  return "0";
}

std::string where(const model::SourceRef& at) {
  return at.is_known() ? fmt::format(" [{}]", at.to_string()) : std::string{};
}

std::string subject(const model::Expectation& x) {
  if (x.from.empty()) return "cluster";
  std::string text = fmt::format("{} -> {}", x.from, x.to);
  if (x.protocol) text += fmt::format(" {}", model::to_string(*x.protocol));
  for (const auto& p : x.ports) text += fmt::format(" {}", p.to_string());
  return text;
}

std::string verdict_line(const std::string& label, const sim::Verdict& v, const Paint& paint) {
  return fmt::format("    {:<15} {} {}\n", label,
                     paint(fmt::format("{:<11}", to_string(v.status)), status_color(v.status)),
                     v.summary);
}

std::string pool_lines(const sim::PoolVerdicts& pool, const Paint& paint) {
  std::string out = fmt::format("  pool '{}' ({})\n", pool.pool, pool.subnet);
  out += verdict_line("internet", pool.internet, paint);
  out += verdict_line("API server", pool.api_server, paint);
  if (pool.registry_login) out += verdict_line("registry login", *pool.registry_login, paint);
  if (pool.registry_data) out += verdict_line("registry data", *pool.registry_data, paint);
  return out;
}

std::string finding_lines(const sim::VariantReport& report, const Paint& paint) {
  if (report.findings.empty()) return {};
  std::string out = fmt::format("  findings: {}\n", report.findings.size());
  for (const auto& f : report.findings) {
    const char* tint = f.severity == sim::FindingSeverity::error ? "1;31"
                       : f.severity == sim::FindingSeverity::warning ? "33" : "2";
    out += fmt::format("    {} {} {}{}\n", paint(fmt::format("{:<7}", to_string(f.severity)), tint), f.id,
                       f.message, where(f.at));
  }
  return out;
}

std::string expectation_lines(const sim::VariantReport& report, const Paint& paint) {
  if (report.expectations.empty()) return {};
  std::size_t held = 0;
  for (const auto& e : report.expectations) held += e.holds ? 1 : 0;
  std::string out = fmt::format("  expectations: {}/{} hold\n", held, report.expectations.size());
  for (const auto& e : report.expectations) {
    const auto& x = e.expectation;
    out += fmt::format("    {} {}: expected {}, got {}{}\n",
                       e.holds ? paint("ok  ", "32") : paint("FAIL", "1;31"), subject(x),
                       model::to_string(x.verdict), e.actual, where(x.source));
  }
  return out;
}

}  // namespace

std::string render_verdict_details(const sim::Verdict& v, const std::string& indent) {
  std::string out;
  for (const auto& note : v.notes) out += fmt::format("{}note: {}\n", indent, note);
  if (v.status == sim::Status::reachable && v.witness) {
    out += fmt::format("{}witness: {}\n", indent, v.witness_text);
    for (std::size_t i = 0; i < v.path.size(); ++i) {
      const auto& hop = v.path[i];
      out += fmt::format("{}  {}. {} -> {}\n{}     {}{}\n", indent, i + 1, hop.from, hop.to, indent,
                         hop.description, where(hop.at));
      if (!hop.decided_by.empty()) {
        out += fmt::format("{}     by {}{}\n", indent, hop.decided_by, where(hop.decided_at));
      }
      if (!hop.snat.empty()) out += fmt::format("{}     {}\n", indent, hop.snat);
    }
  }
  if (v.status == sim::Status::unreachable) {
    for (const auto& b : v.blockers) {
      out += fmt::format("{}blocked: {}{}\n{}  packets: {}\n", indent, b.description, where(b.at),
                         indent, b.packets);
      for (const auto& [rule, at] : b.rules) out += fmt::format("{}  by {}{}\n", indent, rule, where(at));
    }
  }
  if (v.status == sim::Status::unknown) {
    for (const auto& reason : v.unknowns) out += fmt::format("{}unknown because: {}\n", indent, reason);
  }
  return out;
}

std::string render_check_text(const std::string& path, const std::string& name,
                              const sim::VariantReport& report, const TextStyle& style) {
  const Paint paint{style.color};
  std::string out = fmt::format("{}: {}\n", path, name);
  if (report.cell != sim::Cell::no_cluster) {
    out += fmt::format("  variant {} (as written): {} — {}\n", report.variant.label(),
                       paint(to_string(report.cell), cell_color(report.cell)), report.reason);
  }
  for (const auto& pool : report.pools) out += pool_lines(pool, paint);
  out += finding_lines(report, paint);
  out += expectation_lines(report, paint);
  std::string details;
  for (const auto& pool : report.pools) {
    for (const auto& [label, v] : std::vector<std::pair<std::string, const sim::Verdict*>>{
             {"the internet", &pool.internet},
             {"the API server", &pool.api_server},
             {"the registry login endpoint", pool.registry_login ? &*pool.registry_login : nullptr},
             {"the registry data endpoint", pool.registry_data ? &*pool.registry_data : nullptr}}) {
      if (v == nullptr) continue;
      details += fmt::format("  pool '{}' -> {}: {}\n", pool.pool, v->target, to_string(v->status));
      details += render_verdict_details(*v, "    ");
    }
  }
  for (const auto& e : report.expectations) {
    if (e.holds || !e.verdict) continue;
    details += fmt::format("  failed expectation {}{}\n", subject(e.expectation),
                           where(e.expectation.source));
    details += render_verdict_details(*e.verdict, "    ");
  }
  for (const auto& note : report.notes) details += fmt::format("  note: {}\n", note);
  if (!details.empty()) out += "\ndetails:\n" + details;
  return out;
}

std::string render_sweep_text(const std::string& path, const std::string& name,
                              const std::vector<sim::VariantReport>& reports, const TextStyle& style) {
  const Paint paint{style.color};
  std::string out = fmt::format("{}: {}\n\n", path, name);
  std::map<std::pair<model::OutboundType, model::ApiServerAccess>, const sim::VariantReport*> cells;
  for (const auto& r : reports) cells[{r.variant.outbound, r.variant.api}] = &r;
  out += fmt::format("  {:<24}", "outboundType \\ API");
  for (auto api : model::all_api_server_modes) out += fmt::format(" {:<18}", to_string(api));
  out += "\n";
  for (auto outbound : model::all_outbound_types) {
    out += fmt::format("  {:<24}", to_string(outbound));
    for (auto api : model::all_api_server_modes) {
      const auto* r = cells[{outbound, api}];
      std::string text = r ? std::string(to_string(r->cell)) + (r->as_written ? "*" : "") : "-";
      out += " " + paint(fmt::format("{:<18}", text), r ? cell_color(r->cell) : "0");
    }
    out += "\n";
  }
  out += "  (* = the variant the scenario writes down)\n\n";
  using Code = sim::ReachabilityMatrix::Code;
  for (const auto& r : reports) {
    const auto& m = r.reachability;
    std::string pools;
    if (!m.sources().empty() && r.cell != sim::Cell::not_deployable) {
      const long unknown = m.count(sim::Destination::internet, Code::unknown);
      pools = fmt::format(" [internet: {} of {} pools reachable{}]",
                          m.count(sim::Destination::internet, Code::reachable), m.sources().size(),
                          unknown == 0 ? std::string{} : fmt::format(", {} unknown", unknown));
    }
    out += fmt::format("  {:<40} {} — {}{}\n", r.variant.label(),
                       paint(to_string(r.cell), cell_color(r.cell)), r.reason, pools);
  }
  std::string expectations;
  for (const auto& r : reports) {
    for (const auto& e : r.expectations) {
      const auto& x = e.expectation;
      expectations += fmt::format("    {} [{}] {}: expected {}, got {}{}\n",
                                  e.holds ? paint("ok  ", "32") : paint("FAIL", "1;31"),
                                  r.variant.label(), subject(x), model::to_string(x.verdict),
                                  e.actual, where(x.source));
    }
  }
  if (!expectations.empty()) out += "\n  expectations:\n" + expectations;
  return out;
}

}  // namespace airgap::reports
