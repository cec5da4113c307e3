// models/analysis/diff.h — comparing a run with expectations: the logic behind `lambdasim
// check` (a scenario's `expect:` thresholds against one run) and `lambdasim diff` (two sets
// of runs' flat summaries, metric by metric).
//
// diff rules (README "CI gate"), each metric judged on the means of its replications:
//  1. unchanged means → "same"; a NaN on one side always counts as a change;
//  2. the change must exceed the metric's tolerance — relative |Δ|/|base| (default 5 %) or
//     absolute |Δ| (`abs:` tolerances) — else "within";
//  3. with at least two runs on both sides the change must also be significant: Welch's
//     two-sided t-test at level alpha (default 0.05) — else "not significant (p=…)"; with a
//     single run on a side there is nothing to test and rule 2 alone decides;
//  4. counts and the rates built on them (throttle_rate ← throttles, cold_start_rate ←
//     cold_starts, error_rate ← errors) whose count is below min_count on both sides are
//     "below min count";
//  5. what is left is a REGRESSION when the metric got worse (DirectionOf: higher is worse),
//     "improved" when it got better, "changed" for neutral metrics;
//  6. consequences: in a scope (functions.<f>, or account — which sums the functions — when
//     any scope's throttles regressed) whose throttles regressed, an
//     "improvement" in cold starts, errors, timeouts, latencies, durations, costs,
//     invocations, concurrency or environments is a consequence of the throttled requests
//     that never ran — shown as "consequence of more throttles" and not counted.
// Invariants: a NaN measurement never satisfies a threshold; rows keep base order, then the
// metrics only in the new runs; pure functions: no files, no printing.
#pragma once

#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/metrics/run_result.h"
#include "models/metrics/statistics.h"
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
  std::map<std::string, double> absolute;  // "errors=abs:10": |new − base| must exceed 10
  double alpha = 0.05;                     // Welch's test level (rule 3)
  double min_count = 0;                    // rule 4 (0: off)
};
// Adds one "metric=relative", "metric=abs:N", "metric=rel:R" (or "default=r" / "*=r"); false
// when malformed (no '=', empty name or value, not a finite number >= 0, abs: on default).
bool AddTolerance(const std::string& text, DiffTolerances* tolerances);
// The relative tolerance of one metric: full path, then bare key, then the default (NaN when
// the metric's tolerance is absolute).
double ToleranceOf(const DiffTolerances& tolerances, const std::string& metric);
// The absolute tolerance of one metric, if it has one (full path beats bare key; a relative
// tolerance on the full path beats an absolute one on the bare key).
std::optional<double> AbsoluteToleranceOf(const DiffTolerances& tolerances,
                                          const std::string& metric);
// The first tolerance (in name order) that names no metric of `base`, if any.
std::optional<std::string> UnknownTolerance(const DiffTolerances& tolerances,
                                            const FlatSummary& base);
// Every full path and bare key of `base`, for did-you-mean hints.
std::vector<std::string> ToleranceCandidates(const FlatSummary& base);

enum class Verdict {
  kSame,
  kWithin,
  kNotSignificant,
  kBelowMinCount,
  kRegression,
  kImproved,
  kConsequence,
  kChanged,
  kOnlyInBase,
  kOnlyInNew
};

struct DiffRow {
  std::string metric;
  std::string base, next;  // formatted means; "-" when absent, "n/a" for NaN
  std::string change;      // "+12.50%", "+inf", "n/a", "0%" or "" (only in one file)
  Verdict verdict = Verdict::kSame;
  std::string verdict_text;  // "REGRESSION", "improved", "within 5%", ...
  size_t n_base = 0, n_next = 0;
  double p = std::numeric_limits<double>::quiet_NaN();  // Welch p (NaN: not tested)
  std::string base_ci, next_ci;  // "[lo, hi]" 95 % (BoundedInterval95) or "" for n < 2
};

struct DiffResult {
  std::vector<DiffRow> rows;  // unchanged metrics only with include_unchanged
  size_t regressions = 0, improvements = 0, consequences = 0;
};

// Replications of one run on each side (each side non-empty).
DiffResult DiffRunSets(const std::vector<FlatSummary>& base, const std::vector<FlatSummary>& next,
                       const DiffTolerances& tolerances, bool include_unchanged);
// One run on each side.
DiffResult DiffSummaries(const FlatSummary& base, const FlatSummary& next,
                         const DiffTolerances& tolerances, bool include_unchanged);

// A 95 % interval for a metric's mean over replications that respects the metric's bounds
// (stats::MetricInterval95: Wilson from pooled counts for throttle/cold-start/error rates,
// t clamped to [0, 1] for other rates and headroom, to [0, concurrency_limit] for
// concurrency_max, at 0 for counts, latencies and costs). NaN ends for fewer than two runs.
stats::Interval BoundedInterval95(const std::vector<FlatSummary>& runs, const std::string& metric);

}  // namespace lambdasim::analysis
