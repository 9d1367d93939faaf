// Synthetic hub-and-spoke landing zones, as scenario TOML, for benchmarks and scale tests.
#pragma once

#include <cstdint>
#include <string>

namespace airgap::model {

struct GeneratorOptions {
  int spokes = 10;
  int rules_per_nsg = 10;
  int routes_per_table = 4;
  int firewall_rules = 20;
  std::uint32_t seed = 1;
  bool distinct = false;  // all-distinct rules instead of a few shared templates
  /// Every `heavy_every`-th spoke (0 = none) gets `heavy_rules` NSG rules and `heavy_routes`
  /// routes instead: the XL design's 1,000-rule NSGs and 400-route tables.
  int heavy_every = 0;
  int heavy_rules = 1000;
  int heavy_routes = 400;
  /// Spoke index whose NSG gets one extra allow rule (for diff benchmarks); -1 = none.
  int perturb_spoke = -1;
};

/// Deterministic: the same options give the same bytes.
std::string generate_hub_and_spoke(const GeneratorOptions& options);

}  // namespace airgap::model
