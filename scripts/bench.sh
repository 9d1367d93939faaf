#!/usr/bin/env bash
# `make bench`: runs the Google Benchmark suite and prints the ratios the issues set goals for.
# One process per design size, so each size's peak memory is its own; ratios compare figures of
# the same run. Raw results: build/bench/bench.json (merged); plot: build/bench/scaling.svg.
# AIRGAP_BENCH_SIZES="0 1 2 3" picks sizes (S M L XL); AIRGAP_BENCH_FILTER narrows further.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/bench
mkdir -p "$out"
sizes=${AIRGAP_BENCH_SIZES:-0 1 2 3}
filter=${AIRGAP_BENCH_FILTER:-.}
parts=()
run() {  # NAME FILTER [ARGS...]: one benchmark process
  local name=$1 filter=$2
  shift 2
  rm -f "$out/bench-$name.json"
  "$root/build/release/benchmarks/airgap_bench" --benchmark_filter="$filter" \
    --benchmark_out="$out/bench-$name.json" --benchmark_out_format=json --benchmark_counters_tabular=true "$@"
  # (A filter that matches nothing leaves the file empty: nothing to merge.)
  if [[ -s "$out/bench-$name.json" ]]; then parts+=("$out/bench-$name.json"); fi
}
for size in $sizes; do
  run "$size" "^bm_(load|prove|one_variant|sweep|diff|incremental|incremental_whole_nsg|hub_incremental|route_incremental)/$size/.*$filter"
done
# On L, in processes of their own:
# - proof / load again, as the medians of five runs each, the loads and the proofs each in a
#   process (as the CLI's: a proof after ten loads in one process is ~15 % slower, its heap
#   spread out): on a shared VM a single run moves either figure by a third;
# - two cores: one worker against two, each in a fresh process (a fork copies the heap it
#   inherits, so a process that already ran the other benchmarks would not be the CLI's case).
if [[ " $sizes " == *" 2 "* ]]; then
  for family in load prove; do
    run "repeated-$family" "^bm_$family/2/.*$filter" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
  done
  for family in one_variant sweep; do
    for workers in one two; do
      for flavour in 0 1; do
        run "$family-$workers-$flavour" "^bm_${family}_${workers}_workers?/2/$flavour.*$filter"
      done
    done
  done
fi
if ((${#parts[@]} == 0)); then
  echo "make bench: no benchmark matched (AIRGAP_BENCH_SIZES='$sizes', AIRGAP_BENCH_FILTER='$filter')" >&2
  exit 1
fi
python3 "$root/benchmarks/merge.py" "$out/bench.json" "${parts[@]}"
python3 "$root/benchmarks/ratios.py" "$out/bench.json"
python3 "$root/benchmarks/plot.py" "$out/bench.json" "$out/scaling.svg"
echo "plot: $out/scaling.svg"
