// models/lambda/sources/kafka_mapping.h — Kafka event source mappings: Amazon MSK and
// self-managed Apache Kafka (issue 19 parts 2 and 3; AWS: kafka-scaling-modes.html,
// msk-esm-parameters.html, kafka-retry-configurations.html; numbers in
// PlatformProfile::EventPollerRules).
//
// Records go to one of `partitions` partitions (uniformly at random). A partition is read in
// order: at most one batch of it is in flight, so concurrency ≤ partitions. The mapping's event
// pollers bound it further: at most pollers × invokes_per_poller batches at once (on demand one
// per poller [INFERRED], provisioned five per poller). A partition with a batch to send and no
// free poller waits in `ready` (FIFO). A batch is sent when batch_size records wait or the
// batching window (default 500 ms) closes.
// On-demand pollers start at one; every evaluation interval (1 min) a mapping whose partitions
// waited for a poller doubles its pollers, up to the partitions; one that was throttled halves
// them; one whose busy peak used at most half its pollers falls to that peak. The change lands
// scale_delay after the evaluation ("within three minutes") [INFERRED]. Provisioned pollers
// start at `min` (always on and billed), follow the demand (busy + waiting partitions) each
// second between min and min(max, partitions), and are billed as EPUs: ⌈pollers / 10⌉ EPUs.
// Errors: a failing batch blocks its partition and is retried with back-off until it succeeds,
// is bisected, exhausts maximum_retry_attempts, or its records pass maximum_record_age; dropped
// records (to the on-failure destination in AWS) are records_dropped. Throttles are not attempts.
// Offset lag (the OffsetLag metric): records written and not yet committed, summed over the
// partitions — recorded as the gauge offset_lag.
// Invariants: a partition is busy exactly while one invocation with Caller::kKafka and
// caller_index = the partition runs; in_flight = busy partitions ≤ capacity when a batch
// starts; a partition is in `ready` at most once (queued); at most one scaling step is pending
// per mapping (step_pending).
// Memory: one Record (16 bytes) per record not yet committed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/lambda/core.h"
#include "models/lambda/environment.h"
#include "models/lambda/ring_deque.h"
#include "models/metrics/metrics_recorder.h"
#include "models/spec/scenario_spec.h"
#include "sim/rng.h"

namespace lambdasim {

class KafkaMappings {
 public:
  KafkaMappings(PlatformCore& core, MetricsRecorder& recorder) : core_(core), rec_(recorder) {}

  // Adds the mapping of traffic entry `source` with its partitions; `rng` draws the partition
  // and poison records.
  uint32_t Add(size_t source, const TrafficSpec& traffic, const sim::RngStream& rng);
  // Schedules every mapping's first evaluation.
  void Start();
  bool empty() const { return mappings_.empty(); }
  uint32_t FunctionOfPartition(uint32_t p) const {
    return static_cast<uint32_t>(mappings_[partitions_[p].mapping].function);
  }
  uint32_t FunctionOf(uint32_t mapping) const {
    return static_cast<uint32_t>(mappings_[mapping].function);
  }

  void OnRecord(size_t mapping, sim::Time written);
  // kKafkaPoll: b = 0 — a retry back-off ended; b odd — batching window (b >> 1 = generation).
  void OnPoll(uint32_t partition, uint64_t b);
  // kKafkaScale: b = 0 — an evaluation; b odd — a scaling step lands (b >> 1 = new pollers).
  void OnScale(uint32_t mapping, uint64_t b);
  void OnInvocationComplete(const Environment& done);
  // Pollers of `mapping` now (for tests and the report).
  int64_t pollers(uint32_t mapping) const { return mappings_[mapping].pollers; }

 private:
  struct Record {
    sim::Time written;
    bool poison = false;
  };
  struct Partition {
    uint32_t mapping = 0;
    RingDeque<Record> records;
    bool busy = false;
    bool queued = false;          // waiting in the mapping's ready list for a free poller
    bool poll_scheduled = false;  // a retry after a failure or throttle is pending
    bool window_scheduled = false;
    bool window_open = false;
    uint64_t window_generation = 0;
    int64_t batch_limit = 0;
    int64_t attempts = 0;
    int64_t backoff_streak = 0;
  };
  struct Mapping {
    size_t function = 0;
    const EventSourceSpec* spec = nullptr;
    uint32_t first = 0;
    uint32_t partitions = 0;
    bool provisioned = false;
    int64_t pollers = 1;
    int64_t invokes_per_poller = 1;
    int64_t min_pollers = 1, max_pollers = 1;
    int64_t in_flight = 0;
    int64_t peak_in_flight = 0;  // since the last evaluation
    bool waited = false;         // a partition waited for a poller since the last evaluation
    bool throttled = false;      // since the last evaluation
    bool step_pending = false;
    RingDeque<uint32_t> ready;
    sim::RngStream rng;
    int64_t capacity() const { return std::min<int64_t>(partitions, pollers * invokes_per_poller); }
  };

  void Pump(uint32_t partition);
  void Drain(uint32_t mapping);
  void RetryLater(uint32_t partition);
  void Commit(Partition& p, size_t f, int64_t n, bool dropped);

  PlatformCore& core_;
  MetricsRecorder& rec_;
  std::vector<Mapping> mappings_;
  std::vector<Partition> partitions_;
};

}  // namespace lambdasim
