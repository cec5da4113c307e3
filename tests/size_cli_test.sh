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

# 3b. The knob cannot move the throttles: 3 000 RPS of 1 s from cold needs 3 000 environments,
#     the scaling bucket gives 1 000 at once + 100/s, so ~(2000²/2)/100 = 20 000 requests are
#     throttled by the scaling rate whatever the reservation → a clear message, exit 99.
cat > "$TMP/scaling.yaml" <<'YAML'
# Scaling-rate throttles that reserved concurrency cannot move (size_cli_test.sh).
name: scaling
duration: 60s
seed: 3
bucket: 60s
account: { concurrency_limit: 5000 }
functions:
  api:
    timeout: 900s
    reserved_concurrency: 3500
    duration: { dist: constant, value: 1s }
    init_duration: { dist: constant, value: 0s }
traffic:
  - function: api
    rate: 3000
YAML
out=$("$B" size "$TMP/scaling.yaml" --for functions.api.reserved_concurrency --slo 'throttle_rate <= 0.0001' -q); rc=$?
echo "$out" | sed 's/^/     /'
check "scaling-rate throttles named" 'grep -q "scaling_rate [0-9]* (100 %)" <<<"$out"'
check "knob cannot move them → 99" '[ $rc -eq 99 ] && grep -q "^cannot meet .*Provisioned concurrency" <<<"$out"'
# 3c. The search is capped at what the account allows: 1000 − 100 = 900 for api.
out=$("$B" size "$TMP/erlang.yaml" --for functions.api.reserved_concurrency --slo 'throttle_rate <= 0.05' --lo 40 --replications 3 -q)
check "search capped at 900" 'grep -q "^searching up to 900 (account limit 1000" <<<"$out"'
# 3d. --peak-rps with --simulate simulates the peak: 1 000 RPS × 100 ms = 100 busy on average.
out=$("$B" size --rps 100 --peak-rps 1000 --duration 100ms --simulate -q)
sim_mean=$(sed -n 's/^ *concurrency mean *[0-9.]* *\([0-9.]*\)$/\1/p' <<<"$out")
check "--peak-rps --simulate runs the peak ($sim_mean)" 'grep -q "at 1000 rps" <<<"$out" && /usr/bin/python3 -c "import sys; sys.exit(0 if abs(float(\"$sim_mean\") - 100) < 5 else 1)"'
# 3e. The options table has its four rows.
out=$("$B" size "$TMP/erlang.yaml" --set duration=300s --set bucket=60s --set functions.api.reserved_concurrency=60 --options -q)
for row in "on-demand" "reserved" "provisioned " "provisioned scheduled"; do
  check "options row '$row'" 'grep -q "^  $row" <<<"$out"'
done
check "binding limit: reservation (50 + noise 3.4 × √50 ≈ 74 > 60)" 'grep -q "binding limit *reservation" <<<"$out"'

# 4. Exit codes: bad scenario → 2 with file:line:col; bad flags → 1.
printf 'name: bad\nfunctions:\n  api:\n    duration: 10\ntraffic:\n  - function: api\n    rate: 5\n' > "$TMP/bad.yaml"
"$B" size "$TMP/bad.yaml" >/dev/null 2>"$TMP/err.txt"; rc=$?
check "bad scenario → 2" '[ $rc -eq 2 ] && grep -q "bad.yaml:[0-9]*:[0-9]*:" "$TMP/err.txt"'
"$B" size --rps 100 >/dev/null 2>&1; rc=$?
check "missing --duration → 1" '[ $rc -eq 1 ]'
"$B" size --rps 100 --duration 5 >/dev/null 2>&1; rc=$?
check "duration without unit → 2 (the scenario rule, like --set)" '[ $rc -eq 2 ]'
"$B" size --rps 100 --duration 1s --bogus >/dev/null 2>&1; rc=$?
check "unknown flag → 1" '[ $rc -eq 1 ]'
"$B" size "$TMP/erlang.yaml" --for functions.api.reserved_concurrency --slo 'throttle_rat <= 0.05' >/dev/null 2>&1; rc=$?
check "unknown SLO metric → 1" '[ $rc -eq 1 ]'
"$B" size "$TMP/erlang.yaml" --for functions.api.reserved_concurrency --slo 'throttle_rate = 0.05' >/dev/null 2>&1; rc=$?
check "bad SLO operator → 1" '[ $rc -eq 1 ]'
exit $fail
