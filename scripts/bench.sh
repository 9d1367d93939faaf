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
for size in $sizes; do
  "$root/build/release/benchmarks/airgap_bench" --benchmark_filter="^bm_[a-z_]+/$size/.*$filter" \
    --benchmark_out="$out/bench-$size.json" --benchmark_out_format=json --benchmark_counters_tabular=true
  parts+=("$out/bench-$size.json")
done
python3 "$root/benchmarks/merge.py" "$out/bench.json" "${parts[@]}"
python3 "$root/benchmarks/ratios.py" "$out/bench.json"
python3 "$root/benchmarks/plot.py" "$out/bench.json" "$out/scaling.svg"
echo "plot: $out/scaling.svg"
