#!/usr/bin/env bash
# tests/regression/run_flag_values_test.sh — guards issue 16's lesser fault for `run`'s flags:
# `--seed -1`, `2^64`, `1e23` silently wrapped and `--seed 0x10` meant 16; `--max-events -1`
# and `nan` were accepted (nan disabled the guard). They go through the one strict command-line
# parser (cli.h CliUInt64 / CliNumber, the scenario rules): exit 2, naming the flag, before any
# output directory is made. A valid --seed still overrides the scenario's.
# Usage (from CTest): bash run_flag_values_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
cat >"$tmp/s.yaml" <<'YAML'
name: s
duration: 10s
functions:
  api:
    duration: { dist: exponential, mean: 100ms }
traffic:
  - { function: api, rate: 10 }
YAML
expect2() {  # expect2 FLAG ARGS...: exit 2, stderr names FLAG, no output directory
  local flag=$1; shift
  set +e; timeout -k 2 60 "$bin" run "$tmp/s.yaml" --out "$tmp/out" -q "$@" >"$tmp/o" 2>"$tmp/err"; local rc=$?; set -e
  [ "$rc" = 2 ] || fail "run $*: exit $rc, want 2: $(head -c 400 "$tmp/err")"
  grep -q -- "$flag" "$tmp/err" || fail "run $*: stderr does not name $flag: $(head -c 400 "$tmp/err")"
  [ ! -e "$tmp/out" ] || fail "run $*: an output directory was made"
}
expect2 --seed --seed -1
expect2 --seed --seed 18446744073709551616
expect2 --seed --seed 1e23
expect2 --seed --seed 0x10
expect2 --seed --seed 1.5
expect2 --max-events --max-events -1
expect2 --max-events --max-events nan
"$bin" run "$tmp/s.yaml" --out "$tmp/ok" -q --seed 18446744073709551615 --json >"$tmp/ok.json" ||
  fail "the largest seed is refused"
grep -q '"seed": 18446744073709551615' "$tmp/ok/manifest.json" || fail "--seed did not override the scenario's"
echo "run_flag_values_test: ok"
