#include "sim/sweep.hpp"

#include <memory>

#include "sim/analysis.hpp"

namespace airgap::sim {

namespace {

// One distinct network of the sweep, with what was proven about it.
struct Proven {
  std::shared_ptr<const model::Network> network;  // as the first variant materialized it
  std::unique_ptr<Analysis> analysis;
  std::vector<PoolVerdicts> pools;
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

}  // namespace

SweepResult sweep_variants(const model::Network& design) {
  const Variant written = as_written(design);
  SweepResult result;
  std::vector<Proven> proven;
  for (auto outbound : model::all_outbound_types) {
    for (auto api : model::all_api_server_modes) {
      const Variant variant{outbound, api};
      MaterializedVariant mv = materialize(design, variant);
      Proven* match = nullptr;
      for (auto& p : proven) {
        if (same_network(*p.network, mv.network)) {
          match = &p;
          break;
        }
      }
      auto shown = match != nullptr ? match->network : std::make_shared<const model::Network>(mv.network);
      VariantReport report = start_report(design, mv, variant == written, shown);  // findings read mv.network
      if (match == nullptr) {
        proven.push_back(Proven{shown, std::make_unique<Analysis>(std::move(mv.network), mv.endpoints), {}});
        match = &proven.back();
        match->pools = pool_verdicts(*match->analysis);
      }
      report.pools = match->pools;
      finish_report(report, match->analysis.get(), design);
      // Without [[expect]] lines nothing asks this network again: free its BDDs and copy now
      // rather than hold six analyses of a large design at once.
      if (design.expectations.empty()) match->analysis.reset();
      result.reports.push_back(std::move(report));
    }
  }
  result.analyses = proven.size();
  return result;
}

}  // namespace airgap::sim
