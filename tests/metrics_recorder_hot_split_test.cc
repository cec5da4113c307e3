// tests/metrics_recorder_hot_split_test.cc — the recorder's per-function state is split in two
// (issue 17 session 3): the counters, cost, bucket histograms and three gauges that a request,
// an invocation and a completion touch live in their own cache lines, the rest apart, and a
// bucket's close copies the hot counters into the row. This test drives both halves through
// three buckets and checks every row and summary field they feed against hand-derived numbers.
#include <gtest/gtest.h>

#include "models/metrics/metrics_recorder.h"

namespace lambdasim {
namespace {

constexpr int64_t kMs = 1'000'000;

TEST(MetricsRecorderHotSplit, RowsAndSummaryCarryEveryHotCounterGaugeAndHistogram) {
  const sim::Duration second = sim::DurationFromSeconds(1);
  const sim::Time t0 = sim::Time();
  MetricsRecorder rec({"a", "b"}, second, t0 + second * 3);
  // Bucket 0: a gets 3 requests (one throttled), 2 invocations (one cold), one error;
  // b gets one request. a is busy on [0, 0.5 s); one environment of a lives all run.
  rec.Advance(t0);
  rec.environments(0).Add(t0, +1);
  for (int i = 0; i < 3; ++i) rec.OnRequest(0);
  rec.OnRequest(1);
  rec.OnThrottle(0, ThrottleReason::kReservedConcurrency);
  rec.OnInvocation(0, /*cold=*/true, false, false);
  rec.OnInvocation(0, false, false, false);
  rec.concurrency(0).Add(t0, +1);
  rec.AddCost(0, 0.25, 1.0, 0);
  rec.AddCost(0, 0.25, 2.0, 0);
  const sim::Time half = t0 + sim::Duration::Nanos(500 * kMs);
  rec.Advance(half);
  rec.concurrency(0).Add(half, -1);
  rec.idle(0).Add(half, +1);
  rec.OnCompletion(0, 100 * kMs, 150 * kMs, /*error=*/false, false, false);
  rec.OnCompletion(0, 300 * kMs, 300 * kMs, /*error=*/true, false, /*gateway_timeout=*/true);
  // Bucket 1: a provisioned invocation that times out (an error too); cost on PC.
  const sim::Time t1 = t0 + second;
  rec.Advance(t1);
  rec.OnRequest(0);
  rec.OnInvocation(0, false, /*provisioned=*/true, false);
  rec.AddCost(0, 0.5, 4.0, 0, /*duration_on_provisioned=*/true);
  rec.OnCompletion(0, 200 * kMs, 200 * kMs, /*error=*/true, /*timeout=*/true, false);
  // After the horizon: a request still counts in the run total (as before the split), in no row.
  const sim::Time t3 = t0 + second * 3;
  rec.Advance(t3);
  rec.OnRequest(0);
  const RunResult r = rec.Finish(t3);

  ASSERT_EQ(r.function_rows.size(), 6u);  // (bucket, function)
  const auto& a0 = r.function_rows[0];
  EXPECT_EQ(a0.requests, 3u);
  EXPECT_EQ(a0.invocations, 2u);
  EXPECT_EQ(a0.cold_starts, 1u);
  EXPECT_EQ(a0.errors, 1u);
  EXPECT_EQ(a0.throttles, 1u);
  EXPECT_EQ(a0.cost_usd, 0.25 + 1.0 + 0.25 + 2.0);
  EXPECT_EQ(a0.concurrent_executions_max, 1);
  EXPECT_DOUBLE_EQ(a0.concurrent_executions_avg, 0.5);
  EXPECT_DOUBLE_EQ(a0.idle_environments_avg, 0.5);
  EXPECT_DOUBLE_EQ(a0.environments_avg, 1.0);
  // p50 of {100 ms, 300 ms} is the first value, alone in the bin [2^26·(1 + 31/64),
  // 2^26·(1 + 32/64)) = [99 614 720, 100 663 296) ns, narrowed to [1e8, 100 663 296): its
  // midpoint 100 331 648 ns.
  EXPECT_DOUBLE_EQ(a0.duration_p50_ms, 100.331648);
  EXPECT_EQ(r.function_rows[1].requests, 1u);  // b, bucket 0
  EXPECT_EQ(r.function_rows[1].invocations, 0u);
  const auto& a1 = r.function_rows[2];
  EXPECT_EQ(a1.requests, 1u);
  EXPECT_EQ(a1.invocations, 1u);
  EXPECT_EQ(a1.provisioned_concurrency_invocations, 1u);
  EXPECT_EQ(a1.errors, 1u);
  EXPECT_EQ(a1.cost_usd, 0.5 + 4.0);
  EXPECT_EQ(a1.cold_starts, 0u);
  EXPECT_DOUBLE_EQ(a1.idle_environments_avg, 1.0);
  const auto& a2 = r.function_rows[4];
  EXPECT_EQ(a2.requests, 0u);
  EXPECT_EQ(a2.invocations, 0u);
  EXPECT_EQ(a2.cost_usd, 0.0);
  EXPECT_EQ(a2.duration_p50_ms, 0.0);

  ASSERT_EQ(r.functions.size(), 2u);
  const auto& s = r.functions[0];
  EXPECT_EQ(s.requests, 5u);  // 3 + 1 + the one after the horizon
  EXPECT_EQ(s.invocations, 3u);
  EXPECT_EQ(s.errors, 2u);
  EXPECT_EQ(s.timeouts, 1u);
  EXPECT_EQ(s.gateway_timeouts, 1u);
  EXPECT_EQ(s.cold_starts, 1u);
  EXPECT_EQ(s.provisioned_concurrency_invocations, 1u);
  EXPECT_EQ(s.throttles, 1u);
  EXPECT_EQ(s.cost_requests_usd, 1.0);
  EXPECT_EQ(s.cost_duration_usd, 7.0);
  EXPECT_EQ(s.cost_usd, 8.0);
  EXPECT_EQ(s.concurrency_max, 1);
  EXPECT_DOUBLE_EQ(s.concurrency_mean, 0.5 / 3.0);
  EXPECT_DOUBLE_EQ(s.environments_mean, 1.0);
  EXPECT_DOUBLE_EQ(s.duration.max_ms, 300.0);
  EXPECT_DOUBLE_EQ(s.duration.mean_ms, 200.0);
  EXPECT_DOUBLE_EQ(s.latency.max_ms, 300.0);
  EXPECT_DOUBLE_EQ(s.latency.mean_ms, (150.0 + 300.0 + 200.0) / 3.0);
  EXPECT_EQ(r.functions[1].requests, 1u);
  EXPECT_EQ(r.account.requests, 6u);
  EXPECT_DOUBLE_EQ(r.account.latency.max_ms, 300.0);
}

// The warm-up's end restarts every hot counter and histogram; the hot gauges keep their levels.
TEST(MetricsRecorderHotSplit, BeginMeasurementRestartsHotCountersAndKeepsHotLevels) {
  const sim::Duration second = sim::DurationFromSeconds(1);
  const sim::Time t0 = sim::Time();
  MetricsRecorder rec({"a"}, second, t0 + second * 2);
  rec.Advance(t0);
  rec.OnRequest(0);
  rec.OnInvocation(0, true, false, false);
  rec.AddCost(0, 1.0, 1.0, 0);
  rec.OnCompletion(0, 5 * kMs, 5 * kMs, true, true, true);
  rec.concurrency(0).Add(t0, +2);
  rec.idle(0).Add(t0, +1);
  rec.environments(0).Add(t0, +3);
  rec.BeginMeasurement(t0);
  const RunResult r = rec.Finish(t0 + second * 2);
  ASSERT_EQ(r.function_rows.size(), 2u);
  EXPECT_EQ(r.function_rows[0].requests, 0u);
  EXPECT_EQ(r.function_rows[0].cost_usd, 0.0);
  EXPECT_EQ(r.function_rows[0].duration_p50_ms, 0.0);
  EXPECT_DOUBLE_EQ(r.function_rows[0].concurrent_executions_avg, 2.0);
  EXPECT_DOUBLE_EQ(r.function_rows[1].idle_environments_avg, 1.0);
  EXPECT_DOUBLE_EQ(r.function_rows[1].environments_avg, 3.0);
  const auto& s = r.functions[0];
  EXPECT_EQ(s.requests, 0u);
  EXPECT_EQ(s.timeouts, 0u);
  EXPECT_EQ(s.gateway_timeouts, 0u);
  EXPECT_EQ(s.cost_usd, 0.0);
  EXPECT_EQ(s.duration.max_ms, 0.0);
  EXPECT_EQ(s.concurrency_max, 2);
}

}  // namespace
}  // namespace lambdasim
