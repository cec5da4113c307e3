// models/analysis/run_inputs.h — what `lambdasim diff` compares: one side's runs, read from
// whatever lambdasim wrote, grouped into sets of replications.
//
// A path is one of:
//   - a run directory (summary.json + manifest.json)       → one group, one run;
//   - a summary.json file                                   → one group, one run (its
//     directory's manifest.json is checked when present; a lone copied baseline has none);
//   - a sweep directory (sweep.json + runs.csv)             → one group per variant, each
//     holding that variant's replications (runs.csv rows);
//   - a directory of run directories (`check --out`, replications written side by side)
//                                                            → one group per scenario name,
//     each holding the runs of that scenario (subdirectories in name order).
// Invariants: every file is read through ReadRegularFile (regular files only, size-capped);
// a malformed file throws InputError naming the file and the JSON path or CSV row/column;
// completeness is reported, never silently assumed: a run directory without a manifest, a
// manifest with "complete": false, a shard or a sweep whose runs.csv lacks rows makes the
// input incomplete with the reason.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "models/output/summary_reader.h"

namespace lambdasim::analysis {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RunGroup {
  std::string key;                // scenario name, or "variant K" for a sweep
  std::vector<FlatSummary> runs;  // replications, in run order
};

struct RunInput {
  std::string path;
  std::string kind;  // "run", "summary", "sweep", "runs directory"
  std::vector<RunGroup> groups;
  bool complete = true;
  std::string incomplete_reason;  // first reason, with the file it concerns
};

// Throws InputError.
RunInput ReadRunInput(const std::string& path);

}  // namespace lambdasim::analysis
