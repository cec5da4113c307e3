// sim/simulation.h — the discrete-event kernel.
//
// A Simulation owns the clock and the event queue. Models schedule Events (POD: kind and
// payload) and run the loop with a handler of their own type; dispatch is a direct,
// inlinable call, never virtual. Invariants:
//   * Now() never decreases; an event is never scheduled before Now() (ScheduleAt throws
//     SchedulingError, a programming error in the model).
//   * Events pop in (time, priority, sequence) order — see EventQueue; the pending set is a
//     RadixEventQueue (radix_event_queue.h), which pops exactly as EventQueue would.
//
// RunUntil(end, handler) contract:
//   processes, in order, every pending event with time <= end, unless Stop() is called
//   (by the handler) — then it returns after the event being handled. Events scheduled
//   while running are processed in the same call if their time is <= end. On return
//   without Stop(), Now() == end (the clock advances to `end` even if the queue drained
//   earlier); after Stop(), Now() is the time of the last processed event. Events after
//   `end` stay pending, so RunUntil may be called again with a later end.
//   A handler with a `Prefetch(const Event&)` member is shown the next pending event just
//   before each event is handled, to start loading that event's state (a cache hint only: the
//   next event may still change, and nothing the handler observes may depend on the call).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "sim/radix_event_queue.h"
#include "sim/time.h"

namespace sim {

class SchedulingError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class Simulation {
 public:
  Time Now() const { return now_; }
  // Sets the start time (before anything is scheduled): a run with a warm-up starts at
  // −warmup so that measured time begins at 0.
  void StartAt(Time start) {
    if (queue_.size() != 0 || processed_ != 0)
      throw SchedulingError("StartAt after events were scheduled");
    now_ = start;
  }
  uint64_t events_processed() const { return processed_; }
  size_t pending() const { return queue_.size(); }
  void Reserve(size_t n) { queue_.reserve(n); }

  // Schedules an event `delay` after Now(). delay must be >= 0.
  void Schedule(Duration delay, uint16_t priority, uint32_t kind, uint32_t a = 0, uint64_t b = 0) {
    if (delay < Duration()) throw SchedulingError("negative delay " + FormatDuration(delay));
    Push(now_ + delay, priority, kind, a, b);
  }

  // Schedules an event at absolute time `at`; at < Now() is an error.
  void ScheduleAt(Time at, uint16_t priority, uint32_t kind, uint32_t a = 0, uint64_t b = 0) {
    if (at < now_)
      throw SchedulingError("event scheduled in the past: at " + std::to_string(at.ns()) +
                            " ns, now " + std::to_string(now_.ns()) + " ns");
    Push(at, priority, kind, a, b);
  }

  void Stop() { stopped_ = true; }
  bool stopped() const { return stopped_; }

  // See the contract in the file comment. Handler: void operator()(const Event&), and
  // optionally void Prefetch(const Event&) (a hint, see above).
  template <class Handler>
  void RunUntil(Time end, Handler&& handler) {
    stopped_ = false;
    while (!queue_.empty() && queue_.top().time <= end) {
      const Event e = queue_.pop();
      now_ = e.time;
      ++processed_;
      if constexpr (requires(Handler & h, const Event& next) { h.Prefetch(next); }) {
        if (!queue_.empty()) handler.Prefetch(queue_.top());
      }
      handler(e);
      if (stopped_) return;
    }
    if (end > now_) now_ = end;
  }

  // Time of the next pending event, or Time::Max() when none.
  Time NextEventTime() const { return queue_.empty() ? Time::Max() : queue_.top().time; }

 private:
  void Push(Time at, uint16_t priority, uint32_t kind, uint32_t a, uint64_t b) {
    Event e;
    e.time = at;
    e.order = (uint64_t{priority} << 48) | (next_seq_++ & ((uint64_t{1} << 48) - 1));
    e.kind = kind;
    e.a = a;
    e.b = b;
    queue_.push(e);
  }

  RadixEventQueue queue_;
  Time now_;
  uint64_t next_seq_ = 0;
  uint64_t processed_ = 0;
  bool stopped_ = false;
};

}  // namespace sim
