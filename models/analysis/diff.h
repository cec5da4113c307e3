// models/analysis/diff.h — comparing a run with expectations: the logic behind `lambdasim
// check` (a scenario's `expect:` thresholds against one run) and `lambdasim diff` (two runs'
// flat summaries, metric by metric, with relative tolerances).
//
// Invariants: a NaN measurement never satisfies a threshold; a metric is "worse when higher"
// when its key (the last path component) starts with one of the prefixes DirectionOf lists
// (throttles, cold starts, errors, latencies, durations, costs, ...), otherwise it is neutral
// and a change is reported but never counted as a regression; a change counts only when
// |new − base| / |base| exceeds the metric's tolerance (a zero base makes any change ±inf; a
// NaN on either side always counts). Tolerances resolve full path, then bare key, then the
// default. Rows keep base-file order, then the metrics only in the new file. Pure functions:
// no files, no printing.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/metrics/run_result.h"
#include "models/output/summary_reader.h"
#include "models/spec/scenario_spec.h"

namespace lambdasim::analysis {

// ---- check: expect: thresholds ----

const char* ExpectOpText(ExpectOp op);                             // "<", "<=", ">", ">=", "=="
bool ExpectHolds(ExpectOp op, double measured, double threshold);  // false for a NaN measurement

struct ThresholdOutcome {
  const Expectation* expectation = nullptr;  // into the spec passed in
  double measured = 0;                       // NaN when the run has no such metric
  bool ok = false;
};
// Every `expect:` entry of `spec` judged on `result` (a run of that spec), in spec order.
std::vector<ThresholdOutcome> EvaluateExpectations(const ScenarioSpec& spec,
                                                   const RunResult& result);

// ---- diff: two summaries ----

enum class Direction { kHigherIsWorse, kNeutral };
// Which way is bad, by the key (the last path component).
Direction DirectionOf(const std::string& key);
// The last path component: "functions.api.throttle_rate" -> "throttle_rate".
std::string MetricKey(const std::string& metric);

struct DiffTolerances {
  double default_relative = 0.05;
  std::map<std::string, double> relative;  // full metric path or bare key
};
// Adds one "metric=relative" (or "default=r" / "*=r"); false when malformed (no '=', empty
// name or value, not a finite number >= 0).
bool AddTolerance(const std::string& text, DiffTolerances* tolerances);
// The tolerance of one metric: full path, then bare key, then the default.
double ToleranceOf(const DiffTolerances& tolerances, const std::string& metric);
// The first tolerance (in name order) that names no metric of `base`, if any.
std::optional<std::string> UnknownTolerance(const DiffTolerances& tolerances,
                                            const FlatSummary& base);
// Every full path and bare key of `base`, for did-you-mean hints.
std::vector<std::string> ToleranceCandidates(const FlatSummary& base);

enum class Verdict { kSame, kWithin, kRegression, kImproved, kChanged, kOnlyInBase, kOnlyInNew };

struct DiffRow {
  std::string metric;
  std::string base, next;  // formatted values; "-" when absent, "n/a" for NaN
  std::string change;      // "+12.50%", "+inf", "n/a", "0%" or "" (only in one file)
  Verdict verdict = Verdict::kSame;
  std::string verdict_text;  // "REGRESSION", "improved", "within 5%", ...
};

struct DiffResult {
  std::vector<DiffRow> rows;  // unchanged metrics only with include_unchanged
  size_t regressions = 0, improvements = 0;
};

DiffResult DiffSummaries(const FlatSummary& base, const FlatSummary& next,
                         const DiffTolerances& tolerances, bool include_unchanged);

}  // namespace lambdasim::analysis
