// Tests of Lambda calling Lambda (`calls:`, models/lambda/sources/call_chain.h) against
// independent numbers: Little's law along a synchronous chain, an async call that does not
// extend its caller, callee throttles / errors / timeouts surfacing as the caller's
// downstream errors, the caller's timeout cutting its wait, a call's probability (binomial),
// and the loader's cycle and depth refusals at file:line:col.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "models/lambda/platform.h"
#include "models/load/scenario_loader.h"
#include "models/output/report_html.h"
#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using sim::Distribution;
using sim::Duration;
using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;

CallSpec& AddCall(ScenarioSpec& spec, size_t caller, size_t callee, InvocationType type,
                  double after_s) {
  CallSpec c;
  c.function = spec.functions[callee].name;
  c.function_index = callee;
  c.invocation = type;
  c.after = Distribution::Constant(after_s);
  spec.functions[caller].calls.push_back(c);
  return spec.functions[caller].calls.back();
}

// front: 200 ms of its own, a call to back 100 ms in; back: 300 ms. No init time, so a cold
// start adds nothing and every number below is exact up to the arrivals' randomness.
ScenarioSpec FrontBack(Duration horizon, InvocationType type, double rate_per_s,
                       ArrivalKind kind = ArrivalKind::kPoisson) {
  auto spec = BaseSpec(horizon);
  AddFunction(spec, "front", Distribution::Constant(0.2));
  AddFunction(spec, "back", Distribution::Constant(0.3));
  AddCall(spec, 0, 1, type, 0.1);
  AddTraffic(spec, "front", rate_per_s, kind);
  return spec;
}

// Stops the arrivals `before` the end of the run, so every invocation (and call) finishes
// inside it and counts are exact.
void StopEarly(ScenarioSpec& spec, Duration before) {
  spec.traffic[0].end = spec.duration - before;
}

// Time-average of an M/D/∞ occupancy with service s over T seconds: its standard deviation
// is s·sqrt(λ/T) (autocovariance λ·(s − |u|)⁺ integrates to λ·s²). Four of them.
double LittleTolerance(double rate, double service_s, double horizon_s) {
  return 4.0 * service_s * std::sqrt(rate / horizon_s);
}

TEST(CallChain, LittlesLawSyncChainFrontHolds50BackHolds30) {
  // Issue 18: front holds its 200 ms plus back's 300 ms (L = 100/s × 0.5 s = 50); back
  // holds 100/s × 0.3 s = 30.
  const double rate = 100, horizon_s = 300;
  const auto r = RunScenario(FrontBack(Duration::Seconds(300), InvocationType::kSync, rate));
  const auto& front = r.functions[0];
  const auto& back = r.functions[1];
  EXPECT_NEAR(front.concurrency_mean, 50.0, LittleTolerance(rate, 0.5, horizon_s));
  EXPECT_NEAR(back.concurrency_mean, 30.0, LittleTolerance(rate, 0.3, horizon_s));
  // Every front invocation made one call; the caller's billed duration is own + wait.
  EXPECT_EQ(front.calls_sync, back.requests);
  EXPECT_NEAR(front.callee_wait_mean_s, 0.3, 1e-9);
  EXPECT_NEAR(front.duration.mean_ms, 500.0, 1.0);
  EXPECT_EQ(front.downstream_errors, 0u);
  EXPECT_EQ(front.errors, 0u);
  ASSERT_EQ(r.call_edges.size(), 1u);
  EXPECT_EQ(r.call_edges[0].calls, front.calls_sync);
  EXPECT_NEAR(r.call_edges[0].rate_per_s, rate, 4.0 * std::sqrt(rate / horizon_s));
}

TEST(CallChain, AsyncCallDoesNotExtendTheCaller) {
  const double rate = 100, horizon_s = 300;
  const auto r = RunScenario(FrontBack(Duration::Seconds(300), InvocationType::kAsync, rate));
  const auto& front = r.functions[0];
  const auto& back = r.functions[1];
  EXPECT_NEAR(front.concurrency_mean, 20.0, LittleTolerance(rate, 0.2, horizon_s));
  EXPECT_NEAR(back.concurrency_mean, 30.0, LittleTolerance(rate, 0.3, horizon_s));
  EXPECT_NEAR(front.duration.mean_ms, 200.0, 1.0);
  EXPECT_EQ(front.calls_async, back.async_events_received);
  EXPECT_EQ(front.callee_wait_s, 0.0);
}

TEST(CallChain, CalleeThrottlesAreTheCallersDownstreamErrors) {
  // back reserved at 5: at most 5 / 0.3 s ≈ 17 of front's 100 calls a second get in.
  auto spec = FrontBack(Duration::Seconds(60), InvocationType::kSync, 100);
  spec.functions[1].reserved_concurrency = 5;
  const auto r = RunScenario(spec);
  const auto& front = r.functions[0];
  const auto& back = r.functions[1];
  EXPECT_GT(back.throttles, 1000u);
  EXPECT_EQ(front.downstream_errors_by_reason[0], back.throttles);
  EXPECT_EQ(front.downstream_errors, back.throttles);
  EXPECT_EQ(front.errors, back.throttles);
  EXPECT_EQ(back.requests, back.invocations + back.throttles);
  // A throttled call fails the caller at once: 100 ms of own time, no wait.
  EXPECT_LE(back.concurrency_max, 5);
}

TEST(CallChain, CallerRetriesAThrottledCallPerItsPolicy) {
  // back disabled (reserved 0): every attempt is throttled; sdk-standard makes 3 attempts.
  auto spec = FrontBack(Duration::Seconds(20), InvocationType::kSync, 10, ArrivalKind::kUniform);
  StopEarly(spec, Duration::Seconds(5));  // 150 front invocations, all finished
  spec.functions[1].reserved_concurrency = 0;
  auto& retries = spec.functions[0].calls[0].retries;
  retries.policy = RetryPolicy::kSdkStandard;
  retries.max_attempts = 3;
  const auto r = RunScenario(spec);
  const auto& front = r.functions[0];
  const auto& back = r.functions[1];
  ASSERT_EQ(front.invocations, 150u);
  EXPECT_EQ(front.calls_sync, 150u);
  EXPECT_EQ(back.requests, 3u * 150u);
  EXPECT_EQ(back.client_retries, 2u * 150u);
  EXPECT_EQ(back.client_failures, 150u);
  EXPECT_EQ(front.downstream_errors_by_reason[0], 150u);
  // The backoffs (full jitter under 100 ms, then under 200 ms) are waited for.
  EXPECT_GT(front.callee_wait_mean_s, 0.0);
  EXPECT_LT(front.callee_wait_mean_s, 0.3);
}

TEST(CallChain, CalleeErrorAndTimeoutFailTheCallerAtOnce) {
  auto spec = FrontBack(Duration::Seconds(20), InvocationType::kSync, 10, ArrivalKind::kUniform);
  StopEarly(spec, Duration::Seconds(5));  // 150 front invocations, all finished
  spec.functions[1].error_rate = 1;
  auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].downstream_errors_by_reason[1], 150u);
  EXPECT_EQ(r.functions[0].errors, 150u);
  // Failed at back's return: 100 ms own + 300 ms wait; its last 100 ms never run.
  EXPECT_NEAR(r.functions[0].duration.mean_ms, 400.0, 1.0);

  spec.functions[1].error_rate = 0;
  spec.functions[1].timeout = Duration::Millis(250);  // back's 300 ms is cut at 250 ms
  r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].downstream_errors_by_reason[2], 150u);
  EXPECT_EQ(r.functions[1].timeouts, 150u);
  EXPECT_NEAR(r.functions[0].duration.mean_ms, 350.0, 1.0);
}

TEST(CallChain, CallerTimeoutCutsTheWaitAndTheCalleeRunsOn) {
  // front times out at 1 s; back runs 2 s. front: 100 ms own, then waits 900 ms, cut.
  auto spec = FrontBack(Duration::Seconds(60), InvocationType::kSync, 10, ArrivalKind::kUniform);
  StopEarly(spec, Duration::Seconds(5));  // 550 front invocations, all finished
  spec.functions[0].timeout = Duration::Seconds(1);
  spec.functions[1].duration = Distribution::Constant(2.0);
  const auto r = RunScenario(spec);
  const auto& front = r.functions[0];
  const auto& back = r.functions[1];
  ASSERT_EQ(front.invocations, 550u);
  EXPECT_EQ(front.timeouts, 550u);
  EXPECT_EQ(front.downstream_errors, 0u);  // the caller's own timeout, not a callee's
  EXPECT_NEAR(front.duration.mean_ms, 1000.0, 1.0);
  EXPECT_NEAR(front.callee_wait_mean_s, 0.9, 1e-9);
  EXPECT_EQ(back.errors, 0u);
  EXPECT_NEAR(back.duration.mean_ms, 2000.0, 1.0);
  // L = λ·W over the run: 550 invocations × 1 s and × 2 s of busy time in 60 s.
  EXPECT_NEAR(front.concurrency_mean, 550.0 * 1.0 / 60.0, 1e-6);
  EXPECT_NEAR(back.concurrency_mean, 550.0 * 2.0 / 60.0, 1e-6);
}

TEST(CallChain, ProbabilityHalvesTheCalleeRate) {
  auto spec = FrontBack(Duration::Seconds(200), InvocationType::kSync, 100, ArrivalKind::kUniform);
  spec.functions[0].calls[0].probability = 0.5;
  const auto r = RunScenario(spec);
  const double n = static_cast<double>(r.functions[0].invocations);
  ASSERT_EQ(n, 20000.0);
  // back's invocations ~ Binomial(n, 0.5): within four standard deviations.
  EXPECT_NEAR(static_cast<double>(r.functions[1].invocations), n * 0.5, 4.0 * std::sqrt(n * 0.25));
  EXPECT_EQ(r.functions[0].calls_sync, r.functions[1].invocations);
}

TEST(CallChain, CallsRunInListOrderAtTheirOwnTimeOffsets) {
  // a: 300 ms own; calls b (100 ms) at 100 ms and c (50 ms) at 50 ms → c waits for b's
  // return, at own time 100 ms: a lasts 300 + 100 + 50 = 450 ms.
  auto spec = BaseSpec(Duration::Seconds(10));
  AddFunction(spec, "a", Distribution::Constant(0.3));
  AddFunction(spec, "b", Distribution::Constant(0.1));
  AddFunction(spec, "c", Distribution::Constant(0.05));
  AddCall(spec, 0, 1, InvocationType::kSync, 0.1);
  AddCall(spec, 0, 2, InvocationType::kSync, 0.05);
  AddTraffic(spec, "a", 10, ArrivalKind::kUniform);
  StopEarly(spec, Duration::Seconds(5));  // 50 invocations of a
  const auto r = RunScenario(spec);
  ASSERT_EQ(r.functions[0].invocations, 50u);
  EXPECT_NEAR(r.functions[0].duration.mean_ms, 450.0, 1.0);
  EXPECT_NEAR(r.functions[0].callee_wait_s, 50 * 0.15, 1e-6);
}

TEST(CallChain, NestedSyncChainAddsEveryHop) {
  // a (100 ms) → b (100 ms) → c (200 ms): a holds 400 ms, b 300 ms, c 200 ms.
  auto spec = BaseSpec(Duration::Seconds(100));
  AddFunction(spec, "a", Distribution::Constant(0.1));
  AddFunction(spec, "b", Distribution::Constant(0.1));
  AddFunction(spec, "c", Distribution::Constant(0.2));
  AddCall(spec, 0, 1, InvocationType::kSync, 0.05);
  AddCall(spec, 1, 2, InvocationType::kSync, 0.0);
  AddTraffic(spec, "a", 50, ArrivalKind::kUniform);
  StopEarly(spec, Duration::Seconds(5));  // 4 750 invocations of a, all finished
  const auto r = RunScenario(spec);
  ASSERT_EQ(r.functions[0].invocations, 4750u);
  EXPECT_NEAR(r.functions[0].duration.mean_ms, 400.0, 1.0);
  EXPECT_NEAR(r.functions[1].duration.mean_ms, 300.0, 1.0);
  // Busy time / run length: 4 750 × 0.4 s, × 0.3 s, × 0.2 s over 100 s.
  EXPECT_NEAR(r.functions[0].concurrency_mean, 4750 * 0.4 / 100, 1e-6);
  EXPECT_NEAR(r.functions[1].concurrency_mean, 4750 * 0.3 / 100, 1e-6);
  EXPECT_NEAR(r.functions[2].concurrency_mean, 4750 * 0.2 / 100, 1e-6);
}

TEST(CallChain, CallSlotsAreBoundedByTheCallersPeakConcurrency) {
  // No per-request storage: a slot lives while its caller's invocation does and is reused.
  const auto spec = FrontBack(Duration::Seconds(60), InvocationType::kSync, 100);
  sim::Simulation simulation;
  MetricsRecorder recorder(testing::FunctionNames(spec), spec.bucket,
                           sim::Time::Zero() + spec.duration);
  LambdaPlatform platform(spec, simulation, recorder);
  platform.Start();
  simulation.RunUntil(sim::Time::Zero() + spec.duration, platform);
  const RunResult r = recorder.Finish(sim::Time::Zero() + spec.duration);
  EXPECT_GT(r.functions[0].invocations, 5000u);
  EXPECT_LE(static_cast<int64_t>(platform.call_chains().slot_capacity()),
            r.functions[0].concurrency_max);
  EXPECT_EQ(static_cast<int64_t>(platform.call_chains().slots_in_use()),
            recorder.concurrency(0).value());
}

TEST(CallChain, ReportDrawsTheCallGraphWithRatesAndConcurrency) {
  auto spec = FrontBack(Duration::Seconds(10), InvocationType::kSync, 10, ArrivalKind::kUniform);
  const auto r = RunScenario(spec);
  const std::string html = RenderReportHtml(r, spec);
  EXPECT_NE(html.find("<section class=\"call-graph\">"), std::string::npos);
  EXPECT_NE(html.find("data-from=\"front\" data-to=\"back\""), std::string::npos);
  // Arrivals at 0, 0.1, …, 9.9 s each call 100 ms in: the last call would fall at 10 s, the
  // end, so 99 calls in 10 s — 9.9/s on the edge; each node carries its peak concurrency.
  EXPECT_NE(html.find(">9.9/s sync</text>"), std::string::npos);
  EXPECT_NE(html.find("peak " + std::to_string(r.functions[0].concurrency_max) + " ·"),
            std::string::npos);
  // Without calls there is no call-graph section.
  spec.functions[0].calls.clear();
  EXPECT_EQ(RenderReportHtml(RunScenario(spec), spec).find("call-graph"), std::string::npos);
}

// --- the loader ---------------------------------------------------------------------------

std::string Formatted(std::string_view yaml) {
  try {
    LoadScenarioString(yaml, "t.yaml");
  } catch (const ScenarioError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += d.Format() + "\n";
    return out;
  }
  return "";
}

TEST(CallChainLoader, ReadsEveryKey) {
  const auto s = LoadScenarioString(R"(functions:
  front:
    duration: 200ms
    calls:
      - function: back
        after: { dist: uniform, min: 10ms, max: 20ms }
        probability: 0.25
        retries: sdk-standard
      - { function: back, invocation: async }
  back:
    duration: 300ms
traffic:
  - function: front
    rate: 10
)",
                                    "t.yaml");
  ASSERT_EQ(s.functions[0].calls.size(), 2u);
  const CallSpec& c = s.functions[0].calls[0];
  EXPECT_EQ(c.function_index, 1u);
  EXPECT_EQ(c.invocation, InvocationType::kSync);
  EXPECT_EQ(c.probability, 0.25);
  EXPECT_EQ(c.retries.max_attempts, 3);
  EXPECT_EQ(c.location.line, 5);
  EXPECT_EQ(s.functions[0].calls[1].invocation, InvocationType::kAsync);
  EXPECT_EQ(s.functions[0].calls[1].retries.max_attempts, 1);
}

TEST(CallChainLoader, RefusesACycleNamingItAtFileLineCol) {
  const std::string err = Formatted(R"(functions:
  a:
    duration: 100ms
    calls:
      - function: b
  b:
    duration: 100ms
    calls:
      - function: a
traffic:
  - function: a
    rate: 10
)");
  EXPECT_NE(err.find("t.yaml:9:19: call cycle: a -> b -> a"), std::string::npos) << err;
  const std::string self = Formatted(R"(functions:
  a:
    duration: 100ms
    calls: [ { function: a } ]
traffic:
  - function: a
    rate: 10
)");
  EXPECT_NE(self.find("t.yaml:4:26: call cycle: a -> a"), std::string::npos) << self;
}

std::string Chain(int functions) {
  std::string y = "functions:\n";
  for (int i = 0; i < functions; ++i) {
    y += "  f" + std::to_string(i) + ":\n    duration: 10ms\n";
    if (i + 1 < functions) y += "    calls: [ { function: f" + std::to_string(i + 1) + " } ]\n";
  }
  return y + "traffic:\n  - function: f0\n    rate: 1\n";
}

TEST(CallChainLoader, BoundsTheDepth) {
  EXPECT_EQ(Formatted(Chain(kMaxCallDepth + 1)), "");  // 16 calls deep: allowed
  const std::string err = Formatted(Chain(kMaxCallDepth + 2));
  EXPECT_NE(err.find("t.yaml:4:26: call chain f0 -> f1 -> "), std::string::npos) << err;
  EXPECT_NE(err.find("is 17 calls deep; at most 16 are allowed"), std::string::npos) << err;
}

TEST(CallChainLoader, UnknownCalleeSuggestsAName) {
  const std::string err = Formatted(R"(functions:
  front:
    duration: 100ms
    calls: [ { function: bakc } ]
  back:
    duration: 100ms
traffic:
  - function: front
    rate: 10
)");
  EXPECT_NE(err.find("t.yaml:4:26: 'function': no function named 'bakc'"), std::string::npos)
      << err;
  EXPECT_NE(err.find("back"), std::string::npos) << err;
}

}  // namespace
}  // namespace lambdasim
