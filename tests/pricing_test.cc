// tests/pricing_test.cc — provisioned-concurrency billing (issue 14 item 3), prices and billing
// rules as data (item 5): `pricing:` overrides, bill_init, free tier, tiered monthly duration,
// the aws-2022 provisioned allocation rule, the auto-scaling data-point default. Every expected
// figure is computed by hand from the AWS rule (comments), never taken from the model.
#include <gtest/gtest.h>

#include <string>

#include "models/load/scenario_loader.h"
#include "models/metrics/cost_projection.h"
#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using sim::Distribution;
using sim::Duration;
using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;

constexpr double kPcX86 = 0.0000041667;  // $/GB-s configured, us-east-1 (pricing page)
constexpr double kOnDemandX86 = 0.0000166667;
constexpr double kOnDemandArm = 0.0000133334;
constexpr double kRequest = 0.2e-6;

// A 1 GB function whose provisioned environments are ready at once and cost nothing to init.
FunctionSpec& PcFunction(ScenarioSpec& spec) {
  auto& f = AddFunction(spec, "api", Distribution::Constant(0.1));
  f.memory_mb = 1024;
  f.pc_allocation_delay_min = f.pc_allocation_delay_max = Duration::Seconds(0);
  AddTraffic(spec, "api", 0.01);
  return f;
}

// Issue 14 item 3: 100/101 alternating each minute for an hour at 1 GB. AWS bills the configured
// amount over time: 30 min × 100 + 30 min × 101 = 100.5 × 3600 s × 1 GB × $0.0000041667
// = $1.50751206. Rounding every one-minute change up to 5 minutes billed 5× that ($7.54).
TEST(ProvisionedBilling, AlternatingAmountIsBilledExactlyNotPerChangeRounded) {
  auto spec = BaseSpec(Duration::Minutes(60));
  auto& f = PcFunction(spec);
  f.provisioned_concurrency = 100;
  for (int m = 1; m < 60; ++m)
    f.provisioned_schedule.push_back({Duration::Minutes(m), m % 2 ? 101 : 100});
  const auto r = RunScenario(spec);
  EXPECT_NEAR(r.functions[0].cost_provisioned_usd, 100.5 * 3600 * 1.0 * kPcX86, 1e-9);
  EXPECT_NEAR(r.functions[0].cost_provisioned_usd, 1.508, 0.001);
}

// Enabled for 7 minutes (10 at t=0, disabled at 7 min): rounded up to 10 minutes once:
// 10 × 600 s × 1 GB × $0.0000041667 = $0.025000200.
TEST(ProvisionedBilling, SevenMinuteEnableIsBilledAsTen) {
  auto spec = BaseSpec(Duration::Minutes(20));
  auto& f = PcFunction(spec);
  f.provisioned_concurrency = 10;
  f.provisioned_schedule = {{Duration::Minutes(7), 0}};
  const auto r = RunScenario(spec);
  EXPECT_NEAR(r.functions[0].cost_provisioned_usd, 10 * 600 * kPcX86, 1e-12);
}

// Enabled 7 minutes, 10 for 3 then 20 for 4: exact 10×180 + 20×240 = 6 600 GB-s, plus the
// span's rounding 7 → 10 min at the amount in force at its end (20 × 180 s = 3 600 GB-s):
// 10 200 GB-s. (Per-change rounding billed 10 × 300 + 20 × 300 = 9 000.)
TEST(ProvisionedBilling, SpanRoundingIsAtTheAmountInForceAtItsEnd) {
  auto spec = BaseSpec(Duration::Minutes(20));
  auto& f = PcFunction(spec);
  f.provisioned_concurrency = 10;
  f.provisioned_schedule = {{Duration::Minutes(3), 20}, {Duration::Minutes(7), 0}};
  const auto r = RunScenario(spec);
  EXPECT_NEAR(r.functions[0].cost_provisioned_usd, 10200 * kPcX86, 1e-12);
}

// Enable (10) → disable at 7 min → enable (10) at 12 min → disable at 13 min → enable (4) at
// 27 min until the end of the run at 30 min: spans of 7, 1 and 3 minutes, each rounded up on
// its own: 10 × 600 + 10 × 300 + 4 × 300 = 10 200 GB-s.
TEST(ProvisionedBilling, EachEnabledSpanIsRoundedOnItsOwnIncludingTheLastAtTheEndOfTheRun) {
  auto spec = BaseSpec(Duration::Minutes(30));
  auto& f = PcFunction(spec);
  f.provisioned_concurrency = 10;
  f.provisioned_schedule = {{Duration::Minutes(7), 0},
                            {Duration::Minutes(12), 10},
                            {Duration::Minutes(13), 0},
                            {Duration::Minutes(27), 4}};
  const auto r = RunScenario(spec);
  EXPECT_NEAR(r.functions[0].cost_provisioned_usd, 10200 * kPcX86, 1e-12);
}

// --- aws-2022 provisioned allocation ---------------------------------------------------

ScenarioSpec Aws2022Spec(const std::string& region) {
  auto spec = BaseSpec(Duration::Minutes(10));
  spec.region = region;
  spec.platform = *LookupPlatform("aws-2022", region);
  spec.scaling = ScalingSpec{spec.platform.scaling_burst, spec.platform.scaling_refill_count,
                             spec.platform.scaling_refill_period};
  spec.account = AccountSpec{10000, 100};
  return spec;
}

// Lambda Developer Guide before Nov 2023 (provisioned-concurrency.md): "up to 3000 instances of
// the function can be initialized at once, depending on the Region. After the initial burst,
// instances are allocated at a steady rate of 500 per minute until the request is fulfilled."
// 4 000 in us-east-1 (burst 3 000): 3 000, 3 500, 4 000 in minutes 0, 1, 2.
TEST(ProvisionedAllocation, Aws2022AllocatesTheRegionBurstThen500PerMinute) {
  auto spec = Aws2022Spec("us-east-1");
  auto& f = PcFunction(spec);
  f.provisioned_concurrency = 4000;
  auto r = RunScenario(spec);
  const int64_t expected[] = {3000, 3500, 4000, 4000};
  for (size_t m = 0; m < 4; ++m)
    EXPECT_EQ(r.function_rows[m].provisioned_concurrency_allocated, expected[m]) << "minute " << m;

  // sa-east-1 (burst 500): 1 600 → 500, 1 000, 1 500, 1 600.
  auto spec2 = Aws2022Spec("sa-east-1");
  auto& g = PcFunction(spec2);
  g.provisioned_concurrency = 1600;
  r = RunScenario(spec2);
  const int64_t expected2[] = {500, 1000, 1500, 1600, 1600};
  for (size_t m = 0; m < 5; ++m)
    EXPECT_EQ(r.function_rows[m].provisioned_concurrency_allocated, expected2[m]) << "minute " << m;
}

// aws-2023 (scaling-behavior): up to 6 000 a minute, none usable until all are: 4 000 at once.
TEST(ProvisionedAllocation, Aws2023AllocatesUpTo6000AMinuteAllAtOnce) {
  auto spec = BaseSpec(Duration::Minutes(5));
  spec.account = AccountSpec{10000, 100};
  auto& f = PcFunction(spec);
  f.provisioned_concurrency = 4000;
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.function_rows[0].provisioned_concurrency_allocated, 4000);
}

// --- provisioned auto scaling ---------------------------------------------------------

// Lambda provisioned-concurrency page: "both CloudWatch alarms require 3 data points that hit
// the target average to activate the auto scaling policy" — scale-in after 3 low minutes, not 15.
TEST(ProvisionedAutoscalingDefaults, ScaleInAfterThreeLowDataPoints) {
  EXPECT_EQ(ProvisionedAutoscaling{}.scale_out_datapoints, 3);
  EXPECT_EQ(ProvisionedAutoscaling{}.scale_in_datapoints, 3);
  auto spec = BaseSpec(Duration::Minutes(10));
  auto& f = AddFunction(spec, "api", Distribution::Constant(1.0));
  f.provisioned_concurrency = 100;
  f.pc_allocation_delay_min = f.pc_allocation_delay_max = Duration::Seconds(0);
  f.provisioned_autoscaling.enabled = true;
  f.provisioned_autoscaling.min = 10;
  f.provisioned_autoscaling.max = 100;
  AddTraffic(spec, "api", 10, ArrivalKind::kUniform);  // 10 busy of 100: 10 % < 63 %
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.function_rows[2].provisioned_concurrency_allocated, 100);
  // Decided at t = 3 min: ceil(100 × 0.1 / 0.7) = 15.
  EXPECT_EQ(r.function_rows[4].provisioned_concurrency_allocated, 15);
}

// --- the monthly projection: tiers and free tier ----------------------------------------

// x86, 20 billion GB-s in a 720-hour month: 6 B at $0.0000166667, 9 B at 10 % off, 5 B at 20 %
// off = 0.0000166667 × (6 + 8.1 + 4) × 10⁹ = $301 667.27. arm64, 20 B: 7.5 B full, 11.25 B at
// 10 % off, 1.25 B at 20 % off = 0.0000133334 × 18.625 × 10⁹ = $248 334.575.
TEST(MonthlyProjection, TieredDurationHandComputed) {
  const double month_s = 720 * 3600.0;
  Prices p;
  FunctionCostInput x86;
  x86.cost.duration_usd = 20e9 * kOnDemandX86;
  auto m = ProjectMonthlyCosts({x86}, month_s, p);
  EXPECT_TRUE(m.tiered);
  EXPECT_NEAR(m.account_usd, 301667.27, 0.01);
  FunctionCostInput arm;
  arm.arm64 = true;
  arm.cost.duration_usd = 20e9 * kOnDemandArm;
  m = ProjectMonthlyCosts({arm}, month_s, p);
  EXPECT_NEAR(m.account_usd, 248334.575, 0.01);
  // Two x86 functions of 10 B each share the tiers of the account's 20 B.
  x86.cost.duration_usd = 10e9 * kOnDemandX86;
  m = ProjectMonthlyCosts({x86, x86}, month_s, p);
  EXPECT_NEAR(m.account_usd, 301667.27, 0.01);
  EXPECT_NEAR(m.function_usd[0], 301667.27 / 2, 0.01);
  // Below the first tier: linear.
  x86.cost.duration_usd = 1e9 * kOnDemandX86;
  m = ProjectMonthlyCosts({x86}, month_s, p);
  EXPECT_FALSE(m.tiered);
  EXPECT_NEAR(m.account_usd, 16666.7, 0.01);
}

// End to end: 10 GB × 1 s × 500/s for 10 min = 3 000 000 GB-s; × 4 320 (720 h / 10 min) =
// 12.96 B GB-s a month. Tiered: 0.0000166667 × (6 B + 0.9 × 6.96 B) = $204 400.40; requests
// 300 000 × $0.2/M × 4 320 = $259.20; total $204 659.60 (linear would be $216 259.43).
TEST(MonthlyProjection, ScenarioCrossingTheFirstTierIsTieredAndSaysSo) {
  auto spec = BaseSpec(Duration::Minutes(10));
  auto& f = AddFunction(spec, "big", Distribution::Constant(1.0));
  f.memory_mb = 10240;
  AddTraffic(spec, "big", 500, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);
  ASSERT_EQ(r.functions[0].invocations, 300000u);
  EXPECT_TRUE(r.account.monthly_cost_tiered);
  EXPECT_NEAR(r.account.monthly_cost_usd, 204659.61, 0.05);
  EXPECT_NEAR(r.functions[0].monthly_cost_usd, r.account.monthly_cost_usd, 1e-6);
  EXPECT_NEAR(r.account.monthly_tier_discount_usd, 216000.432 - 204400.409, 0.05);
}

// Free tier (pricing page: "one million requests and 400,000 GB-seconds per month"): 2 M
// requests ($0.40) and 1 M GB-s ($16.6667) a month → 1 M × $0.2/M = $0.20 and 400 000 ×
// $0.0000166667 = $6.66668 off. A function with provisioned concurrency gets none of it.
TEST(MonthlyProjection, FreeTierTakesOffOneMillionRequestsAnd400kGbSeconds) {
  const double month_s = 720 * 3600.0;
  Prices p;
  p.free_tier = true;
  FunctionCostInput a;
  a.free_tier_eligible = true;
  a.cost.requests_usd = 2e6 * kRequest;
  a.cost.duration_usd = 1e6 * kOnDemandX86;
  FunctionCostInput pc = a;
  pc.free_tier_eligible = false;
  const auto m = ProjectMonthlyCosts({a, pc}, month_s, p);
  EXPECT_NEAR(m.function_usd[0], 0.40 + 16.6667 - 0.20 - 6.66668, 1e-6);
  EXPECT_NEAR(m.function_usd[1], 0.40 + 16.6667, 1e-6);
  EXPECT_NEAR(m.free_tier_usd, 0.20 + 6.66668, 1e-6);
  p.free_tier = false;
  EXPECT_NEAR(ProjectMonthlyCosts({a}, month_s, p).account_usd, 0.40 + 16.6667, 1e-6);
}

// --- `pricing:` overrides ----------------------------------------------------------------

// 10/s uniform × 100 ms × 1 GB for 60 s: 600 requests, 60 GB-s (plus cold starts' init).
RunResult RunYaml(const std::string& pricing, const std::string& function_extra = "") {
  const std::string yaml = "duration: 60s\n" + pricing +
                           "functions:\n  api:\n    memory_mb: 1024\n    duration: 100ms\n"
                           "    init_duration: 250ms\n" +
                           function_extra +
                           "traffic:\n  - function: api\n    rate: 10\n    arrivals: uniform\n";
  return RunScenario(LoadScenarioString(yaml, "t.yaml"));
}

TEST(PricingBlock, EachOverrideChangesTheCostByTheHandComputedAmount) {
  const auto base = RunYaml("");
  const auto& b = base.functions[0];
  ASSERT_EQ(b.invocations, 600u);
  const double cold_gbs = 0.25 * static_cast<double>(b.cold_starts);  // billed init, 1 GB
  EXPECT_NEAR(b.cost_requests_usd, 600 * kRequest, 1e-12);
  EXPECT_NEAR(b.cost_duration_usd, (60 + cold_gbs) * kOnDemandX86, 1e-12);

  // $1 per million requests: 600 × $0.000001 = $0.0006.
  auto r = RunYaml("pricing: { request_usd_per_million: 1.0 }\n");
  EXPECT_NEAR(r.functions[0].cost_requests_usd, 0.0006, 1e-12);
  // x86 GB-s at $0.00002: (60 + init) GB-s × $0.00002.
  r = RunYaml("pricing: { gb_second_usd_x86_64: 0.00002 }\n");
  EXPECT_NEAR(r.functions[0].cost_duration_usd, (60 + cold_gbs) * 0.00002, 1e-12);
  // arm64 at $0.00001 (the x86 override does not apply to it).
  r = RunYaml("pricing: { gb_second_usd_arm64: 0.00001, gb_second_usd_x86_64: 1 }\n",
              "    architecture: arm64\n");
  EXPECT_NEAR(r.functions[0].cost_duration_usd,
              (60 + 0.25 * static_cast<double>(r.functions[0].cold_starts)) * 0.00001, 1e-12);
  // PC 2 at once for the whole 60 s (rounded up to 5 min): 2 × 300 s × 1 GB × $0.00001 = $0.006;
  // every invocation on PC at $0.00002/GB-s: 60 GB-s + the 2 environments' init 2 × 0.25 GB-s.
  const std::string pc =
      "    provisioned_concurrency: 2\n    provisioned_allocation_delay: { min: 0s, max: 0s }\n";
  r = RunYaml(
      "pricing: { provisioned_gb_second_usd_x86_64: 0.00001,"
      " provisioned_duration_gb_second_usd_x86_64: 0.00002 }\n",
      pc);
  EXPECT_EQ(r.functions[0].provisioned_concurrency_invocations, 600u);
  EXPECT_NEAR(r.functions[0].cost_provisioned_usd, 0.006, 1e-12);
  EXPECT_NEAR(r.functions[0].cost_duration_usd, 60.5 * 0.00002, 1e-12);
  // arm64 PC rates.
  r = RunYaml(
      "pricing: { provisioned_gb_second_usd_arm64: 0.00003,"
      " provisioned_duration_gb_second_usd_arm64: 0.00004 }\n",
      pc + "    architecture: arm64\n");
  EXPECT_NEAR(r.functions[0].cost_provisioned_usd, 2 * 300 * 0.00003, 1e-12);
  EXPECT_NEAR(r.functions[0].cost_duration_usd, 60.5 * 0.00004, 1e-12);
}

// bill_init: false reproduces bills before 1 Aug 2025: the cold starts' 250 ms init is not billed.
TEST(PricingBlock, BillInitFalseDropsInitFromTheBill) {
  const auto with = RunYaml("");
  const auto without = RunYaml("pricing: { bill_init: false }\n");
  ASSERT_GT(with.functions[0].cold_starts, 0u);
  EXPECT_EQ(with.functions[0].cold_starts, without.functions[0].cold_starts);
  EXPECT_NEAR(without.functions[0].cost_duration_usd, 60 * kOnDemandX86, 1e-12);
  EXPECT_NEAR(with.functions[0].cost_duration_usd - without.functions[0].cost_duration_usd,
              0.25 * static_cast<double>(with.functions[0].cold_starts) * kOnDemandX86, 1e-12);
}

// free_tier: true in the scenario reaches the monthly projection: 600 requests and 60 GB-s a
// minute → 25.92 M requests and 2.592 M GB-s (+ init) a month, minus 1 M and 400 000.
TEST(PricingBlock, FreeTierKeyReachesTheMonthlyProjection) {
  const auto off = RunYaml("");
  const auto on = RunYaml("pricing: { free_tier: true }\n");
  EXPECT_NEAR(off.account.monthly_cost_usd - on.account.monthly_cost_usd,
              1e6 * kRequest + 400000 * kOnDemandX86, 1e-6);
  EXPECT_NEAR(on.account.monthly_free_tier_usd, 1e6 * kRequest + 400000 * kOnDemandX86, 1e-6);
}

}  // namespace
}  // namespace lambdasim
