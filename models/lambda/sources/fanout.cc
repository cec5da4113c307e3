// models/lambda/sources/fanout.cc — Fanout: SNS / EventBridge delivery to async queues
// (fanout.h).
#include "models/lambda/sources/fanout.h"

namespace lambdasim {

Fanout::Fanout(const ScenarioSpec& spec, AsyncQueues& async) : spec_(spec), async_(async) {
  for (const auto& topic : spec.fanout) {
    rng_offset_.push_back(rng_.size());
    for (const auto& target : topic.targets)
      rng_.emplace_back(spec.seed, spec.replication,
                        "fanout/" + topic.name + "/" + target.function);
  }
}

void Fanout::Publish(size_t topic, sim::Time now, int64_t duration_ns) {
  const FanoutSpec& t = spec_.fanout[topic];
  const size_t base = rng_offset_[topic];
  for (size_t i = 0; i < t.targets.size(); ++i) {
    const auto& target = t.targets[i];
    // Every target draws, matched or not, so one target's filter never shifts another's.
    const double u = rng_[base + i].NextDouble();
    if (target.filter >= 1.0 || u < target.filter)
      async_.OnEnqueue(target.function_index, AsyncEvent{now, duration_ns, 0});
  }
}

}  // namespace lambdasim
