// models/lambda/sources/sqs_fifo.cc — SqsFifoMappings: SQS FIFO queues (sqs_fifo.h).
#include "models/lambda/sources/sqs_fifo.h"

#include <algorithm>
#include <utility>

namespace lambdasim {

uint32_t SqsFifoMappings::Add(size_t source, const TrafficSpec& traffic,
                              const sim::RngStream& rng) {
  (void)source;
  const EventSourceSpec& s = traffic.source;
  Mapping m;
  m.function = traffic.function_index;
  m.spec = &s;
  m.first_group = static_cast<uint32_t>(groups_.size());
  m.groups = static_cast<uint32_t>(std::max<int64_t>(1, s.message_groups));
  m.cap = s.maximum_concurrency ? *s.maximum_concurrency : s.max_concurrency_default;
  m.rng = rng;
  const auto index = static_cast<uint32_t>(mappings_.size());
  groups_.resize(groups_.size() + m.groups);
  for (uint32_t g = 0; g < m.groups; ++g) groups_[m.first_group + g].mapping = index;
  mappings_.push_back(std::move(m));
  return index;
}

void SqsFifoMappings::Ready(uint32_t group) {
  Group& g = groups_[group];
  if (g.queued || g.blocked || g.messages.empty()) return;
  g.queued = true;
  mappings_[g.mapping].ready.push_back(group);
}

void SqsFifoMappings::OnMessage(size_t mapping, sim::Time sent) {
  Mapping& m = mappings_[mapping];
  const uint32_t group = m.first_group + static_cast<uint32_t>(m.rng.NextBelow(m.groups));
  const bool poison = m.spec->poison_rate > 0 && m.rng.NextDouble() < m.spec->poison_rate;
  groups_[group].messages.push_back(Message{sent, 0, poison});
  rec_.messages_visible(m.function).Add(sent, +1);
  Ready(group);
  Pump(static_cast<uint32_t>(mapping));
}

void SqsFifoMappings::Pump(uint32_t mapping) {
  Mapping& m = mappings_[mapping];
  while (m.in_flight < m.cap && !m.ready.empty()) {
    const uint32_t group = m.ready.front();
    m.ready.pop_front();
    groups_[group].queued = false;
    if (groups_[group].blocked || groups_[group].messages.empty()) continue;
    if (!Dispatch(group)) return;  // throttled: the other groups wait for capacity to free
  }
}

bool SqsFifoMappings::Dispatch(uint32_t group) {
  Group& g = groups_[group];
  Mapping& m = mappings_[g.mapping];
  const EventSourceSpec& cfg = *m.spec;
  const size_t f = m.function;
  const sim::Time now = core_.Now();
  // Messages past max_receive_count leave the head for the DLQ; the group goes on.
  uint64_t redriven = 0;
  while (!g.messages.empty() && cfg.max_receive_count &&
         g.messages.front().receives >= static_cast<uint32_t>(*cfg.max_receive_count)) {
    g.messages.pop_front();
    ++redriven;
  }
  if (redriven > 0) {
    rec_.messages_visible(f).Add(now, -static_cast<int64_t>(redriven));
    rec_.OnSqsDeadLetter(f, redriven);
  }
  if (g.messages.empty()) return true;
  const Admission a = core_.TryAdmit(f);
  if (!a.admitted) {
    core_.RecordThrottle(f, a.reason);
    // The group keeps its order: it is retried after a back-off, nothing else of it is polled.
    g.blocked = true;
    if (g.backoff <= sim::Duration()) g.backoff = cfg.sqs_pollers.throttle_retry_base;
    const sim::Time at = now + std::max(g.backoff, sim::Duration::Millis(1));
    g.backoff = std::min(g.backoff + g.backoff, cfg.sqs_pollers.throttle_retry_max);
    if (at < core_.horizon()) core_.Schedule(at, EventKind::kSqsFifoPoll, group, ++g.generation);
    return false;
  }
  const auto n = static_cast<int64_t>(std::min<size_t>(
      g.messages.size(), static_cast<size_t>(std::max<int64_t>(1, cfg.batch_size))));
  bool poison = false;
  for (int64_t i = 0; i < n; ++i) {
    Message& msg = g.messages[static_cast<size_t>(i)];
    ++msg.receives;
    poison = poison || msg.poison;
  }
  g.blocked = true;
  g.in_flight = n;
  g.backoff = sim::Duration();
  ++m.in_flight;
  rec_.messages_visible(f).Add(now, -n);
  rec_.messages_in_flight(f).Add(now, n);
  rec_.esm_concurrency(f).Add(now, +1);
  rec_.OnBatchInvoked(f);
  rec_.ObserveOldestMessageAge(f, (now - g.messages.front().sent).ns());
  core_.StartInvocation(a.env, Caller::kSqsFifo, group, g.messages.front().sent, -1, a.cold,
                        a.on_provisioned);
  Environment& e = core_.env(a.env);
  e.batch = static_cast<uint32_t>(n);
  e.error = e.error || poison;  // the function fails on a poison message
  return true;
}

void SqsFifoMappings::OnInvocationComplete(const Environment& e) {
  const uint32_t group = e.caller_index;
  Group& g = groups_[group];
  Mapping& m = mappings_[g.mapping];
  const size_t f = m.function;
  const sim::Time now = core_.Now();
  const auto n = static_cast<int64_t>(e.batch);
  --m.in_flight;
  rec_.esm_concurrency(f).Add(now, -1);
  if (!e.error) {
    for (int64_t i = 0; i < n; ++i) g.messages.pop_front();
    g.in_flight = 0;
    g.blocked = false;
    rec_.messages_in_flight(f).Add(now, -n);
    rec_.OnMessagesDeleted(f, static_cast<uint64_t>(n));
    Ready(group);
  } else {
    // The batch becomes visible again after the visibility timeout; until then the group waits.
    const sim::Time at = now + m.spec->visibility_timeout;
    if (at < core_.horizon()) core_.Schedule(at, EventKind::kSqsFifoPoll, group, ++g.generation);
  }
  Pump(g.mapping);
}

void SqsFifoMappings::OnPoll(uint32_t group, uint64_t generation) {
  Group& g = groups_[group];
  if (generation != g.generation || !g.blocked) return;
  const size_t f = mappings_[g.mapping].function;
  if (g.in_flight > 0) {  // a failed batch's visibility timeout ended: visible again
    rec_.messages_in_flight(f).Add(core_.Now(), -g.in_flight);
    rec_.messages_visible(f).Add(core_.Now(), g.in_flight);
    g.in_flight = 0;
  }
  g.blocked = false;
  Ready(group);
  Pump(g.mapping);
}

void SqsFifoMappings::SampleAges(sim::Time now) {
  for (const Mapping& m : mappings_)
    for (size_t i = 0; i < m.ready.size(); ++i) {
      const Group& g = groups_[m.ready[i]];
      if (!g.messages.empty())
        rec_.ObserveOldestMessageAge(m.function, (now - g.messages.front().sent).ns());
    }
}

}  // namespace lambdasim
