// models/metrics/statistics.h — small statistics used to summarise and compare replications.
//
// Our own code (no library quantile functions), so confidence intervals and p-values are the
// same on every machine. Invariants: every interval returned here lies inside the bounds it
// is given (a proportion's interval inside [0, 1], a bounded metric's inside [lo, hi]); a
// p-value lies in [0, 1]; NaN inputs give NaN outputs, never a verdict.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace lambdasim::stats {

// Student t quantile t_{0.975, dof} for 95 % two-sided confidence intervals: exact table
// for dof <= 30, Cornish-Fisher expansion beyond (|error| < 1e-6); +infinity for dof < 1.
double StudentT975(int dof);

// Regularized incomplete beta function I_x(a, b) (a, b > 0, x in [0, 1]), by Lentz's
// continued fraction (relative error < 1e-12 for the arguments used here).
double RegularizedIncompleteBeta(double x, double a, double b);

// Two-sided p-value of a Student t statistic with (possibly fractional) dof > 0:
// P(|T| >= |t|) = I_{dof/(dof+t²)}(dof/2, 1/2). NaN for NaN t or dof <= 0.
double StudentTTwoSidedP(double t, double dof);

// Welch's unequal-variance t-test of mean_b − mean_a from two samples' means, sample
// standard deviations (n − 1) and sizes (each n >= 2). Degenerate cases: both variances 0
// → p = 1 when the means are equal, p = 0 otherwise (t = ±inf, dof = n_a + n_b − 2).
struct WelchResult {
  double t = 0;
  double dof = 0;  // Welch–Satterthwaite degrees of freedom
  double p = 1;    // two-sided
};
WelchResult WelchTest(double mean_a, double sd_a, uint64_t n_a, double mean_b, double sd_b,
                      uint64_t n_b);

struct Interval {
  double lo = 0;
  double hi = 0;
};
// Wilson score interval at 95 % (z = 1.959963984540054) for `successes` out of `trials`
// (pooled over replications): always inside [0, 1]; [0, 1] for zero trials would claim
// nothing, so NaNs are returned instead.
Interval Wilson95(uint64_t successes, uint64_t trials);
// mean ∓ t_{0.975, n−1}·sd/√n clamped to [lower_bound, upper_bound] (use ±infinity for an
// open side); NaN for n < 2.
Interval ClampedT95(double mean, double sd, uint64_t n, double lower_bound, double upper_bound);

// ---- intervals of summary metrics over replications ----

// The counts a rate is pooled from: throttle_rate = throttles / requests, cold_start_rate =
// cold_starts / invocations, error_rate = errors / invocations (keys of the same scope);
// nullptr members for any other key.
struct PooledRate {
  const char* numerator = nullptr;
  const char* denominator = nullptr;
};
PooledRate PooledRateOf(std::string_view key);

// A 95 % interval for the mean of the summary metric `key` (the last path component) over
// replications `values` that respects the metric's bounds:
//  - a pooled rate (PooledRateOf) with its per-run counts → Wilson from the pooled counts;
//  - any other "*_rate" or "headroom", or a pooled rate without counts → t clamped to [0, 1];
//  - "concurrency_max" → t clamped to [0, cap] (cap: the scope's concurrency_limit);
//  - counts, latencies, durations, costs, concurrency and environments (all values >= 0)
//    → t clamped at 0; anything else → plain Student t.
// NaN ends for fewer than two values or a NaN value. numerators/denominators may be empty.
Interval MetricInterval95(std::string_view key, const std::vector<double>& values,
                          const std::vector<double>& numerators,
                          const std::vector<double>& denominators, double cap);

}  // namespace lambdasim::stats
