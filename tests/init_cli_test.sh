#!/usr/bin/env bash
# `lambdasim init` and per-command help (issue 15 item 8): the starter validates and runs, is
# never written over an existing file without --force, and every command's --help ends with
# real examples. Usage: bash init_cli_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
set -u
B="$1"; SRC="$2"; TMP="$3"
rm -rf "$TMP"; mkdir -p "$TMP"
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }

cd "$TMP"
"$B" init > init.out 2>&1; rc=$?
check "init exits 0" '[ $rc -eq 0 ]'
check "default file scenario.yaml" '[ -f scenario.yaml ]'
check "says how to run it" 'grep -q "lambdasim run scenario.yaml" init.out'
check "commented" '[ "$(grep -c "#" scenario.yaml)" -ge 15 ]'
check "name from the file" 'grep -q "^name: scenario$" scenario.yaml'
"$B" validate scenario.yaml > /dev/null 2>&1
check "starter validates" '[ $? -eq 0 ]'
"$B" run scenario.yaml --out run --quiet > run.out 2>&1; rc=$?
check "starter runs" '[ $rc -eq 0 ] && [ -f run/summary.json ]'
check "starter has a warm-up" 'grep -q "\"warmup_seconds\": 120" run/manifest.json'
# Not over an existing file without --force; the file is left as it was.
echo "mine" > taken.yaml
"$B" init taken.yaml > /dev/null 2>err.txt; rc=$?
check "refuses an existing file (exit 4)" '[ $rc -eq 4 ] && grep -q -- "--force" err.txt'
check "existing file untouched" '[ "$(cat taken.yaml)" = "mine" ]'
"$B" init taken.yaml --force > /dev/null 2>&1
check "--force replaces it" 'grep -q "^name: taken$" taken.yaml'
check "no temporary left" '[ -z "$(ls | grep "\.tmp\.")" ]'
"$B" init "flash sale.yaml" > /dev/null 2>&1
check "name sanitised" 'grep -q "^name: flash-sale$" "flash sale.yaml" && "$B" validate "flash sale.yaml" > /dev/null 2>&1'
"$B" init missing-dir/x.yaml > /dev/null 2>&1; rc=$?
check "unwritable path: exit 4, nothing written" '[ $rc -eq 4 ] && [ ! -e missing-dir ]'

# Every command's help ends with examples that name the command.
for cmd in run validate sweep merge check diff size schema init "import sam" "import terraform" "import cloudwatch"; do
  out=$("$B" $cmd --help 2>&1)
  check "help $cmd has examples" 'grep -q "^Example" <<<"$out" && grep -q "lambdasim ${cmd%% *}" <<<"$(sed -n "/^Example/,\$p" <<<"$out")"'
done
# The examples' scenario files exist in the repository.
for f in scenarios/quickstart.yaml scenarios/flash_sale.yaml sweeps/quickstart_reserved.yaml; do
  check "example file $f exists" '[ -f "$SRC/$f" ]'
done

exit $fail
