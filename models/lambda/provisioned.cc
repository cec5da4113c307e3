// models/lambda/provisioned.cc — PlatformCore: provisioned concurrency (reference §4): targets,
// the allocation ramp, billing periods and Application Auto Scaling (core.h).
#include <algorithm>
#include <cmath>

#include "models/lambda/billing.h"
#include "models/lambda/core.h"

namespace lambdasim {

// AWS pricing page: "Provisioned Concurrency is calculated from the time you enable it on your
// function until it is disabled, rounded up to the nearest five minutes" — the configured
// amount (what PutProvisionedConcurrencyConfig sets; AWS: "you pay for the amount of
// concurrency you configure and for the period of time you configure it") × GB × time, with
// one rounding per enabled span, not one per change of the amount (§4.4).
void PlatformCore::BillProvisioned(size_t f, sim::Time now, bool close_span) {
  auto& fs = fns_[f];
  if (fs.pc_target <= 0) return;
  int64_t billed_ns = now.ns() - fs.pc_billed_until.ns();
  if (close_span) {
    const int64_t span_ns = now.ns() - fs.pc_enabled_since.ns();
    billed_ns += CeilFiveMinutesNs(span_ns) - span_ns;  // the rounding, at the amount in force
  }
  if (billed_ns > 0) {
    const double usd = fs.memory_gb * static_cast<double>(fs.pc_target) *
                       static_cast<double>(billed_ns) * 1e-9 * fs.pc_rate_usd;
    rec_.AddCost(f, 0, 0, usd);
  }
  fs.pc_billed_until = now;
}

void PlatformCore::SetProvisionedTarget(size_t f, int64_t target) {
  const sim::Time now = sim_.Now();
  auto& fs = fns_[f];
  if (target == fs.pc_target) return;
  BillProvisioned(f, now, /*close_span=*/target == 0);
  if (fs.pc_target == 0) {
    fs.pc_enabled_since = now;  // enable: a new span
    fs.pc_billed_until = now;
  }
  if (fs.reserved < 0) {
    pc_unreserved_sum_ += target - fs.pc_target;
    rec_.claimed_concurrency().Add(now, target - fs.pc_target);
  }
  fs.pc_target = target;
  if (target > fs.pc_allocated) {
    // Preparation delay U(min, max), then the profile's ramp (platform_profile.h): burst at
    // once, then per_minute a minute; either all usable at the end (aws-2023, §2.2) or as
    // they come (aws-2022, §2.3).
    const auto& d = *fs.spec;
    const auto& p = spec_.platform;
    const double lo = d.pc_allocation_delay_min.seconds();
    const double hi = d.pc_allocation_delay_max.seconds();
    const double delay_s = lo + (hi - lo) * fs.pc_rng.NextDouble();
    const sim::Time ready = now + sim::DurationFromSeconds(delay_s);
    const int64_t per_minute = std::max<int64_t>(1, p.pc_allocation_per_minute);
    const int64_t burst = std::max<int64_t>(0, p.pc_allocation_burst);
    const int64_t need = target - fs.pc_allocated;
    if (p.pc_allocation_all_at_once) {
      const int64_t after_burst = std::max<int64_t>(0, need - burst);
      const int64_t minutes =
          after_burst == 0 ? 0
                           : std::max<int64_t>(0, (after_burst + per_minute - 1) / per_minute -
                                                      (burst > 0 ? 0 : 1));
      const sim::Time at = ready + sim::Duration::Minutes(minutes);
      if (at < horizon_)
        Schedule(at, EventKind::kProvisionedReady, static_cast<uint32_t>(f),
                 static_cast<uint64_t>(target));
    } else {
      // One kProvisionedReady per minute of the ramp, each raising the goal (bounded by
      // need / per_minute events; a later change of the target caps them in the handler).
      int64_t goal = fs.pc_allocated + (burst > 0 ? burst : per_minute);
      for (int64_t k = 0;; ++k) {
        const sim::Time at = ready + sim::Duration::Minutes(k);
        if (!(at < horizon_)) break;
        Schedule(at, EventKind::kProvisionedReady, static_cast<uint32_t>(f),
                 static_cast<uint64_t>(std::min(goal, target)));
        if (goal >= target) break;
        goal += per_minute;
      }
    }
  }
  // Shrink: idle provisioned environments go at once, busy ones when they finish.
  while (fs.pc_allocated > fs.pc_target && !fs.pc_idle.empty()) {
    const uint32_t env = fs.pc_idle.back();
    fs.pc_idle.pop_back();
    rec_.idle(f).Add(now, -1);
    DestroyEnvironment(env);
  }
}

void PlatformCore::CreateProvisioned(size_t f) {
  const sim::Time now = sim_.Now();
  auto& fs = fns_[f];
  const uint32_t env = NewEnvironment(f, true);
  AccumulatePcArea(fs);
  ++fs.pc_allocated;
  rec_.provisioned_allocated(f).Add(now, +1);
  fs.pc_rps.set_limit(spec_.platform.rps_per_concurrency * fs.pc_allocated);
  // Init of provisioned environments runs off the request path but is billed (§4.4) at
  // the provisioned duration rate [INFERRED].
  const int64_t init_ns = sim::DurationFromSeconds(fs.spec->init_duration.Sample(fs.init_rng)).ns();
  rec_.AddCost(f, 0,
               fs.memory_gb * static_cast<double>(CeilMs(init_ns)) * 1e-3 * fs.pc_duration_rate_usd,
               0, /*duration_on_provisioned=*/true);
  MakeIdle(env);
}

void PlatformCore::OnProvisionedReady(uint32_t f, int64_t requested) {
  auto& fs = fns_[f];
  const int64_t goal = std::min(fs.pc_target, requested);
  while (fs.pc_allocated < goal) CreateProvisioned(f);
}

void PlatformCore::OnAutoscalingEvaluation(uint32_t f) {
  const sim::Time now = sim_.Now();
  auto& fs = fns_[f];
  const auto& as = fs.spec->provisioned_autoscaling;
  AccumulatePcArea(fs);
  const Int128 busy_area = fs.pc_busy_area;
  const Int128 alloc_area = fs.pc_alloc_area;
  const uint64_t invocations = fs.minute_invocations;
  fs.pc_busy_area = 0;
  fs.pc_alloc_area = 0;
  fs.minute_invocations = 0;
  const sim::Time next = now + sim::Duration::Minutes(1);
  if (next <= horizon_) Schedule(next, EventKind::kAutoscalingEvaluation, f);

  // No traffic (or nothing allocated): the alarms see INSUFFICIENT_DATA and do nothing.
  if (alloc_area == 0 || invocations == 0) {
    fs.above = fs.below = 0;
    return;
  }
  const double utilization = static_cast<double>(busy_area) / static_cast<double>(alloc_area);
  const double target = as.target_utilization;
  const auto desired = [&] {
    const double want = std::ceil(static_cast<double>(fs.pc_target) * utilization / target);
    return std::clamp(static_cast<int64_t>(want), as.min, as.max);
  };
  if (utilization > target) {
    fs.below = 0;
    if (++fs.above >= as.scale_out_datapoints) {
      fs.above = 0;
      const int64_t d = desired();
      if (d > fs.pc_target) SetProvisionedTarget(f, d);
    }
  } else if (utilization < as.scale_in_ratio * target) {
    fs.above = 0;
    if (++fs.below >= as.scale_in_datapoints) {
      fs.below = 0;
      const int64_t d = desired();
      if (d < fs.pc_target) SetProvisionedTarget(f, d);
    }
  } else {
    fs.above = fs.below = 0;
  }
}

}  // namespace lambdasim
