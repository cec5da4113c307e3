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
//   A handler with a `Prefetch(const Event&)` member is shown pending events ahead of time, to
//   start loading their state: before each event is handled, the queued event kLookahead − 1
//   places ahead (or, when fewer are known in order, the next one), and the first events of a
//   run as the queue learns their order; so each event of a run is shown about kLookahead
//   events before it is handled, and near a run's end once more as the next (a cache hint only:
//   those events may still be overtaken, and nothing the handler observes may depend on the calls).
//   A handler that also has `PrefetchNext(const Event&)` is shown with it, before each event, the
//   queued one after it: a second, cheap stage for what only the first stage's lines can locate
//   (the platform: the environment an arrival will reuse, read from its function's state). Showing
//   the next event through Prefetch a second time cost 8.5 % of all instructions at 10^4 functions
//   (bench/ README.md, session 8 of issue 17).
//   A handler that also has `bool HintsWanted() const` is asked before each event whether to
//   give hints at all (false: neither stage is called, nor the look ahead computed): hints only
//   pay when the state they load has outgrown the caches; below that they are instructions for
//   nothing (the platform: about 60 an invocation at 10^3 concurrency, session 9 of issue 17).
//
// Lanes. A source that has at most one pending event at any time (a traffic source's next
// arrival) may schedule it with ScheduleLaneAt instead of ScheduleAt. Lane 0 is held in a slot
// outside the queue and compared with the queue's minimum by the full key at each pop; other
// lanes go to the queue. Sequence numbers come from the one counter either way, so the order of
// events — and every result — is the same as with ScheduleAt.
#pragma once

#include <algorithm>
#include <concepts>
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
    if (pending() != 0 || processed_ != 0)
      throw SchedulingError("StartAt after events were scheduled");
    now_ = start;
  }
  uint64_t events_processed() const { return processed_; }
  size_t pending() const { return queue_.size() + (lane_full_ ? 1 : 0); }
  void Reserve(size_t n) { queue_.reserve(n); }

  // Schedules an event `delay` after Now(). delay must be >= 0.
  void Schedule(Duration delay, uint16_t priority, uint32_t kind, uint32_t a = 0, uint64_t b = 0) {
    if (delay < Duration()) throw SchedulingError("negative delay " + FormatDuration(delay));
    Push(now_ + delay, priority, kind, a, b);
  }

  // Schedules an event at absolute time `at`; at < Now() is an error.
  [[gnu::always_inline]] void ScheduleAt(Time at, uint16_t priority, uint32_t kind, uint32_t a = 0,
                                         uint64_t b = 0) {
    if (at < now_) ThrowPast(at);
    Push(at, priority, kind, a, b);
  }

  // Schedules the one pending event of `lane` at `at` (see Lanes above). The lane must hold no
  // pending event; at < Now() is an error.
  [[gnu::always_inline]] void ScheduleLaneAt(uint32_t lane, Time at, uint16_t priority,
                                             uint32_t kind, uint32_t a = 0, uint64_t b = 0) {
    if (at < now_) ThrowPast(at);
    if (lane != 0) {
      Push(at, priority, kind, a, b);
      return;
    }
    if (lane_full_) throw SchedulingError("lane 0 already holds a pending event");
    lane_ = MakeEvent(at, priority, kind, a, b);
    lane_key_ = EventKey(lane_);
    lane_full_ = true;
  }

  // How far ahead of the next event RunUntil shows queued events to a handler's Prefetch.
  static constexpr size_t kLookahead = 8;

  void Stop() { stopped_ = true; }
  bool stopped() const { return stopped_; }

  // See the contract in the file comment. Handler: void operator()(const Event&), and
  // optionally void Prefetch(const Event&) (a hint, see above).
  template <class Handler>
  void RunUntil(Time end, Handler&& handler) {
    constexpr bool kHints = requires(Handler & h, const Event& next) { h.Prefetch(next); };
    constexpr bool kNextHints = kHints && requires(Handler & h, const Event& next) {
      h.PrefetchNext(next);
    };
    constexpr bool kHintSwitch = kHints && requires(const Handler& h) {
      { h.HintsWanted() } -> std::convertible_to<bool>;
    };
    const auto hints_on = [&handler]() -> bool {
      if constexpr (kHintSwitch) return handler.HintsWanted();
      return true;
    };
    if (next_seq_ >= kSeqLimit) [[unlikely]]
      throw SchedulingError("more than 2^48 events scheduled");
    stopped_ = false;
    Time now = now_;  // the clock in a register; now_ is stored before each handler call
    for (;;) {
      // The next event: the queue's minimum or lane 0's, by the full key (an empty lane's key is
      // the greatest, so it never wins against a queued event).
      const Event* top = queue_.FastTop();
      if (top == nullptr) [[unlikely]] {
        if (!queue_.empty()) {
          if (queue_.Prepare()) {
            if constexpr (kHints) {  // a new run: its first events are now known in order
              if (hints_on()) {
                const size_t n = std::min(queue_.visible(), kLookahead);
                for (size_t k = 1; k < n; ++k) handler.Prefetch(queue_.AheadVisible(k));
              }
            }
          }
          top = &queue_.PreparedTop();
        } else if (!lane_full_) {
          break;
        }
      }
      const bool from_lane = top == nullptr || lane_key_ < EventKey(*top);
      const Event e = from_lane ? lane_ : *top;
      if (e.time > end) break;
      if (from_lane) {
        lane_full_ = false;
        lane_key_ = kNoLaneKey;
      } else {
        queue_.PreparedPop();
      }
      now = e.time;
      now_ = now;  // handlers read Now() and schedule relative to it
      ++processed_;
      if constexpr (kHints) {
        if (hints_on()) {
          const size_t n = queue_.visible();
          if (n >= kLookahead) {
            handler.Prefetch(queue_.AheadVisible(kLookahead - 1));
            if constexpr (kNextHints) handler.PrefetchNext(queue_.AheadVisible(0));
          } else if (n > 0) {
            handler.Prefetch(queue_.AheadVisible(0));
            if constexpr (kNextHints) handler.PrefetchNext(queue_.AheadVisible(0));
          }
        }
      }
      handler(e);
      if (stopped_) return;
    }
    if (end > now) now_ = end;
  }

  // Time of the next pending event, or Time::Max() when none.
  Time NextEventTime() const {
    const Time q = queue_.empty() ? Time::Max() : queue_.MinTime();
    return lane_full_ && lane_.time < q ? lane_.time : q;
  }

 private:
  // Out of line and cold, so that the scheduling calls stay small enough to inline.
  [[noreturn, gnu::cold, gnu::noinline]] void ThrowPast(Time at) const {
    throw SchedulingError("event scheduled in the past: at " + std::to_string(at.ns()) +
                          " ns, now " + std::to_string(now_.ns()) + " ns");
  }
  void Push(Time at, uint16_t priority, uint32_t kind, uint32_t a, uint64_t b) {
    queue_.push(MakeEvent(at, priority, kind, a, b));
  }
  Event MakeEvent(Time at, uint16_t priority, uint32_t kind, uint32_t a, uint64_t b) {
    Event e;
    e.time = at;
    // No mask on the sequence: it stays below 2^48 (checked at each RunUntil entry), and one
    // RunUntil call cannot schedule 2^48 events in practice (2.8e14 events at >= 10 ns each is
    // more than 32 days of CPU).
    e.order = (uint64_t{priority} << 48) | next_seq_++;
    e.kind = kind;
    e.a = a;
    e.b = b;
    return e;
  }

  RadixEventQueue queue_;
  Event lane_;  // lane 0's pending event, when lane_full_
  static constexpr __uint128_t kNoLaneKey = ~__uint128_t{0};
  __uint128_t lane_key_ = kNoLaneKey;  // EventKey(lane_), or kNoLaneKey when the lane is empty
  bool lane_full_ = false;
  Time now_;
  static constexpr uint64_t kSeqLimit = uint64_t{1} << 48;  // sequence numbers are 48 bits
  uint64_t next_seq_ = 0;
  uint64_t processed_ = 0;
  bool stopped_ = false;
  friend class SimulationTestPeer;  // tests/sim_sequence_limit_test.cc: sets next_seq_
};

}  // namespace sim
