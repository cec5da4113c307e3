// models/lambda/sources/call_chain.h — Lambda calling Lambda: a function's `calls:` list
// (scenario_spec.h CallSpec; scenarios/README.md "Lambda calling Lambda").
//
// An invocation of a function with calls runs its own execution time D (sampled as any
// invocation's) in pieces: its calls are made in list order, call k at own time
// max(after_k, the own time of call k−1) capped at D — own time does not advance while the
// caller waits. A call is made with its `probability` (drawn from "calls/<caller>").
//   * async: the event goes to the callee's async queue (async_queue.h); the caller goes on.
//   * sync: the callee is admitted like any request (PlatformCore::TryAdmit); the caller waits,
//     busy and billed, until the callee's invocation ends (its init and execution included). A
//     throttled call is retried by the caller's SDK per the entry's `retries` (full-jitter
//     backoff from "calls/<caller>"), the backoff counted in the wait; out of attempts it is a
//     downstream throttle.
//   * A callee's throttle, function error or timeout fails the caller at once (an uncaught
//     exception in the caller's code): the invocation ends then as a function error, counted
//     in downstream_errors_<reason>; the remaining calls are not made.
//   * The caller's timeout counts its whole invoke phase (own time and waits). It cuts a wait:
//     the caller ends at invoke start + timeout as a timeout; the callee, already admitted,
//     runs on and its end is ignored.
//   * map (`map:`, a Step Functions Map state over map.function; map_run.h): the caller starts
//     a Map run; sync, it waits, busy and billed, until the run ends (every item done) and a
//     failed run fails it as a downstream error (reason `error`); async, it goes on at once.
// The caller's billed duration is its whole invoke phase (own time + waits), charged at its end.
//
// Invariants: a call slot is in use exactly while its environment runs a caller's invocation
// (Environment::call_slot names it), so slots are bounded by the callers' concurrency and a
// freed slot is reused (free list) — nothing is allocated per request once the slot array has
// grown. Each slot has one live token; every event (kCallerCall, kCallerEnd) and every callee
// carries the token current when it was scheduled or called, and a mismatch marks it stale
// (tokens come from one counter and are never reused). At most one live event is pending per
// slot; stale kCallerEnd events (a deadline after the callee returned) stay queued until their
// time, at most one per synchronous call made in the last timeout.
#pragma once

#include <cstdint>
#include <vector>

#include "models/lambda/core.h"
#include "models/lambda/environment.h"
#include "models/lambda/map_run.h"
#include "models/lambda/sources/async_queue.h"
#include "models/metrics/metrics_recorder.h"
#include "models/spec/scenario_spec.h"
#include "sim/rng.h"

namespace lambdasim {

class CallChains {
 public:
  CallChains(PlatformCore& core, AsyncQueues& async, MetricsRecorder& recorder);
  CallChains(const CallChains&) = delete;
  CallChains& operator=(const CallChains&) = delete;

  // PlatformCore::StartInvocation of a function with calls: its invoke phase starts at
  // `invoke_start` (after any init wait) with `own_ns` of its own execution.
  void Begin(uint32_t env, sim::Time invoke_start, int64_t own_ns, int64_t billed_init_ns,
             bool on_provisioned);
  // kCallerCall: the caller makes its next call, or retries a throttled one.
  void OnCall(uint32_t slot, uint64_t token);
  // kCallerEnd: when live, fills the caller's environment (duration, error, timeout), bills it,
  // frees the slot and returns true with *env set: the platform then completes the invocation.
  bool OnEnd(uint32_t slot, uint64_t token, uint32_t* env);
  // A callee (Caller::kCall) finished; `done` is its environment's copy.
  void OnCalleeComplete(const Environment& done);
  // Call k of function f is a Map state: its runs are Map entry `entry` of `maps` (set by the
  // platform for every kMap call before the run starts).
  void SetMapEntry(uint32_t f, size_t k, MapRuns* maps, uint32_t entry);
  // A Map run ended (any entry's: runs of traffic entries are ignored); resumes or fails the
  // caller that waits for it, if it still does.
  void OnMapRunDone(const MapRunDone& done);

  // The caller function a slot serves (the fingerprint's function of a call event).
  uint32_t FunctionOfSlot(uint32_t slot) const {
    return slot < slots_.size() ? slots_[slot].function : 0;
  }
  size_t slots_in_use() const { return slots_.size() - free_.size(); }
  size_t slot_capacity() const { return slots_.size(); }

 private:
  enum class Phase : uint8_t { kRunning, kWaiting, kBackoff, kEnding };
  struct Slot {
    uint32_t env = 0;
    uint32_t function = 0;
    uint64_t token = 0;
    sim::Time invoke_start, deadline;  // deadline = invoke_start + the caller's timeout
    int64_t own_ns = 0;                // the caller's own execution time
    int64_t own_used_ns = 0;           // own time run so far
    int64_t next_own_ns = 0;           // own time at the pending kCallerCall (kRunning)
    uint32_t next_call = 0;            // index of the next (or current) call
    int64_t attempt = 0;               // attempts of the current sync call
    sim::Time call_made;               // first attempt of the current sync call
    int64_t billed_init_ns = 0;
    bool on_provisioned = false;
    bool failed = false;     // a downstream error ends the invocation
    bool timed_out = false;  // the caller's own timeout ends it
    Phase phase = Phase::kRunning;
  };

  // The caller runs from `now` (own time own_used_ns): schedules its next call or its end.
  void Advance(uint32_t slot, sim::Time now);
  // The current sync call's next attempt.
  void Attempt(uint32_t slot);
  // Ends the invocation at `at` (>= now) with a fresh token.
  void ScheduleEnd(uint32_t slot, sim::Time at);
  void Fail(uint32_t slot, DownstreamReason reason);
  // Call `flat` (index into retries_) of the slot's caller is a Map state: starts its run.
  void StartMap(uint32_t slot, const CallSpec& c, size_t flat);
  // A Map run's token names the waiting slot (low 24 bits) and the slot's token then (the low
  // 40 bits above): a run ending after its caller timed out, or for a slot reused since,
  // does not match. kNoWaiter: an async call's run, nobody waits.
  static constexpr uint64_t kNoWaiter = ~uint64_t{0};
  static constexpr int kSlotBits = 24;
  uint64_t Renew(uint32_t slot) { return slots_[slot].token = next_token_++; }

  PlatformCore& core_;
  AsyncQueues& async_;
  MetricsRecorder& rec_;
  std::vector<Slot> slots_;
  std::vector<uint32_t> free_;
  std::vector<sim::RngStream> rng_;   // per function: "calls/<name>" (callers only)
  std::vector<ClientRetry> retries_;  // per function × call, flattened (call_base_)
  std::vector<size_t> call_base_;     // per function: its first entry in retries_
  MapRuns* maps_ = nullptr;           // set when some call is a Map state
  std::vector<uint32_t> map_entry_;   // per call (as retries_): its Map entry (kMap calls)
  std::vector<bool> is_call_entry_;   // per Map entry: a call's (not a traffic entry's)
  uint64_t next_token_ = 1;
};

}  // namespace lambdasim
