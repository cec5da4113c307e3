// models/metrics/run_result.h — what a run produced, as plain data.
//
// The model fills a RunResult through the metrics recorder; the writer turns it into
// files and never reads model internals. Everything here is deterministic for a given
// scenario and seed, except Manifest::wall_seconds (which only manifest.json carries).
// Rows are ordered by (bucket, function in scenario order).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace lambdasim {

// Why a request was rejected with 429 (§1.3 reason codes in brackets).
enum class ThrottleReason : uint8_t {
  kAccountConcurrency = 0,   // ConcurrentInvocationLimitExceeded
  kReservedConcurrency = 1,  // ReservedFunctionConcurrentInvocationLimitExceeded
  kScalingRate = 2,          // scaling-rate bucket empty (same 429 to the caller)
  kRpsLimit = 3,             // FunctionInvocationRateLimitExceeded / Reserved…RateLimitExceeded
  kCapacity = 4,  // Lambda Managed Instances: every environment of the capacity provider is full
  // Tenant isolation: the function's tenant-aware environments (busy or idle) are at their limit
  // ("2,500 for every 1,000 concurrent executions", models/lambda/tenant_pools.h).
  kTenantEnvironments = 5,
};
inline constexpr int kThrottleReasonCount = 6;
// snake_case names used as column and key suffixes: throttles_<name>.
inline constexpr std::array<const char*, kThrottleReasonCount> kThrottleReasonNames = {
    "account_concurrency", "reserved_concurrency", "scaling_rate", "rps_limit", "capacity",
    "tenant_environments"};

// Why a synchronous call failed its caller (`downstream_errors_<name>`): the callee was
// throttled (after the caller's retries), returned a function error, or timed out.
enum class DownstreamReason : uint8_t { kThrottle = 0, kError = 1, kTimeout = 2 };
inline constexpr int kDownstreamReasonCount = 3;
inline constexpr std::array<const char*, kDownstreamReasonCount> kDownstreamReasonNames = {
    "throttle", "error", "timeout"};

// One edge of the call graph: calls `from` made to `to` in the measured period.
struct CallEdge {
  size_t from = 0;  // function indices (scenario order)
  size_t to = 0;
  bool sync = true;
  uint64_t calls = 0;
  double rate_per_s = 0;  // calls / measured seconds
};

// One time-series row: one bucket of one function.
struct FunctionBucketRow {
  double t_s = 0;            // bucket start, seconds
  uint64_t requests = 0;     // offered: attempts that reached Lambda, throttled or not
  uint64_t invocations = 0;  // admitted requests whose code ran (incl. errors)
  uint64_t errors = 0;       // function errors incl. timeouts
  std::array<uint64_t, kThrottleReasonCount> throttles_by_reason{};
  uint64_t throttles = 0;  // sum of the above
  uint64_t cold_starts = 0;
  uint64_t snapstart_restores = 0;       // of cold_starts: SnapStart restores
  double concurrent_executions_avg = 0;  // time-weighted within the bucket
  int64_t concurrent_executions_max = 0;
  int64_t provisioned_concurrent_executions_max = 0;
  double provisioned_concurrency_utilization_max = 0;  // busy PC / allocated PC, max in bucket
  uint64_t provisioned_concurrency_invocations = 0;
  uint64_t provisioned_concurrency_spillover_invocations = 0;
  int64_t provisioned_concurrency_allocated = 0;  // at bucket end
  double idle_environments_avg = 0;
  double environments_avg = 0;  // alive (initializing, busy or idle), time-weighted in the bucket
  double duration_p50_ms = 0;   // execution duration of invocations completed in the bucket
  double duration_p99_ms = 0;
  double latency_p99_ms = 0;  // as the caller sees it
  double cost_usd = 0;
  // Asynchronous invocation (§6.2).
  uint64_t async_events_received = 0;
  uint64_t async_events_dropped =
      0;  // expired or out of retries (CloudWatch: incl. those sent to a DLQ)
  uint64_t dead_letter_events = 0;    // of those, delivered to the on-failure destination / DLQ
  double async_event_age_max_ms = 0;  // queued → invoked, of invocations started in the bucket
  double async_event_age_avg_ms = 0;
  double async_queue_depth_avg = 0;  // events in Lambda's queue (waiting or awaiting a retry)
  int64_t async_queue_depth_max = 0;
  // SQS event source mappings feeding this function (§6.3).
  double approximate_number_of_messages_visible_avg = 0;
  int64_t approximate_number_of_messages_visible_max = 0;
  double approximate_age_of_oldest_message_max_s = 0;
  int64_t messages_in_flight_max = 0;  // received, not yet deleted or visible again
  uint64_t batches_invoked = 0;        // SQS and stream batches whose invocation started
  int64_t esm_concurrency_max = 0;     // concurrent batches of the function's mappings
  uint64_t messages_deleted = 0;       // processed successfully
  uint64_t sqs_dead_letter_messages = 0;
  // Kinesis / DynamoDB Streams (§6.4).
  double iterator_age_max_ms = 0;  // age of the oldest unprocessed record, max in bucket
  uint64_t records_processed = 0;
  uint64_t records_dropped = 0;  // retries or record age exhausted
  int64_t offset_lag_max = 0;    // Kafka: records written, not yet committed (OffsetLag)
  // API Gateway (`via: api-gateway`): requests its throttle refused with a 429 — they never
  // reached Lambda, so they are in neither `requests` nor `throttles`.
  uint64_t gateway_throttles = 0;
};

// One account row per bucket.
struct AccountBucketRow {
  double t_s = 0;
  double concurrent_executions_avg = 0;
  int64_t concurrent_executions_max = 0;
  double unreserved_concurrent_executions_avg = 0;
  int64_t unreserved_concurrent_executions_max = 0;
  int64_t claimed_account_concurrency_max = 0;
  uint64_t gateway_throttles = 0;  // Σ over functions: API Gateway 429s in the bucket
};

struct LatencySummary {
  double p50_ms = 0, p90_ms = 0, p99_ms = 0, p999_ms = 0, mean_ms = 0, max_ms = 0;
};

// Lambda Managed Instances: a managed function's fleet over the measured period
// (models/lambda/managed_instances.h). enabled = false for every other function.
struct ManagedSummary {
  bool enabled = false;
  int64_t instances_max = 0;  // launched + launching, at most
  double instances_mean = 0;  // time-weighted
  double instance_hours = 0;  // billed instance time
  int64_t instances_launched = 0;
  int64_t environments_busy_max = 0;  // environments with at least one request in flight
  int64_t capacity_max = 0;           // concurrency slots of the ready instances, at most
};

struct FunctionSummary {
  std::string name;
  uint64_t requests = 0;  // attempts that reached Lambda (incl. throttled, incl. retries)
  uint64_t invocations = 0;
  uint64_t errors = 0;
  uint64_t throttles = 0;
  std::array<uint64_t, kThrottleReasonCount> throttles_by_reason{};
  uint64_t cold_starts = 0;
  uint64_t snapstart_restores = 0;  // of cold_starts: restores from a SnapStart snapshot
  uint64_t timeouts = 0;
  uint64_t client_retries = 0;    // retried attempts issued by sync clients
  uint64_t client_failures = 0;   // caller gave up (final attempt throttled)
  uint64_t gateway_timeouts = 0;  // 504 returned by API Gateway while the function ran on
  uint64_t provisioned_concurrency_invocations = 0;
  uint64_t provisioned_concurrency_spillover_invocations = 0;
  double throttle_rate = 0;     // throttles / requests
  double cold_start_rate = 0;   // cold_starts / invocations
  double error_rate = 0;        // errors / invocations
  double concurrency_mean = 0;  // time-weighted over the run
  int64_t concurrency_max = 0;
  int64_t concurrency_limit = 0;  // reserved concurrency, or the account's available pool
  int64_t environments_created = 0;
  double environments_mean = 0;  // alive (initializing, busy or idle), time-weighted over the run
  LatencySummary latency;        // caller-visible: init wait and client retries included
  LatencySummary duration;       // execution duration only
  double cost_usd = 0;
  double cost_requests_usd = 0;
  double cost_duration_usd = 0;
  double cost_provisioned_usd = 0;
  double cost_instances_usd = 0;  // Lambda Managed Instances: instance time + management fee
  double cost_snapstart_usd = 0;  // SnapStart cache and restore (Python, .NET)
  double cost_tenant_environments_usd = 0;  // tenant isolation: environments created
  double monthly_cost_usd = 0;  // cost_usd projected to 720 h (metrics/cost_projection.h)
  // Event-driven paths (zero for a purely synchronous function).
  uint64_t async_events_received = 0;
  uint64_t async_events_dropped = 0;
  uint64_t dead_letter_events = 0;
  double async_event_age_max_ms = 0;
  double async_event_age_mean_ms = 0;
  uint64_t async_events_dispatched = 0;  // invocations started from the queue (incl. retries)
  uint64_t async_events_delayed = 0;     // of those, events that waited at all (age > 0)
  int64_t async_queue_depth_max = 0;
  int64_t approximate_number_of_messages_visible_max = 0;
  double approximate_age_of_oldest_message_max_s = 0;
  uint64_t batches_invoked = 0;
  int64_t esm_concurrency_max = 0;
  uint64_t messages_deleted = 0;
  uint64_t sqs_dead_letter_messages = 0;
  double iterator_age_max_ms = 0;
  uint64_t records_processed = 0;
  uint64_t records_dropped = 0;
  int64_t offset_lag_max = 0;      // Kafka OffsetLag: records not yet committed, all partitions
  double epu_hours = 0;            // provisioned event pollers: Event Poller Unit hours billed
  double cost_pollers_usd = 0;     // their price (in cost_usd)
  uint64_t gateway_throttles = 0;  // API Gateway 429s: refused before Lambda (not in requests)
  // Lambda calling Lambda (`calls:`; models/lambda/sources/call_chain.h), as the caller sees it.
  uint64_t calls_sync = 0;         // synchronous calls made (first attempts)
  uint64_t calls_async = 0;        // asynchronous calls made (events handed to the callee's queue)
  double callee_wait_s = 0;        // time spent waiting on synchronous callees (environment busy)
  double callee_wait_mean_s = 0;   // per synchronous call made
  uint64_t downstream_errors = 0;  // invocations failed by a callee (sum of the reasons below)
  std::array<uint64_t, kDownstreamReasonCount> downstream_errors_by_reason{};
  ManagedSummary managed;  // Lambda Managed Instances (enabled only for a managed function)
};

struct AccountSummary {
  uint64_t requests = 0;
  uint64_t invocations = 0;
  uint64_t errors = 0;
  uint64_t throttles = 0;
  std::array<uint64_t, kThrottleReasonCount> throttles_by_reason{};
  uint64_t cold_starts = 0;
  uint64_t snapstart_restores = 0;
  double throttle_rate = 0;
  double cold_start_rate = 0;
  double concurrency_mean = 0;
  int64_t concurrency_max = 0;
  int64_t concurrency_limit = 0;
  int64_t unreserved_concurrency_max = 0;
  int64_t claimed_account_concurrency_max = 0;
  double environments_mean = 0;  // Σ over functions
  LatencySummary latency;
  double cost_usd = 0;
  double monthly_cost_usd = 0;  // Σ of the functions' projections
  // The monthly projection's account-wide re-pricing (metrics/cost_projection.h): true when an
  // architecture's monthly on-demand GB-s crossed the first price tier; what the tiers and the
  // free tier (scenario `pricing: { free_tier: true }`) took off the linear projection.
  bool monthly_cost_tiered = false;
  double monthly_tier_discount_usd = 0;
  double monthly_free_tier_usd = 0;
  uint64_t gateway_throttles = 0;  // Σ over functions: API Gateway 429s (not in requests)
};

// One traffic source: what its shape promised and what it produced.
struct TrafficSummary {
  size_t source = 0;  // index into the scenario's traffic list
  std::string function;
  std::string shape;               // constant, piecewise, diurnal, mmpp, trace
  double expected_rate_per_s = 0;  // expected requests / horizon (MMPP: the long-run rate πλ
                                   // over its active window; traces: rows / horizon)
  double expected_requests = 0;    // ∫ rate over the active window (traces: rows)
  double long_run_rate_per_s = 0;  // MMPP only: Σ π_i λ_i from the stationary distribution
  uint64_t requests = 0;           // requests the source generated (first attempts)
};

// One Step Functions Map entry (a traffic entry with `map:`; models/lambda/map_run.h): its
// runs and items over the measured period. A run is counted when it starts and when it ends
// (completed: every item done; failed: more items failed than tolerated); runs still open at
// the end are runs_started − runs_completed − runs_failed (those from the warm-up aside).
struct MapSummary {
  std::string label;     // the traffic entry's label
  std::string function;  // the item function
  std::string kind;      // inline | distributed
  int64_t bound = 0;     // items in flight per run: min(max_concurrency, Step Functions' cap)
  uint64_t runs_started = 0;
  uint64_t runs_completed = 0;
  uint64_t runs_failed = 0;
  uint64_t items = 0;               // items of the runs started
  uint64_t item_invocations = 0;    // item invocations admitted by Lambda (retries included)
  uint64_t item_throttles = 0;      // Lambda.TooManyRequestsException seen by the Task state
  uint64_t item_retries = 0;        // of those, retried by the Retrier
  uint64_t item_failures = 0;       // items that failed (throttle not retried, function error)
  int64_t items_in_flight_max = 0;  // over all runs of the entry (a retrying item included)
  double items_in_flight_mean = 0;  // time-weighted over the run
  LatencySummary run_duration;      // start of the run → its last item's end (ended runs)
};

struct Manifest {
  std::string scenario_name;
  std::string scenario_file;
  std::string scenario_hash;  // FNV-1a 64 of the scenario bytes + overrides, hex
  std::string version;
  std::string platform;
  uint64_t seed = 0;
  uint64_t replication = 0;
  uint64_t events_processed = 0;
  std::string event_fingerprint;  // hash of every processed event's (time, kind, function), hex
  double simulated_seconds = 0;   // time reached
  double horizon_seconds = 0;     // time requested (the measured period)
  double warmup_seconds = 0;      // run before the measured period, not measured (`warmup:`)
  bool complete = true;
  std::string error;        // non-empty when the run failed
  double wall_seconds = 0;  // the only non-deterministic value
};

struct RunResult {
  std::vector<std::string> function_names;       // scenario order
  std::vector<FunctionBucketRow> function_rows;  // bucket-major: row = b * n_functions + f
  std::vector<AccountBucketRow> account_rows;
  std::vector<FunctionSummary> functions;
  AccountSummary account;
  std::vector<TrafficSummary> traffic;  // scenario order
  std::vector<MapSummary> maps;         // Map entries, scenario order (empty without `map:`)
  std::vector<CallEdge> call_edges;     // each `calls:` entry, caller order then list order
  Manifest manifest;
  double bucket_seconds = 60;
};

}  // namespace lambdasim
