#!/usr/bin/env bash
# tests/regression/merge_refuses_out_is_input_test.sh — guards issue 16 (lesser fault):
# `merge --out` could name one of its input shards and overwrite it. It is refused with exit 2
# (also when spelled differently: a trailing slash, ./), and the shard is left untouched.
# Usage (from CTest): bash merge_refuses_out_is_input_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
cat >"$tmp/s.yaml" <<'YAML'
name: m
duration: 10s
functions:
  api: { duration: { dist: constant, value: 100ms } }
traffic:
  - { function: api, rate: 5 }
YAML
printf 'scenario: s.yaml\nreplications: 2\nmetrics: [functions.api.invocations]\n' >"$tmp/sweep.yaml"
"$bin" sweep "$tmp/sweep.yaml" --shard 0/2 --out "$tmp/s0" --quiet
"$bin" sweep "$tmp/sweep.yaml" --shard 1/2 --out "$tmp/s1" --quiet
cp -r "$tmp/s0" "$tmp/s0.orig"
cd "$tmp"
for out in s0 s0/ ./s0 "$tmp/s0"; do
  set +e; "$bin" merge s0 s1 --out "$out" 2>err; rc=$?; set -e
  [ "$rc" = 2 ] || fail "merge --out $out (an input): exit $rc, want 2: $(cat err)"
  grep -q "is one of the shards" err || fail "merge --out $out: unclear message: $(cat err)"
  diff -r s0 s0.orig >/dev/null || fail "merge --out $out changed the input shard"
done
"$bin" merge s0 s1 --out merged >/dev/null || fail "merge into a new directory failed"
echo "merge_refuses_out_is_input_test: ok"
