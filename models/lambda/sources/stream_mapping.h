// models/lambda/sources/stream_mapping.h — Kinesis Data Streams and DynamoDB Streams event
// source mappings (reference §6.4; AWS:
// https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html, services-kinesis-parameters.html,
// with-ddb.html, invocation-retries.html).
//
// Records are written to one of shards × parallelization_factor ordered lanes (a random
// partition key per record; with a factor above 1 Lambda keeps order per key, so a lane
// stands for the keys it serves). Each lane has at most one batch in flight, so the
// mapping's concurrency never exceeds shards × factor, and records of a lane are
// processed in order. A batch takes up to batch_limit records from the head of its lane,
// when batch_size are waiting or when the batching window closes. A failing batch (a
// function error, a timeout, or a poison record in it) blocks its lane and is retried
// after a backoff until it succeeds, is bisected (bisect_batch_on_error: halve the batch;
// a split does not count as a retry), exhausts maximum_retry_attempts, or its records
// pass maximum_record_age — then its records are dropped (to an on-failure destination in
// AWS; counted as records_dropped here). Throttles are retried with the same backoff and
// do not count as attempts. Iterator age is the age of the oldest unprocessed record.
// Invariants: a lane is busy exactly while one invocation with Caller::kStream and
// caller_index = the lane runs, and that batch is the head Environment::batch records of the
// lane; at most one retry poll and one window poll are pending per lane (the *_scheduled
// flags; a stale window is recognised by its generation); 1 ≤ batch_limit ≤ batch_size.
// Memory: one StreamRecord (16 bytes) per record waiting or in flight.
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

class StreamMappings {
 public:
  StreamMappings(PlatformCore& core, MetricsRecorder& recorder) : core_(core), rec_(recorder) {}

  // Adds the mapping of traffic entry `source` (a Kinesis or DynamoDB producer) with its
  // shards × parallelization_factor lanes; returns the mapping's index. `rng` draws the
  // partition key (lane) and poison records.
  uint32_t Add(size_t source, const TrafficSpec& traffic, const sim::RngStream& rng);

  bool empty() const { return mappings_.empty(); }
  uint32_t FunctionOfLane(uint32_t lane) const {
    return static_cast<uint32_t>(mappings_[lanes_[lane].mapping].function);
  }

  // A producer wrote a record to `mapping` at `written` (now).
  void OnRecord(size_t mapping, sim::Time written);
  // kStreamPoll: b = 0 — a retry back-off ended; b odd — batching window (b >> 1 = its
  // generation; a stale window is ignored).
  void OnPoll(uint32_t lane, uint64_t b);
  // An invocation with Caller::kStream finished (`done` is the environment's copy).
  void OnInvocationComplete(const Environment& done);
  // At a bucket boundary: every non-empty lane's iterator age.
  void SampleAges(sim::Time now);

 private:
  struct Record {
    sim::Time written;
    bool poison = false;
  };
  // One shard (or, with a parallelization factor above 1, one of its ordered lanes) of a
  // Kinesis or DynamoDB stream: at most one batch in flight; a failing batch blocks it.
  struct Lane {
    size_t mapping = 0;
    RingDeque<Record> records;
    bool busy = false;
    bool poll_scheduled = false;  // retry after a failure or throttle is pending
    bool window_scheduled = false;
    bool window_open = false;
    uint64_t window_generation = 0;
    int64_t batch_limit = 0;  // shrinks when a failing batch is bisected
    int64_t attempts = 0;     // failed attempts of the current batch (throttles excluded)
    int64_t backoff_streak = 0;
  };
  struct Mapping {
    size_t function = 0;
    size_t source = 0;
    const EventSourceSpec* spec = nullptr;
    uint32_t first_lane = 0;
    uint32_t lanes = 0;
    sim::RngStream rng;  // partition-key → lane, poison draws
  };

  void Pump(uint32_t lane);
  void RetryLater(uint32_t lane);

  PlatformCore& core_;
  MetricsRecorder& rec_;
  std::vector<Mapping> mappings_;
  std::vector<Lane> lanes_;
};

}  // namespace lambdasim
