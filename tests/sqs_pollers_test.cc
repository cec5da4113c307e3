// Tests of the SQS event source mapping's pollers against the AWS pages (reference §6.3):
// the 1 000-batch cap and the +300/min ramp (services-sqs-scaling), the scale-down to 5 and
// to 2 at low traffic (not with maximum_concurrency), and throttled batches retried inside
// their visibility timeout (services-sqs-errorhandling). Every expected number is derived by
// hand in the comments, not read from the model.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "models/load/scenario_loader.h"
#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using sim::Distribution;
using sim::Duration;
using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;

TrafficSpec& AddQueue(ScenarioSpec& spec, const std::string& fn, double rate,
                      Duration visibility = Duration::Seconds(30)) {
  auto& t = AddTraffic(spec, fn, rate, ArrivalKind::kUniform);
  t.source.type = SourceType::kSqs;
  t.source.batch_size = 1;
  t.source.visibility_timeout = visibility;
  return t;
}

// One message at `at` (a uniform source of 1e-6/s sends its first message at its start).
TrafficSpec& OneMessageAt(ScenarioSpec& spec, const std::string& fn, Duration at,
                          Duration visibility = Duration::Seconds(30)) {
  auto& t = AddQueue(spec, fn, 1e-6, visibility);
  t.start = at;
  return t;
}

TEST(SqsPollers, DeepBacklogOfLongJobsScalesToExactlyOneThousandBatches) {
  // services-sqs-scaling: 5 batches at first, +300 per minute, at most 1,000 at once.
  auto spec = BaseSpec(Duration::Minutes(5));
  spec.bucket = Duration::Seconds(1);
  spec.account.concurrency_limit = 5000;
  AddFunction(spec, "consumer", Distribution::Constant(10000.0));  // batches never finish
  AddQueue(spec, "consumer", 5000);
  const auto r = RunScenario(spec);
  // Hand: 300/min credited each second is 5/s, so during second k the pollers hold 5 + 5k
  // batches; 5 + 5k reaches 1000 at k = (1000 − 5) / 5 = 199 and stays there.
  EXPECT_EQ(r.functions[0].esm_concurrency_max, 1000);  // was 1250
  EXPECT_EQ(r.functions[0].concurrency_max, 1000);
  EXPECT_EQ(r.function_rows[198].esm_concurrency_max, 995);
  EXPECT_EQ(r.function_rows[199].esm_concurrency_max, 1000);
  EXPECT_EQ(r.function_rows[250].esm_concurrency_max, 1000);  // was 1250 (reached at 249 s)
  EXPECT_EQ(r.function_rows[299].esm_concurrency_max, 1000);
}

// A burst of 1960 msg/s for [0, 10 s) of 100 ms jobs, then silence, then a probe of 2000
// msg/s for [probe, probe + 1 s): during the half second before the next scaling tick the
// probe's batches fill exactly the poller concurrency the mapping had at `probe` (jobs of
// 100 ms never saturate the bucket, 1 s rows, so the row's peak is that concurrency).
int64_t PollersAtProbe(Duration probe, std::optional<int64_t> maximum_concurrency,
                       std::optional<int64_t> low_traffic_minimum = std::nullopt) {
  auto spec = BaseSpec(probe + Duration::Seconds(3));
  spec.bucket = Duration::Seconds(1);
  AddFunction(spec, "consumer", Distribution::Constant(0.1));
  auto& t = AddQueue(spec, "consumer", 0);
  t.shape = ShapeKind::kPiecewise;
  t.segments = {RateSegment{Duration(), Duration::Seconds(10), 1960, 1960, "burst"},
                RateSegment{Duration::Seconds(10), probe, 0, 0, "quiet"},
                RateSegment{probe, probe + Duration::Seconds(1), 2000, 2000, "probe"}};
  t.source.maximum_concurrency = maximum_concurrency;
  if (low_traffic_minimum) t.source.sqs_pollers.low_traffic_minimum = *low_traffic_minimum;
  const auto r = RunScenario(spec);
  const auto row = static_cast<size_t>(probe.ns() / Duration::Seconds(1).ns());
  return r.function_rows[row].esm_concurrency_max;
}

TEST(SqsPollers, AfterTrafficStopsPollersFallToFiveThenTwo) {
  // Hand: the burst keeps every poller busy, so allowed = 5 + 5k in second k, and 100 ms
  // jobs let each poller take 10 batches a second: by the end of second T, 25·T·(T + 1)
  // messages. 19 600 messages: 18 900 by T = 27, the other 700 at 10 · 140 = 1 400/s take
  // 0.5 s, so the queue is empty and nothing is held at the tick at 28 s: the first quiet
  // tick (allowed 140). Low traffic = 60 quiet ticks: 28..87 → back to 5 at 87 s; 88..147 →
  // 2 at 147 s (services-sqs-scaling: "scales back … to five concurrent batches, and can
  // optimize to as few as 2").
  const int64_t at_50 = PollersAtProbe(Duration::Millis(50500), std::nullopt);
  EXPECT_EQ(at_50, 140);  // still scaled up inside the first quiet minute (was 5 at once)
  EXPECT_EQ(PollersAtProbe(Duration::Millis(120500), std::nullopt), 5);
  EXPECT_EQ(PollersAtProbe(Duration::Millis(200500), std::nullopt), 2);  // was 5
}

TEST(SqsPollers, WithMaximumConcurrencyPollersStayAtFive) {
  // "However, this optimization is not available when you enable the maximum concurrency
  // setting": back to 5 at 87 s, and still 5 at 200 s.
  EXPECT_EQ(PollersAtProbe(Duration::Millis(120500), 500), 5);
  EXPECT_EQ(PollersAtProbe(Duration::Millis(200500), 500), 5);
  // The knob: low_traffic_minimum 3 (no maximum_concurrency) stops at 3.
  EXPECT_EQ(PollersAtProbe(Duration::Millis(200500), std::nullopt, 3), 3);
}

// Reserved concurrency 1; a 3.5 s job from queue A holds it from t = 0; queue B's one message
// arrives at 0.25 s and is throttled.
RunResult ThrottledBehindOneJob(Duration visibility_b, Duration retry_base = Duration::Seconds(1)) {
  auto spec = BaseSpec(Duration::Minutes(2));
  auto& f = AddFunction(spec, "consumer", Distribution::Constant(3.5));
  f.reserved_concurrency = 1;
  OneMessageAt(spec, "consumer", Duration());
  auto& b = OneMessageAt(spec, "consumer", Duration::Millis(250), visibility_b);
  b.source.sqs_pollers.throttle_retry_base = retry_base;
  return RunScenario(spec);
}

TEST(SqsPollers, ThrottledBatchIsRetriedWithBackoffInsideItsVisibilityTimeout) {
  // services-sqs-errorhandling: Lambda "continues to retry the message until the message's
  // timestamp exceeds your queue's visibility timeout". Retries at 0.25 + 1 = 1.25 s
  // (busy until 3.5 s), 1.25 + 2 = 3.25 s (busy), 3.25 + 4 = 7.25 s: admitted. Latency
  // 7.25 − 0.25 + 3.5 = 10.5 s; three throttles. Old model: hidden for the whole 30 s
  // visibility timeout → 30 + 3.5 = 33.5 s and one throttle.
  const auto r = ThrottledBehindOneJob(Duration::Seconds(30));
  const auto& s = r.functions[0];
  EXPECT_EQ(s.invocations, 2u);
  EXPECT_EQ(s.throttles, 3u);
  EXPECT_EQ(s.messages_deleted, 2u);
  EXPECT_NEAR(s.latency.max_ms, 10500.0, 1.0);
}

TEST(SqsPollers, ThrottledBatchReturnsToTheQueueWhenItsVisibilityTimeoutEnds) {
  // Visibility 5 s: retries at 1.25 and 3.25 s are throttled; the next (7.25 s) is past the
  // deadline 0.25 + 5 = 5.25 s, so the message is visible again at 5.25 s, received a second
  // time and admitted (the slot is free since 3.5 s): latency 5 + 3.5 = 8.5 s.
  const auto r = ThrottledBehindOneJob(Duration::Seconds(5));
  const auto& s = r.functions[0];
  EXPECT_EQ(s.throttles, 3u);
  EXPECT_EQ(s.invocations, 2u);
  EXPECT_NEAR(s.latency.max_ms, 8500.0, 1.0);
}

TEST(SqsPollers, CapacityFreedByTheMappingGoesFirstToItsThrottledBatch) {
  // One queue, reserved concurrency 1, 3.5 s jobs: message 1 at 0 s runs until 3.5 s;
  // message 2 at 0.25 s is throttled, and again at its retries 1.25 s and 3.25 s. When
  // message 1's invocation ends at 3.5 s the held batch is retried at once (its next timed
  // retry would be 7.25 s): latency 3.5 − 0.25 + 3.5 = 6.75 s, three throttles. Old model:
  // hidden for the 30 s visibility timeout → 33.5 s.
  auto spec = BaseSpec(Duration::Minutes(2));
  auto& f = AddFunction(spec, "consumer", Distribution::Constant(3.5));
  f.reserved_concurrency = 1;
  auto& t = AddQueue(spec, "consumer", 4.0);  // uniform 4/s: messages at 0 s and 0.25 s …
  t.start = Duration();
  t.end = Duration::Millis(500);  // … and no more
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_EQ(s.invocations, 2u);
  EXPECT_EQ(s.throttles, 3u);
  EXPECT_NEAR(s.latency.max_ms, 6750.0, 1.0);
}

TEST(SqsPollers, ProfileRetryBaseChangesTheRetryTimes) {
  // throttle_retry_base 2 s: retries at 2.25 s (busy), 2.25 + 4 = 6.25 s: admitted. Latency
  // 6.25 − 0.25 + 3.5 = 9.5 s; two throttles.
  const auto r = ThrottledBehindOneJob(Duration::Seconds(30), Duration::Seconds(2));
  EXPECT_EQ(r.functions[0].throttles, 2u);
  EXPECT_NEAR(r.functions[0].latency.max_ms, 9500.0, 1.0);
}

TEST(SqsPollers, ProfileNumbersReachTheModel) {
  // A profile with a 600-batch cap and a 30 s low-traffic window: the loader copies both
  // into the source, and the model follows them.
  PlatformProfile p = *LookupPlatform("aws-2023", "us-east-1");
  EXPECT_EQ(p.sqs_max_concurrency, 1000);
  EXPECT_EQ(p.sqs_pollers.low_traffic_concurrency, 5);
  EXPECT_EQ(p.sqs_pollers.low_traffic_minimum, 2);
  p.sqs_max_concurrency = 600;
  auto spec = BaseSpec(Duration::Minutes(4));
  spec.bucket = Duration::Seconds(10);
  spec.account.concurrency_limit = 5000;
  AddFunction(spec, "consumer", Distribution::Constant(10000.0));
  auto& t = AddQueue(spec, "consumer", 5000);
  t.source.max_concurrency_default = p.sqs_max_concurrency;
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].esm_concurrency_max, 600);  // 5 + 5k = 600 at k = 119 s
  EXPECT_EQ(r.function_rows[11].esm_concurrency_max, 600);
  EXPECT_EQ(r.function_rows[10].esm_concurrency_max, 5 + 5 * 109);
}

TEST(SqsPollers, LoaderResolvesPollerRulesFromTheProfileAndKeys) {
  const std::string base = R"(name: s
duration: 1m
functions:
  f:
    duration: { dist: constant, value: 100ms }
traffic:
  - function: f
    rate: 10
)";
  const auto spec = LoadScenarioString(base + "    source: { type: sqs }\n", "s.yaml");
  const PlatformProfile p = *LookupPlatform("aws-2023", "us-east-1");
  const EventSourceSpec& s = spec.traffic[0].source;
  EXPECT_EQ(s.max_concurrency_default, 1000);
  EXPECT_EQ(s.sqs_pollers.low_traffic_minimum, p.sqs_pollers.low_traffic_minimum);
  EXPECT_EQ(s.sqs_pollers.scale_down_window, p.sqs_pollers.scale_down_window);
  EXPECT_EQ(s.sqs_pollers.throttle_pause, p.sqs_pollers.throttle_pause);
  EXPECT_EQ(s.sqs_pollers.throttle_concurrency_step, p.sqs_pollers.throttle_concurrency_step);
  EXPECT_EQ(s.sqs_pollers.throttle_retry_base, Duration::Seconds(1));
  const auto knobs = LoadScenarioString(
      base +
          "    source: { type: sqs, low_traffic_minimum: 4, throttle_retry_base: 250ms, "
          "throttle_retry_max: 10s }\n",
      "s.yaml");
  const EventSourceSpec& k = knobs.traffic[0].source;
  EXPECT_EQ(k.sqs_pollers.low_traffic_minimum, 4);
  EXPECT_EQ(k.sqs_pollers.throttle_retry_base, Duration::Millis(250));
  EXPECT_EQ(k.sqs_pollers.throttle_retry_max, Duration::Seconds(10));
  EXPECT_THROW(LoadScenarioString(base + "    source: { type: sqs, throttle_retry_base: 20s, "
                                         "throttle_retry_max: 10s }\n",
                                  "s.yaml"),
               ScenarioError);
}

// The issue's case: reserved concurrency 20 below the pollers' count. 180 msg/s in batches
// of 10 of 1 s jobs needs 18 of the 20; the pollers, not capped, overshoot and get throttled.
ScenarioSpec ReservedTwentyBelowThePollers() {
  auto spec = BaseSpec(Duration::Minutes(10), 7);
  auto& f = AddFunction(spec, "worker", Distribution::Constant(1.0));
  f.reserved_concurrency = 20;
  auto& t = AddTraffic(spec, "worker", 180, ArrivalKind::kPoisson);
  t.source.type = SourceType::kSqs;
  t.source.batch_size = 10;
  t.source.visibility_timeout = Duration::Seconds(30);
  return spec;
}

TEST(SqsPollers, ReservedConcurrencyBelowThePollersKeepsLatencyFarBelowTheVisibilityTimeout) {
  const auto throttled = RunScenario(ReservedTwentyBelowThePollers());
  auto capped_spec = ReservedTwentyBelowThePollers();
  capped_spec.traffic[0].source.maximum_concurrency = 20;
  const auto capped = RunScenario(capped_spec);
  const auto& s = throttled.functions[0];
  EXPECT_GT(s.throttles, 0u);
  // A throttled batch waits for its retries (1, 2, 4 … s, or the next completion), not for the
  // 30 s visibility timeout: p999 stays well under it (the old model: 32 s, max 62 s) and
  // close to the capped mapping's.
  EXPECT_LT(s.latency.p999_ms, 10000.0);
  EXPECT_LT(s.latency.max_ms, 30000.0);
  EXPECT_LT(s.latency.p999_ms, 1.5 * capped.functions[0].latency.p999_ms);
  EXPECT_EQ(capped.functions[0].throttles, 0u);
  EXPECT_LT(capped.functions[0].latency.p999_ms, 5000.0);
}

}  // namespace
}  // namespace lambdasim
