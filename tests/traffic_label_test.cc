// Random streams of a traffic entry are named after its label (arrivals/<label>,
// client/<label>, source/<label>), not its position: inserting an entry for another function
// must leave an existing entry's draws — and so its results — unchanged.
#include <gtest/gtest.h>

#include "models/lambda/platform.h"
#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using sim::Distribution;
using sim::Duration;
using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;

// api: sync, throttled by reserved concurrency 5 (so its client retries draw backoffs);
// worker: an SQS mapping with poison messages (draws from its source stream).
ScenarioSpec Base(bool insert_other_first) {
  auto spec = BaseSpec(Duration::Minutes(10), 11);
  AddFunction(spec, "api", Distribution::Exponential(0.2)).reserved_concurrency = 5;
  AddFunction(spec, "worker", Distribution::Exponential(0.5)).reserved_concurrency = 20;
  AddFunction(spec, "other", Distribution::Constant(0.05)).reserved_concurrency = 10;
  if (insert_other_first) {
    auto& o = AddTraffic(spec, "other", 20);
    o.client.policy = RetryPolicy::kSdkStandard;
    o.client.max_attempts = 3;
  }
  auto& api = AddTraffic(spec, "api", 40);
  api.client.policy = RetryPolicy::kSdkStandard;
  api.client.max_attempts = 3;
  auto& sqs = AddTraffic(spec, "worker", 20);
  sqs.source.type = SourceType::kSqs;
  sqs.source.poison_rate = 0.05;
  sqs.source.max_receive_count = 2;
  return spec;
}

TEST(TrafficLabel, DefaultIsTheFunctionNameNumberedPerFunction) {
  auto spec = Base(true);
  AddTraffic(spec, "api", 1);
  EXPECT_EQ(TrafficLabel(spec, 0), "other");
  EXPECT_EQ(TrafficLabel(spec, 1), "api");
  EXPECT_EQ(TrafficLabel(spec, 2), "worker");
  EXPECT_EQ(TrafficLabel(spec, 3), "api#2");
  spec.traffic[3].label = "batch";
  EXPECT_EQ(TrafficLabel(spec, 3), "batch");
}

// TrafficLabels (all at once, linear: the platform's construction with 10^4 entries was
// quadratic) gives every entry exactly its TrafficLabel: repeated functions, labels in between.
TEST(TrafficLabel, AllAtOnceEqualsOneByOne) {
  auto spec = Base(true);
  AddTraffic(spec, "api", 1);
  AddTraffic(spec, "worker", 1);
  AddTraffic(spec, "api", 1);
  spec.traffic[5].label = "nightly";  // the third api entry
  AddTraffic(spec, "api", 1);
  const std::vector<std::string> all = TrafficLabels(spec);
  ASSERT_EQ(all.size(), spec.traffic.size());
  for (size_t s = 0; s < spec.traffic.size(); ++s) EXPECT_EQ(all[s], TrafficLabel(spec, s)) << s;
  EXPECT_EQ(all[6], "api#4");  // the labelled entry still counts as one of api's
}

TEST(TrafficLabel, InsertingAnEntryForAnotherFunctionMovesNoOtherStream) {
  const RunResult a = RunScenario(Base(false));
  const RunResult b = RunScenario(Base(true));
  for (const size_t f : {size_t{0}, size_t{1}}) {
    const auto& x = a.functions[f];
    const auto& y = b.functions[f];
    SCOPED_TRACE(x.name);
    EXPECT_EQ(x.requests, y.requests);
    EXPECT_EQ(x.invocations, y.invocations);
    EXPECT_EQ(x.throttles, y.throttles);
    EXPECT_EQ(x.client_retries, y.client_retries);
    EXPECT_EQ(x.client_failures, y.client_failures);
    EXPECT_EQ(x.errors, y.errors);
    EXPECT_EQ(x.sqs_dead_letter_messages, y.sqs_dead_letter_messages);
    EXPECT_EQ(x.latency.p99_ms, y.latency.p99_ms);
    EXPECT_EQ(x.duration.mean_ms, y.duration.mean_ms);
  }
  // The comparison is not vacuous: api retried, and the worker saw poison messages.
  EXPECT_GT(a.functions[0].client_retries, 100u);
  EXPECT_GT(a.functions[1].errors, 10u);
  EXPECT_GT(b.functions[2].invocations, 0u);
}

}  // namespace
}  // namespace lambdasim
