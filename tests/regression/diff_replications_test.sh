#!/usr/bin/env bash
# tests/regression/diff_replications_test.sh — guards issue 16 "diff that knows noise" end to
# end: `diff` reads sweep outputs (replications on both sides) and `check --out` directories;
# two sweeps of the same model under different root seeds differ only by noise and exit 0;
# a real regression (reserved concurrency cut) exits 99 with a p-value and shows fewer cold
# starts as a consequence of more throttles, not an improvement. Before: a sweep directory was
# "no summary.json" (exit 2) and a check --out directory could not be compared at all.
# Usage (from CTest): bash diff_replications_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
tmp="$(readlink -f "$tmp")"
cat >"$tmp/api.yaml" <<'YAML'
name: api
duration: 2m
functions:
  api:
    reserved_concurrency: 40
    duration: { dist: lognormal, median: 120ms, p99: 600ms }
traffic:
  - function: api
    arrivals: poisson
    rate: 150
expect:
  - functions.api.throttle_rate <= 0.01
YAML
sed 's/reserved_concurrency: 40/reserved_concurrency: 22/' "$tmp/api.yaml" >"$tmp/cut.yaml"
sweep() {  # sweep NAME SCENARIO SEED
  printf 'scenario: %s\nreplications: 5\nseed: %s\nmetrics: [functions.api.throttles, functions.api.throttle_rate, functions.api.cold_starts, functions.api.cold_start_rate, functions.api.latency_p99_ms, functions.api.requests, functions.api.invocations, functions.api.concurrency_max, functions.api.concurrency_limit, account.cost_usd]\n' "$2" "$3" >"$tmp/$1.sweep.yaml"
  "$bin" sweep "$tmp/$1.sweep.yaml" --out "$tmp/$1" --quiet --jobs 2 >/dev/null
}
sweep base "$tmp/api.yaml" 1
sweep noise "$tmp/api.yaml" 2
sweep cut "$tmp/cut.yaml" 1
run() { set +e; "$@" >"$tmp/out.txt" 2>&1; rc=$?; set -e; }

run "$bin" diff "$tmp/base" "$tmp/noise"
[ $rc = 0 ] || { cat "$tmp/out.txt"; fail "two seeds of one model exited $rc, want 0 (noise is no regression)"; }
grep -q "(5 base runs, 5 new runs)" "$tmp/out.txt" || fail "replications not read: $(cat "$tmp/out.txt")"
grep -q "Welch's two-sided t-test at alpha 0.05" "$tmp/out.txt" || fail "no significance note"
# A 1 % tolerance: throttles moved beyond it by noise alone, and Welch's t says so.
run "$bin" diff "$tmp/base" "$tmp/noise" --tolerance default=0.01
[ $rc = 0 ] || { cat "$tmp/out.txt"; fail "noise beyond a 1 % tolerance exited $rc, want 0"; }
grep -Eq "^functions.api.throttles .* not significant \(p=0\.[0-9]+\)$" "$tmp/out.txt" ||
  fail "throttles should be 'not significant': $(cat "$tmp/out.txt")"

run "$bin" diff "$tmp/base" "$tmp/cut"
[ $rc = 99 ] || { cat "$tmp/out.txt"; fail "a reserved-concurrency cut exited $rc, want 99"; }
grep -Eq "^functions.api.throttles .* REGRESSION$" "$tmp/out.txt" || fail "throttles not a regression: $(cat "$tmp/out.txt")"
grep -Eq "^functions.api.cold_starts .* consequence of more throttles$" "$tmp/out.txt" ||
  fail "fewer cold starts should be a consequence: $(cat "$tmp/out.txt")"
grep -Eq "improved$" "$tmp/out.txt" && fail "nothing improved when the limit was cut: $(cat "$tmp/out.txt")"

# check --out directories: one group per scenario, matched by name.
"$bin" check "$tmp/api.yaml" --out "$tmp/check-a" -q >/dev/null
"$bin" check "$tmp/api.yaml" --out "$tmp/check-b" -q >/dev/null
run "$bin" diff "$tmp/check-a" "$tmp/check-b"
[ $rc = 0 ] || { cat "$tmp/out.txt"; fail "diff of two check --out directories exited $rc, want 0"; }
grep -q "no metric moved" "$tmp/out.txt" || fail "same seed, same model: $(cat "$tmp/out.txt")"
echo "diff_replications_test: ok"
