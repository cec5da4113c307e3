// models/load/key_table_function.cc — the key table's function keys (with their sub-mappings) and
// distribution keys. See key_table.h for what a KeyDef is and key_table_sections.h for how the
// table is assembled.
#include <fmt/format.h>

#include <string>

#include "models/load/key_table_sections.h"

namespace lambdasim::key_table {

using sim::Duration;

void FillFunctionKeys(const Sections& sec, const PlatformLimits& lim) {
  KeySection& function = sec.function;
  KeySection& dist = sec.dist;
  KeySection& pc_step = sec.pc_step;
  KeySection& autoscaling = sec.autoscaling;
  KeySection& pc_delay = sec.pc_delay;
  KeySection& hybrid = sec.hybrid;
  KeySection& async = sec.async;
  KeySection& retry_delays = sec.retry_delays;
  KeySection& throttle_backoff = sec.throttle_backoff;
  const auto reuse = [](FunctionSpec& f, const KeyValue& v) {
    f.environment_reuse = v.text == "least_recently_used" ? EnvironmentReuse::kLeastRecentlyUsed
                          : v.text == "newest_created"    ? EnvironmentReuse::kNewestCreated
                          : v.text == "random"            ? EnvironmentReuse::kRandom
                                                          : EnvironmentReuse::kMostRecentlyUsed;
  };
  function.keys = {
      Key("memory_mb")
          .Int(lim.memory_mb_min, lim.memory_mb_max)
          .Unit("MB")
          .Default("128")
          .Store(&FunctionSpec::memory_mb)
          .Help("for cost (GB-seconds)"),
      Key("architecture")
          .Choices({"x86_64", "arm64"})
          .Default("x86_64")
          .Bind<FunctionSpec>([](FunctionSpec& f, const KeyValue& v) {
            f.architecture = v.text == "arm64" ? Architecture::kArm64 : Architecture::kX86_64;
          })
          .Help("price tier"),
      Key("timeout")
          .Dur(lim.timeout_min, lim.timeout_max)
          .Default("3s")
          .Store(&FunctionSpec::timeout)
          .Help("invocations running longer are cut off"),
      Key("reserved_concurrency")
          .Int(0, kMaxConcurrency)
          .Default("none")
          .Store(&FunctionSpec::reserved_concurrency)
          .Help("caps **and** guarantees the function's concurrency; `0` disables it (§3)"),
      Key("duration")
          .Dist(Duration(), kDay)
          .Store(&FunctionSpec::duration)
          .Default(
              "**required** (unless a trace supplies durations: [Trace replay](#trace-replay))")
          .Help("handler run time per invocation"),
      Key("init_duration")
          .Dist(Duration(), kDay)
          .Default("constant 250ms")
          .Store(&FunctionSpec::init_duration)
          .Help("cold-start init time (§5.3)"),
      Key("keep_alive")
          .Dur(Duration(), kDay)
          .Default("10m **[INFERRED]**")
          .Store(&FunctionSpec::keep_alive)
          .Help("idle time before an environment is reclaimed (§5.5; AWS: \"some time\")"),
      Key("max_lifetime")
          .Dist(Duration::Seconds(1), kHorizon)
          .Default("uniform(2h, 6h) **[INFERRED]**")
          .Store(&FunctionSpec::max_lifetime)
          .Help("environments are recycled after this even when busy (§5.6)"),
      Key("error_rate")
          .Number(0, 1)
          .Default("0")
          .Store(&FunctionSpec::error_rate)
          .Help("probability an invocation returns a function error"),
      Key("provisioned_concurrency")
          .Int(0, kMaxConcurrency)
          .Default("0")
          .Store(&FunctionSpec::provisioned_concurrency)
          .Help("initial provisioned concurrency (PC) target"),
      Key("provisioned_schedule")
          .Section(pc_step, KeyType::kList)
          .Default("none")
          .Limits("`at` strictly increasing")
          .Help("scheduled changes of the PC target"),
      Key("provisioned_autoscaling")
          .Section(autoscaling)
          .Default("off")
          .Help("target tracking on PC utilization (§4.3)"),
      Key("provisioned_allocation_delay")
          .Section(pc_delay)
          .Default("profile: 60s .. 120s")
          .Help("preparation delay before PC comes online (then the profile's ramp, §2.2)"),
      Key("invocation")
          .Choices({"sync", "async"})
          .Default("sync")
          .Bind<FunctionSpec>(
              [](FunctionSpec& f, const KeyValue& v) { f.invoked_async = v.text == "async"; })
          .Help("default invocation type of this function's traffic"),
      Key("async")
          .Section(async)
          .Default("AWS defaults")
          .Help("asynchronous invocation settings (§6.2)"),
      Key("environment_reuse")
          .Choices({"most_recently_used", "least_recently_used", "newest_created", "random"})
          .Default("most_recently_used")
          .Bind<FunctionSpec>(reuse)
          .Help("research option: which idle environment a warm request takes (AWS's choice is "
                "undocumented; newest_created is SimFaaS's rule)"),
      Key("keep_alive_policy")
          .Choices({"fixed", "hybrid_histogram"})
          .Default("fixed")
          .Bind<FunctionSpec>([](FunctionSpec& f, const KeyValue& v) {
            f.keep_alive_policy.kind = v.text == "hybrid_histogram"
                                           ? KeepAliveKind::kHybridHistogram
                                           : KeepAliveKind::kFixed;
          })
          .Help("fixed: `keep_alive` after every release; hybrid_histogram: research option, "
                "Shahrad et al., \"Serverless in the Wild\" (USENIX ATC 2020)"),
      Key("hybrid_keep_alive")
          .Section(hybrid)
          .Default("see below")
          .Help("parameters of `keep_alive_policy: hybrid_histogram` (research option)"),
      Key("observed")
          .Type(KeyType::kString)
          .Default("none")
          .Help("CSV of production's per-period invocations, concurrency_max and throttles "
                "(`lambdasim import cloudwatch` writes it), drawn against the simulation: "
                "[Observed vs simulated](#observed-vs-simulated)"),
      Key("calls")
          .Section(sec.calls, KeyType::kList)
          .Default("none")
          .Limits("no cycles; at most " + std::to_string(kMaxCallDepth) + " calls deep")
          .Help("other functions this one invokes, in list order: "
                "[Lambda calling Lambda](#lambda-calling-lambda)"),
  };
  // `calls:` entries (load_calls.cc checks names, cycles and depth once every function is read).
  sec.calls.keys = {
      Key("function").Type(KeyType::kName).Default("").Help("the function called"),
      Key("map").Section(sec.map).Default("").Help(
          "instead of `function`: a Step Functions Map state over `map.function` (sync: "
          "the caller waits for the whole run)"),
      Key("invocation")
          .Choices({"sync", "async"})
          .Default("sync")
          .Bind<CallSpec>([](CallSpec& c, const KeyValue& v) {
            c.invocation = v.text == "async" ? InvocationType::kAsync : InvocationType::kSync;
          })
          .Help("sync: the caller waits (busy, billed) for the callee's whole latency; async: "
                "into the callee's event queue, no wait"),
      Key("after")
          .Dist(Duration(), kDay)
          .Default("0s")
          .Store(&CallSpec::after)
          .Help("when the call is made, in the caller's own execution time (waits excluded)"),
      Key("probability")
          .Number(0, 1)
          .Default("1")
          .Store(&CallSpec::probability)
          .Help("share of the caller's invocations that make the call"),
      Key("retries")
          .Schema(
              R"({"anyOf": [{"enum": ["none", "sdk-standard"]}, {"$ref": "#/$defs/traffic.client"}]})")
          .Section(sec.client, KeyType::kSpecial)
          .Default("none")
          .Limits("`none` \\| `sdk-standard` \\| mapping")
          .Help("the caller's SDK retries of a throttled sync call (as `client:`)"),
  };
  sec.calls.exactly_one = {"function", "map"};
  pc_step.keys = {
      Key("at").Dur(Duration(), kHorizon).Required().Help("time the target changes"),
      Key("value").Int(0, kMaxConcurrency).Required().Help("new provisioned concurrency target"),
  };
  autoscaling.keys = {
      Key("min")
          .Int(0, kMaxConcurrency)
          .Required()
          .Limits("≥ 0, ≤ `max`")
          .Store(&ProvisionedAutoscaling::min)
          .Help("lowest PC target"),
      Key("max")
          .Int(0, kMaxConcurrency)
          .Required()
          .Store(&ProvisionedAutoscaling::max)
          .Help("highest PC target"),
      Key("target_utilization")
          .Number(lim.pc_target_utilization_min, lim.pc_target_utilization_max)
          .Default("0.7")
          .Store(&ProvisionedAutoscaling::target_utilization)
          .Help("AWS allows 10 %–90 %"),
      Key("scale_out_datapoints")
          .Int(1, 1440)
          .Default("3")
          .Store(&ProvisionedAutoscaling::scale_out_datapoints)
          .Help("consecutive 1-minute points above target (§4.3)"),
      Key("scale_in_datapoints")
          .Int(1, 1440)
          .Default("3 **[CONFLICT]**")
          .Store(&ProvisionedAutoscaling::scale_in_datapoints)
          .Help(
              "consecutive points below `scale_in_ratio` × target (Lambda page: 3; 15 elsewhere)"),
      Key("scale_in_ratio")
          .Number(0.1, 1.0)
          .Default("0.9")
          .Store(&ProvisionedAutoscaling::scale_in_ratio)
          .Help("the scale-in alarm threshold (63 % = 90 % of 70 %)"),
  };
  pc_delay.keys = {
      Key("min")
          .Dur(Duration(), Duration::Hours(1))
          .Default("profile: 60s")
          .Limits("0 .. 1h, ≤ `max`")
          .Help("shortest preparation delay"),
      Key("max")
          .Dur(Duration(), Duration::Hours(1))
          .Default("profile: 120s")
          .Help("longest preparation delay"),
  };
  hybrid.keys = {
      Key("histogram_range")
          .Dur(Duration::Seconds(1), kHorizon)
          .Default("4h")
          .Store(&HybridKeepAliveSpec::histogram_range)
          .Help("idle times beyond it are out of bounds (the fixed keep_alive applies)"),
      Key("bin_width")
          .Dur(Duration::Millis(1), kHorizon)
          .Default("1m")
          .Limits("≤ `histogram_range`")
          .Store(&HybridKeepAliveSpec::bin_width)
          .Help("histogram bin width"),
      Key("head_percentile")
          .Number(0, 100)
          .Default("5")
          .Limits("0 .. 100, < `tail_percentile`")
          .Store(&HybridKeepAliveSpec::head_percentile)
          .Help("pre-warm window from this percentile of idle times"),
      Key("tail_percentile")
          .Number(0, 100)
          .Default("99")
          .Store(&HybridKeepAliveSpec::tail_percentile)
          .Help("keep-alive window from this percentile of idle times"),
      Key("margin")
          .Number(0, 1)
          .Default("0.1")
          .Store(&HybridKeepAliveSpec::margin)
          .Help("pre-warm shortened and keep-alive lengthened by this share"),
      Key("cv_threshold")
          .Number(0, 1e9)
          .Default("2")
          .Limits("≥ 0")
          .Store(&HybridKeepAliveSpec::cv_threshold)
          .Help("the histogram is representative when its bin counts' CV is at least this"),
      Key("min_samples")
          .Int(1, kMaxConcurrency)
          .Default("10")
          .Limits("≥ 1")
          .Store(&HybridKeepAliveSpec::min_samples)
          .Help("fewer idle times observed: the fixed keep_alive applies"),
  };
  async.keys = {
      Key("maximum_event_age")
          .Dur(lim.async_event_age_min, lim.async_event_age_max)
          .Default("6h")
          .Store(&AsyncSpec::maximum_event_age)
          .Help("older events are dropped (to the DLQ if configured)"),
      Key("maximum_retry_attempts")
          .Int(0, lim.async_retry_attempts_max)
          .Default("2")
          .Store(&AsyncSpec::maximum_retry_attempts)
          .Help("retries of **function errors** (incl. timeouts)"),
      Key("retry_delays")
          .Section(retry_delays)
          .Default("`1m`, `2m`")
          .Help("delay before the 2nd and 3rd attempt"),
      Key("throttle_backoff")
          .Section(throttle_backoff)
          .Default("`1s`, `5m`, `wait`")
          .Help("per event: after its k-th throttle an event is retried uniform[d/2, d] later, "
                "d = min(max, base·2^(k−1)) **[UNDOCUMENTED multiplier and jitter]**; other "
                "events keep being dispatched; `base: 0s`: no backoff, retry at the next release"),
      Key("on_failure")
          .Choices({"dlq", "none"})
          .Default("none")
          .Bind<AsyncSpec>(
              [](AsyncSpec& a, const KeyValue& v) { a.on_failure_dlq = v.text == "dlq"; })
          .Help("expired or exhausted events go to the DLQ / on-failure destination"),
  };
  retry_delays.keys = {
      Key("first")
          .Dur(Duration(), Duration::Hours(6))
          .Default("1m")
          .Store(&AsyncSpec::retry_delay_first)
          .Help("before the 2nd attempt"),
      Key("second")
          .Dur(Duration(), Duration::Hours(6))
          .Default("2m")
          .Store(&AsyncSpec::retry_delay_second)
          .Help("before the 3rd attempt"),
  };
  throttle_backoff.keys = {
      Key("base")
          .Dur(Duration(), Duration::Minutes(5))
          .Default("1s")
          .Store(&AsyncSpec::throttle_backoff_base)
          .Help("first wait after a throttle"),
      Key("max")
          .Dur(Duration(), Duration::Hours(1))
          .Default("5m")
          .Limits("≥ `base`, ≤ 1h")
          .Store(&AsyncSpec::throttle_backoff_max)
          .Help("cap of the wait"),
      Key("on_concurrency")
          .Choices({"wait", "backoff"})
          .Default("wait")
          .Bind<AsyncSpec>([](AsyncSpec& a, const KeyValue& v) {
            a.throttle_on_concurrency = v.text == "backoff" ? AsyncConcurrencyThrottle::kBackoff
                                                            : AsyncConcurrencyThrottle::kWait;
          })
          .Help("a reserved/account concurrency throttle: `wait` = the event keeps its place and "
                "is dispatched at the next release (FIFO M/M/c); `backoff` = it backs off like a "
                "scaling-rate or RPS throttle (literal reading, pessimistic)"),
  };
  dist.keys = {
      Key("dist")
          .Choices({"constant", "uniform", "exponential", "normal", "lognormal", "empirical"})
          .Required(),
      Key("value").Type(KeyType::kDuration).AppliesTo("constant").Required(),
      Key("min").Type(KeyType::kDuration).AppliesTo("uniform").Required().Limits("≤ `max`"),
      Key("max").Type(KeyType::kDuration).AppliesTo("uniform").Required(),
      Key("mean")
          .Type(KeyType::kDuration)
          .AppliesTo("exponential, normal")
          .Required()
          .Limits("> 0 (exponential)"),
      Key("stddev").Type(KeyType::kDuration).AppliesTo("normal").Required(),
      Key("median")
          .Type(KeyType::kDuration)
          .AppliesTo("lognormal")
          .Default("")
          .Limits("> 0")
          .Help("with `p99` (or give `mu` and `sigma`)"),
      Key("p99").Type(KeyType::kDuration).AppliesTo("lognormal").Default("").Limits("≥ `median`"),
      Key("mu")
          .Number(-50, 1e9)
          .AppliesTo("lognormal")
          .Unit("log-seconds")
          .Default("")
          .Limits("≤ ln(the largest duration)")
          .Help("with `sigma`"),
      Key("sigma").Number(0, 5).AppliesTo("lognormal").Unit("log-seconds").Default(""),
      Key("points")
          .Schema(
              R"({"type": "array", "minItems": 1, "items": {"type": "array", "prefixItems": [{"type": "number", "minimum": 0, "maximum": 1}, {"$ref": "#/$defs/duration"}], "minItems": 2, "maxItems": 2}})")
          .AppliesTo("empirical")
          .Required()
          .Limits("quantiles strictly increasing, values non-decreasing")
          .Help("`[[quantile, duration], ...]`, linear in between"),
  };
}

}  // namespace lambdasim::key_table
