// models/lambda/sources/sqs_mapping.cc — SqsMappings: SQS queues and their event source
// mappings (sqs_mapping.h, reference §6.3).
#include <algorithm>
#include <utility>

#include "models/lambda/sources/sqs_mapping.h"

namespace lambdasim {

uint32_t SqsMappings::Add(size_t source, const TrafficSpec& traffic, const sim::RngStream& rng) {
  Mapping m;
  m.function = traffic.function_index;
  m.source = source;
  m.spec = &traffic.source;
  m.allowed = traffic.source.initial_concurrency;
  m.cap = traffic.source.maximum_concurrency ? *traffic.source.maximum_concurrency
                                             : traffic.source.max_concurrency_default;
  m.allowed = std::min(m.allowed, m.cap);
  if (traffic.source.provisioned_pollers) {
    // Provisioned mode (issue 19 part 3): min pollers always on, 10 invokes each, up to max.
    const auto& rules = traffic.source.event_pollers;
    const int64_t per = rules.sqs_provisioned_invokes_per_poller;
    m.cap = std::min(traffic.source.provisioned_pollers->max * per,
                     rules.sqs_provisioned_concurrency_max);
    m.provisioned_floor = std::min(traffic.source.provisioned_pollers->min * per, m.cap);
    m.allowed = m.provisioned_floor;
  }
  m.rng = rng;
  mappings_.push_back(std::move(m));
  return static_cast<uint32_t>(mappings_.size() - 1);
}

void SqsMappings::Start() {
  for (uint32_t m = 0; m < mappings_.size(); ++m) {
    const sim::Time at = core_.Now() + sim::Duration::Seconds(1);  // warm-up: from −warmup
    if (at < core_.horizon()) core_.Schedule(at, EventKind::kSqsScale, m);
  }
}

void SqsMappings::OnPoll(uint32_t mapping, uint64_t b) {
  auto& m = mappings_[mapping];
  if (b != 0 && (b & 1) == 0) {  // b = generation << 33 | (slot + 1) << 1
    OnRetry(mapping, static_cast<uint32_t>(((b >> 1) & 0xffffffffu) - 1),
            static_cast<uint32_t>(b >> 33));
    return;
  }
  if (b == 0) {
    m.poll_scheduled = false;
  } else if ((b >> 1) == m.window_generation) {  // else: a stale window, pre-empted
    m.window_scheduled = false;
    m.window_open = true;
  }
  Pump(mapping);
}

void SqsMappings::OnMessage(size_t mapping, sim::Time sent) {
  auto& m = mappings_[mapping];
  const bool poison = m.spec->poison_rate > 0 && m.rng.NextDouble() < m.spec->poison_rate;
  m.visible.push_back(Message{sent, 0, poison});
  rec_.messages_visible(m.function).Add(sent, +1);
  Pump(mapping);
}

void SqsMappings::MakeInvisible(Mapping& m, const Message& msg) {
  m.invisible.push_back({core_.Now() + m.spec->visibility_timeout, msg});
}

void SqsMappings::Pump(size_t mapping) {
  auto& m = mappings_[mapping];
  const sim::Time now = core_.Now();
  const EventSourceSpec& cfg = *m.spec;
  const size_t f = m.function;
  while (!m.poll_scheduled && m.in_flight < m.allowed && !m.visible.empty()) {
    const auto batch_size = static_cast<size_t>(cfg.batch_size);
    if (m.visible.size() < batch_size && cfg.maximum_batching_window > sim::Duration() &&
        !m.window_open) {
      if (!m.window_scheduled) {
        const sim::Time at = now + cfg.maximum_batching_window;
        if (at < core_.horizon()) {
          m.window_scheduled = true;
          core_.Schedule(at, EventKind::kSqsPoll, static_cast<uint32_t>(mapping),
                         m.window_generation * 2 + 1);
        }
      }
      return;
    }
    if (m.window_scheduled) {  // a full batch pre-empts the pending window
      m.window_scheduled = false;
      ++m.window_generation;
    }
    // Receive up to batch_size messages; redrive those past max_receive_count.
    uint32_t slot;
    if (!free_batches_.empty()) {
      slot = free_batches_.back();
      free_batches_.pop_back();
    } else {
      slot = static_cast<uint32_t>(batches_.size());
      batches_.emplace_back();
    }
    auto& batch = batches_[slot].messages;
    batch.clear();
    uint64_t redriven = 0;
    while (batch.size() < batch_size && !m.visible.empty()) {
      Message msg = m.visible.front();
      m.visible.pop_front();
      if (cfg.max_receive_count && msg.receives >= static_cast<uint32_t>(*cfg.max_receive_count)) {
        ++redriven;
        continue;
      }
      ++msg.receives;
      batch.push_back(msg);
    }
    const auto received = static_cast<int64_t>(batch.size());
    rec_.messages_visible(f).Add(now, -(received + static_cast<int64_t>(redriven)));
    if (redriven > 0) rec_.OnSqsDeadLetter(f, redriven);
    m.window_open = false;
    if (batch.empty()) {
      free_batches_.push_back(slot);
      continue;
    }
    // The messages are invisible from now until the visibility timeout, unless deleted.
    ++m.in_flight;
    m.in_flight_messages += received;
    rec_.messages_in_flight(f).Add(now, received);
    batches_[slot].deadline = now + cfg.visibility_timeout;
    batches_[slot].backoff = cfg.sqs_pollers.throttle_retry_base;
    Dispatch(static_cast<uint32_t>(mapping), slot);
  }
}

void SqsMappings::Dispatch(uint32_t mapping, uint32_t slot) {
  auto& m = mappings_[mapping];
  const size_t f = m.function;
  const Admission a = core_.TryAdmit(f);
  if (!a.admitted) {
    core_.RecordThrottle(f, a.reason);
    Throttled(mapping, slot);
    return;
  }
  const sim::Time now = core_.Now();
  const auto& batch = batches_[slot].messages;
  rec_.esm_concurrency(f).Add(now, +1);
  rec_.OnBatchInvoked(f);
  rec_.ObserveOldestMessageAge(f, (now - batch.front().sent).ns());
  bool poison = false;
  for (const auto& msg : batch) poison = poison || msg.poison;
  core_.StartInvocation(a.env, Caller::kSqs, mapping, batch.front().sent, -1, a.cold,
                        a.on_provisioned);
  Environment& e = core_.env(a.env);
  e.batch = slot;
  e.error = e.error || poison;  // the function fails on a poison message
}

void SqsMappings::Throttled(uint32_t mapping, uint32_t slot) {
  auto& m = mappings_[mapping];
  const EventSourceSpec& cfg = *m.spec;
  const PlatformProfile::SqsPollerRules& rules = cfg.sqs_pollers;
  const sim::Time now = core_.Now();
  // Lambda "gradually backs off retries by reducing the amount of concurrency allocated".
  m.throttled_since_tick = true;
  const int64_t floor = std::min(cfg.initial_concurrency, m.cap);
  m.allowed = std::max(std::min(m.allowed, floor), m.allowed - rules.throttle_concurrency_step);
  m.allowed = std::max(m.allowed, m.provisioned_floor);
  // The batch is retried after its backoff, or gives up when its visibility timeout ends.
  Batch& batch = batches_[slot];
  const sim::Time at =
      std::min(now + std::max(batch.backoff, sim::Duration::Millis(1)), batch.deadline);
  batch.backoff = std::min(batch.backoff + batch.backoff, rules.throttle_retry_max);
  if (at < core_.horizon())
    core_.Schedule(at, EventKind::kSqsPoll, mapping,
                   (uint64_t{batch.generation} << 33) | ((slot + uint64_t{1}) << 1));
  m.held.push_back({slot, batch.generation});
  // The pollers receive no new batch for throttle_pause.
  if (rules.throttle_pause > sim::Duration() && !m.poll_scheduled) {
    const sim::Time resume = now + rules.throttle_pause;
    if (resume < core_.horizon()) {
      m.poll_scheduled = true;
      core_.Schedule(resume, EventKind::kSqsPoll, mapping, 0);
    }
  }
}

void SqsMappings::OnRetry(uint32_t mapping, uint32_t slot, uint32_t generation) {
  auto& m = mappings_[mapping];
  const sim::Time now = core_.Now();
  Batch& batch = batches_[slot];
  if (generation != batch.generation) return;  // already retried when capacity freed
  ++batch.generation;                          // its `held` entry is stale now
  if (now < batch.deadline) {
    Dispatch(mapping, slot);
    return;
  }
  // The visibility timeout ran out: the messages are visible again (each was received once).
  const auto n = static_cast<int64_t>(batch.messages.size());
  for (const auto& msg : batch.messages) m.visible.push_back(msg);
  --m.in_flight;
  m.in_flight_messages -= n;
  rec_.messages_in_flight(m.function).Add(now, -n);
  rec_.messages_visible(m.function).Add(now, n);
  batch.messages.clear();
  free_batches_.push_back(slot);
  Pump(mapping);
}

void SqsMappings::OnInvocationComplete(const Environment& e) {
  const size_t mapping = e.caller_index;
  auto& m = mappings_[mapping];
  const size_t f = m.function;
  const sim::Time now = core_.Now();
  auto& batch = batches_[e.batch].messages;
  const auto n = static_cast<int64_t>(batch.size());
  const bool failed = e.error;
  --m.in_flight;
  rec_.esm_concurrency(f).Add(now, -1);
  if (failed) {
    // Without ReportBatchItemFailures the whole batch returns after the visibility timeout.
    const bool was_empty = m.invisible.empty();
    for (const auto& msg : batch) MakeInvisible(m, msg);
    if (was_empty && m.invisible.front().first < core_.horizon())
      core_.Schedule(m.invisible.front().first, EventKind::kSqsVisible,
                     static_cast<uint32_t>(mapping));
  } else {
    m.in_flight_messages -= n;
    rec_.messages_in_flight(f).Add(now, -n);
    rec_.OnMessagesDeleted(f, static_cast<uint64_t>(n));
  }
  batch.clear();
  free_batches_.push_back(e.batch);
  // The concurrency this batch freed goes first to the oldest throttled batch still held.
  while (!m.held.empty()) {
    const auto [slot, generation] = m.held.front();
    m.held.pop_front();
    if (batches_[slot].generation != generation) continue;  // retried or returned since
    ++batches_[slot].generation;                            // its pending retry is stale
    Dispatch(static_cast<uint32_t>(mapping), slot);
    break;
  }
  Pump(mapping);
}

void SqsMappings::OnVisible(uint32_t mapping) {
  auto& m = mappings_[mapping];
  const sim::Time now = core_.Now();
  int64_t moved = 0;
  while (!m.invisible.empty() && m.invisible.front().first <= now) {
    m.visible.push_back(m.invisible.front().second);
    m.invisible.pop_front();
    ++moved;
  }
  m.in_flight_messages -= moved;
  rec_.messages_in_flight(m.function).Add(now, -moved);
  rec_.messages_visible(m.function).Add(now, moved);
  if (!m.invisible.empty() && m.invisible.front().first < core_.horizon())
    core_.Schedule(m.invisible.front().first, EventKind::kSqsVisible, mapping);
  Pump(mapping);
}

void SqsMappings::OnScale(uint32_t mapping) {
  auto& m = mappings_[mapping];
  const EventSourceSpec& cfg = *m.spec;
  const PlatformProfile::SqsPollerRules& rules = cfg.sqs_pollers;
  const bool throttled = m.throttled_since_tick;
  m.throttled_since_tick = false;
  if (m.provisioned_floor > 0 && core_.Now() > sim::Time::Zero()) {
    // Provisioned pollers are billed each second: one EPU per poller [P-ESM].
    const auto& ep = cfg.event_pollers;
    const int64_t pollers = (m.allowed + ep.sqs_provisioned_invokes_per_poller - 1) /
                            ep.sqs_provisioned_invokes_per_poller;
    const double hours = static_cast<double>(pollers) / 3600.0;
    rec_.AddPollerCost(m.function, hours, hours * ep.sqs_epu_hour_usd);
  }
  if (!m.visible.empty() && m.in_flight >= m.allowed && !throttled) {
    // Saturated: scale_up_per_minute, credited each second in sixtieths (300/min is 5/s).
    m.scale_credit += m.provisioned_floor > 0
                          ? cfg.event_pollers.sqs_provisioned_scale_up_per_minute
                          : cfg.scale_up_per_minute;
    m.allowed = std::min(m.cap, m.allowed + m.scale_credit / 60);
    m.scale_credit %= 60;
    m.quiet_ticks = 0;
    m.quiet_windows = 0;
    m.window_peak = 0;
  } else {
    m.window_peak = std::max(m.window_peak, m.in_flight);
    const int64_t window_ticks = std::max<int64_t>(1, rules.scale_down_window.ns() / 1000000000);
    if (++m.quiet_ticks >= window_ticks) {
      // Low traffic [S14]: back to 5, then (without maximum_concurrency) as few as 2.
      ++m.quiet_windows;
      const int64_t floor = m.quiet_windows >= 2 && !cfg.maximum_concurrency
                                ? rules.low_traffic_minimum
                                : rules.low_traffic_concurrency;
      m.allowed = std::min(m.allowed, std::max(std::min(floor, m.cap), m.window_peak));
      m.allowed = std::max(m.allowed, m.provisioned_floor);  // provisioned: min stays on
      m.quiet_ticks = 0;
      m.window_peak = m.in_flight;
      m.scale_credit = 0;
    }
  }
  const sim::Time at = core_.Now() + sim::Duration::Seconds(1);
  if (at < core_.horizon()) core_.Schedule(at, EventKind::kSqsScale, mapping);
  Pump(mapping);
}

void SqsMappings::SampleAges(sim::Time now) {
  for (const auto& m : mappings_) {
    sim::Time oldest = sim::Time::Max();
    if (!m.visible.empty()) oldest = std::min(oldest, m.visible.front().sent);
    if (!m.invisible.empty()) oldest = std::min(oldest, m.invisible.front().second.sent);
    if (oldest != sim::Time::Max()) rec_.ObserveOldestMessageAge(m.function, (now - oldest).ns());
  }
}

}  // namespace lambdasim
