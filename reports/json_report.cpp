#include "reports/json_report.hpp"

#include "sim/packet.hpp"

namespace airgap::reports {

using Json = nlohmann::ordered_json;

Json location_json(const model::SourceRef& at) {
  if (!at.is_known()) return nullptr;
  return Json{{"file", at.path()}, {"line", at.line}, {"column", at.column}};
}

namespace {

Json hop_json(const sim::Hop& hop) {
  Json j{{"from", hop.from}, {"to", hop.to}, {"description", hop.description},
         {"location", location_json(hop.at)}};
  if (!hop.decided_by.empty()) {
    j["decidedBy"] = hop.decided_by;
    j["decidedAt"] = location_json(hop.decided_at);
  }
  if (!hop.snat.empty()) j["snat"] = hop.snat;
  return j;
}

Json packet_json(const sim::Packet& p, const std::string& text) {
  Json j{{"protocol", sim::protocol_name(p.protocol)},
         {"source", p.src.to_string()},
         {"destination", p.dst.to_string()}};
  if (p.has_ports()) {
    j["sourcePort"] = p.src_port;
    j["destinationPort"] = p.dst_port;
  }
  j["text"] = text;
  return j;
}

}  // namespace

Json verdict_json(const sim::Verdict& v) {
  Json j{{"target", v.target}, {"status", std::string(to_string(v.status))}, {"summary", v.summary}};
  if (v.witness) {
    j["witness"] = packet_json(*v.witness, v.witness_text);
    Json path = Json::array();
    for (const auto& hop : v.path) path.push_back(hop_json(hop));
    j["path"] = std::move(path);
  }
  if (!v.blockers.empty()) {
    Json blockers = Json::array();
    for (const auto& b : v.blockers) {
      Json rules = Json::array();
      for (const auto& [rule, at] : b.rules) rules.push_back(Json{{"rule", rule}, {"location", location_json(at)}});
      blockers.push_back(Json{{"description", b.description}, {"location", location_json(b.at)},
                              {"packets", b.packets}, {"rules", std::move(rules)}});
    }
    j["blockers"] = std::move(blockers);
  }
  if (!v.unknowns.empty()) j["unknownBecause"] = v.unknowns;
  if (!v.notes.empty()) j["notes"] = v.notes;
  return j;
}

namespace {

// The variant's reachability matrix, row by row from the Eigen codes.
Json matrix_json(const sim::ReachabilityMatrix& m) {
  using Code = sim::ReachabilityMatrix::Code;
  Json destinations = Json::array();
  for (auto d : sim::all_destinations) destinations.push_back(std::string(sim::to_string(d)));
  Json rows = Json::array();
  for (std::size_t r = 0; r < m.sources().size(); ++r) {
    Json row = Json::array();
    for (auto d : sim::all_destinations) row.push_back(std::string(sim::ReachabilityMatrix::to_string(m.at(r, d))));
    rows.push_back(std::move(row));
  }
  return Json{{"sources", m.sources()},
              {"destinations", std::move(destinations)},
              {"status", std::move(rows)},
              {"internetReachable", m.count(sim::Destination::internet, Code::reachable)},
              {"internetUnknown", m.count(sim::Destination::internet, Code::unknown)}};
}

}  // namespace

Json variant_json(const sim::VariantReport& r) {
  Json j{{"outboundType", std::string(to_string(r.variant.outbound))},
         {"apiServerAccess", std::string(to_string(r.variant.api))},
         {"asWritten", r.as_written},
         {"cell", std::string(to_string(r.cell))},
         {"reason", r.reason}};
  if (r.cell == sim::Cell::no_cluster) {
    j.erase("outboundType");
    j.erase("apiServerAccess");
  }
  j["notDeployable"] = r.not_deployable;
  j["notes"] = r.notes;
  Json pools = Json::array();
  for (const auto& p : r.pools) {
    Json pool{{"name", p.pool}, {"subnet", p.subnet}, {"internet", verdict_json(p.internet)},
              {"apiServer", verdict_json(p.api_server)}};
    if (p.registry_login) pool["registryLogin"] = verdict_json(*p.registry_login);
    if (p.registry_data) pool["registryData"] = verdict_json(*p.registry_data);
    pools.push_back(std::move(pool));
  }
  j["pools"] = std::move(pools);
  j["reachability"] = matrix_json(r.reachability);
  Json findings = Json::array();
  for (const auto& f : r.findings) {
    findings.push_back(Json{{"id", f.id}, {"title", f.title}, {"severity", std::string(to_string(f.severity))},
                            {"message", f.message}, {"location", location_json(f.at)}});
  }
  j["findings"] = std::move(findings);
  Json expectations = Json::array();
  for (const auto& e : r.expectations) {
    const auto& x = e.expectation;
    Json ej{{"expected", std::string(model::to_string(x.verdict))}, {"actual", e.actual}, {"holds", e.holds},
            {"location", location_json(x.source)}};
    if (!x.from.empty()) {
      ej["from"] = x.from;
      ej["to"] = x.to;
    }
    if (x.protocol) ej["protocol"] = std::string(model::to_string(*x.protocol));
    if (!x.ports.empty()) {
      Json ports = Json::array();
      for (const auto& p : x.ports) ports.push_back(p.to_string());
      ej["ports"] = std::move(ports);
    }
    if (e.verdict) ej["verdict"] = verdict_json(*e.verdict);
    expectations.push_back(std::move(ej));
  }
  j["expectations"] = std::move(expectations);
  return j;
}

std::string render_json(const std::string& command, const std::vector<ScenarioResult>& results) {
  Json doc{{"airgap", Json{{"schemaVersion", json_schema_version}}}, {"command", command}};
  Json scenarios = Json::array();
  for (const auto& result : results) {
    Json variants = Json::array();
    for (const auto& v : result.variants) variants.push_back(variant_json(v));
    scenarios.push_back(Json{{"path", result.path}, {"name", result.name}, {"variants", std::move(variants)}});
  }
  doc["scenarios"] = std::move(scenarios);
  return doc.dump(2) + "\n";
}

}  // namespace airgap::reports
