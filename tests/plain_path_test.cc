// The plain-function path (models/lambda/core.h: PlatformCore::plain, the kPlain bodies in
// admission_path.h): which functions take it, and that it reaches exactly the results of the
// general path. A plain function's synchronous requests and completions run the same rules
// with the branches of absent features folded away at compile time; the equivalence test runs
// one workload twice — once plain, once made non-plain by a provisioned-concurrency step
// scheduled after the horizon (never applied, so the model's behaviour is the same) — and
// compares every output byte: a rule the plain bodies dropped or changed (throttles, cold
// starts, lifetimes, keep-alive, gateway timeouts, retries, cost) shows up as a difference.
#include <string>

#include <gtest/gtest.h>

#include "models/lambda/core.h"
#include "models/metrics/metrics_recorder.h"
#include "models/output/output_writer.h"
#include "models/run/runner.h"
#include "sim/simulation.h"
#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using sim::Distribution;
using sim::Duration;
using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;

bool PlainOf(const ScenarioSpec& spec, size_t f) {
  sim::Simulation simulation;
  MetricsRecorder recorder(testing::FunctionNames(spec), spec.bucket,
                           sim::Time::Zero() + spec.duration);
  PlatformCore core(spec, simulation, recorder);
  return core.plain(f);
}

ScenarioSpec OneFunction() {
  auto spec = BaseSpec(Duration::Minutes(5));
  AddFunction(spec, "api", Distribution::Exponential(0.1), Distribution::Constant(0.3));
  AddTraffic(spec, "api", 50);
  return spec;
}

TEST(PlainPath, APlainFunctionHasNoneOfTheFoldedFeatures) {
  EXPECT_TRUE(PlainOf(OneFunction(), 0));
  auto with = [](auto change) {
    auto spec = OneFunction();
    change(spec.functions[0]);
    return PlainOf(spec, 0);
  };
  EXPECT_FALSE(with([](FunctionSpec& f) { f.provisioned_concurrency = 2; }));
  EXPECT_FALSE(with([](FunctionSpec& f) {
    f.provisioned_schedule.push_back(ProvisionedStep{Duration::Minutes(1), 3});
  }));
  EXPECT_FALSE(with([](FunctionSpec& f) {
    f.provisioned_autoscaling.enabled = true;
    f.provisioned_autoscaling.min = 1;
    f.provisioned_autoscaling.max = 5;
  }));
  EXPECT_FALSE(with([](FunctionSpec& f) { f.reserved_concurrency = 10; }));
  EXPECT_FALSE(with([](FunctionSpec& f) { f.reserved_concurrency = 0; }));
  EXPECT_FALSE(with([](FunctionSpec& f) { f.managed_instances.enabled = true; }));
  EXPECT_FALSE(
      with([](FunctionSpec& f) { f.keep_alive_policy.kind = KeepAliveKind::kHybridHistogram; }));
  EXPECT_FALSE(with([](FunctionSpec& f) { f.tenant_isolation.enabled = true; }));
  EXPECT_FALSE(with([](FunctionSpec& f) { f.snapstart = true; }));
  EXPECT_FALSE(with([](FunctionSpec& f) { f.error_rate = 0.01; }));
  EXPECT_FALSE(with([](FunctionSpec& f) {
    CallSpec c;
    c.function = "api";
    c.function_index = 0;
    f.calls.push_back(c);
  }));
}

// A workload that exercises every rule of the synchronous path: account throttles with client
// retries, cold starts with init, short lifetimes, a gateway timeout, keep-alive expiry.
ScenarioSpec Busy() {
  auto spec = BaseSpec(Duration::Minutes(6), 7);
  spec.bucket = Duration::Seconds(10);
  spec.account = AccountSpec{60, 10};
  auto& f = AddFunction(spec, "api", Distribution::Exponential(0.4), Distribution::Constant(0.5));
  f.max_lifetime = Distribution::Uniform(20, 60);
  f.keep_alive = Duration::Seconds(30);
  auto& g = AddFunction(spec, "other", Distribution::Constant(0.2));
  g.keep_alive = Duration::Seconds(5);
  auto& t = AddTraffic(spec, "api", 150);
  t.client.policy = RetryPolicy::kSdkStandard;
  t.client.max_attempts = 3;
  t.via_api_gateway = true;
  t.api_gateway_timeout = Duration::Millis(900);
  AddTraffic(spec, "other", 3, ArrivalKind::kUniform);
  return spec;
}

std::string AllOutputs(const ScenarioSpec& spec) {
  const RunResult r = RunScenario(spec);
  return r.manifest.event_fingerprint + "\n" + RenderTimeseriesCsv(r) + "\n" +
         RenderAccountTimeseriesCsv(r) + "\n" + RenderSummaryJson(r, spec);
}

TEST(PlainPath, ReachesExactlyTheGeneralPathsResults) {
  const ScenarioSpec plain = Busy();
  ScenarioSpec general = plain;
  // Never applied (after the horizon), but the functions are no longer plain.
  for (auto& f : general.functions)
    f.provisioned_schedule.push_back(ProvisionedStep{Duration::Minutes(60), 1});
  ASSERT_TRUE(PlainOf(plain, 0) && PlainOf(plain, 1));
  ASSERT_FALSE(PlainOf(general, 0) || PlainOf(general, 1));
  const RunResult r = RunScenario(plain);
  ASSERT_GT(r.account.throttles, 100u);  // the rules under test were exercised
  ASSERT_GT(r.account.cold_starts, 50u);
  EXPECT_EQ(AllOutputs(plain), AllOutputs(general));
}

}  // namespace
}  // namespace lambdasim
