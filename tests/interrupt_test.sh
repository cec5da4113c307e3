#!/usr/bin/env bash
# tests/interrupt_test.sh — SIGINT and SIGTERM during `lambdasim run`: exit 130 within a few
# seconds, partial results written, manifest.json "complete": false with the simulated time
# reached (0 < simulated_seconds < horizon_seconds) and "error": "interrupted".
# Usage (from CTest): bash interrupt_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
set -euo pipefail
bin="${1:?usage: interrupt_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR}"
src="${2:?missing SOURCE_DIR}"
tmp="${3:?missing TMPDIR}"
fail() { echo "interrupt_test: FAIL: $*" >&2; exit 1; }
rm -rf "$tmp"; mkdir -p "$tmp"
# A day at 4000 RPS: minutes of wall time even in Release, so it is always interrupted.
cat >"$tmp/long.yaml" <<'YAML'
name: long-run
duration: 24h
bucket: 1m
functions:
  api:
    duration: { dist: exponential, mean: 100ms }
traffic:
  - function: api
    rate: 4000
YAML

for sig in INT TERM; do
  out="$tmp/out-$sig"
  "$bin" run "$tmp/long.yaml" --out "$out" --quiet >"$tmp/stdout-$sig" 2>"$tmp/stderr-$sig" &
  pid=$!
  sleep 1.5
  kill -0 "$pid" 2>/dev/null || fail "SIG$sig: the run ended before the signal: $(cat "$tmp/stderr-$sig")"
  start=$(date +%s.%N)
  kill -"$sig" "$pid"
  set +e; wait "$pid"; rc=$?; set -e
  stop_s=$(echo "$(date +%s.%N) - $start" | bc)
  [ "$rc" = 130 ] || fail "SIG$sig: exit $rc, want 130; stderr: $(cat "$tmp/stderr-$sig")"
  grep -q 'interrupted at simulated time' "$tmp/stderr-$sig" || fail "SIG$sig: no interruption message: $(cat "$tmp/stderr-$sig")"
  m="$out/manifest.json"
  [ -s "$m" ] || fail "SIG$sig: no manifest.json"
  grep -q '"complete": false' "$m" || fail "SIG$sig: manifest not marked incomplete: $(cat "$m")"
  grep -q '"error": "interrupted"' "$m" || fail "SIG$sig: manifest error: $(cat "$m")"
  sim=$(sed -n 's/.*"simulated_seconds": \([0-9.e+-]*\).*/\1/p' "$m")
  hor=$(sed -n 's/.*"horizon_seconds": \([0-9.e+-]*\).*/\1/p' "$m")
  [ -n "$sim" ] && [ -n "$hor" ] || fail "SIG$sig: simulated_seconds/horizon_seconds missing: $(cat "$m")"
  awk -v s="$sim" -v h="$hor" 'BEGIN { exit !(s > 0 && s < h) }' || fail "SIG$sig: simulated_seconds $sim not in (0, $hor)"
  for f in summary.json timeseries.csv; do [ -s "$out/$f" ] || fail "SIG$sig: partial $f missing"; done
  ls "$out" | grep -q '\.tmp\.' && fail "SIG$sig: temporary files left: $(ls "$out")"
  echo "interrupt_test: SIG$sig: exit 130 after ${stop_s}s, simulated ${sim}s of ${hor}s"
done
echo "interrupt_test: ok"
