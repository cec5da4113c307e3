// tests/regression/diff_knows_noise_test.cc — guards issue 16 "diff that knows noise": with
// replications on both sides a change beyond the tolerance but inside the noise is "not
// significant" (Welch's t), a real shift is a REGRESSION; absolute tolerances and the
// minimum count; fewer cold starts caused by more throttles is a consequence, not an
// improvement. (The old diff judged one number per side: every one of these was a
// REGRESSION or "improved".)
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "models/analysis/diff.h"
#include "tests/diff_test_util.h"

namespace lambdasim::analysis {
namespace {

using testing::Row;
using testing::Summary;

std::vector<FlatSummary> Reps(const std::string& metric, const std::vector<double>& xs) {
  std::vector<FlatSummary> out;
  for (double x : xs) out.push_back(Summary({{metric, x}}));
  return out;
}

TEST(Regression, DiffIgnoresAChangeInsideTheReplicationNoise) {
  // p99 100,120,90,110,80 (mean 100) vs 95,125,100,130,100 (mean 110): +10 % > 5 % tolerance,
  // but variances of the means 50 and 52.5 give t = 10/√102.5 = 0.988 at dof ≈ 8, p ≈ 0.35.
  const std::string m = "functions.api.latency_p99_ms";
  const DiffResult d = DiffRunSets(Reps(m, {100, 120, 90, 110, 80}),
                                   Reps(m, {95, 125, 100, 130, 100}), DiffTolerances{}, false);
  EXPECT_EQ(Row(d, m).verdict, Verdict::kNotSignificant);
  EXPECT_GT(Row(d, m).p, 0.30);
  EXPECT_LT(Row(d, m).p, 0.40);
  EXPECT_EQ(d.regressions, 0u);
  // A shift well outside the noise: 200,210,190,205,195 → p < 0.001, REGRESSION.
  const DiffResult worse = DiffRunSets(Reps(m, {100, 120, 90, 110, 80}),
                                       Reps(m, {200, 210, 190, 205, 195}), DiffTolerances{}, false);
  EXPECT_EQ(Row(worse, m).verdict, Verdict::kRegression);
  EXPECT_LT(Row(worse, m).p, 0.001);
  EXPECT_EQ(worse.regressions, 1u);
  // Significant but within the tolerance is still "within": 100.0±0.1 vs 101.0±0.1 (+1 %).
  const DiffResult small = DiffRunSets(Reps(m, {99.9, 100, 100.1}), Reps(m, {100.9, 101, 101.1}),
                                       DiffTolerances{}, false);
  EXPECT_EQ(Row(small, m).verdict, Verdict::kWithin);
}

TEST(Regression, DiffAbsoluteToleranceAndMinimumCount) {
  DiffTolerances t;
  ASSERT_TRUE(AddTolerance("errors=abs:10", &t));
  EXPECT_FALSE(AddTolerance("default=abs:1", &t));  // one number cannot fit every unit
  EXPECT_FALSE(AddTolerance("errors=abs:-1", &t));
  EXPECT_TRUE(std::isnan(ToleranceOf(t, "functions.api.errors")));
  ASSERT_TRUE(AbsoluteToleranceOf(t, "functions.api.errors").has_value());
  EXPECT_EQ(*AbsoluteToleranceOf(t, "functions.api.errors"), 10.0);
  // errors 5 → 14 is +180 % but within ±10; 5 → 16 is beyond it.
  const FlatSummary base = Summary({{"functions.api.errors", 5}});
  EXPECT_EQ(Row(DiffSummaries(base, Summary({{"functions.api.errors", 14}}), t, false),
                "functions.api.errors")
                .verdict,
            Verdict::kWithin);
  EXPECT_EQ(Row(DiffSummaries(base, Summary({{"functions.api.errors", 16}}), t, false),
                "functions.api.errors")
                .verdict,
            Verdict::kRegression);
  // 0 → 2 throttles (rate 0 → 2e-5) is +inf; with --min-count 5 it is below the count.
  DiffTolerances mc;
  mc.min_count = 5;
  const FlatSummary b =
      Summary({{"functions.api.throttles", 0}, {"functions.api.throttle_rate", 0}});
  const FlatSummary n =
      Summary({{"functions.api.throttles", 2}, {"functions.api.throttle_rate", 2e-5}});
  const DiffResult d = DiffSummaries(b, n, mc, false);
  EXPECT_EQ(Row(d, "functions.api.throttles").verdict, Verdict::kBelowMinCount);
  EXPECT_EQ(Row(d, "functions.api.throttle_rate").verdict, Verdict::kBelowMinCount);
  EXPECT_EQ(d.regressions, 0u);
  EXPECT_EQ(DiffSummaries(b, n, DiffTolerances{}, false).regressions, 2u);
}

TEST(Regression, FewerColdStartsFromMoreThrottlesIsAConsequence) {
  // Reserved concurrency cut: throttles up, so fewer cold starts, lower cost and latency — the
  // throttled requests never ran. Those are consequences, not improvements.
  const FlatSummary base = Summary({{"functions.api.throttles", 0},
                                    {"functions.api.throttle_rate", 0},
                                    {"functions.api.cold_starts", 300},
                                    {"functions.api.cost_usd", 2.0},
                                    {"functions.api.latency_p99_ms", 900},
                                    {"functions.worker.cold_starts", 50}});
  const FlatSummary next = Summary({{"functions.api.throttles", 5000},
                                    {"functions.api.throttle_rate", 0.05},
                                    {"functions.api.cold_starts", 100},
                                    {"functions.api.cost_usd", 1.5},
                                    {"functions.api.latency_p99_ms", 700},
                                    {"functions.worker.cold_starts", 20}});
  const DiffResult d = DiffSummaries(base, next, DiffTolerances{}, false);
  EXPECT_EQ(Row(d, "functions.api.throttles").verdict, Verdict::kRegression);
  for (const char* m :
       {"functions.api.cold_starts", "functions.api.cost_usd", "functions.api.latency_p99_ms"}) {
    EXPECT_EQ(Row(d, m).verdict, Verdict::kConsequence) << m;
    EXPECT_EQ(Row(d, m).verdict_text, "consequence of more throttles") << m;
  }
  // Another function's throttles did not move: its fewer cold starts are an improvement.
  EXPECT_EQ(Row(d, "functions.worker.cold_starts").verdict, Verdict::kImproved);
  EXPECT_EQ(d.regressions, 2u);
  EXPECT_EQ(d.improvements, 1u);
  EXPECT_EQ(d.consequences, 3u);
}

}  // namespace
}  // namespace lambdasim::analysis
