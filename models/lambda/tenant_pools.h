// models/lambda/tenant_pools.h — tenant isolation mode: one function's idle execution
// environments, kept per tenant, and the tenant drawn for each request.
//
// "When a function using tenant isolation mode receives an invoke with a tenant identifier,
// Lambda first attempts to locate an available execution environment associated with that
// tenant identifier. If no execution environments exist, Lambda creates and assigns a new
// execution environment to that tenant" ("Tenant isolation", tenant-isolation.html). So an idle
// environment serves only its own tenant, and "Lambda limits the maximum number of tenant-aware
// execution environments (active or idle) that can exist at a time to 2,500 for every 1,000
// concurrent executions of your function" (tenant-isolation-troubleshooting.html): a cold start
// beyond limit() is throttled (ThrottleReason::kTenantEnvironments).
//
// Shape (no hash lookup, no allocation per event once the arrays reach their peak size):
//   * per tenant, an intrusive doubly-linked stack of its idle environments (top = the most
//     recently released: a tenant reuses its most recently used environment);
//   * one function-wide intrusive list of the same environments in release order (head = the
//     oldest): the fixed keep-alive expires them in this order (PlatformCore's reclaim timer);
//   * side arrays indexed by environment id (tenant, links), grown with the environment slab.
// Every operation is O(1) except DrawTenant under Zipf popularity (O(log tenants), a binary
// search of the precomputed CDF). Invariant: an environment is in both lists or in neither;
// alive() counts this function's environments (busy or idle) between Assign and OnDestroyed.
//
// Tenant draws: each admission attempt draws a tenant from the function's own stream
// "tenant/<function>" (no other stream moves). A client's retry of a throttled request draws
// again (stated simplification: with uniform tenants it is the same distribution).
#pragma once

#include <cstdint>
#include <vector>

#include "models/spec/scenario_spec.h"
#include "sim/rng.h"

namespace lambdasim {

class TenantPools {
 public:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;

  TenantPools() = default;
  // Enables the pools: `tenants` ids drawn by `spec.popularity`, at most `environment_limit`
  // environments alive at a time.
  TenantPools(const TenantIsolationSpec& spec, int64_t environment_limit,
              const sim::RngStream& rng);

  bool enabled() const { return enabled_; }
  int64_t alive() const { return alive_; }
  int64_t limit() const { return limit_; }
  bool idle_empty() const { return oldest_ == kNone; }
  // The idle environment released longest ago (expires first). Requires !idle_empty().
  uint32_t Oldest() const { return oldest_; }

  // The tenant of the next request.
  uint32_t DrawTenant();
  // A new environment for `tenant` (counts it alive).
  void Assign(uint32_t env, uint32_t tenant);
  // Removes and returns `tenant`'s most recently released idle environment, or kNone.
  uint32_t TakeIdle(uint32_t tenant);
  // An environment of this function has just become idle (released now).
  void PushIdle(uint32_t env);
  // Removes Oldest() (its keep-alive ran out). Requires !idle_empty().
  void PopOldest() { Unlink(oldest_); }
  // An environment of this function was destroyed (it is in no list).
  void OnDestroyed() { --alive_; }

 private:
  void Unlink(uint32_t env);

  bool enabled_ = false;
  int64_t limit_ = 0;
  int64_t alive_ = 0;
  uint32_t tenants_ = 1;
  std::vector<double> zipf_cdf_;  // empty: uniform
  sim::RngStream rng_;
  std::vector<uint32_t> top_;  // per tenant: newest idle environment, kNone if none
  // Per environment id.
  std::vector<uint32_t> tenant_of_, t_newer_, t_older_, g_newer_, g_older_;
  uint32_t oldest_ = kNone, newest_ = kNone;  // function-wide release order
};

}  // namespace lambdasim
