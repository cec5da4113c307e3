// models/lambda/map_run.h — Step Functions Map runs: N item invocations of one function, at most
// `bound` in flight per run (issue 18, part 3; scenarios/README.md "Step Functions Map").
//
// A Map entry (MapSpec: a traffic entry's `map:`, or a `calls:` entry's) starts runs; a
// run invokes its items synchronously (Step Functions' Lambda integration: the Task waits for
// the function's result), keeping min(max_concurrency, Step Functions' cap) items in flight
// (inline 40, distributed 10 000: PlatformLimits::sfn_*). An item is "in flight" from its
// first attempt to its end, Retrier waits included — AWS's iteration is in progress then (an
// item failing at its first attempt is never in flight).
// A throttled item (Lambda.TooManyRequestsException) is retried after interval·rate^(k−1)
// (capped at max_delay) while the entry's Retrier allows (MapRetrySpec; none by default: ASL
// fails the state); otherwise it fails. A function error or timeout fails the item too. When
// more than tolerated_failure_percentage of a run's items have failed, the run fails: it
// starts no more items and ends when its in-flight items have ended (AWS stops the
// iterations; the functions already running cannot be stopped).
//
// API for the owner (LambdaPlatform; the `calls:` glue later):
//   AddEntry(spec, function, rng_name)  → entry index (also the recorder's Map index)
//   Start(entry, token)                 → a run of spec.items items (drawn from the entry's
//                                          stream); `token` comes back when the run ends
//   StartRun(entry, items, token)       → the same with a given item count
//   OnInvocationComplete(env copy)      → for an environment with Caller::kMap
//   OnRetry(slot)                       → the kMapRetry event
// Each returns std::optional<MapRunDone>: set when that call ended a run (token, failed,
// duration). No callback, no virtual call.
// Invariants: a run's in_flight ≤ its bound; pending items are a count (no per-item object);
// a retry slot exists only while its item waits (bounded by the items in flight); a run's
// slot is freed exactly once, when in_flight reaches 0 with nothing pending (or the run
// failed); every item ends exactly once (invocation end, or failure at a throttle).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/lambda/core.h"
#include "models/lambda/environment.h"
#include "models/metrics/metrics_recorder.h"
#include "models/spec/scenario_spec.h"
#include "sim/rng.h"
#include "sim/time.h"

namespace lambdasim {

// A Map run that ended (all items done, or failed).
struct MapRunDone {
  uint32_t entry = 0;
  uint64_t token = 0;  // as given to Start
  bool failed = false;
  sim::Duration duration;  // start → its last item's end
};

class MapRuns {
 public:
  MapRuns(PlatformCore& core, MetricsRecorder& recorder) : core_(core), rec_(recorder) {}
  MapRuns(const MapRuns&) = delete;
  MapRuns& operator=(const MapRuns&) = delete;

  // Declares a Map entry invoking `function`; `rng` draws its item counts. `spec` must
  // outlive this object. Returns the entry's index (the recorder's Map index too).
  uint32_t AddEntry(const MapSpec& spec, uint32_t function, const sim::RngStream& rng);
  size_t entries() const { return entries_.size(); }
  uint32_t FunctionOfEntry(uint32_t entry) const { return entries_[entry].function; }
  uint32_t FunctionOfRetry(uint32_t slot) const {
    return entries_[runs_[retries_[slot].run].entry].function;
  }

  // Starts a run of entry `entry` now: its item count drawn from spec.items (rounded to the
  // nearest integer, at least 0), or `items` given.
  std::optional<MapRunDone> Start(uint32_t entry, uint64_t token);
  std::optional<MapRunDone> StartRun(uint32_t entry, int64_t items, uint64_t token);
  // An invocation with Caller::kMap finished (`done` is the environment's copy).
  std::optional<MapRunDone> OnInvocationComplete(const Environment& done);
  // kMapRetry: a throttled item's Retrier interval has elapsed.
  std::optional<MapRunDone> OnRetry(uint32_t slot);

  // Runs open now (started, not ended) — for tests.
  size_t open_runs() const { return runs_.size() - free_runs_.size(); }

 private:
  struct Entry {
    const MapSpec* spec = nullptr;
    uint32_t function = 0;
    int64_t bound = 0;
    sim::RngStream rng;
  };
  struct Run {
    uint32_t entry = 0;
    uint64_t token = 0;
    sim::Time started;
    int64_t items = 0;
    int64_t pending = 0;    // items not started yet (a count)
    int64_t in_flight = 0;  // started, not ended (invoking or waiting for a retry)
    int64_t failures = 0;
    int64_t tolerated = 0;  // failures allowed before the run fails
    bool failed = false;
  };
  struct Retry {
    uint32_t run = 0;
    int64_t attempt = 0;  // the attempt about to be made (2, 3, …)
    sim::Time origin;     // the item's first attempt
  };

  // Starts pending items while the bound allows; returns the run's end if it ended.
  std::optional<MapRunDone> Pump(uint32_t run);
  // One attempt of an item; false when it failed at once (throttled, no retry left).
  bool Attempt(uint32_t run, int64_t attempt, sim::Time origin);
  // An item in flight ended (failed or not): updates the run; does not pump.
  void ItemEnded(uint32_t run, bool failed);
  // An item failed: counts it; the run fails past its tolerated failures.
  void ItemFailed(uint32_t run);
  // The run's end, if it has ended (frees its slot).
  std::optional<MapRunDone> Settle(uint32_t run);

  PlatformCore& core_;
  MetricsRecorder& rec_;
  std::vector<Entry> entries_;
  std::vector<Run> runs_;  // slots, reused
  std::vector<uint32_t> free_runs_;
  std::vector<Retry> retries_;  // slots, reused
  std::vector<uint32_t> free_retries_;
};

}  // namespace lambdasim
