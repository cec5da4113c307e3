// models/lambda/platform.h — the Lambda platform: core, event sources, traffic, one dispatch.
//
// LambdaPlatform owns the runtime state built from a ScenarioSpec and reacts to the
// events it schedules on a sim::Simulation (see event_kinds.h for the same-instant
// order). It observes through a MetricsRecorder and never writes files.
//
// LambdaPlatform is the composition: the core (core.h: account, functions, environments,
// admission, scaling buckets, RPS windows, provisioned concurrency), the event sources
// (sources/: AsyncQueues, CallChains, SqsMappings, StreamMappings, Fanout — each owning its state
// and handlers), the Step Functions Map runs (map_run.h), API Gateway's throttle (api_gateway.h)
// and the traffic entries with the synchronous path (arrivals, client retries). A request API
// Gateway refuses is counted as a gateway throttle and retried by its client like a Lambda 429;
// it never reaches the core. Its operator() is the one event dispatch: a switch on the closed
// EventKind enum to a concrete handler — no virtual call, allocation or hash lookup per event.
// When an invocation ends it hands the environment's copy to the source named by
// Environment::caller.
// Invariants: those of the core (core.h) and of each source (its header); every event is
// folded into fingerprint() before it is handled; a traffic entry has at most one mapping
// (SourceState::mapping) and it lives in the source container its type names.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/lambda/api_gateway.h"
#include "models/lambda/core.h"
#include "models/lambda/environment.h"
#include "models/lambda/event_kinds.h"
#include "models/lambda/map_run.h"
#include "models/lambda/policies.h"
#include "models/lambda/sources/async_queue.h"
#include "models/lambda/sources/call_chain.h"
#include "models/lambda/sources/fanout.h"
#include "models/lambda/sources/kafka_mapping.h"
#include "models/lambda/sources/sqs_fifo.h"
#include "models/lambda/sources/sqs_mapping.h"
#include "models/lambda/sources/stream_mapping.h"
#include "models/metrics/metrics_recorder.h"
#include "models/spec/scenario_spec.h"
#include "models/workload/arrivals.h"
#include "sim/rng.h"
#include "sim/simulation.h"

namespace lambdasim {

class LambdaPlatform {
 public:
  LambdaPlatform(const ScenarioSpec& spec, sim::Simulation& sim, MetricsRecorder& recorder);
  // The sources hold references into the platform: it is neither copied nor moved.
  LambdaPlatform(const LambdaPlatform&) = delete;
  LambdaPlatform& operator=(const LambdaPlatform&) = delete;

  // Schedules the initial events (first arrivals, provisioned allocation, schedules).
  void Start();

  // Closes open billing periods at the end of the run (call once, at the final time).
  void Finish(sim::Time end) { core_.Finish(end); }

  // Event dispatch: called by Simulation::RunUntil.
  void operator()(const sim::Event& e);
  // Runs the simulation up to `end` with this platform as its handler: the same as
  // Simulation::RunUntil(end, *this), with the dispatch inlined into the event loop (a call per
  // event cost about 25 instructions in register saves).
  void RunUntil(sim::Time end);

  // Cache hint (Simulation::RunUntil): starts loading the state the next event will touch —
  // an arrival's source and function, a completion's environment and function. Changes nothing.
  [[gnu::always_inline]] void Prefetch(const sim::Event& e) const {
    switch (static_cast<EventKind>(e.kind)) {
      case EventKind::kInvocationComplete:
        core_.PrefetchEnvironment(e.a);
        core_.PrefetchFunction(static_cast<uint32_t>(e.b), e.time);
        break;
      case EventKind::kArrival:
        // Few functions and sources (no function hints): their lines are cached already.
        if (!core_.function_hints()) break;
        if (e.a < sources_.size()) {
          // Many sources: all of the source's lines (its arrival process, `pending`, its route).
          if (sources_.size() >= PlatformCore::kPrefetchFunctionsFrom)
            sim::PrefetchRange(&sources_[e.a], sizeof(SourceState));
          else
            sim::PrefetchLine(&sources_[e.a]);
        }
        core_.PrefetchFunction(static_cast<uint32_t>(e.b), e.time);
        break;
      case EventKind::kIdleReclaim: core_.PrefetchFunction(e.a, e.time); break;
      default: break;
    }
  }
  // Whether hints are worth giving (Simulation asks before each event): once the functions,
  // sources or environments outgrow a core's caches (PlatformCore::hints_wanted).
  [[gnu::always_inline]] bool HintsWanted() const { return core_.hints_wanted(); }
  // The hints for functions' and sources' state too (tests).
  bool FunctionHintsWanted() const { return core_.function_hints(); }
  // Second stage, for the next event (its function's state was hinted kLookahead − 1 events
  // ago): the environment an arrival would reuse, read from the function's idle pool, and a
  // completion's environment once more (one line; with 10^5 environments the earlier hint may
  // be gone by now: without this one 1e5 was slower in 7 of 10 pinned pairs, +4.9 % by sum, an
  // effect within this machine's noise — bench/README.md, session 8 of issue 17).
  [[gnu::always_inline]] void PrefetchNext(const sim::Event& e) const {
    if (static_cast<EventKind>(e.kind) == EventKind::kInvocationComplete)
      core_.PrefetchEnvironment(e.a);
    else if (static_cast<EventKind>(e.kind) == EventKind::kArrival)
      core_.PrefetchReuse(static_cast<uint32_t>(e.b));
  }

  // Hash of every processed event's (time, kind, function): changes when and only when
  // the event stream does. FNV-1a-style multiply-xor over 64-bit words.
  uint64_t fingerprint() const { return fingerprint_; }

  // Limits for the summary: per function (RC or the unreserved pool) and account.
  int64_t ConcurrencyLimitOf(size_t f) const { return core_.ConcurrencyLimitOf(f); }
  // Requests traffic source `s` has produced so far.
  uint64_t RequestsGenerated(size_t s) const { return sources_[s].arrivals.generated(); }
  int64_t account_limit() const { return spec_.account.concurrency_limit; }
  // Inspection (tests): the call slots of functions' `calls:` (bounded by callers' concurrency).
  const CallChains& call_chains() const { return calls_; }
  // The warm-up is over (runner, at t = 0): provisioned concurrency is billed up to t0 (the
  // recorder then drops it), so the measured period pays only for its own time.
  void BeginMeasurement(sim::Time t0) { core_.BeginMeasurement(t0); }

 private:
  // Where a traffic entry's arrivals go (SourceState::route). kSync and kAsync come first:
  // OnArrival delivers a request itself when route <= kAsync.
  enum class Route : uint8_t { kSync, kAsync, kTopic, kMap, kSqs, kSqsFifo, kKafka, kStream };
  struct SourceState {
    const TrafficSpec* spec = nullptr;
    ArrivalProcess arrivals;
    ClientRetry client;
    sim::RngStream client_rng;
    Arrival pending;       // the scheduled next arrival of this source
    bool warming = false;  // pending comes from warm_[source] (the warm-up, t < 0)
    // Where an arrival goes, decided once from the TrafficSpec (a dense copy beside `pending`,
    // so an arrival does not read the 1 KiB TrafficSpec): the route, API Gateway in front, and
    // the index into the route's container (a mapping or maps_), -1 for none.
    Route route = Route::kSync;
    bool via_gateway = false;
    int32_t mapping = -1;
  };
  // A throttled synchronous request waiting for its client's next attempt. Slots are
  // reused; storage is bounded by the number of requests in backoff at once.
  struct PendingRetry {
    uint32_t source = 0;
    uint32_t function = 0;
    int64_t attempt = 0;  // the attempt about to be made (2, 3, …)
    sim::Time origin;
    int64_t duration_ns = -1;
  };

  // operator()'s body, always inline (platform.cc): RunUntil's loop takes it in.
  void Dispatch(const sim::Event& e);
  uint32_t FunctionOfEvent(const sim::Event& e) const;
  // Every event kind but the two operator() handles itself (a completion, an arrival).
  [[gnu::noinline]] void DispatchOther(const sim::Event& e);
  void OnArrival(uint32_t source);
  // Schedules sources_[source].pending when it falls before the horizon. Each source has one
  // pending arrival at a time: it goes to the simulation's lane `source` (lane 0 is held outside
  // the event queue; the order of events is the same as through the queue).
  void ScheduleArrival(uint32_t source);
  // The next arrival of `source`: from its warm-up process while that lasts, then its own.
  Arrival NextArrival(uint32_t source, bool first);
  void OnClientRetry(uint32_t retry);
  // A direct request (first attempt or a client's retry) of traffic entry `source`: through
  // API Gateway's throttle when the entry is `via: api-gateway`, then into the function's
  // async queue or the synchronous path.
  void Deliver(uint32_t source, uint32_t f, int64_t attempt, sim::Time origin, int64_t duration_ns);
  // kPlain: f is plain (PlatformCore::plain): the core's kPlain bodies.
  template <bool kPlain>
  [[gnu::always_inline]] inline void HandleRequest(uint32_t source, uint32_t f, int64_t attempt,
                                                   sim::Time origin, int64_t duration_ns);
  // A 429 (Lambda's or API Gateway's) for `attempt`: the client retries after its backoff, or
  // gives up.
  void RetryOrGiveUp(uint32_t source, uint32_t f, int64_t attempt, sim::Time origin,
                     int64_t duration_ns);
  void OnInvocationComplete(uint32_t env);
  // The part of OnInvocationComplete for an invocation with a follow-up (every caller but a
  // synchronous request), out of line.
  void OnFollowUpComplete(uint32_t env);

  const ScenarioSpec& spec_;
  sim::Simulation& sim_;
  MetricsRecorder& rec_;
  PlatformCore core_;
  AsyncQueues async_;
  CallChains calls_;  // functions' `calls:` (idle unless a function has some)
  Fanout fanout_;
  SqsMappings sqs_;
  StreamMappings streams_;
  SqsFifoMappings fifo_;  // SQS FIFO queues (issue 19)
  KafkaMappings kafka_;   // Amazon MSK / self-managed Kafka (issue 19)
  MapRuns maps_;          // Step Functions Map entries (traffic entries with `map:`)
  ApiGateway gateway_;    // in front of `via: api-gateway` entries
  // Warm-up traffic: each entry held at its t = 0 rate over [−warmup, 0) (empty without a
  // warm-up). warm_spec_ owns the TrafficSpecs the processes point to.
  ScenarioSpec warm_spec_;
  std::vector<ArrivalProcess> warm_;
  std::vector<SourceState> sources_;
  std::vector<PendingRetry> retries_;
  std::vector<uint32_t> free_retries_;
  uint64_t fingerprint_ = 0xcbf29ce484222325ULL;
};

}  // namespace lambdasim
