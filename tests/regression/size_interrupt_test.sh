#!/usr/bin/env bash
# tests/regression/size_interrupt_test.sh — guards issue 16, item 1 for `size`: its searches
# (`--for ... --slo`, bisection over replicated runs) and `--options` ran each simulation to
# the end whatever the signal (SIGTERM killed it with 143; SIGINT killed it without a word).
# Now `size` installs the handlers, passes the interrupt flag to every run and the search
# stops: exit 130 with "interrupted" on stderr, shortly after the signal.
# Usage (from CTest): bash size_interrupt_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
# Each run: 2 h at 3000 rps (about 2e7 requests): many seconds, far longer than the test waits.
cat >"$tmp/long.yaml" <<'YAML'
name: long
duration: 2h
bucket: 1h
functions:
  api:
    duration: { dist: exponential, mean: 100ms }
    reserved_concurrency: 100
traffic:
  - { function: api, rate: 3000 }
YAML
# Sends SIG$2 about a second after starting `size $3...`; expects exit 130 within 15 s.
interrupt() {
  local what=$1 sig=$2; shift 2
  timeout -k 2 60 "$bin" size "$@" >"$tmp/out-$what-$sig" 2>"$tmp/err-$what-$sig" &
  local pid=$!
  sleep 1
  kill -"$sig" "$pid" 2>/dev/null || fail "$what: size ended before the signal: $(cat "$tmp/err-$what-$sig")"
  local waited=0
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 150 ]; do sleep 0.1; waited=$((waited + 1)); done
  kill -0 "$pid" 2>/dev/null && fail "$what: still running 15 s after SIG$sig"
  set +e; wait "$pid"; local rc=$?; set -e
  [ "$rc" = 130 ] || fail "$what SIG$sig: exit $rc, want 130: $(cat "$tmp/err-$what-$sig")"
  grep -q "interrupted" "$tmp/err-$what-$sig" || fail "$what SIG$sig: no 'interrupted' on stderr"
  echo "size_interrupt_test: $what SIG$sig: exit 130 after about $((waited / 10)) s"
}
for sig in INT TERM; do
  interrupt slo "$sig" "$tmp/long.yaml" --for functions.api.reserved_concurrency \
    --slo 'throttle_rate <= 0.001' --replications 2 --quiet
  interrupt options "$sig" "$tmp/long.yaml" --options --quiet
done
echo "size_interrupt_test: ok"
