// models/lambda/environments.cc — PlatformCore: execution environments — creation, idle pools
// and keep-alive, reclaim, hybrid pre-warm, destruction (core.h, environment.h, policies.h).
#include <algorithm>
#include <stdexcept>

#include "models/lambda/core.h"

namespace lambdasim {

void PlatformCore::MakeIdle(uint32_t env) {
  const sim::Time now = sim_.Now();
  Environment& e = envs_[env];
  auto& fs = fns_[e.function];
  if (e.provisioned) {
    e.idle_since = now;
    rec_.idle(e.function).Add(now, +1);
    fs.pc_idle.push_back(env);
    return;
  }
  if (fs.tenant_isolated) {
    MakeTenantIdle(env);  // tenant_pools.cc
    return;
  }
  if (fs.keep_alive_fixed) {
    IdleForFixedKeepAlive(env, e.function, now);
    return;
  }
  const KeepAlivePolicy::Windows w = fs.keep_alive.Decide();
  if (w.pre_warm > sim::Duration()) {
    // Unloaded now, re-loaded at the pre-warm instant (policies.h).
    e.unloaded = true;
    e.expire_at = now + w.pre_warm + w.keep_alive;
    rec_.environments(e.function).Add(now, -1);
    const sim::Time at = now + w.pre_warm;
    if (at < horizon_) Schedule(at, EventKind::kPrewarm, env);
    return;
  }
  e.idle_since = now;
  e.expire_at = now + w.keep_alive;
  rec_.idle(e.function).Add(now, +1);
  fs.idle.Push(env, e);
  EnsureReclaimTimer(e.function);
}

void PlatformCore::OnPrewarm(uint32_t env) {
  const sim::Time now = sim_.Now();
  Environment& e = envs_[env];
  const uint32_t f = e.function;
  if (now >= e.retire_at) {  // past its lifetime: not re-loaded
    DestroyEnvironment(env);
    return;
  }
  e.unloaded = false;
  rec_.environments(f).Add(now, +1);
  e.idle_since = now;
  rec_.idle(f).Add(now, +1);
  fns_[f].idle.Push(env, e);
  EnsureReclaimTimer(f);
}

// One pending kIdleReclaim at the earliest expiry. Under the fixed keep-alive expiries come
// in release order, so a new idle environment never expires before the pending timer; under
// the hybrid policy one may, and an earlier timer is added (the later one then finds nothing
// or less to do).
void PlatformCore::ScheduleReclaimTimer(size_t f) {
  auto& fs = fns_[f];
  if (fs.tenant_isolated ? tenant_pools_[f].idle_empty() : fs.idle.empty()) return;
  const sim::Time at =
      envs_[fs.tenant_isolated ? tenant_pools_[f].Oldest() : fs.idle.NextExpiring()].expire_at;
  if (fs.reclaim_pending && at >= fs.reclaim_at) return;
  if (at >= horizon_) {
    // Fixed keep-alive: every later idle environment expires later still, so this function
    // needs no timer again; mark one as pending "at the end of time" so that EnsureReclaimTimer
    // stops here without reading the oldest idle environment's line.
    if (fs.keep_alive_fixed && !fs.tenant_isolated) {
      fs.reclaim_pending = true;
      fs.reclaim_at = sim::Time::Max();
    }
    return;
  }
  fs.reclaim_pending = true;
  fs.reclaim_at = at;
  Schedule(at, EventKind::kIdleReclaim, static_cast<uint32_t>(f));
}

void PlatformCore::OnIdleReclaim(uint32_t f) {
  const sim::Time now = sim_.Now();
  auto& fs = fns_[f];
  if (now >= fs.reclaim_at) fs.reclaim_pending = false;
  TenantPools& tp = tenant_pools_[f];
  while (tp.enabled() && !tp.idle_empty() && envs_[tp.Oldest()].expire_at <= now) {
    const uint32_t env = tp.Oldest();
    tp.PopOldest();
    rec_.idle(f).Add(now, -1);
    DestroyEnvironment(env);
  }
  while (!fs.idle.empty() && envs_[fs.idle.NextExpiring()].expire_at <= now) {
    const uint32_t env = fs.idle.NextExpiring();
    fs.idle.PopNextExpiring();
    rec_.idle(f).Add(now, -1);
    DestroyEnvironment(env);
  }
  EnsureReclaimTimer(f);
}

uint32_t PlatformCore::AppendEnvironment() {
  if (envs_.size() >= 0xFFFFFFFFu) throw std::runtime_error("too many execution environments");
  if (envs_.size() == envs_.capacity()) {
    std::vector<Environment> bigger;
    bigger.reserve(std::max<size_t>(64, 2 * envs_.capacity()));
    sim::AdviseHugePages(bigger.data(), bigger.capacity() * sizeof(Environment));
    bigger.assign(envs_.begin(), envs_.end());
    envs_.swap(bigger);
    if (envs_.capacity() * sizeof(Environment) >= kHintEnvironmentBytes) hints_wanted_ = true;
  }
  envs_.emplace_back();
  return static_cast<uint32_t>(envs_.size() - 1);
}

uint32_t PlatformCore::NewEnvironment(size_t f, bool provisioned) {
  const sim::Time now = sim_.Now();
  uint32_t id;
  if (!free_envs_.empty()) {
    id = free_envs_.back();
    free_envs_.pop_back();
  } else {
    id = AppendEnvironment();
  }
  auto& fs = fns_[f];
  Environment& e = envs_[id];
  e = Environment{};
  e.function = static_cast<uint32_t>(f);
  e.provisioned = provisioned;
  e.created = now;
  e.retire_at = now + sim::DurationFromSeconds(fs.spec->max_lifetime.Sample(fs.lifetime_rng));
  rec_.OnEnvironmentCreated(f);
  rec_.environments(f).Add(now, +1);
  return id;
}

void PlatformCore::DestroyEnvironment(uint32_t env) {
  Environment& e = envs_[env];
  if (!e.unloaded) rec_.environments(e.function).Add(sim_.Now(), -1);
  if (e.provisioned) {
    auto& fs = fns_[e.function];
    AccumulatePcArea(fs);
    --fs.pc_allocated;
    rec_.provisioned_allocated(e.function).Add(sim_.Now(), -1);
    fs.pc_rps.set_limit(spec_.platform.rps_per_concurrency * fs.pc_allocated);
  }
  if (fns_[e.function].tenant_isolated) tenant_pools_[e.function].OnDestroyed();
  free_envs_.push_back(env);
}

}  // namespace lambdasim
