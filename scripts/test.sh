#!/usr/bin/env bash
# `make test` once the dev and asan presets are built: both test suites, and the 30 s fuzz run
# beside them. The fuzzer runs for a fixed time, so running it alongside the suites saves that
# time outright; it gets a share of the cores instead of one of its own (fewer inputs tried).
# Usage: scripts/test.sh [JOBS]
set -uo pipefail
jobs=${1:-2}
cd "$(dirname "$0")/.."
log=build/asan/fuzz.log
scripts/fuzz.sh 30 --built >"$log" 2>&1 &
fuzz=$!
status=0
ctest --preset dev -j "$jobs" || status=1
if [ $status -eq 0 ]; then
  ctest --preset asan -j "$jobs" || status=1
fi
wait "$fuzz" || status=1
cat "$log"
[ $status -eq 0 ] && echo "airgap: all test suites passed"
exit $status
