// tests/managed_instances_test.cc — Lambda Managed Instances (models/lambda/managed_instances.h,
// issue 19 part 5): capacity, packing, the scaler's doubling-per-5-minutes cap, the instance
// ceiling, cost, and the loader's derived values.
//
// Every expected figure is derived by hand in the comments (Little's law, arrival counts of
// deterministic "uniform" traffic, the scaler's rule applied on paper), never read back from
// the model. Uniform arrivals of rate r from `start` are at start + k/r; a constant 1 s job
// admitted at t frees its slot at t + 1 s, before an arrival at that same instant.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "models/analysis/sizing.h"
#include "models/lambda/managed_instances.h"
#include "models/load/scenario_loader.h"
#include "models/spec/diagnostics.h"
#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using sim::Distribution;
using sim::Duration;
using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;
using testing::Fn;

uint64_t CapacityThrottles(const FunctionSummary& s) {
  return s.throttles_by_reason[static_cast<size_t>(ThrottleReason::kCapacity)];
}

// A managed function with explicit instance numbers (no derivation: the loader's job).
FunctionSpec& AddManaged(ScenarioSpec& spec, Distribution duration, int64_t envs_per_instance,
                         int64_t per_env, int64_t min_instances, int64_t max_instances) {
  FunctionSpec& f = AddFunction(spec, "api", duration);
  f.memory_mb = 2048;
  ManagedInstancesSpec& m = f.managed_instances;
  m.enabled = true;
  m.instance_vcpus = 4;
  m.instance_memory_gb = 16;
  m.instance_price_per_hour_usd = 0.1632;
  m.memory_gib_per_vcpu = 2;
  m.environment_vcpus = 1;
  m.environments_per_instance = envs_per_instance;
  m.per_environment_concurrency = per_env;
  m.min_instances = min_instances;
  m.max_vcpus = max_instances * m.instance_vcpus;
  m.max_instances = max_instances;
  m.target_utilization = 0.5;
  m.scaling_interval = Duration::Seconds(10);
  m.launch_delay = Duration::Seconds(60);
  m.scale_in_delay = Duration::Hours(1);
  m.growth_factor = 2;
  m.growth_window = Duration::Minutes(5);
  m.management_fee = 0.15;
  return f;
}

// Capacity ≫ load: 3 instances × 4 environments × 64 = 768 slots for L = λ·E[S] = 200/s ×
// 0.25 s = 50 in flight (Little's law). No throttles, mean concurrency ≈ 50, the fleet stays
// at its minimum (⌈peak / (0.5 × 256)⌉ = 1 < 3), and no request starts cold.
TEST(ManagedInstances, SteadyStateFollowsLittlesLawWithoutThrottles) {
  ScenarioSpec spec = BaseSpec(Duration::Minutes(30));
  AddManaged(spec, Distribution::Exponential(0.25), 4, 64, 3, 10);
  AddTraffic(spec, "api", 200);
  const RunResult r = RunScenario(spec);
  const FunctionSummary& s = Fn(r);
  EXPECT_EQ(s.throttles, 0u);
  EXPECT_EQ(s.cold_starts, 0u);
  EXPECT_NEAR(s.concurrency_mean, 50.0, 50.0 * 0.03);
  EXPECT_EQ(s.managed.instances_max, 3);
  EXPECT_EQ(s.managed.capacity_max, 768);
  EXPECT_EQ(s.managed.instances_launched, 0);
  EXPECT_NEAR(s.managed.instance_hours, 1.5, 1e-9);  // 3 instances × 0.5 h
}

// N requests in flight at once use ⌈N/c⌉ environments: 37 requests of 100 s arrive within
// the first second on 3 instances × 4 environments of c = 8 → ⌈37/8⌉ = 5 environments busy
// (spreading them, as least-loaded routing would, uses all 12).
TEST(ManagedInstances, PacksRequestsOntoTheFewestEnvironments) {
  ScenarioSpec spec = BaseSpec(Duration::Seconds(50));
  AddManaged(spec, Distribution::Constant(100), 4, 8, 3, 10);
  TrafficSpec& t = AddTraffic(spec, "api", 37, ArrivalKind::kUniform);
  t.end = Duration::Seconds(1);
  const RunResult r = RunScenario(spec);
  const FunctionSummary& s = Fn(r);
  EXPECT_EQ(s.invocations, 37u);
  EXPECT_EQ(s.concurrency_max, 37);
  EXPECT_EQ(s.managed.environments_busy_max, (37 + 8 - 1) / 8);
}

// The step scenario of the next two tests: 1 s jobs, 10 slots per instance (1 environment ×
// c = 10), 20 instances (200 slots) at target 0.5 for 100/s (L = 100: ⌈100 / 5⌉ = 20, stable).
// At t = 121 s a second entry adds `extra`/s. The scaler looks every 10 s; its look at 130 s
// sees the peak 200 (the fleet is full) and wants ⌈200 / 5⌉ = 40 ≤ 2 × 20: 20 more instances,
// ready at 190 s. While the fleet is full at 200 slots it admits 200/s (each completion frees
// one slot, and the first 100 free slots fill in the first second), so over [121, 190) it
// throttles (100 + extra − 200)/s × 69 s.
ScenarioSpec StepSpec(double extra, int64_t max_instances, Duration horizon) {
  ScenarioSpec spec = BaseSpec(horizon);
  AddManaged(spec, Distribution::Constant(1), 1, 10, 20, max_instances);
  AddTraffic(spec, "api", 100, ArrivalKind::kUniform);
  AddTraffic(spec, "api", extra, ArrivalKind::kUniform).start = Duration::Seconds(121);
  return spec;
}

// λ → 3λ within an instant: throttled while the doubled capacity launches; then none.
// Hand bound: 100/s × 69 s = 6 900 (± a few at the window's edges).
TEST(ManagedInstances, TripledTrafficThrottlesUntilTheDoubledFleetIsReady) {
  const RunResult r = RunScenario(StepSpec(200, 100, Duration::Seconds(300)));
  const FunctionSummary& s = Fn(r);
  EXPECT_EQ(s.throttles, CapacityThrottles(s));  // no other reason: no bucket, no pool
  EXPECT_GE(CapacityThrottles(s), 6890u);
  EXPECT_LE(CapacityThrottles(s), 6910u);
  EXPECT_EQ(s.managed.instances_max, 40);
  EXPECT_EQ(s.managed.instances_launched, 20);
}

// λ → 5λ: the doubling cap binds. At 190 s the fleet is 40 instances (400 slots) for 500/s;
// the scaler wants ⌈400 / 5⌉ = 80 at every look, but the fleet may not exceed 2 × its size
// 5 minutes earlier (20) until the look at 430 s, when the size 5 minutes before (at 130 s)
// is 40: 40 more, ready at 490 s. Throttles: 300/s × 69 s over [121, 190) = 20 700, then
// 100/s × 300 s over [190, 490) = 30 000; 50 700 in all. (Without the cap the second launch
// would come at 200 s, ready at 260 s: 27 700.)
TEST(ManagedInstances, CapacityAtMostDoublesPerFiveMinutes) {
  const RunResult r = RunScenario(StepSpec(400, 100, Duration::Seconds(600)));
  const FunctionSummary& s = Fn(r);
  EXPECT_GE(CapacityThrottles(s), 50600u);
  EXPECT_LE(CapacityThrottles(s), 50800u);
  EXPECT_EQ(s.managed.instances_max, 80);
  EXPECT_EQ(s.managed.capacity_max, 800);
}

// The instance count never exceeds max (max_vcpus / instance_vcpus = 30): the look at 130 s
// wants 40 but launches 10, and no later look adds any; capacity stays at 300 slots, so 500/s
// is throttled at 200/s from 191 s on.
TEST(ManagedInstances, InstanceCountNeverExceedsMax) {
  const RunResult r = RunScenario(StepSpec(400, 30, Duration::Minutes(20)));
  const FunctionSummary& s = Fn(r);
  EXPECT_EQ(s.managed.instances_max, 30);
  EXPECT_EQ(s.managed.capacity_max, 300);
  EXPECT_EQ(s.managed.instances_launched, 10);
  EXPECT_EQ(s.concurrency_max, 300);
}

// A fixed fleet (min = max = 3) for one hour: 3 instance-hours × $0.1632 × 1.15 (management
// fee) = $0.563 04, plus 36 000 requests × $0.20 per million = $0.0072; no duration charge.
TEST(ManagedInstances, FixedFleetCostIsInstanceHoursTimesPricePlusFee) {
  ScenarioSpec spec = BaseSpec(Duration::Hours(1));
  AddManaged(spec, Distribution::Constant(0.1), 1, 16, 3, 3);
  AddTraffic(spec, "api", 10, ArrivalKind::kUniform);
  const RunResult r = RunScenario(spec);
  const FunctionSummary& s = Fn(r);
  EXPECT_EQ(s.requests, 36000u);
  EXPECT_NEAR(s.managed.instance_hours, 3.0, 1e-9);
  EXPECT_NEAR(s.cost_instances_usd, 3 * 0.1632 * 1.15, 1e-9);
  EXPECT_NEAR(s.cost_requests_usd, 36000 * 0.2e-6, 1e-12);
  EXPECT_EQ(s.cost_duration_usd, 0.0);
  EXPECT_NEAR(s.cost_usd, 3 * 0.1632 * 1.15 + 36000 * 0.2e-6, 1e-9);
}

// Idle instances go once load stays below target for scale_in_delay, never below the minimum.
// The tripled step of above, with the extra 200/s ending at 200 s: 40 instances from the
// launch at 130 s. The looks at 200 s and 210 s still see a peak of 300 (the last extra jobs
// end at 201 s); from the look at 220 s the scaler wants ⌈100 / 5⌉ = 20 < 40, and 2 minutes
// later (340 s) the 20 idle instances go (packing keeps 10 environments busy). Billed:
// 20 instances over [0, 130 s), 40 over [130 s, 340 s), 20 over [340 s, 400 s).
TEST(ManagedInstances, ScalesInIdleInstancesAfterTheDelay) {
  ScenarioSpec spec = StepSpec(200, 100, Duration::Seconds(400));
  spec.functions[0].managed_instances.scale_in_delay = Duration::Minutes(2);
  spec.traffic[1].end = Duration::Seconds(200);
  const RunResult r = RunScenario(spec);
  const FunctionSummary& s = Fn(r);
  EXPECT_EQ(s.managed.instances_max, 40);
  EXPECT_NEAR(s.managed.instance_hours, (20.0 * 130 + 40.0 * 210 + 20.0 * 60) / 3600, 1e-9);
}

// --- the loader ---------------------------------------------------------------------------

std::string Errors(const std::string& yaml) {
  try {
    LoadScenarioString(yaml, "mi.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ScenarioError for:\n" << yaml;
  return "";
}

// Derived values: 4096 MB at 2 GiB/vCPU = 2 vCPU per environment; a 16 vCPU / 64 GiB instance
// holds min(16/2, 64/4) = 8 environments; Python's 16 per vCPU × 2 = 32 per environment;
// max_vcpus 160 / 16 = 10 instances. Defaults: 3 instances minimum, 15 % fee.
TEST(ManagedInstancesLoader, DerivesEnvironmentsAndConcurrency) {
  const ScenarioSpec spec = LoadScenarioString(R"(name: mi
duration: 10m
functions:
  api:
    memory_mb: 4096
    duration: 100ms
    managed_instances:
      instance_vcpus: 16
      instance_memory_gb: 64
      runtime: python
      max_vcpus: 160
traffic:
  - function: api
    rate: 10
)",
                                               "mi.yaml");
  const ManagedInstancesSpec& m = spec.functions[0].managed_instances;
  EXPECT_TRUE(m.enabled);
  EXPECT_DOUBLE_EQ(m.environment_vcpus, 2.0);
  EXPECT_EQ(m.environments_per_instance, 8);
  EXPECT_EQ(m.per_environment_concurrency, 32);
  EXPECT_EQ(m.max_instances, 10);
  EXPECT_EQ(m.min_instances, 3);
  EXPECT_DOUBLE_EQ(m.management_fee, 0.15);
}

TEST(ManagedInstancesLoader, RefusesSmallFunctionsAndProvisionedConcurrency) {
  const std::string small = Errors(R"(name: mi
duration: 10m
functions:
  api:
    memory_mb: 1024
    duration: 100ms
    managed_instances: {}
traffic:
  - function: api
    rate: 10
)");
  EXPECT_NE(small.find("memory_mb >= 2048"), std::string::npos) << small;
  const std::string pc = Errors(R"(name: mi
duration: 10m
functions:
  api:
    memory_mb: 2048
    duration: 100ms
    provisioned_concurrency: 5
    managed_instances: {}
traffic:
  - function: api
    rate: 10
)");
  EXPECT_NE(pc.find("provisioned concurrency"), std::string::npos) << pc;
}

// --- `size` -------------------------------------------------------------------------------

// 300/s × 0.5 s = 150 in flight (Little) on 64-slot instances at target 0.5: ⌈150 / 32⌉ = 5
// instances, 5 × $0.1632 × 1.15 per hour; the capacity is the ceiling 100 × 64 = 6 400, not
// the account pool. With a ceiling of 2 instances (128 slots) the fleet cannot hold 150.
TEST(ManagedInstancesSizing, InstancesAtThePeakAndTheInstanceCeiling) {
  analysis::SizingInput in;
  in.name = "api";
  in.mean_rps = in.peak_rps = 300;
  in.mean_duration_s = 0.5;
  in.managed_slots_per_instance = 64;
  in.managed_min_instances = 3;
  in.managed_max_instances = 100;
  in.managed_target_utilization = 0.5;
  in.managed_instance_usd_per_hour = 0.1632 * 1.15;
  const analysis::SizingOutput o = analysis::ComputeSizing(in);
  EXPECT_EQ(o.managed_instances_at_peak, 5);
  EXPECT_NEAR(o.managed_usd_per_hour_at_peak, 5 * 0.1632 * 1.15, 1e-12);
  EXPECT_EQ(o.capacity, 6400);
  EXPECT_EQ(o.binding, analysis::BindingLimit::kNone);
  in.managed_max_instances = 2;
  const analysis::SizingOutput capped = analysis::ComputeSizing(in);
  EXPECT_EQ(capped.binding, analysis::BindingLimit::kInstanceCapacity);
  EXPECT_EQ(capped.capacity, 128);
  EXPECT_EQ(capped.managed_instances_at_peak, 2);
}

}  // namespace
}  // namespace lambdasim
