#!/usr/bin/env bash
# tests/sweep_mpi_test.sh — `mpirun -n 3 lambdasim sweep ... --mpi` gives byte-identical
# runs.csv, points.csv and sweep.json to the serial sweep; and (regression, issue 16 item 2 for
# --mpi) a locked --out stops every rank before any simulation: exit 4 with the lock message,
# within a timeout far shorter than the sweep's minutes of simulation (before: rank 0 took the
# lock only after all ranks had simulated). Skips only when mpirun is absent.
# Usage (from CTest): bash sweep_mpi_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
set -euo pipefail
bin="${1:?usage: sweep_mpi_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR}"
src="${2:?missing SOURCE_DIR}"
tmp="${3:?missing TMPDIR}"
fail() { echo "sweep_mpi_test: FAIL: $*" >&2; exit 1; }
if ! command -v mpirun >/dev/null 2>&1; then
  echo "mpirun not found: skipped"
  exit 0
fi
rm -rf "$tmp"; mkdir -p "$tmp"
cat >"$tmp/base.yaml" <<'YAML'
name: sweep-mpi
duration: 60s
seed: 9
functions:
  api:
    reserved_concurrency: 20
    duration: { dist: exponential, mean: 90ms }
traffic:
  - function: api
    rate: 180
YAML
cat >"$tmp/sweep.yaml" <<'YAML'
scenario: base.yaml
replications: 3
vary:
  functions.api.reserved_concurrency: [12, 16, 24]
YAML
"$bin" sweep "$tmp/sweep.yaml" --out "$tmp/serial" --quiet || fail "serial sweep exited $?"
root_flags=()
[ "$(id -u)" = 0 ] && root_flags=(--allow-run-as-root)
# Open MPI's own allocations look like leaks to LeakSanitizer (sanitizer builds).
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  mpirun "${root_flags[@]}" --oversubscribe -n 3 "$bin" sweep "$tmp/sweep.yaml" --mpi --out "$tmp/mpi" --quiet \
  >"$tmp/mpirun.log" 2>&1 || { cat "$tmp/mpirun.log" >&2; fail "mpirun exited $?"; }
if grep -q "built without MPI" "$tmp/mpirun.log"; then fail "lambdasim was built without MPI although mpirun exists"; fi
for f in runs.csv points.csv sweep.json; do
  cmp "$tmp/serial/$f" "$tmp/mpi/$f" || fail "MPI $f differs from the serial sweep's"
done
# A locked --out: refused before any rank simulates (the sweep below simulates for minutes).
cat >"$tmp/long.yaml" <<'YAML'
name: long
duration: 1h
functions:
  api: { duration: { dist: constant, value: 10ms } }
traffic:
  - { function: api, rate: 200000 }
YAML
printf 'scenario: long.yaml\nreplications: 3\n' >"$tmp/longsweep.yaml"
flock -n -o "$tmp/locked.lock" sleep 120 >/dev/null 2>&1 & holder=$!
trap 'kill $holder 2>/dev/null || true' EXIT
sleep 0.3
set +e
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  timeout 60 mpirun "${root_flags[@]}" --oversubscribe -n 3 "$bin" sweep "$tmp/longsweep.yaml" --mpi \
  --out "$tmp/locked" --quiet >"$tmp/locked.log" 2>&1
rc=$?
set -e
kill $holder 2>/dev/null || true; wait $holder 2>/dev/null || true
trap - EXIT
[ "$rc" != 124 ] || fail "sweep --mpi into a locked --out simulated instead of stopping at once"
[ "$rc" != 0 ] || fail "sweep --mpi into a locked --out exited 0"
grep -q "being written by another lambdasim run" "$tmp/locked.log" ||
  fail "sweep --mpi into a locked --out: no lock message: $(cat "$tmp/locked.log")"
[ ! -e "$tmp/locked/runs.csv" ] || fail "sweep --mpi wrote into a locked --out"
echo "sweep_mpi_test: ok"
