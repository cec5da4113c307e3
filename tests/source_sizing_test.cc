// `size` and the event sources' ordering bounds (issue 19): a FIFO queue runs at most one
// batch per message group, a Kafka topic one per partition, so Little's law beyond that bound
// is a growing backlog, whatever the concurrency quotas. Expected numbers are hand-derived.
#include <string>

#include <gtest/gtest.h>

#include "models/analysis/sizing.h"
#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using analysis::BindingLimit;
using sim::Distribution;
using sim::Duration;
using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;

TEST(SourceSizing, FifoGroupsBindBeforeTheAccountPool) {
  // 5 msg/s of 10 s jobs, batch 1: Little 50 concurrent batches; 20 groups allow 20.
  auto spec = BaseSpec(Duration::Minutes(10));
  AddFunction(spec, "orders", Distribution::Constant(10.0));
  auto& t = AddTraffic(spec, "orders", 5);
  t.source.type = SourceType::kSqs;
  t.source.fifo = true;
  t.source.message_groups = 20;
  t.source.batch_size = 1;
  const auto in = analysis::SizingInputsFromScenario(spec);
  ASSERT_EQ(in.size(), 1u);
  ASSERT_TRUE(in[0].source_batches_cap.has_value());
  EXPECT_EQ(*in[0].source_batches_cap, 20.0);
  const auto out = analysis::ComputeSizing(in[0]);
  EXPECT_EQ(out.binding, BindingLimit::kEventSource);
  EXPECT_NE(out.binding_detail.find("20 FIFO message groups"), std::string::npos)
      << out.binding_detail;
}

TEST(SourceSizing, KafkaPartitionsBoundBatchesAndBatchSizeDividesTheNeed) {
  // 1 000 records/s of 1 s batches over 10 partitions: batch 1 needs 1 000 batches (> 10);
  // batch 200 needs 1 000 / 200 = 5 (≤ 10): not the event source.
  auto spec = BaseSpec(Duration::Minutes(10));
  AddFunction(spec, "clicks", Distribution::Constant(1.0));
  auto& t = AddTraffic(spec, "clicks", 1000);
  t.source.type = SourceType::kKafka;
  t.source.partitions = 10;
  t.source.batch_size = 1;
  EXPECT_EQ(analysis::ComputeSizing(analysis::SizingInputsFromScenario(spec)[0]).binding,
            BindingLimit::kEventSource);
  spec.traffic[0].source.batch_size = 200;
  EXPECT_NE(analysis::ComputeSizing(analysis::SizingInputsFromScenario(spec)[0]).binding,
            BindingLimit::kEventSource);
}

TEST(SourceSizing, DirectTrafficHasNoSourceBound) {
  auto spec = BaseSpec(Duration::Minutes(10));
  AddFunction(spec, "api", Distribution::Constant(0.1));
  AddTraffic(spec, "api", 100);
  EXPECT_FALSE(analysis::SizingInputsFromScenario(spec)[0].source_batches_cap.has_value());
}

}  // namespace
}  // namespace lambdasim
