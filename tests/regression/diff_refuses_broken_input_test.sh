#!/usr/bin/env bash
# tests/regression/diff_refuses_broken_input_test.sh — guards issue 16 item 6: `diff` used to
# exit 0 on an empty summary, a metric written as a string and an interrupted run, and to hang
# on a FIFO. Each is now exit 2 naming the file (and the JSON path); an incomplete run compared
# on purpose (--allow-incomplete) is exit 99 with the reason; a summary.json that links to
# /dev/zero is refused before reading (not a regular file).
# Usage (from CTest): bash diff_refuses_broken_input_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
cat >"$tmp/s.yaml" <<'YAML'
name: broken-input
duration: 30s
functions:
  api:
    duration: { dist: constant, value: 100ms }
traffic:
  - function: api
    rate: 20
YAML
"$bin" run "$tmp/s.yaml" --out "$tmp/good" --quiet >/dev/null
# timeout: a FIFO used to block diff forever.
run() { set +e; timeout 20 "$@" >"$tmp/out.txt" 2>&1; rc=$?; set -e; }
expect() {  # expect RC PATTERN DESCRIPTION
  [ "$rc" = "$1" ] || { cat "$tmp/out.txt" >&2; fail "$3: exit $rc, want $1"; }
  grep -Eq -e "$2" "$tmp/out.txt" || { cat "$tmp/out.txt" >&2; fail "$3: message lacks /$2/"; }
}
mkrun() { mkdir -p "$tmp/$1"; cp "$tmp/good/manifest.json" "$tmp/$1/"; }

run "$bin" diff "$tmp/good" "$tmp/good"
expect 0 "no metric moved" "diff of a run with itself"

mkrun empty; : >"$tmp/empty/summary.json"
run "$bin" diff "$tmp/good" "$tmp/empty"
expect 2 "empty/summary.json: .*unexpected end of input" "an empty summary.json"

mkrun hollow; echo '{"scenario": "broken-input", "functions": {}, "account": {}}' >"$tmp/hollow/summary.json"
run "$bin" diff "$tmp/good" "$tmp/hollow"
expect 2 "hollow/summary.json: .*no metrics" "a summary without metrics"

mkrun stringy
sed 's/"throttle_rate": [0-9.e+-]*/"throttle_rate": "0.5"/' "$tmp/good/summary.json" >"$tmp/stringy/summary.json"
grep -q '"throttle_rate": "0.5"' "$tmp/stringy/summary.json" || fail "could not craft a string metric"
run "$bin" diff "$tmp/good" "$tmp/stringy"
expect 2 "stringy/summary.json: .*functions\.api\.throttle_rate is a string, not a number" "a metric written as a string"

mkdir -p "$tmp/fifo"; mkfifo "$tmp/fifo/summary.json"; cp "$tmp/good/manifest.json" "$tmp/fifo/"
run "$bin" diff "$tmp/good" "$tmp/fifo"
expect 2 "fifo/summary.json: is a FIFO \(named pipe\), not a regular file" "a FIFO"
run "$bin" diff "$tmp/good" "$tmp/fifo/summary.json"
expect 2 "is a FIFO \(named pipe\), not a regular file" "a FIFO given as the file"

mkdir -p "$tmp/zero"; ln -s /dev/zero "$tmp/zero/summary.json"; cp "$tmp/good/manifest.json" "$tmp/zero/"
run "$bin" diff "$tmp/good" "$tmp/zero"
expect 2 "zero/summary.json: is a character device, not a regular file" "a link to /dev/zero"

mkrun partial; cp "$tmp/good/summary.json" "$tmp/partial/"
sed -i 's/"complete": true/"complete": false/; s/"error": ""/"error": "interrupted by signal"/' "$tmp/partial/manifest.json"
run "$bin" diff "$tmp/good" "$tmp/partial"
expect 2 "partial is incomplete: .*interrupted by signal" "an interrupted run"
run "$bin" diff "$tmp/partial" "$tmp/good"
expect 2 "partial is incomplete" "an interrupted baseline"
run "$bin" diff "$tmp/good" "$tmp/partial" --allow-incomplete
expect 99 "INCOMPLETE: .*partial is incomplete: .*interrupted by signal" "--allow-incomplete"

mkdir -p "$tmp/nomanifest"; cp "$tmp/good/summary.json" "$tmp/nomanifest/"
run "$bin" diff "$tmp/good" "$tmp/nomanifest"
expect 2 "nomanifest is incomplete: .*no manifest.json" "a run directory without a manifest"
# A saved baseline file on its own (no manifest beside it) is still accepted.
mkdir -p "$tmp/saved"; cp "$tmp/good/summary.json" "$tmp/saved/baseline.json"
run "$bin" diff "$tmp/saved/baseline.json" "$tmp/good"
expect 0 "no metric moved" "a lone saved summary"
# Command-line numbers are checked strictly: NaN is not a level.
run "$bin" diff "$tmp/good" "$tmp/good" --alpha nan
expect 1 "--alpha must be in" "--alpha nan"
echo "diff_refuses_broken_input_test: ok"
