#!/usr/bin/env bash
# tests/regression/input_file_kinds_test.sh — guards issue 16, item 5 and the "directory or
# FIFO given as a trace is 'not found'" fault: every input file goes through one function
# (models/spec/input_file.h) that accepts only a regular file under its kind's documented
# limit. A directory, a FIFO (never blocking on it), /dev/zero and a symbolic link to /dev/zero
# are refused with exit 2 and named for what they are, as a scenario, a trace, a sweep file or
# an input of `lambdasim import`.
# Usage (from CTest): bash input_file_kinds_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
mkdir "$tmp/dir"
mkfifo "$tmp/fifo"
ln -s /dev/zero "$tmp/zero-link"
expect2() {  # expect2 PATTERN COMMAND ARGS...: exit 2 and PATTERN on stderr, within 20 s
  local want=$1; shift
  set +e; timeout -k 2 20 "$bin" "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?; set -e
  [ "$rc" = 2 ] || fail "$*: exit $rc, want 2: $(head -c 400 "$tmp/err")"
  grep -q -- "$want" "$tmp/err" || fail "$*: stderr lacks '$want': $(head -c 400 "$tmp/err")"
  echo "input_file_kinds_test: $*: $(head -n1 "$tmp/err")"
}
# Scenario files.
expect2 "is a directory" validate "$tmp/dir"
expect2 "is a FIFO" validate "$tmp/fifo"
expect2 "is a character device" validate /dev/zero
expect2 "is a character device" validate "$tmp/zero-link"
head -c $((16 * 1024 * 1024 + 1)) /dev/zero | tr '\0' '#' >"$tmp/big.yaml"
expect2 "limited to 16 MiB" validate "$tmp/big.yaml"
# Trace files: named for what they are, not "not found".
for kind in dir fifo zero-link; do
  cat >"$tmp/trace-$kind.yaml" <<YAML
name: trace-$kind
functions:
  api: { duration: 100ms }
traffic:
  - function: api
    trace: { format: csv, file: $kind }
YAML
done
expect2 "trace file 'dir' is a directory" validate "$tmp/trace-dir.yaml"
expect2 "trace file 'fifo' is a FIFO" validate "$tmp/trace-fifo.yaml"
expect2 "trace file 'zero-link' is a character device" validate "$tmp/trace-zero-link.yaml"
# Sweep files.
expect2 "is a FIFO" sweep "$tmp/fifo" --list
expect2 "is a character device" sweep "$tmp/zero-link" --list
expect2 "is a directory" sweep "$tmp/dir" --list
# `lambdasim import` inputs: a FIFO blocked the import, /dev/zero was read until memory ran out.
expect2 "is a FIFO" import sam "$tmp/fifo"
expect2 "is a character device" import terraform "$tmp/zero-link"
expect2 "is a directory" import sam "$tmp/dir"
expect2 "is a character device" import cloudwatch --function f --invocations /dev/zero
expect2 "is a FIFO" import cloudwatch --function f \
  --invocations "$src/tests/fixtures/import/cw_invocations.json" --throttles "$tmp/fifo"
echo "input_file_kinds_test: ok"
