// models/output/report_call_graph.h — report.html's "Call graph" section (Lambda calling
// Lambda, `calls:`).
//
// One <section class="call-graph"> with a small SVG: each function that calls or is called is a
// box with its name and the peak and mean concurrency it held; each `calls:` entry is an arrow
// from caller to callee labelled with its call rate over the measured period (solid: sync,
// dashed: async). Functions are placed in columns by their depth in the chain (callers left),
// in scenario order within a column. "" when no function makes calls. Pure and deterministic.
#pragma once

#include <string>

#include "models/metrics/run_result.h"

namespace lambdasim {

std::string RenderCallGraphSection(const RunResult& result);

}  // namespace lambdasim
