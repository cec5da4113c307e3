#!/usr/bin/env bash
# tests/regression/yaml_node_limit_test.sh — guards issue 16, item 5 at the YAML parser: a
# 16 MiB scenario whose `expect:` is a flow sequence of 8 M items needed more than 4 GB in
# `validate` (yaml-cpp builds a node per item before any walk can count them) and ended in
# bad_alloc (exit 3). Now a bounded event pass (PreScanYaml, models/load/yaml_prescan.cc)
# counts nodes before any tree is built and refuses more than 1 000 000 with exit 2 and
# file:line:col.
# Usage (from CTest): bash yaml_node_limit_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
/usr/bin/python3 - "$tmp/flood.yaml" <<'PY'
import sys
head = "name: flood\nfunctions:\n  api: { duration: 100ms }\ntraffic:\n  - { function: api, rate: 1 }\nexpect: ["
budget = 16 * 1024 * 1024 - len(head) - 2
items = budget // 2  # "1," per item: about 8 M
with open(sys.argv[1], "w") as f:
    f.write(head + "1," * (items - 1) + "1]\n")
PY
set +e; timeout -k 2 120 "$bin" validate "$tmp/flood.yaml" >/dev/null 2>"$tmp/err"; rc=$?; set -e
[ "$rc" = 2 ] || fail "validate of an 8 M-item flow sequence: exit $rc, want 2: $(head -c 400 "$tmp/err")"
grep -q "flood.yaml:6:[0-9]*: more than 1000000 YAML nodes" "$tmp/err" ||
  fail "no file:line:col 'more than 1000000 YAML nodes': $(head -c 400 "$tmp/err")"
echo "yaml_node_limit_test: $(head -n1 "$tmp/err")"
echo "yaml_node_limit_test: ok"
