// models/lambda/sources/platform_async.cc — asynchronous invocation: Lambda's internal event queue
// (§6.2).
//
// Each function has one queue. Accepted events (HTTP 202 to the sender) wait in FIFO
// order; a poller dispatches the head whenever admission succeeds. A throttle leaves the
// event at the head and the poller backs off base·2^(k−1) (k = consecutive throttles,
// capped at max); with base = 0 it instead waits for the next release of concurrency.
// Function errors are retried after retry_delay_first, then retry_delay_second, up to
// maximum_retry_attempts. An event older than maximum_event_age, or out of retries, is
// dropped — to the DLQ / on-failure destination if one is configured. Reserved
// concurrency 0 sends events straight there, without retries.
// Memory: one AsyncEvent (24 bytes) per event in the backlog; nothing per processed event.
#include <algorithm>

#include "models/lambda/platform.h"

namespace lambdasim {

void LambdaPlatform::UpdateAsyncDepth(size_t f) {
  rec_.async_depth(f).Set(sim_.Now(), async_[f].depth());
}

void LambdaPlatform::FailAsync(size_t f) {
  rec_.OnAsyncFailed(f, fns_[f].spec->async.on_failure_dlq);
}

void LambdaPlatform::EnqueueAsync(size_t f, const AsyncEvent& event) {
  rec_.OnAsyncReceived(f);
  if (fns_[f].reserved == 0) {  // §3: straight to the DLQ / destination, no retries
    FailAsync(f);
    return;
  }
  auto& q = async_[f];
  q.ready.push_back(event);
  UpdateAsyncDepth(f);
  PumpAsync(f);
}

void LambdaPlatform::PumpAsync(size_t f) {
  auto& q = async_[f];
  if (q.dispatch_scheduled || q.waiting_for_capacity) return;
  const sim::Time now = sim_.Now();
  const AsyncSpec& cfg = fns_[f].spec->async;
  bool changed = false;
  while (!q.ready.empty()) {
    const AsyncEvent event = q.ready.front();
    if (now - event.enqueued > cfg.maximum_event_age) {
      q.ready.pop_front();
      FailAsync(f);
      changed = true;
      continue;
    }
    const Admission a = TryAdmit(f);
    if (!a.admitted) {
      RecordThrottle(f, a.reason);
      ++q.throttle_streak;
      const bool time_limited =
          a.reason == ThrottleReason::kScalingRate || a.reason == ThrottleReason::kRpsLimit;
      if (cfg.throttle_backoff_base == sim::Duration() && !time_limited) {
        q.waiting_for_capacity = true;
        async_waiting_.push_back(static_cast<uint32_t>(f));
      } else {
        // base·2^(k−1), capped; time-based limits (tokens, RPS windows) are retried at least
        // every 10 ms even when base = 0.
        const int64_t shift = std::min<int64_t>(q.throttle_streak - 1, 30);
        int64_t delay_ns =
            std::min(cfg.throttle_backoff_max.ns(), cfg.throttle_backoff_base.ns() << shift);
        if (time_limited) delay_ns = std::max<int64_t>(delay_ns, sim::Duration::Millis(10).ns());
        const sim::Time at = now + sim::Duration::Nanos(delay_ns);
        if (at < horizon_) {
          q.dispatch_scheduled = true;
          Schedule(at, EventKind::kAsyncDispatch, static_cast<uint32_t>(f));
        }
      }
      break;
    }
    q.ready.pop_front();
    q.throttle_streak = 0;
    changed = true;
    rec_.OnAsyncDispatched(f, (now - event.enqueued).ns());
    Environment& e = envs_[a.env];
    e.async_event = event;
    StartInvocation(a.env, Caller::kAsync, static_cast<uint32_t>(f), event.enqueued,
                    event.duration_ns, a.cold, a.on_provisioned);
  }
  if (changed) UpdateAsyncDepth(f);
}

void LambdaPlatform::WakeWaitingAsync() {
  // Swap the list out first (PumpAsync may add a function back); both vectors keep their
  // capacity, so waking allocates nothing.
  wake_scratch_.clear();
  wake_scratch_.swap(async_waiting_);
  for (const uint32_t f : wake_scratch_) {
    async_[f].waiting_for_capacity = false;
    PumpAsync(f);
  }
}

void LambdaPlatform::OnAsyncComplete(const Environment& e) {
  const size_t f = e.function;
  if (!e.error) return;
  AsyncEvent event = e.async_event;
  ++event.attempts;
  const AsyncSpec& cfg = fns_[f].spec->async;
  if (event.attempts > cfg.maximum_retry_attempts) {
    FailAsync(f);
    return;
  }
  auto& q = async_[f];
  const sim::Time now = sim_.Now();
  if (event.attempts == 1) {
    q.retry_first.push_back({now + cfg.retry_delay_first, event});
    ScheduleAsyncRetryTimer(f, 1);
  } else {
    q.retry_second.push_back({now + cfg.retry_delay_second, event});
    ScheduleAsyncRetryTimer(f, 2);
  }
  UpdateAsyncDepth(f);
}

void LambdaPlatform::ScheduleAsyncRetryTimer(size_t f, int which) {
  auto& q = async_[f];
  auto& fifo = which == 1 ? q.retry_first : q.retry_second;
  bool& scheduled = which == 1 ? q.retry_first_scheduled : q.retry_second_scheduled;
  if (scheduled || fifo.empty()) return;
  const sim::Time at = std::max(fifo.front().first, sim_.Now());
  if (at >= horizon_) return;
  scheduled = true;
  Schedule(at, EventKind::kAsyncRetryReady, static_cast<uint32_t>(f), static_cast<uint64_t>(which));
}

void LambdaPlatform::OnAsyncRetryReady(uint32_t f, int which) {
  auto& q = async_[f];
  auto& fifo = which == 1 ? q.retry_first : q.retry_second;
  (which == 1 ? q.retry_first_scheduled : q.retry_second_scheduled) = false;
  const sim::Time now = sim_.Now();
  while (!fifo.empty() && fifo.front().first <= now) {
    q.ready.push_back(fifo.front().second);
    fifo.pop_front();
  }
  ScheduleAsyncRetryTimer(f, which);
  PumpAsync(f);
}

void LambdaPlatform::Publish(size_t topic, sim::Time now, int64_t duration_ns) {
  const FanoutSpec& t = spec_.fanout[topic];
  const size_t base = fanout_rng_offset_[topic];
  for (size_t i = 0; i < t.targets.size(); ++i) {
    const auto& target = t.targets[i];
    // Every target draws, matched or not, so one target's filter never shifts another's.
    const double u = fanout_rng_[base + i].NextDouble();
    if (target.filter >= 1.0 || u < target.filter)
      EnqueueAsync(target.function_index, AsyncEvent{now, duration_ns, 0});
  }
}

}  // namespace lambdasim
