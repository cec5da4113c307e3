#!/usr/bin/env bash
# tests/regression/disk_full_rerun_test.sh — guards issue 16 (lesser fault): a re-run into an
# existing run directory that hit "disk full" left the new files beside the old report.html with
# no manifest at all, so nothing said the directory was a half state. Now the directory is
# marked incomplete before the first new file is written: after the failed re-run (exit 4) its
# manifest.json says "complete": false, and every file it lists is the new run's.
# Disk full is simulated with a file-size limit (ulimit -f; SIGXFSZ ignored, so write(2) fails
# with EFBIG as it would with ENOSPC).
# Usage (from CTest): bash disk_full_rerun_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
{
  echo "name: full"
  echo "duration: 2h"
  echo "bucket: 1s"
  echo "functions:"
  for i in 1 2 3 4; do echo "  f$i: { duration: { dist: constant, value: 100ms } }"; done
  echo "traffic:"
  echo "  - { function: f1, rate: 2 }"
} >"$tmp/s.yaml"
"$bin" run "$tmp/s.yaml" --out "$tmp/out" --seed 1 --quiet >/dev/null
"$bin" run "$tmp/s.yaml" --out "$tmp/ref2" --seed 2 --quiet >/dev/null
# summary.json (a few kB) fits under 512 kB, timeseries.csv (several MB) does not.
set +e
( trap '' XFSZ; ulimit -f 512; exec "$bin" run "$tmp/s.yaml" --out "$tmp/out" --seed 2 --quiet ) >/dev/null 2>"$tmp/err"
rc=$?
set -e
[ "$rc" = 4 ] || fail "re-run on a full disk: exit $rc, want 4: $(cat "$tmp/err")"
[ -f "$tmp/out/manifest.json" ] || fail "no manifest.json after the failed re-run: $(ls "$tmp/out" | tr '\n' ' ')"
grep -q '"complete": false' "$tmp/out/manifest.json" || fail "manifest not marked incomplete: $(cat "$tmp/out/manifest.json")"
listed=$(tr -d '\n' <"$tmp/out/manifest.json" | sed 's/.*"files": \[\([^]]*\)\].*/\1/' | tr -d '",' )
for f in $listed; do
  cmp -s "$tmp/out/$f" "$tmp/ref2/$f" || fail "$f is listed but is not the new run's"
done
ls -a "$tmp/out" | grep -q '\.tmp\.' && fail "temporary files left: $(ls -a "$tmp/out")"
echo "disk_full_rerun_test: ok (listed: ${listed:-none})"
