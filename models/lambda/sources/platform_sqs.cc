// models/lambda/sources/platform_sqs.cc — SQS queues and their event source mappings (§6.3).
//
// Producer traffic sends messages to the queue. The mapping's pollers keep up to
// `allowed` batches in flight: `allowed` starts at initial_concurrency (5), grows by
// scale_up_per_minute (300; 60 under aws-2022) while visible messages remain and every
// poller is busy — credited once a second, so the ramp is 5 + 5·t/s — up to the cap
// (maximum_concurrency, else 1250), and falls back to max(initial, in-flight) when the
// queue is empty. A throttled batch lowers `allowed` by one (Lambda "reduces the
// concurrency allocated to the mapping"; the factor is undocumented) and its messages
// become visible again after the visibility timeout, as do the messages of a failed
// batch (a function error, a timeout, or a poison message in it). A message received
// more than max_receive_count times goes to the queue's DLQ. A batch is dispatched when
// batch_size messages are visible, or when the batching window, opened by the first
// waiting message, closes — whichever comes first.
// Invariant: a kSqsVisible event is pending exactly when `invisible` is non-empty (and its
// head returns before the horizon): it is scheduled when the list goes from empty to
// non-empty and re-armed for the new head each time it fires.
// Memory: one SqsMessage (16 bytes) per message in the queue or in flight.
#include <algorithm>

#include "models/lambda/platform.h"

namespace lambdasim {

void LambdaPlatform::OnSqsMessage(size_t mapping, sim::Time sent) {
  auto& m = sqs_[mapping];
  const bool poison = m.spec->poison_rate > 0 && m.rng.NextDouble() < m.spec->poison_rate;
  m.visible.push_back(SqsMessage{sent, 0, poison});
  rec_.messages_visible(m.function).Add(sent, +1);
  PumpSqs(mapping);
}

void LambdaPlatform::MakeInvisible(SqsMapping& m, const SqsMessage& msg) {
  m.invisible.push_back({sim_.Now() + m.spec->visibility_timeout, msg});
}

void LambdaPlatform::PumpSqs(size_t mapping) {
  auto& m = sqs_[mapping];
  const sim::Time now = sim_.Now();
  const EventSourceSpec& cfg = *m.spec;
  const size_t f = m.function;
  while (!m.poll_scheduled && m.in_flight < m.allowed && !m.visible.empty()) {
    const auto batch_size = static_cast<size_t>(cfg.batch_size);
    if (m.visible.size() < batch_size && cfg.maximum_batching_window > sim::Duration() &&
        !m.window_open) {
      if (!m.window_scheduled) {
        const sim::Time at = now + cfg.maximum_batching_window;
        if (at < horizon_) {
          m.window_scheduled = true;
          Schedule(at, EventKind::kSqsPoll, static_cast<uint32_t>(mapping),
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
    if (!free_sqs_batches_.empty()) {
      slot = free_sqs_batches_.back();
      free_sqs_batches_.pop_back();
    } else {
      slot = static_cast<uint32_t>(sqs_batches_.size());
      sqs_batches_.emplace_back();
    }
    auto& batch = sqs_batches_[slot];
    batch.clear();
    uint64_t redriven = 0;
    while (batch.size() < batch_size && !m.visible.empty()) {
      SqsMessage msg = m.visible.front();
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
      free_sqs_batches_.push_back(slot);
      continue;
    }
    const Admission a = TryAdmit(f);
    if (!a.admitted) {
      RecordThrottle(f, a.reason);
      const bool was_empty = m.invisible.empty();
      for (const auto& msg : batch) MakeInvisible(m, msg);
      if (was_empty && m.invisible.front().first < horizon_)
        Schedule(m.invisible.front().first, EventKind::kSqsVisible, static_cast<uint32_t>(mapping));
      m.in_flight_messages += received;
      rec_.messages_in_flight(f).Add(now, received);
      batch.clear();
      free_sqs_batches_.push_back(slot);
      m.allowed = std::max<int64_t>(std::min(cfg.initial_concurrency, m.cap), m.allowed - 1);
      // Poll again after a second (the pollers' back-off; undocumented).
      const sim::Time at = now + sim::Duration::Seconds(1);
      if (at < horizon_) {
        m.poll_scheduled = true;
        Schedule(at, EventKind::kSqsPoll, static_cast<uint32_t>(mapping), 0);
      }
      return;
    }
    ++m.in_flight;
    m.in_flight_messages += received;
    rec_.messages_in_flight(f).Add(now, received);
    rec_.esm_concurrency(f).Add(now, +1);
    rec_.OnBatchInvoked(f);
    rec_.ObserveOldestMessageAge(f, (now - batch.front().sent).ns());
    bool poison = false;
    for (const auto& msg : batch) poison = poison || msg.poison;
    StartInvocation(a.env, Caller::kSqs, static_cast<uint32_t>(mapping), batch.front().sent, -1,
                    a.cold, a.on_provisioned);
    Environment& e = envs_[a.env];
    e.batch = slot;
    e.error = e.error || poison;  // the function fails on a poison message
  }
}

void LambdaPlatform::OnSqsComplete(const Environment& e) {
  const size_t mapping = e.caller_index;
  auto& m = sqs_[mapping];
  const size_t f = m.function;
  const sim::Time now = sim_.Now();
  auto& batch = sqs_batches_[e.batch];
  const auto n = static_cast<int64_t>(batch.size());
  const bool failed = e.error;
  --m.in_flight;
  rec_.esm_concurrency(f).Add(now, -1);
  if (failed) {
    // Without ReportBatchItemFailures the whole batch returns after the visibility timeout.
    const bool was_empty = m.invisible.empty();
    for (const auto& msg : batch) MakeInvisible(m, msg);
    if (was_empty && m.invisible.front().first < horizon_)
      Schedule(m.invisible.front().first, EventKind::kSqsVisible, static_cast<uint32_t>(mapping));
  } else {
    m.in_flight_messages -= n;
    rec_.messages_in_flight(f).Add(now, -n);
    rec_.OnMessagesDeleted(f, static_cast<uint64_t>(n));
  }
  batch.clear();
  free_sqs_batches_.push_back(e.batch);
  PumpSqs(mapping);
}

void LambdaPlatform::OnSqsVisible(uint32_t mapping) {
  auto& m = sqs_[mapping];
  const sim::Time now = sim_.Now();
  int64_t moved = 0;
  while (!m.invisible.empty() && m.invisible.front().first <= now) {
    m.visible.push_back(m.invisible.front().second);
    m.invisible.pop_front();
    ++moved;
  }
  m.in_flight_messages -= moved;
  rec_.messages_in_flight(m.function).Add(now, -moved);
  rec_.messages_visible(m.function).Add(now, moved);
  if (!m.invisible.empty() && m.invisible.front().first < horizon_)
    Schedule(m.invisible.front().first, EventKind::kSqsVisible, mapping);
  PumpSqs(mapping);
}

void LambdaPlatform::OnSqsScale(uint32_t mapping) {
  auto& m = sqs_[mapping];
  const EventSourceSpec& cfg = *m.spec;
  const int64_t floor = std::min(cfg.initial_concurrency, m.cap);
  if (!m.visible.empty() && m.in_flight >= m.allowed) {
    // scale_up_per_minute, credited each second in sixtieths so 300/min is exactly 5/s.
    m.scale_credit += cfg.scale_up_per_minute;
    m.allowed = std::min(m.cap, m.allowed + m.scale_credit / 60);
    m.scale_credit %= 60;
  } else if (m.visible.empty() && m.invisible.empty()) {
    m.allowed = std::max(floor, std::min(m.allowed, m.in_flight));
    m.scale_credit = 0;
  }
  const sim::Time at = sim_.Now() + sim::Duration::Seconds(1);
  if (at < horizon_) Schedule(at, EventKind::kSqsScale, mapping);
  PumpSqs(mapping);
}

void LambdaPlatform::SampleSqsAges(sim::Time now) {
  for (const auto& m : sqs_) {
    sim::Time oldest = sim::Time::Max();
    if (!m.visible.empty()) oldest = std::min(oldest, m.visible.front().sent);
    if (!m.invisible.empty()) oldest = std::min(oldest, m.invisible.front().second.sent);
    if (oldest != sim::Time::Max()) rec_.ObserveOldestMessageAge(m.function, (now - oldest).ns());
  }
}

}  // namespace lambdasim
