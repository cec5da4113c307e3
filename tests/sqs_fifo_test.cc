// Tests of SQS FIFO queues (issue 19 part 1) against AWS's rules (services-sqs-scaling: "If
// your function returns an error, the function attempts all retries on the affected messages
// before Lambda receives additional messages from the same group"; Knowledge Center
// lambda-sqs-scaling: FIFO functions "scale in concurrency to the number of active message
// groups"). Every expected number is derived by hand in the comments.
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

TrafficSpec& AddFifo(ScenarioSpec& spec, const std::string& fn, double rate, int64_t groups) {
  auto& t = AddTraffic(spec, fn, rate, ArrivalKind::kUniform);
  t.source.type = SourceType::kSqs;
  t.source.fifo = true;
  t.source.message_groups = groups;
  t.source.batch_size = 1;
  return t;
}

TEST(SqsFifo, TwentyGroupsWithADeepBacklogRunAtMostAndAboutTwentyBatches) {
  // 100 msg/s over 20 groups, 10 s jobs: every group has a message within the first second
  // (P(a group gets none of the first 100) = 0.95^100 ≈ 0.6 %, per group; the seed's draw is
  // fixed) and then always a backlog, so exactly 20 batches run from ~0 s to the end. A
  // standard queue would ramp to 1 000 (5 + 5/s).
  auto spec = BaseSpec(Duration::Minutes(5));
  spec.bucket = Duration::Seconds(10);
  AddFunction(spec, "consumer", Distribution::Constant(10.0));
  AddFifo(spec, "consumer", 100, 20);
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_EQ(s.esm_concurrency_max, 20);
  EXPECT_EQ(s.concurrency_max, 20);
  // About 20 all along: time-averaged concurrency ≥ 20 · (300 − 10) / 300 ≈ 19.3.
  EXPECT_GE(s.concurrency_mean, 19.3);
  EXPECT_LE(s.concurrency_mean, 20.0);
  // Group g starts at t_g ∈ (0, 10) s and completes at t_g + 10 k < 300: 29 each.
  EXPECT_EQ(s.messages_deleted, 20u * 29u);
}

TEST(SqsFifo, PoisonMessageBlocksItsGroupUntilMaxReceiveCount) {
  // One group, three poison messages at 0, 10 and 20 ms, 1 s jobs, visibility 30 s,
  // max_receive_count 2: message 1 is received at 0 (fails at 1 s, visible at 31 s), again at
  // 31 s (fails at 32 s, visible at 62 s), and goes to the DLQ at 62 s; only then is message 2
  // received (62 s; fails at 63 s, visible again at 93 s, received at 93 s). By 100 s: 1
  // message in the DLQ, 4 invocations (0, 31, 62, 93 s), all failed. A standard queue runs
  // all three in parallel: 3 in the DLQ (at 62 s) and 6 invocations.
  auto spec = BaseSpec(Duration::Seconds(100));
  AddFunction(spec, "consumer", Distribution::Constant(1.0));
  auto& t = AddFifo(spec, "consumer", 100, 1);
  t.end = Duration::Millis(25);
  t.source.poison_rate = 1.0;
  t.source.max_receive_count = 2;
  t.source.visibility_timeout = Duration::Seconds(30);
  const auto r = RunScenario(spec);
  const auto& s = r.functions[0];
  EXPECT_EQ(s.sqs_dead_letter_messages, 1u);
  EXPECT_EQ(s.invocations, 4u);
  EXPECT_EQ(s.errors, 4u);
}

TEST(SqsFifo, GroupsBoundConcurrencyBelowMaximumConcurrency) {
  // AWS's example: six message group IDs and maximum concurrency 10 → at most six concurrent
  // invocations.
  auto spec = BaseSpec(Duration::Seconds(60));
  AddFunction(spec, "consumer", Distribution::Constant(5.0));
  auto& t = AddFifo(spec, "consumer", 50, 6);
  t.source.maximum_concurrency = 10;
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.functions[0].esm_concurrency_max, 6);
}

}  // namespace
}  // namespace lambdasim
