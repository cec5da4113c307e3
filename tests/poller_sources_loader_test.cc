// Loader tests for issue 19's `source:` keys: SQS FIFO (`fifo`, `message_groups`), Kafka
// (`type: kafka`, `partitions`, `scale_delay`) and `provisioned_pollers` — values and profile
// defaults resolved, and AWS's API limits refused with file:line:col.
#include <gtest/gtest.h>

#include "models/load/scenario_loader.h"

namespace lambdasim {
namespace {

ScenarioSpec Load(const std::string& text) { return LoadScenarioString(text, "s.yaml"); }

std::string ErrorsOf(const std::string& text) {
  try {
    LoadScenarioString(text, "s.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

std::string WithSource(const std::string& source) {
  return "name: t\nfunctions:\n  f:\n    duration: 100ms\ntraffic:\n  - function: f\n    rate: 5\n"
         "    source: " +
         source + "\n";
}

TEST(PollerSourcesLoader, FifoKafkaAndProvisionedPollersResolve) {
  const auto fifo =
      Load(WithSource("{ type: sqs, fifo: true, message_groups: 20, batch_size: 1 }"));
  EXPECT_TRUE(fifo.traffic[0].source.fifo);
  EXPECT_EQ(fifo.traffic[0].source.message_groups, 20);
  const auto kafka = Load(WithSource("{ type: kafka, partitions: 12, scale_delay: 30s }"));
  const EventSourceSpec& k = kafka.traffic[0].source;
  EXPECT_EQ(k.type, SourceType::kKafka);
  EXPECT_EQ(k.partitions, 12);
  EXPECT_EQ(k.batch_size, 100);                                      // msk-esm-parameters
  EXPECT_EQ(k.maximum_batching_window, sim::Duration::Millis(500));  // msk-esm-parameters
  EXPECT_EQ(k.event_pollers.kafka_scale_delay, sim::Duration::Seconds(30));
  EXPECT_FALSE(k.provisioned_pollers.has_value());
  const auto prov = Load(WithSource("{ type: kafka, provisioned_pollers: { max: 8 } }"));
  ASSERT_TRUE(prov.traffic[0].source.provisioned_pollers.has_value());
  EXPECT_EQ(prov.traffic[0].source.provisioned_pollers->min, 1);  // Kafka default
  EXPECT_EQ(prov.traffic[0].source.provisioned_pollers->max, 8);
  const auto sqs = Load(WithSource("{ type: sqs, provisioned_pollers: {} }"));
  EXPECT_EQ(sqs.traffic[0].source.provisioned_pollers->min, 2);    // SQS default
  EXPECT_EQ(sqs.traffic[0].source.provisioned_pollers->max, 200);  // default
}

TEST(PollerSourcesLoader, AwsLimitsAreRefusedWithTheirPlace) {
  // services-sqs-parameters: "For FIFO queues, the maximum is 10"; "Batching window is not
  // supported for FIFO queues"; SQS "minimum 2 required"; provisioned mode and maximum
  // concurrency "are mutually exclusive options".
  EXPECT_NE(ErrorsOf(WithSource("{ type: sqs, fifo: true, batch_size: 11, "
                                "maximum_batching_window: 1s }"))
                .find("FIFO queue's batch_size is at most 10"),
            std::string::npos);
  EXPECT_NE(ErrorsOf(WithSource("{ type: sqs, fifo: true, maximum_batching_window: 1s }"))
                .find("takes no maximum_batching_window"),
            std::string::npos);
  EXPECT_NE(ErrorsOf(WithSource("{ type: sqs, message_groups: 4 }")).find("needs 'fifo: true'"),
            std::string::npos);
  const std::string min1 = ErrorsOf(WithSource("{ type: sqs, provisioned_pollers: { min: 1 } }"));
  EXPECT_NE(min1.find("s.yaml:8:"), std::string::npos) << min1;
  EXPECT_NE(min1.find("at least 2 provisioned pollers"), std::string::npos) << min1;
  EXPECT_NE(ErrorsOf(WithSource("{ type: kafka, provisioned_pollers: { min: 5, max: 4 } }"))
                .find("max 4 is below min 5"),
            std::string::npos);
  EXPECT_NE(ErrorsOf(WithSource("{ type: sqs, maximum_concurrency: 10, "
                                "provisioned_pollers: { min: 2 } }"))
                .find("are exclusive"),
            std::string::npos);
  EXPECT_NE(ErrorsOf(WithSource("{ type: sqs, fifo: true, provisioned_pollers: { min: 2 } }"))
                .find("not modeled"),
            std::string::npos);
  EXPECT_NE(ErrorsOf(WithSource("{ type: kinesis, partitions: 3 }"))
                .find("'partitions' does not apply to a kinesis source"),
            std::string::npos);
}

}  // namespace
}  // namespace lambdasim
