#!/usr/bin/env bash
# Every scenarios/*.yaml starts with a comment line, validates, and runs (quietly, to TMPDIR).
# Usage: bash scenario_library_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
set -u
B="$1"; SRC="$2"; TMP="$3"
mkdir -p "$TMP"
fail=0
n=0
for f in "$SRC"/scenarios/*.yaml; do
  n=$((n + 1))
  name=$(basename "$f" .yaml)
  if ! head -n 1 "$f" | grep -q '^#'; then echo "FAIL $name: first line is not a comment"; fail=1; fi
  if ! "$B" validate "$f" >/dev/null 2>"$TMP/$name.validate.err"; then
    echo "FAIL $name: validate"; cat "$TMP/$name.validate.err"; fail=1; continue
  fi
  start=$(date +%s%N)
  if ! (cd "$SRC" && "$B" run "$f" --quiet --out "$TMP/$name" >/dev/null 2>"$TMP/$name.run.err"); then
    echo "FAIL $name: run"; cat "$TMP/$name.run.err"; fail=1; continue
  fi
  [ -s "$TMP/$name/summary.json" ] || { echo "FAIL $name: no summary.json"; fail=1; continue; }
  printf 'ok   %-32s %d ms\n' "$name" $(( ($(date +%s%N) - start) / 1000000 ))
done
[ "$n" -gt 0 ] || { echo "FAIL no scenarios found"; fail=1; }
exit $fail
