#!/usr/bin/env bash
# tests/regression/mmpp_state_switch_guard_test.sh — guards issue 16, item 1: an MMPP whose
# states have almost no arrivals but switch a million times a second walks ~3.5e13 state
# switches inside one arrival computation. The resource estimate must count the switches
# (refuse with exit 2 naming --max-events), and a run forced past the guard must still honour
# SIGINT/SIGTERM (exit 130, manifest "complete": false) within seconds.
# Usage (from CTest): bash mmpp_state_switch_guard_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
cat >"$tmp/switchy.yaml" <<'YAML'
name: switchy
duration: 400d
bucket: 1d
functions:
  api:
    duration: { dist: constant, value: 100ms }
traffic:
  - function: api
    mmpp:
      states:
        - { name: a, rate: 0.000001 }
        - { name: b, rate: 0.000001 }
      transitions:
        - [0, 1000000]
        - [1000000, 0]
      initial: a
YAML

# 1. The guard counts state switches: refused up front, naming the flag and the switches.
set +e
timeout -k 2 20 "$bin" run "$tmp/switchy.yaml" --out "$tmp/out-guard" --quiet >"$tmp/guard.txt" 2>&1
rc=$?
set -e
[ "$rc" = 2 ] || fail "guard: exit $rc, want 2 (124 = still walking after 20 s): $(head -5 "$tmp/guard.txt")"
grep -q -- "--max-events" "$tmp/guard.txt" || fail "guard: the flag to raise is not named: $(cat "$tmp/guard.txt")"
grep -q "state switches" "$tmp/guard.txt" || fail "guard: the estimate does not count state switches: $(cat "$tmp/guard.txt")"
[ ! -e "$tmp/out-guard" ] || fail "guard: an output directory was created for a refused run"

# 2. Forced past the guard, the walk still honours signals.
for sig in INT TERM; do
  out="$tmp/out-$sig"
  timeout -k 2 20 "$bin" run "$tmp/switchy.yaml" --out "$out" --quiet --max-events 1e20 \
    >"$tmp/stdout-$sig" 2>"$tmp/stderr-$sig" &
  pid=$!
  sleep 1
  kill -"$sig" "$pid"
  set +e; wait "$pid"; rc=$?; set -e
  [ "$rc" = 130 ] || fail "SIG$sig: exit $rc, want 130 (124 = ignored the signal): $(cat "$tmp/stderr-$sig")"
  grep -q '"complete": false' "$out/manifest.json" || fail "SIG$sig: manifest not marked incomplete"
done
echo "mmpp_state_switch_guard_test: ok"
