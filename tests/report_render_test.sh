#!/usr/bin/env bash
# tests/report_render_test.sh — end to end: run the quickstart scenario, render its
# report.html with headless Chromium, and check every <svg> in it parses as XML.
# Usage (from CTest): bash report_render_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
set -euo pipefail

bin="${1:?usage: report_render_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR}"
src="${2:?missing SOURCE_DIR}"
tmp="${3:?missing TMPDIR}"

fail() { echo "report_render_test: FAIL: $*" >&2; exit 1; }

command -v chromium >/dev/null 2>&1 ||
  fail "chromium not found on PATH (the Makefile installs it: apt-get install chromium)"
[ -x /usr/bin/python3 ] || fail "/usr/bin/python3 not found"

rm -rf "$tmp"
mkdir -p "$tmp"
tmp="$(cd "$tmp" && pwd)"  # file:// needs an absolute path

"$bin" run "$src/scenarios/quickstart.yaml" --out "$tmp/out" --quiet || {
  rc=$?
  fail "lambdasim run $src/scenarios/quickstart.yaml exited with status $rc"
}
[ -s "$tmp/out/report.html" ] || fail "no report.html in $tmp/out"
ls "$tmp"/out/*.tmp.* >/dev/null 2>&1 && fail "temporary files left in $tmp/out"

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --disable-quic --log-level=3 \
  --user-data-dir="$profile" --window-size=1280,900 --screenshot="$tmp/report.png" \
  "file://$tmp/out/report.html" >"$tmp/chromium.log" 2>&1 || {
  rc=$?
  cat "$tmp/chromium.log" >&2
  fail "chromium exited with status $rc"
}

[ -f "$tmp/report.png" ] || { cat "$tmp/chromium.log" >&2; fail "no screenshot written"; }
size=$(stat -c %s "$tmp/report.png")
[ "$size" -gt 10240 ] || fail "screenshot is only $size bytes (blank page?)"

/usr/bin/python3 - "$tmp/out/report.html" <<'PY' || fail "report.html structure check failed"
import re
import sys
import xml.etree.ElementTree as ET

html = open(sys.argv[1], encoding="utf-8").read()
svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
if html.count("<svg") != len(svgs):
    sys.exit(f"{html.count('<svg')} <svg> tags but {len(svgs)} closed")
expected = {"concurrency", "invocations_throttles", "cold_starts", "latency", "cost"}
seen = []
for i, svg in enumerate(svgs):
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as e:
        sys.exit(f"svg #{i} is not well-formed XML: {e}")
    seen.append(root.get("data-metric"))
    if root[0].tag != "{http://www.w3.org/2000/svg}title" or not (root[0].text or "").strip():
        sys.exit(f"svg #{i} ({root.get('data-metric')}) does not start with a <title>")
if sorted(seen) != sorted(expected):
    sys.exit(f"charts {sorted(seen)} != expected {sorted(expected)}")
if "<script" in html.lower():
    sys.exit("report.html contains a <script>")
print(f"report.html: {len(svgs)} well-formed SVG charts")
PY

echo "report_render_test: OK (screenshot $size bytes)"
