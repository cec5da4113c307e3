#!/usr/bin/env bash
# tests/regression/sweep_duplicate_metrics_test.sh — guards issue 16 (lesser fault): duplicate
# `metrics:` entries in a sweep file gave duplicate runs.csv / points.csv columns. A metric
# listed twice is invalid input (exit 2) reported at the second entry's line:col, and nothing
# is written.
# Usage (from CTest): bash sweep_duplicate_metrics_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
cat >"$tmp/s.yaml" <<'YAML'
name: dup
duration: 10s
functions:
  api: { duration: { dist: constant, value: 100ms } }
traffic:
  - { function: api, rate: 5 }
YAML
cat >"$tmp/sweep.yaml" <<'YAML'
scenario: s.yaml
metrics:
  - functions.api.invocations
  - account.cost_usd
  - functions.api.invocations
YAML
set +e; "$bin" sweep "$tmp/sweep.yaml" --out "$tmp/sw" --quiet 2>"$tmp/err"; rc=$?; set -e
[ "$rc" = 2 ] || fail "duplicate metric: exit $rc, want 2 ($(cat "$tmp/err"); header: $(head -1 "$tmp/sw/runs.csv" 2>/dev/null))"
grep -q "sweep.yaml:5:5: .*functions.api.invocations.*listed twice" "$tmp/err" || fail "message: $(cat "$tmp/err")"
[ ! -e "$tmp/sw" ] || fail "output written for an invalid sweep"
echo "sweep_duplicate_metrics_test: ok"
