#!/usr/bin/env bash
# `make bench`: runs the Google Benchmark suite once and prints the ratios the issues set goals
# for, measured in that one run. Raw results: build/bench/bench.json.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/bench
mkdir -p "$out"
filter=${AIRGAP_BENCH_FILTER:-.}
"$root/build/release/benchmarks/airgap_bench" --benchmark_filter="$filter" \
  --benchmark_out="$out/bench.json" --benchmark_out_format=json --benchmark_counters_tabular=true
python3 "$root/benchmarks/ratios.py" "$out/bench.json"
