// models/load/load_sources.cc — event source mappings (`source:`) and fan-out topics.
#include "models/load/scenario_walk.h"

#include <algorithm>

namespace lambdasim::load {

// Issue 19: `provisioned_pollers: { min, max }` (SQS, Kafka) and the FIFO rules.
static void ParseSourcePollers(Ctx& ctx, Fields& f, EventSourceSpec& s, const std::string& type,
                               const PlatformProfile& p) {
  const PlatformLimits& lim = p.limits;
  const bool sqs = type == "sqs";
  if (auto e = f.Get("provisioned_pollers")) {
    const KeySection& pkeys = Keys("traffic.source.provisioned_pollers");
    Fields pf(ctx, *e, pkeys.names);
    if (pf.ok()) {
      EventSourceSpec::ProvisionedPollers pp;
      pp.min = sqs ? lim.sqs_pollers_min : lim.kafka_pollers_min;
      pp.max = lim.pollers_maximum_default;
      if (auto m = pf.Get("min")) {
        if (auto x = ReadKey(ctx, *m, pkeys.Get("min"))) {
          pp.min = x->integer;
          if (sqs && pp.min < lim.sqs_pollers_min)
            ctx.Error(m->path, m->mark(),
                      "an SQS mapping needs at least " + std::to_string(lim.sqs_pollers_min) +
                          " provisioned pollers (AWS: 'minimum 2 required')");
        }
      }
      if (auto m = pf.Get("max")) {
        if (auto x = ReadKey(ctx, *m, pkeys.Get("max"))) {
          pp.max = x->integer;
          if (pp.max < pp.min)
            ctx.Error(m->path, m->mark(),
                      "provisioned_pollers max " + std::to_string(pp.max) + " is below min " +
                          std::to_string(pp.min));
        }
      }
      s.provisioned_pollers = pp;
      if (s.maximum_concurrency)
        if (auto mc = f.Get("maximum_concurrency"))
          ctx.Error(mc->path, mc->mark(),
                    "maximum_concurrency and provisioned_pollers are exclusive (AWS: 'These are "
                    "mutually exclusive options')");
    }
  }
  if (!sqs) return;
  if (!s.fifo) {
    if (auto e = f.Get("message_groups"))
      ctx.Error(e->path, e->key_mark, "'message_groups' needs 'fifo: true'");
    return;
  }
  if (s.provisioned_pollers)  // AWS documents provisioned mode for SQS without FIFO specifics
    if (auto e = f.Get("provisioned_pollers"))
      ctx.Error(e->path, e->key_mark,
                "provisioned_pollers on a FIFO queue is not modeled (its concurrency is bounded "
                "by message_groups)");
  if (s.batch_size > p.event_pollers.sqs_fifo_batch_size_max)
    if (auto e = f.Get("batch_size"))
      ctx.Error(e->path, e->mark(),
                "a FIFO queue's batch_size is at most " +
                    std::to_string(p.event_pollers.sqs_fifo_batch_size_max) +
                    " (AWS: 'For FIFO queues, the maximum is 10')");
  if (s.maximum_batching_window > sim::Duration())
    if (auto e = f.Get("maximum_batching_window"))
      ctx.Error(e->path, e->mark(),
                "a FIFO queue takes no maximum_batching_window (AWS: 'Batching window is not "
                "supported for FIFO queues')");
}

// `source:` — an SQS queue or a Kinesis / DynamoDB stream between the traffic (messages or
// records per second) and the function, read by an event source mapping (§6.3, §6.4).
void ParseEventSource(Ctx& ctx, const Val& v, const ScenarioSpec& spec, TrafficSpec& t) {
  const KeySection& keys = Keys("traffic.source");
  Fields f(ctx, v, keys.names);
  if (!f.ok()) return;
  EventSourceSpec& s = t.source;
  std::string type;
  if (auto e = f.Require("type", "sqs, kinesis, dynamodb or kafka"))
    if (auto x = ReadKey(ctx, *e, keys.Get("type"))) type = x->text;
  if (type.empty()) return;
  const bool sqs = type == "sqs";
  const bool kafka = type == "kafka";
  s.type = sqs                 ? SourceType::kSqs
           : kafka             ? SourceType::kKafka
           : type == "kinesis" ? SourceType::kKinesis
                               : SourceType::kDynamoDb;
  for (const KeyDef& def : keys.keys)
    if (!KeyAppliesTo(def, type))
      if (auto e = f.Get(def.name))
        ctx.Error(e->path, e->key_mark,
                  "'" + def.name + "' does not apply to a " + type + " source (only to " +
                      def.applies_to + ")");
  const PlatformProfile& p = spec.platform;
  s.initial_concurrency = p.sqs_initial_concurrency;
  s.scale_up_per_minute = p.sqs_scale_up_per_minute;
  s.max_concurrency_default = p.sqs_max_concurrency;
  s.sqs_pollers = p.sqs_pollers;
  s.batch_size = sqs ? p.limits.sqs_batch_size_default : p.limits.stream_batch_size_default;
  s.visibility_timeout = p.limits.sqs_visibility_timeout_default;
  s.event_pollers = p.event_pollers;
  if (kafka) {
    s.batch_size = p.event_pollers.kafka_batch_size_default;
    s.maximum_batching_window = p.event_pollers.kafka_batching_window_default;
  }
  StoreKeys(ctx, f, keys, s, type);
  ParseSourcePollers(ctx, f, s, type, p);
  if (!sqs) return;
  if (s.sqs_pollers.throttle_retry_max < s.sqs_pollers.throttle_retry_base)
    if (auto e = f.Get("throttle_retry_max"))
      ctx.Error(e->path, e->mark(),
                "throttle_retry_max " + sim::FormatDuration(s.sqs_pollers.throttle_retry_max) +
                    " is shorter than throttle_retry_base " +
                    sim::FormatDuration(s.sqs_pollers.throttle_retry_base));
  if (s.batch_size > p.limits.sqs_batch_size_without_window &&
      s.maximum_batching_window < p.limits.sqs_large_batch_window_min)
    if (auto e = f.Get("batch_size"))
      ctx.Error(e->path, e->mark(),
                "an SQS batch_size above " +
                    std::to_string(p.limits.sqs_batch_size_without_window) +
                    " needs maximum_batching_window of at least 1s (as AWS requires)");
  const FunctionSpec* fn = t.function_index < spec.functions.size() && !t.function.empty()
                               ? &spec.functions[t.function_index]
                               : nullptr;
  if (fn && s.visibility_timeout < fn->timeout) {
    const auto e = f.Get("visibility_timeout");
    const Val& where = e ? *e : v;
    ctx.Error(where.path, where.mark(),
              "visibility_timeout " + sim::FormatDuration(s.visibility_timeout) +
                  " is shorter than function '" + fn->name + "' timeout " +
                  sim::FormatDuration(fn->timeout) +
                  " (AWS rejects this mapping; it recommends 6 × the timeout)");
  }
}

// `fanout:` — SNS topics / EventBridge rules: each published event goes asynchronously to
// every target whose filter matches (probability `filter`).
void ParseFanout(Ctx& ctx, const Val& v, ScenarioSpec& spec) {
  ctx.Visit();
  if (!v.node.IsSequence()) {
    ctx.Error(v.path, v.mark(),
              "'fanout' must be a list of topics (- name: orders, targets: [...]), got " +
                  TypeName(v.node));
    return;
  }
  const KeySection& keys = Keys("fanout");
  std::vector<std::string> fnames;
  for (const auto& fn : spec.functions) fnames.push_back(fn.name);
  size_t i = 0;
  for (const auto& item : v.node) {
    const size_t index = i++;
    const Val tv{item, v.path + "." + std::to_string(index),
                 "fanout[" + std::to_string(index) + "]", v.key_mark};
    Fields f(ctx, tv, keys.names);
    if (!f.ok()) continue;
    FanoutSpec topic;
    topic.location = Loc(ctx, tv.mark());
    if (auto e = f.Require("name", "a topic name")) {
      if (auto s = Scalar(ctx, *e, "a topic name")) {
        // Topics are named like functions (traffic entries refer to them by name).
        if (!ValidName(*s, false))
          ctx.Error(e->path, e->mark(),
                    "fan-out topic name '" + *s +
                        "' must be non-empty and contain only letters, digits, '_' and '-'");
        for (const auto& other : spec.fanout)
          if (other.name == *s)
            ctx.Error(e->path, e->mark(), "fan-out topic '" + *s + "' is defined twice");
        topic.name = *s;
      }
    }
    StoreKeys(ctx, f, keys, topic);  // type
    if (auto e = f.Require("targets", "a list of { function, filter }")) {
      ctx.Visit();
      if (!e->node.IsSequence() || e->node.size() == 0) {
        ctx.Error(e->path, e->mark(),
                  "'targets' must be a non-empty list of { function: NAME, filter: 0..1 }");
      } else {
        size_t j = 0;
        for (const auto& titem : e->node) {
          const size_t tindex = j++;
          const Val targ{titem, e->path + "." + std::to_string(tindex),
                         "targets[" + std::to_string(tindex) + "]", e->key_mark};
          Fields tf(ctx, targ, Keys("fanout.targets").names);
          if (!tf.ok()) continue;
          FanoutTarget target;
          bool found = false;
          if (auto fe = tf.Require("function", "a function name")) {
            if (auto name = Scalar(ctx, *fe, "a function name")) {
              if (const auto k = ctx.FunctionIndex(spec.functions, *name)) {
                target.function = *name;
                target.function_index = *k;
                found = true;
              }
              if (!found) {
                const std::string hint = DidYouMean(*name, fnames);
                ctx.Error(fe->path, fe->mark(),
                          "'function': no function named '" + *name + "'" +
                              (hint.empty() ? " (functions: " + JoinNames(fnames) + ")" : hint));
              }
            }
          }
          StoreKeys(ctx, tf, Keys("fanout.targets"), target);  // filter
          if (found) topic.targets.push_back(target);
        }
      }
    }
    spec.fanout.push_back(std::move(topic));
  }
}

}  // namespace lambdasim::load
