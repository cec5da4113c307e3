// models/lambda/sources/fanout.h — fan-out: SNS topics and EventBridge rules delivering each
// published event to their target functions (reference §6.2; AWS: SNS and EventBridge invoke
// Lambda asynchronously — https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html,
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html,
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html).
//
// A traffic entry with `topic` publishes to ScenarioSpec::fanout[topic]; each publication is
// delivered to every target whose filter matches, as an event in the target function's async
// queue (AsyncQueues::OnEnqueue), accepted at the publication instant. A target's filter is a
// match probability drawn from its own stream "fanout/<topic>/<function>".
// Invariant: every target draws once per publication, matched or not, so one target's filter
// never shifts another's stream. No state per event; no allocation after construction.
#pragma once

#include <cstdint>
#include <vector>

#include "models/lambda/sources/async_queue.h"
#include "models/spec/scenario_spec.h"
#include "sim/rng.h"
#include "sim/time.h"

namespace lambdasim {

class Fanout {
 public:
  Fanout(const ScenarioSpec& spec, AsyncQueues& async);

  // An event published to `topic` at `now` (duration_ns from a trace, -1 = sample).
  void Publish(size_t topic, sim::Time now, int64_t duration_ns);

 private:
  const ScenarioSpec& spec_;
  AsyncQueues& async_;
  std::vector<sim::RngStream> rng_;  // per (topic, target), flattened
  std::vector<size_t> rng_offset_;   // per topic: index of its first target in rng_
};

}  // namespace lambdasim
