// models/lambda/sources/sqs_mapping.h — SQS queues and their event source mappings
// (reference §6.3; AWS: services-sqs-scaling.html [S14], services-sqs-configure.html,
// services-sqs-errorhandling.html [S16], with-sqs.html). Numbers: PlatformProfile's sqs_*
// fields and SqsPollerRules, resolved into EventSourceSpec by the loader.
//
// Producer traffic sends messages to the queue. The mapping's pollers hold up to `allowed`
// batches (being processed, or throttled and waiting to be retried). Once a second (kSqsScale):
//   * saturated — messages visible and every poller holding a batch: `allowed` grows by
//     scale_up_per_minute (credited per second in sixtieths: 300/min is 5 + 5·t/s from 5) up
//     to the cap (maximum_concurrency, else max_concurrency_default = 1000);
//   * otherwise the tick is quiet. After scale_down_window of consecutive quiet ticks (60 s),
//     `allowed` falls to max(low_traffic_concurrency = 5, the most batches held at a tick of
//     that window); after each further quiet window to max(low_traffic_minimum = 2, that
//     peak) — but never below 5 when maximum_concurrency is set ([S14]: the optimisation to 2
//     "is not available when you enable the maximum concurrency setting"). A saturated tick
//     restarts the count.
// A batch throttled by Lambda stays with its poller: its messages stay invisible and it is
// retried after throttle_retry_base·2^(k−1) (capped at throttle_retry_max) after its k-th
// throttle — or at once when an invocation of this mapping ends and it is the oldest
// throttled batch held — until its visibility timeout (counted from the receive) runs out;
// then its messages become visible again ([S16]: Lambda "continues to retry the message
// until the message's timestamp exceeds your queue's visibility timeout"). Each throttle also
// lowers `allowed` by throttle_concurrency_step (not below min(5, cap)), suppresses the
// scale-up at the next tick, and stops new receives for throttle_pause (default 0). A failed
// batch (a function error, a timeout, or a poison message in it) becomes visible again a
// visibility timeout after the invocation ends. A message received more than
// max_receive_count times goes to the queue's DLQ. A batch is dispatched when batch_size
// messages are visible, or when the batching window, opened by the first waiting message,
// closes — whichever comes first.
// Invariants: a kSqsVisible event is pending exactly when `invisible` is non-empty (and its
// head returns before the horizon): it is scheduled when the list goes from empty to
// non-empty and re-armed for the new head each time it fires. A throttled batch has exactly
// one live kSqsPoll (b = generation << 33 | (slot + 1) << 1), at its next retry or at its
// visibility deadline, whichever is first (none past the horizon), and one live `held`
// entry; both carry Batch::generation, bumped whenever either is consumed, so stale events
// and entries are ignored and a reused slot is never retried by an old event. in_flight
// (batches held: invoked + throttled) ≤ allowed ≤ cap when a batch is received; a batch slot
// is owned by exactly one in-flight invocation (Environment::batch), one throttled batch, or
// is in the free list.
// Memory: one Message (16 bytes) per message in the queue or in flight; batch slots are
// reused (bounded by the peak number of batches held).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "models/lambda/core.h"
#include "models/lambda/environment.h"
#include "models/lambda/ring_deque.h"
#include "models/metrics/metrics_recorder.h"
#include "models/spec/scenario_spec.h"
#include "sim/rng.h"

namespace lambdasim {

class SqsMappings {
 public:
  SqsMappings(PlatformCore& core, MetricsRecorder& recorder) : core_(core), rec_(recorder) {}

  // Adds the mapping of traffic entry `source` (an SQS producer) for its function; returns
  // the mapping's index. `rng` draws poison messages.
  uint32_t Add(size_t source, const TrafficSpec& traffic, const sim::RngStream& rng);
  // Schedules every mapping's first kSqsScale (one second in).
  void Start();

  bool empty() const { return mappings_.empty(); }
  uint32_t FunctionOf(uint32_t mapping) const {
    return static_cast<uint32_t>(mappings_[mapping].function);
  }

  // A producer sent a message to mapping's queue at `sent` (now).
  void OnMessage(size_t mapping, sim::Time sent);
  // kSqsPoll: b = 0 — the pollers' throttle pause ended; b odd — batching window (b >> 1 = its
  // generation; a stale window is ignored); b even > 0 — a throttled batch is due for a retry,
  // or its visibility timeout ran out (slot and generation encoded as in the invariants).
  void OnPoll(uint32_t mapping, uint64_t b);
  // kSqsVisible: messages whose visibility timeout ended return to the queue.
  void OnVisible(uint32_t mapping);
  // kSqsScale: once a second, poller concurrency grows or shrinks.
  void OnScale(uint32_t mapping);
  // An invocation with Caller::kSqs finished (`done` is the environment's copy).
  void OnInvocationComplete(const Environment& done);
  // At a bucket boundary: the age of each queue's oldest message (ApproximateAgeOfOldestMessage).
  void SampleAges(sim::Time now);

 private:
  struct Message {
    sim::Time sent;
    uint32_t receives = 0;
    bool poison = false;
  };
  // An SQS queue and its event source mapping (§6.3).
  struct Mapping {
    size_t function = 0;
    size_t source = 0;
    const EventSourceSpec* spec = nullptr;
    RingDeque<Message> visible;
    RingDeque<std::pair<sim::Time, Message>> invisible;  // by the time they become visible
    int64_t allowed = 0;                                 // poller concurrency (concurrent batches)
    int64_t cap = 0;
    int64_t provisioned_floor = 0;  // provisioned pollers: min × invokes per poller (else 0)
    int64_t scale_credit = 0;       // scale_up_per_minute accumulated per second, in 1/60ths
    int64_t in_flight = 0;          // batches held: being processed or throttled, awaiting a retry
    int64_t quiet_ticks = 0;        // consecutive kSqsScale ticks without saturation
    int64_t quiet_windows = 0;      // consecutive quiet windows completed
    int64_t window_peak = 0;        // most batches held at a tick of the current quiet window
    int64_t in_flight_messages = 0;
    bool window_scheduled = false;
    bool window_open = false;           // the batching window has expired: dispatch a partial batch
    uint64_t window_generation = 0;     // bumped when a full batch pre-empts the open window
    bool poll_scheduled = false;        // backing off after a throttle
    bool throttled_since_tick = false;  // a throttle since the last kSqsScale: no scale-up
    // Throttled batches (slot, Batch::generation), oldest first; stale entries are skipped.
    RingDeque<std::pair<uint32_t, uint32_t>> held;
    sim::RngStream rng;  // poison draws
  };

  // A received batch and, while throttled, its retry state.
  struct Batch {
    std::vector<Message> messages;
    sim::Time deadline;       // receive + visibility timeout: retries end here
    sim::Duration backoff;    // wait before the next retry
    uint32_t generation = 0;  // bumped when a pending retry event or held entry goes stale
  };

  void Pump(size_t mapping);
  // Invokes (admitted) or holds for retry (throttled) the batch in `slot`.
  void Dispatch(uint32_t mapping, uint32_t slot);
  void OnRetry(uint32_t mapping, uint32_t slot, uint32_t generation);
  void Throttled(uint32_t mapping, uint32_t slot);
  void MakeInvisible(Mapping& m, const Message& msg);

  PlatformCore& core_;
  MetricsRecorder& rec_;
  std::vector<Mapping> mappings_;
  std::vector<Batch> batches_;  // batch slots, reused
  std::vector<uint32_t> free_batches_;
};

}  // namespace lambdasim
