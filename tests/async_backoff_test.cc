// Per-event throttle backoff of the asynchronous event queue (models/lambda/sources/
// async_queue.h; AWS invocation-async-error-handling: a throttled event "returns to the queue"
// and is retried, "the retry interval increases exponentially from 1 second after the first
// attempt to a maximum of 5 minutes"). The queues run over the platform core alone, with a
// dispatch switch of the test's own, so a test can stop the clock and look inside the queue.
// Expected numbers are derived by hand in each test; each test fails on the head-of-line
// model it replaced (one throttle paused the whole queue).
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "models/lambda/core.h"
#include "models/lambda/event_kinds.h"
#include "models/lambda/sources/async_queue.h"
#include "models/load/scenario_loader.h"
#include "models/metrics/metrics_recorder.h"
#include "sim/simulation.h"
#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using sim::Distribution;
using sim::Duration;
using sim::Time;
using testing::AddFunction;
using testing::BaseSpec;

Time At(double seconds) { return Time::Zero() + sim::DurationFromSeconds(seconds); }
AsyncEvent Event(double at_s, double duration_s) {
  return AsyncEvent{At(at_s), sim::DurationFromSeconds(duration_s).ns(), 0};
}

struct Harness {
  explicit Harness(const ScenarioSpec& s)
      : horizon(Time::Zero() + s.duration),
        recorder(testing::FunctionNames(s), s.bucket, horizon),
        core(s, simulation, recorder),
        async(core, recorder, s.functions.size()) {
    core.StartAccount();
    core.StartFunctions();
  }
  void operator()(const sim::Event& e) {
    recorder.Advance(e.time);
    switch (static_cast<EventKind>(e.kind)) {
      case EventKind::kInvocationComplete: {
        const Environment done = core.CompleteInvocation(e.a);
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
  void RunTo(Time t) { simulation.RunUntil(t, *this); }
  void Enqueue(const AsyncEvent& event) {
    RunTo(event.enqueued);
    recorder.Advance(event.enqueued);
    async.OnEnqueue(0, event);
  }
  RunResult Finish() {
    RunTo(horizon - Duration::Nanos(1));
    core.Finish(horizon);
    return recorder.Finish(horizon);
  }

  Time horizon;
  sim::Simulation simulation;
  MetricsRecorder recorder;
  PlatformCore core;
  AsyncQueues async;
};

// One function with reserved concurrency 1 (its durations come from the events).
ScenarioSpec OneSlot(Duration horizon, AsyncConcurrencyThrottle mode) {
  auto spec = BaseSpec(horizon);
  spec.bucket = Duration::Seconds(1);
  auto& f = AddFunction(spec, "worker", Distribution::Constant(1.0));
  f.reserved_concurrency = 1;
  f.async.throttle_on_concurrency = mode;
  return spec;
}

// on_concurrency = backoff, base 1 s, max 8 s. A occupies the only slot for the whole run; B
// is throttled at t = 0 and at each of its due times. Its k-th wait must lie in [d/2, d],
// d = min(8 s, 2^(k−1) s) ("equal jitter"); once capped, the waits are uniform on [4 s, 8 s]:
// mean 6 s, standard deviation 4/√12 = 1.155 s. B stays the only backing-off event. (The run
// ends before A's 900 s timeout would free the slot.)
TEST(AsyncBackoff, EachThrottleOfAnEventWaitsAJitteredDoublingCappedAtMax) {
  auto spec = OneSlot(Duration::Seconds(880), AsyncConcurrencyThrottle::kBackoff);
  spec.functions[0].async.throttle_backoff_max = Duration::Seconds(8);
  Harness h(spec);
  h.Enqueue(Event(0, 5000));  // A
  h.Enqueue(Event(0, 1));     // B
  ASSERT_EQ(h.async.backing_off(0), 1u);
  Time prev = Time::Zero();
  int k = 1;
  uint64_t attempts = 1;  // B's first attempt at t = 0
  double capped_sum_s = 0, capped_min_s = 1e9, capped_max_s = 0;
  int capped = 0;
  for (;;) {
    const Time due = h.async.next_backoff_due(0);
    if (due >= h.horizon) break;
    const double d_s = std::min(8.0, std::ldexp(1.0, k - 1));
    const double wait_s = (due - prev).seconds();
    ASSERT_GE(wait_s, d_s / 2) << "backoff " << k;
    ASSERT_LE(wait_s, d_s) << "backoff " << k;
    if (d_s == 8.0) {
      capped_sum_s += wait_s;
      capped_min_s = std::min(capped_min_s, wait_s);
      capped_max_s = std::max(capped_max_s, wait_s);
      ++capped;
    }
    h.RunTo(due);
    ++attempts;
    ASSERT_EQ(h.async.backing_off(0), 1u);
    ASSERT_EQ(h.async.ready_size(0), 0u);
    ASSERT_GT(h.async.next_backoff_due(0), due);  // throttled again: backs off further
    prev = due;
    ++k;
  }
  ASSERT_GT(capped, 100);
  const double se_s = (4.0 / std::sqrt(12.0)) / std::sqrt(capped);
  EXPECT_NEAR(capped_sum_s / capped, 6.0, 5 * se_s);
  EXPECT_LT(capped_min_s, 4.5);  // the jitter spans [d/2, d]
  EXPECT_GT(capped_max_s, 7.5);
  const RunResult r = h.Finish();
  EXPECT_EQ(r.functions[0].throttles, attempts);  // every attempt of B, none of A
  EXPECT_EQ(
      r.functions[0].throttles_by_reason[static_cast<size_t>(ThrottleReason::kReservedConcurrency)],
      r.functions[0].throttles);
}

// on_concurrency = backoff. A (2 s) takes the slot at 0; B (at 0) is throttled and backs off:
// attempts at T1 ∈ [0.5, 1], T2 ∈ T1 + [1, 2], … each throttled while A runs. C arrives at
// 1 s and waits in the ready FIFO. When A ends at 2 s, B is not due (T2 > 2 s, or else
// T3 ≥ T2 + 2 ≥ 3.5 s), so C takes the slot at 2 s — age exactly 1 s — and B follows after C
// ends (3 s), at its next due time: age > 3 s. The head-of-line model held C behind B.
TEST(AsyncBackoff, AnEventEnqueuedLaterIsDispatchedWhileAThrottledOneBacksOff) {
  auto spec = OneSlot(Duration::Seconds(60), AsyncConcurrencyThrottle::kBackoff);
  Harness h(spec);
  h.Enqueue(Event(0, 2));  // A
  h.Enqueue(Event(0, 1));  // B
  h.Enqueue(Event(1, 1));  // C
  h.RunTo(At(2.5));
  EXPECT_EQ(h.async.ready_size(0), 0u);   // C is running
  EXPECT_EQ(h.async.backing_off(0), 1u);  // B still backs off
  const RunResult r = h.Finish();
  const auto& s = r.functions[0];
  EXPECT_EQ(s.invocations, 3u);
  EXPECT_EQ(s.async_events_dropped, 0u);
  EXPECT_EQ(r.function_rows[2].async_event_age_max_ms, 1000.0);  // C, dispatched at 2 s
  EXPECT_GT(s.async_event_age_max_ms, 3000.0);                   // B, after C
}

// on_concurrency = backoff, maximum event age 60 s, DLQ. A (100 s) holds the slot; B (t = 0)
// is throttled at 0 and at T1, T2, …, T_k = Σ waits with the j-th wait in [2^(j−1)/2, 2^(j−1)]
// s, so T_k ∈ [(2^k − 1)/2, 2^k − 1]: T5 ≤ 31 s, T6 ∈ [31.5, 63], T7 ≥ 63.5 s. B is dropped at
// its first attempt older than 60 s: T6 or T7, after 6 or 7 throttles. C (t = 50 s) waits in
// the ready FIFO (the poller is parked until a release) and is dispatched when A ends at 100 s,
// age 50 s. Head-of-line: the queue paused behind B until 63 s, then C's throttle paused it
// 64 s more, and C (age 77 s at 127 s) was dropped too.
TEST(AsyncBackoff, MaximumEventAgeDropsEachBackingOffEventOnItsOwn) {
  auto spec = OneSlot(Duration::Seconds(300), AsyncConcurrencyThrottle::kBackoff);
  spec.functions[0].async.maximum_event_age = Duration::Seconds(60);
  spec.functions[0].async.on_failure_dlq = true;
  Harness h(spec);
  h.Enqueue(Event(0, 100));  // A
  h.Enqueue(Event(0, 1));    // B
  h.Enqueue(Event(50, 1));   // C
  const RunResult r = h.Finish();
  const auto& s = r.functions[0];
  EXPECT_EQ(s.invocations, 2u);  // A and C
  EXPECT_EQ(s.async_events_dropped, 1u);
  EXPECT_EQ(s.dead_letter_events, 1u);
  EXPECT_GE(s.throttles, 6u);
  EXPECT_LE(s.throttles, 7u);
  EXPECT_EQ(s.async_event_age_max_ms, 50000.0);  // C
  // B's drop lands in the bucket of T6 or T7: after 60 s, by 127 s.
  uint64_t dropped_before_60s = 0;
  for (size_t b = 0; b < 60; ++b) dropped_before_60s += r.function_rows[b].async_events_dropped;
  EXPECT_EQ(dropped_before_60s, 0u);
}

// Default settings (on_concurrency = wait). Reserved concurrency 1 ⇒ an RPS limit of 10 per
// second (10 × RC). Twenty 1 ms events at t = 0: the first ten run back to back (0–10 ms);
// the eleventh, at 10 ms, finds the window full (rps_limit): it backs off on its own and the
// poller tries the next one 10 ms later, so events 11–20 back off at 10, 20, …, 100 ms, each
// due in [0.5 s, 1 s] after its throttle. At 0.3 s the calendar holds exactly those ten, the
// ready FIFO is empty, the depth gauge counts both (10), and only one simulation event waits
// for the calendar (no entry per event). All twenty run once the window frees.
TEST(AsyncBackoff, CalendarHoldsExactlyTheBackingOffEventsWithOneTimer) {
  auto spec = OneSlot(Duration::Seconds(60), AsyncConcurrencyThrottle::kWait);
  Harness h(spec);
  for (int i = 0; i < 20; ++i) h.Enqueue(Event(0, 0.001));
  h.RunTo(At(0.3));
  EXPECT_EQ(h.async.ready_size(0), 0u);
  EXPECT_EQ(h.async.backing_off(0), 10u);
  EXPECT_EQ(h.recorder.async_depth(0).value(), 10);
  EXPECT_GE(h.async.next_backoff_due(0), At(0.51));
  EXPECT_LE(h.simulation.pending(), 2u);  // the calendar's timer (+ the idle environment's reclaim)
  const RunResult r = h.Finish();
  const auto& s = r.functions[0];
  EXPECT_EQ(s.invocations, 20u);
  EXPECT_EQ(s.async_events_dropped, 0u);
  EXPECT_GE(s.throttles_by_reason[static_cast<size_t>(ThrottleReason::kRpsLimit)], 10u);
  EXPECT_EQ(h.async.backing_off(0), 0u);
  EXPECT_LE(h.async.calendar_capacity(0), 16u);  // bounded by the backlog (10), not the run
  EXPECT_EQ(h.recorder.async_depth(0).value(), 0);
}

// The key: `async.throttle_backoff.on_concurrency: wait | backoff`, default wait.
TEST(AsyncBackoffLoader, OnConcurrencyDefaultsToWaitAndAcceptsBackoff) {
  const std::string head =
      "name: t\ntraffic:\n  - function: f\n    rate: 1\nfunctions:\n  f:\n    duration: 100ms\n";
  const auto plain = LoadScenarioString(head, "s.yaml");
  EXPECT_EQ(plain.functions[0].async.throttle_on_concurrency, AsyncConcurrencyThrottle::kWait);
  const auto literal = LoadScenarioString(
      head + "    async: { throttle_backoff: { on_concurrency: backoff } }\n", "s.yaml");
  EXPECT_EQ(literal.functions[0].async.throttle_on_concurrency, AsyncConcurrencyThrottle::kBackoff);
  EXPECT_EQ(literal.functions[0].async.throttle_backoff_base, Duration::Seconds(1));
  EXPECT_THROW(LoadScenarioString(
                   head + "    async: { throttle_backoff: { on_concurrency: pause } }\n", "s.yaml"),
               ScenarioError);
}

}  // namespace
}  // namespace lambdasim
