// Loader tests for the event-driven keys: invocation/async, source (sqs, kinesis,
// dynamodb), fanout/topic — values resolved, and every bad input named with line:col.
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

const char* kBase = R"(name: t
functions:
  f:
    duration: 100ms
)";

TEST(EventDrivenLoader, AsyncFunctionMakesItsTrafficAsync) {
  const auto spec = Load(std::string(kBase) + R"(    invocation: async
    async: { maximum_event_age: 10m, maximum_retry_attempts: 1, on_failure: dlq,
             throttle_backoff: { base: 0s, max: 1m }, retry_delays: { first: 30s, second: 90s } }
traffic:
  - function: f
    rate: 5
)");
  ASSERT_EQ(spec.traffic.size(), 1u);
  EXPECT_EQ(spec.traffic[0].invocation, InvocationType::kAsync);
  const AsyncSpec& a = spec.functions[0].async;
  EXPECT_EQ(a.maximum_event_age, sim::Duration::Minutes(10));
  EXPECT_EQ(a.maximum_retry_attempts, 1);
  EXPECT_TRUE(a.on_failure_dlq);
  EXPECT_EQ(a.throttle_backoff_base, sim::Duration());
  EXPECT_EQ(a.throttle_backoff_max, sim::Duration::Minutes(1));
  EXPECT_EQ(a.retry_delay_first, sim::Duration::Seconds(30));
}

TEST(EventDrivenLoader, AsyncLimitsAreChecked) {
  const std::string err =
      ErrorsOf(std::string(kBase) +
               R"(    async: { maximum_event_age: 30s, maximum_retry_attempts: 3, on_failure: sqs }
traffic:
  - function: f
    rate: 5
    invocation: later
)");
  EXPECT_NE(err.find("s.yaml:5:33: 'maximum_event_age' = 30s is out of range [1m, 6h]"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("maximum_event_age"), std::string::npos) << err;
  EXPECT_NE(err.find("maximum_retry_attempts"), std::string::npos) << err;
  EXPECT_NE(err.find("on_failure"), std::string::npos) << err;
  EXPECT_NE(err.find("s.yaml:9:17: 'invocation': unknown value 'later'"), std::string::npos) << err;
}

TEST(EventDrivenLoader, SqsSourceResolvesWithProfileDefaults) {
  const auto spec = Load(std::string(kBase) + R"(    timeout: 10s
traffic:
  - function: f
    rate: 100
    source: { type: sqs, batch_size: 5, maximum_concurrency: 50, visibility_timeout: 1m, max_receive_count: 4 }
)");
  const EventSourceSpec& s = spec.traffic[0].source;
  EXPECT_EQ(s.type, SourceType::kSqs);
  EXPECT_EQ(s.batch_size, 5);
  EXPECT_EQ(*s.maximum_concurrency, 50);
  EXPECT_EQ(*s.max_receive_count, 4);
  EXPECT_EQ(s.scale_up_per_minute, 300);
  EXPECT_EQ(s.initial_concurrency, 5);
  const auto old = Load(std::string("platform: aws-2022\n") + kBase + R"(traffic:
  - function: f
    rate: 100
    source: { type: sqs }
)");
  EXPECT_EQ(old.traffic[0].source.scale_up_per_minute, 60);
  EXPECT_EQ(old.traffic[0].source.batch_size, 10);
}

TEST(EventDrivenLoader, SqsRulesAwsEnforces) {
  const std::string err = ErrorsOf(std::string(kBase) + R"(    timeout: 2m
traffic:
  - function: f
    rate: 100
    source: { type: sqs, batch_size: 100, visibility_timeout: 30s, shards: 2, maximum_concurrency: 1 }
)");
  EXPECT_NE(err.find("batching_window"), std::string::npos) << err;
  EXPECT_NE(err.find("shorter than function 'f' timeout"), std::string::npos) << err;
  EXPECT_NE(err.find("'shards' does not apply to a sqs source"), std::string::npos) << err;
  EXPECT_NE(err.find("maximum_concurrency"), std::string::npos) << err;
}

TEST(EventDrivenLoader, KinesisSource) {
  const auto spec = Load(std::string(kBase) + R"(traffic:
  - function: f
    rate: 100
    source: { type: kinesis, shards: 4, parallelization_factor: 2, maximum_retry_attempts: 3,
              maximum_record_age: 1h, bisect_batch_on_error: true }
)");
  const EventSourceSpec& s = spec.traffic[0].source;
  EXPECT_EQ(s.type, SourceType::kKinesis);
  EXPECT_EQ(s.batch_size, 100);
  EXPECT_EQ(s.shards * s.parallelization_factor, 8);
  EXPECT_TRUE(s.bisect_batch_on_error);
  EXPECT_EQ(*s.maximum_record_age, sim::Duration::Hours(1));
  const std::string err = ErrorsOf(std::string(kBase) + R"(traffic:
  - function: f
    rate: 100
    source: { type: dynamodb, parallelization_factor: 11, bisect_batch_on_error: yes, visibility_timeout: 1m }
)");
  EXPECT_NE(err.find("parallelization_factor"), std::string::npos) << err;
  EXPECT_NE(err.find("YAML 1.1"), std::string::npos) << err;
  EXPECT_NE(err.find("'visibility_timeout' does not apply to a dynamodb source"), std::string::npos)
      << err;
}

TEST(EventDrivenLoader, FanoutTopicsAndTargets) {
  const auto spec = Load(R"(name: t
functions:
  a: { duration: 100ms }
  b: { duration: 100ms }
fanout:
  - name: orders
    targets: [ { function: a }, { function: b, filter: 0.5 } ]
traffic:
  - topic: orders
    rate: 10
)");
  ASSERT_EQ(spec.fanout.size(), 1u);
  EXPECT_EQ(spec.fanout[0].targets.size(), 2u);
  EXPECT_EQ(spec.fanout[0].targets[1].filter, 0.5);
  ASSERT_TRUE(spec.traffic[0].topic_index.has_value());
  EXPECT_EQ(spec.traffic[0].invocation, InvocationType::kAsync);

  const std::string err = ErrorsOf(R"(name: t
functions:
  a: { duration: 100ms }
fanout:
  - name: orders
    targets: [ { function: aa }, { function: a, filter: 2 } ]
traffic:
  - topic: order
    rate: 10
)");
  EXPECT_NE(err.find("no function named 'aa'"), std::string::npos) << err;
  EXPECT_NE(err.find("filter"), std::string::npos) << err;
  EXPECT_NE(err.find("s.yaml:8:12: 'topic': no fan-out topic named 'order'"), std::string::npos)
      << err;
  EXPECT_NE(err.find("did you mean 'orders'"), std::string::npos) << err;
}

}  // namespace
}  // namespace lambdasim
