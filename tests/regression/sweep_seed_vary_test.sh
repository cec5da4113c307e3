#!/usr/bin/env bash
# tests/regression/sweep_seed_vary_test.sh — guards issue 16 (lesser fault): a sweep file with
# `seed: 42` and `vary: {seed: [1, 2]}` ran both variants with seed 42 while labelling them 1
# and 2. A varied seed must be the seed that runs: each variant's event fingerprint equals
# that of `run --seed N` of the same scenario, and the two differ.
# Usage (from CTest): bash sweep_seed_vary_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
cat >"$tmp/s.yaml" <<'YAML'
name: seeds
duration: 1m
functions:
  api: { duration: { dist: exponential, mean: 100ms } }
traffic:
  - { function: api, rate: 50 }
YAML
cat >"$tmp/sweep.yaml" <<'YAML'
scenario: s.yaml
seed: 42
vary:
  seed: [1, 2]
metrics: [functions.api.invocations]
YAML
"$bin" sweep "$tmp/sweep.yaml" --out "$tmp/sw" --quiet
for seed in 1 2; do
  "$bin" run "$tmp/s.yaml" --seed "$seed" --out "$tmp/run-$seed" --quiet >/dev/null
  want=$(sed -n 's/.*"event_fingerprint": "\([0-9a-f]*\)".*/\1/p' "$tmp/run-$seed/manifest.json")
  got=$(awk -F, -v s="$seed" 'NR > 1 && $4 == s { print $NF }' "$tmp/sw/runs.csv")
  [ -n "$want" ] || fail "no fingerprint in run-$seed/manifest.json"
  [ "$got" = "$want" ] || fail "variant labelled seed $seed has fingerprint '$got', run --seed $seed has '$want': $(cat "$tmp/sw/runs.csv")"
done
echo "sweep_seed_vary_test: ok"
