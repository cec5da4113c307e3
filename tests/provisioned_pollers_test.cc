// Tests of provisioned mode for event pollers (issue 19 part 3): min pollers always on, the
// scale-up rate, the per-poller invocations, and EPU billing (services-sqs-parameters: "Each
// poller can handle up to 1 MB/sec of throughput and 10 concurrent invokes";
// kafka-scaling-modes: "up to 5 concurrent invocations"; AWS News Blog: "auto scale up to 1000
// … concurrent executions per minute"; Lambda pricing: SQS "An EPU supports one event poller",
// "$0.00925 per EPU-hour"; Kafka "$0.185/hour and supports 10 event pollers per EPU").
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

TEST(ProvisionedPollers, SqsStartsAtMinPollersAndRampsAtAThousandPerMinute) {
  // min 10 pollers → 100 concurrent batches at once (on demand: 5); +1 000/min credited each
  // second in sixtieths: 116, 133, 150, 166, 183, 200 (max 20 pollers × 10) at 1..6 s.
  auto spec = BaseSpec(Duration::Seconds(20));
  spec.bucket = Duration::Seconds(1);
  spec.account.concurrency_limit = 5000;
  AddFunction(spec, "consumer", Distribution::Constant(1000.0));  // never finish
  auto& t = AddTraffic(spec, "consumer", 5000, ArrivalKind::kUniform);
  t.source.type = SourceType::kSqs;
  t.source.batch_size = 1;
  t.source.visibility_timeout = Duration::Seconds(1000);
  t.source.provisioned_pollers = EventSourceSpec::ProvisionedPollers{10, 20};
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.function_rows[0].esm_concurrency_max, 100);  // was 5
  EXPECT_EQ(r.function_rows[3].esm_concurrency_max, 150);
  EXPECT_EQ(r.function_rows[6].esm_concurrency_max, 200);
  EXPECT_EQ(r.function_rows[15].esm_concurrency_max, 200);
  // Billed each second at ticks 1..19, ⌈allowed / 10⌉ pollers = EPUs:
  // 10 + 12 + 14 + 15 + 17 + 19 + 13 · 20 = 347 EPU-seconds.
  const auto& s = r.functions[0];
  EXPECT_NEAR(s.epu_hours, 347.0 / 3600.0, 1e-9);
  EXPECT_NEAR(s.cost_pollers_usd, 347.0 / 3600.0 * 0.00925, 1e-12);
}

TEST(ProvisionedPollers, KafkaMinPollersServeFiveInvocationsEachFromTheStart) {
  // 2 pollers × 5 invocations = 10 = the partitions, at once (on demand: 1 poller, 1 batch).
  // One EPU (⌈2 / 10⌉) billed each second at ticks 1..29: 29/3600 EPU-hours at $0.185.
  auto spec = BaseSpec(Duration::Seconds(30));
  spec.bucket = Duration::Seconds(1);
  AddFunction(spec, "consumer", Distribution::Constant(1.0));
  auto& t = AddTraffic(spec, "consumer", 1000, ArrivalKind::kUniform);
  t.source.type = SourceType::kKafka;
  t.source.partitions = 10;
  t.source.batch_size = 1;
  t.source.maximum_batching_window = Duration();
  t.source.provisioned_pollers = EventSourceSpec::ProvisionedPollers{2, 10};
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.function_rows[0].esm_concurrency_max, 10);  // was 1
  const auto& s = r.functions[0];
  EXPECT_NEAR(s.epu_hours, 29.0 / 3600.0, 1e-9);
  EXPECT_NEAR(s.cost_pollers_usd, 29.0 / 3600.0 * 0.185, 1e-12);
  EXPECT_NEAR(s.cost_usd, s.cost_requests_usd + s.cost_duration_usd + s.cost_pollers_usd, 1e-12);
}

}  // namespace
}  // namespace lambdasim
