#include "sim/sweep.hpp"

#include <algorithm>
#include <memory>
#include <optional>

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

std::vector<model::Expectation> applicable(const model::Network& design, const VariantReport& report) {
  std::vector<model::Expectation> out;
  for (const auto& expect : design.expectations) {
    if (expectation_applies(expect, report.variant, report.as_written)) out.push_back(expect);
  }
  return out;
}

// One distinct network's pools' verdicts, then each of its variants' [[expect]] results
// (which read the variant's cell), written for the parent.
void write_proven(Analysis& analysis, std::vector<PoolVerdicts> pools, const Distinct& d,
                  const std::vector<VariantReport>& reports, const model::Network& design, ByteWriter& out) {
  out.pools(pools);
  for (auto v : d.variants) {
    VariantReport probe = reports[v];  // started, without pools: the cell reads findings too
    probe.pools = std::move(pools);
    finish_report(probe, &analysis, design);
    out.expectations(probe.expectations);
    pools = std::move(probe.pools);
  }
}

// `pools` with the verdicts in `fresh` put in place of those of the same pools.
std::vector<PoolVerdicts> updated(std::vector<PoolVerdicts> pools, const std::vector<PoolVerdicts>& fresh) {
  for (auto& pool : pools) {
    auto it = std::find_if(fresh.begin(), fresh.end(), [&](const PoolVerdicts& f) { return f.pool == pool.pool; });
    if (it != fresh.end()) pool = *it;
  }
  return pools;
}

// Proves a chain of distinct networks that differ only in outbound objects on one graph: the
// first is built and all its pools proven; each next one has its egress stages rebuilt
// (Analysis::replace_outbound) and proves again only the pools behind a stage that changed.
std::string prove_chain(const std::vector<std::size_t>& chain, const std::vector<Distinct>& distinct,
                        const std::vector<VariantReport>& reports, const model::Network& design) {
  ByteWriter out;
  std::unique_ptr<Analysis> analysis;
  std::vector<PoolVerdicts> pools;
  for (auto k : chain) {
    const Distinct& d = distinct[k];
    std::optional<std::vector<std::string>> changed;
    if (analysis) changed = analysis->replace_outbound(*d.network);
    if (changed) {
      pools = updated(std::move(pools), pool_verdicts(*analysis, *changed));
    } else {
      analysis = std::make_unique<Analysis>(model::Network(*d.network), d.endpoints);
      pools = pool_verdicts(*analysis);
    }
    write_proven(*analysis, pools, d, reports, design, out);
  }
  return out.take();
}

}  // namespace

SweepResult sweep_variants(const model::Network& design, std::size_t jobs) {
  const Variant written = as_written(design);
  SweepResult result;
  std::vector<Distinct> distinct;
  std::vector<std::vector<std::size_t>> chains;  // indices into distinct, proven on one graph each
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
        auto chain = std::find_if(chains.begin(), chains.end(), [&](const std::vector<std::size_t>& c) {
          const Distinct& head = distinct[c.front()];
          return head.endpoints == mv.endpoints && head.network->same_but_outbound(mv.network);
        });
        if (chain == chains.end()) chain = chains.insert(chains.end(), std::vector<std::size_t>{});
        chain->push_back(distinct.size());
        ClusterEndpoints endpoints = mv.endpoints;
        report = start_report(design, std::move(mv), variant == written);  // keeps mv's network
        distinct.push_back(Distinct{report.network, std::move(endpoints), {}});
        match = distinct.end() - 1;
      }
      match->variants.push_back(result.reports.size());
      result.reports.push_back(std::move(report));
    }
  }
  const auto proven = fork_map(chains.size(), jobs, [&](std::size_t c) {
    return prove_chain(chains[c], distinct, result.reports, design);
  });
  for (std::size_t c = 0; c < chains.size(); ++c) {
    ByteReader in(proven[c]);
    for (auto k : chains[c]) {
      const std::vector<PoolVerdicts> pools = in.pools();
      for (auto v : distinct[k].variants) {
        VariantReport& report = result.reports[v];
        report.pools = pools;
        finish_report(report, nullptr, design);
        report.expectations = in.expectations(applicable(design, report));
      }
    }
  }
  result.graphs = chains.size();
  result.analyses = distinct.size();
  return result;
}

}  // namespace airgap::sim
