#!/usr/bin/env bash
# `lambdasim size` end to end: the seed deck's examples, --simulate columns, SLO sizing on an
# Erlang B case, exit codes. Usage: bash size_cli_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
set -u
B="$1"; SRC="$2"; TMP="$3"
mkdir -p "$TMP"
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }

# 1. Seed deck: 10 000 RPS × 1000/500/100 ms → 10 000/5 000/1 000 (text and JSON).
for pair in 1000:10000 500:5000 100:1000; do
  ms=${pair%%:*}; want=${pair##*:}
  out=$("$B" size --rps 10000 --duration ${ms}ms)
  check "text ${ms}ms → ${want}" 'grep -q "concurrency (Little) *${want} at mean, ${want} at peak" <<<"$out"'
  json=$("$B" size --rps 10000 --duration ${ms}ms --json)
  got=$(/usr/bin/python3 -c 'import json,sys; print(round(json.load(sys.stdin)["functions"][0]["concurrency_mean"], 9))' <<<"$json")
  check "json ${ms}ms → ${want}" '[ "$got" = "${want}.0" ] || [ "$got" = "$want" ]'
done
# 10 000 concurrency from cold under aws-2023: (10000 − 1000)/100 = 90 s.
out=$("$B" size --rps 10000 --duration 1000ms --account-limit 20000)
check "ramp 90 s" 'grep -q "scaling from cold *1m30s\|scaling from cold *90" <<<"$out"'
# RPS limit: 20 000 RPS × 50 ms needs quota 2000.
out=$("$B" size --rps 20000 --duration 50ms)
check "rps limit exceeded" 'grep -q "EXCEEDED" <<<"$out" && grep -q "account limit needed *2000" <<<"$out"'

# 2. --simulate prints both columns.
out=$("$B" size --rps 200 --duration 100ms --reserved 25 --simulate -q)
check "--simulate columns" 'grep -q "analytic *simulated" <<<"$out" && grep -Eq "throttle rate +[0-9.e-]+ +[0-9.e-]+" <<<"$out"'

# 3. SLO sizing on an Erlang B case: λ = 50/s, E[S] = 1 s (exponential), no init time,
#    throttle_rate <= 0.05 → the smallest c with B(c, 50) ≤ 0.05 (56: B = 0.0458, B(55) = 0.0537).
cat > "$TMP/erlang.yaml" <<'YAML'
# Erlang B sizing case for size_cli_test.sh.
name: erlang
duration: 3000s
seed: 7
bucket: 3000s
account: { concurrency_limit: 1000 }
functions:
  api:
    timeout: 900s
    reserved_concurrency: 100
    duration: { dist: exponential, mean: 1s }
    init_duration: { dist: constant, value: 0s }
traffic:
  - function: api
    rate: 50
YAML
want=$(/usr/bin/python3 -c '
b, c = 1.0, 0
while b > 0.05:
    c += 1; b = 50.0 * b / (c + 50.0 * b)
print(c)')
out=$("$B" size "$TMP/erlang.yaml" --for functions.api.reserved_concurrency --slo 'throttle_rate <= 0.05' --lo 30 --hi 80 -q)
echo "$out" | sed 's/^/     /'
check "SLO answer = Erlang B $want" 'grep -q "^answer: functions.api.reserved_concurrency = $want " <<<"$out"'
check "analytic estimate printed" 'grep -q "Erlang B c for throttle_rate <= 0.05 = $want" <<<"$out"'

# 4. Exit codes: bad scenario → 2 with file:line:col; bad flags → 1.
printf 'name: bad\nfunctions:\n  api:\n    duration: 10\ntraffic:\n  - function: api\n    rate: 5\n' > "$TMP/bad.yaml"
"$B" size "$TMP/bad.yaml" >/dev/null 2>"$TMP/err.txt"; rc=$?
check "bad scenario → 2" '[ $rc -eq 2 ] && grep -q "bad.yaml:[0-9]*:[0-9]*:" "$TMP/err.txt"'
"$B" size --rps 100 >/dev/null 2>&1; rc=$?
check "missing --duration → 1" '[ $rc -eq 1 ]'
"$B" size --rps 100 --duration 5 >/dev/null 2>&1; rc=$?
check "duration without unit → 1" '[ $rc -eq 1 ]'
"$B" size --rps 100 --duration 1s --bogus >/dev/null 2>&1; rc=$?
check "unknown flag → 1" '[ $rc -eq 1 ]'
"$B" size "$TMP/erlang.yaml" --for functions.api.reserved_concurrency --slo 'throttle_rat <= 0.05' >/dev/null 2>&1; rc=$?
check "unknown SLO metric → 1" '[ $rc -eq 1 ]'
"$B" size "$TMP/erlang.yaml" --for functions.api.reserved_concurrency --slo 'throttle_rate = 0.05' >/dev/null 2>&1; rc=$?
check "bad SLO operator → 1" '[ $rc -eq 1 ]'
exit $fail
