#!/usr/bin/env bash
# tests/regression/concurrent_runs_one_out_dir_test.sh — guards issue 16, item 2: two runs
# started at the same time into one --out must never leave a mix of both runs' files under a
# manifest that says "complete": true. The rule (README, "Output directories"): one lambdasim
# process per output directory at a time; a second one is refused at once with exit 4 and a
# message naming the directory, and the directory holds exactly one run, whole.
# Usage (from CTest): bash concurrent_runs_one_out_dir_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
# 40 functions, 1 h of 1 s buckets: a write phase long enough for two runs to overlap.
{
  echo "name: race"
  echo "duration: 1h"
  echo "bucket: 1s"
  echo "functions:"
  for i in $(seq 1 40); do echo "  f$i: { duration: { dist: constant, value: 100ms } }"; done
  echo "traffic:"
  echo "  - { function: f1, rate: 5 }"
} >"$tmp/race.yaml"
files="summary.json timeseries.csv account_timeseries.csv report.html"
for seed in 1 2; do
  "$bin" run "$tmp/race.yaml" --out "$tmp/ref-$seed" --seed "$seed" --quiet >/dev/null
done
cmp -s "$tmp/ref-1/summary.json" "$tmp/ref-2/summary.json" && fail "seeds 1 and 2 give the same summary"

refused=0
for try in $(seq 1 8); do
  out="$tmp/out"
  rm -rf "$out"
  "$bin" run "$tmp/race.yaml" --out "$out" --seed 1 --quiet >"$tmp/a.txt" 2>&1 & a=$!
  "$bin" run "$tmp/race.yaml" --out "$out" --seed 2 --quiet >"$tmp/b.txt" 2>&1 & b=$!
  set +e; wait $a; rca=$?; wait $b; rcb=$?; set -e
  for rc in $rca $rcb; do
    [ "$rc" = 0 ] || [ "$rc" = 4 ] || fail "try $try: exit $rc (want 0, or 4 when refused): $(cat "$tmp/a.txt" "$tmp/b.txt")"
  done
  [ "$rca" = 0 ] || [ "$rcb" = 0 ] || fail "try $try: both runs refused"
  if [ "$rca" = 4 ] || [ "$rcb" = 4 ]; then
    refused=$((refused + 1))
    grep -q "being written by another lambdasim run" "$tmp/a.txt" "$tmp/b.txt" ||
      fail "try $try: refusal without a clear message: $(cat "$tmp/a.txt" "$tmp/b.txt")"
  fi
  grep -q '"complete": true' "$out/manifest.json" || fail "try $try: manifest not complete"
  seed=$(sed -n 's/.*"seed": \([0-9]*\).*/\1/p' "$out/manifest.json")
  for f in $files; do
    cmp -s "$out/$f" "$tmp/ref-$seed/$f" || fail "try $try: $f is not seed $seed's (a mix of two runs)"
  done
  ls -a "$out" | grep -q '\.tmp\.' && fail "try $try: temporary files left: $(ls -a "$out")"
  [ ! -e "$out.lock" ] || fail "try $try: lock file left behind"
done
echo "concurrent_runs_one_out_dir_test: ok ($refused of 8 tries overlapped and were refused)"
