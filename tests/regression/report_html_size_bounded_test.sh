#!/usr/bin/env bash
# tests/regression/report_html_size_bounded_test.sh — guards issue 16, item 4 (writing speed):
# report.html embedded every bucket of every charted series (a 300-function hour of 1 s
# buckets gave a 212 MB page). Chart series are now reduced to at most two points (min and
# max, so peaks stay) per pixel column: every <path> stays under 4 points per pixel of the
# widest chart (960 px), and the page for 3 functions x 6 h of 1 s buckets (21 600 buckets,
# about 35 MB before) stays under 3 MB (that peaks survive is svg_chart_decimation_test.cc).
# Usage (from CTest): bash report_html_size_bounded_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
{
  echo "name: long-report"
  echo "duration: 6h"
  echo "bucket: 1s"
  echo "functions:"
  for i in 1 2 3; do echo "  f$i: { duration: { dist: exponential, mean: 200ms } }"; done
  echo "traffic:"
  echo "  - { function: f1, rate: 3 }"
  echo "  - { function: f2, rate: 1 }"
} >"$tmp/s.yaml"
"$bin" run "$tmp/s.yaml" --out "$tmp/out" --quiet >/dev/null
size=$(stat -c %s "$tmp/out/report.html")
[ "$size" -lt 3000000 ] || fail "report.html is $size bytes (want < 3 MB)"
most=$(grep -o '<path class="series" d="[^"]*"' "$tmp/out/report.html" | awk '{ n = gsub(/[ML]/, "&"); if (n > m) m = n } END { print m + 0 }')
[ "$most" -le 3840 ] || fail "a chart path has $most points (want <= 3840)"
echo "report_html_size_bounded_test: ok ($size bytes, at most $most points per path)"
