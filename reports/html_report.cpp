#include "reports/html_report.hpp"

#include <fmt/format.h>

#include <map>

#include "reports/topology_svg.hpp"
#include "reports/xml_escape.hpp"

namespace airgap::reports {

namespace {

constexpr std::string_view css = R"(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,"Noto Sans CJK JP",sans-serif;color:#111827;margin:24px;max-width:1200px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #e5e7eb;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px} h4{font-size:14px;margin:12px 0 4px}
.muted{color:#6b7280} code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
table{border-collapse:collapse;margin:6px 0 12px;width:100%} th,td{border:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f9fafb;font-weight:600}
table.matrix{width:auto} table.matrix td{min-width:150px}
.cell{display:block;padding:6px 8px;border-radius:4px;text-decoration:none;color:#111827;font-weight:600}
.cell small{display:block;font-weight:400;font-size:11.5px;color:#374151}
.isolated{background:#bbf7d0} .egress{background:#fecaca} .bootstrap-broken{background:#fde68a}
.not-deployable{background:#e5e7eb;color:#4b5563} .unknown{background:#e9d5ff} .no-cluster{background:#f3f4f6}
.reachable{color:#b91c1c;font-weight:600} .unreachable{color:#15803d;font-weight:600} .status-unknown{color:#7e22ce;font-weight:600}
.pill{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}
.error{background:#fee2e2;color:#991b1b} .warning{background:#fef3c7;color:#92400e} .note{background:#e0f2fe;color:#075985}
.ok{color:#15803d;font-weight:600} .fail{color:#b91c1c;font-weight:700}
.svg{overflow:auto;border:1px solid #e5e7eb;padding:8px;margin:8px 0} .svg svg{max-width:100%;height:auto}
section.variant{border-left:4px solid #e5e7eb;padding-left:12px;margin:18px 0}
.star{color:#2563eb}
@media print{body{margin:0;font-size:11px} a{color:inherit;text-decoration:none} section.variant{break-inside:avoid-page} .svg{break-inside:avoid}}
)";

std::string e(std::string_view text) { return escape_xml(text); }

Msg cell_msg(sim::Cell cell) {
  switch (cell) {
    case sim::Cell::isolated: return Msg::cell_isolated;
    case sim::Cell::egress: return Msg::cell_egress;
    case sim::Cell::bootstrap_broken: return Msg::cell_bootstrap_broken;
    case sim::Cell::not_deployable: return Msg::cell_not_deployable;
    case sim::Cell::unknown: return Msg::cell_unknown;
    case sim::Cell::no_cluster: return Msg::cell_no_cluster;
  }
  return Msg::cell_unknown;
}

// Red means exposure: reaching the internet is bad, reaching the API server or registry is good.
std::string status_html(sim::Status s, Lang lang, bool reach_is_bad = true) {
  const char* reach_class = reach_is_bad ? "reachable" : "unreachable";
  const char* unreach_class = reach_is_bad ? "unreachable" : "reachable";
  switch (s) {
    case sim::Status::reachable: return fmt::format("<span class=\"{}\">{}</span>", reach_class, text(Msg::status_reachable, lang));
    case sim::Status::unreachable: return fmt::format("<span class=\"{}\">{}</span>", unreach_class, text(Msg::status_unreachable, lang));
    case sim::Status::unknown: return fmt::format("<span class=\"status-unknown\">{}</span>", text(Msg::status_unknown, lang));
  }
  return {};
}

std::string where_span(const model::SourceRef& at) {
  return at.is_known() ? fmt::format("<span class=\"mono\">{}:{}</span>", e(at.path()), at.line) : "";
}

std::string anchor(std::size_t scenario, const sim::VariantReport& r) {
  if (r.cell == sim::Cell::no_cluster) return fmt::format("s{}", scenario);
  return fmt::format("s{}-{}-{}", scenario, to_string(r.variant.outbound), to_string(r.variant.api));
}

std::string matrix(std::size_t index, const ScenarioResult& result, Lang lang) {
  std::map<std::pair<model::OutboundType, model::ApiServerAccess>, const sim::VariantReport*> cells;
  for (const auto& r : result.variants) cells[{r.variant.outbound, r.variant.api}] = &r;
  std::string out = fmt::format("<h3>{}</h3>\n<table class=\"matrix\"><tr><th>{} \\ {}</th>", text(Msg::matrix, lang),
                                text(Msg::outbound_type, lang), text(Msg::api_mode, lang));
  for (auto api : model::all_api_server_modes) out += fmt::format("<th>{}</th>", to_string(api));
  out += "</tr>\n";
  for (auto outbound : model::all_outbound_types) {
    out += fmt::format("<tr><th>{}</th>", to_string(outbound));
    for (auto api : model::all_api_server_modes) {
      const auto* r = cells[{outbound, api}];
      if (r == nullptr) {
        out += "<td>–</td>";
        continue;
      }
      const std::string cls(to_string(r->cell));
      out += fmt::format("<td><a class=\"cell {}\" href=\"#{}\" title=\"{}\">{}{}<small>{}</small></a></td>", cls,
                         anchor(index, *r), e(r->reason), text(cell_msg(r->cell), lang),
                         r->as_written ? fmt::format(" <span class=\"star\" title=\"{}\">★</span>", text(Msg::as_written, lang)) : "",
                         e(r->reason.size() > 90 ? r->reason.substr(0, 87) + "..." : r->reason));
    }
    out += "</tr>\n";
  }
  return out + fmt::format("</table>\n<p class=\"muted\">★ = {}</p>\n", text(Msg::as_written, lang));
}

std::string hop_table(const sim::Verdict& v, Lang lang) {
  std::string out = fmt::format("<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n", text(Msg::hop, lang),
                                text(Msg::object, lang), text(Msg::deciding_rule, lang), text(Msg::location, lang));
  for (std::size_t i = 0; i < v.path.size(); ++i) {
    const auto& hop = v.path[i];
    out += fmt::format("<tr><td>{}</td><td>{} → {}</td><td>{}{}{}</td><td>{}</td></tr>\n", i + 1, e(hop.from), e(hop.to),
                       e(hop.description), hop.decided_by.empty() ? "" : "<br><b>" + e(hop.decided_by) + "</b>",
                       hop.snat.empty() ? "" : "<br><i>" + e(hop.snat) + "</i>",
                       where_span(hop.decided_at.is_known() ? hop.decided_at : hop.at));
  }
  return out + "</table>\n";
}

std::string verdict_details(const sim::Verdict& v, Lang lang) {
  std::string out;
  for (const auto& note : v.notes) out += fmt::format("<p class=\"muted\">{}: {}</p>\n", text(Msg::notes, lang), e(note));
  if (v.witness) {
    out += fmt::format("<p>{}: <code>{}</code></p>\n", text(Msg::witness, lang), e(v.witness_text));
    out += hop_table(v, lang);
  }
  if (!v.blockers.empty()) {
    out += fmt::format("<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>\n", text(Msg::blockers, lang),
                       text(Msg::packets, lang), text(Msg::deciding_rule, lang));
    for (const auto& b : v.blockers) {
      std::string rules;
      for (const auto& [rule, at] : b.rules) rules += fmt::format("{} {}<br>", e(rule), where_span(at));
      out += fmt::format("<tr><td>{} {}</td><td>{}</td><td>{}</td></tr>\n", e(b.description), where_span(b.at), e(b.packets), rules);
    }
    out += "</table>\n";
  }
  if (!v.unknowns.empty()) {
    out += fmt::format("<p>{}:</p><ul>", text(Msg::unknown_because, lang));
    for (const auto& u : v.unknowns) out += fmt::format("<li>{}</li>", e(u));
    out += "</ul>\n";
  }
  return out;
}

std::string pool_section(const sim::PoolVerdicts& pool, Lang lang) {
  std::string out = fmt::format("<h4>{} <code>{}</code> <span class=\"muted\">({})</span></h4>\n", text(Msg::pool, lang),
                                e(pool.pool), e(pool.subnet));
  out += fmt::format("<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>\n", text(Msg::destination, lang),
                     text(Msg::verdict, lang), text(Msg::summary, lang));
  std::vector<const sim::Verdict*> verdicts{&pool.internet, &pool.api_server};
  if (pool.registry_login) verdicts.push_back(&*pool.registry_login);
  if (pool.registry_data) verdicts.push_back(&*pool.registry_data);
  for (const auto* v : verdicts) {
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", e(v->target),
                       status_html(v->status, lang, v == &pool.internet), e(v->summary));
  }
  out += "</table>\n";
  for (const auto* v : verdicts) {
    if (v->witness || !v->blockers.empty() || !v->unknowns.empty()) {
      out += fmt::format("<p><b>{}</b> — {}</p>\n", e(v->target), status_html(v->status, lang, v == &pool.internet));
      out += verdict_details(*v, lang);
    }
  }
  return out;
}

std::string findings_table(const sim::VariantReport& r, Lang lang) {
  if (r.findings.empty()) return {};
  std::string out = fmt::format("<h3>{}</h3>\n<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
                                text(Msg::findings, lang), text(Msg::severity, lang), text(Msg::id, lang),
                                text(Msg::message, lang), text(Msg::location, lang));
  for (const auto& f : r.findings) {
    const std::string sev(to_string(f.severity));
    out += fmt::format("<tr><td><span class=\"pill {}\">{}</span></td><td>{}</td><td><b>{}</b><br>{}</td><td>{}</td></tr>\n",
                       sev, sev, e(f.id), e(f.title), e(f.message), where_span(f.at));
  }
  return out + "</table>\n";
}

std::string expectations_table(const ScenarioResult& result, Lang lang) {
  std::string rows;
  for (const auto& r : result.variants) {
    for (const auto& x : r.expectations) {
      const auto& ex = x.expectation;
      std::string subject = ex.from.empty() ? "cluster" : fmt::format("{} → {}", ex.from, ex.to);
      if (ex.protocol) subject += fmt::format(" {}", model::to_string(*ex.protocol));
      for (const auto& p : ex.ports) subject += " " + p.to_string();
      rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td>{}</td></tr>\n",
                          e(subject), r.cell == sim::Cell::no_cluster ? "" : e(r.variant.label()),
                          e(model::to_string(ex.verdict)), e(x.actual), x.holds ? "ok" : "fail",
                          x.holds ? text(Msg::holds, lang) : text(Msg::fails, lang), where_span(ex.source));
    }
  }
  if (rows.empty()) return {};
  return fmt::format("<h3>{}</h3>\n<table><tr><th></th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n{}</table>\n",
                     text(Msg::expectations, lang), text(Msg::variant, lang), text(Msg::expected, lang),
                     text(Msg::actual, lang), text(Msg::result, lang), text(Msg::location, lang), rows);
}

const sim::VariantReport* as_written(const ScenarioResult& result) {
  for (const auto& r : result.variants) {
    if (r.as_written) return &r;
  }
  return result.variants.empty() ? nullptr : &result.variants.front();
}

std::string topology(const sim::VariantReport& r, Lang lang) {
  if (!r.network) return {};
  std::vector<sim::Hop> path;
  for (const auto& pool : r.pools) {
    if (pool.internet.status == sim::Status::reachable) {
      path = pool.internet.path;
      break;
    }
  }
  const std::string svg = dot_to_svg(topology_dot(*r.network, path));
  if (svg.empty()) return {};
  return fmt::format("<h3>{}{}</h3>\n<div class=\"svg\">{}</div>\n", text(Msg::topology, lang),
                     path.empty() ? "" : " <span class=\"muted\">(red: witness path to the internet)</span>", svg);
}

std::string scenario_section(std::size_t index, const ScenarioResult& result, Lang lang) {
  std::string out = fmt::format("<h2 id=\"s{}\">{}: {}</h2>\n<p class=\"muted mono\">{}</p>\n", index, text(Msg::scenario, lang),
                                e(result.name), e(result.path));
  const sim::VariantReport* written = as_written(result);
  const bool has_cluster = written != nullptr && written->cell != sim::Cell::no_cluster;
  if (has_cluster && result.variants.size() > 1) out += matrix(index, result, lang);
  if (written != nullptr) {
    out += findings_table(*written, lang);
    out += expectations_table(result, lang);
    out += topology(*written, lang);
  }
  for (const auto& r : result.variants) {
    out += fmt::format("<section class=\"variant\" id=\"{}\">\n", anchor(index, r));
    if (r.cell != sim::Cell::no_cluster) {
      out += fmt::format("<h3>{} <code>{}</code>{} — <span class=\"pill {}\">{}</span></h3>\n<p>{}</p>\n", text(Msg::variant, lang),
                         e(r.variant.label()), r.as_written ? fmt::format(" <span class=\"star\">★ {}</span>", text(Msg::as_written, lang)) : "",
                         to_string(r.cell), text(cell_msg(r.cell), lang), e(r.reason));
    }
    if (!r.not_deployable.empty()) {
      out += fmt::format("<p><b>{}</b>:</p><ul>", text(Msg::not_deployable_because, lang));
      for (const auto& reason : r.not_deployable) out += fmt::format("<li>{}</li>", e(reason));
      out += "</ul>\n";
    } else {
      for (const auto& pool : r.pools) out += pool_section(pool, lang);
    }
    if (!r.notes.empty()) {
      out += fmt::format("<p class=\"muted\">{}:</p><ul class=\"muted\">", text(Msg::notes, lang));
      for (const auto& note : r.notes) out += fmt::format("<li>{}</li>", e(note));
      out += "</ul>\n";
    }
    if (result.variants.size() > 1) out += fmt::format("<p><a href=\"#s{}\">↑ {}</a></p>\n", index, text(Msg::back_to_matrix, lang));
    out += "</section>\n";
  }
  return out;
}

std::string diff_section(const std::vector<sim::PathChange>& lines, Lang lang) {
  std::string out = fmt::format("<h2 id=\"diff\">{}</h2>\n", text(Msg::diff, lang));
  if (lines.empty()) return out + fmt::format("<p>{}</p>\n", text(Msg::no_changes, lang));
  using Kind = sim::PathChange::Kind;
  for (auto [kind, title] : {std::pair{Kind::opened, Msg::opened}, std::pair{Kind::possibly_opened, Msg::possibly_opened},
                             std::pair{Kind::closed, Msg::closed}}) {
    std::string rows;
    for (const auto& l : lines) {
      if (l.kind != kind) continue;
      rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", e(l.pool), e(l.destination),
                          e(l.variant), e(l.summary));
      rows += fmt::format("<tr><td colspan=\"4\">{}</td></tr>\n", verdict_details(l.witness, lang));
    }
    if (rows.empty()) continue;
    out += fmt::format("<h3>{}</h3>\n<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n{}</table>\n",
                       text(title, lang), text(Msg::pool, lang), text(Msg::destination, lang), text(Msg::variant, lang),
                       text(Msg::summary, lang), rows);
  }
  return out;
}

}  // namespace

std::string render_html(const std::vector<ScenarioResult>& results, const HtmlOptions& options) {
  const Lang lang = options.lang;
  std::string body;
  if (options.diff != nullptr) body += diff_section(*options.diff, lang);
  for (std::size_t i = 0; i < results.size(); ++i) body += scenario_section(i, results[i], lang);
  const std::string title = options.title.empty() ? std::string(text(Msg::title, lang)) : options.title;
  return fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
                     "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p class=\"muted\">{}</p>\n{}</body>\n</html>\n",
                     lang == Lang::ja ? "ja" : "en", e(title), css, e(title), text(Msg::generated_by, lang), body);
}

}  // namespace airgap::reports
