// tests/rps_scaling_test.cc — the RPS side of the per-function scaling rate and the refill
// shape (models/lambda/rps_ramp.h, scaling_bucket.h; issue 14 item 2).
//
// AWS, scaling-behavior.html: "every 10 seconds, Lambda can allocate at most 1,000 additional
// execution environment instances, or accommodate 10,000 additional requests per second, to
// each of your functions" and "Lambda makes a best attempt to refill your concurrency scaling
// rate continuously over time, rather than in one single refill of 1,000 units every 10
// seconds". Expected figures are derived by hand in the comments, not taken from the model.
#include <cmath>
#include <cstdint>

#include <gtest/gtest.h>

#include "models/analysis/analytic.h"
#include "models/lambda/rps_ramp.h"
#include "models/lambda/scaling_bucket.h"
#include "models/load/scenario_loader.h"
#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using sim::Distribution;
using sim::Duration;
using sim::Time;
using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;

Time At(double seconds) { return Time::Zero() + sim::DurationFromSeconds(seconds); }

uint64_t ScalingThrottles(const FunctionSummary& s) {
  return s.throttles_by_reason[static_cast<size_t>(ThrottleReason::kScalingRate)];
}

// From cold, 10 000 requests at one instant fit; the next does not. One second later the
// window is empty again (10 000 fit under the allowance) and 1 000 refilled tokens add 1 000.
TEST(RpsRamp, TenThousandAtOnceThenTheRefill) {
  RpsRamp ramp(10000, 10000, Duration::Seconds(10), /*step=*/false);
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(ramp.TryAdmit(At(0))) << i;
  EXPECT_FALSE(ramp.TryAdmit(At(0)));
  EXPECT_EQ(ramp.allowance_rps(), 10000);
  int admitted = 0;
  while (ramp.TryAdmit(At(1))) ++admitted;
  EXPECT_EQ(admitted, 11000);
  EXPECT_EQ(ramp.allowance_rps(), 11000);
  // Within the same second nothing more until a token refills (1 per ms).
  EXPECT_FALSE(ramp.TryAdmit(At(1.0005)));
  EXPECT_TRUE(ramp.TryAdmit(At(1.001)));
}

// A function that scaled to zero starts from cold: allowance 0 again.
TEST(RpsRamp, ResetToColdForgetsTheAllowance) {
  RpsRamp ramp(10, 10, Duration::Seconds(10), false);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(ramp.TryAdmit(At(0)));
  // Long after: the allowance (10) and a full bucket (10 tokens).
  int later = 0;
  while (ramp.TryAdmit(At(100))) ++later;
  EXPECT_EQ(later, 20);
  ramp.ResetToCold();
  int cold = 0;
  while (ramp.TryAdmit(At(200))) ++cold;
  EXPECT_EQ(cold, 10);  // the tokens only
  EXPECT_EQ(ramp.allowance_rps(), 10);
}

// Regression (found by Warmup.WarmRunMeasuresSteadyStateOnly): a warm-up runs before t = 0, and
// the window must expire there too. The first version numbered bins from 0 and advanced only
// for t ≥ 15.6 ms, so every admission before 0 stayed in the window and the measured period
// began with 180 throttles.
TEST(RpsRamp, TimesBeforeZeroExpireFromTheWindow) {
  RpsRamp ramp(10, 10, Duration::Seconds(10), false);
  const Time t0 = Time::Zero() - Duration::Seconds(2);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(ramp.TryAdmit(t0));
  // 1.1 s later the window is empty again: all 10 fit under the allowance, no token needed.
  int admitted = 0;
  while (admitted < 20 && ramp.TryAdmit(t0 + Duration::Millis(1100))) ++admitted;
  EXPECT_EQ(admitted, 11);  // 10 under the allowance + 1 token refilled in 1.1 s
}

TEST(RpsRamp, DisabledAdmitsEverything) {
  RpsRamp ramp;
  for (int i = 0; i < 100000; ++i) ASSERT_TRUE(ramp.TryAdmit(At(0)));
}

// Step shape: 1 000 whole tokens at t = 10 s, 20 s, …; none in between.
TEST(ScalingBucket, StepModeRefillsWholeStepsAtPeriodBoundaries) {
  ScalingBucket b(1000, 1000, Duration::Seconds(10), /*step=*/true);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(b.TryTake(At(0)));
  EXPECT_EQ(b.Available(At(9.999)), 0);
  EXPECT_EQ(b.Available(At(10)), 1000);
  for (int i = 0; i < 400; ++i) ASSERT_TRUE(b.TryTake(At(10)));
  EXPECT_EQ(b.Available(At(19.9)), 600);
  EXPECT_EQ(b.Available(At(25)), 1000);  // never above the burst
  // Continuous shape, same rate: 100 per second spread evenly.
  ScalingBucket c(1000, 1000, Duration::Seconds(10), false);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(c.TryTake(At(0)));
  EXPECT_EQ(c.Available(At(5)), 500);
}

// The issue's case: 30 000 RPS of 20 ms calls from cold need only 600 environments (the
// environment side never binds), but the RPS side allows A(t) = 10 000 + 1 000·t requests in
// the one-second window ending at t. Over the 20 s ramp the windows ending at 1, 2, …, 20 s
// hold Σ A(k) = 20·10 000 + 1 000·210 = 410 000 of the 600 000 requests: 190 000 throttles
// (the triangle (P − B)²/(2R) = 200 000 less (P − B)/2 = 10 000). Before the RPS side existed
// this run had no throttle at all.
TEST(RpsScaling, ThirtyThousandRpsOfShortCallsFromColdThrottleTheTriangle) {
  auto spec = BaseSpec(Duration::Seconds(30));
  spec.account.concurrency_limit = 10000;  // account RPS limit 100 000: not binding
  AddFunction(spec, "api", Distribution::Constant(0.020));
  AddTraffic(spec, "api", 30000, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  const double expected = 190000;
  EXPECT_DOUBLE_EQ(analytic::RpsRampThrottles(30000, 10000, 1000), expected);
  EXPECT_NEAR(static_cast<double>(s.throttles), expected, 0.01 * expected);
  EXPECT_EQ(ScalingThrottles(s), s.throttles);
  EXPECT_LE(r.function_rows[0].concurrent_executions_max, 700);  // ≈ 600 environments
  // After the ramp (t ≥ 20 s) nothing is throttled: throttles all fall in the first 20 s.
  EXPECT_EQ(s.requests - s.throttles, s.invocations);
}

// Step reading: the allowance grows by 10 000 at t = 10 s, 20 s: admissions are 10 000/s, then
// 20 000/s, then 30 000/s, so throttles = 10 s × 20 000 + 10 s × 10 000 = 300 000, about 58 %
// more than the continuous figure.
TEST(RpsScaling, StepRefillModeThrottlesTheStaircase) {
  auto spec = BaseSpec(Duration::Seconds(30));
  spec.account.concurrency_limit = 10000;
  spec.scaling.refill_mode = RefillMode::kStep;
  AddFunction(spec, "api", Distribution::Constant(0.020));
  AddTraffic(spec, "api", 30000, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);
  EXPECT_NEAR(static_cast<double>(r.functions[0].throttles), 300000.0, 0.01 * 300000.0);
}

// The environment side in step mode: a step to 5 000 RPS of calls that outlast the run needs
// one new environment per request; tokens are 1 000 + 1 000·floor(t / 10 s).
TEST(RpsScaling, StepRefillModeEnvironmentRampFollowsTheStaircase) {
  const double rate = 5000;
  const int64_t horizon_s = 35;
  auto spec = BaseSpec(Duration::Seconds(horizon_s));
  spec.account.concurrency_limit = 20000;
  spec.scaling.refill_mode = RefillMode::kStep;
  AddFunction(spec, "api", Distribution::Constant(1000.0));
  AddTraffic(spec, "api", rate, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);
  uint64_t created = 0;
  for (int64_t k = 0;; ++k) {
    const int64_t t_ns = static_cast<int64_t>(std::llround(static_cast<double>(k) / rate * 1e9));
    if (t_ns >= horizon_s * 1000000000LL) break;
    const int64_t tokens = 1000 + 1000 * (t_ns / 10000000000LL);
    if (static_cast<int64_t>(created) < tokens) ++created;
  }
  EXPECT_EQ(created, 4000u);
  EXPECT_EQ(r.functions[0].cold_starts, created);
}

// Below the burst nothing changes: 8 000 RPS from cold is never throttled by the RPS side.
TEST(RpsScaling, RatesBelowTheBurstAreNotThrottled) {
  auto spec = BaseSpec(Duration::Seconds(20));
  spec.account.concurrency_limit = 10000;
  AddFunction(spec, "api", Distribution::Constant(0.020));
  AddTraffic(spec, "api", 8000, ArrivalKind::kPoisson);
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].throttles, 0u);
}

// A sustained Poisson rate above the burst: once the allowance has caught up (15 000 RPS: 5 s,
// 5 000²/2 000 − 5 000/2 = 10 000 throttles), the Poisson wobble above the allowance is met by
// tokens, so the total stays near the ramp's figure.
TEST(RpsScaling, SustainedPoissonRateOnlyThrottlesTheRamp) {
  auto spec = BaseSpec(Duration::Seconds(60));
  spec.account.concurrency_limit = 10000;
  AddFunction(spec, "api", Distribution::Constant(0.020));
  AddTraffic(spec, "api", 15000, ArrivalKind::kPoisson);
  const auto r = RunScenario(spec);
  EXPECT_NEAR(static_cast<double>(r.functions[0].throttles), 10000.0, 0.06 * 10000.0);
}

// The aws-2022 profile states its rule in environments only: no RPS side.
TEST(RpsScaling, Aws2022ProfileHasNoRpsSide) {
  auto spec = BaseSpec(Duration::Seconds(30));
  spec.platform = *LookupPlatform("aws-2022", "us-east-1");
  spec.scaling = ScalingFromProfile(spec.platform);
  spec.account.concurrency_limit = 10000;
  AddFunction(spec, "api", Distribution::Constant(0.020));
  AddTraffic(spec, "api", 30000, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].throttles, 0u);
}

// Provisioned environments are pre-scaled: requests they serve do not draw on the RPS side.
TEST(RpsScaling, ProvisionedRequestsDoNotDrawOnTheRamp) {
  auto spec = BaseSpec(Duration::Seconds(20));
  spec.account.concurrency_limit = 10000;
  auto& f = AddFunction(spec, "api", Distribution::Constant(0.020));
  f.provisioned_concurrency = 1000;  // 1 000 × 50/s of 20 ms calls = room for 50 000 RPS…
  f.pc_allocation_delay_min = Duration();
  f.pc_allocation_delay_max = Duration();
  AddTraffic(spec, "api", 30000, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);
  // …but the PC RPS limit is 10 × 1 000 = 10 000 RPS; the other 20 000 RPS spill to on-demand,
  // whose RPS side ramps from 10 000: 10 000²/2 000 − 10 000/2 = 45 000 throttles. (The spill
  // is bursty — the PC window refills in blocks — so allow 10 %.) Had the provisioned requests
  // drawn on the ramp it would be the full 190 000.
  EXPECT_NEAR(static_cast<double>(r.functions[0].throttles), 45000.0, 0.1 * 45000.0);
}

TEST(RpsScaling, SizingTriangle) {
  EXPECT_DOUBLE_EQ(analytic::RpsRampThrottles(30000, 10000, 1000), 190000.0);
  EXPECT_DOUBLE_EQ(analytic::RpsRampThrottles(15000, 10000, 1000), 10000.0);
  EXPECT_EQ(analytic::RpsRampThrottles(9000, 10000, 1000), 0.0);
  EXPECT_EQ(analytic::RpsRampThrottles(30000, 0, 1000), 0.0);
}

// The keys: profile defaults, overrides, and aws-2022 without an RPS side.
TEST(RpsScaling, ScalingKeysLoadFromYaml) {
  const char* base = R"(
name: k
functions:
  api: { duration: 20ms }
traffic:
  - { function: api, rate: 10 }
)";
  const ScenarioSpec d = LoadScenarioString(base, "k.yaml");
  EXPECT_EQ(d.scaling.rps_burst, 10000);
  EXPECT_EQ(d.scaling.rps_refill_count, 10000);
  EXPECT_EQ(d.scaling.rps_refill_period, Duration::Seconds(10));
  EXPECT_EQ(d.scaling.refill_mode, RefillMode::kContinuous);
  const ScenarioSpec o = LoadScenarioString(
      std::string(base) + "scaling: { rps_burst: 500, rps_refill: 50/s, refill_mode: step }\n",
      "k.yaml");
  EXPECT_EQ(o.scaling.rps_burst, 500);
  EXPECT_EQ(o.scaling.rps_refill_count, 50);
  EXPECT_EQ(o.scaling.rps_refill_period, Duration::Seconds(1));
  EXPECT_EQ(o.scaling.refill_mode, RefillMode::kStep);
  EXPECT_EQ(o.platform.scaling_refill_mode, RefillMode::kStep);
  const ScenarioSpec old = LoadScenarioString(std::string(base) + "platform: aws-2022\n", "k.yaml");
  EXPECT_EQ(old.scaling.rps_burst, 0);
}

}  // namespace
}  // namespace lambdasim
