#!/usr/bin/env bash
# tests/regression/signal_while_writing_test.sh — guards issue 16, item 4: SIGINT/SIGTERM that
# arrive while results are being written used to be ignored (exit 0, "complete": true seconds
# later). Now the writing stops: exit 130, the manifest says "complete": false, every file it
# lists is whole (byte-identical to an uninterrupted run's), nothing half-written remains.
# The signal is sent as soon as the output directory appears (WriteRun creates it).
# Usage (from CTest): bash signal_while_writing_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
# 300 functions, 1 h of 1 s buckets: about a million time-series rows to write.
{
  echo "name: big-output"
  echo "duration: 1h"
  echo "bucket: 1s"
  echo "functions:"
  for i in $(seq 1 300); do echo "  f$i: { duration: { dist: constant, value: 100ms } }"; done
  echo "traffic:"
  echo "  - { function: f1, rate: 2 }"
} >"$tmp/big.yaml"
"$bin" run "$tmp/big.yaml" --out "$tmp/ref" --quiet --json >/dev/null
for sig in INT TERM; do
  out="$tmp/out-$sig"
  timeout -k 2 120 "$bin" run "$tmp/big.yaml" --out "$out" --quiet --json >/dev/null 2>"$tmp/stderr-$sig" &
  pid=$!
  until [ -d "$out" ] || ! kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
  kill -"$sig" "$pid" 2>/dev/null || true
  set +e; wait "$pid"; rc=$?; set -e
  [ "$rc" = 130 ] || fail "SIG$sig while writing: exit $rc, want 130: $(cat "$tmp/stderr-$sig")"
  grep -q '"complete": false' "$out/manifest.json" || fail "SIG$sig: manifest not marked incomplete: $(cat "$out/manifest.json")"
  ls -a "$out" | grep -q '\.tmp\.' && fail "SIG$sig: half-written temporary files left: $(ls -a "$out")"
  listed=$(tr -d '\n' <"$out/manifest.json" | sed 's/.*"files": \[\([^]]*\)\].*/\1/' | tr -d '", ' | tr ',' ' ')
  for f in $(ls "$out"); do
    [ "$f" = manifest.json ] && continue
    cmp -s "$out/$f" "$tmp/ref/$f" || fail "SIG$sig: $f is not whole"
  done
  echo "signal_while_writing_test: SIG$sig: exit 130; whole files: $(ls "$out" | tr '\n' ' ')"
done
echo "signal_while_writing_test: ok"
