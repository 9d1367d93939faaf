#include "sim/sweep.hpp"

#include <algorithm>
#include <functional>
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
void write_proven(Analysis& analysis, const PoolList& pools, const Distinct& d,
                  const std::vector<VariantReport>& reports, const model::Network& design, ByteWriter& out) {
  out.pools(pools);
  for (auto v : d.variants) {
    VariantReport probe = reports[v];  // started, without pools: the cell reads findings too
    probe.pools = pools;
    finish_report(probe, &analysis, design);
    out.expectations(probe.expectations);
  }
}

// `pools` after a replace: the verdicts of `reproof.pools` proven again, and the API-server
// verdicts of `reproof.api_only`; the same list when the change left every question as it was.
PoolList updated(const PoolList& pools, Analysis& analysis, const Analysis::Reproof& reproof) {
  if (reproof.pools.empty() && reproof.api_only.empty()) return pools;
  std::vector<PoolVerdicts> next = pools.get();
  const auto fresh = pool_verdicts(analysis, reproof.pools);
  for (auto& pool : next) {
    auto it = std::find_if(fresh.begin(), fresh.end(), [&](const PoolVerdicts& f) { return f.pool == pool.pool; });
    if (it != fresh.end()) pool = *it;
  }
  reprove_api_server(analysis, next, reproof.api_only);
  return next;
}

// What a chain does with each network once its pools are proven (the analysis is then that
// network's): finish the reports here, or write them for the parent.
using Proven = std::function<void(Analysis&, const PoolList&, const Distinct&)>;

model::Network without_nsgs(const model::Network& design) {
  model::Network light = design;  // one copy of the NSGs, instead of eighteen
  light.nsgs.clear();
  light.reindex();
  return light;
}

// A variant materialized from without_nsgs(design), with the design's NSGs put back in front
// of those the variant added: what materialize(design, variant) gives.
model::Network with_nsgs_of(const model::Network& design, const model::Network& light_variant) {
  model::Network whole = light_variant;
  whole.nsgs = design.nsgs;
  whole.nsgs.insert(whole.nsgs.end(), light_variant.nsgs.begin(), light_variant.nsgs.end());
  whole.reindex();
  return whole;
}

// Proves a chain of distinct networks, variants of one design, on one graph: the first is built
// and all its pools proven; each next one is put in place (Analysis::replace_variant: egress
// stages, or the route lookups and deliveries endpoints shape) and only the questions it
// leaves open are asked again. Returns how many graphs were built.
std::uint32_t prove_chain(const std::vector<std::size_t>& chain, const std::vector<Distinct>& distinct,
                          const Proven& proven) {
  std::unique_ptr<Analysis> analysis;
  PoolList pools;
  std::uint32_t graphs = 0;
  for (auto k : chain) {
    const Distinct& d = distinct[k];
    std::optional<Analysis::Reproof> change;
    if (analysis) change = analysis->replace_variant(*d.network, d.endpoints);
    if (change) {
      pools = updated(pools, *analysis, *change);
    } else {
      analysis = std::make_unique<Analysis>(model::Network(*d.network), d.endpoints);
      pools = pool_verdicts(*analysis);
      ++graphs;
    }
    proven(*analysis, pools, d);
  }
  return graphs;
}

// A worker's chain as bytes: the graphs built, then each network's pools and expectations.
std::string prove_chain_bytes(const std::vector<std::size_t>& chain, const std::vector<Distinct>& distinct,
                              const std::vector<VariantReport>& reports, const model::Network& design) {
  ByteWriter body;
  const auto graphs = prove_chain(chain, distinct, [&](Analysis& analysis, const auto& pools, const Distinct& d) {
    write_proven(analysis, pools, d, reports, design, body);
  });
  ByteWriter out;
  out.u32(graphs);
  return out.take() + body.take();
}

// Chains of networks that are variants of one another, cut so that each of `jobs` processes
// has one when there are enough networks: a chain is proven on one graph, in one process.
std::vector<std::vector<std::size_t>> chains_of(const std::vector<Distinct>& distinct, std::size_t jobs) {
  std::vector<std::vector<std::size_t>> chains;
  for (std::size_t k = 0; k < distinct.size(); ++k) {
    auto chain = std::find_if(chains.begin(), chains.end(), [&](const std::vector<std::size_t>& c) {
      return distinct[c.front()].network->same_but_variant_objects(*distinct[k].network);
    });
    if (chain == chains.end()) chain = chains.insert(chains.end(), std::vector<std::size_t>{});
    chain->push_back(k);
  }
  // API mode first: the outbound types of one mode share the API server's target, so stepping
  // between them leaves the API-server question open only where egress changed for it.
  for (auto& chain : chains) {
    std::stable_sort(chain.begin(), chain.end(), [&](std::size_t a, std::size_t b) {
      return distinct[a].network->cluster->api_server_access < distinct[b].network->cluster->api_server_access;
    });
  }
  while (chains.size() < jobs) {
    auto longest = std::max_element(chains.begin(), chains.end(),
                                    [](const auto& a, const auto& b) { return a.size() < b.size(); });
    if (longest == chains.end() || longest->size() < 2) break;
    const auto half = static_cast<std::ptrdiff_t>(longest->size() / 2);
    std::vector<std::size_t> tail(longest->begin() + half, longest->end());
    longest->resize(static_cast<std::size_t>(half));
    chains.push_back(std::move(tail));
  }
  return chains;
}

// One process: the reports are finished in place, nothing is written or read back.
void prove_here(const std::vector<std::vector<std::size_t>>& chains, const std::vector<Distinct>& distinct,
                const model::Network& design, SweepResult& result) {
  for (const auto& chain : chains) {
    result.graphs += prove_chain(chain, distinct, [&](Analysis& analysis, const auto& pools, const Distinct& d) {
      for (auto v : d.variants) {
        result.reports[v].pools = pools;
        finish_report(result.reports[v], &analysis, design);
      }
    });
  }
}

// A chain per process (fork_map); each sends its networks' verdicts and expectations back.
void prove_in_workers(const std::vector<std::vector<std::size_t>>& chains, const std::vector<Distinct>& distinct,
                      const model::Network& design, std::size_t jobs, SweepResult& result) {
  const auto proven = fork_map(chains.size(), jobs, [&](std::size_t c) {
    return prove_chain_bytes(chains[c], distinct, result.reports, design);
  });
  for (std::size_t c = 0; c < chains.size(); ++c) {
    ByteReader in(proven[c]);
    result.graphs += in.u32();
    for (auto k : chains[c]) {
      const PoolList pools = in.pools();
      for (auto v : distinct[k].variants) {
        VariantReport& report = result.reports[v];
        report.pools = pools;
        finish_report(report, nullptr, design);
        report.expectations = in.expectations(applicable(design, report));
      }
    }
  }
}

}  // namespace

SweepResult sweep_variants(const model::Network& design, std::size_t jobs) {
  const Variant written = as_written(design);
  SweepResult result;
  std::vector<Distinct> distinct;
  std::vector<model::Network> light_distinct;  // distinct[k]'s network without the design's NSGs
  const model::Network light = without_nsgs(design);
  for (auto outbound : model::all_outbound_types) {
    for (auto api : model::all_api_server_modes) {
      const Variant variant{outbound, api};
      // Materializing reads no NSG (block only adds one), and NSGs are most of a large design:
      // each variant is materialized without them, and only a distinct network made whole.
      MaterializedVariant mv = materialize(light, variant);
      const auto k = static_cast<std::size_t>(
          std::find_if(light_distinct.begin(), light_distinct.end(),
                       [&](const model::Network& d) { return same_network(d, mv.network); }) -
          light_distinct.begin());
      // Findings read the variant's own network (its outbound type, not the NSGs).
      VariantReport report;
      if (k < distinct.size()) {
        report = start_report(design, mv, variant == written, distinct[k].network);
      } else {
        auto network = std::make_shared<const model::Network>(with_nsgs_of(design, mv.network));
        report = start_report(design, mv, variant == written, network);
        distinct.push_back(Distinct{std::move(network), mv.endpoints, {}});
        light_distinct.push_back(std::move(mv.network));
      }
      distinct[k].variants.push_back(result.reports.size());
      result.reports.push_back(std::move(report));
    }
  }
  const auto chains = chains_of(distinct, jobs);
  if (chains.size() == 1 || jobs <= 1) {
    prove_here(chains, distinct, design, result);
  } else {
    prove_in_workers(chains, distinct, design, jobs, result);
  }
  result.analyses = distinct.size();
  return result;
}

}  // namespace airgap::sim
