// models/load/key_table_pollers.cc — the key table's `source:` keys of issue 19: SQS FIFO
// queues (`fifo`, `message_groups`), Kafka (`partitions`, `scale_delay`) and provisioned event
// pollers (`provisioned_pollers: { min, max }`). Appended to traffic.source after
// key_table_traffic.cc has filled it. AWS numbers: PlatformProfile::EventPollerRules and
// PlatformLimits (sqs_pollers_min, …).
#include <fmt/format.h>

#include "models/load/key_table_sections.h"

namespace lambdasim::key_table {

using sim::Duration;

void FillPollerKeys(KeySection& source, KeySection& provisioned, const PlatformLimits& lim) {
  const PlatformProfile::EventPollerRules rules;
  source.keys.push_back(Key("fifo")
                            .Type(KeyType::kBool)
                            .AppliesTo("sqs")
                            .Default("false")
                            .Store(&EventSourceSpec::fifo)
                            .Help("a FIFO queue: in order per message group, one batch per group"));
  source.keys.push_back(Key("message_groups")
                            .Int(1, lim.sqs_fifo_message_groups_max)
                            .AppliesTo("sqs")
                            .Default("1")
                            .Limits("needs `fifo: true`")
                            .Store(&EventSourceSpec::message_groups)
                            .Help("message group IDs; each message picks one uniformly"));
  source.keys.push_back(Key("partitions")
                            .Int(1, lim.kafka_partitions_max)
                            .AppliesTo("kafka")
                            .Default("1")
                            .Store(&EventSourceSpec::partitions)
                            .Help("topic partitions: at most one batch of each in flight"));
  source.keys.push_back(
      Key("scale_delay")
          .Dur(Duration(), Duration::Minutes(3))
          .AppliesTo("kafka")
          .Default(fmt::format("profile ({}s)", rules.kafka_scale_delay.ns() / 1000000000))
          .Bind<EventSourceSpec>([](EventSourceSpec& s, const KeyValue& v) {
            s.event_pollers.kafka_scale_delay = v.duration;
          })
          .Help("on demand: a poller change lands this long after the 1-minute evaluation"));
  source.keys.push_back(Key("provisioned_pollers")
                            .Section(provisioned)
                            .AppliesTo("sqs, kafka")
                            .Default("none (on demand)")
                            .Help("provisioned mode: `min` pollers always on, billed as EPUs"));
  provisioned.keys = {
      Key("min")
          .Int(lim.kafka_pollers_min, lim.pollers_minimum_max)
          .Default("sqs 2, kafka 1")
          .Limits("sqs ≥ 2")
          .Help("pollers always on (SQS: 10 invokes each; Kafka: 5)"),
      Key("max")
          .Int(lim.kafka_pollers_min, lim.pollers_maximum_max)
          .Default(std::to_string(lim.pollers_maximum_default))
          .Limits("≥ `min`; Kafka: capped at `partitions`")
          .Help("pollers the mapping may scale to"),
  };
}

}  // namespace lambdasim::key_table
