#!/usr/bin/env bash
# Runs the loader fuzzer for N seconds (default 30) from the committed seed corpus, under
# ASan/UBSan (the asan preset builds it with clang). New inputs go to a scratch copy; crashes are
# kept in fuzz/artifacts/.
# Longer runs: scripts/fuzz.sh 3600   (or any number of seconds)
# `scripts/fuzz.sh 30 --built` skips configuring and building (make test has built it already and
# runs the suites from the same tree meanwhile).
set -euo pipefail
seconds=${1:-30}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "${2:-}" != "--built" ]; then
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$(nproc)" --target fuzz_loader >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp fuzz/corpus/* "$work/"
mkdir -p fuzz/artifacts
echo "airgap: fuzzing the scenario loader for ${seconds}s" >&2
build/asan/fuzz/fuzz_loader "$work" -max_total_time="$seconds" -max_len=16384 -rss_limit_mb=2048 \
  -timeout=10 -artifact_prefix=fuzz/artifacts/ -print_final_stats=1 2>"$work/log" || {
  tail -40 "$work/log" >&2
  echo "airgap: the fuzzer found a failure; the input is in fuzz/artifacts/" >&2
  exit 1
}
grep -E "stat::number_of_executed_units|Done" "$work/log" >&2 || true
echo "fuzz: 1 passed, 0 failed"
