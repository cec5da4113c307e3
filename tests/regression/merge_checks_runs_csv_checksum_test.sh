#!/usr/bin/env bash
# tests/regression/merge_checks_runs_csv_checksum_test.sh — guards issue 16 (lesser fault): an
# edited shard runs.csv merged silently. Each shard.json records a checksum of its runs.csv
# ("runs_csv_fnv1a64"), and merge refuses a runs.csv whose bytes no longer match: exit 2, the
# message naming the file. An unedited pair still merges, byte-identical to the serial sweep.
# Usage (from CTest): bash merge_checks_runs_csv_checksum_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
cat >"$tmp/s.yaml" <<'YAML'
name: m
duration: 10s
functions:
  api: { duration: { dist: exponential, mean: 100ms } }
traffic:
  - { function: api, rate: 5 }
YAML
printf 'scenario: s.yaml\nreplications: 4\nmetrics: [functions.api.invocations]\n' >"$tmp/sweep.yaml"
"$bin" sweep "$tmp/sweep.yaml" --out "$tmp/serial" --quiet
"$bin" sweep "$tmp/sweep.yaml" --shard 0/2 --out "$tmp/s0" --quiet
"$bin" sweep "$tmp/sweep.yaml" --shard 1/2 --out "$tmp/s1" --quiet
"$bin" merge "$tmp/s0" "$tmp/s1" --out "$tmp/merged" >/dev/null
for f in runs.csv points.csv sweep.json; do
  cmp -s "$tmp/serial/$f" "$tmp/merged/$f" || fail "merged $f differs from the serial sweep"
done
# Change one measured value (a well-formed edit: same columns, same runs).
awk -F, 'BEGIN { OFS = "," } NR == 2 { $4 = $4 + 1 } { print }' "$tmp/s1/runs.csv" >"$tmp/edited"
mv "$tmp/edited" "$tmp/s1/runs.csv"
set +e; "$bin" merge "$tmp/s0" "$tmp/s1" --out "$tmp/merged2" 2>"$tmp/err"; rc=$?; set -e
[ "$rc" = 2 ] || fail "edited runs.csv: exit $rc, want 2: $(cat "$tmp/err")"
grep -q "s1/runs.csv" "$tmp/err" || fail "message does not name the edited file: $(cat "$tmp/err")"
grep -q "checksum" "$tmp/err" || fail "message does not say why: $(cat "$tmp/err")"
[ ! -e "$tmp/merged2/runs.csv" ] || fail "merge wrote results from an edited shard"
echo "merge_checks_runs_csv_checksum_test: ok"
