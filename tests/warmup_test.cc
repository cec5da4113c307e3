// tests/warmup_test.cc — `warmup:` (issue 15 item 1): the model first runs with traffic held
// at its t = 0 rate, then measures. Expected figures are derived in the comments.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "models/load/scenario_loader.h"
#include "models/output/summary_table.h"
#include "models/workload/arrivals.h"
#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using sim::Distribution;
using sim::Duration;
using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;

// 1 200 RPS of 2 s calls need 2 400 concurrent environments (Little); from cold the scaling
// bucket gives 1 000 + 100/s, so a cold run throttles for ~14 s. A 2-minute warm-up reaches
// steady state first: the measured 10 minutes see no throttle, almost no cold start, and
// requests ≈ 1 200 × 600 = 720 000 (Poisson: σ ≈ 850; allow 5σ).
ScenarioSpec Checkout(Duration warmup) {
  auto spec = BaseSpec(Duration::Minutes(10));
  spec.account.concurrency_limit = 5000;
  spec.warmup = warmup;
  AddFunction(spec, "checkout", Distribution::Constant(2.0), Distribution::Constant(0.5));
  AddTraffic(spec, "checkout", 1200);
  return spec;
}

TEST(Warmup, ColdRunThrottlesInTheFirstMinuteOnly) {
  const auto r = RunScenario(Checkout(Duration()));
  const auto& s = r.functions[0];
  ASSERT_GT(s.throttles, 1000u);
  // All throttles fall in the first bucket (1 min): the ramp ends after ~14–20 s.
  EXPECT_EQ(r.function_rows[0].throttles, s.throttles);
  const std::string note = ColdStartNote(r, Checkout(Duration()));
  EXPECT_NE(note.find("throttles in the first 1m while `checkout` scales from zero"),
            std::string::npos)
      << note;
}

TEST(Warmup, WarmRunMeasuresSteadyStateOnly) {
  const auto spec = Checkout(Duration::Minutes(2));
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_EQ(s.throttles, 0u);
  EXPECT_LT(s.cold_starts, s.invocations / 1000);  // Poisson wobble above the warm pool only
  EXPECT_NEAR(static_cast<double>(s.requests), 720000.0, 5 * std::sqrt(720000.0));
  // The first measured bucket already runs at Little's 2 400.
  EXPECT_NEAR(r.function_rows[0].concurrent_executions_avg, 2400.0, 0.03 * 2400.0);
  EXPECT_EQ(r.function_rows[0].t_s, 0.0);
  EXPECT_EQ(r.function_rows.size(), 10u);  // ten 1-minute buckets, none for the warm-up
  // Cost covers the measured period only: 720 000 requests at $0.20 per million.
  EXPECT_NEAR(s.cost_requests_usd, static_cast<double>(s.invocations) * 0.2e-6, 1e-9);
  EXPECT_DOUBLE_EQ(r.manifest.warmup_seconds, 120.0);
  EXPECT_DOUBLE_EQ(r.manifest.horizon_seconds, 600.0);
  EXPECT_EQ(ColdStartNote(r, spec), "");
  // The traffic summary counts measured requests only.
  EXPECT_EQ(r.traffic[0].requests, s.requests);
}

// The measured period's arrivals do not depend on the warm-up (its own stream): with and
// without a warm-up the same number of requests reach the function.
TEST(Warmup, MeasuredArrivalsAreThoseOfAColdRun) {
  const auto cold = RunScenario(Checkout(Duration()));
  const auto warm = RunScenario(Checkout(Duration::Minutes(1)));
  EXPECT_EQ(cold.traffic[0].requests, warm.traffic[0].requests);
}

// Provisioned concurrency requested at start is allocated during the warm-up (60–120 s), so
// the measured period starts with it ready: no spill-over cold starts at 50 RPS × 1 s on 100.
TEST(Warmup, ProvisionedConcurrencyIsReadyWhenMeasurementStarts) {
  auto spec = BaseSpec(Duration::Minutes(5));
  spec.warmup = Duration::Minutes(3);
  auto& f = AddFunction(spec, "api", Distribution::Constant(1.0));
  f.provisioned_concurrency = 100;
  AddTraffic(spec, "api", 50);
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].cold_starts, 0u);
  EXPECT_EQ(r.function_rows[0].provisioned_concurrent_executions_max > 0, true);
}

TEST(Warmup, RateAtStartOfEachShape) {
  auto spec = BaseSpec(Duration::Minutes(10));
  AddFunction(spec, "api", Distribution::Constant(0.1));
  AddTraffic(spec, "api", 300);  // constant
  EXPECT_DOUBLE_EQ(RateAtStart(spec, 0), 300.0);
  spec.traffic[0].start = Duration::Seconds(5);  // starts later: nothing at 0
  EXPECT_DOUBLE_EQ(RateAtStart(spec, 0), 0.0);
  spec.traffic[0].start = Duration();
  spec.traffic[0].shape = ShapeKind::kPiecewise;
  spec.traffic[0].segments = {{Duration(), Duration::Minutes(1), 120, 900, ""}};
  EXPECT_DOUBLE_EQ(RateAtStart(spec, 0), 120.0);
  spec.traffic[0].shape = ShapeKind::kDiurnal;
  spec.traffic[0].diurnal = DiurnalShape{100, 50, Duration::Hours(24), Duration::Hours(6)};
  // Peak at 6 h of a 24 h period: at 0 the curve is a quarter period before it, cos(−π/2) = 0.
  EXPECT_NEAR(RateAtStart(spec, 0), 100.0, 1e-9);
  spec.traffic[0].diurnal.peak_at = Duration();
  EXPECT_NEAR(RateAtStart(spec, 0), 150.0, 1e-9);
  spec.traffic[0].shape = ShapeKind::kMmpp;
  spec.traffic[0].mmpp.rates_per_s = {10, 1000};
  spec.traffic[0].mmpp.initial_state = 1;
  EXPECT_DOUBLE_EQ(RateAtStart(spec, 0), 1000.0);
}

TEST(Warmup, KeyLoadsAndDefaultsToZero) {
  const char* base = R"(
name: w
functions:
  api: { duration: 20ms }
traffic:
  - { function: api, rate: 10 }
)";
  EXPECT_EQ(LoadScenarioString(base, "w.yaml").warmup, Duration());
  EXPECT_EQ(LoadScenarioString(std::string(base) + "warmup: 1m30s\n", "w.yaml").warmup,
            Duration::Seconds(90));
}

// A zero warm-up is the cold start, event for event.
TEST(Warmup, ZeroWarmupIsTheColdRun) {
  auto a = BaseSpec(Duration::Minutes(2));
  AddFunction(a, "api", Distribution::Exponential(0.1));
  AddTraffic(a, "api", 100);
  auto b = a;
  b.warmup = Duration();
  EXPECT_EQ(RunScenario(a).manifest.event_fingerprint, RunScenario(b).manifest.event_fingerprint);
}

}  // namespace
}  // namespace lambdasim
