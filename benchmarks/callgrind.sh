#!/usr/bin/env bash
# Deterministic cost figure for regression tracking on noisy machines: instructions executed by
# `airgap check` on the generator's M design (100 spokes x 100 NSG rules, 10 routes per table,
# 1,000 firewall rules), end to end (load, validate, prove every pool with witnesses), divided by
# the number of NSG rules, parsed on one thread (instructions on several depend on scheduling).
# Goal (#6): <= 10,000 instructions per rule.
# Usage: benchmarks/callgrind.sh [--distinct]   (needs valgrind and the release build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
airgap=$root/build/release/cli/airgap
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
spokes=100 rules=100
"$airgap" generate --spokes $spokes --rules-per-nsg $rules --routes-per-table 10 --firewall-rules 1000 \
  --seed 7 ${1:-} -o "$work/m.toml"
valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$airgap" --parse-threads 1 check "$work/m.toml" \
  >/dev/null 2>"$work/valgrind.log" || true  # exit 1 = egress found, expected for this design
total=$(grep -E '^(summary|totals):' "$work/cg.out" | head -1 | awk '{print $2}')
python3 - "$total" $((spokes * rules)) "${1:-templated}" <<'PY'
import sys
total, rules, flavour = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].lstrip("-")
print(f"M {flavour}: {total:,} instructions for {rules:,} NSG rules = {total / rules:,.0f} per rule (goal <= 10,000)")
PY
