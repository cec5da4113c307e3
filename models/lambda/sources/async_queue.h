// models/lambda/sources/async_queue.h — asynchronous invocation: Lambda's internal event queue
// (reference §6.2; AWS: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html,
// invocation-async-error-handling.html, invocation-async-configuring.html,
// invocation-async-retain-records.html).
//
// Each function has one queue: a FIFO of ready events, a calendar of events backing off
// after a throttle, and two FIFOs of events waiting out a function-error retry delay.
//
// Dispatch order: a backing-off event whose due time has come is attempted before the ready
// FIFO's head (earliest due first); then the ready events in arrival order. Each attempt
// first drops an event older than maximum_event_age (to the DLQ / on-failure destination if
// configured), so age limits apply per event wherever it waits.
//
// A throttle (AWS: the event returns to the queue and is retried, "the retry interval
// increases exponentially from 1 second … to a maximum of 5 minutes"):
//   * the event backs off on its own when the throttle is time-limited (scaling rate, RPS),
//     or for any reason with throttle_backoff.on_concurrency = backoff: after its k-th
//     backoff it is due uniform[d/2, d] later, d = min(max, base·2^(k−1)) ("equal jitter",
//     drawn from the stream "async_backoff/<function>"). With on_concurrency = wait (the
//     default) a concurrency throttle leaves the event at the head, counted once.
//     base = 0: no event ever backs off (it keeps its place).
//   * the poller pauses, so one instant never throttles the whole backlog: after a
//     concurrency throttle (reserved, account) until the next release of concurrency; after
//     a time-limited one for 10 ms. Events that come due meanwhile wait for the poller —
//     except with on_concurrency = backoff, where each is attempted at its due time (and
//     backs off again if throttled).
// Function errors are retried after retry_delay_first, then retry_delay_second, up to
// maximum_retry_attempts (the retried event joins the ready FIFO's tail); out of retries it
// is dropped like an expired one. Reserved concurrency 0 sends events straight to the DLQ /
// destination, without retries.
//
// Invariants: a function is in the waiting list exactly when its queue's
// waiting_for_capacity is set; at most one kAsyncDispatch, one kAsyncRetryReady per error
// FIFO and one kAsyncRetryReady for the calendar (which = 3) is pending per function (the
// *_scheduled flags); each error FIFO is ordered by ready time (its delay is constant); the
// calendar is a binary min-heap on due time holding exactly the backing-off events. The
// calendar timer is set for the earliest due time but never more than max(1 ns, base/2)
// ahead: a new backoff is never due sooner than that, so the one timer never has to move
// earlier. The async_depth gauge equals depth() (ready + backing off + error retries) after
// every change.
// Memory: one AsyncEvent (24 bytes) per ready event, 32 bytes per backing-off or
// error-retrying event; nothing per processed event (the FIFOs, the calendar, the waiting
// list and its scratch copy keep their capacity); no simulation event per queued event.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "models/lambda/core.h"
#include "models/lambda/environment.h"
#include "models/lambda/ring_deque.h"
#include "models/metrics/metrics_recorder.h"
#include "sim/rng.h"

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
  // kAsyncRetryReady: error retries of f waiting in FIFO `which` (1 or 2) may be ready, or
  // (which = kBackoffCalendar) a backing-off event may be due.
  void OnRetryReady(uint32_t f, int which);
  // An invocation with Caller::kAsync finished (`done` is the environment's copy).
  void OnInvocationComplete(const Environment& done);
  // Concurrency was released: queues whose poller waits for capacity try again.
  void OnCapacityReleased() {
    if (!waiting_.empty()) WakeWaiting();
  }

  // The kAsyncRetryReady payload for the backoff calendar's timer.
  static constexpr int kBackoffCalendar = 3;

  // Inspection (tests): events of f in the ready FIFO, backing off, and the earliest due
  // time of a backing-off event (Time::Max() when none).
  size_t ready_size(size_t f) const { return queues_[f].ready.size(); }
  size_t backing_off(size_t f) const { return queues_[f].calendar.size(); }
  size_t calendar_capacity(size_t f) const { return queues_[f].calendar.capacity(); }
  sim::Time next_backoff_due(size_t f) const {
    return queues_[f].calendar.empty() ? sim::Time::Max() : queues_[f].calendar.front().due;
  }

 private:
  // An event backing off after a throttle, due at `due`.
  struct Backoff {
    sim::Time due;
    AsyncEvent event;
  };
  // A function's queue: events waiting to be dispatched (FIFO), events backing off after a
  // throttle (a binary min-heap on due time: jittered due times are not FIFO), and events
  // waiting out an error-retry delay (one FIFO per delay; the delays are constant, so each
  // FIFO is ordered by ready time). Memory ∝ backlog.
  struct Queue {
    RingDeque<AsyncEvent> ready;
    std::vector<Backoff> calendar;  // min-heap on due; keeps its capacity
    RingDeque<std::pair<sim::Time, AsyncEvent>> retry_first, retry_second;
    sim::RngStream jitter_rng;  // "async_backoff/<function>", made at the first backoff
    bool jitter_rng_ready = false;
    bool dispatch_scheduled = false;    // a kAsyncDispatch is pending (10 ms after a throttle)
    bool waiting_for_capacity = false;  // in waiting_: the poller resumes at the next release
    bool calendar_scheduled = false;    // a kAsyncRetryReady(kBackoffCalendar) is pending
    bool retry_first_scheduled = false, retry_second_scheduled = false;
    int64_t depth() const {
      return static_cast<int64_t>(ready.size() + calendar.size() + retry_first.size() +
                                  retry_second.size());
    }
  };

  // The poller: attempts due backing-off events, then ready events, until a throttle.
  void TryDispatch(size_t f);
  // on_concurrency = backoff while the poller is paused: attempts the due backing-off events.
  void AttemptDue(size_t f);
  // Starts the invocation of `event` on the admitted environment.
  void Start(size_t f, const Admission& a, const AsyncEvent& event);
  // Sends `event` (throttled now) to the calendar with its next jittered backoff.
  void BackOff(size_t f, AsyncEvent event);
  static bool LaterDue(const Backoff& a, const Backoff& b);
  static AsyncEvent PopDue(Queue& q);
  void ArmCalendarTimer(size_t f);
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
