// models/lambda/sources/async_queue.h — asynchronous invocation: Lambda's internal event queue
// (reference §6.2; AWS: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html,
// invocation-async-error-handling.html, invocation-async-configuring.html,
// invocation-async-retain-records.html).
//
// Each function has one queue. Accepted events (HTTP 202 to the sender) wait in FIFO
// order; a poller dispatches the head whenever admission succeeds. A throttle leaves the
// event at the head and the poller backs off base·2^(k−1) (k = consecutive throttles,
// capped at max); with base = 0 it instead waits for the next release of concurrency.
// Function errors are retried after retry_delay_first, then retry_delay_second, up to
// maximum_retry_attempts. An event older than maximum_event_age, or out of retries, is
// dropped — to the DLQ / on-failure destination if one is configured. Reserved
// concurrency 0 sends events straight there, without retries.
//
// Invariants: a function is in the waiting list exactly when its queue's
// waiting_for_capacity is set; at most one kAsyncDispatch and one kAsyncRetryReady per
// retry FIFO is pending per function (the *_scheduled flags); each retry FIFO is ordered by
// ready time (its delay is constant). The async_depth gauge equals depth() after every change.
// Memory: one AsyncEvent (24 bytes) per event in the backlog; nothing per processed event
// (the waiting list and its scratch copy keep their capacity).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "models/lambda/core.h"
#include "models/lambda/environment.h"
#include "models/lambda/ring_deque.h"
#include "models/metrics/metrics_recorder.h"

namespace lambdasim {

class AsyncQueues {
 public:
  AsyncQueues(PlatformCore& core, MetricsRecorder& recorder, size_t functions)
      : core_(core), rec_(recorder), queues_(functions) {}

  // Lambda accepts an event for function f (an async invoke, or a fan-out delivery).
  void OnEnqueue(size_t f, const AsyncEvent& event);
  // kAsyncDispatch: the poller's throttle backoff for f has elapsed.
  void OnDispatchTimer(uint32_t f) {
    queues_[f].dispatch_scheduled = false;
    TryDispatch(f);
  }
  // kAsyncRetryReady: error retries of f waiting in FIFO `which` (1 or 2) may be ready.
  void OnRetryReady(uint32_t f, int which);
  // An invocation with Caller::kAsync finished (`done` is the environment's copy).
  void OnInvocationComplete(const Environment& done);
  // Concurrency was released: queues waiting for capacity (backoff base 0) try again.
  void OnCapacityReleased() {
    if (!waiting_.empty()) WakeWaiting();
  }

 private:
  // A function's queue: events waiting to be dispatched (FIFO), and events waiting out an
  // error-retry delay (one FIFO per delay; the delays are constant, so each FIFO is ordered
  // by ready time). Memory ∝ backlog.
  struct Queue {
    RingDeque<AsyncEvent> ready;
    RingDeque<std::pair<sim::Time, AsyncEvent>> retry_first, retry_second;
    bool dispatch_scheduled = false;    // a kAsyncDispatch is pending (throttle backoff)
    bool waiting_for_capacity = false;  // backoff 0: dispatch at the next release
    int64_t throttle_streak = 0;
    bool retry_first_scheduled = false, retry_second_scheduled = false;
    int64_t depth() const {
      return static_cast<int64_t>(ready.size() + retry_first.size() + retry_second.size());
    }
  };

  void TryDispatch(size_t f);
  void Fail(size_t f);
  void ScheduleRetryTimer(size_t f, int which);
  void UpdateDepth(size_t f);
  void WakeWaiting();

  PlatformCore& core_;
  MetricsRecorder& rec_;
  std::vector<Queue> queues_;      // per function
  std::vector<uint32_t> waiting_;  // functions whose queue waits for a release
  std::vector<uint32_t> wake_scratch_;
};

}  // namespace lambdasim
