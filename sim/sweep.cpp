#include "sim/sweep.hpp"

#include <algorithm>
#include <memory>

#include "sim/analysis.hpp"
#include "sim/fork_map.hpp"
#include "sim/verdict_codec.hpp"

namespace airgap::sim {

namespace {

// One distinct network of the sweep and the variants (report indices) that materialize to it.
struct Distinct {
  std::shared_ptr<const model::Network> network;  // as the first variant materialized it
  ClusterEndpoints endpoints;
  std::vector<std::size_t> variants;
};

// Equal but for the outbound type's name, which nothing but findings and the cell read.
bool same_network(const model::Network& a, model::Network& b) {
  if (!a.cluster || !b.cluster) return false;
  const auto outbound = b.cluster->outbound_type;
  b.cluster->outbound_type = a.cluster->outbound_type;
  const bool same = a.same_content(b);
  b.cluster->outbound_type = outbound;
  return same;
}

std::vector<model::Expectation> applicable(const model::Network& design, const VariantReport& report) {
  std::vector<model::Expectation> out;
  for (const auto& expect : design.expectations) {
    if (expectation_applies(expect, report.variant, report.as_written)) out.push_back(expect);
  }
  return out;
}

// Proves one distinct network: its pools' verdicts, then each of its variants' [[expect]]
// results (which read the variant's cell), as bytes a worker can send back.
std::string prove(const Distinct& d, const std::vector<VariantReport>& reports, const model::Network& design) {
  Analysis analysis(model::Network(*d.network), d.endpoints);
  std::vector<PoolVerdicts> pools = pool_verdicts(analysis);
  ByteWriter out;
  out.pools(pools);
  for (auto v : d.variants) {
    VariantReport probe = reports[v];  // started, without pools: the cell reads findings too
    probe.pools = std::move(pools);
    finish_report(probe, &analysis, design);
    out.expectations(probe.expectations);
    pools = std::move(probe.pools);
  }
  return out.take();
}

}  // namespace

SweepResult sweep_variants(const model::Network& design, std::size_t jobs) {
  const Variant written = as_written(design);
  SweepResult result;
  std::vector<Distinct> distinct;
  for (auto outbound : model::all_outbound_types) {
    for (auto api : model::all_api_server_modes) {
      const Variant variant{outbound, api};
      MaterializedVariant mv = materialize(design, variant);
      auto match = std::find_if(distinct.begin(), distinct.end(),
                                [&](const Distinct& d) { return same_network(*d.network, mv.network); });
      // Findings read the variant's own network (its outbound type), so they come first.
      VariantReport report;
      if (match != distinct.end()) {
        report = start_report(design, mv, variant == written, match->network);
      } else {
        ClusterEndpoints endpoints = mv.endpoints;
        report = start_report(design, std::move(mv), variant == written);  // keeps mv's network
        distinct.push_back(Distinct{report.network, std::move(endpoints), {}});
        match = distinct.end() - 1;
      }
      match->variants.push_back(result.reports.size());
      result.reports.push_back(std::move(report));
    }
  }
  const auto proven = fork_map(distinct.size(), jobs,
                               [&](std::size_t k) { return prove(distinct[k], result.reports, design); });
  for (std::size_t k = 0; k < distinct.size(); ++k) {
    ByteReader in(proven[k]);
    const std::vector<PoolVerdicts> pools = in.pools();
    for (auto v : distinct[k].variants) {
      VariantReport& report = result.reports[v];
      report.pools = pools;
      finish_report(report, nullptr, design);
      report.expectations = in.expectations(applicable(design, report));
    }
  }
  result.analyses = distinct.size();
  return result;
}

}  // namespace airgap::sim
