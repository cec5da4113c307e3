#!/usr/bin/env bash
# tests/report_render_test.sh — end to end: run the quickstart scenario and a two-function
# `stages` scenario that throttles, render each report.html with headless Chromium at desktop
# (1280 px) and phone (390 px) width, and check:
#  * every <svg> parses as XML and starts with a <title>; every chart exists in a wide and a
#    narrow layout; one function_concurrency chart per function, each with its cap line;
#  * the verdict headline is there; the throttles have their own chart; offered RPS is drawn;
#  * no percentage shows a non-zero share as 0 (a cold-start rate of 1 in 10 000 reads
#    "< 0.01%"), all-zero summary rows are folded into <details>, the traffic table gives a
#    non-zero mean and peak rate for `stages` traffic; no <script>, nothing from the network;
#  * the screenshots are PNGs of the requested width, not blank, and — measured by Chromium on
#    a test-only copy with a probe script — the page does not overflow horizontally at 390 px
#    or 1280 px.
# The PNGs stay in TMPDIR (desktop_*.png, phone_*.png) for a human to look at.
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

cat >"$tmp/stages.yaml" <<'YAML'
name: render-stages
duration: 5m
bucket: 30s
seed: 7
account:
  concurrency_limit: 1500
functions:
  checkout:
    memory_mb: 1024
    duration: { dist: lognormal, median: 180ms, p99: 900ms }
    init_duration: { dist: constant, value: 2500ms }
  resizer:
    reserved_concurrency: 200
    duration: { dist: exponential, mean: 400ms }
traffic:
  - function: checkout
    stages:
      - { duration: 1m, target: 1000 }
      - { duration: 3m, target: 6000 }
      - { duration: 1m, target: 1000 }
  - function: resizer
    rate: 300
YAML

"$bin" run "$src/scenarios/quickstart.yaml" --out "$tmp/quickstart" --quiet ||
  fail "lambdasim run quickstart.yaml exited with status $?"
"$bin" run "$tmp/stages.yaml" --out "$tmp/stages" --quiet ||
  fail "lambdasim run stages.yaml exited with status $?"

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chrome() {  # chrome WIDTH HEIGHT ARGS…
  local w="$1" h="$2"
  shift 2
  timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-quic --log-level=3 \
    --hide-scrollbars --force-device-scale-factor=1 --user-data-dir="$profile" \
    --window-size="$w,$h" "$@"
}

for run in quickstart stages; do
  html="$tmp/$run/report.html"
  [ -s "$html" ] || fail "no report.html in $tmp/$run"
  ls "$tmp/$run"/*.tmp.* >/dev/null 2>&1 && fail "temporary files left in $tmp/$run"
  for view in desktop:1280:900 phone:390:2400; do
    IFS=: read -r name w h <<<"$view"
    png="$tmp/${name}_$run.png"
    chrome "$w" "$h" --screenshot="$png" "file://$html" >"$tmp/chromium.log" 2>&1 || {
      cat "$tmp/chromium.log" >&2
      fail "chromium ($name, $run) exited with status $?"
    }
    [ -f "$png" ] || { cat "$tmp/chromium.log" >&2; fail "no screenshot $png"; }
    # Horizontal overflow, measured by Chromium itself on a copy with a probe script (the
    # report has none): the document must be no wider than the viewport.
    probe="$tmp/${name}_${run}_probe.html"
    # (Headless Chromium's window is at least 500 px wide, so the probe also pins the root to
    # the requested width; the phone layout applies below 640 px either way.)
    sed "s|</head>|<style>html{width:${w}px}</style></head>|; s|</body>|<script>document.body.setAttribute('data-probe', document.body.scrollWidth + 'x' + document.body.clientWidth)</script></body>|" \
      "$html" >"$probe"
    chrome "$w" "$h" --dump-dom "file://$probe" >"$tmp/${name}_${run}_dom.html" 2>"$tmp/chromium.log" ||
      fail "chromium --dump-dom ($name, $run) exited with status $?"
    /usr/bin/python3 - "$png" "$w" "$tmp/${name}_${run}_dom.html" <<'PY' || fail "$name screenshot of $run"
import re, struct, sys, zlib
png, want_w, dom = sys.argv[1], int(sys.argv[2]), open(sys.argv[3], encoding="utf-8").read()
data = open(png, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"{png} is not a PNG")
w, h = struct.unpack(">II", data[16:24])
if w != want_w:
    sys.exit(f"{png} is {w} px wide, expected {want_w}")
if len(data) < 10240:
    sys.exit(f"{png} is only {len(data)} bytes (blank page?)")
m = re.search(r'data-probe="(\d+)x(\d+)"', dom)
if not m:
    sys.exit("the overflow probe did not run")
scroll_w, inner_w = int(m.group(1)), int(m.group(2))
if scroll_w > inner_w or inner_w > want_w:
    sys.exit(f"page overflows horizontally at {want_w} px: content {scroll_w} px in a {inner_w} px body")
print(f"{png}: {w}x{h}, body content {scroll_w} px in {inner_w} px")
PY
  done
done

/usr/bin/python3 - "$tmp/quickstart/report.html" "$tmp/stages/report.html" <<'PY' || fail "report.html structure check failed"
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
for path in sys.argv[1:]:
    html = open(path, encoding="utf-8").read()
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    if html.count("<svg") != len(svgs):
        sys.exit(f"{path}: {html.count('<svg')} <svg> tags but {len(svgs)} closed")
    charts = {}
    for i, svg in enumerate(svgs):
        try:
            root = ET.fromstring(svg)
        except ET.ParseError as e:
            sys.exit(f"{path}: svg #{i} is not well-formed XML: {e}")
        if root[0].tag != NS + "title" or not (root[0].text or "").strip():
            sys.exit(f"{path}: svg #{i} ({root.get('data-metric')}) does not start with a <title>")
        key = (root.get("data-metric"), root.get("data-function"))
        charts.setdefault(key, []).append((root.get("data-layout"), root))
    functions = re.findall(r'data-key="functions\.([^."]+)\.requests"', html)
    expected = {("concurrency", None), ("invocations", None), ("throttles", None),
                ("cold_starts", None), ("latency", None), ("cost", None)}
    expected |= {("function_concurrency", f) for f in functions}
    if set(charts) != expected:
        sys.exit(f"{path}: charts {sorted(map(str, charts))} != expected {sorted(map(str, expected))}")
    for key, layouts in charts.items():
        if sorted(l for l, _ in layouts) != ["narrow", "wide"]:
            sys.exit(f"{path}: chart {key} layouts {[l for l, _ in layouts]}")
        if key[0] == "function_concurrency":
            for _, root in layouts:
                caps = [l for l in root.iter(NS + "line") if l.get("class") == "ref-line"]
                if not caps:
                    sys.exit(f"{path}: {key} draws no cap line")
    inv = charts[("invocations", None)][0][1]
    if not any("offered" in (t.text or "") for t in inv.iter(NS + "title")):
        sys.exit(f"{path}: the invocations chart has no offered-RPS series")
    if 'class="verdict' not in html or "account concurrency;" not in html or "per month" not in html:
        sys.exit(f"{path}: no verdict headline")
    if html.index('class="verdict') > html.index("<svg"):
        sys.exit(f"{path}: the verdict is not above the charts")
    if "<script" in html.lower():
        sys.exit(f"{path}: report.html contains a <script>")
    if re.search(r'(src|href)="(https?:)?//', html):
        sys.exit(f"{path}: report.html references the network")
    # A non-zero share never reads 0.00%.
    for key, value, shown in re.findall(
            r'data-key="([^"]+_rate)" data-value="([^"]+)">([^<]*)<', html):
        if value not in ("0", "null") and float(value) > 0 and shown.strip() in ("0.00%", "0.0%"):
            sys.exit(f"{path}: {key} = {value} shows as {shown}")
    if "monthly_cost_usd" not in html:
        sys.exit(f"{path}: no monthly_cost_usd row")
    m = re.search(r'<details class="zero"><summary>(\d+) metrics? (are|is) zero</summary>', html)
    if not m:
        sys.exit(f"{path}: all-zero metrics are not folded")
    shown_part = html[: html.index('<details class="zero">')]
    for key, value in re.findall(r'data-key="(functions\.[^"]+)" data-value="([^"]+)"', shown_part):
        pass  # shown rows may hold zeros for some functions; folded ones are zero for all
    print(f"{path}: {len(svgs)} well-formed SVG charts, {m.group(1)} zero metrics folded")

stages = open(sys.argv[2], encoding="utf-8").read()
rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>[^<]*</td>"
                  r"<td class=\"num\">([^<]*)</td><td class=\"num\">([^<]*)</td>", stages)
rates = {name: (shape, mean, peak) for name, shape, mean, peak in rows}
shape, mean, peak = rates.get("checkout", ("?", "0", "0"))
if not shape.startswith("piecewise") or float(mean.replace(",", "")) <= 0 or float(peak.replace(",", "")) != 6000:
    sys.exit(f"stages traffic row is {rates.get('checkout')}: want a piecewise shape, mean > 0, peak 6000")
if 'data-verdict="throttles"' not in stages or 'data-metric="throttles"' not in stages:
    sys.exit("the stages run throttles: the verdict and the throttles chart must say so")
PY

echo "report_render_test: OK (screenshots in $tmp: desktop_*.png, phone_*.png)"
