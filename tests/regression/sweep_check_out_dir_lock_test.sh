#!/usr/bin/env bash
# tests/regression/sweep_check_out_dir_lock_test.sh — guards issue 16 (item 2 for sweep, merge
# and check, and "an unwritable --out is found only after the whole simulation"):
# `sweep --out DIR`, `merge --out DIR` and `check --out DIR` take the same lock as `run`
# (flock(2) on DIR.lock; for check, on DIR/<scenario name>.lock of every run directory it
# writes), so while another process holds it they are refused at once with exit 4 and "being
# written by another lambdasim run". An --out that cannot be created (a path under a regular
# file) is refused with exit 4 before any simulation: the scenario here would simulate for
# minutes, so a refusal inside the generous `timeout` is only possible before simulating.
# Usage (from CTest): bash sweep_check_out_dir_lock_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
cat >"$tmp/small.yaml" <<'YAML'
name: small
duration: 10s
functions:
  api: { duration: { dist: constant, value: 100ms } }
traffic:
  - { function: api, rate: 5 }
YAML
cat >"$tmp/sweep.yaml" <<'YAML'
scenario: small.yaml
replications: 2
YAML
# Minutes of simulation (about 1e9 events): only a refusal before simulating returns in time.
cat >"$tmp/long.yaml" <<'YAML'
name: long
duration: 1h
functions:
  api: { duration: { dist: constant, value: 10ms } }
traffic:
  - { function: api, rate: 200000 }
YAML
cat >"$tmp/longsweep.yaml" <<'YAML'
scenario: long.yaml
replications: 1
YAML

# 1. A held lock refuses sweep and check.
flock -n -o "$tmp/sw.lock" sleep 60 >/dev/null 2>&1 & holder1=$!
mkdir -p "$tmp/chk"
flock -n -o "$tmp/chk/small.lock" sleep 60 >/dev/null 2>&1 & holder2=$!
trap 'kill $holder1 $holder2 2>/dev/null || true' EXIT
sleep 0.3
set +e
"$bin" sweep "$tmp/sweep.yaml" --out "$tmp/sw" --quiet >"$tmp/o1" 2>"$tmp/e1"; rc1=$?
"$bin" check "$tmp/small.yaml" --out "$tmp/chk" --quiet >"$tmp/o2" 2>"$tmp/e2"; rc2=$?
set -e
[ "$rc1" = 4 ] || fail "sweep into a locked --out: exit $rc1, want 4: $(cat "$tmp/e1")"
grep -q "being written by another lambdasim run" "$tmp/e1" || fail "sweep: no clear message: $(cat "$tmp/e1")"
[ ! -e "$tmp/sw/runs.csv" ] || fail "sweep wrote into a locked directory"
[ "$rc2" = 4 ] || fail "check into a locked --out: exit $rc2, want 4: $(cat "$tmp/e2")"
grep -q "being written by another lambdasim run" "$tmp/e2" || fail "check: no clear message: $(cat "$tmp/e2")"
[ ! -e "$tmp/chk/small/manifest.json" ] || fail "check wrote into a locked directory"
kill $holder1 $holder2 2>/dev/null || true; wait $holder1 $holder2 2>/dev/null || true
trap - EXIT

# 2. Once free, both work and leave no lock file behind.
"$bin" sweep "$tmp/sweep.yaml" --out "$tmp/sw" --quiet >/dev/null || fail "sweep into a free --out failed"
"$bin" check "$tmp/small.yaml" --out "$tmp/chk" --quiet >/dev/null || fail "check into a free --out failed"
[ ! -e "$tmp/sw.lock" ] && [ ! -e "$tmp/chk/small.lock" ] || fail "lock file left behind"

# 3. merge takes the same lock on its --out.
"$bin" sweep "$tmp/sweep.yaml" --shard 0/2 --out "$tmp/s0" --quiet
"$bin" sweep "$tmp/sweep.yaml" --shard 1/2 --out "$tmp/s1" --quiet
flock -n -o "$tmp/merged.lock" sleep 60 >/dev/null 2>&1 & holder3=$!
trap 'kill $holder3 2>/dev/null || true' EXIT
sleep 0.3
set +e; "$bin" merge "$tmp/s0" "$tmp/s1" --out "$tmp/merged" >/dev/null 2>"$tmp/e4"; rc4=$?; set -e
kill $holder3 2>/dev/null || true; wait $holder3 2>/dev/null || true
trap - EXIT
[ "$rc4" = 4 ] || fail "merge into a locked --out: exit $rc4, want 4: $(cat "$tmp/e4")"
grep -q "being written by another lambdasim run" "$tmp/e4" || fail "merge: no clear message: $(cat "$tmp/e4")"
[ ! -e "$tmp/merged/runs.csv" ] || fail "merge wrote into a locked directory"

# 4. An --out that cannot be created is refused before simulating.
: >"$tmp/plainfile"
for cmd in "sweep $tmp/longsweep.yaml" "check $tmp/long.yaml"; do
  set +e
  timeout -k 5 60 "$bin" $cmd --out "$tmp/plainfile/out" --quiet >/dev/null 2>"$tmp/e3"; rc=$?
  set -e
  [ "$rc" = 4 ] || fail "$cmd with an uncreatable --out: exit $rc, want 4 before simulating: $(cat "$tmp/e3")"
  grep -q "plainfile/out" "$tmp/e3" || fail "$cmd: message does not name the directory: $(cat "$tmp/e3")"
done
echo "sweep_check_out_dir_lock_test: ok"
