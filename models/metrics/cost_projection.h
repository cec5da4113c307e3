// models/metrics/cost_projection.h — projects the cost of the measured period to a month.
//
// monthly_cost_usd (summary.json, terminal table, report) is the measured period's cost
// scaled to a 30-day billing month: cost × 720 h / measured hours. The measured period is
// the simulated span the summary covers (the whole run today; the span after `warmup:` once
// warm starts exist).
//
// Invariants:
//  * Linear today: the projection of a sum is the sum of the projections, so the account's
//    monthly cost equals the sum of its functions' (up to floating-point rounding).
//  * A measured period of zero (or less) projects to 0, never inf or NaN.
//  * This is THE hook for tiered prices (AWS bills duration GB-seconds per month in tiers:
//    the fidelity issue): the projection receives the cost split into its parts, so a tiered
//    price can re-price the duration part at the monthly volume here, and every caller
//    (summary, table, report) follows without change.
#pragma once

namespace lambdasim {

inline constexpr double kBillingMonthHours = 720;  // AWS pricing's 30-day month

// The measured period's cost, split as summary.json splits it.
struct MeasuredCost {
  double requests_usd = 0;
  double duration_usd = 0;  // GB-seconds, init included
  double provisioned_usd = 0;
};

// cost × 720 h / (measured_seconds / 3600). Today every part scales linearly; tiered
// duration prices belong here (see the header comment).
double ProjectMonthlyCostUsd(const MeasuredCost& cost, double measured_seconds);

}  // namespace lambdasim
