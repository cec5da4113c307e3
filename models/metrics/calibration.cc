// models/metrics/calibration.cc — observed against simulated (see calibration.h).
#include "models/metrics/calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace lambdasim {
namespace {

// Folds one period's pair into a measure; `sum` for totals, else a peak.
void Accumulate(CalibrationMeasure& m, double obs, double sim, double start_s, bool sum) {
  if (std::isnan(obs)) return;
  m.observed = true;
  if (sum) {
    m.observed_value += obs;
    m.simulated_value += sim;
  } else {
    m.observed_value = std::max(m.observed_value, obs);
    m.simulated_value = std::max(m.simulated_value, sim);
  }
  if (obs > 0) {
    const double err = (sim - obs) / obs;
    m.mape += std::fabs(err);
    ++m.mape_periods;
    if (m.mape_periods == 1 || std::fabs(err) > std::fabs(m.worst_error)) {
      m.worst_error = err;
      m.worst_start_s = start_s;
    }
  }
}

void Finish(CalibrationMeasure& m) {
  m.mape = m.mape_periods > 0 ? m.mape / static_cast<double>(m.mape_periods)
                              : std::numeric_limits<double>::quiet_NaN();
}

void AppendNumber(std::string& out, double v) {
  if (std::isnan(v)) return;
  char buf[32];
  const int n = std::snprintf(buf, sizeof buf, "%.17g", v);
  out.append(buf, static_cast<size_t>(n));
}

}  // namespace

std::vector<FunctionCalibration> Calibrate(const RunResult& result, const ScenarioSpec& spec) {
  std::vector<FunctionCalibration> out;
  const size_t nf = result.function_names.size();
  if (nf == 0 || result.bucket_seconds <= 0) return out;
  const size_t n_buckets = result.function_rows.size() / nf;
  const double bucket_s = result.bucket_seconds;
  const double run_end_s = spec.duration.seconds();
  for (size_t f = 0; f < spec.functions.size() && f < nf; ++f) {
    const ObservedSeries& obs = spec.functions[f].observed;
    if (obs.file.empty()) continue;
    FunctionCalibration c;
    c.function = f;
    c.name = result.function_names[f];
    c.file_text = obs.file_text;
    c.period_s = obs.period.seconds();
    c.invocations.name = "invocations";
    c.concurrency_max.name = "concurrency_max";
    c.throttles.name = "throttles";
    for (const ObservedPeriod& p : obs.periods) {
      const double end_s = p.start_s + c.period_s;
      if (end_s > run_end_s + 1e-9) {
        ++c.periods_outside;
        continue;
      }
      CalibrationPeriod cp;
      cp.start_s = p.start_s;
      cp.observed = p;
      // Buckets start at whole multiples of bucket_s; the loader made periods align to them.
      const auto first = static_cast<size_t>(std::llround(p.start_s / bucket_s));
      const auto last = static_cast<size_t>(std::llround(end_s / bucket_s));
      for (size_t b = first; b < last && b < n_buckets; ++b) {
        const FunctionBucketRow& row = result.function_rows[b * nf + f];
        cp.simulated_invocations += row.invocations;
        cp.simulated_throttles += row.throttles;
        cp.simulated_concurrency_max =
            std::max(cp.simulated_concurrency_max, row.concurrent_executions_max);
      }
      Accumulate(c.invocations, p.invocations, static_cast<double>(cp.simulated_invocations),
                 p.start_s, true);
      Accumulate(c.concurrency_max, p.concurrency_max,
                 static_cast<double>(cp.simulated_concurrency_max), p.start_s, false);
      Accumulate(c.throttles, p.throttles, static_cast<double>(cp.simulated_throttles), p.start_s,
                 true);
      c.periods.push_back(cp);
    }
    Finish(c.invocations);
    Finish(c.concurrency_max);
    Finish(c.throttles);
    out.push_back(std::move(c));
  }
  return out;
}

std::string RenderCalibrationCsv(const std::vector<FunctionCalibration>& calibration) {
  if (calibration.empty()) return "";
  std::string out =
      "function,period_start_s,observed_invocations,simulated_invocations,"
      "observed_concurrency_max,simulated_concurrency_max,observed_throttles,"
      "simulated_throttles\n";
  for (const FunctionCalibration& c : calibration)
    for (const CalibrationPeriod& p : c.periods) {
      out += c.name;
      out += ',';
      AppendNumber(out, p.start_s);
      out += ',';
      AppendNumber(out, p.observed.invocations);
      out += ',' + std::to_string(p.simulated_invocations) + ',';
      AppendNumber(out, p.observed.concurrency_max);
      out += ',' + std::to_string(p.simulated_concurrency_max) + ',';
      AppendNumber(out, p.observed.throttles);
      out += ',' + std::to_string(p.simulated_throttles) + '\n';
    }
  return out;
}

}  // namespace lambdasim
