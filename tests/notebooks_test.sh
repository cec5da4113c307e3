#!/usr/bin/env bash
# tests/notebooks_test.sh — every notebooks/*.ipynb is committed without outputs and runs
# headless to the end (a failing cell fails the test); each executed notebook shows its
# figures inline: it holds at least as many image/png outputs as it has plt.show() calls, and
# at least one (issue 16: the figures used to go to Agg-only files in a temporary folder). The notebooks run the lambdasim
# binary under test ($LAMBDASIM_BINARY) and read its outputs through notebooks/lambdasim_io.py.
# Usage (from CTest): bash notebooks_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR
set -euo pipefail
bin="${1:?usage: notebooks_test.sh LAMBDASIM_BINARY SOURCE_DIR TMPDIR}"
src="${2:?missing SOURCE_DIR}"
tmp="${3:?missing TMPDIR}"
fail() { echo "notebooks_test: FAIL: $*" >&2; exit 1; }
command -v jupyter >/dev/null 2>&1 ||
  fail "jupyter not found (the Makefile installs jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib)"
rm -rf "$tmp"; mkdir -p "$tmp"
export LAMBDASIM_BINARY="$(readlink -f "$bin")"
export PYDEVD_DISABLE_FILE_VALIDATION=1
unset MPLBACKEND  # the notebooks select the inline backend themselves

shopt -s nullglob
notebooks=("$src"/notebooks/*.ipynb)
[ ${#notebooks[@]} -ge 3 ] || fail "expected at least 3 notebooks in $src/notebooks, found ${#notebooks[@]}"
# Committed without outputs or execution counts.
/usr/bin/python3 - "${notebooks[@]}" <<'PY' || fail "notebooks must be committed without outputs (strip them: jupyter nbconvert --clear-output --inplace notebooks/*.ipynb)"
import json, sys
bad = []
for path in sys.argv[1:]:
    nb = json.load(open(path))
    for i, c in enumerate(nb["cells"]):
        if c.get("cell_type") == "code" and (c.get("outputs") or c.get("execution_count") is not None):
            bad.append(f"{path}: cell {i} has outputs")
for b in bad:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
status=0
for nb in "${notebooks[@]}"; do
  name="$(basename "$nb" .ipynb)"
  start=$(date +%s)
  if jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
      --ExecutePreprocessor.kernel_name=python3 --output-dir "$tmp" "$nb" >"$tmp/$name.log" 2>&1; then
    if /usr/bin/python3 - "$nb" "$tmp/$name.ipynb" <<'PY'; then
import json, sys
source, executed = sys.argv[1:]
shows = sum("".join(c["source"]).count("plt.show()") for c in json.load(open(source))["cells"]
            if c["cell_type"] == "code")
images = sum(1 for c in json.load(open(executed))["cells"] if c["cell_type"] == "code"
             for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
if images < max(shows, 1):
    print(f"{executed}: {images} inline image/png outputs, want at least {max(shows, 1)}",
          file=sys.stderr)
    sys.exit(1)
print(f"{images} inline figure(s)", end="; ")
PY
      echo "notebooks_test: $name ok ($(( $(date +%s) - start )) s)"
    else
      echo "notebooks_test: FAIL: $name shows no inline figure (display it in the cell)" >&2
      status=1
    fi
  else
    tail -40 "$tmp/$name.log" >&2
    echo "notebooks_test: FAIL: $name (log: $tmp/$name.log)" >&2
    status=1
  fi
done
exit $status
