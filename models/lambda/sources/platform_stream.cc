// models/lambda/sources/platform_stream.cc — Kinesis Data Streams and DynamoDB Streams mappings
// (§6.4).
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
// Memory: one StreamRecord (16 bytes) per record waiting or in flight.
#include <algorithm>

#include "models/lambda/platform.h"

namespace lambdasim {

void LambdaPlatform::OnStreamRecord(size_t mapping, sim::Time written) {
  auto& m = streams_[mapping];
  const uint32_t lane = m.first_lane + static_cast<uint32_t>(m.rng.NextBelow(m.lanes));
  const bool poison = m.spec->poison_rate > 0 && m.rng.NextDouble() < m.spec->poison_rate;
  lanes_[lane].records.push_back(StreamRecord{written, poison});
  PumpLane(lane);
}

void LambdaPlatform::RetryLaneLater(uint32_t lane) {
  auto& l = lanes_[lane];
  const EventSourceSpec& cfg = *streams_[l.mapping].spec;
  ++l.backoff_streak;
  const int64_t shift = std::min<int64_t>(l.backoff_streak - 1, 30);
  const int64_t delay_ns =
      std::min(cfg.retry_backoff_max.ns(), cfg.retry_backoff_base.ns() << shift);
  const sim::Time at = sim_.Now() + sim::Duration::Nanos(std::max<int64_t>(delay_ns, 1));
  if (at < horizon_) {
    l.poll_scheduled = true;
    Schedule(at, EventKind::kStreamPoll, lane, 0);
  }
}

void LambdaPlatform::PumpLane(uint32_t lane) {
  auto& l = lanes_[lane];
  if (l.busy || l.poll_scheduled) return;
  const StreamMapping& m = streams_[l.mapping];
  const EventSourceSpec& cfg = *m.spec;
  const size_t f = m.function;
  const sim::Time now = sim_.Now();
  // Records past their maximum age are dropped from the head, unprocessed.
  if (cfg.maximum_record_age) {
    uint64_t expired = 0;
    while (!l.records.empty() && now - l.records.front().written > *cfg.maximum_record_age) {
      l.records.pop_front();
      ++expired;
    }
    if (expired > 0) {
      rec_.OnRecordsDropped(f, expired);
      l.attempts = 0;
      l.batch_limit = cfg.batch_size;
    }
  }
  if (l.records.empty()) return;
  const auto waiting = static_cast<int64_t>(l.records.size());
  if (waiting < cfg.batch_size && cfg.maximum_batching_window > sim::Duration() && !l.window_open &&
      l.batch_limit == cfg.batch_size && l.attempts == 0) {
    const sim::Time at = now + cfg.maximum_batching_window;
    if (!l.window_scheduled && at < horizon_) {
      l.window_scheduled = true;
      Schedule(at, EventKind::kStreamPoll, lane, l.window_generation * 2 + 1);
    }
    return;
  }
  l.window_open = false;
  if (l.window_scheduled) {  // a full batch (or a retry) pre-empts the pending window
    l.window_scheduled = false;
    ++l.window_generation;
  }
  const Admission a = TryAdmit(f);
  if (!a.admitted) {
    RecordThrottle(f, a.reason);  // not an attempt: retried until success or record age
    RetryLaneLater(lane);
    return;
  }
  const int64_t n = std::min(waiting, l.batch_limit);
  l.busy = true;
  rec_.esm_concurrency(f).Add(now, +1);
  rec_.OnBatchInvoked(f);
  rec_.ObserveIteratorAge(f, (now - l.records.front().written).ns());
  bool poison = false;
  for (int64_t i = 0; i < n && !poison; ++i) poison = l.records[static_cast<size_t>(i)].poison;
  StartInvocation(a.env, Caller::kStream, lane, l.records.front().written, -1, a.cold,
                  a.on_provisioned);
  Environment& e = envs_[a.env];
  e.batch = static_cast<uint32_t>(n);
  e.error = e.error || poison;  // the function fails on a poison record
}

void LambdaPlatform::OnStreamComplete(const Environment& e) {
  const uint32_t lane = e.caller_index;
  auto& l = lanes_[lane];
  const StreamMapping& m = streams_[l.mapping];
  const EventSourceSpec& cfg = *m.spec;
  const size_t f = m.function;
  const auto n = static_cast<int64_t>(e.batch);
  l.busy = false;
  rec_.esm_concurrency(f).Add(sim_.Now(), -1);
  if (!e.error) {
    for (int64_t i = 0; i < n; ++i) l.records.pop_front();
    rec_.OnRecordsProcessed(f, static_cast<uint64_t>(n));
    l.attempts = 0;
    l.backoff_streak = 0;
    l.batch_limit = cfg.batch_size;
    PumpLane(lane);
    return;
  }
  if (cfg.bisect_batch_on_error && n > 1) {
    l.batch_limit = n / 2;  // a split is not a retry attempt
    PumpLane(lane);
    return;
  }
  ++l.attempts;
  if (cfg.maximum_retry_attempts >= 0 && l.attempts > cfg.maximum_retry_attempts) {
    for (int64_t i = 0; i < n; ++i) l.records.pop_front();
    rec_.OnRecordsDropped(f, static_cast<uint64_t>(n));
    l.attempts = 0;
    l.backoff_streak = 0;
    l.batch_limit = cfg.batch_size;
    PumpLane(lane);
    return;
  }
  RetryLaneLater(lane);
}

void LambdaPlatform::SampleIteratorAges(sim::Time now) {
  for (const auto& l : lanes_) {
    if (l.records.empty()) continue;
    rec_.ObserveIteratorAge(streams_[l.mapping].function, (now - l.records.front().written).ns());
  }
}

}  // namespace lambdasim
