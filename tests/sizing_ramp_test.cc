// tests/sizing_ramp_test.cc — `lambdasim size` sees what the simulator sees (issue 15 item 2):
// the fluid ramp against its hand-derived closed forms, the flash-sale walk-through (init time
// and a neighbour in the account) against a simulation of the same scenario, the binding limit,
// and the options table (four rows; provisioning around the peak removes the sale's cold
// starts).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "models/analysis/sizing.h"
#include "models/analysis/sizing_options.h"
#include "models/load/scenario_loader.h"
#include "models/run/runner.h"

namespace lambdasim::analysis {
namespace {

// Mean of a lognormal given by its median and p99: median · exp(σ²/2), σ = ln(p99/median)/z99.
double LognormalMean(double median, double p99) {
  const double sigma = std::log(p99 / median) / 2.3263478740408408;
  return median * std::exp(sigma * sigma / 2);
}

TEST(FluidRamp, ConstantRateWithoutInitIsLittle) {
  FluidParams p;
  p.mean_duration_s = 0.2;
  p.horizon_s = 10;
  p.dt_s = 0.001;
  const FluidResult r = FluidRamp([](double) { return 1000.0; }, p);
  EXPECT_NEAR(r.peak, 200, 1.5);  // 1000 rps × 0.2 s
  EXPECT_DOUBLE_EQ(r.scaling_throttles, 0);
}

TEST(FluidRamp, StepFromColdOvershootsByRateTimesInit) {
  // A step to λ from cold: nothing is warm for init + duration, so every request in that
  // span starts an environment: peak = λ·(init + duration) = 1000 × 2.7 = 2700.
  FluidParams p;
  p.mean_duration_s = 0.2;
  p.mean_init_s = 2.5;
  p.horizon_s = 20;
  p.dt_s = 0.001;
  const FluidResult r = FluidRamp([](double) { return 1000.0; }, p);
  EXPECT_NEAR(r.peak, 2700, 5);
  EXPECT_NEAR(r.peak_at_s, 2.7, 0.01);
  EXPECT_NEAR(r.series.back(), 200, 2);  // then Little again
  // The same step through a 1000-token bucket refilling at 100/s: 1000 new environments a
  // second are wanted, so the bucket (1000 + 100·t) runs dry at t = 1000/900 = 1.111 s; from
  // then until the first environments free up at 2.7 s, 900 a second are throttled:
  // 900 × (2.7 − 1.111) = 1430.
  p.burst = 1000;
  p.refill_per_s = 100;
  const FluidResult g = FluidRamp([](double) { return 1000.0; }, p);
  EXPECT_NEAR(g.first_throttle_s, 1000.0 / 900, 0.01);
  EXPECT_NEAR(g.scaling_throttles, 900 * (2.7 - 1000.0 / 900), 10);
}

// `warmup:` in `size`: the same step as above, but after a 2-minute warm-up at the t = 0 rate
// the pool is warm and the bucket full again, so the measured span is Little's 200 from its
// first step, with no overshoot and no throttles (the cold run above had 2 700 and 1 430).
TEST(FluidRamp, WarmupStartsTheMeasuredSpanFromTheWarmedPool) {
  FluidParams p;
  p.mean_duration_s = 0.2;
  p.mean_init_s = 2.5;
  p.horizon_s = 20;
  p.dt_s = 0.001;
  p.burst = 1000;
  p.refill_per_s = 100;
  p.warmup_s = 120;
  const FluidResult r = FluidRamp([](double) { return 1000.0; }, p);
  ASSERT_EQ(r.series.size(), 20000u);  // the measured span only
  EXPECT_NEAR(r.series.front(), 200, 2);
  EXPECT_NEAR(r.peak, 200, 2);
  EXPECT_DOUBLE_EQ(r.scaling_throttles, 0);
  EXPECT_LT(r.first_throttle_s, 0);
}

TEST(FluidRamp, LinearRampCarriesSlopeTimesDurationTimesInitOnAverageAndWavesOnTop) {
  // Rate rising at a = 100 rps/s: new environments at a·S per second on average, each busy
  // `init` longer than Little counts: the time average of busy − λ(t)·S is a·S·I = 50
  // (conservation: every cold start adds I of busy time). They come in waves, and the wave
  // taken for the peak is a·(I+S)·(I−S)/2 = 100 × 2.7 × 2.3 / 2 = 310.5.
  FluidParams p;
  p.mean_duration_s = 0.2;
  p.mean_init_s = 2.5;
  p.horizon_s = 320;  // ~19 wave periods of (I+S)(I−S)/(2S) ≈ 15.5 s: averages settle
  p.dt_s = 0.001;
  const FluidResult r = FluidRamp([](double t) { return 100.0 * t; }, p);
  double sum = 0;
  size_t n = 0;
  for (size_t k = static_cast<size_t>(20 / p.dt_s); k < r.series.size(); ++k, ++n)
    sum += r.series[k] - 100.0 * static_cast<double>(k) * p.dt_s * 0.2;
  EXPECT_NEAR(sum / static_cast<double>(n), 50, 4);
  EXPECT_NEAR(r.wave_overshoot, 310.5, 1);
  EXPECT_NEAR(r.wave_peak, 100 * 320 * 0.2 + 310.5, 2);
}

TEST(FluidRamp, PeakWithNoiseIsTheGaussianExtremeOfAPoissonCount) {
  // level 1600, 180 s at a 0.2 s correlation time: z = √(2 ln 900) = 3.6885, √1600 = 40.
  EXPECT_NEAR(PeakWithNoise(1600, 180, 0.2), 1600 + 3.6885 * 40, 0.01);
  EXPECT_DOUBLE_EQ(PeakWithNoise(1600, 0.1, 0.2), 1600);
}

// The issue-15 walk-through, shortened: checkout 1 200 RPS for 3 min (long enough for
// provisioned concurrency to come online: 60–120 s), then ramping to 9 000 RPS in a minute,
// 180 ms median, 2.5 s init, account 3 000 shared with an image resizer.
constexpr const char* kFlashSale = R"(
name: flash_sale_test
duration: 6m
seed: 15
bucket: 1m
account: { concurrency_limit: 3000 }
functions:
  checkout:
    memory_mb: 1024
    timeout: 10s
    duration: { dist: lognormal, median: 180ms, p99: 600ms }
    init_duration: { dist: constant, value: 2500ms }
  resizer:
    memory_mb: 1536
    timeout: 30s
    duration: { dist: lognormal, median: 1200ms, p99: 3s }
    init_duration: { dist: constant, value: 800ms }
traffic:
  - function: checkout
    start_rate: 1200
    stages:
      - { duration: 3m, target: 1200 }
      - { duration: 1m, target: 9000 }
      - { duration: 2m, target: 9000 }
  - function: resizer
    rate: 150
)";

TEST(FlashSaleSizing, ClosedFormCountsInitAndTheNeighbourAndLandsNearTheSimulatedPeak) {
  const ScenarioSpec spec = LoadScenarioString(kFlashSale, "flash_sale_test");
  const std::vector<SizingInput> in = SizingInputsFromScenario(spec);
  ASSERT_EQ(in.size(), 2u);
  const double s_checkout = LognormalMean(0.18, 0.6);  // 0.2058 s
  const double s_resizer = LognormalMean(1.2, 3.0);    // 1.297 s
  const double a = (9000 - 1200) / 60.0;               // rps per second on the ramp
  // The ramp's concurrency lies between the smooth-ramp value (Little at 9 000 RPS plus a·S·I
  // initializing, FluidRamp.LinearRamp...) and Little plus one whole cold-start wave (every
  // request above the warm capacity for init + duration: a·(I+S)²/2).
  const double smooth = 9000 * s_checkout + a * s_checkout * 2.5;
  const double one_wave = 9000 * s_checkout + a * (2.5 + s_checkout) * (2.5 + s_checkout) / 2;
  EXPECT_GT(in[0].fluid_peak, smooth);
  EXPECT_LT(in[0].fluid_peak, one_wave);
  EXPECT_NEAR(in[0].others_at_peak, 150 * s_resizer, 3);  // the resizer, Little
  EXPECT_EQ(in[0].mean_init_s, 2.5);

  const SizingOutput o = ComputeSizing(in[0]);
  // Old closed form: Little at the peak, nothing else.
  const double old_estimate = 9000 * s_checkout;
  EXPECT_NEAR(o.conc_peak, old_estimate, 1);
  EXPECT_GT(o.conc_needed, in[0].fluid_peak);  // + the noise of the run's maximum

  // The run's maximum scatters from seed to seed by several percent (seeds 15–18 gave 2 220 to
  // 2 667: when the cold-start wave meets the scaling bucket's refills), so the closed form is
  // compared with the mean peak of four seeds. Tolerance: 5 % for the closed form's own bias
  // (the one-wave term sits between a run's damped waves and the fluid's sharp ones: on this
  // 1-minute ramp it is +2.6 %, on the shipped 2-minute ramp (scenarios/flash_sale.yaml) −4.5 %
  // of the simulated account peak) plus three standard errors of that mean.
  RunResult run;
  double sum = 0, sum2 = 0;
  for (const uint64_t seed : {15u, 16u, 17u, 18u}) {
    ScenarioSpec s = spec;
    s.seed = seed;
    RunResult r = RunScenario(s);
    const double peak = static_cast<double>(r.account.concurrency_max);
    sum += peak;
    sum2 += peak * peak;
    if (seed == 15u) run = std::move(r);
  }
  const double simulated = sum / 4;
  const double se = std::sqrt(std::max(0.0, (sum2 - sum * sum / 4) / 3) / 4);
  EXPECT_NEAR(in[0].account_peak_with_noise, simulated, 0.05 * simulated + 3 * se)
      << "closed form " << in[0].account_peak_with_noise << ", simulated mean " << simulated
      << " (se " << se << ")";
  // The old answer (checkout's Little alone) misses by far more than that tolerance.
  EXPECT_GT(simulated - old_estimate, 3 * 0.05 * simulated);
  // Cold start from zero at t = 0: 1 200 RPS × 2.7 s wants 3 240 environments, the bucket
  // gives 1 000 at once: the environment side of the scaling rate binds, at the start.
  EXPECT_EQ(o.binding, BindingLimit::kScalingEnv);
  EXPECT_LT(in[0].fluid_first_throttle_s, 1.0);
  EXPECT_GT(run.functions[0].throttles_by_reason[static_cast<int>(ThrottleReason::kScalingRate)],
            0u);
}

TEST(FlashSaleSizing, AccountPoolBindsWhenTheNeighbourTakesItsShare) {
  // Same shape, account limit 2 100: checkout alone (≈1 900) would fit; with the resizer's
  // ≈195 and the run's noise it does not.
  ScenarioSpec spec =
      LoadScenarioString(kFlashSale, "flash_sale_test", {{"account.concurrency_limit", "2100"}});
  const std::vector<SizingInput> in = SizingInputsFromScenario(spec);
  const SizingOutput o = ComputeSizing(in[0]);
  EXPECT_EQ(o.binding, BindingLimit::kAccountPool);
  EXPECT_GT(o.quota_needed, 2100);
  EXPECT_LT(o.conc_peak, 2100);  // the old form would have said it fits
}

TEST(SizingOptions, FourRowsAndProvisioningAroundThePeakCutsColdStarts) {
  const ScenarioSpec spec = LoadScenarioString(kFlashSale, "flash_sale_test");
  const std::vector<SizingOption> opts = SizingOptionSpecs(spec, 0, 2100);
  ASSERT_EQ(opts.size(), 4u);
  EXPECT_EQ(opts[0].name, "on-demand");
  EXPECT_EQ(opts[1].spec.functions[0].reserved_concurrency, 2100);
  EXPECT_EQ(opts[2].spec.functions[0].provisioned_concurrency, 2100);
  // Peak window: the rate passes 1 200 + 1 % × 7 800 = 1 278 at 180 + 0.6 s; provisioned
  // from 180.6 − (120 s allocation delay + 30 s) = 30.6 s to the end (the rate stays high).
  const PeakWindow w = FindPeakWindow(spec, 0);
  EXPECT_NEAR(w.start_s, 180.6, 0.3);
  EXPECT_NEAR(w.end_s, 360, 0.5);
  EXPECT_DOUBLE_EQ(w.low_rate_per_s, 1200);
  EXPECT_EQ(opts[3].spec.functions[0].provisioned_concurrency, 0);
  ASSERT_EQ(opts[3].spec.functions[0].provisioned_schedule.size(), 1u);
  EXPECT_NEAR(opts[3].spec.functions[0].provisioned_schedule[0].at.seconds(), 30.6, 0.3);
  EXPECT_EQ(opts[3].spec.functions[0].provisioned_schedule[0].value, 2100);
  // The account allows checkout 3 000 − 100 = 2 900 (the resizer reserves nothing).
  EXPECT_EQ(AccountAllowsFor(spec, 0), 2900);
  EXPECT_EQ(SizingOptionSpecs(spec, 0, 5000)[1].spec.functions[0].reserved_concurrency, 2900);

  const std::vector<OptionRow> rows =
      RunSizingOptions(opts, 0, [](const ScenarioSpec& s) { return RunScenario(s); });
  ASSERT_EQ(rows.size(), 4u);
  // On demand, the sale starts every environment beyond those left from the cold start at
  // t = 0 (the 1 000 burst + 100/s until the first free up at 2.7 s: ≈ 1 270, see
  // FluidRamp.StepFromCold...), i.e. at least 9 000 × 0.2058 − 1 270 ≈ 582 cold starts.
  // Provisioned (always on, or from 30.6 s), 2 100 pre-initialized environments are online
  // before the sale: those cold starts are gone (start-of-run cold starts stay in every row:
  // provisioned concurrency needs 60–120 s to come online).
  const double sale_cold = 9000 * LognormalMean(0.18, 0.6) - 1270;
  EXPECT_GT(static_cast<double>(rows[0].cold_starts) - static_cast<double>(rows[2].cold_starts),
            0.9 * sale_cold);
  EXPECT_GT(static_cast<double>(rows[0].cold_starts) - static_cast<double>(rows[3].cold_starts),
            0.9 * sale_cold);
  EXPECT_GT(rows[3].monthly_cost_usd, rows[0].monthly_cost_usd);  // provisioned is paid for
  EXPECT_GT(rows[2].monthly_cost_usd, rows[0].monthly_cost_usd);
  for (const auto& r : rows) EXPECT_GT(r.requests, 0u);
}

}  // namespace
}  // namespace lambdasim::analysis
