// airgap benchmarks. Each family is measured on the same generated designs in one run so that
// scripts/bench.sh can report ratios (proof / load, sweep / one variant, diff / load of both).
// Arguments: {size (0=S 1=M 2=L 3=XL), distinct (0 templated, 1 all-distinct)}.
// Counters: spokes, TOML bytes, and the process's peak resident memory so far.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <random>

#include "benchmarks/bench_designs.hpp"
#include "model/scenario_loader.hpp"
#include "sim/analysis.hpp"
#include "sim/cluster_report.hpp"
#include "sim/design_diff.hpp"
#include "sim/header_space.hpp"
#include "sim/nsg_eval.hpp"
#include "sim/sweep.hpp"

using namespace airgap;

namespace {

bench::Size size_of(const benchmark::State& state) { return static_cast<bench::Size>(state.range(0)); }
bool distinct_of(const benchmark::State& state) { return state.range(1) != 0; }

model::Network load(const std::string& text) {
  auto result = model::load_scenario_text(text, "bench.toml");
  if (!result.ok()) throw std::runtime_error("generated design does not load");
  return std::move(*result.network);
}

// Every measured run starts cold: no BDD results cached from an earlier benchmark or iteration.
void cold_start(benchmark::State& state) {
  state.PauseTiming();
  sim::clear_rule_memos();
  sim::collect_bdd_garbage();
  state.ResumeTiming();
}

// Peak resident memory of the process so far. scripts/bench.sh runs one process per design size,
// loads before it proves, so bm_prove's figure is the peak of loading and proving that design.
double peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;  // Linux reports KiB
}

void label(benchmark::State& state) {
  state.counters["spokes"] = bench::spokes_of(size_of(state));
  state.counters["bytes"] = static_cast<double>(bench::design_text(size_of(state), distinct_of(state)).size());
  state.counters["peak_rss"] = peak_rss_bytes();
}

// Load and validate: TOML parse, model, every cross-object check. `threads` parse the pieces
// of a large design (0: the default, one per hardware thread).
void load_with(benchmark::State& state, unsigned threads) {
  const std::string& text = bench::design_text(size_of(state), distinct_of(state));
  const model::LoadOptions options{.threads = threads};
  // One untimed load first: the process heap grows once, so neither flavour pays it in its figure.
  benchmark::DoNotOptimize(model::load_scenario_text(text, "bench.toml", options));
  for (auto _ : state) {
    cold_start(state);
    benchmark::DoNotOptimize(model::load_scenario_text(text, "bench.toml", options));
  }
  label(state);
}
void bm_load(benchmark::State& state) {
  load_with(state, 0);
}
void bm_load_one_thread(benchmark::State& state) {
  load_with(state, 1);
}

// Proof: internet reachability of every node pool, with witnesses, for the variant as written.
std::size_t prove_internet(const model::Network& design) {
  auto mv = sim::materialize(design, sim::as_written(design));
  sim::Analysis analysis(std::move(mv.network), mv.endpoints);
  std::size_t reachable = 0;
  for (const auto& pool : analysis.network().cluster->node_pools) {
    auto verdict = analysis.evaluate(pool.name, analysis.internet(), sim::PacketSet::all());
    reachable += verdict.status == sim::Status::reachable ? 1 : 0;
  }
  return reachable;
}

// Runs `work` once untimed (BuDDy and memos emptied first) and records its time as the
// `first_s` counter. The timed runs that follow are then on a warm heap, as bm_load's are: the
// figure is the work, not this VM's first touches of memory (a page fault costs ~10 us here,
// and since the load parses table by table it leaves no freed DOM pages behind to reuse).
// cold_start empties every memo before each timed run, so no result carries over.
template <typename Work>
void warm_up(benchmark::State& state, Work&& work) {
  sim::clear_rule_memos();
  sim::collect_bdd_garbage();
  const auto start = std::chrono::steady_clock::now();
  work();
  state.counters["first_s"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void bm_prove(benchmark::State& state) {
  const model::Network design = load(bench::design_text(size_of(state), distinct_of(state)));
  warm_up(state, [&] { benchmark::DoNotOptimize(prove_internet(design)); });
  for (auto _ : state) {
    cold_start(state);
    benchmark::DoNotOptimize(prove_internet(design));
  }
  label(state);
}

// One variant in full (what `check` does): internet, API server, registry, findings. `warm`:
// after one untimed run (warm_up); the worker comparisons run cold, in fresh processes, as the
// CLI does (a fork copies whatever its parent's heap holds).
void one_variant(benchmark::State& state, std::size_t jobs, bool warm) {
  const model::Network design = load(bench::design_text(size_of(state), distinct_of(state)));
  auto work = [&] { benchmark::DoNotOptimize(sim::analyze_variant(design, sim::as_written(design), true, jobs)); };
  if (warm) warm_up(state, work);
  for (auto _ : state) {
    cold_start(state);
    work();
  }
  label(state);
}
void bm_one_variant(benchmark::State& state) { one_variant(state, 1, true); }
// Two cores: `check -j 1` against `check -j 2` (workers prove the node pools), each in a fresh
// process (scripts/bench.sh).
void bm_one_variant_one_worker(benchmark::State& state) { one_variant(state, 1, false); }
void bm_one_variant_two_workers(benchmark::State& state) { one_variant(state, 2, false); }

// The sweep: all 6 outbound types x 3 API-server modes, as `airgap sweep -j 1` runs it.
void sweep(benchmark::State& state, std::size_t jobs, bool warm) {
  const model::Network design = load(bench::design_text(size_of(state), distinct_of(state)));
  std::size_t analyses = 0;
  auto work = [&] {
    auto result = sim::sweep_variants(design, jobs);
    analyses = result.analyses;
    benchmark::DoNotOptimize(result);
  };
  if (warm) warm_up(state, work);
  for (auto _ : state) {
    cold_start(state);
    work();
  }
  state.counters["analyses"] = static_cast<double>(analyses);
  label(state);
}
void bm_sweep(benchmark::State& state) { sweep(state, 1, true); }
// Two cores: `sweep -j 1` against `sweep -j 2`, fresh processes, cold.
void bm_sweep_one_worker(benchmark::State& state) { sweep(state, 1, false); }
void bm_sweep_two_workers(benchmark::State& state) { sweep(state, 2, false); }

// diff of two designs differing in one spoke's NSG, including loading both.
void bm_diff(benchmark::State& state) {
  const std::string& before = bench::design_text(size_of(state), distinct_of(state));
  const std::string& after = bench::design_text(size_of(state), distinct_of(state), true);
  for (auto _ : state) {
    cold_start(state);
    const model::Network a = load(before);
    const model::Network b = load(after);
    benchmark::DoNotOptimize(sim::diff_designs(a, b, {}));
  }
  label(state);
}

// A pool's internet answer as a gate compares it: the status and what gets through.
using Answer = std::pair<sim::Status, std::string>;
using Clock = std::chrono::steady_clock;

// The design as written, loaded and analysed, with every pool's internet verdict proven and
// explained once: where the incremental benchmarks start. `answers`, if given, gets each
// pool's answer.
std::unique_ptr<sim::Analysis> proven_design(const benchmark::State& state,
                                             std::map<std::string, Answer>* answers = nullptr) {
  const model::Network design = load(bench::design_text(size_of(state), distinct_of(state)));
  auto mv = sim::materialize(design, sim::as_written(design));
  auto analysis = std::make_unique<sim::Analysis>(std::move(mv.network), mv.endpoints);
  for (const auto& pool : analysis->network().cluster->node_pools) {
    benchmark::DoNotOptimize(analysis->evaluate(pool.name, analysis->internet(), sim::PacketSet::all()));
    if (answers == nullptr) continue;
    const auto answer = analysis->evaluate(pool.name, analysis->internet(), sim::PacketSet::all(),
                                           sim::Analysis::Detail::answer);  // (the same flow)
    (*answers)[pool.name] = {answer.status, answer.summary};
  }
  return analysis;
}

// The value below which `per_hundred` percent of `values` lie (0 if there are none).
double percentile(std::vector<double> values, std::size_t per_hundred) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  return values[values.size() * per_hundred / 100];
}

// Per edit of an incremental benchmark: microseconds from the edit to every named pool's new
// answer (the re-proof a gate compares), and to the explanation of every answer that changed
// (witness and path, or blockers: what a gate prints about a change).
struct EditTimes {
  std::vector<double> answered_us, explained_us, per_pool_us, changed;

  void count(benchmark::State& state, const std::string& unit) const {
    const auto median = [](const std::vector<double>& v) { return percentile(v, 50); };
    const auto p99 = [](const std::vector<double>& v) { return percentile(v, 99); };
    const double scale = unit == "ms" ? 1e-3 : 1.0;
    state.counters["median_" + unit] = median(answered_us) * scale;
    state.counters["p99_" + unit] = p99(answered_us) * scale;
    state.counters["explained_median_" + unit] = median(explained_us) * scale;
    state.counters["explained_p99_" + unit] = p99(explained_us) * scale;
    state.counters["per_spoke_us"] = median(per_pool_us);
    state.counters["changed_per_edit"] = median(changed);
  }
};

// Every named pool's internet answer; returns the pools whose answer changed. (Out of line,
// like explain_pools below, so callgrind can count each: --toggle-collect='*answer_pools*'.)
[[gnu::noinline]] std::vector<std::string> answer_pools(sim::Analysis& analysis, const std::vector<std::string>& pools,
                                                        std::map<std::string, Answer>& answers) {
  std::vector<std::string> changed;
  for (const auto& pool : pools) {
    const auto verdict = analysis.evaluate(pool, analysis.internet(), sim::PacketSet::all(), sim::Analysis::Detail::answer);
    Answer now{verdict.status, verdict.summary};
    if (answers[pool] != now) changed.push_back(pool);
    answers[pool] = std::move(now);
  }
  return changed;
}

[[gnu::noinline]] void explain_pools(sim::Analysis& analysis, const std::vector<std::string>& pools) {
  for (const auto& pool : pools) {
    benchmark::DoNotOptimize(analysis.evaluate(pool, analysis.internet(), sim::PacketSet::all()));
  }
}

// The re-proof after an edit that started at `start` and named `pools`.
void reprove(sim::Analysis& analysis, const std::vector<std::string>& pools, std::map<std::string, Answer>& answers,
             Clock::time_point start, EditTimes& times) {
  const auto changed = answer_pools(analysis, pools, answers);
  const double answered = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
  explain_pools(analysis, changed);
  times.answered_us.push_back(answered);
  times.explained_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  if (!pools.empty()) times.per_pool_us.push_back(answered / static_cast<double>(pools.size()));
  times.changed.push_back(static_cast<double>(changed.size()));
}

// Incremental re-proof: after proving every pool once, 1,000 random single-rule edits of spoke
// NSGs, each followed by the re-proof of the pools it affects (their internet answers), then
// the explanation of the answers that changed. Counters: median and 99th percentile
// microseconds per edit, answered and explained (EditTimes).
// One random single-rule edit: an NSG and a rule of it, its access turned or its destination
// ports drawn anew. nullopt for an NSG without rules.
struct RuleEdit {
  std::size_t nsg, at;
  model::SecurityRule rule;
};
std::optional<RuleEdit> random_rule_edit(const sim::Analysis& analysis, std::mt19937& rng) {
  const auto& nsgs = analysis.network().nsgs;
  const std::size_t nsg = rng() % nsgs.size();
  if (nsgs[nsg].rules.empty()) return std::nullopt;
  const std::size_t at = rng() % nsgs[nsg].rules.size();
  RuleEdit edit{nsg, at, nsgs[nsg].rules[at]};
  auto& rule = edit.rule;
  if (rng() % 2 == 0) {
    rule.access = rule.access == model::Access::allow ? model::Access::deny : model::Access::allow;
  } else {
    rule.destination_port_ranges = {model::PortRange{static_cast<std::uint16_t>(1024 + rng() % 60000),
                                                     static_cast<std::uint16_t>(1024 + rng() % 60000)}};
    auto& r = rule.destination_port_ranges.front();
    if (r.low > r.high) std::swap(r.low, r.high);
  }
  return edit;
}

// Incremental re-proof: after proving every pool once, 1,000 random single-rule edits of spoke
// NSGs, each followed by the re-proof of the pools it affects (their internet answers), then
// the explanation of the answers that changed. Counters: median and 99th percentile
// microseconds per edit, answered and explained (EditTimes). `whole_nsg`: each edit hands the
// analysis the whole edited NSG (replace_nsg, which finds the changed rule by comparing them
// all) rather than the one rule (replace_security_rule).
void nsg_edits(benchmark::State& state, bool whole_nsg) {
  std::map<std::string, Answer> answers;
  auto proven = proven_design(state, &answers);
  sim::Analysis& analysis = *proven;
  // (Edits of their own for the whole-NSG run: in one process after the other, the same edits
  // would find the rule sets the first run memoized.)
  std::mt19937 rng(whole_nsg ? 43 : 42);
  EditTimes times;
  for (auto _ : state) {
    for (int edit = 0; edit < 1000; ++edit) {
      auto drawn = random_rule_edit(analysis, rng);
      if (!drawn) continue;
      const std::string name = analysis.network().nsgs[drawn->nsg].name;
      std::optional<model::Nsg> updated;
      if (whole_nsg) {
        updated = analysis.network().nsgs[drawn->nsg];
        updated->rules.edit()[drawn->at] = drawn->rule;
      }
      const auto start = Clock::now();
      const auto pools = whole_nsg ? analysis.replace_nsg(*updated)
                                   : analysis.replace_security_rule(name, drawn->at, drawn->rule);
      reprove(analysis, *pools, answers, start, times);
    }
  }
  times.count(state, "us");
  label(state);
}

void bm_incremental(benchmark::State& state) { nsg_edits(state, false); }
void bm_incremental_whole_nsg(benchmark::State& state) { nsg_edits(state, true); }

// Hub change: after proving every pool once, random edits of the hub firewall's rules (a
// network rule's port, or a collection's action), each followed by the re-proof of the pools
// whose packets can reach the firewall, then the explanation of the answers that changed.
// Counters: milliseconds per edit, answered and explained, and per affected spoke (answered
// time / pools re-proven).
void bm_hub_incremental(benchmark::State& state) {
  std::map<std::string, Answer> answers;
  auto proven = proven_design(state, &answers);
  sim::Analysis& analysis = *proven;
  std::mt19937 rng(7);
  EditTimes times;
  for (auto _ : state) {
    for (int edit = 0; edit < 10; ++edit) {
      model::Firewall updated = analysis.network().firewalls.front();
      auto& group = updated.rule_collection_groups[rng() % updated.rule_collection_groups.size()];
      auto& collection = group.rule_collections[rng() % group.rule_collections.size()];
      if (rng() % 2 == 0) {
        collection.allow = !collection.allow;
      } else {
        const auto port = static_cast<std::uint16_t>(1024 + rng() % 60000);
        collection.rules[rng() % collection.rules.size()].destination_ports = {model::PortRange{port, port}};
      }
      const auto start = Clock::now();
      const auto pools = analysis.replace_firewall(updated);
      reprove(analysis, *pools, answers, start, times);
    }
  }
  times.count(state, "ms");
  label(state);
}

// Route edits: after proving every pool once, 200 random edits of a spoke's route table that
// keep its prefixes (a new next hop: the hub firewall, None or Internet), each followed by the
// re-proof of the questions replace_route_table leaves open. Counters: median and p99
// microseconds per edit, and pools asked again per edit.
void bm_route_incremental(benchmark::State& state) {
  auto proven = proven_design(state);
  sim::Analysis& analysis = *proven;
  std::mt19937 rng(3);
  std::vector<double> micros;
  double asked = 0;
  for (auto _ : state) {
    for (int edit = 0; edit < 200; ++edit) {
      const auto& tables = analysis.network().route_tables;
      model::RouteTable updated = tables[rng() % tables.size()];
      if (updated.routes.empty()) continue;
      auto& route = updated.routes[rng() % updated.routes.size()];
      const auto hop = rng() % 3;
      route.next_hop_type = hop == 0 ? model::NextHopType::virtual_appliance
                                     : hop == 1 ? model::NextHopType::none : model::NextHopType::internet;
      route.next_hop_ip_address = hop == 0 ? std::optional{model::Ipv4{0x0A000004u}} : std::nullopt;
      const auto start = Clock::now();
      const auto reproof = analysis.replace_route_table(updated);
      for (const auto& pool : reproof->pools) {
        analysis.focus({analysis.internet(), analysis.api_server(pool), analysis.registry_login(pool),
                        analysis.registry_data(pool)});
        benchmark::DoNotOptimize(analysis.evaluate(pool, analysis.internet(), sim::PacketSet::all()));
      }
      micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
      asked += static_cast<double>(reproof->pools.size() + reproof->api_only.size());
    }
  }
  state.counters["median_us"] = percentile(micros, 50);
  state.counters["p99_us"] = percentile(micros, 99);
  state.counters["pools_per_edit"] = asked / static_cast<double>(micros.size());
  label(state);
}

// S and M always; L where the issue sets a goal on it; XL (5,000 spokes) for load and proof only.
void sizes(benchmark::internal::Benchmark* b, bool with_l, bool with_xl = false) {
  b->Unit(benchmark::kMillisecond);
  for (int distinct : {0, 1}) {
    b->Args({0, distinct});
    b->Args({1, distinct});
    if (with_l) b->Args({2, distinct})->Iterations(1);
    if (with_xl) b->Args({3, distinct})->Iterations(1);
  }
}

}  // namespace

BENCHMARK(bm_load)->Apply([](auto* b) { sizes(b, true, true); });
BENCHMARK(bm_load_one_thread)
    ->Unit(benchmark::kMillisecond)
    ->Args({2, 0})
    ->Args({2, 1})
    ->Iterations(1);
BENCHMARK(bm_prove)->Apply([](auto* b) { sizes(b, true, true); });
BENCHMARK(bm_one_variant)->Apply([](auto* b) { sizes(b, true); });
BENCHMARK(bm_sweep)->Apply([](auto* b) { sizes(b, true); });
// Two cores: L only, where the issue sets the goal (two workers / one >= 1.6).
BENCHMARK(bm_one_variant_one_worker)->Unit(benchmark::kMillisecond)->Args({2, 0})->Args({2, 1})->Iterations(1);
BENCHMARK(bm_one_variant_two_workers)->Unit(benchmark::kMillisecond)->Args({2, 0})->Args({2, 1})->Iterations(1);
BENCHMARK(bm_sweep_one_worker)->Unit(benchmark::kMillisecond)->Args({2, 0})->Args({2, 1})->Iterations(1);
BENCHMARK(bm_sweep_two_workers)->Unit(benchmark::kMillisecond)->Args({2, 0})->Args({2, 1})->Iterations(1);
BENCHMARK(bm_diff)->Apply([](auto* b) { sizes(b, true); });
BENCHMARK(bm_incremental)->Unit(benchmark::kMillisecond)->Args({2, 0})->Args({2, 1})->Iterations(1);
BENCHMARK(bm_incremental_whole_nsg)->Unit(benchmark::kMillisecond)->Args({2, 0})->Iterations(1);
BENCHMARK(bm_hub_incremental)->Unit(benchmark::kMillisecond)->Args({2, 0})->Args({2, 1})->Iterations(1);
BENCHMARK(bm_route_incremental)->Unit(benchmark::kMillisecond)->Args({2, 0})->Args({2, 1})->Iterations(1);

BENCHMARK_MAIN();
