#!/usr/bin/env bash
# tests/import_cli_test.sh — `lambdasim import` end to end: each importer's output passes
# `lambdasim validate` and runs; --rate replaces a placeholder rate; bad input (not YAML, an
# unknown resource type, no datapoints, mixed periods, a bad --rate, a Terraform module that
# holds itself through an alias) exits 2 with file:line:col and leaves an existing --out file
# untouched (no half-written output, no temp file left);
# the CloudWatch import's run offers the observed invocations (25 200 over 5 minutes: the
# simulated count is Poisson, checked within 5 standard deviations) and writes the observed CSV.
# Usage (from CTest): bash import_cli_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
set -euo pipefail
bin="${1:?usage: import_cli_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR}"
src="${2:?missing SOURCE_DIR}"
tmp="${3:?missing TMPDIR}"
fx="$src/tests/fixtures/import"
fail() { echo "import_cli_test: FAIL: $*" >&2; exit 1; }
rm -rf "$tmp"; mkdir -p "$tmp"

# 1. Each importer → validate → run.
"$bin" import sam "$fx/sam_template.yaml" --out "$tmp/sam.yaml" 2>"$tmp/sam.err" || fail "import sam exited $?"
grep -q "warning: .*Fn::If" "$tmp/sam.err" || fail "no warning for the unresolvable !If"
grep -q "# TODO" "$tmp/sam.yaml" || fail "no TODO in the SAM import"
"$bin" validate "$tmp/sam.yaml" >/dev/null || fail "SAM import does not validate"
"$bin" run "$tmp/sam.yaml" --set duration=1m --out "$tmp/sam_out" -q >/dev/null || fail "SAM import does not run"
"$bin" import sam "$fx/cfn_template.json" >"$tmp/cfn.yaml" 2>/dev/null || fail "import sam (JSON) exited $?"
"$bin" validate "$tmp/cfn.yaml" >/dev/null || fail "CloudFormation JSON import does not validate"
"$bin" import terraform "$fx/tf_plan.json" --out "$tmp/tf.yaml" 2>/dev/null || fail "import terraform exited $?"
"$bin" validate "$tmp/tf.yaml" >/dev/null || fail "Terraform import does not validate"
"$bin" run "$tmp/tf.yaml" --set duration=1m --out "$tmp/tf_out" -q >/dev/null || fail "Terraform import does not run"

# 2. --rate replaces the placeholder; the run offers it.
"$bin" import sam "$fx/sam_template.yaml" --rate CheckoutFunction-Checkout=50 --rate Thumbnailer=0.5 \
  --out "$tmp/rated.yaml" 2>/dev/null || fail "import --rate exited $?"
grep -q "rate: 50  # --rate CheckoutFunction-Checkout=50" "$tmp/rated.yaml" || fail "--rate not written"
"$bin" run "$tmp/rated.yaml" --set duration=1m --out "$tmp/rated_out" -q --json >"$tmp/rated.json" ||
  fail "rated scenario does not run"
python3 - "$tmp/rated.json" <<'PY' || fail "--rate: offered requests of CheckoutFunction not ~ 50/s x 60 s"
import json, sys
d = json.load(open(sys.argv[1]))
n = d["functions"]["CheckoutFunction"]["requests"]
assert abs(n - 3000) <= 5 * 3000 ** 0.5, n
PY

# 3. CloudWatch: validate, run, observed CSV beside it.
"$bin" import cloudwatch --function checkout --invocations "$fx/cw_invocations.json" \
  --duration "$fx/cw_duration.json" --concurrency "$fx/cw_concurrency.json" \
  --throttles "$fx/cw_throttles.json" --out "$tmp/cw.yaml" 2>/dev/null || fail "import cloudwatch exited $?"
[ -f "$tmp/cw.yaml.observed.csv" ] || fail "no observed CSV"
grep -q "^180,2026-11-30T10:03:00Z,9000,55,17$" "$tmp/cw.yaml.observed.csv" || fail "observed CSV row"
grep -q "cw.yaml.observed.csv" "$tmp/cw.yaml" || fail "the YAML does not name the observed CSV"
"$bin" validate "$tmp/cw.yaml" >/dev/null || fail "CloudWatch import does not validate"
"$bin" run "$tmp/cw.yaml" --out "$tmp/cw_out" -q --json >"$tmp/cw.json" || fail "CloudWatch import does not run"
python3 - "$tmp/cw.json" <<'PY' || fail "CloudWatch run: requests not ~ 25 200"
import json, sys
n = json.load(open(sys.argv[1]))["account"]["requests"]
assert abs(n - 25200) <= 5 * 25200 ** 0.5, n
PY
# The observed series comes back: calibration.csv and the report's observed-vs-simulated view.
[ -f "$tmp/cw_out/calibration.csv" ] || fail "no calibration.csv"
grep -q '"calibration.csv"' "$tmp/cw_out/manifest.json" || fail "manifest does not list calibration.csv"
grep -q "^checkout,180,9000,[0-9]*,55,[0-9]*,17,[0-9]*$" "$tmp/cw_out/calibration.csv" ||
  fail "calibration.csv row for the 4th period"
grep -q 'data-metric="calibration_concurrency"' "$tmp/cw_out/report.html" ||
  fail "report has no observed-vs-simulated concurrency chart"
"$bin" run "$tmp/cw.yaml" --out "$tmp/cw_out2" -q | grep -q "^observed vs simulated \`checkout\`" ||
  fail "terminal table has no observed-vs-simulated line"
"$bin" import cloudwatch --function f --invocations "$fx/cw_mdr_invocations.json" >"$tmp/mdr.yaml" 2>/dev/null ||
  fail "get-metric-data import exited $?"
"$bin" validate "$tmp/mdr.yaml" >/dev/null || fail "get-metric-data import does not validate"

# 4. Bad input: exit 2, file:line:col, the existing output untouched, no temp file left.
echo "previous content" >"$tmp/keep.yaml"
expect_2() {  # expect_2 PATTERN COMMAND...
  local pattern="$1"; shift
  set +e; "$@" --out "$tmp/keep.yaml" >/dev/null 2>"$tmp/err"; local rc=$?; set -e
  [ "$rc" = 2 ] || fail "exit $rc (want 2): $*: $(cat "$tmp/err")"
  grep -Eq -- "$pattern" "$tmp/err" || fail "message '$pattern' not in: $(cat "$tmp/err")"
  [ "$(cat "$tmp/keep.yaml")" = "previous content" ] || fail "output file changed on error: $*"
  ! ls "$tmp"/keep.yaml.tmp.* >/dev/null 2>&1 || fail "temp file left behind: $*"
}
expect_2 "bad_not_yaml.yaml:[0-9]+:[0-9]+: not YAML or JSON" "$bin" import sam "$fx/bad_not_yaml.yaml"
expect_2 "bad_unknown_type.yaml:8:11: .*unknown resource type 'AWS::Serverless::Functon'" \
  "$bin" import sam "$fx/bad_unknown_type.yaml"
expect_2 "bad_cw_empty.json:3:[0-9]+: Datapoints: no datapoints" \
  "$bin" import cloudwatch --function f --invocations "$fx/bad_cw_empty.json"
expect_2 "bad_cw_mixed.json:6:[0-9]+: mixed periods" \
  "$bin" import cloudwatch --function f --invocations "$fx/bad_cw_mixed.json"
expect_2 "--rate: 'Nope=5': no traffic entry or function 'Nope'" \
  "$bin" import sam "$fx/sam_template.yaml" --rate Nope=5
expect_2 "tf_plan.json:[0-9]+:[0-9]+: no Resources" "$bin" import sam "$fx/tf_plan.json"
# A module that holds itself through an alias: an error at the list, not a stack overflow.
expect_2 "bad_tf_cyclic_module.yaml:7:20: planned_values.root_module.child_modules\[0\]: the module at .*bad_tf_cyclic_module.yaml:4:16 again" \
  "$bin" import terraform "$fx/bad_tf_cyclic_module.yaml"
# The size limit (import::kMaxInputBytes, 64 MiB) for every input file: one byte more is
# refused before parsing; a file of exactly the limit is read (and refused for its NUL bytes).
truncate -s $((64 * 1024 * 1024 + 1)) "$tmp/big.json"
expect_2 "big.json: is 67108865 bytes; Terraform plans are limited to 64 MiB" "$bin" import terraform "$tmp/big.json"
expect_2 "big.json: is 67108865 bytes; CloudWatch metrics files are limited to 64 MiB" \
  "$bin" import cloudwatch --function f --invocations "$fx/cw_invocations.json" --duration "$tmp/big.json"
truncate -s $((64 * 1024 * 1024)) "$tmp/big.json"
expect_2 "big.json:1:1: this is a binary file" "$bin" import sam "$tmp/big.json"
rm -f "$tmp/big.json"
[ ! -e "$tmp/keep.yaml.observed.csv" ] || fail "observed CSV written on error"
echo "import_cli_test: ok"
