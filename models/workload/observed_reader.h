// models/workload/observed_reader.h — reads a function's observed series (the `observed:` CSV).
//
// The file is what production measured, one row per period (spec/observed_series.h): a header
// naming period_start_s and at least one of observed_invocations, concurrency_max, throttles
// (a timestamp column is allowed and ignored; `lambdasim import cloudwatch` writes exactly
// these five), then one row per period. It shares the trace readers' line and CSV layer
// (trace_lines.h, trace_common.h): constant memory while reading, at most kMaxObservedPeriods
// rows kept, every problem reported as file:line:col.
//
// Rules checked: period_start_s is a finite number >= 0, strictly increasing and evenly
// spaced (the first gap is the period; a single row takes the bucket as its period); the
// first start and the period are whole multiples of `bucket`, so each simulated bucket falls
// in exactly one period; other cells are empty (not measured) or finite numbers >= 0.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "models/spec/diagnostics.h"
#include "models/spec/observed_series.h"
#include "sim/time.h"

namespace lambdasim {

inline constexpr size_t kMaxObservedPeriods = 1'000'000;

// Reads `path` into out->periods and out->period (out->file and out->file_text are the
// caller's). Returns false after appending the problems to *errors.
bool ReadObservedCsv(const std::string& path, sim::Duration bucket, ObservedSeries* out,
                     std::vector<Diagnostic>* errors);

}  // namespace lambdasim
