#!/usr/bin/env bash
# tests/regression/foreign_manifest_not_overwritten_test.sh — guards issue 16 (lesser fault): a
# manifest.json that lambdasim did not write (another tool's) in --out was overwritten silently.
# `run` and `check --out` refuse such a directory with exit 4 and leave the file untouched;
# `run --force` replaces the directory whole. A directory holding lambdasim's own run of the
# same scenario is still re-run in place.
# Usage (from CTest): bash foreign_manifest_not_overwritten_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
cat >"$tmp/s.yaml" <<'YAML'
name: fm
duration: 10s
functions:
  api: { duration: { dist: constant, value: 100ms } }
traffic:
  - { function: api, rate: 5 }
YAML
foreign='{"name": "my-web-app", "icons": [], "start_url": "/"}'
for variant in json text; do
  rm -rf "$tmp/out" "$tmp/chk"; mkdir -p "$tmp/out" "$tmp/chk/fm"
  if [ $variant = json ]; then content="$foreign"; else content="not json at all"; fi
  printf '%s\n' "$content" >"$tmp/out/manifest.json"
  printf '%s\n' "$content" >"$tmp/chk/fm/manifest.json"
  set +e; "$bin" run "$tmp/s.yaml" --out "$tmp/out" --quiet >/dev/null 2>"$tmp/err"; rc=$?; set -e
  [ "$rc" = 4 ] || fail "$variant: run over a foreign manifest.json: exit $rc, want 4"
  grep -q "not written by lambdasim" "$tmp/err" || fail "$variant: unclear message: $(cat "$tmp/err")"
  [ "$(cat "$tmp/out/manifest.json")" = "$content" ] || fail "$variant: foreign manifest.json was overwritten"
  [ ! -e "$tmp/out/summary.json" ] || fail "$variant: results written beside a foreign manifest"
  set +e; "$bin" check "$tmp/s.yaml" --out "$tmp/chk" --quiet >/dev/null 2>"$tmp/err"; rc=$?; set -e
  [ "$rc" = 4 ] || fail "$variant: check --out over a foreign manifest.json: exit $rc, want 4"
  [ "$(cat "$tmp/chk/fm/manifest.json")" = "$content" ] || fail "$variant: check overwrote a foreign manifest.json"
done
"$bin" run "$tmp/s.yaml" --out "$tmp/out" --quiet --force >/dev/null || fail "run --force failed"
grep -q '"scenario_name": "fm"' "$tmp/out/manifest.json" || fail "--force did not replace the directory"
"$bin" run "$tmp/s.yaml" --out "$tmp/out" --quiet >/dev/null || fail "re-run over our own run failed"
echo "foreign_manifest_not_overwritten_test: ok"
