#!/usr/bin/env bash
# tests/regression/stdout_write_error_test.sh — guards issue 16 (lesser fault): stdout write
# errors were ignored (`run --json > /dev/full` exited 0). Every command's stdout is flushed and
# checked in one place (main.cc); a failed write is exit 4 with a message on stderr.
# Usage (from CTest): bash stdout_write_error_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
[ -w /dev/full ] || { echo "stdout_write_error_test: skipped (no /dev/full)"; exit 0; }
q="$src/scenarios/quickstart.yaml"
check() {
  local what="$1"; shift
  set +e; "$@" >/dev/full 2>"$tmp/err"; rc=$?; set -e
  [ "$rc" = 4 ] || fail "$what > /dev/full: exit $rc, want 4: $(cat "$tmp/err")"
  grep -qi "standard output" "$tmp/err" || fail "$what: no message about stdout: $(cat "$tmp/err")"
}
check "run --json" "$bin" run "$q" --json --quiet --out "$tmp/run"
check "validate" "$bin" validate "$q"
check "schema" "$bin" schema
check "sweep --list" "$bin" sweep "$src/sweeps/quickstart_reserved.yaml" --list
# A successful write still exits 0.
"$bin" validate "$q" >/dev/null || fail "validate > /dev/null failed"
echo "stdout_write_error_test: ok"
