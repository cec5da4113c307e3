// models/lambda/platform.h — the Lambda platform model: account, functions, environments.
//
// LambdaPlatform owns the runtime state built from a ScenarioSpec and reacts to the
// events it schedules on a sim::Simulation (see event_kinds.h for the same-instant
// order). It observes through a MetricsRecorder and never writes files.
//
// Admission of a synchronous request for function f at time t (reference §9):
//   1. reserved concurrency 0                                  → throttle (reserved)
//   2. account RPS window, then function RPS window (RC set)  → throttle (rps_limit)
//   3. an idle provisioned environment and PC RPS room         → warm on provisioned
//   4. concurrency: busy_f < RC (RC set), else unreserved on-demand busy < pool, where
//      pool = limit − Σ RC − Σ PC(functions without RC)       → throttle (reserved|account)
//   5. an idle on-demand environment (the function's environment_reuse rule, policies.h;
//      default most recently used)                            → warm
//   6. a scaling-rate token (per function or per account)     → cold start, else throttle
// Invariants (checked in tests): busy_f ≤ RC_f; unreserved busy ≤ pool; every request is
// exactly one of invocation or throttle; concurrency gauges equal the busy counts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/lambda/environment.h"
#include "models/lambda/event_kinds.h"
#include "models/lambda/policies.h"
#include "models/lambda/ring_deque.h"
#include "models/lambda/rps_window.h"
#include "models/lambda/scaling_bucket.h"
#include "models/metrics/metrics_recorder.h"
#include "models/spec/scenario_spec.h"
#include "models/workload/arrivals.h"
#include "sim/rng.h"
#include "sim/simulation.h"

namespace lambdasim {

// The name of traffic entry `source`'s random streams (arrivals/<label>, client/<label>,
// source/<label>): TrafficSpec::label, or the function name with "#k" for the k-th entry
// (k >= 2) of the same function.
std::string TrafficLabel(const ScenarioSpec& spec, size_t source);

class LambdaPlatform {
 public:
  LambdaPlatform(const ScenarioSpec& spec, sim::Simulation& sim, MetricsRecorder& recorder);

  // Schedules the initial events (first arrivals, provisioned allocation, schedules).
  void Start();

  // Closes open billing periods at the end of the run (call once, at the final time).
  void Finish(sim::Time end);

  // Event dispatch: called by Simulation::RunUntil.
  void operator()(const sim::Event& e);

  // Hash of every processed event's (time, kind, function): changes when and only when
  // the event stream does. FNV-1a-style multiply-xor over 64-bit words.
  uint64_t fingerprint() const { return fingerprint_; }

  // Limits for the summary: per function (RC or the unreserved pool) and account.
  int64_t ConcurrencyLimitOf(size_t f) const;
  // Requests traffic source `s` has produced so far.
  uint64_t RequestsGenerated(size_t s) const { return sources_[s].arrivals.generated(); }
  int64_t account_limit() const { return spec_.account.concurrency_limit; }

 private:
  struct FunctionState {
    const FunctionSpec* spec = nullptr;
    int64_t reserved = -1;  // -1 = no reservation
    double memory_gb = 0;
    double duration_rate_usd = 0;     // per GB-s, on-demand
    double pc_rate_usd = 0;           // per GB-s allocated
    double pc_duration_rate_usd = 0;  // per GB-s of invocations on provisioned environments
    size_t bucket = 0;                // index into buckets_
    IdlePool idle;                    // on-demand idle environments (reuse rule, expiry order)
    KeepAlivePolicy keep_alive;       // fixed, or the hybrid histogram policy
    std::vector<uint32_t> pc_idle;    // provisioned idle environments (stack)
    int64_t busy = 0;                 // all busy environments (= ConcurrentExecutions)
    int64_t busy_on_demand = 0;
    int64_t pc_busy = 0;
    int64_t pc_target = 0;      // configured provisioned concurrency
    int64_t pc_allocated = 0;   // provisioned environments that exist (busy or idle)
    sim::Time pc_period_start;  // start of the current PC billing period
    bool reclaim_pending = false;
    sim::Time reclaim_at;  // earliest pending kIdleReclaim (valid while reclaim_pending)
    RpsWindow rps;         // 10 × RC when reserved
    RpsWindow pc_rps;      // 10 × allocated PC
    sim::RngStream duration_rng, init_rng, error_rng, lifetime_rng, pc_rng;
    // Auto scaling (one-minute Average of provisioned utilization).
    Int128 pc_busy_area = 0;
    Int128 pc_alloc_area = 0;
    sim::Time pc_area_last;
    uint64_t minute_invocations = 0;
    int64_t above = 0, below = 0;
  };
  // A function's asynchronous event queue (§6.2): events waiting to be dispatched (FIFO),
  // and events waiting out an error-retry delay (one FIFO per delay; the delays are
  // constant, so each FIFO is ordered by ready time). Memory ∝ backlog.
  struct AsyncQueue {
    RingDeque<AsyncEvent> ready;
    RingDeque<std::pair<sim::Time, AsyncEvent>> retry_first, retry_second;
    bool dispatch_scheduled = false;    // a kAsyncDispatch is pending (throttle backoff)
    bool waiting_for_capacity = false;  // backoff 0: dispatch at the next release
    int64_t throttle_streak = 0;
    bool retry_first_scheduled = false, retry_second_scheduled = false;
    int64_t depth() const {
      return static_cast<int64_t>(ready.size() + retry_first.size() + retry_second.size());
    }
  };
  struct SqsMessage {
    sim::Time sent;
    uint32_t receives = 0;
    bool poison = false;
  };
  // An SQS queue and its event source mapping (§6.3).
  struct SqsMapping {
    size_t function = 0;
    size_t source = 0;
    const EventSourceSpec* spec = nullptr;
    RingDeque<SqsMessage> visible;
    RingDeque<std::pair<sim::Time, SqsMessage>> invisible;  // by the time they become visible
    int64_t allowed = 5;  // poller concurrency (concurrent batches)
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
  struct StreamRecord {
    sim::Time written;
    bool poison = false;
  };
  // One shard (or, with a parallelization factor above 1, one of its ordered lanes) of a
  // Kinesis or DynamoDB stream: at most one batch in flight; a failing batch blocks it.
  struct StreamLane {
    size_t mapping = 0;
    RingDeque<StreamRecord> records;
    bool busy = false;
    bool poll_scheduled = false;  // retry after a failure or throttle is pending
    bool window_scheduled = false;
    bool window_open = false;
    uint64_t window_generation = 0;
    int64_t batch_limit = 0;  // shrinks when a failing batch is bisected
    int64_t attempts = 0;     // failed attempts of the current batch (throttles excluded)
    int64_t backoff_streak = 0;
  };
  struct StreamMapping {
    size_t function = 0;
    size_t source = 0;
    const EventSourceSpec* spec = nullptr;
    uint32_t first_lane = 0;
    uint32_t lanes = 0;
    sim::RngStream rng;  // partition-key → lane, poison draws
  };
  struct Admission {
    bool admitted = false;
    uint32_t env = 0;
    bool cold = false;
    bool on_provisioned = false;
    ThrottleReason reason = ThrottleReason::kReservedConcurrency;
  };

  struct SourceState {
    const TrafficSpec* spec = nullptr;
    ArrivalProcess arrivals;
    ClientRetry client;
    sim::RngStream client_rng;
    Arrival pending;  // the scheduled next arrival of this source
  };

  void Schedule(sim::Time at, EventKind kind, uint32_t a, uint64_t b = 0) {
    sim_.ScheduleAt(at, PriorityOf(kind), static_cast<uint32_t>(kind), a, b);
  }

  uint32_t FunctionOfEvent(const sim::Event& e) const;
  void OnArrival(uint32_t source);
  void OnClientRetry(uint32_t retry);
  void HandleRequest(uint32_t source, uint32_t f, int64_t attempt, sim::Time origin,
                     int64_t duration_ns);
  void OnInvocationComplete(uint32_t env);
  Admission TryAdmit(size_t f);
  void RecordThrottle(size_t f, ThrottleReason reason);
  // Async path (platform_async.cc).
  void EnqueueAsync(size_t f, const AsyncEvent& event);
  void PumpAsync(size_t f);
  void OnAsyncComplete(const Environment& done);
  void FailAsync(size_t f);
  void OnAsyncRetryReady(uint32_t f, int which);
  void ScheduleAsyncRetryTimer(size_t f, int which);
  void UpdateAsyncDepth(size_t f);
  void WakeWaitingAsync();
  // SQS path (platform_sqs.cc).
  void OnSqsMessage(size_t mapping, sim::Time sent);
  void PumpSqs(size_t mapping);
  void OnSqsComplete(const Environment& done);
  void OnSqsVisible(uint32_t mapping);
  void OnSqsScale(uint32_t mapping);
  void MakeInvisible(SqsMapping& m, const SqsMessage& msg);
  void SampleSqsAges(sim::Time now);
  // Streams (platform_stream.cc).
  void OnStreamRecord(size_t mapping, sim::Time written);
  void PumpLane(uint32_t lane);
  void OnStreamComplete(const Environment& done);
  void RetryLaneLater(uint32_t lane);
  void SampleIteratorAges(sim::Time now);
  // Fan-out: a published event delivered to every matching target's async queue.
  void Publish(size_t topic, sim::Time now, int64_t duration_ns);
  void OnIdleReclaim(uint32_t f);
  void OnPrewarm(uint32_t env);
  void OnProvisionedReady(uint32_t f, int64_t requested);
  void OnAutoscalingEvaluation(uint32_t f);

  void StartInvocation(uint32_t env, Caller caller, uint32_t caller_index, sim::Time origin,
                       int64_t duration_ns, bool cold, bool on_provisioned);
  void SetProvisionedTarget(size_t f, int64_t target);
  void CreateProvisioned(size_t f);
  uint32_t NewEnvironment(size_t f, bool provisioned);
  void DestroyEnvironment(uint32_t env);
  void MakeIdle(uint32_t env);
  void EnsureReclaimTimer(size_t f);
  void AccumulatePcArea(FunctionState& fs);
  void ClosePcBillingPeriod(size_t f, sim::Time now);
  void SetBusy(size_t f, bool on_provisioned, int64_t delta);

  const ScenarioSpec& spec_;
  sim::Simulation& sim_;
  MetricsRecorder& rec_;
  sim::Time horizon_;
  std::vector<FunctionState> fns_;
  std::vector<SourceState> sources_;
  std::vector<ScalingBucket> buckets_;
  // A throttled synchronous request waiting for its client's next attempt. Slots are
  // reused; storage is bounded by the number of requests in backoff at once.
  struct PendingRetry {
    uint32_t source = 0;
    uint32_t function = 0;
    int64_t attempt = 0;  // the attempt about to be made (2, 3, …)
    sim::Time origin;
    int64_t duration_ns = -1;
  };
  std::vector<PendingRetry> retries_;
  std::vector<uint32_t> free_retries_;
  std::vector<Environment> envs_;
  std::vector<AsyncQueue> async_;        // per function
  std::vector<uint32_t> async_waiting_;  // functions whose queue waits for a release
  std::vector<uint32_t> wake_scratch_;
  std::vector<SqsMapping> sqs_;
  std::vector<std::vector<SqsMessage>> sqs_batches_;  // batch slots, reused
  std::vector<uint32_t> free_sqs_batches_;
  std::vector<StreamMapping> streams_;
  std::vector<StreamLane> lanes_;
  std::vector<sim::RngStream> fanout_rng_;  // per (topic, target), flattened
  std::vector<size_t> fanout_rng_offset_;   // per topic
  std::vector<int32_t> source_mapping_;     // per traffic source: index into sqs_ or streams_
  std::vector<uint32_t> free_envs_;
  RpsWindow account_rps_;
  uint64_t fingerprint_ = 0xcbf29ce484222325ULL;
  int64_t reserved_sum_ = 0;
  int64_t pc_unreserved_sum_ = 0;  // Σ PC target of functions without RC
  int64_t unreserved_busy_ = 0;    // on-demand busy of functions without RC
};

}  // namespace lambdasim
