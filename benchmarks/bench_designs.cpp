#include "benchmarks/bench_designs.hpp"

#include <map>
#include <tuple>

#include "model/scenario_generator.hpp"

namespace airgap::bench {

int spokes_of(Size size) {
  switch (size) {
    case Size::s: return 10;
    case Size::m: return 100;
    case Size::l: return 1000;
    case Size::xl: return 5000;
  }
  return 10;
}

const std::string& design_text(Size size, bool distinct, bool perturb) {
  static std::map<std::tuple<Size, bool, bool>, std::string> cache;
  auto key = std::make_tuple(size, distinct, perturb);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  model::GeneratorOptions options;
  options.spokes = spokes_of(size);
  options.rules_per_nsg = 100;
  options.routes_per_table = 10;
  options.firewall_rules = 1000;
  options.distinct = distinct;
  options.seed = 7;
  if (size == Size::xl) options.heavy_every = 50;  // 100 spokes with 1,000-rule NSGs, 400-route tables
  if (perturb) options.perturb_spoke = options.spokes / 2;
  return cache.emplace(key, model::generate_hub_and_spoke(options)).first->second;
}

}  // namespace airgap::bench
