#!/usr/bin/env bash
# tests/schema_test.sh — `lambdasim schema` prints a JSON Schema (draft 2020-12) that every
# shipped scenario (scenarios/*.yaml, YAML → JSON with python3-yaml) validates against with
# Debian's python3-jsonschema, and that rejects a misspelt key, unitless durations, a wrong
# enum value and two traffic shapes in one entry (the loader rejects them too); `schema --check-readme` passes on scenarios/README.md.
# Compound durations (1h30m, 1s500ms, and as a rate's period): the schema's pattern and the
# loader accept and reject exactly the same strings.
# Usage (from CTest): bash schema_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
set -euo pipefail
bin="${1:?usage: schema_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR}"
src="${2:?missing SOURCE_DIR}"
tmp="${3:?missing TMPDIR}"
fail() { echo "schema_test: FAIL: $*" >&2; exit 1; }
rm -rf "$tmp"; mkdir -p "$tmp"

"$bin" schema >"$tmp/schema.json" || fail "lambdasim schema exited $?"
"$bin" schema --check-readme "$src/scenarios/README.md" ||
  fail "scenarios/README.md key tables are stale: run lambdasim schema --update-readme scenarios/README.md"

python3 -c 'import jsonschema, yaml' 2>/dev/null ||
  fail "python3-jsonschema and python3-yaml are needed (apt-get install python3-jsonschema python3-yaml)"

cat >"$tmp/misspelt.yaml" <<'YAML'
functions:
  api:
    memroy_mb: 512
    duration: 100ms
traffic:
  - function: api
    rate: 10
YAML
cat >"$tmp/unitless.yaml" <<'YAML'
functions:
  api:
    timeout: 30
    duration: 100ms
traffic:
  - function: api
    rate: 10
YAML
cat >"$tmp/unitless_dist.yaml" <<'YAML'
functions:
  api:
    duration: { dist: exponential, mean: 120 }
traffic:
  - function: api
    rate: 10
YAML
cat >"$tmp/bad_enum.yaml" <<'YAML'
functions:
  api:
    duration: 100ms
    environment_reuse: newest
traffic:
  - function: api
    rate: 10
YAML
cat >"$tmp/two_shapes.yaml" <<'YAML'
functions:
  api:
    duration: 100ms
traffic:
  - function: api
    rate: 10
    diurnal: { mean: 10, amplitude: 5 }
YAML

python3 - "$tmp/schema.json" "$src" "$tmp" <<'PY'
import glob, json, sys
import jsonschema, yaml

schema_path, src, tmp = sys.argv[1:4]
schema = json.load(open(schema_path))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

def load(path):
    # The loader reads every scalar itself (YAML 1.2 booleans, no implicit timestamps); for
    # the JSON view, keep scalars that PyYAML would turn into dates as strings.
    class Loader(yaml.SafeLoader):
        pass
    Loader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    with open(path) as f:
        return yaml.load(f, Loader=Loader)

failed = 0
shipped = sorted(glob.glob(src + "/scenarios/*.yaml"))
if not shipped:
    print("schema_test: no scenarios found", file=sys.stderr)
    sys.exit(1)
for path in shipped:
    errors = sorted(validator.iter_errors(load(path)), key=lambda e: list(e.path))
    for e in errors:
        failed += 1
        print(f"schema_test: FAIL: {path}: {'/'.join(map(str, e.path))}: {e.message}",
              file=sys.stderr)
for name, what in [("misspelt", "memroy_mb"), ("unitless", "timeout"),
                   ("unitless_dist", "mean"), ("bad_enum", "environment_reuse"),
                   ("two_shapes", "rate and diurnal")]:
    errors = list(validator.iter_errors(load(f"{tmp}/{name}.yaml")))
    if not errors:
        failed += 1
        print(f"schema_test: FAIL: {name}.yaml validates but must not ({what})", file=sys.stderr)
print(f"schema_test: {len(shipped)} shipped scenarios checked, 5 bad files rejected")
sys.exit(1 if failed else 0)
PY
# The loader agrees on the bad files.
for f in misspelt unitless unitless_dist bad_enum two_shapes; do
  set +e; "$bin" validate "$tmp/$f.yaml" >/dev/null 2>&1; rc=$?; set -e
  [ "$rc" = 2 ] || fail "lambdasim validate $f.yaml exited $rc, expected 2"
done
# Durations: the schema pattern and the loader agree on each string, accepted or not.
good_durs=("1h30m" "1m30s" "1s500ms" "2h12m" "1h 30m" "1min30s" "1.5s" "10 ms" "0h0m0s" "1ms500µs")
bad_durs=("1m1h" "1s1s" "1.5m30s" "1m1.5s" "1m1min" "1h30" "30s1m" "1h,30m")
agree=0
check_dur() {  # $1 string, $2 expected loader status (0 or 2)
  printf 'functions:\n  api:\n    keep_alive: "%s"\n    duration: 100ms\ntraffic:\n  - function: api\n    rate: 500/1m30s\n' \
    "$1" >"$tmp/dur.yaml"
  set +e; "$bin" validate "$tmp/dur.yaml" >"$tmp/dur.out" 2>&1; rc=$?; set -e
  [ "$rc" = "$2" ] || { cat "$tmp/dur.out" >&2; fail "loader: keep_alive '$1' exited $rc, expected $2"; }
  python3 - "$tmp/schema.json" "$tmp/dur.yaml" "$2" <<'PY2' || fail "schema disagrees with the loader on '$1'"
import json, sys, jsonschema, yaml
schema = json.load(open(sys.argv[1]))
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(yaml.safe_load(open(sys.argv[2]))))
want_valid = sys.argv[3] == "0"
if want_valid != (not errors):
    print("schema:", [e.message for e in errors] or "valid", file=sys.stderr)
    sys.exit(1)
PY2
  agree=$((agree + 1))
}
for d in "${good_durs[@]}"; do check_dur "$d" 0; done
for d in "${bad_durs[@]}"; do check_dur "$d" 2; done
echo "schema_test: $agree duration strings: schema and loader agree"
echo "schema_test: OK"
