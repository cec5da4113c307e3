// Tests of the Kafka event source mapping (issue 19 part 2; kafka-scaling-modes.html,
// msk-esm-parameters.html): at most one batch per partition, on-demand pollers evaluated
// every minute, the offset lag (OffsetLag) against its closed form, and retries. Expected
// numbers are derived by hand in the comments.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using sim::Distribution;
using sim::Duration;
using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;

TrafficSpec& AddTopic(ScenarioSpec& spec, const std::string& fn, double rate, int64_t partitions) {
  auto& t = AddTraffic(spec, fn, rate, ArrivalKind::kUniform);
  t.source.type = SourceType::kKafka;
  t.source.partitions = partitions;
  t.source.batch_size = 1;
  t.source.maximum_batching_window = Duration();
  return t;
}

TEST(KafkaSource, TenPartitionsAtAThousandPerSecondRunTenBatchesAndLagGrowsAt990PerSecond) {
  // 1 000 records/s of 1 s each (batch 1) over 10 partitions: at most one batch per partition,
  // so 10 concurrent and 10 records/s processed once the pollers reach 10; the lag then grows
  // at 1 000 − 10 = 990 records/s. On demand the pollers start at 1 and double at each
  // 1-minute evaluation with lag (scale_delay 0 here): 1, 2 (60 s), 4 (120 s), 8 (180 s),
  // 10 (240 s) — completed before 600 s (each poller ends one record a second, at 1, 2, … s;
  // the batches ending at 600 s are not counted): 60 + 120 + 240 + 480 + 359·10 = 4 490.
  auto spec = BaseSpec(Duration::Minutes(10));
  spec.bucket = Duration::Seconds(10);
  spec.account.concurrency_limit = 5000;
  AddFunction(spec, "consumer", Distribution::Constant(1.0));
  auto& t = AddTopic(spec, "consumer", 1000, 10);
  t.source.event_pollers.kafka_scale_delay = Duration();
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_EQ(s.esm_concurrency_max, 10);
  EXPECT_EQ(s.concurrency_max, 10);
  EXPECT_EQ(r.function_rows[3].esm_concurrency_max, 1);    // 30..40 s: one poller
  EXPECT_EQ(r.function_rows[30].esm_concurrency_max, 10);  // 300..310 s
  EXPECT_NEAR(static_cast<double>(s.records_processed), 4490.0, 2.0);
  // Slope of the lag between the rows ending at 310 s and 600 s. Each row's max is the lag
  // just before its end, exact up to one second's completions (10) and one arrival, at either
  // end: tolerance 2·(10 + 1) / 290 s.
  const double t1 = 310, t2 = 600;
  const double lag1 = static_cast<double>(r.function_rows[30].offset_lag_max);
  const double lag2 = static_cast<double>(r.function_rows[59].offset_lag_max);
  EXPECT_NEAR((lag2 - lag1) / (t2 - t1), 990.0, 2.0 * 11.0 / (t2 - t1));
  // The run's lag: 600 000 written − 4 490 processed (±1 arrival at the horizon).
  EXPECT_NEAR(static_cast<double>(s.offset_lag_max), 600000.0 - 4490.0, 2.0);
}

TEST(KafkaSource, OnDemandScalingStepLandsAfterTheScaleDelay) {
  // Default scale_delay 90 s: the evaluation at 60 s doubles to 2 pollers at 150 s; the one at
  // 120 s waits (a step is pending); at 180 s → 4 at 270 s. Rows of 10 s.
  auto spec = BaseSpec(Duration::Seconds(300));
  spec.bucket = Duration::Seconds(10);
  AddFunction(spec, "consumer", Distribution::Constant(1.0));
  AddTopic(spec, "consumer", 100, 10);
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.function_rows[14].esm_concurrency_max, 1);  // 140..150 s
  EXPECT_EQ(r.function_rows[15].esm_concurrency_max, 2);  // 150..160 s
  EXPECT_EQ(r.function_rows[26].esm_concurrency_max, 2);  // 260..270 s
  EXPECT_EQ(r.function_rows[27].esm_concurrency_max, 4);  // 270..280 s
}

TEST(KafkaSource, FailingRecordIsRetriedThenSentToTheOnFailureDestination) {
  // One partition, three poison records at 0, 10, 20 ms, 1 s jobs, maximum_retry_attempts 2,
  // back-off 1 s then 2 s: record 1 runs at 0, 2 and 5 s and is dropped at 6 s; record 2 runs
  // at 6, 8, 11 s (dropped at 12 s); record 3 at 12, 14, 17 s (dropped at 18 s). In order: no
  // record of the partition starts before the previous one is done.
  auto spec = BaseSpec(Duration::Seconds(20));
  AddFunction(spec, "consumer", Distribution::Constant(1.0));
  auto& t = AddTopic(spec, "consumer", 100, 1);
  t.end = Duration::Millis(25);
  t.source.poison_rate = 1.0;
  t.source.maximum_retry_attempts = 2;
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_EQ(s.records_dropped, 3u);
  EXPECT_EQ(s.invocations, 9u);
  EXPECT_EQ(s.concurrency_max, 1);
}

}  // namespace
}  // namespace lambdasim
