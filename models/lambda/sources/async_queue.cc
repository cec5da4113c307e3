// models/lambda/sources/async_queue.cc — AsyncQueues: the per-function asynchronous event
// queue (async_queue.h, reference §6.2).
#include <algorithm>

#include "models/lambda/sources/async_queue.h"

namespace lambdasim {

void AsyncQueues::UpdateDepth(size_t f) {
  rec_.async_depth(f).Set(core_.Now(), queues_[f].depth());
}

void AsyncQueues::Fail(size_t f) {
  rec_.OnAsyncFailed(f, core_.function_spec(f).async.on_failure_dlq);
}

void AsyncQueues::OnEnqueue(size_t f, const AsyncEvent& event) {
  rec_.OnAsyncReceived(f);
  if (core_.reserved(f) == 0) {  // §3: straight to the DLQ / destination, no retries
    Fail(f);
    return;
  }
  auto& q = queues_[f];
  q.ready.push_back(event);
  UpdateDepth(f);
  TryDispatch(f);
}

namespace {

bool TimeLimited(ThrottleReason r) {
  return r == ThrottleReason::kScalingRate || r == ThrottleReason::kRpsLimit;
}

}  // namespace

// Heap order of the calendar: std's heap functions keep the largest first, so "larger" is
// "due later" (ties: the later-accepted event), and front() is the earliest due.
bool AsyncQueues::LaterDue(const Backoff& a, const Backoff& b) {
  if (a.due != b.due) return a.due > b.due;
  return a.event.enqueued > b.event.enqueued;
}

AsyncEvent AsyncQueues::PopDue(Queue& q) {
  std::pop_heap(q.calendar.begin(), q.calendar.end(), LaterDue);
  const AsyncEvent event = q.calendar.back().event;
  q.calendar.pop_back();
  return event;
}

void AsyncQueues::BackOff(size_t f, AsyncEvent event) {
  auto& q = queues_[f];
  const FunctionSpec& fn = core_.function_spec(f);
  if (!q.jitter_rng_ready) {  // a new stream name: no existing stream shifts
    q.jitter_rng =
        sim::RngStream(core_.spec().seed, core_.spec().replication, "async_backoff/" + fn.name);
    q.jitter_rng_ready = true;
  }
  ++event.backoffs;
  // d = min(max, base·2^(k−1)) without overflow (base > 0 here), then uniform[d/2, d].
  const int shift = std::min<int32_t>(event.backoffs - 1, 62);
  const int64_t base_ns = fn.async.throttle_backoff_base.ns();
  const int64_t max_ns = fn.async.throttle_backoff_max.ns();
  const int64_t d_ns = base_ns > (max_ns >> shift) ? max_ns : base_ns << shift;
  const int64_t half_ns = d_ns / 2;
  const int64_t wait_ns = std::max<int64_t>(
      1, half_ns + static_cast<int64_t>(
                       q.jitter_rng.NextBelow(static_cast<uint64_t>(d_ns - half_ns) + 1)));
  q.calendar.push_back({core_.Now() + sim::Duration::Nanos(wait_ns), event});
  std::push_heap(q.calendar.begin(), q.calendar.end(), LaterDue);
}

void AsyncQueues::Start(size_t f, const Admission& a, const AsyncEvent& event) {
  rec_.OnAsyncDispatched(f, (core_.Now() - event.enqueued).ns());
  Environment& e = core_.env(a.env);
  e.async_event = event;
  core_.StartInvocation(a.env, Caller::kAsync, static_cast<uint32_t>(f), event.enqueued,
                        event.duration_ns, a.cold, a.on_provisioned);
}

void AsyncQueues::TryDispatch(size_t f) {
  auto& q = queues_[f];
  if (q.dispatch_scheduled || q.waiting_for_capacity) return;
  const sim::Time now = core_.Now();
  const AsyncSpec& cfg = core_.function_spec(f).async;
  bool changed = false;
  for (;;) {
    const bool due = !q.calendar.empty() && q.calendar.front().due <= now;
    if (!due && q.ready.empty()) break;
    const AsyncEvent head = due ? q.calendar.front().event : q.ready.front();
    if (now - head.enqueued > cfg.maximum_event_age) {
      if (due)
        PopDue(q);
      else
        q.ready.pop_front();
      Fail(f);
      changed = true;
      continue;
    }
    const Admission a = core_.TryAdmit(f);
    if (!a.admitted) {
      core_.RecordThrottle(f, a.reason);
      const bool time_limited = TimeLimited(a.reason);
      if (cfg.throttle_backoff_base > sim::Duration() &&
          (time_limited || cfg.throttle_on_concurrency == AsyncConcurrencyThrottle::kBackoff)) {
        if (due)
          PopDue(q);
        else
          q.ready.pop_front();
        BackOff(f, head);
        changed = true;
      }  // else the event keeps its place (at the head, or due at the calendar's top)
      // The poller pauses: time-based limits (tokens, RPS windows) are retried 10 ms later;
      // concurrency at the next release.
      if (time_limited) {
        const sim::Time at = now + sim::Duration::Millis(10);
        if (at < core_.horizon()) {
          q.dispatch_scheduled = true;
          core_.Schedule(at, EventKind::kAsyncDispatch, static_cast<uint32_t>(f));
        }
      } else {
        q.waiting_for_capacity = true;
        waiting_.push_back(static_cast<uint32_t>(f));
      }
      break;
    }
    if (due)
      PopDue(q);
    else
      q.ready.pop_front();
    changed = true;
    Start(f, a, head);
  }
  ArmCalendarTimer(f);
  if (changed) UpdateDepth(f);
}

void AsyncQueues::AttemptDue(size_t f) {
  auto& q = queues_[f];
  const sim::Time now = core_.Now();
  const AsyncSpec& cfg = core_.function_spec(f).async;
  bool changed = false;
  while (!q.calendar.empty() && q.calendar.front().due <= now) {
    const AsyncEvent event = PopDue(q);
    changed = true;
    if (now - event.enqueued > cfg.maximum_event_age) {
      Fail(f);
      continue;
    }
    const Admission a = core_.TryAdmit(f);
    if (!a.admitted) {
      core_.RecordThrottle(f, a.reason);
      BackOff(f, event);  // due later than now: the loop ends
      continue;
    }
    Start(f, a, event);
  }
  if (changed) UpdateDepth(f);
}

void AsyncQueues::ArmCalendarTimer(size_t f) {
  auto& q = queues_[f];
  if (q.calendar_scheduled || q.calendar.empty()) return;
  const sim::Time now = core_.Now();
  const AsyncSpec& cfg = core_.function_spec(f).async;
  sim::Time at = q.calendar.front().due;
  if (at <= now) {
    // Due already, so the poller is paused (TryDispatch attempts due events first). With
    // on_concurrency = wait the event waits for the poller; with backoff it is attempted now.
    if (cfg.throttle_on_concurrency != AsyncConcurrencyThrottle::kBackoff) return;
    at = now;
  }
  // Never further ahead than the shortest possible new backoff, so a throttle later than now
  // can never need this timer earlier (the one-timer invariant, async_queue.h).
  const int64_t reach_ns = std::max<int64_t>(1, cfg.throttle_backoff_base.ns() / 2);
  at = std::min(at, now + sim::Duration::Nanos(reach_ns));
  if (at >= core_.horizon()) return;
  q.calendar_scheduled = true;
  core_.Schedule(at, EventKind::kAsyncRetryReady, static_cast<uint32_t>(f),
                 static_cast<uint64_t>(kBackoffCalendar));
}

void AsyncQueues::WakeWaiting() {
  // Swap the list out first (TryDispatch may add a function back); both vectors keep their
  // capacity, so waking allocates nothing.
  wake_scratch_.clear();
  wake_scratch_.swap(waiting_);
  for (const uint32_t f : wake_scratch_) {
    queues_[f].waiting_for_capacity = false;
    TryDispatch(f);
  }
}

void AsyncQueues::OnInvocationComplete(const Environment& e) {
  const size_t f = e.function;
  if (!e.error) return;
  AsyncEvent event = e.async_event;
  ++event.attempts;
  const AsyncSpec& cfg = core_.function_spec(f).async;
  if (event.attempts > cfg.maximum_retry_attempts) {
    Fail(f);
    return;
  }
  auto& q = queues_[f];
  const sim::Time now = core_.Now();
  if (event.attempts == 1) {
    q.retry_first.push_back({now + cfg.retry_delay_first, event});
    ScheduleRetryTimer(f, 1);
  } else {
    q.retry_second.push_back({now + cfg.retry_delay_second, event});
    ScheduleRetryTimer(f, 2);
  }
  UpdateDepth(f);
}

void AsyncQueues::ScheduleRetryTimer(size_t f, int which) {
  auto& q = queues_[f];
  auto& fifo = which == 1 ? q.retry_first : q.retry_second;
  bool& scheduled = which == 1 ? q.retry_first_scheduled : q.retry_second_scheduled;
  if (scheduled || fifo.empty()) return;
  const sim::Time at = std::max(fifo.front().first, core_.Now());
  if (at >= core_.horizon()) return;
  scheduled = true;
  core_.Schedule(at, EventKind::kAsyncRetryReady, static_cast<uint32_t>(f),
                 static_cast<uint64_t>(which));
}

void AsyncQueues::OnRetryReady(uint32_t f, int which) {
  auto& q = queues_[f];
  if (which == kBackoffCalendar) {
    q.calendar_scheduled = false;
    const bool paused = q.dispatch_scheduled || q.waiting_for_capacity;
    if (paused &&
        core_.function_spec(f).async.throttle_on_concurrency == AsyncConcurrencyThrottle::kBackoff)
      AttemptDue(f);
    else
      TryDispatch(f);
    ArmCalendarTimer(f);
    return;
  }
  auto& fifo = which == 1 ? q.retry_first : q.retry_second;
  (which == 1 ? q.retry_first_scheduled : q.retry_second_scheduled) = false;
  const sim::Time now = core_.Now();
  while (!fifo.empty() && fifo.front().first <= now) {
    q.ready.push_back(fifo.front().second);
    fifo.pop_front();
  }
  ScheduleRetryTimer(f, which);
  TryDispatch(f);
}

}  // namespace lambdasim
