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

void AsyncQueues::TryDispatch(size_t f) {
  auto& q = queues_[f];
  if (q.dispatch_scheduled || q.waiting_for_capacity) return;
  const sim::Time now = core_.Now();
  const AsyncSpec& cfg = core_.function_spec(f).async;
  bool changed = false;
  while (!q.ready.empty()) {
    const AsyncEvent event = q.ready.front();
    if (now - event.enqueued > cfg.maximum_event_age) {
      q.ready.pop_front();
      Fail(f);
      changed = true;
      continue;
    }
    const Admission a = core_.TryAdmit(f);
    if (!a.admitted) {
      core_.RecordThrottle(f, a.reason);
      ++q.throttle_streak;
      const bool time_limited =
          a.reason == ThrottleReason::kScalingRate || a.reason == ThrottleReason::kRpsLimit;
      if (cfg.throttle_backoff_base == sim::Duration() && !time_limited) {
        q.waiting_for_capacity = true;
        waiting_.push_back(static_cast<uint32_t>(f));
      } else {
        // base·2^(k−1), capped; time-based limits (tokens, RPS windows) are retried at least
        // every 10 ms even when base = 0.
        const int64_t shift = std::min<int64_t>(q.throttle_streak - 1, 30);
        int64_t delay_ns =
            std::min(cfg.throttle_backoff_max.ns(), cfg.throttle_backoff_base.ns() << shift);
        if (time_limited) delay_ns = std::max<int64_t>(delay_ns, sim::Duration::Millis(10).ns());
        const sim::Time at = now + sim::Duration::Nanos(delay_ns);
        if (at < core_.horizon()) {
          q.dispatch_scheduled = true;
          core_.Schedule(at, EventKind::kAsyncDispatch, static_cast<uint32_t>(f));
        }
      }
      break;
    }
    q.ready.pop_front();
    q.throttle_streak = 0;
    changed = true;
    rec_.OnAsyncDispatched(f, (now - event.enqueued).ns());
    Environment& e = core_.env(a.env);
    e.async_event = event;
    core_.StartInvocation(a.env, Caller::kAsync, static_cast<uint32_t>(f), event.enqueued,
                          event.duration_ns, a.cold, a.on_provisioned);
  }
  if (changed) UpdateDepth(f);
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
