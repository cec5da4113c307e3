// models/metrics/metrics_recorder.h — turns model observations into time series and summaries.
//
// The model calls On*/gauge methods; the recorder aggregates per bucket and per run and
// never formats or writes anything. Buckets are [k·bucket, (k+1)·bucket); an observation
// at time t belongs to the bucket containing t. Advance(now) must be called before the
// observations of each event (the model does it once per event), which closes every bucket
// that ended at or before `now`. Gauges (concurrency, idle environments) are integrated
// exactly over time (int128 nanosecond-weighted sums), and their bucket maximum is kept.
// The account's levels (AccountLevels: concurrency, unreserved, claimed) keep only values and
// maxima per change; the account's areas are derived at a bucket's close, exactly (int128 sums
// of the same value·ns products), from the per-function areas: account concurrency = Σ
// concurrency(f) over the functions in the account's pool, unreserved concurrency = Σ
// (concurrency(f) − provisioned_busy(f)) over those without reserved concurrency
// (SetAccountPool; default: every function, none reserved). So the model must move
// concurrency(f) and provisioned_busy(f) with every busy change it reports to OnAccountBusy.
// environments(f) counts a function's environments alive — initializing, busy or idle
// (provisioned included; hybrid keep-alive's unloaded ones excluded): SimFaaS's "average
// server count" when averaged over time.
// Memory: per function a fixed set of counters, gauges and five bounded histograms; rows
// grow with the number of buckets only.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "models/metrics/levels.h"
#include "models/metrics/run_result.h"
#include "models/spec/platform_profile.h"
#include "sim/histogram.h"
#include "sim/prefetch.h"
#include "sim/time.h"

namespace lambdasim {

// The summary.json latency block of a histogram of nanoseconds: p50/p90/p99/p99.9, mean and
// max in milliseconds; all zero when the histogram is empty.
LatencySummary SummarizeLatency(const sim::LogHistogram& h);

class MetricsRecorder {
 public:
  MetricsRecorder(std::vector<std::string> function_names, sim::Duration bucket, sim::Time horizon);

  void Advance(sim::Time now) {
    if (now >= bucket_end_) Roll(now);
  }

  // --- counters (call after Advance) ---
  void OnRequest(size_t f) {
    auto& h = hot_[f];
    ++h.requests;
    ++h.bucket_requests;  // the offered-load series (report: offered vs admitted)
  }
  void OnThrottle(size_t f, ThrottleReason reason) {
    auto& a = fn_[f];
    ++a.bucket.throttles_by_reason[static_cast<size_t>(reason)];
    ++a.throttles_by_reason[static_cast<size_t>(reason)];
  }
  void OnInvocation(size_t f, bool cold, bool provisioned, bool spillover) {
    auto& h = hot_[f];
    ++h.bucket_invocations;
    if (cold) ++h.bucket_cold_starts;
    if (provisioned) ++h.bucket_pc_invocations;
    if (spillover) ++h.bucket_spillover;
  }
  // SnapStart (models/lambda/snapstart.h): the cold start just recorded was a restore.
  void OnSnapStartRestore(size_t f) { ++fn_[f].bucket.snapstart_restores; }
  // SnapStart cache / restore and tenant-isolation environment charges (not tiered; the
  // monthly projection scales them linearly).
  void AddSnapStartCost(size_t f, double usd, bool in_bucket = true) {
    fn_[f].cost_snapstart_usd += usd;
    if (in_bucket) hot_[f].bucket_cost_usd += usd;
  }
  void AddTenantEnvironmentCost(size_t f, double usd) {
    fn_[f].cost_tenant_usd += usd;
    hot_[f].bucket_cost_usd += usd;
  }
  // API Gateway refused a request for f (429 at the gateway; not a Lambda request).
  void OnGatewayThrottle(size_t f) { ++fn_[f].bucket.gateway_throttles; }
  void OnClientRetry(size_t f) { ++fn_[f].client_retries; }
  void OnClientFailure(size_t f) { ++fn_[f].client_failures; }
  void OnEnvironmentCreated(size_t f) { ++fn_[f].environments_created; }
  // An invocation finished: execution duration, caller-visible latency, errors, cost.
  void OnCompletion(size_t f, int64_t duration_ns, int64_t latency_ns, bool error, bool timeout,
                    bool gateway_timeout) {
    auto& h = hot_[f];
    // As two histograms' Adds (duration, latency), with the values both hold stored once: a
    // warm synchronous invocation's latency is its duration (see FunctionHot).
    const int64_t d = std::max<int64_t>(duration_ns, 0);  // LogHistogram::Add's clamp
    const int64_t l = std::max<int64_t>(latency_ns, 0);
    if (l == d) [[likely]] {
      h.bucket_same.AddUnsummed(d);
    } else {
      auto& a = fn_[f];
      a.bucket_duration_apart.AddUnsummed(d);
      a.bucket_latency_apart.AddUnsummed(l);
    }
    h.bucket_duration_sum += static_cast<double>(d);
    h.bucket_latency_sum += static_cast<double>(l);
    NoteTails(f);
    if (error) ++h.bucket_errors;
    if (timeout) ++fn_[f].timeouts;
    if (gateway_timeout) ++fn_[f].gateway_timeouts;
  }
  // duration_on_provisioned: duration_usd was billed at the provisioned duration rate (not
  // tiered in the monthly projection, cost_projection.h).
  void AddCost(size_t f, double requests_usd, double duration_usd, double provisioned_usd,
               bool duration_on_provisioned = false) {
    auto& h = hot_[f];
    h.cost_requests_usd += requests_usd;
    h.cost_duration_usd += duration_usd;
    if (duration_on_provisioned) fn_[f].cost_pc_duration_usd += duration_usd;
    h.cost_provisioned_usd += provisioned_usd;
    h.bucket_cost_usd += requests_usd + duration_usd + provisioned_usd;
  }

  // Lambda Managed Instances: instance time and management fee (not per invocation), and the
  // fleet's statistics, set once at the end of the run.
  void AddInstanceCost(size_t f, double usd) {
    fn_[f].cost_instances_usd += usd;
    hot_[f].bucket_cost_usd += usd;
  }
  void SetManagedSummary(size_t f, const ManagedSummary& m) { fn_[f].managed = m; }

  // --- event-driven paths ---
  void OnAsyncReceived(size_t f) { ++fn_[f].bucket.async_events_received; }
  void OnAsyncFailed(size_t f, bool to_dead_letter) {
    ++fn_[f].bucket.async_events_dropped;
    if (to_dead_letter) ++fn_[f].bucket.dead_letter_events;
  }
  void OnAsyncDispatched(size_t f, int64_t age_ns) {
    auto& a = fn_[f];
    a.bucket_age_sum_ns += static_cast<double>(age_ns);
    ++a.bucket_age_count;
    if (age_ns > 0) ++a.async_delayed;
    if (age_ns > a.bucket_age_max_ns) a.bucket_age_max_ns = age_ns;
  }
  void OnBatchInvoked(size_t f) { ++fn_[f].bucket.batches_invoked; }
  void OnMessagesDeleted(size_t f, uint64_t n) { fn_[f].bucket.messages_deleted += n; }
  void OnSqsDeadLetter(size_t f, uint64_t n) { fn_[f].bucket.sqs_dead_letter_messages += n; }
  void ObserveOldestMessageAge(size_t f, int64_t age_ns) {
    if (age_ns > fn_[f].bucket_oldest_ns) fn_[f].bucket_oldest_ns = age_ns;
  }
  void ObserveIteratorAge(size_t f, int64_t age_ns) {
    if (age_ns > fn_[f].bucket_iterator_ns) fn_[f].bucket_iterator_ns = age_ns;
  }
  void OnRecordsProcessed(size_t f, uint64_t n) { fn_[f].bucket.records_processed += n; }
  void OnRecordsDropped(size_t f, uint64_t n) { fn_[f].bucket.records_dropped += n; }
  // Event pollers in provisioned mode (issue 19 part 3): EPU-hours billed and their price.
  void AddPollerCost(size_t f, double epu_hours, double usd) {
    auto& a = fn_[f];
    a.epu_hours += epu_hours;
    a.cost_pollers_usd += usd;
    hot_[f].bucket_cost_usd += usd;
  }
  // Lambda calling Lambda (call_chain.h). The caller f's `calls:` entries, declared once
  // before the run (callee index and sync per entry, in list order).
  void SetCalls(size_t f, std::vector<std::pair<size_t, bool>> edges) {
    fn_[f].call_edges = std::move(edges);
    fn_[f].calls_made.assign(fn_[f].call_edges.size(), 0);
  }
  // Caller f made its call `k` (first attempt).
  void OnCallMade(size_t f, size_t k) {
    auto& a = fn_[f];
    ++a.calls_made[k];
    ++(a.call_edges[k].second ? a.calls_sync : a.calls_async);
  }
  // Caller f waited this long on one synchronous call (to its return, failure or the cut).
  void OnCalleeWait(size_t f, int64_t wait_ns) {
    fn_[f].callee_wait_ns += wait_ns;
    ++fn_[f].callee_waits;
  }
  void OnDownstreamError(size_t f, DownstreamReason reason) {
    ++fn_[f].downstream_errors[static_cast<size_t>(reason)];
  }
  // Cache hint for an upcoming event of function f (LambdaPlatform::Prefetch): the lines that
  // a request, an invocation and a completion touch (FunctionHot). Changes nothing.
  [[gnu::always_inline]] void Prefetch(size_t f) const {
    if (f >= hot_.size()) return;
    sim::PrefetchRange(&hot_[f], sizeof(FunctionHot));
    sim::PrefetchLine(tail_hint_[f]);
  }
  // Start of the bucket that the next Advance(now) would open; the model samples ages
  // (oldest message, iterator age) just before a bucket closes.
  sim::Time bucket_end() const { return bucket_end_; }

  // --- Step Functions Map entries (models/lambda/map_run.h), indexed by entry ---
  // Declares the entries (once, before the run): their labels, functions, kinds and bounds.
  void SetMapEntries(std::vector<MapSummary> entries);
  void OnMapRunStarted(size_t m, int64_t items) {
    ++maps_[m].runs_started;
    maps_[m].items += static_cast<uint64_t>(items);
  }
  void OnMapRunEnded(size_t m, int64_t duration_ns, bool failed) {
    auto& a = maps_[m];
    ++(failed ? a.runs_failed : a.runs_completed);
    a.run_duration.Add(duration_ns);
  }
  void OnMapItemInvoked(size_t m) { ++maps_[m].item_invocations; }
  void OnMapItemThrottle(size_t m, bool retried) {
    ++maps_[m].item_throttles;
    if (retried) ++maps_[m].item_retries;
  }
  void OnMapItemFailure(size_t m) { ++maps_[m].item_failures; }
  Gauge& map_items_in_flight(size_t m) { return maps_[m].in_flight; }

  // --- gauges (levels; call after Advance) ---
  BucketLevel<true>& concurrency(size_t f) { return hot_[f].concurrency; }
  Gauge& provisioned_busy(size_t f) { return fn_[f].pc_busy; }
  Gauge& provisioned_allocated(size_t f) { return fn_[f].pc_allocated; }
  BucketLevel<false>& idle(size_t f) { return hot_[f].idle; }
  BucketLevel<false>& environments(size_t f) { return fn_[f].environments; }
  Gauge& async_depth(size_t f) { return fn_[f].async_depth; }
  Gauge& messages_visible(size_t f) { return fn_[f].messages_visible; }
  Gauge& messages_in_flight(size_t f) { return fn_[f].messages_in_flight; }
  Gauge& esm_concurrency(size_t f) { return fn_[f].esm_concurrency; }
  Gauge& offset_lag(size_t f) { return fn_[f].offset_lag; }  // Kafka: records not committed
  // The account's levels: values and maxima only (their areas: derived, see the top of file).
  AccountLevels::Level account_concurrency() { return {&account_, AccountLevels::kConcurrency}; }
  AccountLevels::Level unreserved_concurrency() { return {&account_, AccountLevels::kUnreserved}; }
  AccountLevels::Level claimed_concurrency() { return {&account_, AccountLevels::kClaimed}; }
  // A busy change in the account's pool (all three account levels at once; AccountLevels):
  // values and maxima only (the areas: derived at a close, see the top of this file).
  [[gnu::always_inline]] void OnAccountBusy(sim::Time now, int64_t delta, bool unreserved) {
    account_.AddBusy(now, delta, unreserved);
  }
  // Declares, once before the run, which functions' busy counts the account's areas sum: per
  // function, in the account's pool (not on Lambda Managed Instances) and unreserved (in the
  // pool, without reserved concurrency). Sizes: the number of functions.
  void SetAccountPool(const std::vector<uint8_t>& in_pool, const std::vector<uint8_t>& unreserved);

  // Per-function provisioned utilization over the last closed minute, for auto scaling:
  // not needed by the writer. (The model keeps its own minute integrals.)

  // The warm-up is over: every counter, histogram, cost and series restarts at `t0` (0);
  // gauges keep their levels. Called once, before any event at t0 is handled.
  void BeginMeasurement(sim::Time t0);

  // Closes all buckets up to `end` and builds the result (rows and summaries). The model
  // then fills the limits and manifest.
  RunResult Finish(sim::Time end);
  // What the monthly projection needs (cost_projection.h): the scenario's prices and, per
  // function, its architecture and whether the free tier may apply. Default: list prices, x86.
  void SetPricing(const Prices& prices, std::vector<uint8_t> arm64,
                  std::vector<uint8_t> free_tier_eligible) {
    prices_ = prices;
    arm64_ = std::move(arm64);
    free_tier_eligible_ = std::move(free_tier_eligible);
  }

 private:
  // What a request, an invocation and a completion of function f touch, in four cache lines of
  // their own (FunctionAcc holds the rest, read at a bucket's close or on rarer paths: timeouts,
  // provisioned duration cost, the environments level — it moves only when an environment is
  // created or destroyed — and the run halves of the levels): the open bucket's counters, the
  // run's request count and bucket cost (line 0), the run's costs and the concurrency level's
  // open-bucket half (line 1), the idle level's (no max: nobody reports it), the 48-byte head of
  // the bucket histogram of completions whose latency equals their duration (bucket_same: a warm
  // synchronous invocation; its bins: 2 bytes per value while few, sim/histogram.h) and the
  // bucket's duration and latency sums (lines 2 and 3). The bucket's duration histogram is
  // bucket_same ⊕ FunctionAcc::bucket_duration_apart (the completions whose latency differs:
  // cold starts, retries, queued events), its latency histogram bucket_same ⊕
  // bucket_latency_apart; their sums, bucket_duration_sum and bucket_latency_sum, are added in
  // completion order, as one histogram's Adds would (so Mean reads the same double).
  // CloseBucket copies the bucket fields into the row.
  struct alignas(sim::kCacheLineBytes) FunctionHot {
    uint64_t bucket_requests = 0, bucket_invocations = 0, bucket_cold_starts = 0;
    uint64_t bucket_errors = 0, bucket_pc_invocations = 0, bucket_spillover = 0;
    uint64_t requests = 0;  // run total
    double bucket_cost_usd = 0;
    double cost_requests_usd = 0, cost_duration_usd = 0, cost_provisioned_usd = 0;
    BucketLevel<true> concurrency;
    BucketLevel<false> idle;
    sim::LogHistogram bucket_same;  // unsummed (the sums: below)
    double bucket_duration_sum = 0, bucket_latency_sum = 0;
  };
  static_assert(sizeof(FunctionHot) == 4 * sim::kCacheLineBytes);
  static_assert(offsetof(FunctionHot, concurrency) == sim::kCacheLineBytes + 24);
  struct FunctionAcc {
    FunctionBucketRow bucket;  // counters of the open bucket (those in FunctionHot stay 0)
    sim::LogHistogram run_duration, run_latency;
    // The open bucket's completions whose latency differs from their duration (FunctionHot);
    // unsummed.
    sim::LogHistogram bucket_duration_apart, bucket_latency_apart;
    Gauge pc_busy, pc_allocated;
    Gauge async_depth, messages_visible, messages_in_flight, esm_concurrency;
    Gauge offset_lag;  // Kafka (issue 19)
    BucketLevel<false> environments;
    LevelRun concurrency_run, environments_run;   // the run halves of the levels
    uint64_t timeouts = 0, gateway_timeouts = 0;  // run totals
    double cost_pc_duration_usd = 0;  // of cost_duration_usd: served on provisioned concurrency
    // Every gauge above, listed once: a new gauge added here is carried over by
    // BeginMeasurement without another list to keep in step (the BucketLevels: there).
    std::array<Gauge*, 7> Gauges() {
      return {&pc_busy,         &pc_allocated, &async_depth, &messages_visible, &messages_in_flight,
              &esm_concurrency, &offset_lag};
    }
    double bucket_age_sum_ns = 0, run_age_sum_ns = 0;
    uint64_t bucket_age_count = 0, run_age_count = 0;
    uint64_t async_delayed = 0;  // dispatched events that waited at all
    int64_t bucket_age_max_ns = 0, run_age_max_ns = 0;
    int64_t bucket_oldest_ns = 0, run_oldest_ns = 0;
    int64_t bucket_iterator_ns = 0, run_iterator_ns = 0;
    struct RunEvents {  // running sums of the event-driven counters (names as in the row)
      uint64_t async_events_received = 0, async_events_dropped = 0, dead_letter_events = 0;
      uint64_t batches_invoked = 0, messages_deleted = 0, sqs_dead_letter_messages = 0;
      uint64_t records_processed = 0, records_dropped = 0, gateway_throttles = 0;
    };
    RunEvents run_events;
    std::array<uint64_t, kThrottleReasonCount> throttles_by_reason{};
    uint64_t client_retries = 0, client_failures = 0;
    int64_t environments_created = 0;
    uint64_t invocations = 0, errors = 0, cold_starts = 0, pc_invocations = 0, spillover = 0;
    double epu_hours = 0, cost_pollers_usd = 0;  // provisioned event pollers (issue 19)
    double cost_instances_usd = 0;               // Lambda Managed Instances (AddInstanceCost)
    ManagedSummary managed;                      // SetManagedSummary
    double cost_snapstart_usd = 0, cost_tenant_usd = 0;  // AddSnapStartCost, AddTenant…Cost
    uint64_t snapstart_restores = 0;
    // Calls (SetCalls): per entry (callee, sync) and the calls it made; waits and failures.
    std::vector<std::pair<size_t, bool>> call_edges;
    std::vector<uint64_t> calls_made;
    uint64_t calls_sync = 0, calls_async = 0, callee_waits = 0;
    int64_t callee_wait_ns = 0;
    std::array<uint64_t, kDownstreamReasonCount> downstream_errors{};
  };
  struct MapAcc {
    MapSummary info;  // label, function, kind, bound (SetMapEntries)
    uint64_t runs_started = 0, runs_completed = 0, runs_failed = 0, items = 0;
    uint64_t item_invocations = 0, item_throttles = 0, item_retries = 0, item_failures = 0;
    sim::LogHistogram run_duration;
    Gauge in_flight;
  };
  std::vector<MapAcc> maps_;
  Prices prices_;  // for the monthly projection (SetPricing)
  std::vector<uint8_t> arm64_, free_tier_eligible_;

  void Roll(sim::Time now);
  void CloseBucket(sim::Time boundary);
  // A bucket's duration (or latency) histogram, unsummed: `same` ⊕ `apart` (FunctionHot);
  // one of them when the other is empty, else put together in bucket_scratch_.
  const sim::LogHistogram& Assemble(const sim::LogHistogram& same, const sim::LogHistogram& apart);

  std::vector<std::string> names_;
  std::vector<FunctionHot> hot_;  // by function, parallel to fn_
  // By function: where its bucket_same histogram puts its next value (next_slot, for Prefetch;
  // 8 bytes a function, so the array stays in L2 when the lists' lines do not). Kept current by
  // OnCompletion, CloseBucket and BeginMeasurement.
  std::vector<const void*> tail_hint_;
  void NoteTails(size_t f) { tail_hint_[f] = hot_[f].bucket_same.next_slot(); }
  // CloseBucket's work space: a bucket's duration or latency histogram, put together.
  sim::LogHistogram bucket_scratch_;
  std::vector<FunctionAcc> fn_;
  AccountLevels account_;
  // By function, which account areas its levels enter (SetAccountPool): kInPool, kUnreserved.
  enum : uint8_t { kInPool = 1, kUnreservedPool = 2 };
  std::vector<uint8_t> account_pool_;
  sim::Duration bucket_;
  sim::Time horizon_;
  sim::Time bucket_start_;
  sim::Time bucket_end_;
  std::vector<FunctionBucketRow> rows_;
  std::vector<AccountBucketRow> account_rows_;
};

}  // namespace lambdasim
