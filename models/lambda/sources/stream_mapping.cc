// models/lambda/sources/stream_mapping.cc — StreamMappings: Kinesis and DynamoDB stream event
// source mappings (stream_mapping.h, reference §6.4).
#include <algorithm>
#include <utility>

#include "models/lambda/sources/stream_mapping.h"

namespace lambdasim {

uint32_t StreamMappings::Add(size_t source, const TrafficSpec& traffic, const sim::RngStream& rng) {
  Mapping m;
  m.function = traffic.function_index;
  m.source = source;
  m.spec = &traffic.source;
  m.first_lane = static_cast<uint32_t>(lanes_.size());
  m.lanes = static_cast<uint32_t>(traffic.source.shards * traffic.source.parallelization_factor);
  m.rng = rng;
  for (uint32_t l = 0; l < m.lanes; ++l) {
    Lane lane;
    lane.mapping = mappings_.size();
    lane.batch_limit = traffic.source.batch_size;
    lanes_.push_back(std::move(lane));
  }
  mappings_.push_back(m);
  return static_cast<uint32_t>(mappings_.size() - 1);
}

void StreamMappings::OnPoll(uint32_t lane, uint64_t b) {
  auto& l = lanes_[lane];
  if ((b & 1) == 0) {
    l.poll_scheduled = false;
  } else if ((b >> 1) == l.window_generation) {  // else: a stale window, pre-empted
    l.window_scheduled = false;
    l.window_open = true;
  }
  Pump(lane);
}

void StreamMappings::OnRecord(size_t mapping, sim::Time written) {
  auto& m = mappings_[mapping];
  const uint32_t lane = m.first_lane + static_cast<uint32_t>(m.rng.NextBelow(m.lanes));
  const bool poison = m.spec->poison_rate > 0 && m.rng.NextDouble() < m.spec->poison_rate;
  lanes_[lane].records.push_back(Record{written, poison});
  Pump(lane);
}

void StreamMappings::RetryLater(uint32_t lane) {
  auto& l = lanes_[lane];
  const EventSourceSpec& cfg = *mappings_[l.mapping].spec;
  ++l.backoff_streak;
  const int64_t shift = std::min<int64_t>(l.backoff_streak - 1, 30);
  const int64_t delay_ns =
      std::min(cfg.retry_backoff_max.ns(), cfg.retry_backoff_base.ns() << shift);
  const sim::Time at = core_.Now() + sim::Duration::Nanos(std::max<int64_t>(delay_ns, 1));
  if (at < core_.horizon()) {
    l.poll_scheduled = true;
    core_.Schedule(at, EventKind::kStreamPoll, lane, 0);
  }
}

void StreamMappings::Pump(uint32_t lane) {
  auto& l = lanes_[lane];
  if (l.busy || l.poll_scheduled) return;
  const Mapping& m = mappings_[l.mapping];
  const EventSourceSpec& cfg = *m.spec;
  const size_t f = m.function;
  const sim::Time now = core_.Now();
  // Records past their maximum age are dropped from the head, unprocessed.
  if (cfg.maximum_record_age) {
    uint64_t expired = 0;
    while (!l.records.empty() && now - l.records.front().written > *cfg.maximum_record_age) {
      l.records.pop_front();
      ++expired;
    }
    if (expired > 0) {
      rec_.OnRecordsDropped(f, expired);
      l.attempts = 0;
      l.batch_limit = cfg.batch_size;
    }
  }
  if (l.records.empty()) return;
  const auto waiting = static_cast<int64_t>(l.records.size());
  if (waiting < cfg.batch_size && cfg.maximum_batching_window > sim::Duration() && !l.window_open &&
      l.batch_limit == cfg.batch_size && l.attempts == 0) {
    const sim::Time at = now + cfg.maximum_batching_window;
    if (!l.window_scheduled && at < core_.horizon()) {
      l.window_scheduled = true;
      core_.Schedule(at, EventKind::kStreamPoll, lane, l.window_generation * 2 + 1);
    }
    return;
  }
  l.window_open = false;
  if (l.window_scheduled) {  // a full batch (or a retry) pre-empts the pending window
    l.window_scheduled = false;
    ++l.window_generation;
  }
  const Admission a = core_.TryAdmit(f);
  if (!a.admitted) {
    core_.RecordThrottle(f, a.reason);  // not an attempt: retried until success or record age
    RetryLater(lane);
    return;
  }
  const int64_t n = std::min(waiting, l.batch_limit);
  l.busy = true;
  rec_.esm_concurrency(f).Add(now, +1);
  rec_.OnBatchInvoked(f);
  rec_.ObserveIteratorAge(f, (now - l.records.front().written).ns());
  bool poison = false;
  for (int64_t i = 0; i < n && !poison; ++i) poison = l.records[static_cast<size_t>(i)].poison;
  core_.StartInvocation(a.env, Caller::kStream, lane, l.records.front().written, -1, a.cold,
                        a.on_provisioned);
  Environment& e = core_.env(a.env);
  e.batch = static_cast<uint32_t>(n);
  e.error = e.error || poison;  // the function fails on a poison record
}

void StreamMappings::OnInvocationComplete(const Environment& e) {
  const uint32_t lane = e.caller_index;
  auto& l = lanes_[lane];
  const Mapping& m = mappings_[l.mapping];
  const EventSourceSpec& cfg = *m.spec;
  const size_t f = m.function;
  const auto n = static_cast<int64_t>(e.batch);
  l.busy = false;
  rec_.esm_concurrency(f).Add(core_.Now(), -1);
  if (!e.error) {
    for (int64_t i = 0; i < n; ++i) l.records.pop_front();
    rec_.OnRecordsProcessed(f, static_cast<uint64_t>(n));
    l.attempts = 0;
    l.backoff_streak = 0;
    l.batch_limit = cfg.batch_size;
    Pump(lane);
    return;
  }
  if (cfg.bisect_batch_on_error && n > 1) {
    l.batch_limit = n / 2;  // a split is not a retry attempt
    Pump(lane);
    return;
  }
  ++l.attempts;
  if (cfg.maximum_retry_attempts >= 0 && l.attempts > cfg.maximum_retry_attempts) {
    for (int64_t i = 0; i < n; ++i) l.records.pop_front();
    rec_.OnRecordsDropped(f, static_cast<uint64_t>(n));
    l.attempts = 0;
    l.backoff_streak = 0;
    l.batch_limit = cfg.batch_size;
    Pump(lane);
    return;
  }
  RetryLater(lane);
}

void StreamMappings::SampleAges(sim::Time now) {
  for (const auto& l : lanes_) {
    if (l.records.empty()) continue;
    rec_.ObserveIteratorAge(mappings_[l.mapping].function, (now - l.records.front().written).ns());
  }
}

}  // namespace lambdasim
