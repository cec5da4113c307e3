#!/usr/bin/env bash
# tests/check_diff_test.sh — the CI commands: `check` exits 0 when every expect: threshold
# holds, 99 on a crafted breach, 2 on an invalid threshold; `diff` exits 0 on identical runs
# and 99 on a deliberate regression (lower reserved concurrency → throttles), 1 on a bad
# --tolerance.
# Usage (from CTest): bash check_diff_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
set -euo pipefail
bin="${1:?usage: check_diff_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR}"
src="${2:?missing SOURCE_DIR}"
tmp="${3:?missing TMPDIR}"
fail() { echo "check_diff_test: FAIL: $*" >&2; exit 1; }
rm -rf "$tmp"; mkdir -p "$tmp"
cat >"$tmp/ok.yaml" <<'YAML'
name: check-ok
duration: 2m
functions:
  api:
    reserved_concurrency: 100
    duration: { dist: exponential, mean: 120ms }
traffic:
  - function: api
    rate: 200
expect:
  - functions.api.throttle_rate <= 0.001
  - functions.api.latency_p99_ms < 800
  - cost_usd <= 120
YAML
run() { set +e; "$@" >"$tmp/out.txt" 2>&1; rc=$?; set -e; }

run "$bin" check "$tmp/ok.yaml" --out "$tmp/runs"
[ $rc = 0 ] || { cat "$tmp/out.txt"; fail "check of holding thresholds exited $rc, want 0"; }
grep -q "PASS  functions.api.throttle_rate <= 0.001" "$tmp/out.txt" || fail "no PASS line: $(cat "$tmp/out.txt")"
grep -q "measured" "$tmp/out.txt" || fail "check should print measured values"
[ -s "$tmp/runs/check-ok/summary.json" ] || fail "check --out did not write the run"

# Crafted breach: reserved concurrency 20 at 200 RPS x 120 ms throttles heavily.
run "$bin" check "$tmp/ok.yaml" --set functions.api.reserved_concurrency=20
[ $rc = 99 ] || { cat "$tmp/out.txt"; fail "check of a breached threshold exited $rc, want 99"; }
grep -q "FAIL  functions.api.throttle_rate <= 0.001" "$tmp/out.txt" || fail "no FAIL line: $(cat "$tmp/out.txt")"
# Several scenarios: one breach anywhere → 99.
sed 's/cost_usd <= 120/cost_usd <= 0.000001/; s/name: check-ok/name: check-cost/' "$tmp/ok.yaml" >"$tmp/cost.yaml"
run "$bin" check "$tmp/ok.yaml" "$tmp/cost.yaml"
[ $rc = 99 ] || fail "check of two scenarios with one breach exited $rc, want 99"

# Invalid thresholds → 2, with file:line:col.
sed 's/functions.api.throttle_rate <= 0.001/functions.api.throttle_rat <= 0.001/' "$tmp/ok.yaml" >"$tmp/bad.yaml"
run "$bin" check "$tmp/bad.yaml"
[ $rc = 2 ] || fail "check of an invalid threshold exited $rc, want 2"
grep -q "bad.yaml:11:5: .*did you mean 'throttle_rate'" "$tmp/out.txt" || fail "diagnostic: $(cat "$tmp/out.txt")"

# diff: identical runs → 0; lower reserved concurrency → 99 with REGRESSION rows.
"$bin" run "$tmp/ok.yaml" --out "$tmp/base" --quiet >/dev/null
"$bin" run "$tmp/ok.yaml" --out "$tmp/same" --quiet >/dev/null
"$bin" run "$tmp/ok.yaml" --set functions.api.reserved_concurrency=25 --out "$tmp/worse" --quiet >/dev/null
run "$bin" diff "$tmp/base" "$tmp/same"
[ $rc = 0 ] || { cat "$tmp/out.txt"; fail "diff of identical runs exited $rc, want 0"; }
run "$bin" diff "$tmp/base" "$tmp/worse"
[ $rc = 99 ] || { cat "$tmp/out.txt"; fail "diff of a regression exited $rc, want 99"; }
grep -Eq "^functions.api.throttle_rate +0 +0.[0-9]+ +\+inf +REGRESSION$" "$tmp/out.txt" ||
  fail "diff table should flag throttle_rate: $(cat "$tmp/out.txt")"
# A loose enough tolerance on what moved (but not on throttles, which were 0) keeps it at 99.
run "$bin" diff "$tmp/base" "$tmp/worse" --tolerance default=10
[ $rc = 99 ] || fail "diff with throttles appearing from 0 exited $rc, want 99"
run "$bin" diff "$tmp/base" "$tmp/worse" --tolerance throtle_rate=1
[ $rc = 1 ] || fail "diff with a misspelled --tolerance exited $rc, want 1"
run "$bin" diff "$tmp/base" "$tmp/nonexistent"
[ $rc = 2 ] || fail "diff of a missing run exited $rc, want 2"
echo "check_diff_test: ok"
