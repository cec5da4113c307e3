// models/lambda/api_gateway.h — API Gateway's throttle in front of Lambda: token buckets.
//
// AWS ("Throttle requests to your REST APIs", api-gateway-request-throttling.html): "API Gateway
// throttles requests to your API using the token bucket algorithm, where a token counts for a
// request." GatewayBucket is that bucket: it starts full at `burst` tokens, refills continuously
// at the rate, never above `burst`; each admitted request takes one token; with less than one
// token the request is refused (429 at the gateway, it never reaches Lambda).
// Arithmetic is exact: the level is an integer count of 1e-12 token, so a rate in milli-requests
// per second adds exactly rate_mrps units per nanosecond (10 000 /s: 1e7 units/ns; 0.5 /s: 500).
// The refill is computed lazily when a request arrives — no event per refill, no allocation.
// Bounds: burst ≤ 1 000 000 tokens (1e18 units, inside int64; the key table's limit), and a gap
// of any length refills without overflow (compared with the room first).
//
// ApiGateway: the account's bucket (one per account and Region — the scenario), shared by every
// `via: api-gateway` traffic entry, and an optional route bucket per entry (the stage / method /
// usage-plan limit, `api_gateway_throttle:`). Admit(source) checks the route bucket first, then
// the account's — AWS's order ("API Gateway applies your throttling-related settings in the
// following order: 1. Per-client or per-method throttling limits that you set for an API stage
// in a usage plan 2. Per-method throttling limits that you set for an API stage 3. Account-level
// throttling per Region 4. AWS Regional throttling") — and takes a token from both only when both
// have one: a request refused by either takes no token from the other [INFERRED: AWS does not
// say; a refused request is not served, so it spends no one's allowance]. So with one entry the
// lower of the two limits applies, and entries share the account's.
// Invariants: 0 ≤ level ≤ capacity in every bucket; times passed to a bucket never decrease.
#pragma once

#include <cstdint>
#include <vector>

#include "models/spec/scenario_spec.h"
#include "sim/time.h"

namespace lambdasim {

class GatewayBucket {
 public:
  // 1 token in units: 1e9 ns × 1000 (the milli of the rate).
  static constexpr int64_t kUnitsPerToken = 1000000000000;

  GatewayBucket() = default;
  explicit GatewayBucket(const ApiGatewayThrottle& t)
      : rate_units_per_ns_(t.rate_mrps), capacity_(t.burst * kUnitsPerToken), level_(capacity_) {}

  // Whether a token is there at `now` (refills up to `now` first).
  bool HasToken(sim::Time now) {
    Refill(now);
    return level_ >= kUnitsPerToken;
  }
  // Takes the token HasToken(now) saw.
  void Take() { level_ -= kUnitsPerToken; }
  bool TryTake(sim::Time now) {
    if (!HasToken(now)) return false;
    Take();
    return true;
  }
  // Whole tokens available at `now`.
  int64_t Available(sim::Time now) {
    Refill(now);
    return level_ / kUnitsPerToken;
  }

 private:
  void Refill(sim::Time now) {
    const int64_t dt = now.ns() - last_.ns();
    last_ = now;
    if (dt <= 0 || level_ >= capacity_ || rate_units_per_ns_ == 0) return;
    const int64_t room = capacity_ - level_;
    // rate · dt may overflow for long gaps: compare dt with the time to fill first.
    if (dt >= room / rate_units_per_ns_ + 1) {
      level_ = capacity_;
    } else {
      level_ += rate_units_per_ns_ * dt;
      if (level_ > capacity_) level_ = capacity_;
    }
  }

  int64_t rate_units_per_ns_ = 0;
  int64_t capacity_ = 0;
  int64_t level_ = 0;
  sim::Time last_;
};

// Where the gateway refused a request (kNone: it passed).
enum class GatewayRefusal : uint8_t { kNone, kRoute, kAccount };

class ApiGateway {
 public:
  explicit ApiGateway(const ScenarioSpec& spec) : account_(spec.api_gateway) {
    route_.assign(spec.traffic.size(), -1);
    for (size_t s = 0; s < spec.traffic.size(); ++s) {
      const TrafficSpec& t = spec.traffic[s];
      if (!t.via_api_gateway || !t.api_gateway_throttle) continue;
      route_[s] = static_cast<int32_t>(routes_.size());
      routes_.emplace_back(*t.api_gateway_throttle);
    }
  }

  // A request of traffic entry `source` (via API Gateway) reaches the gateway at `now`.
  GatewayRefusal Admit(size_t source, sim::Time now) {
    GatewayBucket* route =
        route_[source] >= 0 ? &routes_[static_cast<size_t>(route_[source])] : nullptr;
    if (route && !route->HasToken(now)) return GatewayRefusal::kRoute;
    if (!account_.HasToken(now)) return GatewayRefusal::kAccount;
    if (route) route->Take();
    account_.Take();
    return GatewayRefusal::kNone;
  }

 private:
  GatewayBucket account_;
  std::vector<GatewayBucket> routes_;
  std::vector<int32_t> route_;  // per traffic entry: index into routes_, -1 = none
};

}  // namespace lambdasim
