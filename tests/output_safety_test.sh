#!/usr/bin/env bash
# tests/output_safety_test.sh — output directories and write errors:
#  * a write error (parent is a regular file; a read-only /proc path) → non-zero exit, a
#    message naming the path, no file under its final name;
#  * a directory holding ANOTHER scenario's run → exit 2 with a hint at --force, untouched;
#    --force replaces it whole (no file of the old run survives, no temp dir left);
#  * re-running the same scenario into its own directory overwrites it (exit 0).
# Usage (from CTest): bash output_safety_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
set -euo pipefail
bin="${1:?usage: output_safety_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR}"
src="${2:?missing SOURCE_DIR}"
tmp="${3:?missing TMPDIR}"
fail() { echo "output_safety_test: FAIL: $*" >&2; exit 1; }
rm -rf "$tmp"; mkdir -p "$tmp"
scenario() {  # name rate
  cat <<YAML
name: $1
duration: 2m
functions:
  api:
    duration: { dist: exponential, mean: 100ms }
traffic:
  - function: api
    rate: $2
YAML
}
scenario alpha 50 >"$tmp/alpha.yaml"
scenario beta 80 >"$tmp/beta.yaml"
run() { set +e; "$@" >"$tmp/out.txt" 2>&1; rc=$?; set -e; }

# Parent of the output directory is a regular file.
echo "not a directory" >"$tmp/plainfile"
run "$bin" run "$tmp/alpha.yaml" --out "$tmp/plainfile/run" --quiet
[ $rc != 0 ] || fail "writing under a regular file exited 0"
grep -q "$tmp/plainfile/run" "$tmp/out.txt" || fail "message does not name the path: $(cat "$tmp/out.txt")"
[ "$(cat "$tmp/plainfile")" = "not a directory" ] || fail "the regular file was modified"

# A read-only location (/proc/… refuses new files even as root).
run "$bin" run "$tmp/alpha.yaml" --out /proc/self/lambdasim-out --quiet
[ $rc != 0 ] || fail "writing under /proc exited 0"
grep -q "/proc/self/lambdasim-out" "$tmp/out.txt" || fail "message does not name the /proc path: $(cat "$tmp/out.txt")"

# The output directory exists but a file in it cannot be replaced: summary.json is a
# non-empty directory, so the rename fails; nothing partial appears under a final name.
mkdir -p "$tmp/blocked/summary.json/x"
run "$bin" run "$tmp/alpha.yaml" --out "$tmp/blocked" --quiet
[ $rc = 4 ] || fail "blocked rename exited $rc, want 4: $(cat "$tmp/out.txt")"
grep -q "$tmp/blocked/summary.json" "$tmp/out.txt" || fail "message does not name summary.json: $(cat "$tmp/out.txt")"
for f in timeseries.csv report.html; do [ ! -e "$tmp/blocked/$f" ] || fail "$f written after a failed write"; done
# The half state is marked (issue 16): a manifest saying "complete": false, listing no file.
grep -q '"complete": false' "$tmp/blocked/manifest.json" || fail "failed write not marked incomplete"
grep -q '"files": \[\]' "$tmp/blocked/manifest.json" || fail "failed write lists files: $(cat "$tmp/blocked/manifest.json")"
ls "$tmp/blocked" | grep -q '\.tmp\.' && fail "temporary file left behind: $(ls "$tmp/blocked")"

# Another scenario's directory: refused (exit 2, hint at --force), left as it was.
"$bin" run "$tmp/alpha.yaml" --out "$tmp/shared" --quiet >/dev/null
cp "$tmp/shared/summary.json" "$tmp/alpha-summary.json"
echo "alpha's extra file" >"$tmp/shared/notes.txt"
run "$bin" run "$tmp/beta.yaml" --out "$tmp/shared" --quiet
[ $rc = 2 ] || fail "another scenario's directory: exit $rc, want 2: $(cat "$tmp/out.txt")"
grep -q -- "--force" "$tmp/out.txt" || fail "refusal does not mention --force: $(cat "$tmp/out.txt")"
grep -q "alpha" "$tmp/out.txt" || fail "refusal does not name the other scenario: $(cat "$tmp/out.txt")"
cmp -s "$tmp/shared/summary.json" "$tmp/alpha-summary.json" || fail "refused run modified the directory"

# --force replaces it whole.
run "$bin" run "$tmp/beta.yaml" --out "$tmp/shared" --quiet --force
[ $rc = 0 ] || fail "--force exited $rc: $(cat "$tmp/out.txt")"
grep -q '"scenario_name": "beta"' "$tmp/shared/manifest.json" || fail "--force did not write beta's manifest"
[ ! -e "$tmp/shared/notes.txt" ] || fail "--force kept a file of the old run (directories mixed)"
ls "$tmp" | grep -q 'shared\.tmp\.' && fail "--force left a temporary directory: $(ls "$tmp")"

# The same scenario again (even edited, e.g. another rate): overwritten in place.
run "$bin" run "$tmp/beta.yaml" --out "$tmp/shared" --quiet --set traffic.0.rate=90
[ $rc = 0 ] || fail "re-running the same scenario exited $rc: $(cat "$tmp/out.txt")"
grep -q '"complete": true' "$tmp/shared/manifest.json" || fail "re-run manifest not complete"
echo "output_safety_test: ok"
