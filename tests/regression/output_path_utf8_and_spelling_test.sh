#!/usr/bin/env bash
# tests/regression/output_path_utf8_and_spelling_test.sh — guards issue 16 (lesser faults):
#  * a scenario path with bytes that are not UTF-8 was copied raw into manifest.json (invalid
#    JSON text) and report.html; now invalid bytes are written as U+FFFD, so both files are
#    valid UTF-8 and manifest.json parses as JSON;
#  * report.html bytes (and manifest.json, but for wall_seconds; and a sweep's sweep.json)
#    depended on whether the path was typed s.yaml or ./s.yaml, against the byte-identity
#    promise; paths are normalised lexically (./a/../s.yaml is s.yaml) before they are
#    recorded.
# Usage (from CTest): bash output_path_utf8_and_spelling_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
mkdir -p "$tmp/a"
scenario='name: utf
duration: 10s
functions:
  api: { duration: { dist: constant, value: 100ms } }
traffic:
  - { function: api, rate: 5 }'
bad=$(printf 'caf\xe9-\xff\xfe')
printf '%s\n' "$scenario" >"$tmp/$bad.yaml"
printf '%s\n' "$scenario" >"$tmp/s.yaml"
cd "$tmp"
"$bin" run "$bad.yaml" --out out-bad --quiet >/dev/null
python3 - out-bad <<'PY' || fail "manifest.json or report.html is not valid UTF-8 / JSON"
import json, sys
d = sys.argv[1]
m = json.loads(open(d + "/manifest.json", "rb").read().decode("utf-8", "strict"))
assert "\ufffd" in m["scenario_file"], m["scenario_file"]
open(d + "/report.html", "rb").read().decode("utf-8", "strict")
PY
for spelling in s.yaml ./s.yaml ./a/../s.yaml "$tmp/s.yaml"; do
  "$bin" run "$spelling" --out "out-$(echo "$spelling" | tr -c 'a-z0-9' _)" --quiet >/dev/null
done
ref="out-s_yaml_"
[ -d "$ref" ] || ref=$(ls -d out-s_yaml* | head -1)
for d in out-__s_yaml_ out-__a____s_yaml_; do
  cmp -s "$ref/report.html" "$d/report.html" || fail "report.html differs between s.yaml and $d"
  diff <(grep -v wall_seconds "$ref/manifest.json") <(grep -v wall_seconds "$d/manifest.json") >/dev/null ||
    fail "manifest.json differs between s.yaml and $d: $(diff <(grep -v wall_seconds "$ref/manifest.json") <(grep -v wall_seconds "$d/manifest.json"))"
done
# sweep.json records the sweep file the same way.
printf 'scenario: s.yaml\nmetrics: [functions.api.invocations]\n' >sweep.yaml
"$bin" sweep sweep.yaml --out sw1 --quiet
"$bin" sweep ./a/../sweep.yaml --out sw2 --quiet
cmp -s sw1/sweep.json sw2/sweep.json || fail "sweep.json differs between sweep.yaml and ./a/../sweep.yaml: $(diff sw1/sweep.json sw2/sweep.json)"
echo "output_path_utf8_and_spelling_test: ok"
