// models/spec/sweep_spec.h — a validated sweep file: a base scenario, the values to vary,
// replications (read by models/load/sweep_loader.cc, run by models/run/sweep.h).
//
// Invariants (checked by the loader): every axis has at least one value; in zip mode all
// axes have the same number of values; replications >= 1.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/spec/scenario_spec.h"

namespace lambdasim {

struct SweepAxis {
  std::string path;                       // e.g. functions.api.reserved_concurrency
  SourceLocation location;                // of the key
  std::vector<std::string> values;        // YAML text of each value, as `--set` takes it
  std::vector<SourceLocation> locations;  // one per value
};

enum class SweepMode { kGrid, kZip };

struct SweepSpec {
  std::string file;  // sweep file path (label in messages)
  std::string source_text;
  std::string scenario_file;  // the base scenario, resolved relative to the sweep file
  SourceLocation scenario_location;
  SweepMode mode = SweepMode::kGrid;
  uint64_t replications = 1;
  std::optional<uint64_t> seed;      // overrides the scenario's root seed
  std::vector<SweepAxis> vary;       // may be empty (replications of the base)
  std::vector<std::string> metrics;  // empty = every flat summary metric
  std::vector<SourceLocation> metric_locations;
};

}  // namespace lambdasim
