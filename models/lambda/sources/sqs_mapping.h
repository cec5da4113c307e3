// models/lambda/sources/sqs_mapping.h — SQS queues and their event source mappings
// (reference §6.3; AWS: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html,
// services-sqs-configure.html, services-sqs-errorhandling.html, with-sqs.html).
//
// Producer traffic sends messages to the queue. The mapping's pollers keep up to
// `allowed` batches in flight: `allowed` starts at initial_concurrency (5), grows by
// scale_up_per_minute (300; 60 under aws-2022) while visible messages remain and every
// poller is busy — credited once a second, so the ramp is 5 + 5·t/s — up to the cap
// (maximum_concurrency, else 1250), and falls back to max(initial, in-flight) when the
// queue is empty. A throttled batch lowers `allowed` by one (Lambda "reduces the
// concurrency allocated to the mapping"; the factor is undocumented) and its messages
// become visible again after the visibility timeout, as do the messages of a failed
// batch (a function error, a timeout, or a poison message in it). A message received
// more than max_receive_count times goes to the queue's DLQ. A batch is dispatched when
// batch_size messages are visible, or when the batching window, opened by the first
// waiting message, closes — whichever comes first.
// Invariant: a kSqsVisible event is pending exactly when `invisible` is non-empty (and its
// head returns before the horizon): it is scheduled when the list goes from empty to
// non-empty and re-armed for the new head each time it fires. in_flight ≤ allowed ≤ cap
// when a batch is dispatched; a batch slot is owned by exactly one in-flight invocation
// (Environment::batch) or is in the free list.
// Memory: one SqsMessage (16 bytes) per message in the queue or in flight; batch slots
// are reused (bounded by the peak number of batches in flight).
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
  // kSqsPoll: b = 0 — the throttle back-off ended; b odd — batching window (b >> 1 = its
  // generation; a stale window is ignored).
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
    int64_t allowed = 5;                                 // poller concurrency (concurrent batches)
    int64_t cap = 1250;
    int64_t scale_credit = 0;  // scale_up_per_minute accumulated per second, in 1/60ths
    int64_t in_flight = 0;     // batches being processed
    int64_t in_flight_messages = 0;
    bool window_scheduled = false;
    bool window_open = false;        // the batching window has expired: dispatch a partial batch
    uint64_t window_generation = 0;  // bumped when a full batch pre-empts the open window
    bool poll_scheduled = false;     // backing off after a throttle
    sim::RngStream rng;              // poison draws
  };

  void Pump(size_t mapping);
  void MakeInvisible(Mapping& m, const Message& msg);

  PlatformCore& core_;
  MetricsRecorder& rec_;
  std::vector<Mapping> mappings_;
  std::vector<std::vector<Message>> batches_;  // batch slots, reused
  std::vector<uint32_t> free_batches_;
};

}  // namespace lambdasim
