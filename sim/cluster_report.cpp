#include "sim/cluster_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "sim/analysis.hpp"
#include "sim/fork_map.hpp"
#include "sim/nsg_eval.hpp"
#include "sim/verdict_codec.hpp"

namespace airgap::sim {

std::string_view to_string(Cell cell) {
  switch (cell) {
    case Cell::isolated: return "isolated";
    case Cell::egress: return "egress";
    case Cell::bootstrap_broken: return "bootstrap-broken";
    case Cell::not_deployable: return "not-deployable";
    case Cell::unknown: return "unknown";
    case Cell::no_cluster: return "no-cluster";
  }
  return "unknown";
}

namespace {

bool pattern_matches(const std::string& pattern, std::string_view value) {
  return pattern == "*" || pattern == value;
}

PacketSet expectation_packets(const model::Expectation& expect) {
  PacketSet packets = PacketSet::all();
  if (expect.protocol && *expect.protocol != model::Protocol::any) {
    packets &= protocol_set(*expect.protocol);
  }
  if (!expect.ports.empty()) {
    PacketSet ports;
    for (const auto& range : expect.ports) ports |= PacketSet::dst_ports(range);
    packets &= ports & (PacketSet::protocol(ip_proto::tcp) | PacketSet::protocol(ip_proto::udp));
  }
  return packets;
}

void classify(VariantReport& report, const model::Network& design) {
  if (!report.not_deployable.empty()) {
    report.cell = Cell::not_deployable;
    report.reason = report.not_deployable.front();
    return;
  }
  for (const auto& pool : report.pools) {
    if (pool.internet.status == Status::reachable) {
      report.cell = Cell::egress;
      report.reason = fmt::format("pool '{}' reaches the internet: {}", pool.pool, pool.internet.summary);
      return;
    }
  }
  for (const auto& pool : report.pools) {
    if (pool.internet.status == Status::unknown) {
      report.cell = Cell::unknown;
      report.reason = fmt::format("pool '{}': internet reachability unknown ({})", pool.pool,
                                  pool.internet.unknowns.empty() ? "see details" : pool.internet.unknowns.front());
      return;
    }
  }
  for (const auto& finding : report.findings) {
    if (!finding.breaks_bootstrap) continue;
    report.cell = Cell::bootstrap_broken;
    report.reason = finding.message;
    return;
  }
  for (const auto& pool : report.pools) {
    for (const Verdict* v : {&pool.api_server, pool.registry_login ? &*pool.registry_login : nullptr,
                             pool.registry_data ? &*pool.registry_data : nullptr}) {
      if (v == nullptr || v->status == Status::reachable) continue;
      report.cell = v->status == Status::unknown ? Cell::unknown : Cell::bootstrap_broken;
      report.reason = fmt::format("pool '{}' cannot reach {}: {}", pool.pool, v->target, v->summary);
      return;
    }
  }
  if (design.cluster->bootstrap_artifact_source != "Cache") {
    report.cell = Cell::bootstrap_broken;
    report.reason = "bootstrapArtifactSource = Direct pulls from mcr.microsoft.com, which needs egress";
    return;
  }
  report.cell = Cell::isolated;
  report.reason = "no node pool reaches the internet; API server and registry reachable privately";
}

void evaluate_expectations(VariantReport& report, Analysis& analysis, const model::Network& design) {
  for (const auto& expect : design.expectations) {
    if (!expectation_applies(expect, report.variant, report.as_written)) continue;
    ExpectationResult result{expect, false, {}, std::nullopt};
    const auto v = expect.verdict;
    if (v == model::ExpectedVerdict::isolated || v == model::ExpectedVerdict::egress ||
        v == model::ExpectedVerdict::bootstrap_broken || v == model::ExpectedVerdict::not_deployable) {
      result.actual = std::string(to_string(report.cell));
      result.holds = result.actual == model::to_string(v);
    } else if (report.cell == Cell::not_deployable || !analysis.source_key(expect.from)) {
      result.actual = report.cell == Cell::not_deployable ? "not-deployable" : "no such source";
      result.holds = false;
    } else {
      Target target = analysis.parse_target(expect.from, expect.to);
      result.verdict = analysis.evaluate(expect.from, target, expectation_packets(expect));
      result.actual = std::string(to_string(result.verdict->status));
      result.holds = result.actual == model::to_string(v);
    }
    report.expectations.push_back(std::move(result));
  }
}

}  // namespace

bool VariantReport::has_error_finding() const {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == FindingSeverity::error; });
}

bool VariantReport::expectations_hold() const {
  return std::all_of(expectations.begin(), expectations.end(),
                     [](const ExpectationResult& e) { return e.holds; });
}

bool expectation_applies(const model::Expectation& expect, const Variant& variant, bool as_written) {
  if (expect.variants.empty()) return as_written;
  for (const auto& pattern : expect.variants) {
    auto slash = pattern.find('/');
    std::string outbound = pattern.substr(0, slash);
    std::string api = slash == std::string::npos ? "*" : pattern.substr(slash + 1);
    if (pattern_matches(outbound, to_string(variant.outbound)) &&
        pattern_matches(api, to_string(variant.api))) {
      return true;
    }
  }
  return false;
}

namespace {

// The verdicts of the pools at `indices` (pools the design has no source for are left out).
std::vector<PoolVerdicts> prove_pools(Analysis& analysis, const std::vector<std::size_t>& indices) {
  std::vector<PoolVerdicts> out;
  const auto& cluster = *analysis.network().cluster;
  for (auto i : indices) {
    const auto& pool = cluster.node_pools[i];
    if (!analysis.source_key(pool.name)) continue;
    // One flow per pool answers all four questions.
    analysis.focus({analysis.internet(), analysis.api_server(pool.name), analysis.registry_login(pool.name),
                    analysis.registry_data(pool.name)});
    PoolVerdicts verdicts;
    verdicts.pool = pool.name;
    verdicts.subnet = pool.subnet;
    verdicts.internet = analysis.evaluate(pool.name, analysis.internet(), PacketSet::all());
    verdicts.api_server = analysis.evaluate(pool.name, analysis.api_server(pool.name), PacketSet::all());
    if (cluster.bootstrap_artifact_source == "Cache") {
      verdicts.registry_login =
          analysis.evaluate(pool.name, analysis.registry_login(pool.name), PacketSet::all());
      verdicts.registry_data =
          analysis.evaluate(pool.name, analysis.registry_data(pool.name), PacketSet::all());
    }
    out.push_back(std::move(verdicts));
  }
  return out;
}

}  // namespace

std::vector<PoolVerdicts> pool_verdicts(Analysis& analysis, std::size_t jobs) {
  const std::size_t count = analysis.network().cluster->node_pools.size();
  std::vector<std::size_t> all(count);
  std::iota(all.begin(), all.end(), std::size_t{0});
  if (jobs <= 1 || count < 2) return prove_pools(analysis, all);
  // The first pool is proven here, before any fork: it pays for what the analysis computes once
  // on first use (the hub's stages, which stages lead where), which each worker would redo.
  std::vector<PoolVerdicts> out = prove_pools(analysis, {0});
  // Several interleaved shares per process, claimed as each frees up: a slower core (a busy
  // neighbour on a shared VM) takes fewer.
  const std::size_t shares = std::min(count - 1, 4 * jobs);
  const auto bytes = fork_map(shares, jobs, [&](std::size_t share) {
    std::vector<std::size_t> indices;
    for (std::size_t i = 1 + share; i < count; i += shares) indices.push_back(i);
    ByteWriter writer;
    writer.pools(prove_pools(analysis, indices));
    return writer.take();
  });
  std::vector<std::vector<PoolVerdicts>> parts;
  for (const auto& b : bytes) parts.push_back(ByteReader(b).pools());
  std::vector<std::size_t> taken(shares, 0);
  for (std::size_t i = 1; i < count; ++i) {
    if (!analysis.source_key(analysis.network().cluster->node_pools[i].name)) continue;
    const std::size_t share = (i - 1) % shares;
    out.push_back(std::move(parts[share][taken[share]++]));
  }
  return out;
}

std::vector<PoolVerdicts> pool_verdicts(Analysis& analysis, const std::vector<std::string>& pools) {
  const auto& node_pools = analysis.network().cluster->node_pools;
  std::vector<std::size_t> indices;
  for (std::size_t i = 0; i < node_pools.size(); ++i) {
    if (std::find(pools.begin(), pools.end(), node_pools[i].name) != pools.end()) indices.push_back(i);
  }
  return prove_pools(analysis, indices);
}

void reprove_api_server(Analysis& analysis, std::vector<PoolVerdicts>& pools, const std::vector<std::string>& names) {
  for (auto& pool : pools) {
    if (std::find(names.begin(), names.end(), pool.pool) == names.end()) continue;
    const Target target = analysis.api_server(pool.pool);
    analysis.focus({target});  // its own flow: verdicts do not depend on what shares a flow
    pool.api_server = analysis.evaluate(pool.pool, target, PacketSet::all());
  }
}

VariantReport start_report(const model::Network& design, const MaterializedVariant& mv, bool as_written,
                           std::shared_ptr<const model::Network> evaluated) {
  VariantReport report;
  report.variant = mv.variant;
  report.as_written = as_written;
  report.not_deployable = mv.not_deployable;
  report.notes = mv.notes;
  report.findings = cluster_findings(mv.network, design);
  report.network = evaluated ? std::move(evaluated) : std::make_shared<const model::Network>(mv.network);
  return report;
}

VariantReport start_report(const model::Network& design, MaterializedVariant&& mv, bool as_written) {
  auto moved = std::make_shared<model::Network>();
  VariantReport report = start_report(design, mv, as_written, moved);
  *moved = std::move(mv.network);  // after the findings, which read it
  return report;
}

void finish_report(VariantReport& report, Analysis* analysis, const model::Network& design) {
  classify(report, design);
  if (analysis != nullptr) evaluate_expectations(report, *analysis, design);
  for (const auto& pool : report.pools) {
    report.reachability.add(pool.pool, {pool.internet.status, pool.api_server.status,
                                        pool.registry_login ? std::optional{pool.registry_login->status} : std::nullopt,
                                        pool.registry_data ? std::optional{pool.registry_data->status} : std::nullopt});
  }
}

VariantReport analyze_variant(const model::Network& design, const Variant& variant, bool as_written,
                              std::size_t jobs) {
  MaterializedVariant mv = materialize(design, variant);
  // The report keeps the network the analysis proved; it is handed over at the end, so that
  // three copies of a large design (design, report, analysis) never coexist.
  auto evaluated = std::make_shared<model::Network>();
  VariantReport report = start_report(design, mv, as_written, evaluated);
  Analysis analysis(std::move(mv.network), mv.endpoints);
  report.pools = pool_verdicts(analysis, jobs);
  finish_report(report, &analysis, design);
  *evaluated = std::move(analysis).take_network();
  return report;
}

VariantReport analyze_without_cluster(const model::Network& design) {
  model::Network network = design;
  assign_missing_addresses(network);
  VariantReport report;
  report.as_written = true;
  report.cell = Cell::no_cluster;
  report.reason = "the scenario has no [cluster]";
  report.network = std::make_shared<const model::Network>(network);
  Analysis analysis(std::move(network), ClusterEndpoints{});
  evaluate_expectations(report, analysis, design);
  return report;
}

}  // namespace airgap::sim
