// models/load/key_table_traffic.cc — the key table's traffic-entry keys (shapes, clients, sources)
// and `fanout:` keys. See key_table.h for what a KeyDef is and key_table_sections.h for how the
// table is assembled.
#include <fmt/format.h>

#include <string>

#include "models/load/key_table_sections.h"

namespace lambdasim::key_table {

using sim::Duration;

void FillTrafficKeys(const Sections& sec, const PlatformLimits& lim) {
  KeySection& traffic = sec.traffic;
  KeySection& client = sec.client;
  KeySection& phase = sec.phase;
  KeySection& stage = sec.stage;
  KeySection& spike = sec.spike;
  KeySection& burst = sec.burst;
  KeySection& diurnal = sec.diurnal;
  KeySection& mmpp = sec.mmpp;
  KeySection& mmpp_state = sec.mmpp_state;
  KeySection& trace = sec.trace;
  KeySection& source = sec.source;
  KeySection& fanout = sec.fanout;
  KeySection& fanout_target = sec.fanout_target;
  KeySection& map = sec.map;
  KeySection& map_retry = sec.map_retry;
  traffic.keys = {
      Key("function")
          .Type(KeyType::kName)
          .Default("**required** (or `topic`, `map`)")
          .Limits("must name a function")
          .Help("the function invoked (or `topic:`, or `map:`)"),
      Key("arrivals")
          .Choices({"poisson", "uniform"})
          .Default("poisson")
          .Bind<TrafficSpec>([](TrafficSpec& t, const KeyValue& v) {
            t.arrivals = v.text == "uniform" ? ArrivalKind::kUniform : ArrivalKind::kPoisson;
          })
          .Help("uniform = evenly spaced in the cumulative rate"),
      Key("rate")
          .Rate(false)
          .Default("**required** (or another shape)")
          .Limits("> 0, ≤ 1e9 /s")
          .Help("constant rate, e.g. `200`, `0.5`, `30/min` (or another shape)"),
      Key("phases").Section(phase, KeyType::kList).Default("").Help("shape: Artillery phases"),
      Key("repeat")
          .Schema(
              R"({"anyOf": [{"type": "integer", "minimum": 1, "maximum": 1000000}, {"const": "forever"}]})")
          .Default("1")
          .Limits("1 .. 1,000,000 or `forever`")
          .Help("with `phases`: total number of plays"),
      Key("stages").Section(stage, KeyType::kList).Default("").Help("shape: k6 stages"),
      Key("start_rate")
          .Rate(true)
          .Default("0")
          .Limits("≥ 0")
          .Help("with `stages`: the rate before the first stage"),
      Key("spike").Section(spike).Default("").Help("shape: baseline plus bursts"),
      Key("diurnal").Section(diurnal).Default("").Help("shape: sinusoid"),
      Key("mmpp").Section(mmpp).Default("").Help("shape: Markov-modulated Poisson process"),
      Key("trace").Section(trace).Default("").Help("shape: replay a trace file"),
      Key("start")
          .Dur(Duration(), kHorizon)
          .Default("0s")
          .Store(&TrafficSpec::start)
          .Help("no arrivals before this"),
      Key("end")
          .Dur(Duration(), kHorizon)
          .Default("end of scenario")
          .Limits("> `start`")
          .Help("no arrivals at or after this"),
      Key("client")
          .Schema(
              R"({"anyOf": [{"enum": ["none", "sdk-standard"]}, {"$ref": "#/$defs/traffic.client"}]})")
          .Section(client, KeyType::kSpecial)
          .Default("none")
          .Limits("`none` \\| `sdk-standard` \\| mapping")
          .Help("retry behaviour of the caller (see [client](#client))"),
      Key("via")
          .Choices({"direct", "api-gateway", "function-url"})
          .Default("direct")
          .Help("`api-gateway`: API Gateway's throttle first (429 there), and the caller gets a "
                "504 after `api_gateway_timeout`; `function-url`: Lambda's own limits only"),
      Key("api_gateway_timeout")
          .Dur(lim.api_gateway_timeout_min, lim.api_gateway_timeout_max)
          .Default("off; 29s with `via: api-gateway`")
          .Help("the caller gets a 504 after this"),
      Key("invocation")
          .Choices({"sync", "async"})
          .Default("the function's `invocation`")
          .Help("async: into the function's event queue"),
      Key("source").Section(source).Default("none").Help(
          "an SQS queue or Kinesis / DynamoDB stream in front of the function"),
      Key("topic")
          .Type(KeyType::kName)
          .Default("none")
          .Help("publish to a `fanout:` topic instead of invoking `function`"),
      Key("map").Section(map).Default("none").Help(
          "each arrival starts a Step Functions Map run (instead of `function`)"),
      Key("label")
          .Type(KeyType::kName)
          .Default("function name, `#k` for its k-th entry")
          .Limits("`[A-Za-z0-9_-]+`, unique")
          .Help("stable name of the entry's random streams (arrivals/, client/, source/<label>)"),
  };
  traffic.exactly_one = {"rate", "phases", "stages", "spike", "diurnal", "mmpp", "trace"};
  traffic.at_least_one = {"function", "topic", "map"};
  map.keys = {
      Key("function")
          .Type(KeyType::kName)
          .Required()
          .Limits("must name a function")
          .Help("the function each item invokes (synchronously, as the Lambda integration)"),
      Key("items")
          .Schema(
              R"({"anyOf": [{"type": "integer", "minimum": 0, "maximum": 100000000}, {"type": "object", "required": ["dist"]}]})")
          .Type(KeyType::kSpecial)
          .Required()
          .Limits("0 .. 1e8, or `{ dist: … }` of counts")
          .Help("items per run: a count or a distribution of counts (rounded)"),
      Key("max_concurrency")
          .Int(0, kMaxConcurrency)
          .Default("0")
          .Help("MaxConcurrency: items in flight per run; 0 = no limit of its own (AWS's default)"),
      Key("kind")
          .Choices({"inline", "distributed"})
          .Default("inline")
          .Help(fmt::format("caps the items in flight: inline {}, distributed {} (Step Functions)",
                            lim.sfn_inline_map_max_concurrency,
                            lim.sfn_distributed_map_max_concurrency)),
      Key("mode")
          .Choices({"standard", "express"})
          .Default("standard")
          .Help("workflow type (recorded; its quotas are not modeled, see the README)"),
      Key("retry").Section(map_retry).Default("none").Help(
          "Retrier for Lambda.TooManyRequestsException; none = a throttled item fails"),
      Key("tolerated_failure_percentage")
          .Number(0, 100)
          .Default("0")
          .Bind<MapSpec>(
              [](MapSpec& m, const KeyValue& v) { m.tolerated_failure_percentage = v.number; })
          .Help("the run fails once more than this share of its items failed"),
  };
  map_retry.keys = {
      Key("max_attempts")
          .Int(0, 99999999)
          .Default(fmt::format("{}", lim.sfn_retry_max_attempts_default))
          .Bind<MapRetrySpec>(
              [](MapRetrySpec& r, const KeyValue& v) { r.max_attempts = v.integer; })
          .Help("MaxAttempts: retries after the first attempt (0 = none)"),
      Key("interval")
          .Dur(Duration::Seconds(1), kHorizon)
          .Default(sim::FormatDuration(lim.sfn_retry_interval_default))
          .Store(&MapRetrySpec::interval)
          .Help("IntervalSeconds: wait before the first retry"),
      Key("backoff_rate")
          .Number(1, 1000)
          .Default(fmt::format("{}", lim.sfn_retry_backoff_rate_default))
          .Store(&MapRetrySpec::backoff_rate)
          .Help("BackoffRate: each further wait is this many times the last"),
      Key("max_delay")
          .Dur(Duration::Seconds(1), kHorizon)
          .Default("none")
          .Store(&MapRetrySpec::max_delay)
          .Help("MaxDelaySeconds: cap of a wait"),
  };
  client.keys = {
      Key("max_attempts")
          .Int(1, 10)
          .Required()
          .Store(&ClientSpec::max_attempts)
          .Help("total attempts, the first included"),
      Key("base")
          .Dur(Duration::Nanos(1), Duration::Hours(1))
          .Default("100ms")
          .Help("backoff base (full jitter)"),
      Key("cap")
          .Dur(Duration::Nanos(1), Duration::Hours(1))
          .Default("20s")
          .Limits("≥ `base`, ≤ 1h")
          .Help("backoff cap"),
  };
  phase.keys = {
      Key("duration").Dur(Duration::Millis(1), kHorizon).Default("**required** (unless `pause`)"),
      Key("rate")
          .Rate(true)
          .Default("**required** (unless `pause`)")
          .Limits("≥ 0, ≤ 1e9 /s")
          .Help("rate at the phase start"),
      Key("ramp_to")
          .Rate(true)
          .Default("= `rate`")
          .Limits("≥ 0, ≤ 1e9 /s")
          .Help("rate at the phase end; linear in between"),
      Key("name").Type(KeyType::kString).Default("\"\"").Help("kept on the segment for reports"),
      Key("pause")
          .Dur(Duration::Millis(1), kHorizon)
          .Default("")
          .Help("a phase of rate 0; only `name` may go with it"),
  };
  stage.keys = {
      Key("duration").Dur(Duration::Millis(1), kHorizon).Required(),
      Key("target").Rate(true).Required().Limits("≥ 0, ≤ 1e9 /s").Help("rate at the stage end"),
  };
  spike.keys = {
      Key("baseline").Rate(true).Required().Limits("≥ 0").Help("rate outside bursts"),
      Key("bursts").Section(burst, KeyType::kList).Required().Help("sorted, non-overlapping"),
  };
  burst.keys = {
      Key("at")
          .Dur(Duration(), kHorizon)
          .Required()
          .Help("from the entry's `start`; must begin before the entry ends"),
      Key("rate").Rate(false).Required().Limits("> 0").Help("rate during the burst"),
      Key("length").Dur(Duration::Millis(1), kHorizon).Required().Help("cut at the end"),
  };
  diurnal.keys = {
      Key("mean").Rate(false).Required().Limits("> 0").Help("the average over a period"),
      Key("amplitude").Rate(true).Required().Limits("0 .. `mean`").Help("the rate stays ≥ 0"),
      Key("period").Dur(Duration::Seconds(1), kHorizon).Default("24h").Store(&DiurnalShape::period),
      Key("peak_at")
          .Dur(Duration(), kHorizon)
          .Default("14h (mod `period`)")
          .Limits("0 .. < `period`")
          .Help("time of the maximum"),
  };
  mmpp.keys = {
      Key("states").Section(mmpp_state, KeyType::kList).Required().Limits("at most 64"),
      Key("transitions")
          .Schema(R"({"type": "array", "items": {"type": "array", "items": {"type": "number"}}})")
          .Default("**required** with ≥ 2 states")
          .Limits("n × n, each 0 .. 1e6 /s")
          .Help("per-second rates; the diagonal is implied (write 0 or −row sum)"),
      Key("initial")
          .Type(KeyType::kName)
          .Default("the first state")
          .Help("state at the entry's `start`"),
  };
  mmpp_state.keys = {
      Key("name").Type(KeyType::kName).Required().Limits("`[A-Za-z0-9_-]+`, unique"),
      Key("rate").Rate(true).Required().Limits("≥ 0 (not all 0)").Help("rate in this state"),
  };
  trace.keys = {
      Key("format").Choices({"azure-2019", "azure-2021", "csv"}).Required(),
      Key("file")
          .Type(KeyType::kString)
          .AppliesTo("azure-2021, csv")
          .Default("**required**")
          .Help("the trace file (relative to the scenario)"),
      Key("invocations")
          .Type(KeyType::kString)
          .AppliesTo("azure-2019")
          .Default("**required**")
          .Help("per-minute counts"),
      Key("durations")
          .Type(KeyType::kString)
          .AppliesTo("azure-2019")
          .Default("none")
          .Help("duration percentiles"),
      Key("function")
          .Type(KeyType::kString)
          .AppliesTo("azure-2019, azure-2021")
          .Default("azure-2019: **required**; azure-2021: all rows")
          .Help("azure-2019: HashFunction or 0-based row index; azure-2021: func hash"),
      Key("app")
          .Type(KeyType::kString)
          .AppliesTo("azure-2021")
          .Default("all apps")
          .Help("azure-2021: app hash; with `function`, the rows of that app only (one func "
                "hash can appear under two apps)"),
      Key("within_minute")
          .Choices({"uniform", "poisson"})
          .AppliesTo("azure-2019")
          .Default("uniform")
          .Help("how a minute's count is spread"),
      Key("offset")
          .Dur(Duration(), kHorizon)
          .Default("0s")
          .Store(&TraceSpec::offset)
          .Help("subtracted from trace time (e.g. the first timestamp)"),
      Key("time_scale")
          .Number(0.001, 1000)
          .Default("1")
          .Store(&TraceSpec::time_scale)
          .Help("2 = replay at half speed (durations are not scaled)"),
  };
  source.keys = {
      Key("type").Choices({"sqs", "kinesis", "dynamodb", "kafka"}).Required(),
      Key("batch_size")
          .Int(1, lim.esm_batch_size_max)
          .Default("sqs 10, streams and kafka 100")
          .Store(&EventSourceSpec::batch_size)
          .Help("SQS above 10 needs `maximum_batching_window` ≥ 1s; FIFO ≤ 10"),
      Key("maximum_batching_window")
          .Dur(Duration(), lim.esm_batching_window_max)
          .Default("0s (kafka 500ms)")
          .Store(&EventSourceSpec::maximum_batching_window)
          .Help("a batch goes when full or when the window closes"),
      Key("poison_rate")
          .Number(0, 1)
          .Default("0")
          .Store(&EventSourceSpec::poison_rate)
          .Help("share of items the function always fails on"),
      Key("maximum_concurrency")
          .Int(lim.sqs_maximum_concurrency_min, lim.sqs_maximum_concurrency_max)
          .AppliesTo("sqs")
          .Default("none (1 000 batches)")
          .Store(&EventSourceSpec::maximum_concurrency)
          .Help("caps concurrent batches; turns off the scale-down to 2"),
      Key("visibility_timeout")
          .Dur(Duration(), lim.sqs_visibility_timeout_max)
          .AppliesTo("sqs")
          .Default("30s")
          .Limits("≥ the function's `timeout`, ≤ 12h")
          .Store(&EventSourceSpec::visibility_timeout)
          .Help("a failed batch, or one throttled until it ends, reappears after it"),
      Key("max_receive_count")
          .Int(1, lim.sqs_max_receive_count_max)
          .AppliesTo("sqs")
          .Default("none")
          .Store(&EventSourceSpec::max_receive_count)
          .Help("a message received more often goes to the queue's DLQ"),
      Key("low_traffic_minimum")
          .Int(lim.sqs_maximum_concurrency_min, PlatformProfile{}.sqs_initial_concurrency)
          .AppliesTo("sqs")
          .Default("profile (2)")
          .Bind<EventSourceSpec>([](EventSourceSpec& s, const KeyValue& v) {
            s.sqs_pollers.low_traffic_minimum = v.integer;
          })
          .Help("pollers after a 2nd low-traffic minute (5 with `maximum_concurrency`)"),
      Key("throttle_retry_base")
          .Dur(Duration::Millis(1), Duration::Minutes(5))
          .AppliesTo("sqs")
          .Default("profile (1s)")
          .Bind<EventSourceSpec>([](EventSourceSpec& s, const KeyValue& v) {
            s.sqs_pollers.throttle_retry_base = v.duration;
          })
          .Help("a throttled batch is retried after base·2^(k−1)"),
      Key("throttle_retry_max")
          .Dur(Duration::Millis(1), Duration::Hours(1))
          .AppliesTo("sqs")
          .Default("profile (5m)")
          .Limits("≥ `throttle_retry_base`, ≤ 1h")
          .Bind<EventSourceSpec>([](EventSourceSpec& s, const KeyValue& v) {
            s.sqs_pollers.throttle_retry_max = v.duration;
          })
          .Help("cap of that wait; retries end with the visibility timeout"),
      Key("shards")
          .Int(1, 100000)
          .AppliesTo("kinesis, dynamodb")
          .Default("1")
          .Store(&EventSourceSpec::shards),
      Key("parallelization_factor")
          .Int(1, lim.stream_parallelization_factor_max)
          .AppliesTo("kinesis, dynamodb")
          .Default("1")
          .Store(&EventSourceSpec::parallelization_factor)
          .Help("concurrency = shards × factor, ordered per shard / key"),
      Key("maximum_retry_attempts")
          .Int(-1, lim.stream_retry_attempts_max)
          .AppliesTo("kinesis, dynamodb, kafka")
          .Default("−1 (until the record expires)")
          .Store(&EventSourceSpec::maximum_retry_attempts)
          .Help("throttles are not attempts"),
      Key("maximum_record_age")
          .Dur(lim.stream_record_age_min, lim.stream_record_age_max)
          .AppliesTo("kinesis, dynamodb, kafka")
          .Default("none (retention)")
          .Store(&EventSourceSpec::maximum_record_age)
          .Help("older records are dropped unprocessed"),
      Key("bisect_batch_on_error")
          .Type(KeyType::kBool)
          .AppliesTo("kinesis, dynamodb, kafka")
          .Default("false")
          .Store(&EventSourceSpec::bisect_batch_on_error)
          .Help("a failing batch is halved (not counted as a retry)"),
  };
  fanout.keys = {
      Key("name").Type(KeyType::kName).Required().Limits("unique").Help("the topic's name"),
      Key("type")
          .Choices({"sns", "eventbridge"})
          .Default("sns")
          .Store(&FanoutSpec::type)
          .Help("same delivery semantics here"),
      Key("targets")
          .Section(fanout_target, KeyType::kList)
          .Required()
          .Help("functions the topic delivers to"),
  };
  fanout_target.keys = {
      Key("function").Type(KeyType::kName).Required().Help("a function name"),
      Key("filter")
          .Number(0, 1)
          .Default("1")
          .Store(&FanoutTarget::filter)
          .Help("share of events the target's filter policy matches"),
  };
}

}  // namespace lambdasim::key_table
