#!/usr/bin/env bash
# Installs the Debian packages airgap needs, only those missing; uses sudo when not root.
# Usage: scripts/install-deps.sh [build|test]   (test adds the tools the test suite uses)
# A tool already on PATH (say npm from another source) counts as present.
set -euo pipefail
want=(cmake:cmake g++:g++ make:make pkg-config:pkg-config libgraphviz-dev libboost-graph-dev
      libeigen3-dev libtomlplusplus-dev libfmt-dev libcli11-dev nlohmann-json3-dev libbdd-dev catch2
      libbenchmark-dev)
if [ "${1:-build}" = "bench" ]; then
  want+=(python3:python3 valgrind:valgrind)
fi
if [ "${1:-build}" = "test" ]; then
  want+=(clang:clang++ libclang-rt-14-dev chromium:chromium npm:npm)
fi
missing=()
for entry in "${want[@]}"; do
  package=${entry%%:*}
  command=${entry#*:}
  [ "$command" != "$entry" ] && command -v "$command" >/dev/null 2>&1 && continue
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "airgap: installing missing packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
