// models/output/report_calibration.h — report.html's "Observed vs simulated" section.
//
// For each function with an `observed:` series (metrics/calibration.h), one <section
// class="calibration" data-function="F"> with: a table of the measures (observed, simulated,
// difference, per-period MAPE, worst period), and one chart per observed measure drawn twice
// like every chart of the report (data-layout wide and narrow), with data-metric
// calibration_invocations, calibration_concurrency (with the function's cap) or
// calibration_throttles. Observed values are drawn black and dashed, simulated values in the
// function's colour, both as steps over the period. "" when no function has observed data.
// Pure and deterministic, like RenderReportHtml.
#pragma once

#include <string>

#include "models/metrics/run_result.h"
#include "models/spec/scenario_spec.h"

namespace lambdasim {

std::string RenderCalibrationSection(const RunResult& result, const ScenarioSpec& spec);

// One line per function under the terminal table, e.g. "observed vs simulated `checkout`
// (60 periods of 1m, checkout.observed.csv): invocations 540,112 vs 539,870 observed (+0.04%,
// per-period error 0.9%); peak concurrency 412 vs 398 (+3.5%, per-period error 4.1%);
// throttles 0 vs 17". "" without observed data.
std::string FormatCalibrationNote(const RunResult& result, const ScenarioSpec& spec);

}  // namespace lambdasim
