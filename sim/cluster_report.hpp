// ClusterReport: every verdict airgap gives about one design under one cluster variant: per node
// pool the internet, API server and registry questions, the variant's cell, and the [[expect]]
// lines that apply to it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/network.hpp"
#include "sim/cluster_variant.hpp"
#include "sim/findings.hpp"
#include "sim/reachability_matrix.hpp"
#include "sim/verdict.hpp"

namespace airgap::sim {

enum class Cell { isolated, egress, bootstrap_broken, not_deployable, unknown, no_cluster };
std::string_view to_string(Cell cell);

struct PoolVerdicts {
  std::string pool;
  std::string subnet;
  Verdict internet;
  Verdict api_server;
  std::optional<Verdict> registry_login;  // only with bootstrapArtifactSource = Cache
  std::optional<Verdict> registry_data;
  bool operator==(const PoolVerdicts&) const = default;
};

/// A report's pool verdicts, immutable and shared: a sweep's variants of one network, and the
/// networks a change leaves as they were, hold the same list (a copy of a thousand pools'
/// verdicts with their paths costs ~30 ms).
class PoolList {
 public:
  PoolList() : pools_(no_pools()) {}
  PoolList(std::vector<PoolVerdicts> pools)  // NOLINT(google-explicit-constructor): a list is its pools
      : pools_(std::make_shared<const std::vector<PoolVerdicts>>(std::move(pools))) {}
  const std::vector<PoolVerdicts>& get() const { return *pools_; }
  operator const std::vector<PoolVerdicts>&() const { return *pools_; }  // NOLINT(google-explicit-constructor)
  auto begin() const { return pools_->begin(); }
  auto end() const { return pools_->end(); }
  std::size_t size() const { return pools_->size(); }
  bool empty() const { return pools_->empty(); }
  const PoolVerdicts& operator[](std::size_t i) const { return (*pools_)[i]; }
  bool operator==(const PoolList& other) const { return *pools_ == *other.pools_; }
  bool operator==(const std::vector<PoolVerdicts>& other) const { return *pools_ == other; }

 private:
  static std::shared_ptr<const std::vector<PoolVerdicts>> no_pools() {
    static const auto none = std::make_shared<const std::vector<PoolVerdicts>>();
    return none;
  }
  std::shared_ptr<const std::vector<PoolVerdicts>> pools_;
};

struct ExpectationResult {
  model::Expectation expectation;  // a copy: reports outlive the loaded design
  bool holds = false;
  std::string actual;  // the verdict or cell found
  std::optional<Verdict> verdict;
  bool operator==(const ExpectationResult&) const = default;
};

struct VariantReport {
  Variant variant;
  bool as_written = false;
  Cell cell = Cell::unknown;
  std::string reason;  // one line for the matrix
  std::vector<std::string> not_deployable;
  std::vector<std::string> notes;
  PoolList pools;
  std::vector<Finding> findings;
  std::vector<ExpectationResult> expectations;
  // The design as evaluated (AKS objects added). Sweep variants that share an analysis share it;
  // they differ only in the outbound type's name, which `variant` holds.
  std::shared_ptr<const model::Network> network;
  ReachabilityMatrix reachability;                // pools x destinations, read by the reports

  bool has_error_finding() const;
  bool expectations_hold() const;
};

/// Evaluates `design` (a loaded scenario) under `variant`; `as_written` marks the scenario's own.
/// `jobs` > 1 proves the node pools on that many processes (fork_map), with the same result.
VariantReport analyze_variant(const model::Network& design, const Variant& variant, bool as_written,
                              std::size_t jobs = 1);
class Analysis;
/// The steps of analyze_variant, for callers that share one Analysis across variants (sweep):
/// the report's variant-specific parts, the pools' verdicts, then the cell and expectations.
/// `evaluated`: the network the report shows (default: a copy of mv.network).
VariantReport start_report(const model::Network& design, const MaterializedVariant& mv, bool as_written,
                           std::shared_ptr<const model::Network> evaluated = nullptr);
/// The same, the report keeping `mv`'s network itself instead of a copy.
VariantReport start_report(const model::Network& design, MaterializedVariant&& mv, bool as_written);
std::vector<PoolVerdicts> pool_verdicts(Analysis& analysis, std::size_t jobs = 1);
/// The verdicts of the named pools only, in the cluster's order.
std::vector<PoolVerdicts> pool_verdicts(Analysis& analysis, const std::vector<std::string>& pools);
/// Asks the API-server question again for the named pools among `pools` (the others keep
/// their verdicts): what a variant whose API-server target moved, and nothing else the pools
/// reach, leaves open.
void reprove_api_server(Analysis& analysis, std::vector<PoolVerdicts>& pools, const std::vector<std::string>& names);
/// `analysis` null: the caller fills in the [[expect]] results (the sweep's workers evaluate them).
void finish_report(VariantReport& report, Analysis* analysis, const model::Network& design);

/// For designs without a cluster: only the [[expect]] lines, from subnets.
VariantReport analyze_without_cluster(const model::Network& design);

/// True when the expectation's `variants` list selects this variant (empty = as written only).
bool expectation_applies(const model::Expectation& expect, const Variant& variant, bool as_written);

}  // namespace airgap::sim
