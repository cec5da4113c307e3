// Event sources over the platform core alone (models/lambda/core.h, sources/): a source needs
// only a PlatformCore and the recorder, and the test's own dispatch switch stands in for
// LambdaPlatform's. Behaviour through LambdaPlatform is covered by platform_test,
// event_driven_test and the scenario fingerprints.
#include <gtest/gtest.h>

#include "models/lambda/core.h"
#include "models/lambda/event_kinds.h"
#include "models/lambda/sources/async_queue.h"
#include "models/lambda/sources/fanout.h"
#include "models/metrics/metrics_recorder.h"
#include "sim/simulation.h"
#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using sim::Distribution;
using sim::Duration;
using testing::AddFunction;
using testing::BaseSpec;

// The core, the async queues and fan-out, and a dispatch covering the events they schedule.
struct AsyncHarness {
  explicit AsyncHarness(const ScenarioSpec& s)
      : spec(s),
        horizon(sim::Time::Zero() + s.duration),
        recorder(testing::FunctionNames(s), s.bucket, horizon),
        core(s, simulation, recorder),
        async(core, recorder, s.functions.size()),
        fanout(s, async) {
    core.StartAccount();
    core.StartFunctions();
  }
  void operator()(const sim::Event& e) {
    recorder.Advance(e.time);
    switch (static_cast<EventKind>(e.kind)) {
      case EventKind::kInvocationComplete: {
        const Environment done = core.CompleteInvocation(e.a);
        ASSERT_EQ(done.caller, Caller::kAsync);
        async.OnInvocationComplete(done);
        async.OnCapacityReleased();
        break;
      }
      case EventKind::kIdleReclaim: core.OnIdleReclaim(e.a); break;
      case EventKind::kAsyncDispatch: async.OnDispatchTimer(e.a); break;
      case EventKind::kAsyncRetryReady: async.OnRetryReady(e.a, static_cast<int>(e.b)); break;
      default: FAIL() << "unexpected event kind " << e.kind;
    }
  }
  RunResult Run() {
    simulation.RunUntil(horizon - Duration::Nanos(1), *this);
    core.Finish(horizon);
    return recorder.Finish(horizon);
  }

  const ScenarioSpec& spec;
  sim::Time horizon;
  sim::Simulation simulation;
  MetricsRecorder recorder;
  PlatformCore core;
  AsyncQueues async;
  Fanout fanout;
};

TEST(AsyncQueuesOverCore, BacklogDrainsAtReservedConcurrencyWhenCapacityFrees) {
  // RC 2, ten 1-s events accepted at t = 0, backoff base 0 (dispatch at each release): two
  // cold environments serve them in five waves; the last one waits 4 s and ends at 5 s.
  auto spec = BaseSpec(Duration::Seconds(60));
  auto& f = AddFunction(spec, "worker", Distribution::Constant(1.0));
  f.reserved_concurrency = 2;
  f.async.throttle_backoff_base = Duration();
  AsyncHarness h(spec);
  for (int i = 0; i < 10; ++i) h.async.OnEnqueue(0, AsyncEvent{sim::Time::Zero(), -1, 0});
  const RunResult r = h.Run();
  const FunctionSummary& s = r.functions[0];
  EXPECT_EQ(s.async_events_received, 10u);
  EXPECT_EQ(s.async_events_dispatched, 10u);
  EXPECT_EQ(s.invocations, 10u);
  EXPECT_EQ(s.cold_starts, 2u);
  EXPECT_EQ(s.concurrency_max, 2);
  EXPECT_EQ(s.async_queue_depth_max, 8);
  EXPECT_DOUBLE_EQ(s.latency.max_ms, 5000.0);
  EXPECT_EQ(s.async_events_dropped, 0u);
}

TEST(AsyncQueuesOverCore, ReservedZeroSendsEventsStraightToFailure) {
  auto spec = BaseSpec(Duration::Seconds(10));
  auto& f = AddFunction(spec, "off", Distribution::Constant(1.0));
  f.reserved_concurrency = 0;
  AsyncHarness h(spec);
  for (int i = 0; i < 3; ++i) h.async.OnEnqueue(0, AsyncEvent{sim::Time::Zero(), -1, 0});
  const RunResult r = h.Run();
  EXPECT_EQ(r.functions[0].async_events_received, 3u);
  EXPECT_EQ(r.functions[0].async_events_dropped, 3u);
  EXPECT_EQ(r.functions[0].invocations, 0u);
  EXPECT_EQ(r.functions[0].requests, 0u);  // never offered to admission
}

TEST(FanoutOverCore, EveryMatchingTargetGetsTheEventInItsOwnQueue) {
  auto spec = BaseSpec(Duration::Seconds(10));
  AddFunction(spec, "a", Distribution::Constant(0.1));
  AddFunction(spec, "b", Distribution::Constant(0.1));
  FanoutSpec topic;
  topic.name = "orders";
  topic.targets.push_back(FanoutTarget{});
  topic.targets.back().function = "a";
  topic.targets.back().function_index = 0;
  topic.targets.push_back(FanoutTarget{});
  topic.targets.back().function = "b";
  topic.targets.back().function_index = 1;
  spec.fanout.push_back(topic);
  AsyncHarness h(spec);
  for (int i = 0; i < 4; ++i) h.fanout.Publish(0, sim::Time::Zero(), -1);
  const RunResult r = h.Run();
  for (size_t f = 0; f < 2; ++f) {
    EXPECT_EQ(r.functions[f].async_events_received, 4u) << f;
    EXPECT_EQ(r.functions[f].invocations, 4u) << f;
  }
}

}  // namespace
}  // namespace lambdasim
