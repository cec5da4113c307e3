// models/load/scenario_loader.h — YAML scenario → validated ScenarioSpec.
//
// models/load/ is the only folder in lambdasim that includes yaml-cpp (lambdasim_load links it
// PRIVATE); which keys exist, their types and ranges come from the key table (key_table.h). The
// loader is strict: unknown keys (with a "did you mean" suggestion), duplicate keys, wrong types,
// values out of range, durations without units, YAML 1.1 surprises (yes/no/on/off booleans, 010
// octal, 1e3 where an integer is expected, NaN/inf) are all errors. It collects every problem it
// can find and throws one ScenarioError carrying all of them, each with file:line:col.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "models/spec/diagnostics.h"
#include "models/spec/scenario_spec.h"

namespace lambdasim {

// A `--set path=value` override: path is dot-separated keys and sequence indices
// ("functions.api.reserved_concurrency", "traffic.0.rate"); value is parsed as YAML.
struct Override {
  std::string path;
  std::string value;
};

// Parses "path=value"; throws ScenarioError (file "--set") when malformed.
Override ParseOverride(std::string_view text);

// Reads and validates a scenario file. Throws ScenarioError on any problem (including a
// missing, unreadable, empty, binary or oversized file).
ScenarioSpec LoadScenarioFile(const std::string& path, const std::vector<Override>& overrides = {});

// Same, from text already in memory; `file_label` is used in messages. Relative paths in it
// (traces, `observed:`) resolve against `source_file`'s folder, or the working directory
// when it is "".
ScenarioSpec LoadScenarioString(std::string_view text, const std::string& file_label,
                                const std::vector<Override>& overrides = {},
                                const std::string& source_file = "");

}  // namespace lambdasim
