// models/platform.h — the Lambda platform model: account, functions, environments.
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
//   5. an idle on-demand environment (most recently used)     → warm
//   6. a scaling-rate token (per function or per account)     → cold start, else throttle
// Invariants (checked in tests): busy_f ≤ RC_f; unreserved busy ≤ pool; every request is
// exactly one of invocation or throttle; concurrency gauges equal the busy counts.
#pragma once

#include <cstdint>
#include <vector>

#include "models/arrivals.h"
#include "models/environment.h"
#include "models/event_kinds.h"
#include "models/metrics_recorder.h"
#include "models/ring_deque.h"
#include "models/rps_window.h"
#include "models/scaling_bucket.h"
#include "models/scenario_spec.h"
#include "sim/rng.h"
#include "sim/simulation.h"

namespace lambdasim {

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
  int64_t account_limit() const { return spec_.account.concurrency_limit; }

 private:
  struct FunctionState {
    const FunctionSpec* spec = nullptr;
    int64_t reserved = -1;           // -1 = no reservation
    double memory_gb = 0;
    double duration_rate_usd = 0;    // per GB-s, on-demand
    double pc_rate_usd = 0;          // per GB-s allocated
    double pc_duration_rate_usd = 0; // per GB-s of invocations on provisioned environments
    size_t bucket = 0;               // index into buckets_
    RingDeque<uint32_t> idle;        // on-demand idle environments, oldest idle at front
    std::vector<uint32_t> pc_idle;   // provisioned idle environments (stack)
    int64_t busy = 0;                // all busy environments (= ConcurrentExecutions)
    int64_t busy_on_demand = 0;
    int64_t pc_busy = 0;
    int64_t pc_target = 0;           // configured provisioned concurrency
    int64_t pc_allocated = 0;        // provisioned environments that exist (busy or idle)
    sim::Time pc_period_start;       // start of the current PC billing period
    bool reclaim_pending = false;
    RpsWindow rps;                   // 10 × RC when reserved
    RpsWindow pc_rps;                // 10 × allocated PC
    sim::RngStream duration_rng, init_rng, error_rng, lifetime_rng, pc_rng;
    // Auto scaling (one-minute Average of provisioned utilization).
    Int128 pc_busy_area = 0;
    Int128 pc_alloc_area = 0;
    sim::Time pc_area_last;
    uint64_t minute_invocations = 0;
    int64_t above = 0, below = 0;
  };
  struct SourceState {
    const TrafficSpec* spec = nullptr;
    ArrivalProcess arrivals;
    sim::RngStream client_rng;
    Arrival pending;  // the scheduled next arrival of this source
  };

  void Schedule(sim::Time at, EventKind kind, uint32_t a, uint64_t b = 0) {
    sim_.ScheduleAt(at, PriorityOf(kind), static_cast<uint32_t>(kind), a, b);
  }

  uint32_t FunctionOfEvent(const sim::Event& e) const;
  void OnArrival(uint32_t source);
  void OnClientRetry(uint32_t retry);
  void HandleRequest(uint32_t source, uint32_t f, int64_t attempt, sim::Time origin, int64_t duration_ns);
  void OnInvocationComplete(uint32_t env);
  void OnIdleReclaim(uint32_t f);
  void OnProvisionedReady(uint32_t f, int64_t requested);
  void OnAutoscalingEvaluation(uint32_t f);

  void StartInvocation(uint32_t env, uint32_t source, sim::Time origin, int64_t duration_ns, bool cold,
                       bool on_provisioned);
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
  std::vector<uint32_t> free_envs_;
  RpsWindow account_rps_;
  uint64_t fingerprint_ = 0xcbf29ce484222325ULL;
  int64_t reserved_sum_ = 0;
  int64_t pc_unreserved_sum_ = 0;   // Σ PC target of functions without RC
  int64_t unreserved_busy_ = 0;     // on-demand busy of functions without RC
};

}  // namespace lambdasim
