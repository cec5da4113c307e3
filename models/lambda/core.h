// models/lambda/core.h — the platform core: account, functions, execution environments,
// admission, scaling buckets, RPS windows, provisioned concurrency, cost.
//
// PlatformCore is the part of the Lambda model every caller shares. The event sources
// (sources/: async queue, SQS, streams, fan-out) and the synchronous path in LambdaPlatform
// reach it through this concrete class — TryAdmit, StartInvocation, Schedule, the environment
// slab — never through a virtual call. It owns no caller state: who waits for an invocation is
// recorded in the Environment (Environment::caller, caller_index) and handled by LambdaPlatform.
//
// Admission of a request for function f at time t (reference §9, TryAdmit):
//   1. reserved concurrency 0                                  → throttle (reserved)
//   2. account RPS window, then function RPS window (RC set)  → throttle (rps_limit)
//   3. an idle provisioned environment and PC RPS room         → warm on provisioned
//   4. concurrency: busy_f < RC (RC set), else unreserved on-demand busy < pool, where
//      pool = limit − Σ RC − Σ PC(functions without RC)       → throttle (reserved|account)
//   5. an idle on-demand environment (the function's environment_reuse rule, policies.h;
//      default most recently used)                            → warm
//   5a. the RPS side of the scaling rate: the request fits the function's accommodated
//      requests per second, or raises it by a token (rps_ramp.h)   → else throttle (scaling)
//   6. a scaling-rate token (per function or per account)     → cold start, else throttle
// Invariants (checked in tests): busy_f ≤ RC_f; unreserved busy ≤ pool; every request is
// exactly one of invocation or throttle; concurrency gauges equal the busy counts; an
// environment is in exactly one of: busy, idle (in its function's IdlePool or pc_idle),
// unloaded (waiting for a pre-warm), free (in free_envs_).
//
// Files: core.cc (construction, start, limits), admission_path.h with admission.cc (TryAdmit,
// StartInvocation, Complete, busy counts, per-invocation cost), environments.cc (create, idle,
// reclaim, pre-warm, release), provisioned.cc (provisioned concurrency, its billing and auto
// scaling).
#pragma once

#include <cstdint>
#include <vector>

#include "models/lambda/environment.h"
#include "models/lambda/event_kinds.h"
#include "models/lambda/managed_instances.h"
#include "models/lambda/policies.h"
#include "models/lambda/rps_ramp.h"
#include "models/lambda/rps_window.h"
#include "models/lambda/scaling_bucket.h"
#include "models/lambda/snapstart.h"
#include "models/lambda/tenant_pools.h"
#include "models/metrics/metrics_recorder.h"
#include "models/spec/scenario_spec.h"
#include "sim/memory_hint.h"
#include "sim/prefetch.h"
#include "sim/rng.h"
#include "sim/simulation.h"

namespace lambdasim {

class CallChains;  // sources/call_chain.h

// The outcome of PlatformCore::TryAdmit: an environment to run on, or why not.
// Eight bytes, env first: GCC then returns it in one register, built with shifts. With the
// bool first (twelve bytes) it stored the fields to the stack byte by byte and reloaded them as
// two words, a failed store forward that waited for every earlier cache miss of the request to
// retire (session 9 of issue 17: 1e5 −12 % CPU, 1e3 −8 %, 1e4fn −9 %; bench/README.md).
struct Admission {
  uint32_t env = 0;
  bool admitted = false;
  bool cold = false;
  bool on_provisioned = false;
  ThrottleReason reason = ThrottleReason::kReservedConcurrency;
};
static_assert(sizeof(Admission) == 8, "Admission: returned in one register (see above)");

class PlatformCore {
 public:
  PlatformCore(const ScenarioSpec& spec, sim::Simulation& sim, MetricsRecorder& recorder);
  PlatformCore(const PlatformCore&) = delete;
  PlatformCore& operator=(const PlatformCore&) = delete;

  // Initial claimed-concurrency gauge (first thing Start does).
  void StartAccount();
  // Initial provisioned targets, provisioned schedules and auto-scaling timers.
  void StartFunctions();
  // Closes open billing periods at the end of the run.
  void Finish(sim::Time end);
  // Bills provisioned concurrency up to `t0` without closing its spans (end of a warm-up; a
  // span enabled during the warm-up is rounded to 5 minutes once, at its end, as a whole).
  void BeginMeasurement(sim::Time t0);

  sim::Time Now() const { return sim_.Now(); }
  sim::Time horizon() const { return horizon_; }
  const ScenarioSpec& spec() const { return spec_; }
  void Schedule(sim::Time at, EventKind kind, uint32_t a, uint64_t b = 0) {
    sim_.ScheduleAt(at, PriorityOf(kind), static_cast<uint32_t>(kind), a, b);
  }

  // Cache hints for an upcoming event (LambdaPlatform::Prefetch): an environment's hot line and a
  // function's state with its metrics. They change nothing.
  static constexpr size_t kPrefetchFunctionsFrom = 1024;
  // Hints are wanted (Simulation asks before each event) once the state they load has outgrown
  // a core's private caches: kPrefetchFunctionsFrom functions or traffic sources or more
  // (WantFunctionHints, also from the platform), or an environment slab of kHintEnvironmentBytes or
  // more (set when the slab grows, so it turns on at most once). Below that, the lines are cached
  // anyway and the hints cost instructions for nothing: about 60 an invocation at 1e3 of issue
  // 17's benchmark (2 000 environments, 256 KiB; bench/README.md, session 9), about 115 an event
  // with 100 functions (an invocation touches about 16 lines, 1 KiB, of its function's and
  // source's state; 100 functions' worth sits in L2: with the threshold at 64 instead of 1024,
  // fn100 of `reference_bench --scan` was 15 % slower; at 1 000 functions hints on or off
  // measured the same, at 10^4 they pay — bench/README.md, session 11).
  static constexpr size_t kHintEnvironmentBytes = size_t{1} << 20;
  bool hints_wanted() const { return hints_wanted_; }
  // Hints for functions' state too (PrefetchFunction, PrefetchReuse; not only environments).
  bool function_hints() const { return function_hints_; }
  void WantFunctionHints() { hints_wanted_ = function_hints_ = true; }
  // Only the environment's hot line (environment.h): all a synchronous completion reads. `env`
  // is a pending completion's, so it exists (no bounds check: sim::PrefetchElement).
  [[gnu::always_inline]] void PrefetchEnvironment(uint32_t env) const {
    sim::PrefetchElement(envs_.data(), env, sizeof(Environment));
  }
  // With few functions and sources their state stays cached and the hints would only cost
  // instructions (function_hints_). Only the lines an event at `at` reads: the hot block up to
  // the RPS ramp, the ramp's head and the bin of `at`, the idle pool's head (not all 22 lines
  // of FunctionState).
  [[gnu::always_inline]] void PrefetchFunction(uint32_t f, sim::Time at) const {
    if (!function_hints_ || f >= fns_.size()) return;
    const FunctionState& fs = fns_[f];
    sim::PrefetchSpan(&fs, &fs.rps_ramp);
    fs.rps_ramp.Prefetch(at);
    fs.idle.PrefetchHead();
    rec_.Prefetch(f);
  }

  // With many functions: the hot line of the environment a request of f would reuse, read from
  // the idle pool's head in FunctionState (which a hint for the same event a few events earlier
  // has usually brought in: Simulation shows events up to kLookahead ahead).
  [[gnu::always_inline]] void PrefetchReuse(uint32_t f) const {
    if (!function_hints_ || f >= fns_.size()) return;
    const uint32_t env = fns_[f].idle.PeekForReuse();
    if (env < envs_.size()) sim::PrefetchLine(&envs_[env]);
  }

  const FunctionSpec& function_spec(size_t f) const { return *fns_[f].spec; }
  // Reserved concurrency of f, -1 when none.
  int64_t reserved(size_t f) const { return fns_[f].reserved; }
  Environment& env(uint32_t id) { return envs_[id]; }
  const Environment& env(uint32_t id) const { return envs_[id]; }
  // Limits for the summary: per function (RC or the unreserved pool).
  int64_t ConcurrencyLimitOf(size_t f) const;

  // Admission of one request (rules above). Counts the request; the caller records the
  // throttle (RecordThrottle) or starts the invocation (StartInvocation) on the environment.
  Admission TryAdmit(size_t f);
  void RecordThrottle(size_t f, ThrottleReason reason) { rec_.OnThrottle(f, reason); }
  // Runs an invocation on an admitted environment: samples duration, init, error; bills it;
  // schedules its kInvocationComplete.
  void StartInvocation(uint32_t env, Caller caller, uint32_t caller_index, sim::Time origin,
                       int64_t duration_ns, bool cold, bool on_provisioned);
  // Invocations of functions with `calls:` are handed to `chains` at their start (it decides
  // when they end); set once by the platform, before Start.
  void SetCallChains(CallChains* chains) { chains_ = chains; }
  // Bills an invocation whose duration was known only at its end (a caller's: its own time
  // plus its waits on callees): the request, billed init and `run_ns` of execution.
  void ChargeInvocation(size_t f, bool on_provisioned, int64_t billed_init_ns, int64_t run_ns);
  // The invocation on `env` finished: records it (latency from Environment::origin; a sync
  // caller's API Gateway timeout caps it), frees its concurrency and releases the environment
  // (idle, reset or removed). Returns the environment's copy taken before the release, for the
  // caller's follow-up.
  Environment CompleteInvocation(uint32_t env) {
    Environment done;
    Complete(env, &done);
    return done;
  }
  // The same, with the copy only when copy_out is not null (a synchronous request's completion
  // needs none, and then reads only the environment's hot line).
  void Complete(uint32_t env, Environment* copy_out);
  // TryAdmit, StartInvocation and Complete, always inline (admission_path.h: the bodies the
  // out-of-line forms call): for the platform's synchronous path, which takes them into its
  // handlers. Other callers use the out-of-line forms.
  // kPlain: the bodies for a plain function (plain() below), with every branch of a feature a
  // plain function lacks folded away at compile time. Same rules, one definition.
  template <bool kPlain = false>
  Admission AdmitInline(size_t f);
  template <bool kPlain = false>
  void StartInline(uint32_t env, Caller caller, uint32_t caller_index, sim::Time origin,
                   int64_t duration_ns, bool cold, bool on_provisioned);
  template <bool kPlain = false>
  void CompleteInline(uint32_t env, Environment* copy_out);
  // A plain function: on demand only (no provisioned concurrency, scheduled or auto scaled; not
  // on Managed Instances), no reserved concurrency (so no function RPS limit), a fixed
  // keep-alive, no tenant isolation, no SnapStart, no `calls:`, no error rate. Constant for the
  // run. Most functions of most scenarios are plain; their synchronous requests take the
  // kPlain bodies (TryAdmitPlain).
  bool plain(size_t f) const { return fns_[f].plain; }
  Admission TryAdmitPlain(size_t f);

  // Event handlers.
  void OnIdleReclaim(uint32_t f);
  void OnPrewarm(uint32_t env);
  void OnProvisionedReady(uint32_t f, int64_t requested);
  void SetProvisionedTarget(size_t f, int64_t target);
  void OnAutoscalingEvaluation(uint32_t f);
  // Lambda Managed Instances (managed_admission.cc): the scaler's periodic look, and launched
  // instances joining. The fleet of a managed function, or nullptr.
  void OnManagedScale(uint32_t f);
  void OnManagedLaunch(uint32_t f, int64_t count);
  const ManagedFleet* fleet(size_t f) const {
    return fns_[f].managed >= 0 ? &fleets_[static_cast<size_t>(fns_[f].managed)] : nullptr;
  }

 private:
  // Per function. Layout: the first two cache lines (alignas(64)) hold what every request,
  // invocation and completion of an on-demand function reads or writes, including dense copies
  // of constant flags and spec values (so the common path touches neither the 632-byte
  // FunctionSpec nor the side arrays snapstart_/tenant_pools_); the rest follows. With 10^4
  // functions each touched line is a cache miss, so keep rarely used members below.
  struct alignas(64) FunctionState {
    // --- hot ---
    const FunctionSpec* spec = nullptr;
    int64_t reserved = -1;  // -1 = no reservation
    int64_t busy = 0;       // all busy environments (= ConcurrentExecutions)
    int64_t busy_on_demand = 0;
    int64_t pc_allocated = 0;      // provisioned environments that exist (busy or idle)
    int32_t managed = -1;          // index into fleets_ (Lambda Managed Instances), -1 = on-demand
    bool keep_alive_fixed = true;  // = keep_alive.fixed() (constant; read on every request)
    bool tenant_isolated = false;  // = tenant_pools_[f].enabled() (constant)
    bool snapstart = false;        // = snapstart_[f].enabled (constant)
    bool has_calls = false;        // = !spec->calls.empty() (constant)
    bool rps_limited = false;      // = rps.limit() >= 0 (constant: 10 × RC when reserved)
    bool plain = false;            // = plain(f) (constant)
    bool reclaim_pending = false;
    sim::Time reclaim_at;  // earliest pending kIdleReclaim (valid while reclaim_pending)
    double memory_gb = 0;
    double duration_rate_usd = 0;    // per GB-s, on-demand
    int64_t timeout_ns = 0;          // = spec->timeout (constant)
    double error_rate = 0;           // = spec->error_rate (constant)
    size_t bucket = 0;               // index into buckets_
    sim::Duration fixed_keep_alive;  // = keep_alive.fixed_keep_alive() (constant)
    sim::Distribution duration;      // = spec->duration (a copy: constant)
    sim::RngStream duration_rng;
    std::vector<uint32_t> pc_idle;  // provisioned idle environments (stack)
    RpsRamp rps_ramp;  // RPS side of the scaling rate (on-demand requests); its head is hot
    IdlePool idle;     // on-demand idle environments (reuse rule, expiry order); its head is hot
    // --- the rest ---
    RpsWindow rps;                    // 10 × RC when reserved
    KeepAlivePolicy keep_alive;       // fixed, or the hybrid histogram policy
    double pc_rate_usd = 0;           // per GB-s allocated
    double pc_duration_rate_usd = 0;  // per GB-s of invocations on provisioned environments
    int64_t pc_busy = 0;
    int64_t pc_target = 0;  // configured provisioned concurrency
    // PC billing (provisioned.cc): the configured amount × GB × time, exactly; the enabled
    // span (target > 0 from enable to disable or the end of the run) is rounded up to 5
    // minutes once, at the amount in force at its end.
    sim::Time pc_enabled_since;  // start of the current enabled span (valid while pc_target > 0)
    sim::Time pc_billed_until;   // configured time billed up to here
    RpsWindow pc_rps;            // 10 × allocated PC
    sim::RngStream init_rng, error_rng, lifetime_rng, pc_rng;
    // Auto scaling (one-minute Average of provisioned utilization).
    Int128 pc_busy_area = 0;
    Int128 pc_alloc_area = 0;
    sim::Time pc_area_last;
    uint64_t minute_invocations = 0;
    int64_t above = 0, below = 0;
  };

  void CreateProvisioned(size_t f);
  uint32_t NewEnvironment(size_t f, bool provisioned);
  // A new slab slot at the end of envs_ (its id); the slab doubles into memory advised for huge
  // pages before it is filled (sim/memory_hint.h).
  uint32_t AppendEnvironment();
  void DestroyEnvironment(uint32_t env);
  void MakeIdle(uint32_t env);
  // MakeIdle's common case, inline on the completion path: on-demand environment `env` of
  // function f (its own), with a fixed keep-alive and no tenant isolation, idles until
  // now + keep-alive (expiries come in release order, so the reclaim timer rarely moves).
  [[gnu::always_inline]] void IdleForFixedKeepAlive(uint32_t env, size_t f, sim::Time now) {
    Environment& e = envs_[env];
    FunctionState& fs = fns_[f];
    e.idle_since = now;
    e.expire_at = now + fs.fixed_keep_alive;
    rec_.idle(f).Add(now, +1);
    fs.idle.Push(env, e);
    EnsureReclaimTimer(f);
  }
  // Fixed keep-alive with a timer pending: the timer is at the earliest expiry already
  // (expiries come in release order), so nothing to do — inline, before the call.
  void EnsureReclaimTimer(size_t f) {
    const FunctionState& fs = fns_[f];
    if (fs.reclaim_pending && fs.keep_alive_fixed && !fs.tenant_isolated) return;
    ScheduleReclaimTimer(f);
  }
  void ScheduleReclaimTimer(size_t f);
  // Provisioned busy and allocated areas up to now (auto scaling's utilization). Inline: it
  // sits on SetBusy's path.
  void AccumulatePcArea(FunctionState& fs) {
    const sim::Time now = sim_.Now();
    const int64_t dt = now.ns() - fs.pc_area_last.ns();
    fs.pc_busy_area += static_cast<Int128>(fs.pc_busy) * dt;
    fs.pc_alloc_area += static_cast<Int128>(fs.pc_allocated) * dt;
    fs.pc_area_last = now;
  }
  // Bills the configured amount from pc_billed_until to now; with close_span, also the
  // rounding of the enabled span to 5 minutes (at disable and at the end of the run).
  void BillProvisioned(size_t f, sim::Time now, bool close_span);
  template <bool kPlain = false>
  void SetBusy(size_t f, bool on_provisioned, int64_t delta);
  // ChargeInvocation's body (admission_path.h; inlined into StartInvocation).
  template <bool kPlain = false>
  void Charge(size_t f, bool on_provisioned, int64_t billed_init_ns, int64_t run_ns);
  // Lambda Managed Instances (managed_admission.cc): fleets built at StartFunctions, admission
  // onto a fleet, the request's release, billing and the run's statistics.
  void StartManaged();
  Admission AdmitManaged(size_t f);
  void ReleaseManaged(uint32_t env);
  void BillManaged(size_t f, sim::Time now);
  void FinishManaged(sim::Time end);

  const ScenarioSpec& spec_;
  sim::Simulation& sim_;
  MetricsRecorder& rec_;
  sim::Time horizon_;
  std::vector<FunctionState> fns_;
  std::vector<ScalingBucket> buckets_;
  std::vector<Environment> envs_;
  std::vector<uint32_t> free_envs_;
  // Per traffic entry: its API Gateway timeout in ns, -1 when none (read at every synchronous
  // completion: a dense copy, so the completion does not touch the 1 KiB TrafficSpec).
  std::vector<int64_t> gateway_timeout_ns_;
  RpsWindow account_rps_;
  int64_t reserved_sum_ = 0;
  int64_t pc_unreserved_sum_ = 0;     // Σ PC target of functions without RC
  int64_t unreserved_busy_ = 0;       // on-demand busy of functions without RC
  CallChains* chains_ = nullptr;      // SetCallChains
  std::vector<ManagedFleet> fleets_;  // Lambda Managed Instances, one per managed function
  size_t managed_count_ = 0;
  // SnapStart and tenant isolation (snapstart.h, tenant_pools.h; tenant_pools.cc holds the
  // core's tenant paths), per function, beside fns_ so FunctionState stays as it is.
  std::vector<SnapStartFunction> snapstart_;
  std::vector<TenantPools> tenant_pools_;
  sim::Time measure_start_;      // start of the measured period (BeginMeasurement)
  bool hints_wanted_ = false;    // hints_wanted()
  bool function_hints_ = false;  // function_hints()
  // Tenant isolation: an idle environment of `tenant` for f (or a throttle / a cold start).
  // Returns true when `a` is decided (admitted warm, or throttled); false: go cold.
  bool AdmitTenant(size_t f, Admission& a, uint32_t& tenant);
  void MakeTenantIdle(uint32_t env);
};

}  // namespace lambdasim
