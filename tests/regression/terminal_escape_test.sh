#!/usr/bin/env bash
# tests/regression/terminal_escape_test.sh — guards issue 16's "ANSI escape sequences in
# names and paths reach the terminal raw": a scenario path or a name holding ESC [ ... could
# recolour or clear the user's terminal through an error message. The one error printer
# (PrintDiagnostics, via EscapeForTerminal in models/spec/diagnostics.h) now shows them as \x1b.
# Usage (from CTest): bash terminal_escape_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
esc=$'\e'
# A missing file whose path holds a "clear screen" sequence.
set +e; "$bin" validate "$tmp/${esc}[2Jgone.yaml" >/dev/null 2>"$tmp/err1"; rc=$?; set -e
[ "$rc" = 2 ] || fail "missing file: exit $rc, want 2"
grep -q "$esc" "$tmp/err1" && fail "raw ESC on stderr: $(od -c "$tmp/err1" | head -3)"
grep -qF '\x1b[2Jgone.yaml' "$tmp/err1" || fail "path not shown escaped: $(cat "$tmp/err1")"
# A function name with an escape inside the scenario (refused by the name rule, echoed).
printf 'functions:\n  "a\\e[31mb": { duration: 100ms }\ntraffic:\n  - { function: api, rate: 1 }\n' >"$tmp/s.yaml"
set +e; "$bin" validate "$tmp/s.yaml" >/dev/null 2>"$tmp/err2"; rc=$?; set -e
[ "$rc" = 2 ] || fail "escape in a name: exit $rc, want 2: $(cat "$tmp/err2")"
grep -q "$esc" "$tmp/err2" && fail "raw ESC on stderr: $(od -c "$tmp/err2" | head -5)"
grep -qF '\x1b[31m' "$tmp/err2" || fail "name not shown escaped: $(cat "$tmp/err2")"
echo "terminal_escape_test: $(head -n1 "$tmp/err1")"
echo "terminal_escape_test: ok"
