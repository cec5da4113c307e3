// tests/regression/bounded_intervals_test.cc — guards issue 16 "intervals that respect their
// bounds" and "latency quantiles interpolated within a histogram bin": Wilson bounds against
// hand-computed values, a throttle-rate interval that a plain t-interval would push below 0,
// a peak-concurrency interval that a t-interval would push above the limit, Welch's p-value
// against a hand-computed one, and a histogram quantile interpolated inside its bin (the old
// code returned the bin midpoint, 1032 ns, for every sample whose quantile fell in that bin).
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "models/analysis/diff.h"
#include "models/metrics/statistics.h"
#include "sim/histogram.h"

namespace lambdasim {
namespace {

FlatSummary OneRun(std::vector<std::pair<std::string, double>> metrics) {
  FlatSummary s;
  s.scenario = "x";
  s.metrics = std::move(metrics);
  return s;
}

TEST(Regression, WilsonIntervalMatchesHandComputedBounds) {
  // z = 1.959964, z² = 3.841459. 0 of 10: hi = (z²/n)/(1 + z²/n) = 0.384146/1.384146.
  const stats::Interval zero = stats::Wilson95(0, 10);
  EXPECT_EQ(zero.lo, 0.0);
  EXPECT_NEAR(zero.hi, 0.3841459 / 1.3841459, 1e-6);  // 0.277533
  // 5 of 10: centre 0.5, half = z·sqrt(0.025 + 0.00960365)/1.3841459 = 0.263407.
  const stats::Interval half = stats::Wilson95(5, 10);
  EXPECT_NEAR(half.lo, 0.5 - 0.2634069, 1e-6);
  EXPECT_NEAR(half.hi, 0.5 + 0.2634069, 1e-6);
  // All successes: the upper end is exactly 1, the lower end mirrors 0 of 10.
  const stats::Interval all = stats::Wilson95(10, 10);
  EXPECT_EQ(all.hi, 1.0);
  EXPECT_NEAR(all.lo, 1 - 0.3841459 / 1.3841459, 1e-6);
  EXPECT_TRUE(std::isnan(stats::Wilson95(0, 0).lo));
}

TEST(Regression, ThrottleRateIntervalStaysInsideZeroOne) {
  // Five replications, throttles 0,0,0,0,5 of 100 000 requests: mean rate 1e-5, sd 2.236e-5,
  // so mean − t·sd/√5 = 1e-5 − 2.776·1e-5 < 0 — the old points.csv interval went negative.
  std::vector<FlatSummary> runs;
  for (int i = 0; i < 5; ++i) {
    const double th = i == 4 ? 5 : 0;
    runs.push_back(OneRun({{"functions.api.requests", 100000},
                           {"functions.api.throttles", th},
                           {"functions.api.throttle_rate", th / 100000}}));
  }
  const stats::Interval ci = analysis::BoundedInterval95(runs, "functions.api.throttle_rate");
  // Pooled Wilson: 5 of 500 000.
  const stats::Interval wilson = stats::Wilson95(5, 500000);
  EXPECT_EQ(ci.lo, wilson.lo);
  EXPECT_EQ(ci.hi, wilson.hi);
  EXPECT_GT(ci.lo, 0.0);  // 5 throttles were seen: the rate is not plausibly 0
  EXPECT_LT(ci.hi, 3e-5);
  // Without the counts the t-interval is clamped at 0.
  std::vector<FlatSummary> bare;
  for (const auto& r : runs) bare.push_back(OneRun({r.metrics[2]}));
  const stats::Interval clamped = analysis::BoundedInterval95(bare, "functions.api.throttle_rate");
  EXPECT_EQ(clamped.lo, 0.0);
  EXPECT_GT(clamped.hi, 1e-5);
}

TEST(Regression, PeakConcurrencyIntervalNeverExceedsTheLimit) {
  // Peaks 100,100,100,100,90 against a limit of 100: mean 98 + t·sd/√5 = 98 + 5.55 > 100.
  std::vector<FlatSummary> runs;
  for (double peak : {100.0, 100.0, 100.0, 100.0, 90.0})
    runs.push_back(OneRun(
        {{"functions.api.concurrency_max", peak}, {"functions.api.concurrency_limit", 100}}));
  const stats::Interval ci = analysis::BoundedInterval95(runs, "functions.api.concurrency_max");
  EXPECT_EQ(ci.hi, 100.0);
  EXPECT_NEAR(ci.lo, 98 - 2.7764451051977934 * std::sqrt(20.0) / std::sqrt(5.0), 1e-9);
}

TEST(Regression, WelchPValueMatchesHandComputed) {
  // {1..5} vs {3..7}: means 3 and 5, sd √2.5 each, t = 2/√(0.5+0.5) = 2, dof = 1/(2·0.0625/4)
  // = 8; P(|T8| ≥ 2) = 0.0805162 (tables).
  const stats::WelchResult w = stats::WelchTest(3, std::sqrt(2.5), 5, 5, std::sqrt(2.5), 5);
  EXPECT_DOUBLE_EQ(w.t, 2.0);
  EXPECT_NEAR(w.dof, 8.0, 1e-12);
  EXPECT_NEAR(w.p, 0.0805162, 2e-6);
  // The table's t_{0.975,10} has p = 0.05 exactly.
  EXPECT_NEAR(stats::StudentTTwoSidedP(stats::StudentT975(10), 10), 0.05, 1e-9);
  EXPECT_NEAR(stats::StudentTTwoSidedP(stats::StudentT975(3), 3), 0.05, 1e-9);
}

TEST(Regression, HistogramQuantileInterpolatesWithinItsBin) {
  // Ten values 1024..1033 ns all fall in bin [1024, 1040) (16 ns wide). Inside [min, max] =
  // [1024, 1033] the k-th of 10 sits at 1024 + 9·(k − ½)/10: the median (k = 5) is 1028.05,
  // p90 (k = 9) 1031.65. The old code answered the bin midpoint 1032 for both.
  sim::LogHistogram h;
  for (int64_t v = 1024; v <= 1033; ++v) h.Add(v);
  EXPECT_NEAR(h.Quantile(0.5), 1028.05, 1e-9);
  EXPECT_NEAR(h.Quantile(0.9), 1031.65, 1e-9);
  // Two bins: 4 values in [2048, 2080) (32 ns wide) then 1 at 4096: p50 is the 3rd value,
  // interpolated over [2048, 2080): 2048 + 32·2.5/4 = 2068.
  sim::LogHistogram g;
  for (int64_t v : {2048, 2050, 2060, 2070, 4096}) g.Add(v);
  EXPECT_NEAR(g.Quantile(0.5), 2068.0, 1e-9);
  // A constant sample reads its value.
  sim::LogHistogram c;
  for (int i = 0; i < 7; ++i) c.Add(500000000);
  EXPECT_EQ(c.Quantile(0.99), 500000000.0);
}

}  // namespace
}  // namespace lambdasim
