// models/spec/observed_series.h — what production measured, per period, for one function.
//
// A function's `observed:` key names a CSV (written by `lambdasim import cloudwatch`, or by
// hand) with one row per period: period_start_s, then any of observed_invocations,
// concurrency_max, throttles (and an ignored timestamp column). The loader reads and checks it
// (models/load/load_observed.cc); the model never sees it; metrics/calibration.h lines it up
// with the simulated time series so the report, calibration.csv and the terminal can show
// observed against simulated, period by period.
//
// Invariants (enforced by the loader):
//  * periods are sorted, start at a multiple of the scenario's bucket, and are exactly
//    `period` apart; `period` is a positive multiple of the bucket (so every simulated
//    bucket falls into exactly one period);
//  * each value is finite and >= 0, or NaN where the column is absent or the cell is empty.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "sim/time.h"

namespace lambdasim {

struct ObservedPeriod {
  static constexpr double kNotMeasured = std::numeric_limits<double>::quiet_NaN();
  double start_s = 0;  // from the start of the measured period (t = 0)
  double invocations = kNotMeasured;
  double concurrency_max = kNotMeasured;
  double throttles = kNotMeasured;
};

struct ObservedSeries {
  std::string file;       // the CSV as resolved against the scenario ("" = no observed data)
  std::string file_text;  // the path as written in the scenario (for messages and the report)
  sim::Duration period;   // > 0 when `file` is set
  std::vector<ObservedPeriod> periods;
};

}  // namespace lambdasim
