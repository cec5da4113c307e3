#!/usr/bin/env bash
# tests/regression/file_stem_name_rule_test.sh — guards issue 16, item 3: a scenario without
# `name:` takes its name from the file stem, and that name follows the same rule as `name:`.
# A file called "...yaml" (stem "..") used to put its results in out/.. — the current
# directory — overwriting another scenario's run there without --force. Now it is invalid
# input (exit 2, naming the file and asking for a 'name:'), and nothing is written.
# Usage (from CTest): bash file_stem_name_rule_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
mkdir -p "$tmp/work"
body='duration: 1m
functions:
  api: { duration: { dist: constant, value: 100ms } }
traffic:
  - { function: api, rate: 5 }'
printf 'name: other\n%s\n' "$body" >"$tmp/work/other.yaml"
printf '%s\n' "$body" >"$tmp/work/...yaml"
cd "$tmp/work"
"$bin" run other.yaml --out . --quiet >/dev/null || fail "the reference run failed"
set +e
"$bin" run ...yaml --quiet >"$tmp/stem.txt" 2>&1; rc=$?
set -e
[ "$rc" = 2 ] || fail "...yaml: exit $rc, want 2: $(cat "$tmp/stem.txt")"
grep -q "'\.\.'" "$tmp/stem.txt" && grep -q "name:" "$tmp/stem.txt" ||
  fail "...yaml: the message does not name the derived name and the fix: $(cat "$tmp/stem.txt")"
grep -q '"scenario_name": "other"' manifest.json || fail "another scenario's run was overwritten"
[ ! -e out ] || fail "an output directory was created for invalid input"
"$bin" validate ...yaml >/dev/null 2>&1 && fail "validate accepts ...yaml"
# The same file with a name: is fine, and an ordinary stem still names the run.
printf 'name: dots\n%s\n' "$body" >"$tmp/work/...yaml"
"$bin" validate ...yaml >/dev/null || fail "...yaml with a name: is refused"
printf '%s\n' "$body" >"$tmp/work/plain stem.yaml"
"$bin" run "plain stem.yaml" --quiet >/dev/null || fail "an ordinary stem is refused"
[ -f out/plain_stem/manifest.json ] || fail "the ordinary stem did not name out/plain_stem/"
echo "file_stem_name_rule_test: ok"
