#!/usr/bin/env bash
# tests/sweep_cli_test.sh — `lambdasim sweep` end to end: serial = --jobs 2 = three shards
# merged = single --run outputs merged, byte for byte; --list; bad input exits 2; merge
# refuses incomplete and mixed shards.
# Usage (from CTest): bash sweep_cli_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
set -euo pipefail
bin="${1:?usage: sweep_cli_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR}"
src="${2:?missing SOURCE_DIR}"
tmp="${3:?missing TMPDIR}"
fail() { echo "sweep_cli_test: FAIL: $*" >&2; exit 1; }
rm -rf "$tmp"; mkdir -p "$tmp"

cat >"$tmp/base.yaml" <<'YAML'
name: sweep-cli
duration: 90s
seed: 5
functions:
  api:
    reserved_concurrency: 20
    duration: { dist: exponential, mean: 100ms }
    init_duration: { dist: constant, value: 300ms }
    keep_alive: 20s
traffic:
  - function: api
    rate: 150
YAML
cat >"$tmp/sweep.yaml" <<'YAML'
scenario: base.yaml
replications: 2
vary:
  functions.api.reserved_concurrency: [10, 20]
  traffic.0.rate: { from: 100, to: 200, steps: 3 }
YAML

"$bin" sweep "$tmp/sweep.yaml" --list >"$tmp/list.txt"
[ "$(wc -l <"$tmp/list.txt")" = 13 ] || fail "--list printed $(wc -l <"$tmp/list.txt") lines, want 13 (header + 12 runs)"
grep -qx '7,3,1,20,100' "$tmp/list.txt" || fail "--list: run 7 should be variant 3 replication 1 (20, 100): $(cat "$tmp/list.txt")"

"$bin" sweep "$tmp/sweep.yaml" --out "$tmp/serial" --quiet || fail "serial sweep exited $?"
"$bin" sweep "$tmp/sweep.yaml" --out "$tmp/threads" --jobs 2 --quiet || fail "threaded sweep exited $?"
for i in 0 1 2; do
  "$bin" sweep "$tmp/sweep.yaml" --shard "$i/3" --out "$tmp/shard$i" --quiet || fail "shard $i/3 exited $?"
done
"$bin" merge "$tmp/shard2" "$tmp/shard0" "$tmp/shard1" --out "$tmp/merged" >/dev/null || fail "merge exited $?"
runs=()
for k in $(seq 0 11); do
  "$bin" sweep "$tmp/sweep.yaml" --run "$k" --out "$tmp/run$k" --quiet || fail "--run $k exited $?"
  runs+=("$tmp/run$k")
done
"$bin" merge "${runs[@]}" --out "$tmp/merged-runs" >/dev/null || fail "merge of --run outputs exited $?"
for d in threads merged merged-runs; do
  for f in runs.csv points.csv sweep.json; do
    cmp "$tmp/serial/$f" "$tmp/$d/$f" || fail "$d/$f differs from the serial sweep's"
  done
done
[ "$(wc -l <"$tmp/serial/runs.csv")" = 13 ] || fail "runs.csv should have 13 lines"
[ "$(wc -l <"$tmp/serial/points.csv")" = 7 ] || fail "points.csv should have 7 lines"
head -1 "$tmp/serial/points.csv" | grep -q 'functions.api.throttle_rate_ci95_hi' || fail "points.csv lacks CI columns"

# merge refuses incomplete and mixed sets.
set +e
"$bin" merge "$tmp/shard0" "$tmp/shard1" --out "$tmp/bad" 2>"$tmp/err.txt"; rc=$?
set -e
[ $rc = 2 ] || fail "merge of 2 of 3 shards exited $rc, want 2"
grep -q "incomplete sweep" "$tmp/err.txt" || fail "merge error should say incomplete: $(cat "$tmp/err.txt")"
sed 's/steps: 3/steps: 4/' "$tmp/sweep.yaml" >"$tmp/sweep2.yaml"
"$bin" sweep "$tmp/sweep2.yaml" --shard 1/3 --out "$tmp/other1" --quiet
set +e
"$bin" merge "$tmp/shard0" "$tmp/other1" "$tmp/shard2" --out "$tmp/bad" 2>"$tmp/err.txt"; rc=$?
set -e
[ $rc = 2 ] || fail "merge of shards of different sweeps exited $rc, want 2"
grep -q "sweep hash" "$tmp/err.txt" || fail "merge error should name the sweep hash: $(cat "$tmp/err.txt")"

# Invalid values are reported at their position in the sweep file, exit 2.
printf 'scenario: base.yaml\nvary:\n  functions.api.reserved_concurrency: [10, -1]\n' >"$tmp/bad.yaml"
set +e
"$bin" sweep "$tmp/bad.yaml" --out "$tmp/bad" 2>"$tmp/err.txt"; rc=$?
set -e
[ $rc = 2 ] || fail "invalid sweep exited $rc, want 2"
grep -q "bad.yaml:3:44: vary 'functions.api.reserved_concurrency' = -1" "$tmp/err.txt" ||
  fail "diagnostic should point into the sweep file: $(cat "$tmp/err.txt")"
set +e
"$bin" sweep "$tmp/sweep.yaml" --run 12 2>/dev/null; rc=$?
set -e
[ $rc = 1 ] || fail "--run out of range exited $rc, want 1"
echo "sweep_cli_test: ok"
