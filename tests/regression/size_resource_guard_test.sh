#!/usr/bin/env bash
# tests/regression/size_resource_guard_test.sh — guards issue 16, item 5 for `size`: it had
# no resource guard. `size --rps 1e6 --duration 900s` built a 9e8-state warm-pool model
# (bad_alloc, exit 3) and `--rps 1e308` died in std::vector. Now the closed forms' cost and
# every simulation `size` runs are checked first against the same budgets as `run`
# (--max-events / --max-memory): exit 2 naming the flag to raise; rates follow the
# scenario's own range (at most 1e9/s).
# Usage (from CTest): bash size_resource_guard_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
expect2() {  # expect2 PATTERN ARGS...: exit 2 and PATTERN on stderr
  local want=$1; shift
  set +e; timeout -k 2 60 "$bin" size "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?; set -e
  [ "$rc" = 2 ] || fail "size $*: exit $rc, want 2: $(head -c 600 "$tmp/err")"
  grep -q -- "$want" "$tmp/err" || fail "size $*: stderr lacks '$want': $(head -c 600 "$tmp/err")"
  echo "size_resource_guard_test: size $*: exit 2: $(grep -m1 -- "$want" "$tmp/err")"
}
expect2 "--max-memory" --rps 1e6 --duration 900s
expect2 "--rps" --rps 1e308 --duration 1s
# Raising the budget is the way through (the analytic model alone, no simulation: fast).
"$bin" size --rps 1e5 --duration 1s --max-memory 64M >/dev/null 2>&1 ||
  fail "size --rps 1e5 --duration 1s (1e5 states) should fit 64M"
expect2 "--max-events" --rps 1e5 --duration 1s --max-events 1000
# Scenario mode: the simulation of --simulate is estimated like `run`'s.
cat >"$tmp/heavy.yaml" <<'YAML'
name: heavy
duration: 30d
bucket: 1d
functions:
  api:
    duration: { dist: constant, value: 10ms }
traffic:
  - { function: api, rate: 5000 }
YAML
expect2 "--max-events" "$tmp/heavy.yaml" --simulate --quiet
expect2 "--max-events" "$tmp/heavy.yaml" --options --quiet
echo "size_resource_guard_test: ok"
