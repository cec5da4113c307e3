// models/load/key_table.cc — the scenario key table (see key_table.h): every key of the
// scenario language, in documentation order. To add a key: declare it here (with a setter when
// the loader may store it without a relational check), use it in the code that needs it, and
// run `lambdasim schema --update-readme scenarios/README.md`.
#include "models/load/key_table.h"

#include <fmt/format.h>

#include <deque>
#include <stdexcept>
#include <utility>

namespace lambdasim {

KeyDef& KeyDef::Unit(std::string u) {
  unit = std::move(u);
  return *this;
}
KeyDef& KeyDef::Default(std::string d) {
  default_text = std::move(d);
  return *this;
}
KeyDef& KeyDef::Required() {
  required = true;
  default_text = "**required**";
  return *this;
}
KeyDef& KeyDef::Limits(std::string l) {
  limits_text = std::move(l);
  return *this;
}
KeyDef& KeyDef::Help(std::string h) {
  help = std::move(h);
  return *this;
}
KeyDef& KeyDef::AppliesTo(std::string a) {
  applies_to = std::move(a);
  return *this;
}
KeyDef& KeyDef::Int(int64_t lo, int64_t hi) {
  type = KeyType::kInteger;
  int_min = lo;
  int_max = hi;
  return *this;
}
KeyDef& KeyDef::Unsigned() {
  type = KeyType::kUnsigned;
  return *this;
}
KeyDef& KeyDef::Number(double lo, double hi) {
  type = KeyType::kNumber;
  num_min = lo;
  num_max = hi;
  return *this;
}
KeyDef& KeyDef::Dur(sim::Duration lo, sim::Duration hi) {
  type = KeyType::kDuration;
  dur_min = lo;
  dur_max = hi;
  return *this;
}
KeyDef& KeyDef::Rate(bool zero_ok) {
  type = KeyType::kRate;
  allow_zero = zero_ok;
  num_min = 0;
  num_max = 1e9;
  unit = "requests/s";
  return *this;
}
KeyDef& KeyDef::Choices(std::vector<std::string> c) {
  type = KeyType::kEnum;
  choices = std::move(c);
  return *this;
}
KeyDef& KeyDef::Type(KeyType t) {
  type = t;
  return *this;
}
KeyDef& KeyDef::Section(const KeySection& s, KeyType t) {
  section = &s;
  type = t;
  return *this;
}
KeyDef& KeyDef::Schema(std::string json) {
  type = KeyType::kSpecial;
  schema_json = std::move(json);
  return *this;
}
KeyDef& KeyDef::Dist(sim::Duration lo, sim::Duration hi) {
  type = KeyType::kDistribution;
  dur_min = lo;
  dur_max = hi;
  return *this;
}

KeyDef Key(std::string name) {
  KeyDef k;
  k.name = std::move(name);
  return k;
}

const KeyDef* KeySection::Find(std::string_view name) const {
  for (const auto& k : keys)
    if (k.name == name) return &k;

  return nullptr;
}

const KeyDef& KeySection::Get(std::string_view name) const {
  if (const KeyDef* k = Find(name)) return *k;
  throw std::logic_error("key table: no key '" + std::string(name) + "' in section " + id);
}

const KeySection& ScenarioKeys::Section(std::string_view id) const {
  for (const KeySection* s : sections)
    if (s->id == id) return *s;
  throw std::logic_error("key table: no section " + std::string(id));
}

bool KeyAppliesTo(const KeyDef& def, std::string_view variant) {
  if (def.applies_to.empty() || variant.empty()) return true;
  // applies_to is a ", "-separated list of variants.
  std::string_view rest = def.applies_to;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (item == variant) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

namespace {

using sim::Duration;

// The scenario format's own bounds (not AWS limits).
constexpr int64_t kMaxConcurrency = 10000000;
const Duration kHorizon = Duration::Hours(int64_t{24} * 400);
const Duration kDay = Duration::Hours(24);

struct Builder {
  std::deque<KeySection> storage;  // stable addresses
  ScenarioKeys table;

  KeySection& Add(std::string id, std::string title) {
    storage.push_back(KeySection{std::move(id), std::move(title), {}, {}, {}, {}});
    return storage.back();
  }
  void Finish() {
    for (KeySection& s : storage) {
      for (const KeyDef& k : s.keys) s.names.push_back(k.name);
      table.sections.push_back(&s);
    }
  }
};

ScenarioKeys* Build() {
  static Builder b;
  const PlatformProfile profile;
  const PlatformLimits& lim = profile.limits;

  // Sections are created first (their keys refer to one another by pointer), filled below.
  KeySection& top = b.Add("scenario", "Top level");
  KeySection& scaling = b.Add("scaling", "`scaling:`");
  KeySection& account = b.Add("account", "`account:`");
  KeySection& pricing = b.Add("pricing", "`pricing:` (prices and billing rules)");
  KeySection& function = b.Add("function", "A function (`functions.<name>:`)");
  KeySection& dist = b.Add("distribution", "A distribution (`{ dist: KIND, ... }`)");
  KeySection& pc_step = b.Add("function.provisioned_schedule", "`provisioned_schedule:` entries");
  KeySection& autoscaling = b.Add("function.provisioned_autoscaling", "`provisioned_autoscaling:`");
  KeySection& pc_delay =
      b.Add("function.provisioned_allocation_delay", "`provisioned_allocation_delay:`");
  KeySection& hybrid = b.Add("function.hybrid_keep_alive", "`hybrid_keep_alive:`");
  KeySection& async = b.Add("function.async", "`async:` (asynchronous invocation)");
  KeySection& retry_delays = b.Add("function.async.retry_delays", "`async.retry_delays:`");
  KeySection& throttle_backoff =
      b.Add("function.async.throttle_backoff", "`async.throttle_backoff:`");
  KeySection& traffic = b.Add("traffic", "A traffic entry (`traffic:` list item)");
  KeySection& client = b.Add("traffic.client", "`client:` as a mapping (custom retries)");
  KeySection& phase = b.Add("traffic.phases", "`phases:` entries (Artillery style)");
  KeySection& stage = b.Add("traffic.stages", "`stages:` entries (k6 ramping-arrival-rate)");
  KeySection& spike = b.Add("traffic.spike", "`spike:`");
  KeySection& burst = b.Add("traffic.spike.bursts", "`spike.bursts:` entries");
  KeySection& diurnal = b.Add("traffic.diurnal", "`diurnal:`");
  KeySection& mmpp = b.Add("traffic.mmpp", "`mmpp:` (Markov-modulated Poisson process)");
  KeySection& mmpp_state = b.Add("traffic.mmpp.states", "`mmpp.states:` entries");
  KeySection& trace = b.Add("traffic.trace", "`trace:` (trace replay)");
  KeySection& source = b.Add("traffic.source", "`source:` (event source mapping)");
  KeySection& fanout = b.Add("fanout", "`fanout:` entries (SNS topics, EventBridge rules)");
  KeySection& fanout_target = b.Add("fanout.targets", "`fanout[].targets:` entries");

  top.keys = {
      Key("name")
          .Type(KeyType::kString)
          .Default("file name without extension")
          .Limits("`[A-Za-z0-9_.-]+`")
          .Help("becomes the output directory name"),
      Key("duration")
          .Dur(Duration::Seconds(1), kHorizon)
          .Default("10m")
          .Store(&ScenarioSpec::duration)
          .Help("simulated horizon"),
      Key("seed")
          .Unsigned()
          .Default("1")
          .Limits("0 .. 2⁶⁴−1")
          .Store(&ScenarioSpec::seed)
          .Help("root seed of every random stream"),
      Key("warmup")
          .Dur(Duration(), kHorizon)
          .Default("0s (start cold)")
          .Store(&ScenarioSpec::warmup)
          .Help("run this long first with traffic held at its t = 0 rate, then measure; "
                "summary, series, cost and `expect:` cover only the measured `duration`"),
      Key("bucket")
          .Dur(Duration::Seconds(1), kHorizon)
          .Default("`1m` (or `duration` if shorter)")
          .Limits("≥ 1s, ≤ `duration`, `duration / bucket` ≤ 1,000,000")
          .Help("time-series resolution (CloudWatch uses 1 min)"),
      Key("platform")
          .Choices(PlatformNames())
          .Default("aws-2023")
          .Help("AWS defaults at once; see [Platform profiles](#platform-profiles)"),
      Key("region")
          .Type(KeyType::kString)
          .Default("us-east-1")
          .Limits("`[a-z0-9-]+`")
          .Help("only used by `aws-2022` (burst size)"),
      Key("scaling")
          .Section(scaling)
          .Default("from the profile")
          .Help("the scaling-rate token bucket"),
      Key("account").Section(account).Default("from the profile").Help("account quotas"),
      Key("pricing")
          .Section(pricing)
          .Default("us-east-1 list prices")
          .Help("price overrides and billing rules; see [Pricing](#pricing)"),
      Key("functions")
          .Section(function, KeyType::kMap)
          .Required()
          .Limits("at least one")
          .Help("function name (`[A-Za-z0-9_-]+`) → settings; file order is output order"),
      Key("traffic")
          .Section(traffic, KeyType::kList)
          .Required()
          .Limits("at least one entry")
          .Help("traffic sources"),
      Key("expect")
          .Type(KeyType::kList)
          .Default("none")
          .Help("CI thresholds, `metric op number` strings (see [expect](#ci-thresholds-expect))"),
      Key("fanout")
          .Section(fanout, KeyType::kList)
          .Default("none")
          .Help("SNS topics / EventBridge rules that `topic:` traffic publishes to"),
  };

  scaling.keys = {
      Key("burst")
          .Int(1, kMaxConcurrency)
          .Default("profile (`aws-2023`: 1000)")
          .Store(&ScalingSpec::burst)
          .Help("bucket size: new environments at once"),
      Key("refill")
          .Type(KeyType::kRefill)
          .Default("profile (`aws-2023`: `1000/10s`)")
          .Limits("N ≥ 1, period 1ms .. 1d")
          .Help("rate: `N/period` or a whole count per second"),
      Key("rps_burst")
          .Int(0, kMaxConcurrency * 10)
          .Default("profile (`aws-2023`: 10000; `aws-2022`: 0)")
          .Store(&ScalingSpec::rps_burst)
          .Help("RPS side, per function: additional requests per second at once; 0 = none"),
      Key("rps_refill")
          .Type(KeyType::kRefill)
          .Default("profile (`aws-2023`: `10000/10s`)")
          .Limits("N ≥ 1, period 1ms .. 1d")
          .Help("RPS side: additional requests per second gained per period"),
      Key("refill_mode")
          .Choices({"continuous", "step"})
          .Default("continuous")
          .Bind<ScalingSpec>([](ScalingSpec& sc, const KeyValue& v) {
            sc.refill_mode = v.text == "step" ? RefillMode::kStep : RefillMode::kContinuous;
          })
          .Help("continuous: AWS's stated practice; step: whole refills at each period (the "
                "launch post's \"1,000 every 10 seconds\", the pessimistic reading)"),
  };
  const Prices list;               // the profile's us-east-1 list prices, for the defaults' text
  const auto usd = [](double x) {  // fixed notation, no trailing zeros: 0.0000166667
    std::string t = fmt::format("{:.10f}", x);
    while (!t.empty() && t.back() == '0') t.pop_back();
    if (!t.empty() && t.back() == '.') t.pop_back();
    return t;
  };
  pricing.keys = {
      Key("request_usd_per_million")
          .Number(0, 1000)
          .Unit("USD")
          .Default(usd(list.request_usd * 1e6))
          .Bind<Prices>([](Prices& p, const KeyValue& v) { p.request_usd = v.number * 1e-6; })
          .Help("price of one million requests"),
      Key("gb_second_usd_x86_64")
          .Number(0, 1)
          .Unit("USD")
          .Default(usd(list.gb_second_x86_usd))
          .Store(&Prices::gb_second_x86_usd)
          .Help("on-demand duration per GB-s, x86_64 (first price tier)"),
      Key("gb_second_usd_arm64")
          .Number(0, 1)
          .Unit("USD")
          .Default(usd(list.gb_second_arm_usd))
          .Store(&Prices::gb_second_arm_usd)
          .Help("on-demand duration per GB-s, arm64 (first price tier)"),
      Key("provisioned_gb_second_usd_x86_64")
          .Number(0, 1)
          .Unit("USD")
          .Default(usd(list.pc_gb_second_x86_usd))
          .Store(&Prices::pc_gb_second_x86_usd)
          .Help("provisioned concurrency per configured GB-s, x86_64"),
      Key("provisioned_gb_second_usd_arm64")
          .Number(0, 1)
          .Unit("USD")
          .Default(usd(list.pc_gb_second_arm_usd))
          .Store(&Prices::pc_gb_second_arm_usd)
          .Help("provisioned concurrency per configured GB-s, arm64"),
      Key("provisioned_duration_gb_second_usd_x86_64")
          .Number(0, 1)
          .Unit("USD")
          .Default(usd(list.pc_duration_gb_second_x86_usd))
          .Store(&Prices::pc_duration_gb_second_x86_usd)
          .Help("duration per GB-s of invocations on provisioned concurrency, x86_64"),
      Key("provisioned_duration_gb_second_usd_arm64")
          .Number(0, 1)
          .Unit("USD")
          .Default(usd(list.pc_duration_gb_second_arm_usd))
          .Store(&Prices::pc_duration_gb_second_arm_usd)
          .Help("duration per GB-s of invocations on provisioned concurrency, arm64"),
      Key("bill_init")
          .Type(KeyType::kBool)
          .Default("true")
          .Store(&Prices::bill_init)
          .Help("bill on-demand INIT duration (AWS since 1 Aug 2025); `false` = older bills"),
      Key("free_tier")
          .Type(KeyType::kBool)
          .Default("false")
          .Store(&Prices::free_tier)
          .Help(
              "monthly projection subtracts 1 M requests and 400 000 GB-s (not for PC functions)"),
  };
  account.keys = {
      Key("concurrency_limit")
          .Int(1, kMaxConcurrency)
          .Default("1000")
          .Store(&AccountSpec::concurrency_limit)
          .Help("account concurrency quota (§1.4)"),
      Key("unreserved_minimum")
          .Int(0, kMaxConcurrency)
          .Default("100")
          .Limits("0 .. `concurrency_limit`")
          .Help("concurrency that reservations may not take (§1.4)"),
  };

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
  };
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
  traffic.keys = {
      Key("function")
          .Type(KeyType::kName)
          .Default("**required** (or `topic`)")
          .Limits("must name a function")
          .Help("the function invoked (or `topic:`)"),
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
          .Choices({"direct", "api-gateway"})
          .Default("direct")
          .Help("`api-gateway`: the caller gets a 504 after `api_gateway_timeout`"),
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
      Key("label")
          .Type(KeyType::kName)
          .Default("function name, `#k` for its k-th entry")
          .Limits("`[A-Za-z0-9_-]+`, unique")
          .Help("stable name of the entry's random streams (arrivals/, client/, source/<label>)"),
  };
  traffic.exactly_one = {"rate", "phases", "stages", "spike", "diurnal", "mmpp", "trace"};
  traffic.at_least_one = {"function", "topic"};
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
      Key("type").Choices({"sqs", "kinesis", "dynamodb"}).Required(),
      Key("batch_size")
          .Int(1, lim.esm_batch_size_max)
          .Default("sqs 10, streams 100")
          .Store(&EventSourceSpec::batch_size)
          .Help("SQS above 10 needs `maximum_batching_window` ≥ 1s"),
      Key("maximum_batching_window")
          .Dur(Duration(), lim.esm_batching_window_max)
          .Default("0s")
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
          .AppliesTo("kinesis, dynamodb")
          .Default("−1 (until the record expires)")
          .Store(&EventSourceSpec::maximum_retry_attempts)
          .Help("throttles are not attempts"),
      Key("maximum_record_age")
          .Dur(lim.stream_record_age_min, lim.stream_record_age_max)
          .AppliesTo("kinesis, dynamodb")
          .Default("none (retention)")
          .Store(&EventSourceSpec::maximum_record_age)
          .Help("older records are dropped unprocessed"),
      Key("bisect_batch_on_error")
          .Type(KeyType::kBool)
          .AppliesTo("kinesis, dynamodb")
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
  b.Finish();
  return &b.table;
}

}  // namespace

const ScenarioKeys& ScenarioKeyTable() {
  static const ScenarioKeys* table = Build();
  return *table;
}

}  // namespace lambdasim
