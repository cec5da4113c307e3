#!/usr/bin/env bash
# tests/fuzz/run_fuzz.sh BUILD_DIR SECONDS_PER_TARGET [extra libFuzzer flags...]
# Runs every libFuzzer target built by -DLAMBDASIM_FUZZ=ON for SECONDS each. New inputs go
# to BUILD_DIR/corpus/<target>/ (kept between runs); seeds are read from scenarios/*.yaml and
# tests/fuzz/corpus/<kind>/. A crash leaves BUILD_DIR/artifacts/<target>/crash-* and fails.
# `make fuzz-smoke` runs it with a short budget; a long campaign:
#   bash tests/fuzz/run_fuzz.sh build-fuzz 200 -print_final_stats=1
# FUZZ_TARGETS="a b" limits the run to those targets (the campaign of record ran two lanes,
# one per core; README "Fuzzing"). Flags given after SECONDS override the defaults below.
set -euo pipefail
build="${1:?usage: run_fuzz.sh BUILD_DIR SECONDS [libFuzzer flags]}"
seconds="${2:?missing SECONDS}"
shift 2
src="$(cd "$(dirname "$0")/../.." && pwd)"
status=0
all_targets="scenario_loader_fuzz trace_reader_fuzz_azure2019 trace_reader_fuzz_azure2021 trace_reader_fuzz_csv"
for target in ${FUZZ_TARGETS:-$all_targets}; do
  bin="$build/$target"
  [ -x "$bin" ] || { echo "run_fuzz: $bin not built" >&2; exit 1; }
  # -max_len: about 3x the largest meaningful input. Scenarios are at most 1.3 KB and every loader
  # hazard (depth limit, alias bombs) fits in 1.2 KB; csv/azure-2021 rows are short. An
  # azure-2019 file needs a 6 KB header and 3 KB per row. Larger limits only let the corpus
  # drift toward slow, long inputs.
  case $target in
    scenario_loader_fuzz) seeds=("$src/tests/fuzz/corpus/scenario" "$src/scenarios"); maxlen=4096 ;;
    trace_reader_fuzz_azure2019) seeds=("$src/tests/fuzz/corpus/azure2019"); maxlen=16384 ;;
    *) seeds=("$src/tests/fuzz/corpus/${target#trace_reader_fuzz_}"); maxlen=4096 ;;
  esac
  corpus="$build/corpus/$target"
  artifacts="$build/artifacts/$target/"
  mkdir -p "$corpus" "$artifacts"
  echo "== $target: ${seconds}s"
  # -rss_limit_mb: the sanitizers' shadow memory plus the loader's 16 MiB file cap fit in 2 GiB.
  if ! "$bin" "$corpus" "${seeds[@]}" -max_total_time="$seconds" -max_len=$maxlen -timeout=10 \
      -rss_limit_mb=2048 -artifact_prefix="$artifacts" -print_final_stats=1 "$@" \
      >"$build/$target.log" 2>&1; then
    echo "run_fuzz: $target FAILED; see $build/$target.log and $artifacts" >&2
    grep -E "ERROR|SUMMARY|Test unit written" "$build/$target.log" | head -20 >&2 || true
    status=1
  fi
  grep -E "^#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb" "$build/$target.log" || true
done
exit $status
