// models/metrics/calibration.h — observed against simulated, period by period.
//
// For every function with an `observed:` series (spec/observed_series.h), Calibrate sums the
// simulated time series into the observed periods: invocations and throttles are summed over
// the buckets of a period, concurrency_max is their maximum (CloudWatch's Sum and Maximum
// statistics over the same period). Only periods that lie wholly inside the measured run are
// compared; the others are counted in periods_outside. It is a pure function of the run's
// time series and the spec, used by calibration.csv, the report and the terminal note.
//
// Per measure, over the compared periods where it was observed:
//  * observed and simulated totals (invocations, throttles) or peaks (concurrency_max);
//  * the mean absolute percentage error over periods with an observed value > 0 (MAPE,
//    NaN when there is none), and the period with the largest such error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/metrics/run_result.h"
#include "models/spec/scenario_spec.h"

namespace lambdasim {

struct CalibrationPeriod {
  double start_s = 0;
  ObservedPeriod observed;  // NaN where not measured
  uint64_t simulated_invocations = 0;
  int64_t simulated_concurrency_max = 0;
  uint64_t simulated_throttles = 0;
};

struct CalibrationMeasure {
  const char* name = "";       // "invocations", "concurrency_max", "throttles"
  bool observed = false;       // some compared period has a value
  double observed_value = 0;   // total (invocations, throttles) or peak (concurrency_max)
  double simulated_value = 0;  // the same, over the same periods
  double mape = 0;             // mean |sim − obs| / obs over periods with obs > 0; NaN if none
  size_t mape_periods = 0;
  double worst_error = 0;  // the largest |sim − obs| / obs (signed: sim − obs)
  double worst_start_s = 0;
};

struct FunctionCalibration {
  size_t function = 0;  // index in the scenario
  std::string name;
  std::string file_text;  // the CSV as named in the scenario
  double period_s = 0;
  std::vector<CalibrationPeriod> periods;  // compared periods, in time order
  size_t periods_outside = 0;              // observed periods not wholly inside the run
  CalibrationMeasure invocations, concurrency_max, throttles;
};

std::vector<FunctionCalibration> Calibrate(const RunResult& result, const ScenarioSpec& spec);

// "calibration.csv": function, period_start_s, then observed_/simulated_ pairs for
// invocations, concurrency_max and throttles (an unobserved cell is empty). "" when no
// function has an observed series.
std::string RenderCalibrationCsv(const std::vector<FunctionCalibration>& calibration);

}  // namespace lambdasim
