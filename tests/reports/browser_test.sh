#!/usr/bin/env bash
# Headless Chromium renders the HTML report of a library scenario and of a scenario with hostile
# names; we check the DOM and keep screenshots in the build directory.
# Usage: browser_test.sh AIRGAP SOURCE_DIR OUT_DIR
set -u
airgap=$1
src=$2
mkdir -p "$3"
out=$(cd "$3" && pwd)  # file:// URLs need absolute paths
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "chromium is not installed (make test installs it)"
  echo "0 passed, 1 failed"
  exit 1
fi
passed=0
failed=0
check() {  # NAME CONDITION-COMMAND...
  local name=$1
  shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $name"; fi
}
browse() {  # HTML-FILE DOM-OUT PNG-OUT
  local profile
  profile=$(mktemp -d)
  local flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
               --disable-background-networking --disable-component-update --disable-sync
               --user-data-dir="$profile" --window-size=1280,2000)
  timeout 90 "$chromium" "${flags[@]}" --dump-dom "file://$1" >"$2" 2>/dev/null
  timeout 90 "$chromium" "${flags[@]}" --screenshot="$3" "file://$1" >/dev/null 2>&1
  rm -rf "$profile"
}

# 1. A library scenario: the matrix, verdicts, witness table and diagram are in the DOM.
"$airgap" sweep "$src/scenarios/leak-hub-firewall-allow-any.toml" --html "$out/library.html" >/dev/null
browse "$out/library.html" "$out/library.dom.html" "$out/library.png"
check "library report rendered" grep -q '<table' "$out/library.dom.html"
check "matrix present" grep -q 'class="matrix"' "$out/library.dom.html"
check "18 matrix cells" test "$(grep -o 'class="cell ' "$out/library.dom.html" | wc -l)" -eq 18
check "witness hop table present" grep -q 'Deciding rule' "$out/library.dom.html"
check "the deciding firewall rule is named" grep -q "allow-any-tcp" "$out/library.dom.html"
check "topology svg rendered" grep -q '<svg' "$out/library.dom.html"
check "screenshot written" test -s "$out/library.png"

# 2. Hostile names: no element or script may come from them.
cat >"$out/hostile.toml" <<'TOML'
name = "<script>document.title='pwned'</script><img src=x onerror=alert(1)> & \"q\""
[cluster]
name = "aks<iframe src='https://example.com'></iframe>"
outboundType = "none"
apiServerAccess = "vnetIntegration"
[[cluster.nodePool]]
name = "p<b id='injected'>x</b>"
enableNodePublicIP = true
TOML
"$airgap" check "$out/hostile.toml" --html "$out/hostile.html" >/dev/null 2>&1
browse "$out/hostile.html" "$out/hostile.dom.html" "$out/hostile.png"
check "hostile report rendered" grep -q '<table' "$out/hostile.dom.html"
check "no script element" bash -c "! grep -qi '<script' '$out/hostile.dom.html'"
check "no injected img" bash -c "! grep -qi '<img' '$out/hostile.dom.html'"
check "no injected iframe" bash -c "! grep -qi '<iframe' '$out/hostile.dom.html'"
check "no injected element id" bash -c "! grep -q 'id=\"injected\"' '$out/hostile.dom.html'"
check "title not rewritten by script" bash -c "! grep -q '<title>pwned' '$out/hostile.dom.html'"
check "hostile name shown as text" grep -q '&lt;script&gt;' "$out/hostile.dom.html"
# Nothing leaves the file: no http(s) URL in any src or href, and the CSP forbids fetches.
check "no remote src/href" bash -c "! grep -Eqi '(src|href)=\"https?:' '$out/hostile.dom.html' '$out/library.dom.html'"
check "content security policy blocks fetches" grep -q "default-src 'none'" "$out/hostile.html"
echo "screenshots: $out/library.png $out/hostile.png"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
