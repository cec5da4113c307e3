#!/usr/bin/env bash
# tests/resource_guard_test.sh — absurd but valid what-ifs either run in bounded memory or are
# refused up front (exit 2, naming the estimate and the --max-events / --max-memory flag).
# Each run is under `ulimit -v` (4 GiB) so a runaway fails this test instead of the machine
# (skipped for sanitizer builds, whose shadow memory reserves terabytes of address space).
# Usage (from CTest): bash resource_guard_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
set -euo pipefail
bin="${1:?usage: resource_guard_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR}"
src="${2:?missing SOURCE_DIR}"
tmp="${3:?missing TMPDIR}"
fail() { echo "resource_guard_test: FAIL: $*" >&2; exit 1; }
rm -rf "$tmp"; mkdir -p "$tmp"
limit_kb=$((4 * 1024 * 1024))
if grep -q __asan_init "$bin" 2>/dev/null; then limit_kb=unlimited; fi

# run NAME ARGS...: runs the scenario $tmp/NAME.yaml under the cap; sets rc, leaves output in $tmp/NAME.txt.
run() {
  local name=$1; shift
  set +e
  ( ulimit -v "$limit_kb"; exec timeout 300 "$bin" run "$tmp/$name.yaml" --out "$tmp/out-$name" --quiet "$@" ) \
    >"$tmp/$name.txt" 2>&1
  rc=$?
  set -e
}
# Success, or exit 2 with a reason: the budget flag (guard) or the loader's limit.
ok_or_refused() {
  local name=$1; shift
  run "$name" "$@"
  if [ $rc = 0 ]; then
    grep -q '"complete": true' "$tmp/out-$name/manifest.json" || fail "$name: ran but manifest incomplete"
    echo "resource_guard_test: $name: ran"
  elif [ $rc = 2 ]; then
    grep -Eq -- "--max-events|--max-memory|at most" "$tmp/$name.txt" || fail "$name: exit 2 without a reason: $(cat "$tmp/$name.txt")"
    echo "resource_guard_test: $name: refused: $(grep -m1 -E 'estimated|at most' "$tmp/$name.txt")"
  else
    fail "$name: exit $rc (want 0 or 2): $(tail -5 "$tmp/$name.txt")"
  fi
}
fn='  api:
    duration: { dist: exponential, mean: 100ms }'

# 10^9 requests per second for a second: ~4e9 events > the default 2e9 → refused.
cat >"$tmp/billion_rps.yaml" <<YAML
name: billion-rps
duration: 1s
bucket: 1s
functions:
$fn
traffic:
  - function: api
    rate: 1000000000
YAML
run billion_rps
[ $rc = 2 ] || fail "billion_rps: exit $rc, want 2: $(cat "$tmp/billion_rps.txt")"
grep -q -- "--max-events" "$tmp/billion_rps.txt" || fail "billion_rps: message does not name --max-events: $(cat "$tmp/billion_rps.txt")"
grep -q "estimate" "$tmp/billion_rps.txt" || fail "billion_rps: message does not give the estimate"

# Async at 10^6/s into 10 slow environments for a day: the backlog alone is terabytes → refused.
cat >"$tmp/async_backlog.yaml" <<YAML
name: async-backlog
duration: 24h
functions:
  slow:
    reserved_concurrency: 10
    duration: { dist: constant, value: 10s }
    timeout: 30s
traffic:
  - function: slow
    invocation: async
    rate: 1000000
YAML
run async_backlog
[ $rc = 2 ] || fail "async_backlog: exit $rc, want 2: $(cat "$tmp/async_backlog.txt")"
grep -Eq -- "--max-memory|--max-events" "$tmp/async_backlog.txt" || fail "async_backlog: no flag named: $(cat "$tmp/async_backlog.txt")"

# A tight memory budget refuses even the quickstart; a bad size is a usage error (exit 1).
cp "$src/scenarios/quickstart.yaml" "$tmp/quick.yaml"
run quick --max-memory 1K
[ $rc = 2 ] || fail "--max-memory 1K: exit $rc, want 2"
grep -q -- "--max-memory" "$tmp/quick.txt" || fail "--max-memory refusal does not name the flag: $(cat "$tmp/quick.txt")"
run quick --max-memory lots
[ $rc = 1 ] || fail "--max-memory lots: exit $rc, want 1"
run quick --max-events 1e3
[ $rc = 2 ] || fail "--max-events 1e3: exit $rc, want 2"

# 100 000 functions, a few with traffic: runs in bounded memory, or is refused with a reason.
{
  echo "name: hundred-thousand"
  echo "duration: 2m"
  echo "account: { concurrency_limit: 10000000 }"
  echo "functions:"
  for i in $(seq 0 99999); do echo "  f$i: { duration: { dist: constant, value: 50ms } }"; done
  echo "traffic:"
  for i in 0 1 2 99999; do echo "  - { function: f$i, rate: 20 }"; done
} >"$tmp/many_functions.yaml"
ok_or_refused many_functions

# A function that runs for 1 ns, at 10^5 RPS for 10 s.
cat >"$tmp/one_ns.yaml" <<YAML
name: one-ns
duration: 10s
bucket: 1s
functions:
  api:
    duration: { dist: constant, value: 1ns }
    init_duration: { dist: constant, value: 1ns }
traffic:
  - function: api
    rate: 100000
YAML
ok_or_refused one_ns

# A 30-day horizon at a modest rate (1-minute buckets: 43 200 rows).
cat >"$tmp/thirty_days.yaml" <<YAML
name: thirty-days
duration: 30d
functions:
$fn
traffic:
  - function: api
    rate: 0.05
YAML
ok_or_refused thirty_days

# A 30-day horizon at 1-second buckets: 2.6 million rows per function.
sed 's/^duration: 30d/duration: 30d\nbucket: 1s/; s/thirty-days/thirty-days-fine/' "$tmp/thirty_days.yaml" >"$tmp/thirty_days_fine.yaml"
ok_or_refused thirty_days_fine
echo "resource_guard_test: ok"
