// models/analysis/sizing_search.cc — knob search and SLO sizing (see sizing_search.h).
#include "models/analysis/sizing_search.h"

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>
#include <utility>

#include "sim/interrupt.h"

namespace lambdasim::analysis {

SearchResult FindSmallestPassing(int64_t lo, std::optional<int64_t> hi_given,
                                 const std::function<bool(int64_t)>& passes) {
  SearchResult r;
  if (passes(lo)) {
    r.outcome = SearchOutcome::kLowerBoundPasses;
    r.answer = r.lo = r.hi = lo;
    return r;
  }
  int64_t hi = 0;
  if (hi_given) {
    hi = *hi_given;
    r.lo = lo;
    r.hi = hi;
    if (hi <= lo) {
      r.outcome = SearchOutcome::kEmptyRange;
      return r;
    }
    if (!passes(hi)) {
      r.outcome = SearchOutcome::kNoneInRange;
      return r;
    }
  } else {
    hi = lo + 1;
    for (int i = 0; !passes(hi); ++i) {
      if (i == kMaxDoublings) {
        r.outcome = SearchOutcome::kNoneFound;
        r.lo = lo;
        r.hi = hi;
        return r;
      }
      lo = hi;
      hi = lo + std::max<int64_t>(1, lo);  // doubling
    }
  }
  // Invariant: passes(hi) and !passes(lo).
  while (hi - lo > 1) {
    const int64_t mid = lo + (hi - lo) / 2;
    if (passes(mid))
      hi = mid;
    else
      lo = mid;
  }
  r.outcome = SearchOutcome::kFound;
  r.answer = hi;
  r.lo = lo;
  r.hi = hi;
  return r;
}

SloSizingResult SizeForSlos(const SloSizingProblem& problem) {
  if (problem.replications < 2)
    throw std::invalid_argument("--replications must be at least 2 (for a confidence interval)");
  SloSizingResult out;
  std::map<int64_t, Evaluation> cache;
  auto evaluate = [&](int64_t k) -> const Evaluation& {
    if (auto it = cache.find(k); it != cache.end()) return it->second;
    sim::ThrowIfInterrupted();
    ScenarioSpec spec = problem.make_spec(k);
    std::vector<std::vector<double>> values(problem.slos.size());
    for (int r = 0; r < problem.replications; ++r) {
      spec.replication =
          static_cast<uint64_t>(r);  // common random numbers: same seed, same k-th streams
      const RunResult result = problem.run(spec);
      // An interrupted run is incomplete: judging a candidate on it would be wrong.
      sim::ThrowIfInterrupted();
      ++out.runs;
      for (size_t i = 0; i < problem.slos.size(); ++i)
        values[i].push_back(SloMetricValue(result, problem.slos[i]));
    }
    const Evaluation& e = cache.emplace(k, EvaluateSlos(problem.slos, values)).first->second;
    if (problem.on_candidate) problem.on_candidate(k, e);
    return e;
  };
  out.search =
      FindSmallestPassing(problem.lo, problem.hi, [&](int64_t k) { return evaluate(k).ok; });
  if (out.search.outcome == SearchOutcome::kLowerBoundPasses) {
    out.at = evaluate(out.search.answer);
  } else if (out.search.outcome == SearchOutcome::kFound) {
    out.at = evaluate(out.search.answer);
    out.below = evaluate(out.search.answer - 1);
    out.confident = out.at.confident_good && out.below.confident_bad;
    out.interval_lo = out.interval_hi = out.search.answer;
    if (!out.confident) {
      const int64_t floor = problem.lo;
      const int64_t ceiling = problem.hi ? *problem.hi : std::numeric_limits<int64_t>::max() / 4;
      bool lo_ok = out.below.confident_bad, hi_ok = out.at.confident_good;
      out.interval_lo = lo_ok ? out.search.answer : out.search.answer - 1;
      for (int64_t i = 0, step = 1; !lo_ok && i < kIntervalSteps; ++i, step *= 2) {
        const int64_t k = std::max(floor, out.search.answer - 1 - step);
        if (evaluate(k).confident_bad) {
          lo_ok = true;
          out.interval_lo = k + 1;
        } else {
          out.interval_lo = k;
        }
        if (k == floor) break;
      }
      for (int64_t i = 0, step = 1; !hi_ok && i < kIntervalSteps; ++i, step *= 2) {
        const int64_t k = std::min(ceiling, out.search.answer + step);
        out.interval_hi = k;
        if (evaluate(k).confident_good) hi_ok = true;
        if (k == ceiling) break;
      }
      out.interval_settled = lo_ok && hi_ok;
    }
  }
  return out;
}

}  // namespace lambdasim::analysis
