#!/usr/bin/env bash
# End-to-end checks of the airgap command line: exit codes and the lines people read.
# Usage: cli_test.sh AIRGAP SOURCE_DIR
set -u
airgap=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

expect_exit() {  # NAME CODE COMMAND...
  local name=$1 code=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" -eq "$code" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $name: expected exit $code, got $got"
    sed 's/^/  | /' "$work/out" "$work/err" | head -20
  fi
}

expect_output() {  # NAME TEXT (searched in the last command's stdout+stderr)
  if grep -qF -- "$2" "$work/out" "$work/err"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $1: output lacks: $2"
  fi
}

lib=$src/scenarios
expect_exit "--version" 0 "$airgap" --version
expect_output "--version prints the version" "airgap 0."
expect_exit "--help" 0 "$airgap" --help
expect_output "--help lists subcommands" "sweep"
expect_exit "no subcommand is a usage error" 2 "$airgap"
expect_exit "unknown subcommand" 2 "$airgap" frobnicate
expect_exit "unknown flag" 2 "$airgap" check --frobnicate "$lib/leak-node-public-ip.toml"
expect_exit "validate accepts the library" 0 "$airgap" validate "$lib"/*.toml
expect_exit "validate rejects a bad file" 2 "$airgap" validate "$src/tests/bad/05-prefix-length-33.toml"
expect_output "validate prints file:line:col" "05-prefix-length-33.toml:5:17: error:"
expect_exit "check: isolated design passes" 0 "$airgap" check "$lib/isolated-byo-acr-vnet-integration.toml"
expect_output "check prints the verdict line" "isolated"
expect_exit "check: error finding fails" 1 "$airgap" check "$lib/leak-node-public-ip.toml"
expect_output "check names the finding" "AKS-NI-001"
expect_exit "check: invalid scenario is exit 2" 2 "$airgap" check "$src/tests/bad/13-dangling-nsg-with-suggestion.toml"
cat >"$work/failing.toml" <<'TOML'
name = "an expectation that does not hold"
[cluster]
name = "aks"
outboundType = "loadBalancer"
apiServerAccess = "privateLink"
bootstrapArtifactSource = "Cache"
[[cluster.nodePool]]
name = "system"
[[expect]]
from = "system"
to = "internet"
verdict = "unreachable"
TOML
expect_exit "check: failed expectation is exit 1" 1 "$airgap" check "$work/failing.toml"
expect_output "check says FAIL" "FAIL"
expect_exit "sweep: library scenario" 0 "$airgap" sweep "$lib/isolated-managed-acr-private-link.toml"
expect_output "sweep prints the matrix" "managedNATGateway"
for jobs in 1 3; do
  expect_exit "sweep -j $jobs --json" 0 "$airgap" sweep -j $jobs --json "$lib/leak-hub-firewall-allow-any.toml"
  cp "$work/out" "$work/sweep-$jobs.json"
done
if cmp -s "$work/sweep-1.json" "$work/sweep-3.json"; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL sweep: -j 3 writes other JSON than -j 1"; fi
expect_exit "check -j 2" 0 "$airgap" check -j 2 "$lib/leak-hub-firewall-allow-any.toml"
expect_exit "negative jobs is a usage error" 2 "$airgap" sweep -j -1 "$lib/leak-node-public-ip.toml"
for threads in 1 3; do
  expect_exit "--parse-threads $threads check --json" 1 "$airgap" --parse-threads $threads check --json "$lib/leak-node-public-ip.toml"
  cp "$work/out" "$work/check-threads-$threads.json"
done
if cmp -s "$work/check-threads-1.json" "$work/check-threads-3.json"; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL check: --parse-threads 3 writes other JSON than --parse-threads 1"; fi
expect_exit "too many parse threads is a usage error" 2 "$airgap" --parse-threads 65 validate "$lib/leak-node-public-ip.toml"
expect_exit "sweep takes one file" 2 "$airgap" sweep "$lib/leak-node-public-ip.toml" "$lib/leak-node-public-ip.toml"
expect_exit "trace: delivered" 0 "$airgap" trace "$lib/leak-node-public-ip.toml" --from system --to 203.0.113.7:443
expect_output "trace names the exit" "instance-level public IP"
expect_exit "trace: dropped" 1 "$airgap" trace "$lib/isolated-byo-acr-vnet-integration.toml" --from system --to 203.0.113.7:443
expect_exit "trace: registry by name" 0 "$airgap" trace "$lib/isolated-byo-acr-vnet-integration.toml" --from system --to acrbyo.azurecr.io:443
expect_output "trace resolves through the private zone" "10.10.4."
expect_exit "trace: unknown source" 2 "$airgap" trace "$lib/leak-node-public-ip.toml" --from nobody --to 1.2.3.4
expect_exit "trace: bad port" 2 "$airgap" trace "$lib/leak-node-public-ip.toml" --from system --to 1.2.3.4:99999
expect_exit "generate" 0 "$airgap" generate --spokes 3 -o "$work/gen.toml"
expect_exit "generated design validates" 0 "$airgap" validate "$work/gen.toml"
expect_exit "generate to an unwritable path" 2 "$airgap" generate --spokes 1 -o /nonexistent/dir/x.toml
expect_output "unwritable path is a clear error" "cannot write"

# diff: the CI gate.
iso=$lib/isolated-byo-acr-vnet-integration.toml
sed 's/enableNodePublicIP = false/enableNodePublicIP = true/; s/, networkSecurityGroup = "nsg-nodes"//' "$iso" >"$work/opened.toml"
expect_exit "diff: a change that opens egress exits 1" 1 "$airgap" diff "$iso" "$work/opened.toml"
expect_output "diff names the opened path" "opened          [as written] pool 'system' -> internet"
expect_output "diff shows the witness exit" "instance-level public IP on the nodes of pool 'system'"
expect_exit "diff: a no-op change exits 0" 0 "$airgap" diff "$iso" "$iso"
expect_output "diff: no-op is an empty diff" "no reachability changes"
nat=$lib/leak-nat-gateway-left-on-subnet.toml
expect_exit "diff: a no-op change with an unknown answer exits 0" 0 "$airgap" diff "$nat" "$nat" --all-variants
expect_output "diff: an unknown on both sides is no change" "no reachability changes"
expect_exit "diff: a change that only closes paths exits 0" 0 "$airgap" diff "$work/opened.toml" "$iso"
expect_output "diff lists the closed path" "closed          [as written] pool 'system' -> internet"
expect_exit "diff --json" 1 "$airgap" diff "$iso" "$work/opened.toml" --json
expect_output "diff JSON names the change" '"change": "opened"'
expect_exit "check --html/--junit/--sarif" 0 "$airgap" check "$iso" --html "$work/r.html" --junit "$work/r.xml" --sarif "$work/r.sarif"
expect_exit "html written" 0 test -s "$work/r.html"
expect_exit "no temporary file left behind" 0 bash -c "! ls '$work'/*.tmp-* 2>/dev/null"
expect_exit "check --html to an unwritable path" 2 "$airgap" check "$iso" --html /nonexistent/dir/r.html

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
