// models/analysis/slo.h — service-level objectives for SLO-driven sizing: parsing
// `--slo 'metric <= value'`, reading the metric out of a run, and judging replicated
// measurements with 95 % confidence intervals.
//
// An Slo compares one flat summary key (models/metrics/summary_fields.h) of one function, or
// of the account, with a threshold. Invariants: `op` is one of "<=", "<", ">=", ">"; `metric`
// is a known summary key; `function` is non-empty unless `account`; `threshold` is finite.
// ParseSlo and SloMetricValue report bad input by throwing SloError, whose message starts
// with "--slo '<text>':" (the CLI prints it as a usage error). The confidence intervals are
// Student-t intervals over independent replications (t_{0.975, n-1} · s / √n).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "models/metrics/run_result.h"

namespace lambdasim::analysis {

class SloError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Slo {
  std::string text;      // as given
  std::string metric;    // summary key
  bool account = false;  // account.<key>
  std::string function;  // function whose summary to read (when !account)
  std::string op;        // "<=", "<", ">=" or ">"
  double threshold = 0;
  bool Holds(double v) const;
  bool LowerIsBetter() const { return op[0] == '<'; }
};

// "functions.<name>.<key> OP number", "account.<key> OP number" or "<key> OP number" (the
// key of `default_function`). Throws SloError.
Slo ParseSlo(const std::string& text, const std::string& default_function);

// The function named by a knob path "functions.<name>...."; empty for any other path.
std::string KnobFunction(const std::string& knob);

// The SLO's metric in one run's summary; throws SloError when the function is not in the run.
double SloMetricValue(const RunResult& result, const Slo& slo);

// Mean and 95 % confidence half-width of replicated measurements (at least two).
struct MeanInterval {
  double mean = 0;
  double half_width = 0;
};
MeanInterval MeanConfidence95(const std::vector<double>& values);

// Every SLO judged on one candidate's replications (values[i] = SLO i's measurements).
// The judgement uses each SLO's bounded 95 % interval [lo, hi] (metrics/statistics.h
// MetricInterval95: a rate's t-interval clamped to [0, 1], a count's at 0), so an interval
// never reaches values the metric cannot take.
struct Evaluation {
  std::vector<double> mean, half_width;  // per SLO (half_width: the unclamped Student t)
  std::vector<double> lo, hi;            // per SLO, the bounded interval
  std::vector<bool> holds;               // per SLO, on the mean
  bool ok = true;                        // every SLO holds on the mean
  bool confident_good = true;            // every CI entirely on the good side
  bool confident_bad = false;            // some CI entirely on the bad side
};
Evaluation EvaluateSlos(const std::vector<Slo>& slos,
                        const std::vector<std::vector<double>>& values);

}  // namespace lambdasim::analysis
