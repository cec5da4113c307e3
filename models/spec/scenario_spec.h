// models/spec/scenario_spec.h — a validated scenario: plain values, every default resolved.
//
// ScenarioSpec is the contract between the loader (the only code that reads YAML) and
// the model (which never sees YAML). Every field here has already been range-checked;
// the model may assert on, but need not re-validate, these values. Field names are the
// YAML keys, so one grep finds both. Durations are sim::Duration; distributions sample
// seconds. Order of `functions` and `traffic` is the file's order, and output order
// follows it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/spec/managed_instances_spec.h"
#include "models/spec/observed_series.h"
#include "models/spec/platform_profile.h"
#include "sim/distribution.h"
#include "sim/time.h"

namespace lambdasim {

// Where a value came from, for messages raised after loading.
struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based
};

enum class Architecture { kX86_64, kArm64 };

struct ProvisionedStep {
  sim::Duration at;   // simulated time at which the target changes
  int64_t value = 0;  // new provisioned concurrency target
};

struct ProvisionedAutoscaling {
  bool enabled = false;
  int64_t min = 0;
  int64_t max = 0;
  double target_utilization = 0.7;   // 0.1..0.9
  int64_t scale_out_datapoints = 3;  // consecutive 1-minute points above target
  // Lambda's provisioned-concurrency page: "both CloudWatch alarms require 3 data points that
  // hit the target average to activate the auto scaling policy". [CONFLICT] Generic Application
  // Auto Scaling target tracking (and AWS staff posts) use 15 one-minute points to scale in;
  // the knob keeps that reading available (scenarios/README.md).
  int64_t scale_in_datapoints = 3;  // consecutive points below scale_in_ratio × target
  double scale_in_ratio = 0.9;
};

// What a concurrency throttle (reserved or account) does to an asynchronous event
// (`async.throttle_backoff.on_concurrency`, scenarios/README.md). kWait: the event keeps its
// place at the head and the queue's poller resumes at the next release of concurrency (a FIFO
// M/M/c queue; the default). kBackoff: the event backs off like a time-limited throttle (the
// literal reading of AWS's retry sentence; a pessimistic bound).
enum class AsyncConcurrencyThrottle : uint8_t { kWait, kBackoff };

// Asynchronous invocation: Lambda's internal event queue for a function (§6.2).
struct AsyncSpec {
  sim::Duration maximum_event_age = sim::Duration::Hours(6);     // 60s..6h
  int64_t maximum_retry_attempts = 2;                            // function errors, 0..2
  sim::Duration retry_delay_first = sim::Duration::Minutes(1);   // before the 2nd attempt
  sim::Duration retry_delay_second = sim::Duration::Minutes(2);  // before the 3rd attempt
  // A throttled event backs off on its own: after its k-th throttle it is retried
  // uniform[d/2, d] later, d = min(max, base·2^(k−1)) [AWS: "from 1 second … to a maximum of
  // 5 minutes"; multiplier and jitter undocumented]. Time-limited throttles (scaling rate,
  // RPS) always back off; concurrency throttles only with on_concurrency = kBackoff.
  // base = 0 means no backoff at all: the event keeps its place and is retried at the next
  // release (concurrency) or 10 ms later (time-limited).
  sim::Duration throttle_backoff_base = sim::Duration::Seconds(1);
  sim::Duration throttle_backoff_max = sim::Duration::Minutes(5);
  AsyncConcurrencyThrottle throttle_on_concurrency = AsyncConcurrencyThrottle::kWait;
  bool on_failure_dlq = false;  // on_failure: dlq
};

// Which idle environment a warm request takes (models/lambda/policies.h). AWS does not
// document its choice; most_recently_used is lambdasim's default, newest_created is
// SimFaaS's rule (the most recently created idle instance).
enum class EnvironmentReuse { kMostRecentlyUsed, kLeastRecentlyUsed, kNewestCreated, kRandom };

// How long an idle environment is kept (models/lambda/policies.h). kFixed: FunctionSpec::
// keep_alive after every release (AWS's behaviour as far as it is observed). kHybridHistogram:
// the hybrid histogram policy of Shahrad et al., "Serverless in the Wild" (USENIX ATC 2020),
// a research option — AWS's own policy is undocumented.
enum class KeepAliveKind { kFixed, kHybridHistogram };
struct HybridKeepAliveSpec {
  sim::Duration histogram_range = sim::Duration::Hours(4);  // idle times beyond: out of bounds
  sim::Duration bin_width = sim::Duration::Minutes(1);
  double head_percentile = 5;   // pre-warm window from this percentile of idle times
  double tail_percentile = 99;  // keep-alive window from this percentile
  double margin = 0.10;         // pre-warm shortened and keep-alive lengthened by this share
  double cv_threshold = 2;      // histogram representative when its bin counts' CV >= this
  int64_t min_samples = 10;     // fewer idle times observed: the fixed keep_alive applies
};
struct KeepAlivePolicySpec {
  KeepAliveKind kind = KeepAliveKind::kFixed;
  HybridKeepAliveSpec hybrid;
};

enum class InvocationType { kSync, kAsync };

// Lambda calling Lambda (`calls:` on a function; models/lambda/sources/call_chain.h).
// An entry is one kind of call, a variant: kInvoke is an SDK Invoke of another function
// (`function:`); other kinds (a Step Functions `map:`) join the enum with their own fields.
// A function's calls are made in list order, each `after` its own offset measured in the
// caller's own execution time (time paused while it waits on a synchronous callee does not
// count), and never before the previous call returned.
// A Step Functions Map state fed by a traffic entry (`map:`, scenarios/README.md "Step Functions
// Map"): each arrival of the entry starts one Map run of `items` item invocations of the
// entry's function, at most `max_concurrency` in flight (0 = no limit of its own), capped by
// Step Functions' own quota for the kind (PlatformLimits::sfn_*; resolved into `cap`).
enum class MapKind : uint8_t { kInline, kDistributed };
enum class MapMode : uint8_t { kStandard, kExpress };
// The Task state's Retrier for Lambda.TooManyRequestsException (ASL `Retry`): the k-th retry
// waits interval·backoff_rate^(k−1), capped at max_delay, no jitter (JitterStrategy NONE, the
// ASL default). max_attempts 0 = no Retry: a throttled item fails (the ASL rule).
struct MapRetrySpec {
  int64_t max_attempts = 0;
  sim::Duration interval = sim::Duration::Seconds(1);
  double backoff_rate = 2.0;
  std::optional<sim::Duration> max_delay;
};
struct MapSpec {
  sim::Distribution items = sim::Distribution::Constant(1);  // items per run (rounded, >= 0)
  int64_t max_concurrency = 0;  // MaxConcurrency; 0 = no limit of its own (AWS's default)
  MapKind kind = MapKind::kInline;
  MapMode mode = MapMode::kStandard;
  int64_t cap = 40;  // Step Functions' own bound for `kind` (resolved from PlatformLimits)
  MapRetrySpec retry;
  // ToleratedFailurePercentage: the run fails (and starts no more items) once more than this
  // share of its items failed. 0 = AWS's default (any failed item fails the Map state).
  double tolerated_failure_percentage = 0;
  // The bound a run actually holds: min(max_concurrency, cap), or cap when unset.
  int64_t Bound() const {
    return max_concurrency > 0 && max_concurrency < cap ? max_concurrency : cap;
  }
};

// What a `calls:` entry does: invoke a function (kInvoke), or run a Step Functions Map state
// over one (kMap, `map:`: the caller waits for the whole run when sync).
enum class CallKind : uint8_t { kInvoke, kMap };
struct CallSpec;  // below (it holds a ClientSpec)
// The longest call chain (hops from the first caller): deeper chains are refused at load time.
// lambdasim's own bound, the count after which AWS's recursive loop detection stops a loop
// (scenarios/README.md, "Lambda calling Lambda").
inline constexpr int kMaxCallDepth = 16;

// Tenant isolation mode (`tenant_isolation:`, models/lambda/tenant_pools.h): every request
// carries a tenant id in [0, tenants), drawn from the function's stream "tenant/<function>";
// an execution environment serves only the tenant it was created for.
enum class TenantPopularity : uint8_t { kUniform, kZipf };
struct TenantIsolationSpec {
  bool enabled = false;
  int64_t tenants = 1;  // distinct tenant ids
  TenantPopularity popularity = TenantPopularity::kUniform;
  double zipf_exponent = 1.0;  // kZipf: P(tenant k) ∝ 1 / (k + 1)^s
  // Environments of the function (busy or idle) allowed per 1 000 of its concurrency limit
  // (profile: 2 500); a cold start beyond it is throttled (throttles_tenant_environments).
  int64_t environments_per_1000_concurrency = 2500;
  bool charge_environments = false;  // the [UNVERIFIED] per-GB environment creation charge
};

struct FunctionSpec {
  std::string name;
  SourceLocation location;
  int64_t memory_mb = 128;  // 128..10240
  Architecture architecture = Architecture::kX86_64;
  sim::Duration timeout = sim::Duration::Seconds(3);  // 1s..900s
  std::optional<int64_t> reserved_concurrency;        // cap and guarantee; 0 disables
  sim::Distribution duration;                         // seconds (required)
  sim::Distribution init_duration = sim::Distribution::Constant(0.25);  // seconds
  sim::Duration keep_alive = sim::Duration::Minutes(10);                // idle TTL [INFERRED]
  KeepAlivePolicySpec keep_alive_policy;  // keys keep_alive_policy, hybrid_keep_alive
  EnvironmentReuse environment_reuse = EnvironmentReuse::kMostRecentlyUsed;
  sim::Distribution max_lifetime = sim::Distribution::Uniform(7200, 21600);  // seconds [INFERRED]
  double error_rate = 0;                                                     // 0..1, per invocation
  // Provisioned concurrency.
  int64_t provisioned_concurrency = 0;
  std::vector<ProvisionedStep> provisioned_schedule;  // sorted by `at`
  ProvisionedAutoscaling provisioned_autoscaling;
  sim::Duration pc_allocation_delay_min = sim::Duration::Seconds(60);
  sim::Duration pc_allocation_delay_max = sim::Duration::Seconds(120);
  AsyncSpec async;  // used by async invocations
  // Default invocation type of this function's traffic (`invocation: async` on the function).
  bool invoked_async = false;
  // Production's per-period measurements to compare with (`observed:`); never read by the model.
  ObservedSeries observed;
  // Calls this function makes to other functions (`calls:`), in list order. Defined below
  // (CallSpec needs ClientSpec); empty for most functions.
  std::vector<CallSpec> calls;
  // Lambda Managed Instances (`managed_instances:`; issue 19 part 5): when enabled the function
  // runs on its capacity provider's instances, not on on-demand environments.
  ManagedInstancesSpec managed_instances;
  // SnapStart and tenant isolation (models/lambda/snapstart.h, tenant_pools.h).
  std::string runtime;     // AWS runtime identifier (`runtime:`), "" = not given
  bool snapstart = false;  // cold starts are restores from a snapshot (`snapstart: true`)
  // Restore duration (`snapstart_restore_duration`); the profile's default when not given.
  sim::Distribution snapstart_restore_duration = sim::Distribution::Constant(0.4);
  TenantIsolationSpec tenant_isolation;
};

enum class ArrivalKind { kPoisson, kUniform };
enum class RetryPolicy { kNone, kSdkStandard, kCustom };

struct ClientSpec {
  RetryPolicy policy = RetryPolicy::kNone;
  int64_t max_attempts = 1;                         // total attempts incl. the first
  sim::Duration base = sim::Duration::Millis(100);  // backoff base
  sim::Duration cap = sim::Duration::Seconds(20);   // backoff cap (full jitter)
};

// One `calls:` entry (see CallKind above).
struct CallSpec {
  CallKind kind = CallKind::kInvoke;
  std::string function;       // the callee
  size_t function_index = 0;  // resolved index into ScenarioSpec::functions
  InvocationType invocation = InvocationType::kSync;
  // Offset into the caller's own execution time (seconds) at which the call is made.
  sim::Distribution after = sim::Distribution::Constant(0);
  double probability = 1;   // share of the caller's invocations that make this call
  ClientSpec retries;       // the caller's SDK retries of a throttled sync call (default none)
  SourceLocation location;  // the entry's `function:` value, for load-time messages
  // kMap: the Map state (`map:`); `function` is its item function. A sync call waits for the
  // whole run and fails (downstream error) when the run fails; async starts it and goes on.
  std::optional<MapSpec> map;
};

// How a traffic source's rate varies over time. kConstant uses rate_per_s; kPiecewise a
// list of linear segments (Artillery phases with ramp_to/pause/repeat, k6 stages, spikes
// are all expanded by the loader into segments, in time order, non-overlapping; the rate is
// zero outside them); kDiurnal a sinusoid; kMmpp a Markov-modulated Poisson process;
// kTrace replays a file.
enum class ShapeKind { kConstant, kPiecewise, kDiurnal, kMmpp, kTrace };

struct RateSegment {
  sim::Duration start;  // segment covers [start, end)
  sim::Duration end;
  double rate_from_per_s = 0;  // rate at start; linear to rate_to_per_s at end
  double rate_to_per_s = 0;
  std::string name;  // phase name, for reports (may be empty)
};

struct DiurnalShape {
  double mean_per_s = 0;
  double amplitude_per_s = 0;  // 0 ≤ amplitude ≤ mean
  sim::Duration period = sim::Duration::Hours(24);
  sim::Duration peak_at = sim::Duration::Hours(14);  // time of the daily maximum
};

struct MmppShape {
  std::vector<std::string> state_names;
  std::vector<double> rates_per_s;  // per state, ≥ 0
  std::vector<std::vector<double>>
      transition_rates;  // [i][j] per second, i ≠ j, ≥ 0; diagonal ignored
  size_t initial_state = 0;
  std::vector<double> stationary;  // π, solved with Eigen by the loader
  double long_run_rate_per_s = 0;  // Σ π_i λ_i
};

enum class TraceFormat { kAzure2019, kAzure2021, kCsv };

struct TraceSpec {
  TraceFormat format = TraceFormat::kCsv;
  std::string file;              // azure-2021, csv (resolved path)
  std::string invocations_file;  // azure-2019
  std::string durations_file;    // azure-2019 (optional)
  std::string select;  // azure-2019: HashFunction or row index; azure-2021: func hash (optional)
  std::string select_app;  // azure-2021: app hash (optional; one func hash can be in two apps)
  bool within_minute_poisson =
      false;                   // azure-2019: spread a minute's count uniformly or as Poisson points
  double time_scale = 1.0;     // multiply trace time by this (2 = replay at half speed)
  sim::Duration offset;        // subtracted from trace time (rows before it are skipped)
  sim::Duration max_duration;  // longest per-row duration in the file (from the validation pass)
  uint64_t rows = 0;           // row count (from the validation pass)
};

enum class SourceType { kDirect, kSqs, kKinesis, kDynamoDb, kKafka };

// An event source mapping between a producer (this traffic entry: messages or records per
// second) and the function (§6.3, §6.4).
struct EventSourceSpec {
  SourceType type = SourceType::kDirect;
  int64_t batch_size = 10;                // sqs default 10; streams default 100
  sim::Duration maximum_batching_window;  // 0..300s
  double poison_rate = 0;                 // share of messages/records that always fail
  // SQS.
  std::optional<int64_t> maximum_concurrency;  // 2..1000
  sim::Duration visibility_timeout = sim::Duration::Seconds(30);
  std::optional<int64_t> max_receive_count;  // redrive to the queue's DLQ
  // Poller numbers, resolved from the platform profile (its sqs_* fields) by the loader; the
  // in-class values are the aws-2023 profile's, for specs built in code.
  int64_t initial_concurrency = PlatformProfile{}.sqs_initial_concurrency;  // 5 batches
  int64_t scale_up_per_minute = PlatformProfile{}.sqs_scale_up_per_minute;  // 60 under aws-2022
  int64_t max_concurrency_default = PlatformProfile{}.sqs_max_concurrency;  // 1000
  PlatformProfile::SqsPollerRules sqs_pollers;  // scale-down, throttle back-off and retries
  // Kinesis / DynamoDB Streams.
  int64_t shards = 1;
  int64_t parallelization_factor = 1;               // 1..10
  int64_t maximum_retry_attempts = -1;              // -1 = until the record expires
  std::optional<sim::Duration> maximum_record_age;  // empty = never (retention)
  bool bisect_batch_on_error = false;
  sim::Duration retry_backoff_base = sim::Duration::Seconds(1);  // [INFERRED]
  sim::Duration retry_backoff_max = sim::Duration::Minutes(1);   // [INFERRED]
  // Issue 19: SQS FIFO queues (`fifo`, `message_groups`), Kafka (`partitions`, `scale_delay`),
  // provisioned pollers for both (`provisioned_pollers: { min, max }`). Kafka reuses batch_size,
  // maximum_batching_window, maximum_retry_attempts, maximum_record_age, bisect_batch_on_error.
  bool fifo = false;
  int64_t message_groups = 1;  // messages pick a group uniformly at random
  int64_t partitions = 1;      // records pick a partition uniformly at random
  struct ProvisionedPollers {
    int64_t min = 0;
    int64_t max = 0;
  };
  std::optional<ProvisionedPollers> provisioned_pollers;
  PlatformProfile::EventPollerRules event_pollers;  // resolved from the profile by the loader
};

// An API Gateway throttle: a token bucket of `burst` tokens refilled continuously at the rate
// (models/lambda/api_gateway.h). The account's is ScenarioSpec::api_gateway (`api_gateway:`); a
// traffic entry's stage / route / usage-plan limit is TrafficSpec::api_gateway_throttle.
struct ApiGatewayThrottle {
  int64_t rate_mrps = 0;  // refill in milli-requests per second: `rate_limit` × 1000, exact
  int64_t burst = 0;      // bucket capacity in requests (`burst_limit`); 0 refuses every request
  static ApiGatewayThrottle FromProfile(const PlatformProfile& p) {
    return ApiGatewayThrottle{p.api_gateway_rate_limit_per_s * 1000, p.api_gateway_burst_limit};
  }
};

struct TrafficSpec {
  SourceLocation location;
  // Stable name of this entry's random streams (client/<label>, source/<label>, …). Key
  // `label:`; default: the function name, with "#k" for the k-th entry (k >= 2) of the same
  // function, so inserting an entry for another function moves no other entry's streams.
  std::string label;
  std::string function;  // a key of ScenarioSpec::functions (csv traces may name others per row)
  size_t function_index = 0;  // resolved index into ScenarioSpec::functions
  ArrivalKind arrivals = ArrivalKind::kPoisson;
  ShapeKind shape = ShapeKind::kConstant;
  double rate_per_s = 0;              // kConstant: requests per second (> 0)
  std::vector<RateSegment> segments;  // kPiecewise
  DiurnalShape diurnal;               // kDiurnal
  MmppShape mmpp;                     // kMmpp
  TraceSpec trace;                    // kTrace
  sim::Duration start;                // first arrival not before this
  std::optional<sim::Duration> end;   // no arrivals at or after this (default: scenario end)
  ClientSpec client;
  InvocationType invocation = InvocationType::kSync;  // async: into the function's event queue
  EventSourceSpec source;                             // sqs / kinesis / dynamodb producer
  std::optional<size_t> topic_index;                  // publishes to ScenarioSpec::fanout[i]
  bool via_api_gateway = false;
  std::optional<sim::Duration> api_gateway_timeout;  // caller gets 504 after this
  std::optional<MapSpec> map;  // `map:` — each arrival starts a Step Functions Map run
  // `via: function-url`: Lambda's own limits only — no gateway throttle, no integration timeout.
  bool via_function_url = false;
  // `api_gateway_throttle:` (with `via: api-gateway`): this entry's stage / route / usage-plan
  // limit. A request must pass it and the account's bucket; none = the account's alone.
  std::optional<ApiGatewayThrottle> api_gateway_throttle;
};

// An SNS topic or EventBridge rule delivering each published event asynchronously to
// every target whose filter matches (a Bernoulli draw with probability `filter`).
struct FanoutTarget {
  std::string function;
  size_t function_index = 0;
  double filter = 1.0;  // share of events the target's filter policy matches
};
struct FanoutSpec {
  std::string name;
  std::string type = "sns";  // sns | eventbridge (same delivery semantics here)
  SourceLocation location;
  std::vector<FanoutTarget> targets;
};

// The resolved scaling rate (profile + `scaling:` overrides), both sides of AWS's rule.
struct ScalingSpec {
  int64_t burst = 1000;  // new environments at once
  int64_t refill_count = 1000;
  sim::Duration refill_period = sim::Duration::Seconds(10);
  // RPS side: additional requests per second a function may take at once, and its refill;
  // rps_burst 0 = no RPS side (the aws-2022 profile).
  int64_t rps_burst = 10000;
  int64_t rps_refill_count = 10000;
  sim::Duration rps_refill_period = sim::Duration::Seconds(10);
  RefillMode refill_mode = RefillMode::kContinuous;  // both buckets
};
// The profile's scaling rate, before any `scaling:` override.
inline ScalingSpec ScalingFromProfile(const PlatformProfile& p) {
  return ScalingSpec{p.scaling_burst,      p.scaling_refill_count,     p.scaling_refill_period,
                     p.scaling_rps_burst,  p.scaling_rps_refill_count, p.scaling_rps_refill_period,
                     p.scaling_refill_mode};
}

struct AccountSpec {
  int64_t concurrency_limit = 1000;
  int64_t unreserved_minimum = 100;
};

// A threshold on a flat summary metric (`expect:`), checked by `lambdasim check`.
enum class ExpectOp { kLess, kLessEqual, kGreater, kGreaterEqual, kEqual };
struct Expectation {
  std::string metric;  // functions.<name>.<key> or account.<key> (a bare key means account.<key>)
  ExpectOp op = ExpectOp::kLessEqual;
  double threshold = 0;
  std::string text;  // as written, e.g. "functions.api.throttle_rate <= 0.001"
  SourceLocation location;
};

struct ScenarioSpec {
  std::string name;
  std::string source_file;  // path the scenario was read from ("" for in-memory)
  std::string source_text;  // the file's bytes, hashed into the manifest
  sim::Duration duration = sim::Duration::Minutes(10);  // simulated horizon (measured)
  // Warm-up before the measured period: the model runs [−warmup, 0) with every traffic entry
  // held at its t = 0 rate; only [0, duration) is measured (`warmup:`, default 0 = cold start).
  sim::Duration warmup;
  uint64_t seed = 1;
  uint64_t replication = 0;
  sim::Duration bucket = sim::Duration::Minutes(1);  // time-series resolution
  PlatformProfile platform;                          // resolved profile (with overrides applied)
  std::string region = "us-east-1";
  ScalingSpec scaling;  // resolved from platform + `scaling:` overrides
  AccountSpec account;
  std::vector<FunctionSpec> functions;
  std::vector<TrafficSpec> traffic;
  std::vector<FanoutSpec> fanout;
  std::vector<Expectation> expect;  // `expect:` thresholds; they do not affect the run
  // API Gateway's account throttle in this Region (profile + `api_gateway:`), shared by every
  // `via: api-gateway` traffic entry.
  ApiGatewayThrottle api_gateway = ApiGatewayThrottle::FromProfile(PlatformProfile{});
};

// The name of traffic entry `source`'s random streams (arrivals/<label>, client/<label>,
// source/<label>): TrafficSpec::label, or the function name with "#k" for the k-th entry
// (k >= 2) of the same function.
std::string TrafficLabel(const ScenarioSpec& spec, size_t source);
// Every entry's TrafficLabel at once, in linear time (TrafficLabel alone is linear per entry:
// 10^4 entries made the platform's construction quadratic).
std::vector<std::string> TrafficLabels(const ScenarioSpec& spec);

// The labels of the Step Functions Map entries, in the order the platform creates them and
// summary.json lists them under "maps": every traffic entry with `map:` (its label), then every
// function's `calls:` entry with `map:` ("<caller>/calls/<k>", k its index in the list).
// Traffic labels as TrafficLabel gives them.
std::vector<std::string> MapEntryLabels(const ScenarioSpec& spec);

}  // namespace lambdasim
