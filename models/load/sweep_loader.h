// models/load/sweep_loader.h — sweep YAML -> SweepSpec, with the scenario loader's
// diagnostics (file:line:col, every problem at once, did-you-mean).
#pragma once

#include <string>
#include <string_view>

#include "models/spec/diagnostics.h"
#include "models/spec/sweep_spec.h"

namespace lambdasim {

// Reads and validates a sweep file (not the scenario it names). Throws ScenarioError with
// file:line:col diagnostics (models/sweep_loader.cc, the only sweep code that sees YAML).
SweepSpec LoadSweepFile(const std::string& path);
// `base_dir` resolves a relative `scenario:`.
SweepSpec LoadSweepString(std::string_view text, const std::string& label,
                          const std::string& base_dir);

}  // namespace lambdasim
