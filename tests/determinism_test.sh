#!/usr/bin/env bash
# tests/determinism_test.sh — the same scenario and seed give byte-identical summary.json,
# timeseries.csv and account_timeseries.csv from two different builds (Release -O2 and the
# ASan/UBSan Debug -O0 build) and across repeated runs. The second binary comes from
# LAMBDASIM_OTHER_BINARY (set by `make test`); without it only repeated runs are compared.
# Usage (from CTest): bash determinism_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
set -euo pipefail
bin="${1:?usage: determinism_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR}"
src="${2:?missing SOURCE_DIR}"
tmp="${3:?missing TMPDIR}"
fail() { echo "determinism_test: FAIL: $*" >&2; exit 1; }
rm -rf "$tmp"; mkdir -p "$tmp"
# An event-driven scenario (async queue with retries, SQS) next to the quickstart.
cat >"$tmp/event_driven.yaml" <<'YAML'
name: determinism-events
duration: 3m
seed: 7
functions:
  worker:
    reserved_concurrency: 20
    duration: { dist: lognormal, median: 200ms, p99: 2s }
    error_rate: 0.05
  consumer:
    reserved_concurrency: 10
    duration: { dist: exponential, mean: 150ms }
traffic:
  - function: worker
    invocation: async
    rate: 150
  - function: consumer
    source: { type: sqs, batch_size: 10 }
    rate: 300
YAML
scenarios=("$src/scenarios/quickstart.yaml" "$tmp/event_driven.yaml")
files=(summary.json timeseries.csv account_timeseries.csv)
other="${LAMBDASIM_OTHER_BINARY:-}"
if [ -z "$other" ]; then
  echo "determinism_test: LAMBDASIM_OTHER_BINARY unset: comparing repeated runs of one binary only (make test sets it)"
elif [ ! -x "$other" ]; then
  fail "LAMBDASIM_OTHER_BINARY=$other is not executable"
fi
for s in "${scenarios[@]}"; do
  name=$(basename "$s" .yaml)
  "$bin" run "$s" --out "$tmp/a-$name" --quiet >/dev/null || fail "$name: run failed"
  "$bin" run "$s" --out "$tmp/b-$name" --quiet >/dev/null || fail "$name: second run failed"
  [ -n "$other" ] && { "$other" run "$s" --out "$tmp/c-$name" --quiet >/dev/null || fail "$name: other binary failed"; }
  for f in "${files[@]}"; do
    cmp "$tmp/a-$name/$f" "$tmp/b-$name/$f" || fail "$name/$f differs between two runs"
    if [ -n "$other" ]; then cmp "$tmp/a-$name/$f" "$tmp/c-$name/$f" || fail "$name/$f differs between $bin and $other"; fi
  done
  fp() { sed -n 's/.*"event_fingerprint": "\([0-9a-f]*\)".*/\1/p' "$1/manifest.json"; }
  [ "$(fp "$tmp/a-$name")" = "$(fp "$tmp/b-$name")" ] || fail "$name: event fingerprints differ"
  [ -z "$other" ] || [ "$(fp "$tmp/a-$name")" = "$(fp "$tmp/c-$name")" ] || fail "$name: event fingerprints differ between builds"
done
echo "determinism_test: ok${other:+ (also against $other)}"
