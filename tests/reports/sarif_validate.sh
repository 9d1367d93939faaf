#!/usr/bin/env bash
# Validates airgap's SARIF for the whole library with the official validator
# (Sarif.Multitool from the npm package @microsoft/sarif-multitool-linux); zero errors allowed.
# Usage: sarif_validate.sh AIRGAP SOURCE_DIR TOOLS_DIR
set -u
airgap=$1
src=$2
tools=$3
tool=$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -x "$tool" ]; then
  mkdir -p "$tools"
  (cd "$tools" && npm install --silent --no-audit --no-fund @microsoft/sarif-multitool-linux@5.7.0 >/dev/null 2>&1)
  chmod +x "$tool" 2>/dev/null
fi
if [ ! -x "$tool" ]; then
  echo "cannot install @microsoft/sarif-multitool-linux with npm"
  echo "0 passed, 1 failed"
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
validate() {  # NAME SARIF
  DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$tool" validate "$2" -o "$work/$1.out.sarif" >"$work/$1.log" 2>&1
  if grep -qE ': error ' "$work/$1.log"; then
    failed=$((failed + 1))
    echo "FAIL $1"
    grep -E ': error ' "$work/$1.log" | head -10
  else
    passed=$((passed + 1))
  fi
}
"$airgap" check "$src"/scenarios/*.toml --sarif "$work/library.sarif" >/dev/null 2>&1
validate library "$work/library.sarif"
(cd "$src" && "$airgap" sweep scenarios/udr-firewall-aks-fqdn-tag.toml --sarif "$work/sweep.sarif" >/dev/null 2>&1)
validate sweep "$work/sweep.sarif"
sed 's/enableNodePublicIP = false/enableNodePublicIP = true/; s/, networkSecurityGroup = "nsg-nodes"//' \
  "$src/scenarios/isolated-byo-acr-vnet-integration.toml" >"$work/changed.toml"
"$airgap" diff "$src/scenarios/isolated-byo-acr-vnet-integration.toml" "$work/changed.toml" --sarif "$work/diff.sarif" >/dev/null 2>&1
validate diff "$work/diff.sarif"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
