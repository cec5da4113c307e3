// models/lambda/sources/sqs_fifo.h — SQS FIFO queues and their event source mappings (issue 19
// part 1; AWS: services-sqs-scaling.html, services-sqs-parameters.html; numbers in
// PlatformProfile::EventPollerRules).
//
// Each message carries a message group (drawn uniformly from `message_groups`). A group's
// messages are delivered in order: a group with a batch in flight — being processed, waiting
// for a throttle retry, or failed and waiting for its visibility timeout — is not polled again
// ("the function attempts all retries on the affected messages before Lambda receives
// additional messages from the same group"). So the mapping's concurrency never exceeds the
// number of groups with messages, nor `cap` (maximum_concurrency, else 1 000; provisioned
// pollers refused by the loader). A batch takes up to batch_size (≤ 10) messages
// from the head of one group [INFERRED]. A failed batch (function error, timeout, poison
// message) blocks its group for the visibility timeout, then is received again; a message
// received max_receive_count times goes to the DLQ and unblocks its group. A throttled batch
// blocks its group and is retried after throttle_retry_base·2^(k−1) (capped); pollers do not
// ramp [INFERRED].
// Invariants: a group is in `ready` at most once (Group::queued), and only when it holds
// messages and is not blocked; in_flight ≤ cap; a blocked group has exactly one live
// kSqsFifoPoll (its generation) or one running invocation (caller_index = group slot,
// Environment::batch = the messages at its head in that batch).
// Memory: one Message (16 bytes) per message in the queue; one Group per message group.
#pragma once

#include <cstdint>
#include <vector>

#include "models/lambda/core.h"
#include "models/lambda/environment.h"
#include "models/lambda/ring_deque.h"
#include "models/metrics/metrics_recorder.h"
#include "models/spec/scenario_spec.h"
#include "sim/rng.h"

namespace lambdasim {

class SqsFifoMappings {
 public:
  SqsFifoMappings(PlatformCore& core, MetricsRecorder& recorder) : core_(core), rec_(recorder) {}

  // Adds the FIFO mapping of traffic entry `source`; `rng` draws message groups and poison.
  uint32_t Add(size_t source, const TrafficSpec& traffic, const sim::RngStream& rng);
  bool empty() const { return mappings_.empty(); }
  uint32_t FunctionOfGroup(uint32_t group) const {
    return static_cast<uint32_t>(mappings_[groups_[group].mapping].function);
  }

  // A producer sent a message at `sent` (now).
  void OnMessage(size_t mapping, sim::Time sent);
  // kSqsFifoPoll: a blocked group's throttle back-off or visibility timeout ended.
  void OnPoll(uint32_t group, uint64_t generation);
  // An invocation with Caller::kSqsFifo finished (`done` is the environment's copy).
  void OnInvocationComplete(const Environment& done);
  // At a bucket boundary: the age of the oldest message of each waiting group.
  void SampleAges(sim::Time now);

 private:
  struct Message {
    sim::Time sent;
    uint32_t receives = 0;
    bool poison = false;
  };
  struct Group {
    uint32_t mapping = 0;
    RingDeque<Message> messages;
    bool blocked = false;   // a batch in flight, throttled or waiting for its visibility timeout
    bool queued = false;    // in the mapping's ready list
    int64_t in_flight = 0;  // messages of the head batch (invisible)
    uint32_t generation = 0;
    sim::Duration backoff;
  };
  struct Mapping {
    size_t function = 0;
    const EventSourceSpec* spec = nullptr;
    uint32_t first_group = 0;
    uint32_t groups = 0;
    int64_t cap = 0;
    int64_t in_flight = 0;  // batches being processed
    RingDeque<uint32_t> ready;
    sim::RngStream rng;
  };

  void Ready(uint32_t group);
  void Pump(uint32_t mapping);
  // Receives and invokes the head batch of `group`; false if Lambda throttled it.
  bool Dispatch(uint32_t group);

  PlatformCore& core_;
  MetricsRecorder& rec_;
  std::vector<Mapping> mappings_;
  std::vector<Group> groups_;
};

}  // namespace lambdasim
