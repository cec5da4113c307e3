// models/metrics/cost_projection.h — projects the cost of the measured period to a month.
//
// monthly_cost_usd (summary.json, terminal table, report) is the measured period's cost
// scaled to a 30-day billing month (× 720 h / measured hours), then re-priced where AWS bills
// by the month (https://aws.amazon.com/lambda/pricing/, scenarios/README.md "Pricing"):
//  * tiered on-demand duration: the account's monthly on-demand GB-seconds per architecture
//    are priced in tiers (x86: first 6 billion full price, next 9 billion 10 % off, the rest
//    20 % off; arm64 at 7.5 and 18.75 billion) — Prices::tier*. Duration on provisioned
//    concurrency, provisioned concurrency itself and requests are not tiered;
//  * free tier (Prices::free_tier, off by default): 1 M requests and 400 000 GB-s a month, for
//    functions without provisioned concurrency, taken off before the tiers.
// The measured period is the simulated span the summary covers.
//
// Invariants:
//  * The account's monthly cost equals the sum of its functions' (up to floating-point
//    rounding): account-wide discounts (tiers, free tier) are shared out in proportion to each
//    function's on-demand GB-seconds (requests for the free requests).
//  * Below the first tier and without the free tier the projection is linear: cost × scale.
//  * A measured period of zero (or less) projects to 0, never inf or NaN.
#pragma once

#include <vector>

#include "models/spec/platform_profile.h"

namespace lambdasim {

inline constexpr double kBillingMonthHours = 720;  // AWS pricing's 30-day month

// The measured period's cost, split as summary.json splits it.
struct MeasuredCost {
  double requests_usd = 0;
  double duration_usd = 0;  // GB-seconds, init included (on-demand and on provisioned)
  double provisioned_usd = 0;
};

// One function's measured cost and what the monthly re-pricing needs to know about it.
struct FunctionCostInput {
  MeasuredCost cost;
  double provisioned_duration_usd = 0;  // the part of cost.duration_usd served on PC (not tiered)
  bool arm64 = false;
  bool free_tier_eligible = false;  // no provisioned concurrency configured
};

struct MonthlyProjection {
  std::vector<double> function_usd;  // per function, in input order
  double account_usd = 0;            // Σ function_usd
  bool tiered = false;               // some architecture's monthly GB-s crossed the first tier
  double tier_discount_usd = 0;      // what the tiers took off (≥ 0)
  double free_tier_usd = 0;          // what the free tier took off (≥ 0)
};

// Linear: cost × 720 h / (measured_seconds / 3600).
double ProjectMonthlyCostUsd(const MeasuredCost& cost, double measured_seconds);

// The monthly bill of the whole account: linear scaling, then tiers and free tier (above).
MonthlyProjection ProjectMonthlyCosts(const std::vector<FunctionCostInput>& functions,
                                      double measured_seconds, const Prices& prices);

// Tiered cost of `gb_seconds` monthly GB-s at first-tier `rate_usd` (tiers end at t1, t2).
double TieredDurationUsd(double gb_seconds, double rate_usd, double t1, double t2, double factor2,
                         double factor3);

}  // namespace lambdasim
