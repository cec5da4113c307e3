// models/analysis/sizing_managed.cc — `size` for a function on Lambda Managed Instances
// (sizing.h, ApplyManagedSizing; the model is models/lambda/managed_instances.h).
//
// The fleet, not the account pool, holds the function: capacity = max instances × slots per
// instance; the scaler keeps ⌈peak concurrency / (target × slots)⌉ instances (within its
// bounds), so the instances at the peak and their hourly cost follow from Little's law. The
// binding limit is the instance ceiling when the peak does not fit in it; otherwise the
// on-demand verdict's concurrency parts do not apply (no scaling bucket, no pool) and only the
// RPS limit stays.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "models/analysis/sizing.h"

namespace lambdasim::analysis {

void ApplyManagedSizing(const SizingInput& in, SizingOutput& o) {
  const auto slots = static_cast<double>(in.managed_slots_per_instance);
  o.capacity = in.managed_max_instances * in.managed_slots_per_instance;
  o.fits_concurrency = o.conc_peak <= static_cast<double>(o.capacity) + 1e-9;
  const double per_instance = std::max(in.managed_target_utilization, 1e-9) * slots;
  const auto wanted = static_cast<int64_t>(std::ceil(o.conc_peak / per_instance - 1e-9));
  o.managed_instances_at_peak =
      std::clamp<int64_t>(wanted, in.managed_min_instances, in.managed_max_instances);
  o.managed_usd_per_hour_at_peak =
      static_cast<double>(o.managed_instances_at_peak) * in.managed_instance_usd_per_hour;
  o.quota_needed = 0;  // the account's concurrency quota does not hold a managed function
  o.erlang_b = analytic::ErlangB(o.capacity, o.conc_peak);
  o.carried_mean = o.conc_mean * (1 - analytic::ErlangB(o.capacity, o.conc_mean));
  if (!o.fits_concurrency) {
    o.binding = BindingLimit::kInstanceCapacity;
    o.binding_detail = fmt::format("needs {:.0f} concurrency; {} instances × {} slots hold {}",
                                   std::ceil(o.conc_peak), in.managed_max_instances,
                                   in.managed_slots_per_instance, o.capacity);
  } else if (!o.fits_rps) {
    o.binding = BindingLimit::kRpsLimit;
  } else {
    o.binding = BindingLimit::kNone;
    o.binding_detail = fmt::format(
        "{:.0f} of {} slots at the peak: {} instances at target {:.0f} % (${:.4f}/h with the "
        "management fee); traffic more than doubling within 5 minutes throttles while "
        "instances launch",
        std::ceil(o.conc_peak), o.capacity, o.managed_instances_at_peak,
        100 * in.managed_target_utilization, o.managed_usd_per_hour_at_peak);
  }
}

}  // namespace lambdasim::analysis
