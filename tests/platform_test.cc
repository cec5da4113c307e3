// Rule-by-rule tests of the Lambda platform model (reference sections in brackets).
// Each test would fail if its rule were implemented wrongly.
#include <cmath>

#include <gtest/gtest.h>

#include "models/lambda/event_kinds.h"
#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using sim::Distribution;
using sim::Duration;
using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;

uint64_t Reason(const FunctionSummary& s, ThrottleReason r) {
  return s.throttles_by_reason[static_cast<size_t>(r)];
}

// Sends exactly one request per source at `at` (uniform arrivals, one per horizon).
TrafficSpec& AddOneShot(ScenarioSpec& spec, const std::string& fn, Duration at) {
  auto& t = AddTraffic(spec, fn, 1e-6, ArrivalKind::kUniform);
  t.start = at;
  return t;
}

TEST(SameInstantOrder, TableIsReleasesThenCapacityThenExpiriesThenArrivalsThenSampling) {
  EXPECT_LT(PriorityOf(EventKind::kInvocationComplete), PriorityOf(EventKind::kProvisionedReady));
  EXPECT_EQ(PriorityOf(EventKind::kProvisionedReady), PriorityOf(EventKind::kProvisionedSchedule));
  EXPECT_LT(PriorityOf(EventKind::kProvisionedReady), PriorityOf(EventKind::kIdleReclaim));
  EXPECT_LT(PriorityOf(EventKind::kIdleReclaim), PriorityOf(EventKind::kArrival));
  EXPECT_EQ(PriorityOf(EventKind::kArrival), PriorityOf(EventKind::kClientRetry));
  EXPECT_LT(PriorityOf(EventKind::kArrival), PriorityOf(EventKind::kAutoscalingEvaluation));
}

TEST(SameInstantOrder, ReleaseAtTheSameInstantAsAnArrivalFreesConcurrencyFirst) {
  // RC 1, every request lasts exactly 1 s, one arrival per second: each arrival coincides
  // with the previous completion and must be admitted (warm).
  auto spec = BaseSpec(Duration::Seconds(100));
  auto& f = AddFunction(spec, "api", Distribution::Constant(1.0));
  f.reserved_concurrency = 1;
  AddTraffic(spec, "api", 1.0, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].throttles, 0u);
  EXPECT_EQ(r.functions[0].invocations, 100u);
  EXPECT_EQ(r.functions[0].cold_starts, 1u);
}

TEST(SameInstantOrder, EnvironmentExpiringAtAnArrivalInstantIsGoneFirst) {
  // keep_alive 10 s; requests exactly 10 s apart with zero duration: the idle environment
  // expires at the arrival instant (expiry before arrival) ⇒ every request is cold.
  auto spec = BaseSpec(Duration::Seconds(100));
  auto& f = AddFunction(spec, "api", Distribution::Constant(0));
  f.keep_alive = Duration::Seconds(10);
  AddTraffic(spec, "api", 0.1, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].invocations, 10u);
  EXPECT_EQ(r.functions[0].cold_starts, 10u);
}

TEST(Environments, WarmReuseWithinKeepAliveColdAfter) {
  for (const auto& [gap_s, expected_cold] : {std::pair{540.0, 1u}, std::pair{660.0, 6u}}) {
    auto spec = BaseSpec(Duration::Seconds(static_cast<int64_t>(gap_s * 6)));
    AddFunction(spec, "api", Distribution::Constant(0.1),
                Distribution::Constant(0.25));  // keep_alive 10m default
    spec.functions[0].keep_alive = Duration::Minutes(10);
    AddTraffic(spec, "api", 1.0 / gap_s, ArrivalKind::kUniform);
    const auto r = RunScenario(spec);
    EXPECT_EQ(r.functions[0].invocations, 6u);
    EXPECT_EQ(r.functions[0].cold_starts, expected_cold) << "gap " << gap_s;
  }
}

TEST(Environments, ColdStartLatencyIncludesInitWarmDoesNot) {
  auto spec = BaseSpec(Duration::Seconds(10));
  AddFunction(spec, "api", Distribution::Constant(0.1), Distribution::Constant(0.4));
  AddTraffic(spec, "api", 1.0, ArrivalKind::kUniform);  // 10 requests, 1 s apart: 1 cold, 9 warm
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_EQ(s.cold_starts, 1u);
  EXPECT_NEAR(s.latency.max_ms, 500, 0.5);
  EXPECT_NEAR(s.latency.p50_ms, 100, 2);  // histogram bin width ≤ 1.6 %
  EXPECT_NEAR(s.duration.max_ms, 100, 0.5);
}

TEST(Environments, MaximumLifetimeRetiresEnvironments) {
  auto spec = BaseSpec(Duration::Seconds(100));
  auto& f = AddFunction(spec, "api", Distribution::Constant(0.01));
  f.max_lifetime = Distribution::Constant(10);  // every environment lives 10 s
  AddTraffic(spec, "api", 1.0, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);
  // One environment at a time, replaced every 10 s: arrivals at 0,1,...,99 ⇒ cold at 0,10,...,90.
  EXPECT_EQ(r.functions[0].cold_starts, 10u);
}

TEST(Environments, TimeoutIsAnErrorAndResetsTheEnvironment) {
  auto spec = BaseSpec(Duration::Seconds(100));
  auto& f = AddFunction(spec, "api", Distribution::Constant(5.0));
  f.timeout = Duration::Seconds(2);
  AddTraffic(spec, "api", 0.1, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_EQ(s.invocations, 10u);
  EXPECT_EQ(s.errors, 10u);
  EXPECT_EQ(s.timeouts, 10u);
  EXPECT_EQ(s.cold_starts, 10u);  // reset ⇒ next request is cold again
  EXPECT_NEAR(s.duration.max_ms, 2000, 1);
}

TEST(Environments, InitOverTenSecondsIsRetriedInsideTheInvoke) {
  auto spec = BaseSpec(Duration::Seconds(60));
  auto& f = AddFunction(spec, "api", Distribution::Constant(1.0), Distribution::Constant(12.0));
  f.timeout = Duration::Seconds(30);
  AddOneShot(spec, "api", Duration::Seconds(0));
  const auto r = RunScenario(spec);
  // 10 s abandoned init + (12 s re-init + 1 s) inside the invoke = 23 s.
  EXPECT_NEAR(r.functions[0].latency.max_ms, 23000, 1);
  EXPECT_EQ(r.functions[0].errors, 0u);
}

TEST(Environments, ErrorRateProducesErrors) {
  auto spec = BaseSpec(Duration::Seconds(100));
  auto& f = AddFunction(spec, "api", Distribution::Constant(0.01));
  f.error_rate = 0.25;
  AddTraffic(spec, "api", 400);
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  const double n = static_cast<double>(s.invocations);
  EXPECT_NEAR(s.error_rate, 0.25, 5 * std::sqrt(0.25 * 0.75 / n));
}

TEST(ReservedConcurrency, SeedDeckExampleTwoReservedThreeConcurrentOneThrottled) {
  auto spec = BaseSpec(Duration::Seconds(10));
  auto& f = AddFunction(spec, "orders", Distribution::Constant(1.0));
  f.reserved_concurrency = 2;
  for (int i = 0; i < 3; ++i) AddOneShot(spec, "orders", Duration::Seconds(1));
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].invocations, 2u);
  EXPECT_EQ(r.functions[0].throttles, 1u);
  EXPECT_EQ(Reason(r.functions[0], ThrottleReason::kReservedConcurrency), 1u);
}

TEST(ReservedConcurrency, ZeroDisablesTheFunction) {
  auto spec = BaseSpec(Duration::Seconds(10));
  auto& f = AddFunction(spec, "off", Distribution::Constant(0.1));
  f.reserved_concurrency = 0;
  AddTraffic(spec, "off", 50);
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].invocations, 0u);
  EXPECT_GT(r.functions[0].throttles, 300u);
  EXPECT_EQ(r.functions[0].throttles, Reason(r.functions[0], ThrottleReason::kReservedConcurrency));
}

TEST(ReservedConcurrency, IsACapEvenWhenTheAccountIsIdle) {
  auto spec = BaseSpec(Duration::Seconds(60));
  auto& f = AddFunction(spec, "api", Distribution::Constant(1.0));
  f.reserved_concurrency = 50;
  AddTraffic(spec, "api", 100, ArrivalKind::kUniform);  // needs 100
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].concurrency_max, 50);
  EXPECT_NEAR(r.functions[0].throttle_rate, 0.5, 0.01);
  EXPECT_EQ(r.functions[0].throttles, Reason(r.functions[0], ThrottleReason::kReservedConcurrency));
}

TEST(ReservedConcurrency, IsAGuaranteeAgainstANoisyNeighbour) {
  auto spec = BaseSpec(Duration::Seconds(120));
  auto& api = AddFunction(spec, "api", Distribution::Constant(1.0));
  api.reserved_concurrency = 200;
  AddFunction(spec, "batch", Distribution::Constant(10.0));
  AddTraffic(spec, "api", 150, ArrivalKind::kUniform);  // needs 150 ≤ 200
  AddTraffic(spec, "batch", 500);                       // wants 5000 ≫ the 800 left
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].throttles, 0u);
  EXPECT_GT(r.functions[1].throttles, 0u);
  EXPECT_EQ(r.functions[1].concurrency_max, 800);  // 1000 − 200 reserved
  EXPECT_EQ(r.functions[1].concurrency_limit, 800);
  EXPECT_GT(Reason(r.functions[1], ThrottleReason::kAccountConcurrency), 0u);
}

TEST(AccountPool, UnreservedFunctionsShareWhatIsLeft) {
  auto spec = BaseSpec(Duration::Seconds(60));
  AddFunction(spec, "a", Distribution::Constant(10.0));
  AddFunction(spec, "b", Distribution::Constant(10.0));
  AddTraffic(spec, "a", 100, ArrivalKind::kUniform);
  AddTraffic(spec, "b", 100, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.account.concurrency_max, 1000);
  EXPECT_GT(r.account.throttles_by_reason[static_cast<size_t>(ThrottleReason::kAccountConcurrency)],
            0u);
}

// The 2023 rule (§2.1): per-function bucket of 1000 tokens refilled at 100/s. A step to
// 5 000 RPS of a function that never finishes within the run: admissions follow
// min(demand, 1000 + 100·t) exactly.
TEST(ScalingRate, Aws2023RampFollowsThousandPlusHundredPerSecond) {
  const double rate = 5000;
  const int64_t horizon_s = 60;
  auto spec = BaseSpec(Duration::Seconds(horizon_s));
  spec.account.concurrency_limit = 20000;
  AddFunction(spec, "api", Distribution::Constant(1000.0));
  AddTraffic(spec, "api", rate, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);

  // Independent computation: arrival k at t_k = k / rate is admitted iff the number of
  // environments created so far is below 1000 + floor(100 · t_k).
  uint64_t created = 0, throttled = 0;
  for (int64_t k = 0;; ++k) {
    const int64_t t_ns = static_cast<int64_t>(std::llround(static_cast<double>(k) / rate * 1e9));
    if (t_ns >= horizon_s * 1000000000LL) break;
    const int64_t tokens = 1000 + (100 * t_ns) / 1000000000LL;
    if (static_cast<int64_t>(created) < tokens)
      ++created;
    else
      ++throttled;
  }
  const auto& s = r.functions[0];
  EXPECT_EQ(s.cold_starts, created);
  EXPECT_EQ(s.throttles, throttled);
  EXPECT_EQ(Reason(s, ThrottleReason::kScalingRate), throttled);
  // The last arrival is at 60 s − 0.2 ms, when 1000 + floor(100 · 59.9998) = 6999 tokens exist.
  EXPECT_EQ(created, 6999u);
  EXPECT_EQ(r.function_rows[0].concurrent_executions_max, 6999);
}

// The 2022 rule (§2.3): one account bucket (3000 in us-east-1) refilled at 500/min, shared
// by all functions. Operator-guide example: 10 000 requests at once → 3 000 served.
TEST(ScalingRate, Aws2022AccountBurstSharedByFunctions) {
  auto spec = BaseSpec(Duration::Seconds(120));
  spec.platform = *LookupPlatform("aws-2022", "us-east-1");
  spec.scaling = ScalingFromProfile(spec.platform);
  spec.account.concurrency_limit = 20000;
  AddFunction(spec, "a", Distribution::Constant(1000.0));
  AddFunction(spec, "b", Distribution::Constant(1000.0));
  AddTraffic(spec, "a", 3000, ArrivalKind::kUniform);
  AddTraffic(spec, "b", 3000, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);
  const uint64_t total = r.functions[0].cold_starts + r.functions[1].cold_starts;
  // 3000 + 500/min × 2 min, within one token of the continuous refill.
  EXPECT_NEAR(static_cast<double>(total), 4000.0, 1.0);
  EXPECT_GT(r.functions[0].cold_starts, 1500u);
  EXPECT_GT(r.functions[1].cold_starts, 1500u);
  // Minute one alone: the burst plus one minute of refill.
  const int64_t minute1 =
      r.function_rows[0].concurrent_executions_max + r.function_rows[1].concurrent_executions_max;
  EXPECT_NEAR(static_cast<double>(minute1), 3500.0, 2.0);
}

TEST(ScalingRate, Aws2022RegionsHaveTheirBurst) {
  EXPECT_EQ(LookupPlatform("aws-2022", "us-east-1")->scaling_burst, 3000);
  EXPECT_EQ(LookupPlatform("aws-2022", "eu-central-1")->scaling_burst, 1000);
  EXPECT_EQ(LookupPlatform("aws-2022", "sa-east-1")->scaling_burst, 500);
  EXPECT_EQ(LookupPlatform("aws-2023", "sa-east-1")->scaling_burst, 1000);
  EXPECT_FALSE(LookupPlatform("gcp", "us-east-1").has_value());
}

TEST(ScalingRate, WarmReuseSpendsNoTokens) {
  // Bucket of 5, no refill: 5 environments, then thousands of warm requests never throttle.
  auto spec = BaseSpec(Duration::Seconds(60));
  spec.scaling = ScalingSpec{5, 0, Duration::Seconds(1)};
  AddFunction(spec, "api", Distribution::Constant(0.01));
  AddTraffic(spec, "api", 100, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].throttles, 0u);
  EXPECT_EQ(r.functions[0].cold_starts, 1u);
  EXPECT_EQ(r.functions[0].invocations, 6000u);
}

// §1.3: 20 000 RPS of a 50 ms function needs 1 000 concurrency but the account's RPS
// limit is 10 × 1000: the throttles are RPS throttles, not concurrency throttles.
TEST(RpsLimit, ShortFunctionAtHighRateIsThrottledByRpsNotConcurrency) {
  auto spec = BaseSpec(Duration::Seconds(30));
  spec.account.concurrency_limit = 1000;
  AddFunction(spec, "fast", Distribution::Constant(0.01));
  AddTraffic(spec, "fast", 20000, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_EQ(Reason(s, ThrottleReason::kAccountConcurrency), 0u);
  EXPECT_EQ(Reason(s, ThrottleReason::kScalingRate), 0u);
  EXPECT_GT(Reason(s, ThrottleReason::kRpsLimit), 0u);
  EXPECT_LE(s.concurrency_max, 300);
  // At most 10 000 admitted in any second: 30 s ⇒ ≤ 300 000 (+ the first window edge).
  EXPECT_NEAR(static_cast<double>(s.invocations), 300000.0, 10000.0);
  EXPECT_NEAR(s.throttle_rate, 0.5, 0.02);
}

TEST(RpsLimit, ReservedFunctionLimitIsTenTimesItsReservation) {
  auto spec = BaseSpec(Duration::Seconds(20));
  auto& f = AddFunction(spec, "api", Distribution::Constant(0.001));
  f.reserved_concurrency = 10;  // ⇒ 100 RPS
  AddTraffic(spec, "api", 200, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);
  EXPECT_NEAR(static_cast<double>(r.functions[0].invocations), 2000.0, 110.0);
  EXPECT_GT(Reason(r.functions[0], ThrottleReason::kRpsLimit), 1800u);
}

TEST(ProvisionedConcurrency, NoColdStartsBelowTheAllocation) {
  auto spec = BaseSpec(Duration::Seconds(600));
  auto& f = AddFunction(spec, "api", Distribution::Exponential(0.1), Distribution::Constant(0.5));
  f.provisioned_concurrency = 50;
  f.pc_allocation_delay_min = f.pc_allocation_delay_max = Duration::Seconds(60);
  auto& t = AddTraffic(spec, "api", 100);  // L = 10 ≪ 50
  t.start = Duration::Seconds(90);         // after allocation
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_EQ(s.cold_starts, 0u);
  EXPECT_EQ(s.provisioned_concurrency_invocations, s.invocations);
  EXPECT_EQ(s.provisioned_concurrency_spillover_invocations, 0u);
  EXPECT_EQ(r.function_rows[0].provisioned_concurrency_allocated, 0);   // minute 0: still preparing
  EXPECT_EQ(r.function_rows[1].provisioned_concurrency_allocated, 50);  // minute 1: ready at 60 s
}

TEST(ProvisionedConcurrency, AboveTheAllocationRequestsSpillOverColdToOnDemand) {
  auto spec = BaseSpec(Duration::Seconds(100));
  auto& f = AddFunction(spec, "api", Distribution::Constant(1000.0), Distribution::Constant(0.2));
  f.provisioned_concurrency = 10;
  f.pc_allocation_delay_min = f.pc_allocation_delay_max = Duration::Seconds(0);
  auto& t = AddTraffic(spec, "api", 1, ArrivalKind::kUniform);  // 1 long request per second
  t.start = Duration::Seconds(1);
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_EQ(s.invocations, 99u);
  EXPECT_EQ(s.provisioned_concurrency_invocations, 10u);
  EXPECT_EQ(s.provisioned_concurrency_spillover_invocations, 89u);
  EXPECT_EQ(s.cold_starts, 89u);
  EXPECT_EQ(s.provisioned_concurrency_invocations + s.provisioned_concurrency_spillover_invocations,
            s.invocations);
}

TEST(ProvisionedConcurrency, ScheduleChangesTheAllocationAtTheStatedTimes) {
  auto spec = BaseSpec(Duration::Minutes(10));
  auto& f = AddFunction(spec, "api", Distribution::Constant(0.1));
  f.pc_allocation_delay_min = f.pc_allocation_delay_max = Duration::Seconds(0);
  f.provisioned_schedule = {
      {Duration::Minutes(2), 20}, {Duration::Minutes(5), 5}, {Duration::Minutes(8), 0}};
  AddTraffic(spec, "api", 1);
  const auto r = RunScenario(spec);
  const int64_t expected[] = {0, 0, 20, 20, 20, 5, 5, 5, 0, 0};
  for (int m = 0; m < 10; ++m)
    EXPECT_EQ(r.function_rows[static_cast<size_t>(m)].provisioned_concurrency_allocated,
              expected[m])
        << "minute " << m;
}

TEST(ProvisionedConcurrency, ReducesTheUnreservedPoolOfOthers) {
  // §1.4 example: PC 200 on B (no RC), quota 1000 ⇒ others share 800 − … here A is alone.
  auto spec = BaseSpec(Duration::Seconds(60));
  auto& b = AddFunction(spec, "b", Distribution::Constant(0.1));
  b.provisioned_concurrency = 200;
  b.pc_allocation_delay_min = b.pc_allocation_delay_max = Duration::Seconds(0);
  AddFunction(spec, "a", Distribution::Constant(100.0));
  AddTraffic(spec, "a", 2000, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[1].concurrency_max, 800);
  EXPECT_EQ(r.account.claimed_account_concurrency_max, 1000);
}

TEST(ProvisionedConcurrency, AutoscalingScalesOutAfterThreeHotMinutes) {
  auto spec = BaseSpec(Duration::Minutes(15));
  auto& f = AddFunction(spec, "api", Distribution::Constant(1.0));
  f.provisioned_concurrency = 10;
  f.pc_allocation_delay_min = f.pc_allocation_delay_max = Duration::Seconds(0);
  f.provisioned_autoscaling = ProvisionedAutoscaling{true, 10, 100, 0.7, 3, 15, 0.9};
  AddTraffic(spec, "api", 30, ArrivalKind::kUniform);  // wants 30 busy: PC saturated
  const auto r = RunScenario(spec);
  // Minutes 0-2 hot ⇒ scale-out decided at t = 3 min, ready at once.
  EXPECT_EQ(r.function_rows[2].provisioned_concurrency_allocated, 10);
  EXPECT_GT(r.function_rows[3].provisioned_concurrency_allocated, 10);
  EXPECT_LE(r.function_rows.back().provisioned_concurrency_allocated, 100);
}

TEST(Clients, SdkStandardRetriesThrottlesWithBackoff) {
  auto spec = BaseSpec(Duration::Seconds(60));
  auto& f = AddFunction(spec, "api", Distribution::Constant(0.5));
  f.reserved_concurrency = 1;
  auto& t = AddTraffic(spec, "api", 4);
  t.client = ClientSpec{RetryPolicy::kSdkStandard, 3, Duration::Millis(100), Duration::Seconds(20)};
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_GT(s.client_retries, 0u);
  EXPECT_EQ(s.requests, s.invocations + s.throttles);
  // Every first attempt either succeeds, or is retried; a caller gives up after 3 attempts.
  EXPECT_GT(s.client_failures, 0u);
  EXPECT_LE(s.client_failures, s.throttles);
  EXPECT_GT(s.latency.max_ms, 500.0);  // a retried request waited before its 500 ms run
}

TEST(Clients, ApiGatewayTimeoutCapsCallerLatencyWhileTheFunctionRunsOn) {
  auto spec = BaseSpec(Duration::Seconds(100));
  AddFunction(spec, "slow", Distribution::Constant(40.0));
  auto& t = AddTraffic(spec, "slow", 0.1, ArrivalKind::kUniform);
  t.api_gateway_timeout = Duration::Seconds(29);
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_GT(s.gateway_timeouts, 0u);
  EXPECT_NEAR(s.latency.max_ms, 29000, 1);
  EXPECT_NEAR(s.duration.max_ms, 40000, 1);  // the function kept running
  EXPECT_EQ(s.concurrency_max, 4);           // and holding its concurrency
}

// §7: hand-computed bill. 1000 RPS, uniform, 100 ms constant, 2048 MB, x86, no init, for
// 10 minutes: 600 000 requests × $0.2/M = $0.12; 600 000 × 0.1 s × 2 GB = 120 000 GB-s ×
// $0.0000166667 = $2.000004. Provisioned 10 × 2 GB for 10 min (2 periods of 5 min):
// 10 × 2 × 600 s × $0.0000041667 = $0.0500004, with the 10 PC-served invocations... none
// (delay > horizon). Total $2.1700044.
TEST(Cost, HandComputedTotalsToTheCent) {
  auto spec = BaseSpec(Duration::Minutes(10));
  auto& f = AddFunction(spec, "api", Distribution::Constant(0.1));
  f.memory_mb = 2048;
  AddTraffic(spec, "api", 1000, ArrivalKind::kUniform);
  auto r = RunScenario(spec);
  EXPECT_NEAR(r.functions[0].cost_requests_usd, 0.12, 1e-9);
  EXPECT_NEAR(r.functions[0].cost_duration_usd, 2.000004, 1e-6);
  EXPECT_NEAR(r.functions[0].cost_usd, 2.12, 0.005);

  auto& g = spec.functions[0];
  g.provisioned_concurrency = 10;
  g.pc_allocation_delay_min = g.pc_allocation_delay_max = Duration::Minutes(20);  // never ready
  r = RunScenario(spec);
  EXPECT_NEAR(r.functions[0].cost_provisioned_usd, 0.0500004, 1e-7);
  EXPECT_NEAR(r.functions[0].cost_usd, 2.17, 0.005);
  // Bucket costs add up to the total.
  double sum = 0;
  for (const auto& row : r.function_rows) sum += row.cost_usd;
  EXPECT_NEAR(sum, r.functions[0].cost_usd, 1e-9);
}

TEST(Cost, ArmIsCheaperAndInitIsBilled) {
  auto spec = BaseSpec(Duration::Seconds(10));
  auto& f = AddFunction(spec, "api", Distribution::Constant(0.1), Distribution::Constant(1.0));
  f.memory_mb = 1024;
  AddOneShot(spec, "api", Duration::Seconds(0));
  const auto x86 = RunScenario(spec);
  // One cold invocation: (1000 ms init + 100 ms) × 1 GB × $0.0000166667/GB-s.
  EXPECT_NEAR(x86.functions[0].cost_duration_usd, 1.1 * 0.0000166667, 1e-12);
  spec.functions[0].architecture = Architecture::kArm64;
  const auto arm = RunScenario(spec);
  EXPECT_NEAR(arm.functions[0].cost_duration_usd, 1.1 * 0.0000133334, 1e-12);
}

TEST(Invariants, EveryRequestIsAnInvocationOrAThrottle) {
  auto spec = BaseSpec(Duration::Minutes(5));
  auto& f = AddFunction(spec, "api", Distribution::LognormalMedianP99(0.2, 2.0),
                        Distribution::Constant(0.3));
  f.reserved_concurrency = 30;
  AddFunction(spec, "other", Distribution::Exponential(0.5));
  AddTraffic(spec, "api", 200);
  AddTraffic(spec, "other", 300);
  const auto r = RunScenario(spec);
  for (const auto& s : r.functions) EXPECT_EQ(s.requests, s.invocations + s.throttles) << s.name;
  EXPECT_LE(r.functions[0].concurrency_max, 30);
  uint64_t inv = 0;
  for (const auto& row : r.function_rows) inv += row.invocations;
  EXPECT_EQ(inv, r.account.invocations);
}

TEST(Determinism, SameSeedSameResultDifferentSeedDifferent) {
  auto spec = BaseSpec(Duration::Minutes(5));
  AddFunction(spec, "api", Distribution::Exponential(0.2), Distribution::Constant(0.3));
  AddTraffic(spec, "api", 300);
  const auto a = RunScenario(spec);
  const auto b = RunScenario(spec);
  spec.seed = 43;
  const auto c = RunScenario(spec);
  EXPECT_EQ(a.functions[0].invocations, b.functions[0].invocations);
  EXPECT_EQ(a.functions[0].concurrency_mean, b.functions[0].concurrency_mean);
  EXPECT_EQ(a.functions[0].latency.p99_ms, b.functions[0].latency.p99_ms);
  EXPECT_NE(a.functions[0].invocations, c.functions[0].invocations);
}

TEST(Determinism, AddingAFunctionLeavesTheFirstFunctionsStreamsUnchanged) {
  auto spec = BaseSpec(Duration::Minutes(5));
  AddFunction(spec, "api", Distribution::Exponential(0.2), Distribution::Constant(0.3));
  AddTraffic(spec, "api", 300);
  const auto a = RunScenario(spec);
  AddFunction(spec, "worker", Distribution::Exponential(1.0));
  AddTraffic(spec, "worker", 100);
  spec.traffic[0].function_index = 0;
  const auto b = RunScenario(spec);
  ASSERT_EQ(b.functions.size(), 2u);
  EXPECT_EQ(a.functions[0].requests, b.functions[0].requests);
  EXPECT_EQ(a.functions[0].invocations, b.functions[0].invocations);
  EXPECT_EQ(a.functions[0].concurrency_mean, b.functions[0].concurrency_mean);
  EXPECT_EQ(a.functions[0].latency.p999_ms, b.functions[0].latency.p999_ms);
}

}  // namespace
}  // namespace lambdasim
