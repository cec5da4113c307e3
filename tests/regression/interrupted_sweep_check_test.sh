#!/usr/bin/env bash
# tests/regression/interrupted_sweep_check_test.sh — guards issue 16, item 7: an interrupted
# `sweep` or `check` (SIGINT/SIGTERM) used to exit 130 having written nothing. As `run` does,
# it now writes what finished and marks the result incomplete, and exits 130:
#  * sweep: runs.csv holds the finished runs (each row byte-identical to the same run of an
#    uninterrupted sweep), sweep.json says "complete": false and lists them;
#  * check --out: scenarios checked before the signal have their whole run directory
#    ("complete": true); the one being simulated gets its partial results, "complete": false.
# Usage (from CTest): bash interrupted_sweep_check_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
cat >"$tmp/small.yaml" <<'YAML'
name: small
duration: 2m
functions:
  api: { duration: { dist: exponential, mean: 100ms } }
traffic:
  - { function: api, rate: 200 }
YAML
cat >"$tmp/sweep.yaml" <<'YAML'
scenario: small.yaml
replications: 2000
metrics: [functions.api.invocations, functions.api.concurrency_max]
YAML
cat >"$tmp/long.yaml" <<'YAML'
name: long
duration: 1h
functions:
  api: { duration: { dist: constant, value: 10ms } }
traffic:
  - { function: api, rate: 100000 }
YAML

# --- sweep
"$bin" sweep "$tmp/sweep.yaml" --run 0 --out "$tmp/ref0" --quiet
"$bin" sweep "$tmp/sweep.yaml" --run 1 --out "$tmp/ref1" --quiet
for sig in INT TERM; do
  out="$tmp/sweep-$sig"
  "$bin" sweep "$tmp/sweep.yaml" --out "$out" --jobs 2 --quiet >/dev/null 2>"$tmp/err" & pid=$!
  sleep 2
  kill -"$sig" "$pid"
  set +e; wait "$pid"; rc=$?; set -e
  [ "$rc" = 130 ] || fail "sweep SIG$sig: exit $rc, want 130: $(cat "$tmp/err")"
  [ -f "$out/sweep.json" ] || fail "sweep SIG$sig: no sweep.json written"
  grep -q '"complete": false' "$out/sweep.json" || fail "sweep SIG$sig: sweep.json not marked incomplete"
  [ -f "$out/runs.csv" ] || fail "sweep SIG$sig: no runs.csv written"
  [ ! -e "$out/points.csv" ] || fail "sweep SIG$sig: points.csv from an incomplete sweep"
  rows=$(($(wc -l <"$out/runs.csv") - 1))
  [ "$rows" -ge 1 ] && [ "$rows" -lt 2000 ] || fail "sweep SIG$sig: $rows finished runs (want some, not all)"
  head -1 "$out/runs.csv" | cmp -s - <(head -1 "$tmp/ref0/runs.csv") || fail "sweep SIG$sig: header differs"
  for k in 0 1; do
    ref=$(sed -n 2p "$tmp/ref$k/runs.csv")
    if grep -q "^$k," "$out/runs.csv"; then
      [ "$(grep "^$k," "$out/runs.csv")" = "$ref" ] || fail "sweep SIG$sig: run $k differs from an uninterrupted run"
    fi
  done
  ls -a "$out" | grep -q '\.tmp\.' && fail "sweep SIG$sig: temporary files left"
  echo "interrupted_sweep_check_test: sweep SIG$sig: exit 130, $rows finished runs written"
done

# --- check --out
for sig in INT TERM; do
  out="$tmp/check-$sig"
  "$bin" check "$tmp/small.yaml" "$tmp/long.yaml" --out "$out" --quiet >/dev/null 2>"$tmp/err" & pid=$!
  # The first scenario's run is whole once its manifest says so (WriteRun writes a manifest
  # marked incomplete first and the final one last).
  until grep -qs '"complete": true' "$out/small/manifest.json" || ! kill -0 "$pid" 2>/dev/null; do
    sleep 0.02
  done
  kill -"$sig" "$pid" 2>/dev/null || true
  set +e; wait "$pid"; rc=$?; set -e
  [ "$rc" = 130 ] || fail "check SIG$sig: exit $rc, want 130: $(cat "$tmp/err")"
  grep -q '"complete": true' "$out/small/manifest.json" || fail "check SIG$sig: the finished scenario's run is not complete"
  [ -f "$out/long/manifest.json" ] || fail "check SIG$sig: nothing written for the interrupted scenario"
  grep -q '"complete": false' "$out/long/manifest.json" || fail "check SIG$sig: the interrupted run is not marked incomplete"
  echo "interrupted_sweep_check_test: check SIG$sig: exit 130"
done
echo "interrupted_sweep_check_test: ok"
