// models/lambda/tenant_pools.cc — TenantPools (tenant_pools.h).
#include "models/lambda/tenant_pools.h"

#include <algorithm>
#include <cmath>

namespace lambdasim {

TenantPools::TenantPools(const TenantIsolationSpec& spec, int64_t environment_limit,
                         const sim::RngStream& rng)
    : enabled_(true),
      limit_(environment_limit),
      tenants_(static_cast<uint32_t>(spec.tenants)),
      rng_(rng),
      top_(static_cast<size_t>(spec.tenants), kNone) {
  if (spec.popularity == TenantPopularity::kZipf && tenants_ > 1) {
    zipf_cdf_.resize(tenants_);
    double sum = 0;
    for (uint32_t k = 0; k < tenants_; ++k) {
      sum += 1.0 / std::pow(static_cast<double>(k) + 1.0, spec.zipf_exponent);
      zipf_cdf_[k] = sum;
    }
    for (double& c : zipf_cdf_) c /= sum;
  }
}

uint32_t TenantPools::DrawTenant() {
  if (tenants_ <= 1) return 0;
  if (zipf_cdf_.empty()) return static_cast<uint32_t>(rng_.NextBelow(tenants_));
  const double u = rng_.NextDouble();
  const auto it = std::upper_bound(zipf_cdf_.begin(), zipf_cdf_.end(), u);
  return it == zipf_cdf_.end() ? tenants_ - 1 : static_cast<uint32_t>(it - zipf_cdf_.begin());
}

void TenantPools::Assign(uint32_t env, uint32_t tenant) {
  if (env >= tenant_of_.size()) {
    const size_t n = static_cast<size_t>(env) + 1 + tenant_of_.size();
    tenant_of_.resize(n, kNone);
    t_newer_.resize(n, kNone);
    t_older_.resize(n, kNone);
    g_newer_.resize(n, kNone);
    g_older_.resize(n, kNone);
  }
  tenant_of_[env] = tenant;
  ++alive_;
}

void TenantPools::PushIdle(uint32_t env) {
  const uint32_t tenant = tenant_of_[env];
  // Tenant stack: env becomes the top.
  const uint32_t top = top_[tenant];
  t_newer_[env] = kNone;
  t_older_[env] = top;
  if (top != kNone) t_newer_[top] = env;
  top_[tenant] = env;
  // Function-wide release order: env is the newest.
  g_newer_[env] = kNone;
  g_older_[env] = newest_;
  if (newest_ != kNone) {
    g_newer_[newest_] = env;
  } else {
    oldest_ = env;
  }
  newest_ = env;
}

uint32_t TenantPools::TakeIdle(uint32_t tenant) {
  const uint32_t env = top_[tenant];
  if (env != kNone) Unlink(env);
  return env;
}

void TenantPools::Unlink(uint32_t env) {
  const uint32_t tenant = tenant_of_[env];
  const uint32_t tn = t_newer_[env], to = t_older_[env];
  if (tn != kNone) {
    t_older_[tn] = to;
  } else {
    top_[tenant] = to;
  }
  if (to != kNone) t_newer_[to] = tn;
  const uint32_t gn = g_newer_[env], go = g_older_[env];
  if (gn != kNone) {
    g_older_[gn] = go;
  } else {
    newest_ = go;
  }
  if (go != kNone) {
    g_newer_[go] = gn;
  } else {
    oldest_ = gn;
  }
  t_newer_[env] = t_older_[env] = g_newer_[env] = g_older_[env] = kNone;
}

}  // namespace lambdasim

// --- PlatformCore's tenant-isolation paths (core.h) ---
#include "models/lambda/core.h"

namespace lambdasim {

bool PlatformCore::AdmitTenant(size_t f, Admission& a, uint32_t& tenant) {
  const sim::Time now = sim_.Now();
  TenantPools& tp = tenant_pools_[f];
  tenant = tp.DrawTenant();
  for (;;) {
    const uint32_t candidate = tp.TakeIdle(tenant);
    if (candidate == TenantPools::kNone) break;
    rec_.idle(f).Add(now, -1);
    if (now >= envs_[candidate].retire_at) {
      DestroyEnvironment(candidate);
      continue;
    }
    a.env = candidate;
    a.admitted = true;
    return true;
  }
  if (tp.alive() >= tp.limit()) {
    fns_[f].rps_ramp.Refund();
    a.reason = ThrottleReason::kTenantEnvironments;
    return true;
  }
  return false;
}

void PlatformCore::MakeTenantIdle(uint32_t env) {
  const sim::Time now = sim_.Now();
  Environment& e = envs_[env];
  auto& fs = fns_[e.function];
  e.idle_since = now;
  e.expire_at = now + fs.keep_alive.fixed_keep_alive();
  rec_.idle(e.function).Add(now, +1);
  tenant_pools_[e.function].PushIdle(env);
  EnsureReclaimTimer(e.function);
}

}  // namespace lambdasim
