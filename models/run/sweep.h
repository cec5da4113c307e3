// models/run/sweep.h — many runs of one scenario: variants × replications.
//
// A sweep file (YAML, read by models/sweep_loader.cc) names a base scenario and `vary:`
// paths with value lists; each variant is the base scenario plus `--set`-style Overrides,
// validated exactly like `--set` (an invalid value is reported at its position in the sweep
// file). Runs are enumerated deterministically:
//
//   run = variant * replications + replication      (replication fastest)
//   grid: variant enumerates the Cartesian product, first `vary` key slowest
//   zip:  variant i takes the i-th value of every key (all lists have the same length)
//
// Replication k of every variant uses the same root seed and replication index k in every
// named random stream (common random numbers across variants).
//
// Invariants:
//  * A run's CSV row is a pure function of (sweep, run index): the same bytes whichever
//    thread, shard or MPI rank computes it. runs.csv is the rows in run order; points.csv
//    is computed from the *text* of those rows (ParseRunsCsv → RenderPointsCsv), so serial,
//    threaded, sharded-and-merged and MPI sweeps give byte-identical files.
//  * Nothing here writes files except WriteSweepOutputs (through WriteFileAtomic).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/load/scenario_loader.h"
#include "models/load/sweep_loader.h"
#include "models/run/runner.h"
#include "models/spec/scenario_spec.h"
#include "models/spec/sweep_spec.h"

namespace lambdasim {

// --- enumeration -----------------------------------------------------------------------
size_t VariantCount(const SweepSpec& s);
size_t RunCount(const SweepSpec& s);
struct RunId {
  size_t run = 0;
  size_t variant = 0;
  uint64_t replication = 0;
};
RunId RunAt(const SweepSpec& s, size_t run);
// Index into vary[a].values for each axis a.
std::vector<size_t> VariantValueIndices(const SweepSpec& s, size_t variant);
std::vector<Override> VariantOverrides(const SweepSpec& s, size_t variant);

// --- statistics ------------------------------------------------------------------------
struct MeanCi {
  size_t n = 0;
  double mean = 0;
  double sd = 0;       // sample standard deviation (n - 1); NaN when n < 2
  double ci95_lo = 0;  // mean ∓ t_{0.975, n-1} · sd / √n; NaN when n < 2
  double ci95_hi = 0;
};
MeanCi ComputeMeanCi(const std::vector<double>& xs);

// --- plan and runs ---------------------------------------------------------------------
struct SweepPlan {
  SweepSpec sweep;
  std::vector<ScenarioSpec> variants;       // base + overrides (+ seed), replication 0
  std::vector<std::string> metric_columns;  // functions.<f>.<key>…, account.<key>… (or `metrics:`)
  std::vector<size_t> metric_source;        // index of each column in the full flat list
  std::string sweep_hash;  // 16 hex digits: sweep text + every variant's scenario hash
  size_t runs = 0;
};

// Loads every variant (all problems at once, at sweep-file positions) and fixes the columns.
SweepPlan PrepareSweep(SweepSpec sweep);

// Every flat summary metric name for these functions (and Step Functions Map entries, by
// MapEntryLabels), in summary.json order: functions.<f>.<key>…, account.<key>…,
// maps.<label>.<key>….
std::vector<std::string> FlatMetricNames(const std::vector<std::string>& function_names,
                                         const std::vector<std::string>& map_labels = {});
// The same values, as doubles, in the same order.
std::vector<double> FlatMetricValues(const RunResult& result);

std::string RunsCsvHeader(const SweepPlan& plan);
// One runs.csv line (without the newline). Throws std::runtime_error on a failed run.
std::string RunSweepRow(const SweepPlan& plan, size_t run, const RunOptions& options = {});

struct SweepRunOptions {
  unsigned jobs = 1;
  const std::atomic<bool>* interrupt = nullptr;
  // Called from the calling thread about every 0.2 s and at the end.
  std::function<void(size_t done, size_t total)> on_progress;
};
// Runs `runs` (indices) with `jobs` threads; result[i] is the row of runs[i]. Rows of runs
// that did not finish (interrupt) are empty. Throws the first run's error, if any.
std::vector<std::string> RunSweepRows(const SweepPlan& plan, const std::vector<size_t>& runs,
                                      const SweepRunOptions& options);

// --- files -----------------------------------------------------------------------------
struct RunsTable {
  std::vector<std::string> header;
  size_t vary_columns = 0;  // columns after run,variant,replication that hold varied values
  std::vector<std::vector<std::string>> rows;
};
// Splits CSV text (RFC 4180 quoting). Throws std::runtime_error on malformed input.
std::vector<std::vector<std::string>> ParseCsv(std::string_view text);
std::string RenderRunsCsv(const std::string& header, const std::vector<std::string>& rows);
// One row per variant: variant, varied values, n, then <m>_mean,<m>_sd,<m>_ci95_lo,<m>_ci95_hi
// for every metric column (event_fingerprint excluded). Rows must be in run order.
std::string RenderPointsCsv(const RunsTable& table);

// sweep.json (whole sweep) / shard.json (part of one): what merge needs to check. Holds no
// wall time, so a merged sweep's sweep.json is byte-identical to the serial one too.
struct SweepManifestInfo {
  std::string sweep_file;
  std::string scenario_file;
  std::string sweep_hash;
  std::string version;
  size_t total_runs = 0;
  size_t variants = 0;
  uint64_t replications = 0;
  size_t vary_columns = 0;
  std::vector<size_t> runs;  // shard.json, or an incomplete sweep.json: the runs it holds
  // false: interrupted (SIGINT/SIGTERM); runs.csv holds only `runs`, no points.csv.
  bool complete = true;
  std::string runs_csv_fnv1a64;  // 16 hex digits of runs.csv's bytes (set by the writer)
};
SweepManifestInfo ManifestInfoOf(const SweepPlan& plan);
std::string RenderSweepManifest(const SweepManifestInfo& info, bool shard);
// Reads our own manifest format; throws std::runtime_error.
SweepManifestInfo ParseSweepManifest(std::string_view text, bool shard);

// Writes runs.csv, points.csv (whole, complete sweep only) and sweep.json / shard.json
// (last, with runs.csv's checksum) into dir; the old manifest is removed first, so a failure
// midway leaves no manifest that vouches for the new files. `rows` are the runs.csv lines of
// info.runs (a shard or an incomplete sweep) or of every run in order.
void WriteSweepOutputs(const SweepManifestInfo& info, const std::string& header,
                       const std::vector<std::string>& rows, const std::string& dir, bool shard);

// Joins shard directories into a complete sweep in out_dir. Throws std::runtime_error
// (incomplete, interrupted, overlapping or inconsistent shards; a runs.csv whose bytes do
// not match the checksum in its shard.json; out_dir naming one of the shards).
void MergeSweepShards(const std::vector<std::string>& dirs, const std::string& out_dir);

}  // namespace lambdasim
