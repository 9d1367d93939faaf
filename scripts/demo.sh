#!/usr/bin/env bash
# `make demo`: sweeps every bundled scenario and writes the reports to OUT_DIR.
set -uo pipefail
airgap=$1
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
for scenario in "$root"/scenarios/*.toml; do
  name=$(basename "$scenario" .toml)
  "$airgap" sweep "$scenario" --html "$out/$name.html" --json >"$out/$name.json" 2>"$out/$name.log"
  "$airgap" sweep "$scenario" >"$out/$name.txt" 2>>"$out/$name.log"
  printf '  %-45s %s\n' "$name" "$(grep -m1 -oE '(isolated|egress|bootstrap-broken|not-deployable|unknown)\*' "$out/$name.txt" | tr -d '*')"
done
"$airgap" check "$root"/scenarios/*.toml --html "$out/index.html" >"$out/check.txt" 2>&1
echo "airgap demo: reports in $out (open $out/index.html; text in *.txt, JSON in *.json)"
