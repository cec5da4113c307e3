#!/usr/bin/env bash
# tests/regression/size_flag_values_test.sh — guards issue 16's lesser faults for `size`'s
# flags: numbers are parsed by the one strict command-line parser (cli.h CliNumber /
# CliInteger, the scenario rules), so `--reserved -1` (meant "none"), `--rps nan`,
# `--rps 0x10`, `--lo 1e3`, `--max-events -1` no longer pass or wrap; `--lo 100 --hi 5` and
# `--for name` (not a key path) are refused before any simulation. All exit 2, naming the flag.
# Usage (from CTest): bash size_flag_values_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
cat >"$tmp/s.yaml" <<'YAML'
name: s
duration: 60s
functions:
  api:
    duration: { dist: exponential, mean: 100ms }
traffic:
  - { function: api, rate: 100 }
YAML
expect2() {  # expect2 FLAG ARGS...: exit 2, stderr names FLAG
  local flag=$1; shift
  set +e; timeout -k 2 60 "$bin" size "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?; set -e
  [ "$rc" = 2 ] || fail "size $*: exit $rc, want 2: $(head -c 400 "$tmp/err")"
  grep -q -- "^$flag" "$tmp/err" || fail "size $*: stderr does not start with $flag: $(head -c 400 "$tmp/err")"
}
slo=(--slo 'throttle_rate <= 0.01' --quiet)
expect2 --reserved --rps 100 --duration 100ms --reserved -1
expect2 --reserved --rps 100 --duration 100ms --reserved 1.5
expect2 --rps --rps nan --duration 100ms
expect2 --rps --rps 0x10 --duration 100ms
expect2 --rps --rps inf --duration 100ms
expect2 --peak-rps --rps 100 --peak-rps -5 --duration 100ms
expect2 --account-limit --rps 100 --duration 100ms --account-limit 18446744073709551616
expect2 --duration --rps 100 --duration nan
expect2 --max-events --rps 100 --duration 100ms --max-events -1
expect2 --max-events --rps 100 --duration 100ms --max-events nan
expect2 --lo "$tmp/s.yaml" --for functions.api.reserved_concurrency "${slo[@]}" --lo 1e3
expect2 --hi "$tmp/s.yaml" --for functions.api.reserved_concurrency "${slo[@]}" --lo 100 --hi 5
expect2 --replications "$tmp/s.yaml" --for functions.api.reserved_concurrency "${slo[@]}" --replications 0x5
expect2 --for "$tmp/s.yaml" --for name "${slo[@]}"
expect2 --for "$tmp/s.yaml" --for functions. "${slo[@]}"
# Well-formed values still work.
"$bin" size --rps 100 --duration 100ms --reserved 20 --account-limit 2000 >/dev/null ||
  fail "valid flags refused"
echo "size_flag_values_test: ok"
