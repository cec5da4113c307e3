// models/lambda/sources/kafka_mapping.cc — KafkaMappings: Amazon MSK and self-managed Kafka
// event source mappings (kafka_mapping.h).
#include "models/lambda/sources/kafka_mapping.h"

#include <algorithm>
#include <utility>

namespace lambdasim {

uint32_t KafkaMappings::Add(size_t source, const TrafficSpec& traffic, const sim::RngStream& rng) {
  (void)source;
  const EventSourceSpec& s = traffic.source;
  const PlatformProfile::EventPollerRules& rules = s.event_pollers;
  Mapping m;
  m.function = traffic.function_index;
  m.spec = &s;
  m.first = static_cast<uint32_t>(partitions_.size());
  m.partitions = static_cast<uint32_t>(std::max<int64_t>(1, s.partitions));
  m.provisioned = s.provisioned_pollers.has_value();
  if (m.provisioned) {
    // "Lambda caps the MaximumPollers to the number of partitions in the topic."
    m.max_pollers = std::min<int64_t>(s.provisioned_pollers->max, m.partitions);
    m.min_pollers = std::min(s.provisioned_pollers->min, m.max_pollers);
    m.invokes_per_poller = rules.kafka_provisioned_invokes_per_poller;
  } else {
    m.max_pollers = m.partitions;  // consumers up to one per partition
    m.min_pollers = std::min<int64_t>(rules.kafka_initial_pollers, m.max_pollers);
    m.invokes_per_poller = rules.kafka_on_demand_invokes_per_poller;
  }
  m.pollers = m.min_pollers;
  m.rng = rng;
  const auto index = static_cast<uint32_t>(mappings_.size());
  for (uint32_t p = 0; p < m.partitions; ++p) {
    Partition part;
    part.mapping = index;
    part.batch_limit = s.batch_size;
    partitions_.push_back(std::move(part));
  }
  mappings_.push_back(std::move(m));
  return index;
}

void KafkaMappings::Start() {
  for (uint32_t m = 0; m < mappings_.size(); ++m) {
    const auto& rules = mappings_[m].spec->event_pollers;
    const sim::Time at =
        core_.Now() + (mappings_[m].provisioned ? rules.kafka_provisioned_evaluation_interval
                                                : rules.kafka_evaluation_interval);
    if (at < core_.horizon()) core_.Schedule(at, EventKind::kKafkaScale, m, 0);
  }
}

void KafkaMappings::OnRecord(size_t mapping, sim::Time written) {
  Mapping& m = mappings_[mapping];
  const uint32_t p = m.first + static_cast<uint32_t>(m.rng.NextBelow(m.partitions));
  const bool poison = m.spec->poison_rate > 0 && m.rng.NextDouble() < m.spec->poison_rate;
  partitions_[p].records.push_back(Record{written, poison});
  rec_.offset_lag(m.function).Add(written, +1);
  Pump(p);
}

void KafkaMappings::OnPoll(uint32_t partition, uint64_t b) {
  Partition& p = partitions_[partition];
  if ((b & 1) == 0) {
    p.poll_scheduled = false;
  } else if ((b >> 1) == p.window_generation) {
    p.window_scheduled = false;
    p.window_open = true;
  }
  Pump(partition);
}

void KafkaMappings::RetryLater(uint32_t partition) {
  Partition& p = partitions_[partition];
  const EventSourceSpec& cfg = *mappings_[p.mapping].spec;
  ++p.backoff_streak;
  const int64_t shift = std::min<int64_t>(p.backoff_streak - 1, 30);
  const int64_t delay_ns =
      std::min(cfg.retry_backoff_max.ns(), cfg.retry_backoff_base.ns() << shift);
  const sim::Time at = core_.Now() + sim::Duration::Nanos(std::max<int64_t>(delay_ns, 1));
  if (at < core_.horizon()) {
    p.poll_scheduled = true;
    core_.Schedule(at, EventKind::kKafkaPoll, partition, 0);
  }
}

void KafkaMappings::Commit(Partition& p, size_t f, int64_t n, bool dropped) {
  for (int64_t i = 0; i < n; ++i) p.records.pop_front();
  rec_.offset_lag(f).Add(core_.Now(), -n);
  if (dropped)
    rec_.OnRecordsDropped(f, static_cast<uint64_t>(n));
  else
    rec_.OnRecordsProcessed(f, static_cast<uint64_t>(n));
  p.attempts = 0;
  p.backoff_streak = 0;
  p.batch_limit = mappings_[p.mapping].spec->batch_size;
}

void KafkaMappings::Pump(uint32_t partition) {
  Partition& p = partitions_[partition];
  if (p.busy || p.poll_scheduled || p.queued) return;
  Mapping& m = mappings_[p.mapping];
  const EventSourceSpec& cfg = *m.spec;
  const size_t f = m.function;
  const sim::Time now = core_.Now();
  if (cfg.maximum_record_age) {
    int64_t expired = 0;
    while (static_cast<size_t>(expired) < p.records.size() &&
           now - p.records[static_cast<size_t>(expired)].written > *cfg.maximum_record_age)
      ++expired;
    if (expired > 0) Commit(p, f, expired, /*dropped=*/true);
  }
  if (p.records.empty()) return;
  const auto waiting = static_cast<int64_t>(p.records.size());
  if (waiting < cfg.batch_size && cfg.maximum_batching_window > sim::Duration() && !p.window_open &&
      p.batch_limit == cfg.batch_size && p.attempts == 0) {
    const sim::Time at = now + cfg.maximum_batching_window;
    if (!p.window_scheduled && at < core_.horizon()) {
      p.window_scheduled = true;
      core_.Schedule(at, EventKind::kKafkaPoll, partition, p.window_generation * 2 + 1);
    }
    return;
  }
  if (m.in_flight >= m.capacity()) {  // every poller is busy: wait for one
    p.queued = true;
    m.waited = true;
    m.ready.push_back(partition);
    return;
  }
  p.window_open = false;
  if (p.window_scheduled) {
    p.window_scheduled = false;
    ++p.window_generation;
  }
  const Admission a = core_.TryAdmit(f);
  if (!a.admitted) {
    core_.RecordThrottle(f, a.reason);  // not an attempt
    m.throttled = true;
    RetryLater(partition);
    return;
  }
  const int64_t n = std::min(waiting, p.batch_limit);
  p.busy = true;
  ++m.in_flight;
  m.peak_in_flight = std::max(m.peak_in_flight, m.in_flight);
  rec_.esm_concurrency(f).Add(now, +1);
  rec_.OnBatchInvoked(f);
  bool poison = false;
  for (int64_t i = 0; i < n && !poison; ++i) poison = p.records[static_cast<size_t>(i)].poison;
  core_.StartInvocation(a.env, Caller::kKafka, partition, p.records.front().written, -1, a.cold,
                        a.on_provisioned);
  Environment& e = core_.env(a.env);
  e.batch = static_cast<uint32_t>(n);
  e.error = e.error || poison;
}

void KafkaMappings::Drain(uint32_t mapping) {
  Mapping& m = mappings_[mapping];
  while (m.in_flight < m.capacity() && !m.ready.empty()) {
    const uint32_t partition = m.ready.front();
    m.ready.pop_front();
    partitions_[partition].queued = false;
    Pump(partition);
  }
}

void KafkaMappings::OnInvocationComplete(const Environment& e) {
  const uint32_t partition = e.caller_index;
  Partition& p = partitions_[partition];
  const uint32_t mapping = p.mapping;
  Mapping& m = mappings_[mapping];
  const EventSourceSpec& cfg = *m.spec;
  const size_t f = m.function;
  const auto n = static_cast<int64_t>(e.batch);
  p.busy = false;
  --m.in_flight;
  rec_.esm_concurrency(f).Add(core_.Now(), -1);
  if (!e.error) {
    Commit(p, f, n, /*dropped=*/false);
    Drain(mapping);  // the freed poller goes to the partition that waited longest
    Pump(partition);
    return;
  }
  if (cfg.bisect_batch_on_error && n > 1) {
    p.batch_limit = n / 2;  // a split is not a retry attempt
    Drain(mapping);
    Pump(partition);
    return;
  }
  ++p.attempts;
  if (cfg.maximum_retry_attempts >= 0 && p.attempts > cfg.maximum_retry_attempts) {
    Commit(p, f, n, /*dropped=*/true);  // to the on-failure destination
    Drain(mapping);
    Pump(partition);
    return;
  }
  RetryLater(partition);
  Drain(mapping);
}

void KafkaMappings::OnScale(uint32_t mapping, uint64_t b) {
  Mapping& m = mappings_[mapping];
  const PlatformProfile::EventPollerRules& rules = m.spec->event_pollers;
  const sim::Time now = core_.Now();
  if ((b & 1) != 0) {  // a scaling step lands
    m.pollers = std::clamp(static_cast<int64_t>(b >> 1), m.min_pollers, m.max_pollers);
    m.step_pending = false;
    Drain(mapping);
    return;
  }
  int64_t target = m.pollers;
  if (m.provisioned) {
    // Bill the second that ends now: ⌈pollers / pollers per EPU⌉ EPUs [P-ESM].
    if (now > sim::Time::Zero()) {
      const int64_t epus =
          (m.pollers + rules.kafka_pollers_per_epu - 1) / rules.kafka_pollers_per_epu;
      const double hours =
          static_cast<double>(epus) *
          (static_cast<double>(rules.kafka_provisioned_evaluation_interval.ns()) / 3.6e12);
      rec_.AddPollerCost(m.function, hours, hours * rules.kafka_epu_hour_usd);
    }
    // Follow the demand: busy partitions plus those waiting for a poller.
    const auto demand = static_cast<int64_t>(m.in_flight + static_cast<int64_t>(m.ready.size()));
    target = (demand + m.invokes_per_poller - 1) / m.invokes_per_poller;
    if (m.waited) target = std::max(target, m.pollers + 1);
  } else if (m.throttled) {
    target = std::max<int64_t>(1, m.pollers / 2);  // "Lambda reduces the number of event pollers"
  } else if (m.waited) {
    target = m.pollers * 2;  // offset lag too high: add pollers [INFERRED: doubling]
  } else if (m.peak_in_flight * 2 <= m.capacity()) {
    target = (m.peak_in_flight + m.invokes_per_poller - 1) / m.invokes_per_poller;
  }
  target = std::clamp(target, m.min_pollers, m.max_pollers);
  m.waited = !m.ready.empty();
  m.throttled = false;
  m.peak_in_flight = m.in_flight;
  if (target != m.pollers && !m.step_pending) {
    const sim::Duration delay =
        m.provisioned ? sim::Duration() : m.spec->event_pollers.kafka_scale_delay;
    if (delay <= sim::Duration()) {
      m.pollers = target;
      Drain(mapping);
    } else if (now + delay < core_.horizon()) {
      m.step_pending = true;
      core_.Schedule(now + delay, EventKind::kKafkaScale, mapping,
                     (static_cast<uint64_t>(target) << 1) | 1);
    }
  }
  const sim::Time at = now + (m.provisioned ? rules.kafka_provisioned_evaluation_interval
                                            : rules.kafka_evaluation_interval);
  if (at < core_.horizon()) core_.Schedule(at, EventKind::kKafkaScale, mapping, 0);
}

}  // namespace lambdasim
