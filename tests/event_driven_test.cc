// Tests of the event-driven invocation paths: the async event queue, SQS and stream
// pollers, fan-out (reference §6.2–6.4). Each would fail if its rule were wrong.
#include <cmath>

#include <gtest/gtest.h>

#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using sim::Distribution;
using sim::Duration;
using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;

TrafficSpec& AddAsync(ScenarioSpec& spec, const std::string& fn, double rate,
                      ArrivalKind kind = ArrivalKind::kPoisson) {
  auto& t = AddTraffic(spec, fn, rate, kind);
  t.invocation = InvocationType::kAsync;
  return t;
}

TEST(Async, WithAmpleConcurrencyNoEventWaits) {
  auto spec = BaseSpec(Duration::Minutes(5));
  AddFunction(spec, "analyse", Distribution::Exponential(0.5), Distribution::Constant(0.3));
  AddAsync(spec, "analyse", 50);
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_GT(s.async_events_received, 14000u);
  EXPECT_EQ(s.async_events_dispatched, s.async_events_received);
  EXPECT_EQ(s.async_events_delayed, 0u);
  EXPECT_EQ(s.async_event_age_max_ms, 0.0);
  EXPECT_EQ(s.async_events_dropped, 0u);
  EXPECT_EQ(s.throttles, 0u);
}

TEST(Async, BacklogGrowsAtTheExcessRateAndDrainsAfterTheBurst) {
  // Capacity 10/s (reserved 10 × 1 s); 20 events/s for 60 s ⇒ the backlog grows at 10/s
  // to ~600, then drains at 10/s: empty at ~120 s. Backoff 0: dispatch as capacity frees.
  auto spec = BaseSpec(Duration::Seconds(200));
  spec.bucket = Duration::Seconds(10);
  auto& f = AddFunction(spec, "worker", Distribution::Constant(1.0));
  f.reserved_concurrency = 10;
  f.async.throttle_backoff_base = Duration();
  auto& t = AddAsync(spec, "worker", 20, ArrivalKind::kUniform);
  t.end = Duration::Seconds(60);
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_EQ(s.async_events_received, 1200u);
  EXPECT_EQ(s.invocations, 1200u);
  EXPECT_EQ(s.async_events_dropped, 0u);
  EXPECT_NEAR(static_cast<double>(s.async_queue_depth_max), 600.0, 12.0);
  // Per 10-second bucket: depth at bucket k (k < 6) is about 100·(k+1); empty after 120 s.
  for (size_t b = 0; b < 6; ++b)
    EXPECT_NEAR(static_cast<double>(r.function_rows[b].async_queue_depth_max),
                100.0 * static_cast<double>(b + 1), 12.0)
        << "bucket " << b;
  EXPECT_EQ(r.function_rows[13].async_queue_depth_max, 0);
  // The oldest event waited ~60 s (last of the burst, 600 ahead of it at 10/s).
  EXPECT_NEAR(s.async_event_age_max_ms, 60000.0, 1500.0);
}

TEST(Async, ConcurrencyThrottlesWaitForAReleaseByDefaultAndBackOffOnlyWhenAsked) {
  // Same burst (capacity 10/s, 20 events/s for 60 s). Default (on_concurrency: wait): a
  // reserved-concurrency throttle leaves the event at the head and the poller resumes at the
  // next release — the same run, event for event, as base 0 (nothing here is time-limited:
  // ≤ 20 starts/s against the 100/s RPS limit). on_concurrency: backoff: throttled events
  // back off on their own (≥ 0.5 s each) while newer ones take the freed slots, so the
  // oldest wait grows by more than a second — and nothing is lost either way.
  auto spec = BaseSpec(Duration::Minutes(30));
  auto& f = AddFunction(spec, "worker", Distribution::Exponential(1.0));
  f.reserved_concurrency = 10;
  auto& t = AddAsync(spec, "worker", 20, ArrivalKind::kUniform);
  t.end = Duration::Seconds(60);
  const auto wait = RunScenario(spec);
  spec.functions[0].async.throttle_on_concurrency = AsyncConcurrencyThrottle::kBackoff;
  const auto backoff = RunScenario(spec);
  spec.functions[0].async.throttle_on_concurrency = AsyncConcurrencyThrottle::kWait;
  spec.functions[0].async.throttle_backoff_base = Duration();
  const auto eager = RunScenario(spec);
  EXPECT_EQ(wait.functions[0].invocations, 1200u);
  EXPECT_EQ(wait.functions[0].throttles, eager.functions[0].throttles);
  EXPECT_EQ(wait.functions[0].async_event_age_max_ms, eager.functions[0].async_event_age_max_ms);
  EXPECT_EQ(wait.functions[0].async_event_age_mean_ms, eager.functions[0].async_event_age_mean_ms);
  EXPECT_EQ(backoff.functions[0].invocations, 1200u);
  EXPECT_GT(backoff.functions[0].throttles, 0u);
  EXPECT_GT(backoff.functions[0].async_event_age_max_ms,
            eager.functions[0].async_event_age_max_ms + 1000);
}

// Erlang C: the probability that an arrival to an M/M/c queue with offered load a = λ/μ < c
// has to wait, a^c/c! · c/(c − a) / (Σ_{k<c} a^k/k! + a^c/c! · c/(c − a)).
double ErlangC(int c, double a) {
  double term = 1, sum = 1;  // a^k / k!
  for (int k = 1; k < c; ++k) {
    term *= a / k;
    sum += term;
  }
  const double top = term * a / c * c / (c - a);
  return top / (sum + top);
}

// The case, with default settings: reserved concurrency 10, constant 100 ms (capacity
// 100 events/s), Poisson 80 events/s for 10 minutes. Capacity exceeds the load, so the queue
// is stable: an M/D/10 queue at utilisation 0.8. Its mean wait is below the M/M/10 one (same
// load, less service variability): Wq ≤ C(10, 8)/(cμ − λ) = 0.40918/20 s = 20.5 ms, and the
// number waiting at the end is of the order λ·Wq ≈ 1 — 50 is a generous bound. (The RPS
// limit, 10 × RC = 100/s, equals the capacity: a few starts meet it and those events back
// off ~1 s each — about 0.3 % of them, a few ms on the mean.) The
// head-of-line model invoked 6 065 of ~48 000 events and left a 42 000 backlog (mean age
// 264 s): every throttle paused the whole queue for 1 s, 2 s, 4 s, …
TEST(Async, ReservedTenAtEightyPerSecondInvokesNearlyEveryEventWithDefaults) {
  auto spec = BaseSpec(Duration::Minutes(10), 5);
  auto& f = AddFunction(spec, "worker", Distribution::Constant(0.1));
  f.reserved_concurrency = 10;
  AddAsync(spec, "worker", 80.0);
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_NEAR(static_cast<double>(s.async_events_received), 48000.0, 5 * std::sqrt(48000.0));
  EXPECT_GE(s.async_events_dispatched + 50, s.async_events_received);
  EXPECT_EQ(s.async_events_dropped, 0u);
  const double wq_bound_ms = ErlangC(10, 8.0) / (100.0 - 80.0) * 1000.0;
  EXPECT_NEAR(wq_bound_ms, 20.459, 0.01);
  EXPECT_LT(s.async_event_age_mean_ms, wq_bound_ms);
  EXPECT_GT(s.throttles, 0u);  // the function is often full: throttles happen, then waits
}

TEST(Async, ShortMaximumEventAgeDropsExactlyTheEventsOlderThanIt) {
  auto spec = BaseSpec(Duration::Seconds(1000));
  auto& f = AddFunction(spec, "slow", Distribution::Constant(10.0));
  f.reserved_concurrency = 1;
  f.async.throttle_backoff_base = Duration();
  f.async.maximum_event_age = Duration::Seconds(60);
  auto& t = AddAsync(spec, "slow", 1.0, ArrivalKind::kUniform);
  t.end = Duration::Seconds(100);
  const auto r = RunScenario(spec);
  // Independent FIFO single-server computation: event k arrives at k s; when the server
  // frees at T, the head is dropped if it waited more than 60 s.
  int64_t server_free = 0;
  uint64_t dropped = 0, invoked = 0;
  for (int64_t k = 0; k < 100; ++k) {
    if (server_free - k > 60) {
      ++dropped;
      continue;
    }
    server_free = std::max(server_free, k) + 10;
    ++invoked;
  }
  EXPECT_EQ(r.functions[0].async_events_dropped, dropped);
  EXPECT_EQ(r.functions[0].invocations, invoked);
  EXPECT_GT(dropped, 80u);
  EXPECT_EQ(r.functions[0].dead_letter_events, 0u);  // no DLQ configured: dropped only
}

TEST(Async, ReservedZeroSendsEveryEventToTheDeadLetterQueueWithoutRetries) {
  auto spec = BaseSpec(Duration::Minutes(1));
  auto& f = AddFunction(spec, "off", Distribution::Constant(0.1));
  f.reserved_concurrency = 0;
  f.async.on_failure_dlq = true;
  AddAsync(spec, "off", 10);
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_GT(s.async_events_received, 400u);
  EXPECT_EQ(s.dead_letter_events, s.async_events_received);
  EXPECT_EQ(s.async_events_dropped, s.async_events_received);
  EXPECT_EQ(s.invocations, 0u);
  EXPECT_EQ(s.requests, 0u);  // never even tried
}

TEST(Async, FunctionErrorsAreRetriedAfterOneThenTwoMinutes) {
  auto spec = BaseSpec(Duration::Minutes(10));
  auto& f = AddFunction(spec, "flaky", Distribution::Constant(1.0));
  f.error_rate = 1.0;
  f.async.on_failure_dlq = true;
  auto& t = AddAsync(spec, "flaky", 1e-6, ArrivalKind::kUniform);  // one event at t = 0
  t.start = Duration();
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_EQ(s.invocations, 3u);  // first try + 2 retries
  EXPECT_EQ(s.errors, 3u);
  EXPECT_EQ(s.dead_letter_events, 1u);
  // Attempts at 0 s, 1 + 60 = 61 s, 62 + 120 = 182 s: the last one's age is 182 s.
  EXPECT_NEAR(s.async_event_age_max_ms, 182000.0, 1.0);
  EXPECT_EQ(r.function_rows[0].invocations, 1u);
  EXPECT_EQ(r.function_rows[1].invocations, 1u);
  EXPECT_EQ(r.function_rows[3].invocations, 1u);
}

// The async path is an M/M/c queue with the default settings (concurrency throttles wait for
// a release) and with base 0: probability of waiting and mean wait match Erlang C. c = 10,
// λ = 8/s, E[S] = 1 s: P(wait) = C(10, 8) = 0.409180, Wq = C/(cμ − λ) = 0.2046 s. The run
// has 4.8 M arrivals; the batch-means standard error of Wq (checked below) is under 1 %, so
// the 3 % tolerance is > 3 standard errors.
void ExpectErlangC(const ScenarioSpec& spec) {
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  const double p_wait =
      static_cast<double>(s.async_events_delayed) / static_cast<double>(s.async_events_dispatched);
  const double wq_s = s.async_event_age_mean_ms / 1000.0;
  EXPECT_NEAR(ErlangC(10, 8.0), 0.409180, 1e-6);
  // Batch means over 100 buckets of 6000 s: the relative standard error of Wq from this run.
  double sum = 0, sum2 = 0;
  for (const auto& row : r.function_rows) {
    sum += row.async_event_age_avg_ms;
    sum2 += row.async_event_age_avg_ms * row.async_event_age_avg_ms;
  }
  const double n = static_cast<double>(r.function_rows.size());
  const double var = (sum2 - sum * sum / n) / (n - 1);
  const double se_rel = std::sqrt(var / n) / (sum / n);
  // Tolerance: 3.5 standard errors of this run (about 3.5 %), and the run must be long enough
  // for that to be a sharp check (SE under 1.2 %). P(wait) varies less than Wq (a proportion of
  // 4.8 M dispatches, correlated over busy periods): the same tolerance bounds it.
  const double tol = 3.5 * se_rel;
  EXPECT_LT(se_rel, 0.012);
  EXPECT_NEAR(p_wait / 0.409180, 1.0, tol) << p_wait;
  EXPECT_NEAR(wq_s / 0.204590, 1.0, tol) << wq_s << " (se_rel " << se_rel << ")";
}

ScenarioSpec ErlangCSpec() {
  auto spec = BaseSpec(Duration::Seconds(600000), 11);
  spec.bucket = Duration::Seconds(6000);
  auto& f = AddFunction(spec, "worker", Distribution::Exponential(1.0));
  f.reserved_concurrency = 10;
  AddAsync(spec, "worker", 8.0);
  return spec;
}

TEST(Async, DefaultSettingsGiveAnMMcQueueMatchingErlangC) { ExpectErlangC(ErlangCSpec()); }

TEST(Async, BackoffZeroIsAnMMcQueueMatchingErlangC) {
  auto spec = ErlangCSpec();
  spec.functions[0].async.throttle_backoff_base = Duration();
  ExpectErlangC(spec);
}

TrafficSpec& AddSqs(ScenarioSpec& spec, const std::string& fn, double rate,
                    ArrivalKind kind = ArrivalKind::kUniform) {
  auto& t = AddTraffic(spec, fn, rate, kind);
  t.source.type = SourceType::kSqs;
  t.source.batch_size = 1;
  t.source.visibility_timeout = Duration::Seconds(30);
  return t;
}

TEST(Sqs, PollerRampFollowsFivePlusThreeHundredPerMinuteToTheCap) {
  auto spec = BaseSpec(Duration::Minutes(6));
  spec.account.concurrency_limit = 5000;
  AddFunction(spec, "consumer", Distribution::Constant(10000.0));  // batches never finish
  AddSqs(spec, "consumer", 2000);
  const auto r = RunScenario(spec);
  // Independent: allowed(t) = min(1000, 5 + 5·⌊t/1 s⌋); the max in minute k is at 60k + 59 s.
  for (int k = 0; k < 6; ++k) {
    const int64_t expected = std::min<int64_t>(1000, 5 + 5 * (60 * k + 59));
    EXPECT_EQ(r.function_rows[static_cast<size_t>(k)].esm_concurrency_max, expected)
        << "minute " << k;
    EXPECT_EQ(r.function_rows[static_cast<size_t>(k)].concurrent_executions_max, expected);
  }
}

TEST(Sqs, Aws2022RampIsSixtyPerMinute) {
  auto spec = BaseSpec(Duration::Minutes(3));
  spec.account.concurrency_limit = 5000;
  AddFunction(spec, "consumer", Distribution::Constant(10000.0));
  auto& t = AddSqs(spec, "consumer", 2000);
  t.source.scale_up_per_minute = 60;
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.function_rows[0].esm_concurrency_max, 5 + 59);
  EXPECT_EQ(r.function_rows[2].esm_concurrency_max, 5 + 179);
}

TEST(Sqs, MaximumConcurrencyCapsThePollers) {
  auto spec = BaseSpec(Duration::Minutes(3));
  AddFunction(spec, "consumer", Distribution::Constant(5.0));
  auto& t = AddSqs(spec, "consumer", 500);
  t.source.maximum_concurrency = 50;
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].esm_concurrency_max, 50);
  EXPECT_EQ(r.functions[0].concurrency_max, 50);
  EXPECT_GT(r.functions[0].approximate_number_of_messages_visible_max, 10000);
}

TEST(Sqs, PoisonMessageReachesTheDeadLetterQueueAfterMaxReceiveCount) {
  auto spec = BaseSpec(Duration::Minutes(5));
  AddFunction(spec, "consumer", Distribution::Constant(1.0));
  auto& t = AddSqs(spec, "consumer", 1e-6);  // one message at t = 0
  t.source.poison_rate = 1.0;
  t.source.max_receive_count = 3;
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_EQ(s.batches_invoked, 3u);  // received at 0, 31, 62 s
  EXPECT_EQ(s.errors, 3u);
  EXPECT_EQ(s.sqs_dead_letter_messages, 1u);  // 4th receive at 93 s → DLQ
  EXPECT_EQ(s.messages_deleted, 0u);
}

TEST(Sqs, BatchesFormByBatchSizeOrWindowWhicheverComesFirst) {
  auto spec = BaseSpec(Duration::Seconds(60));
  AddFunction(spec, "consumer", Distribution::Constant(0.01));
  auto& t = AddSqs(spec, "consumer", 10);  // 10 msg/s, evenly spaced
  t.source.batch_size = 100;
  t.source.maximum_batching_window = Duration::Seconds(5);
  const auto r = RunScenario(spec);
  // A window opens at the first waiting message and closes 5 s later with ~50 messages.
  EXPECT_NEAR(static_cast<double>(r.functions[0].batches_invoked), 12.0, 1.0);
  auto spec2 = spec;
  spec2.traffic[0].rate_per_s = 1000;  // the batch fills long before the window closes
  const auto r2 = RunScenario(spec2);
  EXPECT_NEAR(static_cast<double>(r2.functions[0].batches_invoked), 600.0, 2.0);
}

TrafficSpec& AddKinesis(ScenarioSpec& spec, const std::string& fn, double rate, int64_t shards,
                        int64_t factor) {
  auto& t = AddTraffic(spec, fn, rate);
  t.source.type = SourceType::kKinesis;
  t.source.batch_size = 100;
  t.source.shards = shards;
  t.source.parallelization_factor = factor;
  return t;
}

TEST(Kinesis, FourShardsFactorTwoNeverExceedEightConcurrentInvocations) {
  auto spec = BaseSpec(Duration::Minutes(5));
  AddFunction(spec, "ingest", Distribution::Constant(2.0));
  AddKinesis(spec, "ingest", 2000, 4, 2);
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].concurrency_max, 8);
  EXPECT_EQ(r.functions[0].esm_concurrency_max, 8);
  EXPECT_EQ(r.functions[0].throttles, 0u);
}

// Regression (ASan heap-use-after-free in OnInvocationComplete): a lane dispatching its
// next batch at the completion instant must reuse the environment that just finished, warm —
// the environment is released before the caller's follow-up, and the follow-up may grow the
// environment slab without invalidating anything still in use.
TEST(Kinesis, NextBatchReusesTheEnvironmentThatJustFinished) {
  auto spec = BaseSpec(Duration::Minutes(5));
  AddFunction(spec, "ingest", Distribution::Constant(2.0));
  AddKinesis(spec, "ingest", 2000, 4, 2);  // lanes always have records waiting
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].cold_starts, 8u);
  EXPECT_EQ(r.functions[0].environments_created, 8);
}

TEST(Kinesis, AFailingRecordBlocksOnlyItsShardAndIteratorAgeGrows) {
  auto spec = BaseSpec(Duration::Minutes(10));
  AddFunction(spec, "ingest", Distribution::Constant(0.05));
  auto& t = AddKinesis(spec, "ingest", 100, 16, 1);
  t.source.poison_rate = 0.00005;  // a few poison records; infinite retries, no max age
  const auto r = RunScenario(spec);
  const auto& rows = r.function_rows;
  // Some lane is blocked: its iterator age keeps growing, minute after minute…
  EXPECT_GT(rows[9].iterator_age_max_ms, rows[5].iterator_age_max_ms + 200000);
  // …while other shards keep processing (but not everything gets through).
  EXPECT_GT(rows[9].records_processed, 1000u);
  EXPECT_LT(rows[9].records_processed, 6000u);
  EXPECT_EQ(r.functions[0].records_dropped, 0u);
}

TEST(Kinesis, BisectIsolatesAPoisonRecordAndRetriesExhaustThenDrop) {
  auto spec = BaseSpec(Duration::Minutes(5));
  AddFunction(spec, "ingest", Distribution::Constant(0.1));
  auto& t = AddKinesis(spec, "ingest", 1e-6, 1, 1);  // one poison record at t = 0
  t.arrivals = ArrivalKind::kUniform;
  t.source.poison_rate = 1.0;
  t.source.maximum_retry_attempts = 2;
  t.source.bisect_batch_on_error = true;
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].invocations, 3u);  // first try + 2 retries
  EXPECT_EQ(r.functions[0].records_dropped, 1u);
  EXPECT_EQ(r.functions[0].records_processed, 0u);
}

TEST(Kinesis, MaximumRecordAgeDropsStaleRecords) {
  auto spec = BaseSpec(Duration::Minutes(5));
  AddFunction(spec, "ingest", Distribution::Constant(0.1));
  auto& t = AddKinesis(spec, "ingest", 10, 1, 1);
  t.source.poison_rate = 1.0;  // every batch fails
  t.source.maximum_record_age = Duration::Seconds(60);
  const auto r = RunScenario(spec);
  EXPECT_GT(r.functions[0].records_dropped, 2000u);
  EXPECT_LT(r.function_rows[4].iterator_age_max_ms, 62000.0 + 60000.0);
}

TEST(Fanout, OnePublishedEventInvokesEveryMatchingTarget) {
  auto spec = BaseSpec(Duration::Minutes(1));
  for (const char* name : {"email", "audit", "search"})
    AddFunction(spec, name, Distribution::Constant(0.1));
  FanoutSpec topic;
  topic.name = "orders";
  for (size_t i = 0; i < 3; ++i)
    topic.targets.push_back(FanoutTarget{spec.functions[i].name, i, 1.0});
  spec.fanout.push_back(topic);
  auto& t = AddTraffic(spec, "email", 1e-6, ArrivalKind::kUniform);  // one event at t = 0
  t.topic_index = 0;
  const auto r = RunScenario(spec);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(r.functions[i].async_events_received, 1u) << i;
    EXPECT_EQ(r.functions[i].invocations, 1u) << i;
  }
}

TEST(Fanout, FilterRatioSelectsTheExpectedShare) {
  auto spec = BaseSpec(Duration::Minutes(10));
  AddFunction(spec, "all", Distribution::Constant(0.01));
  AddFunction(spec, "some", Distribution::Constant(0.01));
  FanoutSpec topic;
  topic.name = "events";
  topic.targets = {FanoutTarget{"all", 0, 1.0}, FanoutTarget{"some", 1, 0.3}};
  spec.fanout.push_back(topic);
  auto& t = AddTraffic(spec, "all", 20, ArrivalKind::kUniform);
  t.topic_index = 0;
  const auto r = RunScenario(spec);
  const double n = static_cast<double>(r.functions[0].async_events_received);
  EXPECT_EQ(n, 12000.0);
  EXPECT_NEAR(static_cast<double>(r.functions[1].async_events_received), 0.3 * n,
              4 * std::sqrt(n * 0.3 * 0.7));
}

}  // namespace
}  // namespace lambdasim
