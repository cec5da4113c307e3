// models/lambda/admission_path.h — the bodies of PlatformCore's per-request path: admission
// (reference §9, the rules in core.h), an invocation's start and its completion, with the busy
// counts and per-invocation cost they move.
//
// They are always inline: the platform's synchronous path (platform.cc) takes them into its
// handlers, so a request and a completion pay no call (each call cost 15–25 instructions of
// register saves per request). Every other caller — the event sources, Map runs, call chains —
// goes through the out-of-line entry points in admission.cc (TryAdmit, StartInvocation,
// Complete), which are these same bodies: one definition of each rule. Include this header only
// in a .cc that calls the *Inline forms (after core.h; it needs CallChains' definition).
//
// kPlain (template parameter of each body): the function is plain (PlatformCore::plain: on
// demand only, unreserved, fixed keep-alive, no tenant isolation, SnapStart, calls or errors).
// Each test of a feature a plain function lacks is written `!kPlain && …`, so the kPlain
// instantiation drops it at compile time and the general one keeps it: still one definition
// of each rule (tests/plain_path_test.cc checks both reach the same bytes).
#pragma once

#include <cmath>

#include "models/lambda/billing.h"
#include "models/lambda/core.h"
#include "models/lambda/sources/call_chain.h"

namespace lambdasim {

// Inlined at its three call sites (a call cost about 25 instructions per busy change, two per
// request, most of it saving and restoring registers).
template <bool kPlain>
[[gnu::always_inline]] inline void PlatformCore::SetBusy(size_t f, bool on_provisioned,
                                                         int64_t delta) {
  const sim::Time now = sim_.Now();
  auto& fs = fns_[f];
  fs.busy += delta;
  rec_.concurrency(f).Add(now, delta);
  if (!kPlain && fs.managed >= 0) return;  // Lambda Managed Instances: not in the account's pool
  if (!kPlain && on_provisioned) {
    rec_.OnAccountBusy(now, delta, /*unreserved=*/false);
    AccumulatePcArea(fs);
    fs.pc_busy += delta;
    rec_.provisioned_busy(f).Add(now, delta);
    if (delta > 0) ++fs.minute_invocations;
  } else {
    fs.busy_on_demand += delta;
    const bool unreserved = kPlain || fs.reserved < 0;
    if (unreserved) unreserved_busy_ += delta;
    // Account concurrency, and unreserved and claimed concurrency for an unreserved function.
    rec_.OnAccountBusy(now, delta, unreserved);
  }
}

template <bool kPlain>
[[gnu::always_inline]] inline Admission PlatformCore::AdmitInline(size_t f) {
  const sim::Time now = sim_.Now();
  auto& fs = fns_[f];
  rec_.OnRequest(f);
  if (!kPlain && !fs.keep_alive_fixed && fs.busy == 0) fs.keep_alive.OnRequestWhileIdle(now);
  Admission a;
  if (!kPlain && fs.reserved == 0) {
    a.reason = ThrottleReason::kReservedConcurrency;
    return a;
  }
  if (!kPlain && fs.managed >= 0) return AdmitManaged(f);  // Managed Instances: own capacity
  if (!account_rps_.HasRoom(now) || (!kPlain && fs.rps_limited && !fs.rps.HasRoom(now))) {
    a.reason = ThrottleReason::kRpsLimit;
    return a;
  }
  if (!kPlain && !fs.pc_idle.empty() && fs.pc_rps.HasRoom(now)) {
    a.env = fs.pc_idle.back();
    fs.pc_idle.pop_back();
    rec_.idle(f).Add(now, -1);
    fs.pc_rps.Record(now);
    a.admitted = true;
    a.on_provisioned = true;
  } else if (!kPlain && fs.reserved > 0 && fs.busy >= fs.reserved) {
    a.reason = ThrottleReason::kReservedConcurrency;
    return a;
  } else if ((kPlain || fs.reserved < 0) && unreserved_busy_ >= spec_.account.concurrency_limit -
                                                                    reserved_sum_ -
                                                                    pc_unreserved_sum_) {
    a.reason = ThrottleReason::kAccountConcurrency;
    return a;
  } else {
    // RPS side of the scaling rate (rps_ramp.h): a function with no on-demand environment
    // starts from cold.
    if (fs.rps_ramp.enabled()) {
      const bool no_idle =
          !kPlain && fs.tenant_isolated ? tenant_pools_[f].idle_empty() : fs.idle.empty();
      if (fs.busy_on_demand == 0 && no_idle) fs.rps_ramp.ResetToCold();
      if (!fs.rps_ramp.TryAdmit(now)) {
        a.reason = ThrottleReason::kScalingRate;
        return a;
      }
    }
    // Tenant isolation (tenant_pools.cc): the tenant's own idle environment, or a throttle at
    // the tenant-aware environment limit, or on to a cold start for this tenant.
    // (Its own Admission: `a` never has its address taken, so it lives in registers and is
    // returned without a store-forwarding stall.)
    uint32_t tenant = TenantPools::kNone;
    if (!kPlain && fs.tenant_isolated) {
      Admission by_tenant;
      if (AdmitTenant(f, by_tenant, tenant)) {
        if (!by_tenant.admitted) return by_tenant;
        account_rps_.Record(now);
        if (fs.rps_limited) fs.rps.Record(now);
        return by_tenant;
      }
    }
    // The reuse rule's choice (policies.h); retire any past its lifetime.
    while (!fs.idle.empty()) {
      const uint32_t candidate = fs.idle.TakeForReuse();
      rec_.idle(f).Add(now, -1);
      if (now >= envs_[candidate].retire_at) {
        DestroyEnvironment(candidate);
        continue;
      }
      a.env = candidate;
      a.admitted = true;
      break;
    }
    if (!a.admitted) {
      if (!buckets_[fs.bucket].TryTake(now)) {
        fs.rps_ramp.Refund();
        a.reason = ThrottleReason::kScalingRate;
        return a;
      }
      a.env = NewEnvironment(f, false);
      a.admitted = true;
      a.cold = true;
      if (tenant != TenantPools::kNone) {
        tenant_pools_[f].Assign(a.env, tenant);
        if (fs.spec->tenant_isolation.charge_environments) {
          const auto& ti = spec_.platform.tenant_isolation;
          const bool arm = fs.spec->architecture == Architecture::kArm64;
          rec_.AddTenantEnvironmentCost(
              f, fs.memory_gb * (arm ? ti.environment_gb_arm_usd : ti.environment_gb_x86_usd));
        }
      }
    }
  }
  account_rps_.Record(now);
  if (!kPlain && fs.rps_limited) fs.rps.Record(now);
  return a;
}

template <bool kPlain>
[[gnu::always_inline]] inline void PlatformCore::StartInline(uint32_t env, Caller caller,
                                                             uint32_t caller_index,
                                                             sim::Time origin, int64_t duration_ns,
                                                             bool cold, bool on_provisioned_in) {
  const bool on_provisioned = !kPlain && on_provisioned_in;  // a plain function has no PC
  const sim::Time now = sim_.Now();
  Environment& e = envs_[env];
  const size_t f = e.function;
  auto& fs = fns_[f];
  const FunctionSpec& fspec = *fs.spec;

  const int64_t timeout_ns = fs.timeout_ns;
  int64_t run_ns = duration_ns >= 0
                       ? duration_ns
                       : sim::DurationFromSeconds(fs.duration.Sample(fs.duration_rng)).ns();
  int64_t wait_ns = 0;  // caller waits for init before the invoke phase
  int64_t billed_init_ns = 0;
  if (!kPlain && cold && fs.snapstart) {
    // A restore from the SnapStart snapshot in place of init (snapstart.h).
    SnapStartFunction& ss = snapstart_[f];
    const int64_t restore_ns =
        sim::DurationFromSeconds(fspec.snapstart_restore_duration.Sample(ss.rng)).ns();
    wait_ns = restore_ns;
    billed_init_ns =
        ss.billed_share >= 1.0
            ? restore_ns
            : static_cast<int64_t>(std::llround(static_cast<double>(restore_ns) * ss.billed_share));
    rec_.OnSnapStartRestore(f);
    if (ss.charged) rec_.AddSnapStartCost(f, ss.restore_usd);
  } else if (cold) {
    const int64_t init_ns = sim::DurationFromSeconds(fspec.init_duration.Sample(fs.init_rng)).ns();
    const int64_t limit_ns = spec_.platform.init_limit.ns();
    if (init_ns <= limit_ns) {
      wait_ns = init_ns;
      billed_init_ns = spec_.platform.prices.bill_init ? init_ns : 0;
    } else {
      // Init exceeded its limit: it is abandoned at the limit and re-run inside the first
      // invoke ("suppressed init", §5.1), where it counts against the function timeout.
      wait_ns = limit_ns;
      billed_init_ns = spec_.platform.prices.bill_init ? limit_ns : 0;
      run_ns += init_ns;
    }
  }
  e.origin = origin;
  e.caller = caller;
  e.caller_index = caller_index;
  e.busy = true;
  if (!kPlain && fs.has_calls && chains_ != nullptr) {
    // A caller: its own time is run_ns, but its end depends on its callees (call_chain.h),
    // which also decides the timeout; the error draw is its own code's.
    e.timed_out = false;
    e.error = fs.error_rate > 0 && fs.error_rng.NextDouble() < fs.error_rate;
    e.exec_ns = 0;
    const bool spillover = !on_provisioned && fs.pc_allocated > 0;
    rec_.OnInvocation(f, cold, on_provisioned, spillover);
    SetBusy<kPlain>(f, on_provisioned, +1);
    chains_->Begin(env, now + sim::Duration::Nanos(wait_ns), run_ns, billed_init_ns,
                   on_provisioned);
    return;
  }
  e.timed_out = run_ns > timeout_ns;
  if (e.timed_out) run_ns = timeout_ns;
  e.error =
      e.timed_out || (!kPlain && fs.error_rate > 0 && fs.error_rng.NextDouble() < fs.error_rate);
  e.exec_ns = run_ns;

  const bool spillover = !kPlain && !on_provisioned && fs.pc_allocated > 0;
  rec_.OnInvocation(f, cold, on_provisioned, spillover);
  SetBusy<kPlain>(f, on_provisioned, +1);

  // Cost is charged when the invocation starts (its whole duration is known).
  Charge<kPlain>(f, on_provisioned, billed_init_ns, run_ns);
  Schedule(now + sim::Duration::Nanos(wait_ns + run_ns), EventKind::kInvocationComplete, env, f);
}

// ChargeInvocation's body, inlined into StartInvocation (a call cost about 20 instructions per
// request there).
template <bool kPlain>
[[gnu::always_inline]] inline void PlatformCore::Charge(size_t f, bool on_provisioned_in,
                                                        int64_t billed_init_ns, int64_t run_ns) {
  const bool on_provisioned = !kPlain && on_provisioned_in;
  const auto& fs = fns_[f];
  const double gb = fs.memory_gb;
  const double request_usd = spec_.platform.prices.request_usd;
  if (!kPlain &&
      fs.managed >= 0) {  // Lambda Managed Instances: requests only; instances bill by time
    rec_.AddCost(f, request_usd, 0, 0);
    return;
  }
  double duration_usd;
  if (on_provisioned) {
    duration_usd = gb * static_cast<double>(CeilMs(run_ns)) * 1e-3 * fs.pc_duration_rate_usd;
  } else {
    duration_usd =
        gb * static_cast<double>(CeilMs(billed_init_ns + run_ns)) * 1e-3 * fs.duration_rate_usd;
  }
  rec_.AddCost(f, request_usd, duration_usd, 0, on_provisioned);
}

template <bool kPlain>
[[gnu::always_inline]] inline void PlatformCore::CompleteInline(uint32_t env,
                                                                Environment* copy_out) {
  const sim::Time now = sim_.Now();
  // The caller's copy is taken first: its follow-up (a poller dispatching its next batch) may
  // reuse this very environment, or create others and so move the slab. A synchronous
  // completion takes none, so it reads only the environment's hot line (environment.h).
  if (copy_out != nullptr) *copy_out = envs_[env];
  const Environment& e = envs_[env];
  const size_t f = e.function;
  const bool provisioned = !kPlain && e.provisioned;  // a plain function has no PC
  const bool timed_out = e.timed_out;
  const sim::Time retire_at = e.retire_at;
  auto& fs = fns_[f];
  // Latency as the caller sees it: from the first attempt (sync) or from when the event or
  // message entered Lambda's queue (async, SQS, streams: end-to-end processing latency).
  int64_t latency_ns = now.ns() - e.origin.ns();
  bool gateway_timeout = false;
  if (e.caller == Caller::kSync) {
    const int64_t cap_ns = gateway_timeout_ns_[e.caller_index];
    if (cap_ns >= 0 && latency_ns > cap_ns) {
      gateway_timeout = true;
      latency_ns = cap_ns;
    }
  }
  rec_.OnCompletion(f, e.exec_ns, latency_ns, e.error, timed_out, gateway_timeout);
  envs_[env].busy = false;
  SetBusy<kPlain>(f, provisioned, -1);
  if (!kPlain && !fs.keep_alive_fixed && fs.busy == 0) fs.keep_alive.OnFunctionIdle(now);
  if (!kPlain && fs.managed >= 0) {  // Lambda Managed Instances: the request leaves its environment
    ReleaseManaged(env);
    return;
  }

  // Release the environment first, so that a caller dispatching again at this instant can
  // reuse it warm (as Lambda would).
  const bool retire = timed_out || now >= retire_at;
  if (provisioned) {
    if (fs.pc_allocated > fs.pc_target) {
      DestroyEnvironment(env);
    } else if (retire) {
      // Lambda keeps the provisioned count: the reset environment is replaced at once.
      DestroyEnvironment(env);
      CreateProvisioned(f);
    } else {
      MakeIdle(env);
    }
  } else if (retire) {
    DestroyEnvironment(env);
  } else if (kPlain || (fs.keep_alive_fixed && !fs.tenant_isolated)) {
    IdleForFixedKeepAlive(env, f, now);  // MakeIdle's common case, inline
  } else {
    MakeIdle(env);
  }
}

}  // namespace lambdasim
