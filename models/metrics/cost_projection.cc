// models/metrics/cost_projection.cc — see cost_projection.h.
#include "models/metrics/cost_projection.h"

#include <algorithm>
#include <cmath>

namespace lambdasim {

namespace {

double MonthScale(double measured_seconds) {
  if (!(measured_seconds > 0) || !std::isfinite(measured_seconds)) return 0;
  return kBillingMonthHours * 3600.0 / measured_seconds;
}

}  // namespace

double ProjectMonthlyCostUsd(const MeasuredCost& cost, double measured_seconds) {
  return (cost.requests_usd + cost.duration_usd + cost.provisioned_usd) *
         MonthScale(measured_seconds);
}

double TieredDurationUsd(double gb_seconds, double rate_usd, double t1, double t2, double factor2,
                         double factor3) {
  const double g = std::max(0.0, gb_seconds);
  const double first = std::min(g, t1);
  const double second = std::clamp(g - t1, 0.0, std::max(0.0, t2 - t1));
  const double third = std::max(0.0, g - std::max(t1, t2));
  return rate_usd * (first + factor2 * second + factor3 * third);
}

MonthlyProjection ProjectMonthlyCosts(const std::vector<FunctionCostInput>& functions,
                                      double measured_seconds, const Prices& prices) {
  MonthlyProjection out;
  const double scale = MonthScale(measured_seconds);
  const size_t n = functions.size();
  out.function_usd.assign(n, 0.0);
  // Monthly on-demand GB-seconds of each function (its on-demand duration at its first-tier rate).
  std::vector<double> gbs(n, 0.0);
  double eligible_gbs = 0, eligible_requests_usd = 0;
  for (size_t f = 0; f < n; ++f) {
    const auto& in = functions[f];
    const double rate = in.arm64 ? prices.gb_second_arm_usd : prices.gb_second_x86_usd;
    const double on_demand_usd =
        std::max(0.0, in.cost.duration_usd - in.provisioned_duration_usd) * scale;
    gbs[f] = rate > 0 ? on_demand_usd / rate : 0;
    if (in.free_tier_eligible) {
      eligible_gbs += gbs[f];
      eligible_requests_usd += in.cost.requests_usd * scale;
    }
  }
  // Free tier: shares of the free GB-s and requests, in proportion.
  double free_gbs_share = 0, free_requests_share = 0;
  if (prices.free_tier) {
    if (eligible_gbs > 0)
      free_gbs_share = std::min(1.0, prices.free_tier_gb_seconds / eligible_gbs);
    const double free_requests_usd = prices.free_tier_requests * prices.request_usd;
    if (eligible_requests_usd > 0)
      free_requests_share = std::min(1.0, free_requests_usd / eligible_requests_usd);
  }
  // Billable on-demand GB-s per architecture, and the tier factor each one gets.
  double billable[2] = {0, 0};
  std::vector<double> billable_f(n, 0.0);
  for (size_t f = 0; f < n; ++f) {
    billable_f[f] = gbs[f] * (functions[f].free_tier_eligible ? 1.0 - free_gbs_share : 1.0);
    billable[functions[f].arm64 ? 1 : 0] += billable_f[f];
  }
  double factor[2] = {1, 1};
  for (int a = 0; a < 2; ++a) {
    const bool arm = a == 1;
    const double t1 = arm ? prices.tier1_gb_seconds_arm : prices.tier1_gb_seconds_x86;
    const double t2 = arm ? prices.tier2_gb_seconds_arm : prices.tier2_gb_seconds_x86;
    if (billable[a] > t1) {
      out.tiered = true;
      factor[a] = TieredDurationUsd(billable[a], 1.0, t1, t2, prices.tier2_price_factor,
                                    prices.tier3_price_factor) /
                  billable[a];
    }
  }
  for (size_t f = 0; f < n; ++f) {
    const auto& in = functions[f];
    const double rate = in.arm64 ? prices.gb_second_arm_usd : prices.gb_second_x86_usd;
    const double requests = in.cost.requests_usd * scale;
    const double free_requests = in.free_tier_eligible ? requests * free_requests_share : 0;
    const double free_duration = (gbs[f] - billable_f[f]) * rate;
    const double on_demand = billable_f[f] * rate * factor[in.arm64 ? 1 : 0];
    out.tier_discount_usd += billable_f[f] * rate - on_demand;
    out.free_tier_usd += free_requests + free_duration;
    out.function_usd[f] = requests - free_requests + on_demand +
                          (in.provisioned_duration_usd + in.cost.provisioned_usd) * scale;
    out.account_usd += out.function_usd[f];
  }
  return out;
}

}  // namespace lambdasim
