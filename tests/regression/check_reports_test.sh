#!/usr/bin/env bash
# tests/regression/check_reports_test.sh — guards issue 16 "check": `--junit FILE` writes JUnit
# XML with one <testcase> per threshold and a <failure> carrying the measured value and the
# threshold's file:line; `--json FILE` the same as JSON; a scenario without thresholds is a
# warning (exit 0) and, with --strict, an error (exit 2, nothing run); `headroom` (peak
# concurrency ÷ limit) is a metric thresholds can use. Before: the flags did not exist (exit
# 1), a scenario without thresholds passed silently, `headroom` was an unknown metric (exit 2).
# Usage (from CTest): bash check_reports_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
# 50 RPS × 200 ms constant = 10 busy on average under a reserved 20: headroom = peak/20.
cat >"$tmp/gate.yaml" <<'YAML'
name: gate
duration: 1m
warmup: 30s
functions:
  api:
    reserved_concurrency: 20
    duration: { dist: constant, value: 200ms }
traffic:
  - function: api
    rate: 50
expect:
  - functions.api.headroom <= 1
  - functions.api.headroom > 0.4
  - functions.api.throttle_rate < 0.5
  - functions.api.latency_p99_ms < 1
YAML
cat >"$tmp/bare.yaml" <<'YAML'
name: bare
duration: 10s
functions:
  api:
    duration: { dist: constant, value: 100ms }
traffic:
  - function: api
    rate: 5
YAML
run() { set +e; "$@" >"$tmp/out.txt" 2>&1; rc=$?; set -e; }

run "$bin" check "$tmp/gate.yaml" --junit "$tmp/r/junit.xml" --json "$tmp/r/check.json"
[ $rc = 99 ] || { cat "$tmp/out.txt"; fail "check with one broken threshold exited $rc, want 99"; }
grep -q "PASS  functions.api.headroom <= 1" "$tmp/out.txt" || fail "headroom threshold not judged: $(cat "$tmp/out.txt")"
x="$tmp/r/junit.xml"
[ -s "$x" ] || fail "no JUnit file"
/usr/bin/python3 - "$x" "$tmp/r/check.json" "$tmp/gate.yaml" <<'PY' || fail "report content (above)"
import json, sys, xml.etree.ElementTree as ET
junit, js, yaml = sys.argv[1:]
root = ET.parse(junit).getroot()
assert root.tag == "testsuites", root.tag
cases = root.findall("./testsuite/testcase")
assert len(cases) == 4, [c.get("name") for c in cases]
assert root.get("tests") == "4" and root.get("failures") == "1", root.attrib
failed = [c for c in cases if c.find("failure") is not None]
assert len(failed) == 1, len(failed)
f = failed[0]
assert f.get("name") == "functions.api.latency_p99_ms < 1", f.get("name")
msg = f.find("failure").get("message")
assert msg.startswith("measured 200") and f"{yaml}:15" in msg, msg
assert f.get("line") == "15" and f.get("file") == yaml, f.attrib
doc = json.load(open(js))
th = doc["scenarios"][0]["thresholds"]
assert len(th) == 4 and doc["failed"] == 1 and doc["ok"] is False, doc
h = th[0]
assert h["metric"] == "functions.api.headroom" and 0.4 < h["measured"] <= 1 and h["ok"], h
assert th[3]["line"] == 15 and th[3]["measured"] >= 200, th[3]
print("reports ok")
PY

# A scenario without thresholds: a warning (exit 0); with --strict an error (exit 2).
run "$bin" check "$tmp/bare.yaml" --junit "$tmp/r/bare.xml"
[ $rc = 0 ] || { cat "$tmp/out.txt"; fail "check of a scenario without thresholds exited $rc, want 0"; }
grep -q "warning: scenario 'bare' declares no expect: thresholds" "$tmp/out.txt" || fail "no warning: $(cat "$tmp/out.txt")"
grep -q "<skipped" "$tmp/r/bare.xml" || fail "JUnit report should mark the scenario skipped"
run "$bin" check "$tmp/bare.yaml" --strict
[ $rc = 2 ] || { cat "$tmp/out.txt"; fail "check --strict of a scenario without thresholds exited $rc, want 2"; }
grep -q "error: scenario 'bare' declares no expect: thresholds" "$tmp/out.txt" || fail "no error: $(cat "$tmp/out.txt")"
# An unwritable report is exit 4.
run "$bin" check "$tmp/bare.yaml" --json /dev/null/x.json
[ $rc = 4 ] || { cat "$tmp/out.txt"; fail "unwritable --json exited $rc, want 4"; }
echo "check_reports_test: ok"
