#!/usr/bin/env bash
# tests/regression/long_scenario_name_test.sh — guards issue 16 (lesser faults): names of
# 256+ characters passed validation and then failed with exit 4 when out/<name>/ could not
# be created. The name rule bounds the length (it names the output directory), so such a
# name is invalid input (exit 2 with file:line:col) from `validate` and `run` alike.
# Usage (from CTest): bash long_scenario_name_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
long=$(printf 'n%.0s' $(seq 1 256))
cat >"$tmp/long.yaml" <<YAML
name: $long
duration: 1m
functions:
  api: { duration: { dist: constant, value: 100ms } }
traffic:
  - { function: api, rate: 5 }
YAML
set +e
"$bin" validate "$tmp/long.yaml" >"$tmp/validate.txt" 2>&1; rc=$?
set -e
[ "$rc" = 2 ] || fail "validate: exit $rc, want 2: $(cat "$tmp/validate.txt")"
grep -q "long.yaml:1:[0-9]*: .*256 characters" "$tmp/validate.txt" || fail "validate: no file:line:col and length: $(cat "$tmp/validate.txt")"
set +e
(cd "$tmp" && "$bin" run long.yaml --quiet >"$tmp/run.txt" 2>&1); rc=$?
set -e
[ "$rc" = 2 ] || fail "run: exit $rc, want 2: $(cat "$tmp/run.txt")"
[ ! -e "$tmp/out" ] || fail "run: an output directory was created for invalid input"
# 200 characters is still a name.
sed -i "s/^name: .*/name: $(printf 'n%.0s' $(seq 1 200))/" "$tmp/long.yaml"
"$bin" validate "$tmp/long.yaml" >/dev/null || fail "a 200-character name is refused"
echo "long_scenario_name_test: ok"
