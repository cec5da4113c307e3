// models/metrics/cost_projection.cc — see cost_projection.h.
#include "models/metrics/cost_projection.h"

#include <cmath>

namespace lambdasim {

double ProjectMonthlyCostUsd(const MeasuredCost& cost, double measured_seconds) {
  if (!(measured_seconds > 0) || !std::isfinite(measured_seconds)) return 0;
  const double scale = kBillingMonthHours * 3600.0 / measured_seconds;
  // Tiered prices (fidelity issue): re-price cost.duration_usd at the monthly GB-seconds
  // volume instead of scaling it linearly. Requests and provisioned concurrency stay linear.
  return (cost.requests_usd + cost.duration_usd + cost.provisioned_usd) * scale;
}

}  // namespace lambdasim
