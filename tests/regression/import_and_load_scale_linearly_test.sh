#!/usr/bin/env bash
# tests/regression/import_and_load_scale_linearly_test.sh — guards the order of growth of
# loading a scenario and importing a Terraform plan with many functions (session 11 of issue
# 17). Each traffic entry used to copy every function's name to find its own (loading 40 000
# functions with an entry each: 35 s of CPU), and each provisioned-concurrency or mapping
# resource of a plan scanned every function and every resource, and a repeated name searched
# its suffixes from -2 each time (16 000 functions with a queue and a mapping each: 50–170 s).
# Both are now linear (2.4 s and 2.5 s in Release on the 2-core VM). The CPU budgets below are
# 6–8 times the linear cost and several times under the quadratic one: they guard the order of
# growth, not a speed figure. Labelled slow: the sanitizer pass skips it.
# Usage (from CTest): bash import_and_load_scale_linearly_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

# within SECONDS CMD...: CMD succeeds within SECONDS of CPU time (SIGXCPU past it).
within() {
  local budget=$1; shift
  set +e
  (ulimit -t "$budget"; exec "$@") >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  set -e
  [ "$rc" -ne 152 ] && [ "$rc" -ne 137 ] || fail "$*: more than $budget s of CPU (exit $rc)"
  [ "$rc" = 0 ] || fail "$*: exit $rc: $(head -c 600 "$tmp/err")"
}

# 40 000 functions, a traffic entry each.
awk 'BEGIN {
  n = 40000
  print "name: many-functions"; print "duration: 1s"; print "functions:"
  for (i = 0; i < n; i++) printf "  fn%d:\n    duration: { dist: exponential, mean: 100ms }\n", i
  print "traffic:"
  for (i = 0; i < n; i++) printf "  - { function: fn%d, rate: 1 }\n", i
}' >"$tmp/many.yaml"
within 15 "$bin" validate "$tmp/many.yaml"
grep -q "40000 functions, 40000 traffic sources" "$tmp/out" ||
  fail "validate: unexpected report: $(head -c 300 "$tmp/out")"

# A plan of 12 000 functions, each with an SQS queue and a mapping; `same`: every function is
# named alike (the importer renames them f, f-2, …, f-12000).
plan() {  # plan N same|distinct
  awk -v n="$1" -v mode="$2" 'BEGIN {
    printf "{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{\"resources\":["
    for (i = 0; i < n; i++) {
      name = mode == "same" ? "f" : "f" i
      if (i > 0) printf ","
      printf "{\"address\":\"aws_lambda_function.f%d\",\"mode\":\"managed\",\"type\":\"aws_lambda_function\",\"name\":\"f%d\",\"values\":{\"function_name\":\"%s\",\"memory_size\":512,\"timeout\":30}},", i, i, name
      printf "{\"address\":\"aws_sqs_queue.q%d\",\"mode\":\"managed\",\"type\":\"aws_sqs_queue\",\"name\":\"q%d\",\"values\":{\"name\":\"q%d\",\"visibility_timeout_seconds\":60}},", i, i, i
      printf "{\"address\":\"aws_lambda_event_source_mapping.m%d\",\"mode\":\"managed\",\"type\":\"aws_lambda_event_source_mapping\",\"name\":\"m%d\",\"values\":{\"function_name\":\"%s\",\"event_source_arn\":\"arn:aws:sqs:us-east-1:123456789012:q%d\",\"batch_size\":10}}", i, i, name, i
    }
    print "]}}}"
  }'
}
# Run in $tmp with relative names: the scenario cites the plan's file name on every entry, and
# 12 000 entries stay under the 16 MiB scenario limit only with a short one.
bin="$(realpath "$bin")"
cd "$tmp"
plan 12000 distinct >"$tmp/plan.json"
within 15 "$bin" import terraform plan.json --out plan.yaml
[ "$(grep -c "^  - function: " "$tmp/plan.yaml")" = 12000 ] ||
  fail "import: want 12000 traffic entries: $(grep -c "^  - function: " "$tmp/plan.yaml")"
grep -q "visibility_timeout: 60s" "$tmp/plan.yaml" || fail "import: the queues' visibility timeout is lost"
plan 12000 same >"$tmp/same.json"
within 15 "$bin" import terraform same.json --out same.yaml
grep -q "^  f-12000:" "$tmp/same.yaml" || fail "import: the 12 000th 'f' should be renamed f-12000"
echo "import_and_load_scale_linearly_test: ok"
