// models/metrics/summary_fields.cc — see summary_fields.h.
#include "models/metrics/summary_fields.h"

#include <array>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace lambdasim {
namespace {

SummaryField U(std::string key, uint64_t v) {
  SummaryField f;
  f.key = std::move(key);
  f.type = SummaryField::Type::kUint;
  f.u = v;
  return f;
}
SummaryField I(std::string key, int64_t v) {
  SummaryField f;
  f.key = std::move(key);
  f.type = SummaryField::Type::kInt;
  f.i = v;
  return f;
}
SummaryField D(std::string key, double v) {
  SummaryField f;
  f.key = std::move(key);
  f.type = SummaryField::Type::kDouble;
  f.d = v;
  return f;
}

void AddThrottleReasons(std::vector<SummaryField>& out,
                        const std::array<uint64_t, kThrottleReasonCount>& by_reason) {
  for (int r = 0; r < kThrottleReasonCount; ++r) {
    const auto idx = static_cast<size_t>(r);
    out.push_back(U(std::string("throttles_") + kThrottleReasonNames[idx], by_reason[idx]));
  }
}

void AddLatency(std::vector<SummaryField>& out, const std::string& prefix,
                const LatencySummary& l) {
  out.push_back(D(prefix + "_p50_ms", l.p50_ms));
  out.push_back(D(prefix + "_p90_ms", l.p90_ms));
  out.push_back(D(prefix + "_p99_ms", l.p99_ms));
  out.push_back(D(prefix + "_p999_ms", l.p999_ms));
  out.push_back(D(prefix + "_mean_ms", l.mean_ms));
  out.push_back(D(prefix + "_max_ms", l.max_ms));
}

// Peak concurrency as a fraction of the limit it runs against (1 = at the limit); NaN when
// there is no limit to compare with.
double Headroom(int64_t peak, int64_t limit) {
  return limit > 0 ? static_cast<double>(peak) / static_cast<double>(limit)
                   : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

double SummaryField::AsDouble() const {
  switch (type) {
    case Type::kUint: return static_cast<double>(u);
    case Type::kInt: return static_cast<double>(i);
    case Type::kDouble: return d;
  }
  return 0;
}

std::vector<SummaryField> FunctionSummaryFields(const FunctionSummary& f) {
  std::vector<SummaryField> out;
  out.push_back(U("requests", f.requests));
  out.push_back(U("invocations", f.invocations));
  out.push_back(U("errors", f.errors));
  out.push_back(U("throttles", f.throttles));
  AddThrottleReasons(out, f.throttles_by_reason);
  out.push_back(U("cold_starts", f.cold_starts));
  out.push_back(U("snapstart_restores", f.snapstart_restores));
  out.push_back(U("timeouts", f.timeouts));
  out.push_back(U("client_retries", f.client_retries));
  out.push_back(U("client_failures", f.client_failures));
  out.push_back(U("gateway_timeouts", f.gateway_timeouts));
  out.push_back(U("gateway_throttles", f.gateway_throttles));  // API Gateway 429s
  out.push_back(U("provisioned_concurrency_invocations", f.provisioned_concurrency_invocations));
  out.push_back(U("provisioned_concurrency_spillover_invocations",
                  f.provisioned_concurrency_spillover_invocations));
  out.push_back(D("throttle_rate", f.throttle_rate));
  out.push_back(D("cold_start_rate", f.cold_start_rate));
  out.push_back(D("error_rate", f.error_rate));
  out.push_back(D("concurrency_mean", f.concurrency_mean));
  out.push_back(I("concurrency_max", f.concurrency_max));
  out.push_back(I("concurrency_limit", f.concurrency_limit));
  out.push_back(D("headroom", Headroom(f.concurrency_max, f.concurrency_limit)));
  out.push_back(I("environments_created", f.environments_created));
  out.push_back(D("environments_mean", f.environments_mean));
  AddLatency(out, "latency", f.latency);
  AddLatency(out, "duration", f.duration);
  out.push_back(D("cost_usd", f.cost_usd));
  out.push_back(D("cost_requests_usd", f.cost_requests_usd));
  out.push_back(D("cost_duration_usd", f.cost_duration_usd));
  out.push_back(D("cost_provisioned_usd", f.cost_provisioned_usd));
  out.push_back(D("cost_snapstart_usd", f.cost_snapstart_usd));
  out.push_back(D("cost_tenant_environments_usd", f.cost_tenant_environments_usd));
  out.push_back(D("monthly_cost_usd", f.monthly_cost_usd));
  // Event-driven paths (zero for purely synchronous functions).
  out.push_back(U("async_events_received", f.async_events_received));
  out.push_back(U("async_events_dispatched", f.async_events_dispatched));
  out.push_back(U("async_events_delayed", f.async_events_delayed));
  out.push_back(U("async_events_dropped", f.async_events_dropped));
  out.push_back(U("dead_letter_events", f.dead_letter_events));
  out.push_back(D("async_event_age_mean_ms", f.async_event_age_mean_ms));
  out.push_back(D("async_event_age_max_ms", f.async_event_age_max_ms));
  out.push_back(I("async_queue_depth_max", f.async_queue_depth_max));
  out.push_back(I("approximate_number_of_messages_visible_max",
                  f.approximate_number_of_messages_visible_max));
  out.push_back(
      D("approximate_age_of_oldest_message_max_s", f.approximate_age_of_oldest_message_max_s));
  out.push_back(U("batches_invoked", f.batches_invoked));
  out.push_back(I("esm_concurrency_max", f.esm_concurrency_max));
  out.push_back(U("messages_deleted", f.messages_deleted));
  out.push_back(U("sqs_dead_letter_messages", f.sqs_dead_letter_messages));
  out.push_back(D("iterator_age_max_ms", f.iterator_age_max_ms));
  out.push_back(U("records_processed", f.records_processed));
  out.push_back(U("records_dropped", f.records_dropped));
  // Kafka and provisioned event pollers (issue 19).
  out.push_back(I("offset_lag_max", f.offset_lag_max));
  out.push_back(D("epu_hours", f.epu_hours));
  out.push_back(D("cost_pollers_usd", f.cost_pollers_usd));
  // Lambda calling Lambda (zero for a function without `calls:`).
  out.push_back(U("calls_sync", f.calls_sync));
  out.push_back(U("calls_async", f.calls_async));
  out.push_back(D("callee_wait_s", f.callee_wait_s));
  out.push_back(D("callee_wait_mean_s", f.callee_wait_mean_s));
  out.push_back(U("downstream_errors", f.downstream_errors));
  for (size_t r = 0; r < f.downstream_errors_by_reason.size(); ++r)
    out.push_back(U(std::string("downstream_errors_") + kDownstreamReasonNames[r],
                    f.downstream_errors_by_reason[r]));
  // Lambda Managed Instances (zero for an on-demand function).
  out.push_back(D("cost_instances_usd", f.cost_instances_usd));
  out.push_back(I("managed_instances_max", f.managed.instances_max));
  out.push_back(D("managed_instances_mean", f.managed.instances_mean));
  out.push_back(D("managed_instance_hours", f.managed.instance_hours));
  out.push_back(I("managed_instances_launched", f.managed.instances_launched));
  out.push_back(I("managed_environments_busy_max", f.managed.environments_busy_max));
  out.push_back(I("managed_capacity_max", f.managed.capacity_max));
  return out;
}

std::vector<SummaryField> AccountSummaryFields(const AccountSummary& a) {
  std::vector<SummaryField> out;
  out.push_back(U("requests", a.requests));
  out.push_back(U("invocations", a.invocations));
  out.push_back(U("errors", a.errors));
  out.push_back(U("throttles", a.throttles));
  AddThrottleReasons(out, a.throttles_by_reason);
  out.push_back(U("cold_starts", a.cold_starts));
  out.push_back(U("snapstart_restores", a.snapstart_restores));
  out.push_back(U("gateway_throttles", a.gateway_throttles));  // API Gateway 429s
  out.push_back(D("throttle_rate", a.throttle_rate));
  out.push_back(D("cold_start_rate", a.cold_start_rate));
  out.push_back(D("concurrency_mean", a.concurrency_mean));
  out.push_back(I("concurrency_max", a.concurrency_max));
  out.push_back(I("concurrency_limit", a.concurrency_limit));
  out.push_back(D("headroom", Headroom(a.concurrency_max, a.concurrency_limit)));
  out.push_back(I("unreserved_concurrency_max", a.unreserved_concurrency_max));
  out.push_back(I("claimed_account_concurrency_max", a.claimed_account_concurrency_max));
  out.push_back(D("environments_mean", a.environments_mean));
  AddLatency(out, "latency", a.latency);
  out.push_back(D("cost_usd", a.cost_usd));
  out.push_back(D("monthly_cost_usd", a.monthly_cost_usd));
  return out;
}

std::vector<SummaryField> MapSummaryFields(const MapSummary& m) {
  std::vector<SummaryField> out;
  out.push_back(I("bound", m.bound));
  out.push_back(U("runs_started", m.runs_started));
  out.push_back(U("runs_completed", m.runs_completed));
  out.push_back(U("runs_failed", m.runs_failed));
  out.push_back(U("items", m.items));
  out.push_back(U("item_invocations", m.item_invocations));
  out.push_back(U("item_throttles", m.item_throttles));
  out.push_back(U("item_retries", m.item_retries));
  out.push_back(U("item_failures", m.item_failures));
  out.push_back(I("items_in_flight_max", m.items_in_flight_max));
  out.push_back(D("items_in_flight_mean", m.items_in_flight_mean));
  AddLatency(out, "run_duration", m.run_duration);
  return out;
}

}  // namespace lambdasim
