// models/analysis/sizing_search.h — finding the smallest value of an integer knob (reserved
// concurrency, provisioned concurrency, batch size, ...) that meets every SLO.
//
// FindSmallestPassing is the search alone, over any predicate: it assumes the predicate is
// monotone (false below some k*, true from k* on) and then returns k*, evaluating O(log k*)
// points — the lower bound first, then either the given upper bound or doubling from the
// lower bound (at most 40 doublings), then bisection. It never evaluates a point twice in a
// row on purpose, but callers should cache (SizeForSlos does). SizeForSlos is the whole
// SLO-sizing procedure: the scenario for each candidate comes from a caller function, each
// candidate runs `replications` times with replication indices 0..n-1 (common random
// numbers: the same candidates see the same random streams), and the answer is judged with
// 95 % intervals. Nothing here reads files or prints; progress goes through a callback.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/analysis/slo.h"
#include "models/metrics/run_result.h"
#include "models/spec/scenario_spec.h"

namespace lambdasim::analysis {

enum class SearchOutcome {
  kLowerBoundPasses,  // answer = lo: the lower bound already passes
  kFound,             // answer = the smallest passing value in (lo, hi]
  kEmptyRange,        // the lower bound fails and the given hi is not above it
  kNoneInRange,       // the lower bound and the given hi both fail
  kNoneFound,         // no given hi, and 40 doublings found no passing value (hi = the last tried)
};

struct SearchResult {
  SearchOutcome outcome = SearchOutcome::kFound;
  int64_t answer = 0;  // kLowerBoundPasses, kFound
  int64_t lo = 0;      // the bracket at the end: `lo` fails (unless kLowerBoundPasses) ...
  int64_t hi = 0;      // ... and `hi` passes (kFound) or is the last value tried
};

inline constexpr int kMaxDoublings = 40;

// The smallest k >= lo with passes(k), assuming passes is monotone (see above).
SearchResult FindSmallestPassing(int64_t lo, std::optional<int64_t> hi,
                                 const std::function<bool(int64_t)>& passes);

struct SloSizingProblem {
  std::vector<Slo> slos;
  int replications = 5;  // at least 2
  int64_t lo = 0;
  std::optional<int64_t> hi;  // absent: doubling from lo
  // The scenario with the knob set to `value` (may throw, e.g. ScenarioError).
  std::function<ScenarioSpec(int64_t value)> make_spec;
  // One run of a spec (RunScenario in the CLI; a toy model in tests).
  std::function<RunResult(const ScenarioSpec& spec)> run;
  // Called once per newly evaluated candidate, in evaluation order (may be empty).
  std::function<void(int64_t value, const Evaluation& evaluation)> on_candidate;
};

struct SloSizingResult {
  SearchResult search;
  int runs = 0;  // simulations run in total
  // kFound and kLowerBoundPasses: the evaluation at the answer; kFound also one below.
  Evaluation at, below;
  // kFound: every CI at the answer is on the good side and one CI one below is on the bad side.
  bool confident = false;
  // kFound and not confident: the answer is somewhere in [interval_lo, interval_hi]. Found by
  // stepping down from the answer − 1 (1, 2, 4, … below) until some CI is entirely on the bad
  // side (interval_lo = that value + 1) and up from the answer until every CI is on the good
  // side (interval_hi = that value), at most kIntervalSteps evaluations each way, inside the
  // search range. interval_settled: both ends were reached. Confident: both equal the answer.
  int64_t interval_lo = 0, interval_hi = 0;
  bool interval_settled = true;
};
inline constexpr int kIntervalSteps = 6;

// Throws std::invalid_argument for replications < 2; lets make_spec/run exceptions through.
SloSizingResult SizeForSlos(const SloSizingProblem& problem);

}  // namespace lambdasim::analysis
