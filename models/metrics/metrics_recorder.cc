#include "models/metrics/metrics_recorder.h"

#include <algorithm>

#include "models/metrics/cost_projection.h"
#include "sim/memory_hint.h"

namespace lambdasim {

namespace {
double AreaToAverage(Int128 area, int64_t span_ns) {
  return span_ns > 0 ? static_cast<double>(area) / static_cast<double>(span_ns) : 0.0;
}
double NsToMs(double ns) { return ns * 1e-6; }
}  // namespace

LatencySummary SummarizeLatency(const sim::LogHistogram& h) {
  LatencySummary s;
  if (h.count() == 0) return s;
  s.p50_ms = NsToMs(h.Quantile(0.50));
  s.p90_ms = NsToMs(h.Quantile(0.90));
  s.p99_ms = NsToMs(h.Quantile(0.99));
  s.p999_ms = NsToMs(h.Quantile(0.999));
  s.mean_ms = NsToMs(h.Mean());
  s.max_ms = NsToMs(static_cast<double>(h.max()));
  return s;
}

MetricsRecorder::MetricsRecorder(std::vector<std::string> function_names, sim::Duration bucket,
                                 sim::Time horizon)
    : names_(std::move(function_names)),
      tail_hint_(names_.size(), nullptr),
      fn_(names_.size()),
      account_pool_(names_.size(), kInPool | kUnreservedPool),
      bucket_(bucket),
      horizon_(horizon),
      bucket_start_(sim::Time::Zero()),
      bucket_end_(sim::Time::Zero() + bucket) {
  // Per-function hot state: advised for huge pages before it is filled (10^4 functions: MiBs
  // of randomly touched lines).
  hot_.reserve(names_.size());
  sim::AdviseHugePages(hot_.data(), hot_.capacity() * sizeof(FunctionHot));
  hot_.resize(names_.size());
  const auto buckets = static_cast<size_t>((horizon.ns() + bucket.ns() - 1) / bucket.ns());
  rows_.reserve(buckets * names_.size());
  account_rows_.reserve(buckets);
}

void MetricsRecorder::BeginMeasurement(sim::Time t0) {
  for (auto& a : fn_) {
    // Levels carry over; everything counted or integrated before t0 is dropped.
    FunctionAcc fresh;
    fresh.environments = a.environments;
    fresh.environments.Restart(t0, fresh.environments_run);
    const auto from = a.Gauges();
    const auto to = fresh.Gauges();
    for (size_t i = 0; i < from.size(); ++i) {
      *to[i] = *from[i];
      to[i]->Restart(t0);
    }
    fresh.call_edges = std::move(a.call_edges);  // the declaration stays; counts restart
    fresh.calls_made.assign(fresh.call_edges.size(), 0);
    a = std::move(fresh);
  }
  for (size_t f = 0; f < hot_.size(); ++f) {
    auto& h = hot_[f];
    auto& a = fn_[f];  // fresh: its run halves are restarted here
    FunctionHot fresh;
    fresh.concurrency = h.concurrency;
    fresh.concurrency.Restart(t0, a.concurrency_run);
    LevelRun idle_run;  // not reported
    fresh.idle = h.idle;
    fresh.idle.Restart(t0, idle_run);
    h = std::move(fresh);
  }
  for (size_t f = 0; f < hot_.size(); ++f) NoteTails(f);
  account_.Restart(t0);
  for (auto& m : maps_) {
    MapAcc fresh;
    fresh.info = m.info;
    fresh.in_flight = m.in_flight;
    fresh.in_flight.Restart(t0);
    m = std::move(fresh);
  }
  rows_.clear();
  account_rows_.clear();
  bucket_start_ = t0;
  bucket_end_ = t0 + bucket_;
}

void MetricsRecorder::SetAccountPool(const std::vector<uint8_t>& in_pool,
                                     const std::vector<uint8_t>& unreserved) {
  for (size_t f = 0; f < account_pool_.size(); ++f) {
    const bool pool = f < in_pool.size() && in_pool[f] != 0;
    const bool unreserved_f = pool && f < unreserved.size() && unreserved[f] != 0;
    account_pool_[f] =
        static_cast<uint8_t>((pool ? kInPool : 0) | (unreserved_f ? kUnreservedPool : 0));
  }
}

void MetricsRecorder::SetMapEntries(std::vector<MapSummary> entries) {
  maps_.clear();
  maps_.resize(entries.size());
  for (size_t m = 0; m < entries.size(); ++m) maps_[m].info = std::move(entries[m]);
}

void MetricsRecorder::Roll(sim::Time now) {
  while (now >= bucket_end_ && bucket_start_ < horizon_) {
    CloseBucket(std::min(bucket_end_, horizon_));
    bucket_start_ = bucket_end_;
    bucket_end_ = bucket_end_ + bucket_;
  }
}

const sim::LogHistogram& MetricsRecorder::Assemble(const sim::LogHistogram& same,
                                                   const sim::LogHistogram& apart) {
  if (apart.count() == 0) return same;
  if (same.count() == 0) return apart;
  bucket_scratch_.Clear();
  bucket_scratch_.MergeUnsummed(same);
  bucket_scratch_.MergeUnsummed(apart);
  return bucket_scratch_;
}

void MetricsRecorder::CloseBucket(sim::Time boundary) {
  const int64_t span = boundary.ns() - bucket_start_.ns();
  const double t_s = bucket_start_.seconds();
  for (auto& m : maps_) {  // run-level integrals only (no per-bucket Map series)
    Int128 area;
    int64_t max;
    m.in_flight.CloseBucket(boundary, area, max);
  }
  uint64_t arow_gateway_throttles = 0;
  // The account's areas, derived from the functions' (see metrics_recorder.h).
  Int128 account_area = 0, unreserved_area = 0;
  for (size_t f = 0; f < fn_.size(); ++f) {
    auto& a = fn_[f];
    auto& h = hot_[f];
    FunctionBucketRow row = a.bucket;
    row.t_s = t_s;
    row.requests = h.bucket_requests;
    row.invocations = h.bucket_invocations;
    row.cold_starts = h.bucket_cold_starts;
    row.errors = h.bucket_errors;
    row.provisioned_concurrency_invocations = h.bucket_pc_invocations;
    row.provisioned_concurrency_spillover_invocations = h.bucket_spillover;
    row.cost_usd = h.bucket_cost_usd;
    h.bucket_requests = h.bucket_invocations = h.bucket_cold_starts = h.bucket_errors = 0;
    h.bucket_pc_invocations = h.bucket_spillover = 0;
    h.bucket_cost_usd = 0;
    row.throttles = 0;
    for (const auto n : row.throttles_by_reason) row.throttles += n;
    Int128 area;
    int64_t max;
    h.concurrency.CloseBucket(boundary, a.concurrency_run, area, max);
    row.concurrent_executions_avg = AreaToAverage(area, span);
    row.concurrent_executions_max = max;
    Int128 pc_busy_area;
    int64_t pc_busy_max;
    a.pc_busy.CloseBucket(boundary, pc_busy_area, pc_busy_max);
    const uint8_t pool = account_pool_[f];
    if (pool & kInPool) account_area += area;
    if (pool & kUnreservedPool) unreserved_area += area - pc_busy_area;
    row.provisioned_concurrent_executions_max = pc_busy_max;
    Int128 pc_alloc_area;
    int64_t pc_alloc_max;
    a.pc_allocated.CloseBucket(boundary, pc_alloc_area, pc_alloc_max);
    row.provisioned_concurrency_allocated = a.pc_allocated.value();
    // Max over the bucket of busy/allocated is bounded by this ratio of maxima; we report
    // the time-averaged busy over the time-averaged allocation's max (CloudWatch-like).
    row.provisioned_concurrency_utilization_max =
        pc_alloc_max > 0
            ? std::min(1.0, static_cast<double>(pc_busy_max) / static_cast<double>(pc_alloc_max))
            : 0.0;
    Int128 idle_area;
    int64_t idle_max;
    LevelRun idle_run;  // not reported
    h.idle.CloseBucket(boundary, idle_run, idle_area, idle_max);
    row.idle_environments_avg = AreaToAverage(idle_area, span);
    a.environments.CloseBucket(boundary, a.environments_run, area, max);
    row.environments_avg = AreaToAverage(area, span);
    // The bucket's duration and latency histograms (FunctionHot): each is bucket_same with its
    // apart part merged in (when there is one), summed as the completions came.
    const sim::LogHistogram& duration = Assemble(h.bucket_same, a.bucket_duration_apart);
    row.duration_p50_ms = NsToMs(duration.Quantile(0.50));
    row.duration_p99_ms = NsToMs(duration.Quantile(0.99));
    a.run_duration.MergeUnsummed(duration);
    a.run_duration.AddToSum(h.bucket_duration_sum);
    const sim::LogHistogram& latency = Assemble(h.bucket_same, a.bucket_latency_apart);
    // Both are bucket_same when no completion's latency differed from its duration (not when
    // both are the scratch histogram, which the latency's Assemble refilled).
    const bool both_same = &duration == &h.bucket_same && &latency == &h.bucket_same;
    row.latency_p99_ms = both_same ? row.duration_p99_ms : NsToMs(latency.Quantile(0.99));
    a.run_latency.MergeUnsummed(latency);
    a.run_latency.AddToSum(h.bucket_latency_sum);
    h.bucket_same.Clear();
    a.bucket_duration_apart.Clear();
    a.bucket_latency_apart.Clear();
    h.bucket_duration_sum = h.bucket_latency_sum = 0;
    NoteTails(f);
    // Event-driven paths.
    a.async_depth.CloseBucket(boundary, area, max);
    row.async_queue_depth_avg = AreaToAverage(area, span);
    row.async_queue_depth_max = max;
    a.messages_visible.CloseBucket(boundary, area, max);
    row.approximate_number_of_messages_visible_avg = AreaToAverage(area, span);
    row.approximate_number_of_messages_visible_max = max;
    a.messages_in_flight.CloseBucket(boundary, area, max);
    row.messages_in_flight_max = max;
    a.esm_concurrency.CloseBucket(boundary, area, max);
    row.esm_concurrency_max = max;
    row.async_event_age_max_ms = static_cast<double>(a.bucket_age_max_ns) * 1e-6;
    row.async_event_age_avg_ms =
        a.bucket_age_count ? a.bucket_age_sum_ns / static_cast<double>(a.bucket_age_count) * 1e-6
                           : 0.0;
    row.approximate_age_of_oldest_message_max_s = static_cast<double>(a.bucket_oldest_ns) * 1e-9;
    row.iterator_age_max_ms = static_cast<double>(a.bucket_iterator_ns) * 1e-6;
    Int128 lag_area;
    a.offset_lag.CloseBucket(boundary, lag_area, max);
    row.offset_lag_max = max;
    a.run_age_sum_ns += a.bucket_age_sum_ns;
    a.run_age_count += a.bucket_age_count;
    a.run_age_max_ns = std::max(a.run_age_max_ns, a.bucket_age_max_ns);
    a.run_oldest_ns = std::max(a.run_oldest_ns, a.bucket_oldest_ns);
    a.run_iterator_ns = std::max(a.run_iterator_ns, a.bucket_iterator_ns);
    a.bucket_age_sum_ns = 0;
    a.bucket_age_count = 0;
    a.bucket_age_max_ns = a.bucket_oldest_ns = a.bucket_iterator_ns = 0;
    auto& ev = a.run_events;
    ev.async_events_received += row.async_events_received;
    ev.async_events_dropped += row.async_events_dropped;
    ev.dead_letter_events += row.dead_letter_events;
    ev.batches_invoked += row.batches_invoked;
    ev.messages_deleted += row.messages_deleted;
    ev.sqs_dead_letter_messages += row.sqs_dead_letter_messages;
    ev.records_processed += row.records_processed;
    ev.records_dropped += row.records_dropped;
    ev.gateway_throttles += row.gateway_throttles;
    arow_gateway_throttles += row.gateway_throttles;
    a.invocations += row.invocations;
    a.errors += row.errors;
    a.cold_starts += row.cold_starts;
    a.snapstart_restores += row.snapstart_restores;
    a.pc_invocations += row.provisioned_concurrency_invocations;
    a.spillover += row.provisioned_concurrency_spillover_invocations;
    rows_.push_back(row);
    a.bucket = FunctionBucketRow{};
  }
  AccountBucketRow arow;
  arow.t_s = t_s;
  int64_t max[3];
  account_.CloseBucket(boundary, max);
  arow.concurrent_executions_avg = AreaToAverage(account_area, span);
  arow.concurrent_executions_max = max[AccountLevels::kConcurrency];
  arow.unreserved_concurrent_executions_avg = AreaToAverage(unreserved_area, span);
  arow.unreserved_concurrent_executions_max = max[AccountLevels::kUnreserved];
  arow.claimed_account_concurrency_max = max[AccountLevels::kClaimed];
  arow.gateway_throttles = arow_gateway_throttles;
  account_rows_.push_back(arow);
}

RunResult MetricsRecorder::Finish(sim::Time end) {
  // Close every bucket that started before `end` (a stopped run closes a partial bucket).
  while (bucket_start_ < end && bucket_start_ < horizon_) {
    CloseBucket(std::min({bucket_end_, horizon_, end}));
    bucket_start_ = bucket_end_;
    bucket_end_ = bucket_end_ + bucket_;
  }
  RunResult r;
  r.function_names = names_;
  r.function_rows = std::move(rows_);
  r.account_rows = std::move(account_rows_);
  r.bucket_seconds = bucket_.seconds();
  const int64_t run_ns = std::max<int64_t>(1, end.ns());
  // The measured period: the whole run (a stopped run: the time it reached).
  const double measured_s = end.seconds();
  sim::LogHistogram account_latency;
  Int128 environments_area = 0;
  Int128 account_area = 0;  // derived (see metrics_recorder.h)
  std::vector<FunctionCostInput> cost_inputs;
  cost_inputs.reserve(fn_.size());
  for (size_t f = 0; f < fn_.size(); ++f) {
    const auto& a = fn_[f];
    const auto& h = hot_[f];
    FunctionSummary s;
    s.name = names_[f];
    s.requests = h.requests;
    s.invocations = a.invocations;
    s.errors = a.errors;
    s.throttles_by_reason = a.throttles_by_reason;
    for (const auto n : a.throttles_by_reason) s.throttles += n;
    s.cold_starts = a.cold_starts;
    s.snapstart_restores = a.snapstart_restores;
    s.timeouts = a.timeouts;
    s.client_retries = a.client_retries;
    s.client_failures = a.client_failures;
    s.gateway_timeouts = a.gateway_timeouts;
    s.provisioned_concurrency_invocations = a.pc_invocations;
    s.provisioned_concurrency_spillover_invocations = a.spillover;
    s.throttle_rate =
        s.requests ? static_cast<double>(s.throttles) / static_cast<double>(s.requests) : 0.0;
    s.cold_start_rate =
        s.invocations ? static_cast<double>(s.cold_starts) / static_cast<double>(s.invocations)
                      : 0.0;
    s.error_rate =
        s.invocations ? static_cast<double>(s.errors) / static_cast<double>(s.invocations) : 0.0;
    s.concurrency_mean = AreaToAverage(a.concurrency_run.area, run_ns);
    s.concurrency_max = h.concurrency.run_max(a.concurrency_run);
    s.environments_created = a.environments_created;
    s.environments_mean = AreaToAverage(a.environments_run.area, run_ns);
    environments_area += a.environments_run.area;
    if (account_pool_[f] & kInPool) account_area += a.concurrency_run.area;
    s.latency = SummarizeLatency(a.run_latency);
    s.duration = SummarizeLatency(a.run_duration);
    s.cost_requests_usd = h.cost_requests_usd;
    s.cost_duration_usd = h.cost_duration_usd;
    s.cost_provisioned_usd = h.cost_provisioned_usd;
    s.epu_hours = a.epu_hours;
    s.cost_pollers_usd = a.cost_pollers_usd;
    s.cost_instances_usd = a.cost_instances_usd;
    s.managed = a.managed;
    s.cost_snapstart_usd = a.cost_snapstart_usd;
    s.cost_tenant_environments_usd = a.cost_tenant_usd;
    // Standing charges (poller EPUs, instance time, SnapStart cache and restores, tenant
    // environments) project linearly like provisioned concurrency: by the hour, never tiered.
    const double standing_usd = h.cost_provisioned_usd + a.cost_pollers_usd + a.cost_instances_usd +
                                a.cost_snapstart_usd + a.cost_tenant_usd;
    s.cost_usd = h.cost_requests_usd + h.cost_duration_usd + standing_usd;
    cost_inputs.push_back({{h.cost_requests_usd, h.cost_duration_usd, standing_usd},
                           a.cost_pc_duration_usd,
                           f < arm64_.size() && arm64_[f] != 0,
                           f < free_tier_eligible_.size() && free_tier_eligible_[f] != 0});
    account_latency.Merge(a.run_latency);
    const auto& ev = a.run_events;
    s.async_events_received = ev.async_events_received;
    s.async_events_dropped = ev.async_events_dropped;
    s.dead_letter_events = ev.dead_letter_events;
    s.async_event_age_max_ms = static_cast<double>(a.run_age_max_ns) * 1e-6;
    s.async_events_dispatched = a.run_age_count;
    s.async_events_delayed = a.async_delayed;
    s.async_event_age_mean_ms =
        a.run_age_count ? a.run_age_sum_ns / static_cast<double>(a.run_age_count) * 1e-6 : 0.0;
    s.async_queue_depth_max = a.async_depth.run_max();
    s.approximate_number_of_messages_visible_max = a.messages_visible.run_max();
    s.approximate_age_of_oldest_message_max_s = static_cast<double>(a.run_oldest_ns) * 1e-9;
    s.batches_invoked = ev.batches_invoked;
    s.esm_concurrency_max = a.esm_concurrency.run_max();
    s.messages_deleted = ev.messages_deleted;
    s.sqs_dead_letter_messages = ev.sqs_dead_letter_messages;
    s.iterator_age_max_ms = static_cast<double>(a.run_iterator_ns) * 1e-6;
    s.records_processed = ev.records_processed;
    s.records_dropped = ev.records_dropped;
    s.offset_lag_max = a.offset_lag.run_max();
    s.gateway_throttles = ev.gateway_throttles;
    s.calls_sync = a.calls_sync;
    s.calls_async = a.calls_async;
    s.callee_wait_s = static_cast<double>(a.callee_wait_ns) * 1e-9;
    s.callee_wait_mean_s =
        a.callee_waits ? s.callee_wait_s / static_cast<double>(a.callee_waits) : 0.0;
    s.downstream_errors_by_reason = a.downstream_errors;
    for (const auto n : a.downstream_errors) s.downstream_errors += n;
    for (size_t k = 0; k < a.call_edges.size(); ++k)
      r.call_edges.push_back(
          {f, a.call_edges[k].first, a.call_edges[k].second, a.calls_made[k],
           measured_s > 0 ? static_cast<double>(a.calls_made[k]) / measured_s : 0.0});

    auto& acc = r.account;
    acc.requests += s.requests;
    acc.invocations += s.invocations;
    acc.errors += s.errors;
    acc.throttles += s.throttles;
    for (int k = 0; k < kThrottleReasonCount; ++k)
      acc.throttles_by_reason[static_cast<size_t>(k)] +=
          s.throttles_by_reason[static_cast<size_t>(k)];
    acc.cold_starts += s.cold_starts;
    acc.snapstart_restores += s.snapstart_restores;
    acc.gateway_throttles += s.gateway_throttles;
    acc.cost_usd += s.cost_usd;
    r.functions.push_back(std::move(s));
  }
  auto& acc = r.account;
  const MonthlyProjection monthly = ProjectMonthlyCosts(cost_inputs, measured_s, prices_);
  for (size_t f = 0; f < r.functions.size(); ++f) {
    r.functions[f].monthly_cost_usd = monthly.function_usd[f];
    acc.monthly_cost_usd += monthly.function_usd[f];
  }
  acc.monthly_cost_tiered = monthly.tiered;
  acc.monthly_tier_discount_usd = monthly.tier_discount_usd;
  acc.monthly_free_tier_usd = monthly.free_tier_usd;
  acc.throttle_rate =
      acc.requests ? static_cast<double>(acc.throttles) / static_cast<double>(acc.requests) : 0.0;
  acc.cold_start_rate =
      acc.invocations ? static_cast<double>(acc.cold_starts) / static_cast<double>(acc.invocations)
                      : 0.0;
  acc.concurrency_mean = AreaToAverage(account_area, run_ns);
  acc.concurrency_max = account_.run_max(AccountLevels::kConcurrency);
  acc.unreserved_concurrency_max = account_.run_max(AccountLevels::kUnreserved);
  acc.claimed_account_concurrency_max = account_.run_max(AccountLevels::kClaimed);
  acc.environments_mean = AreaToAverage(environments_area, run_ns);
  acc.latency = SummarizeLatency(account_latency);
  for (const auto& m : maps_) {
    MapSummary x = m.info;
    x.runs_started = m.runs_started;
    x.runs_completed = m.runs_completed;
    x.runs_failed = m.runs_failed;
    x.items = m.items;
    x.item_invocations = m.item_invocations;
    x.item_throttles = m.item_throttles;
    x.item_retries = m.item_retries;
    x.item_failures = m.item_failures;
    x.items_in_flight_max = m.in_flight.run_max();
    x.items_in_flight_mean = AreaToAverage(m.in_flight.run_area(), run_ns);
    x.run_duration = SummarizeLatency(m.run_duration);
    r.maps.push_back(std::move(x));
  }
  return r;
}

}  // namespace lambdasim
