// models/lambda/core.cc — PlatformCore: construction from the spec, start, limits (core.h).
#include <algorithm>
#include <string>

#include "models/lambda/core.h"

namespace lambdasim {

PlatformCore::PlatformCore(const ScenarioSpec& spec, sim::Simulation& sim,
                           MetricsRecorder& recorder)
    : spec_(spec), sim_(sim), rec_(recorder), horizon_(sim::Time::Zero() + spec.duration) {
  const auto& prices = spec.platform.prices;
  const bool account_bucket = spec.platform.scaling_scope == ScalingScope::kAccount;
  const bool step_refill = spec.scaling.refill_mode == RefillMode::kStep;
  if (account_bucket)
    buckets_.emplace_back(spec.scaling.burst, spec.scaling.refill_count, spec.scaling.refill_period,
                          step_refill);
  fns_.reserve(spec.functions.size());  // advised for huge pages before it is filled
  sim::AdviseHugePages(fns_.data(), fns_.capacity() * sizeof(FunctionState));
  fns_.resize(spec.functions.size());
  if (fns_.size() >= kPrefetchFunctionsFrom) WantFunctionHints();
  for (size_t f = 0; f < spec.functions.size(); ++f) {
    const auto& fspec = spec.functions[f];
    auto& fs = fns_[f];
    fs.spec = &fspec;
    fs.reserved = fspec.reserved_concurrency ? *fspec.reserved_concurrency : -1;
    if (fs.reserved >= 0) reserved_sum_ += fs.reserved;
    fs.memory_gb = static_cast<double>(fspec.memory_mb) / 1024.0;
    const bool arm = fspec.architecture == Architecture::kArm64;
    fs.duration_rate_usd = arm ? prices.gb_second_arm_usd : prices.gb_second_x86_usd;
    fs.pc_rate_usd = arm ? prices.pc_gb_second_arm_usd : prices.pc_gb_second_x86_usd;
    fs.pc_duration_rate_usd =
        arm ? prices.pc_duration_gb_second_arm_usd : prices.pc_duration_gb_second_x86_usd;
    if (account_bucket) {
      fs.bucket = 0;
    } else {
      fs.bucket = buckets_.size();
      buckets_.emplace_back(spec.scaling.burst, spec.scaling.refill_count,
                            spec.scaling.refill_period, step_refill);
    }
    fs.rps_ramp = RpsRamp(spec.scaling.rps_burst, spec.scaling.rps_refill_count,
                          spec.scaling.rps_refill_period, step_refill);
    if (fs.reserved >= 0) fs.rps.set_limit(spec.platform.rps_per_concurrency * fs.reserved);
    fs.rps_limited = fs.rps.limit() >= 0;
    fs.pc_rps.set_limit(0);
    const std::string& n = fspec.name;
    fs.duration_rng = sim::RngStream(spec.seed, spec.replication, "duration/" + n);
    fs.init_rng = sim::RngStream(spec.seed, spec.replication, "init/" + n);
    fs.error_rng = sim::RngStream(spec.seed, spec.replication, "errors/" + n);
    fs.lifetime_rng = sim::RngStream(spec.seed, spec.replication, "lifetime/" + n);
    fs.pc_rng = sim::RngStream(spec.seed, spec.replication, "provisioned/" + n);
    const bool hybrid = fspec.keep_alive_policy.kind == KeepAliveKind::kHybridHistogram;
    fs.idle = IdlePool(fspec.environment_reuse, hybrid,
                       fspec.environment_reuse == EnvironmentReuse::kRandom
                           ? sim::RngStream(spec.seed, spec.replication, "reuse/" + n)
                           : sim::RngStream());
    fs.keep_alive = KeepAlivePolicy(fspec.keep_alive_policy, fspec.keep_alive);
    fs.keep_alive_fixed = fs.keep_alive.fixed();
    fs.fixed_keep_alive = fs.keep_alive.fixed_keep_alive();
    fs.duration = fspec.duration;
    fs.has_calls = !fspec.calls.empty();
    fs.timeout_ns = fspec.timeout.ns();
    fs.error_rate = fspec.error_rate;
    if (fspec.managed_instances.enabled) fs.managed = static_cast<int32_t>(managed_count_++);
  }
  // SnapStart and tenant isolation (snapstart.h, tenant_pools.h): own streams, side arrays.
  snapstart_.resize(spec.functions.size());
  tenant_pools_.resize(spec.functions.size());
  for (size_t f = 0; f < spec.functions.size(); ++f) {
    const auto& fspec = spec.functions[f];
    if (fspec.snapstart)
      snapstart_[f] = SnapStartFunction::For(
          fspec, spec.platform,
          sim::RngStream(spec.seed, spec.replication, "snapstart/" + fspec.name));
    fns_[f].snapstart = snapstart_[f].enabled;
    if (fspec.tenant_isolation.enabled) {
      // "2,500 for every 1,000 concurrent executions of your function": per 1 000 of its
      // concurrency limit — reserved concurrency, else the account's limit [INFERRED].
      const int64_t concurrency =
          fns_[f].reserved >= 0 ? fns_[f].reserved : spec.account.concurrency_limit;
      const int64_t limit =
          (fspec.tenant_isolation.environments_per_1000_concurrency * concurrency + 999) / 1000;
      tenant_pools_[f] =
          TenantPools(fspec.tenant_isolation, limit,
                      sim::RngStream(spec.seed, spec.replication, "tenant/" + fspec.name));
      fns_[f].tenant_isolated = tenant_pools_[f].enabled();
    }
  }
  // plain(f) (core.h): none of the features whose branches the kPlain bodies fold away.
  for (auto& fs : fns_) {
    const FunctionSpec& fspec = *fs.spec;
    const bool provisioned = fspec.provisioned_concurrency > 0 ||
                             !fspec.provisioned_schedule.empty() ||
                             fspec.provisioned_autoscaling.enabled;
    fs.plain = fs.managed < 0 && !provisioned && fs.reserved < 0 && fs.keep_alive_fixed &&
               !fs.tenant_isolated && !fs.snapstart && !fs.has_calls && fs.error_rate == 0;
  }
  gateway_timeout_ns_.assign(spec.traffic.size(), -1);
  for (size_t s = 0; s < spec.traffic.size(); ++s)
    if (spec.traffic[s].api_gateway_timeout)
      gateway_timeout_ns_[s] = spec.traffic[s].api_gateway_timeout->ns();
  account_rps_.set_limit(spec.platform.rps_per_concurrency * spec.account.concurrency_limit);
  // The monthly projection's inputs (metrics/cost_projection.h): architecture, and the free
  // tier only for functions without provisioned concurrency ("The Lambda free tier does not
  // apply to functions that have Provisioned Concurrency enabled", pricing page).
  std::vector<uint8_t> arm64(spec.functions.size()), free_tier(spec.functions.size());
  for (size_t f = 0; f < spec.functions.size(); ++f) {
    const auto& fspec = spec.functions[f];
    arm64[f] = fspec.architecture == Architecture::kArm64;
    bool pc = fspec.provisioned_concurrency > 0 || fspec.provisioned_autoscaling.enabled;
    for (const auto& step : fspec.provisioned_schedule) pc = pc || step.value > 0;
    free_tier[f] = !pc;
  }
  rec_.SetPricing(prices, std::move(arm64), std::move(free_tier));
  // The account's areas are derived from the functions' (metrics_recorder.h): its pool is every
  // function not on Lambda Managed Instances; unreserved, those without reserved concurrency
  // (SetBusy reports their on-demand busy changes as unreserved).
  std::vector<uint8_t> in_pool(fns_.size()), unreserved(fns_.size());
  for (size_t f = 0; f < fns_.size(); ++f) {
    in_pool[f] = fns_[f].managed < 0;
    unreserved[f] = fns_[f].managed < 0 && fns_[f].reserved < 0;
  }
  rec_.SetAccountPool(in_pool, unreserved);
}

int64_t PlatformCore::ConcurrencyLimitOf(size_t f) const {
  const auto& fs = fns_[f];
  if (fs.managed >= 0) {  // the fleet's ceiling: max instances × slots per instance
    const ManagedFleet& m = fleets_[static_cast<size_t>(fs.managed)];
    return fs.spec->managed_instances.max_instances * m.slots_per_instance();
  }
  if (fs.reserved >= 0) return fs.reserved;
  return spec_.account.concurrency_limit - reserved_sum_ - pc_unreserved_sum_ + fs.pc_target;
}

void PlatformCore::StartAccount() { rec_.claimed_concurrency().Set(sim_.Now(), reserved_sum_); }

void PlatformCore::StartFunctions() {
  StartManaged();
  for (size_t f = 0; f < fns_.size(); ++f) {
    const auto& fspec = *fns_[f].spec;
    int64_t initial = fspec.provisioned_concurrency;
    if (fspec.provisioned_autoscaling.enabled)
      initial = std::max(initial, fspec.provisioned_autoscaling.min);
    if (initial > 0) SetProvisionedTarget(f, initial);
    for (const auto& step : fspec.provisioned_schedule) {
      const sim::Time at = sim::Time::Zero() + step.at;
      if (at < horizon_)
        Schedule(at, EventKind::kProvisionedSchedule, static_cast<uint32_t>(f),
                 static_cast<uint64_t>(step.value));
    }
    if (fspec.provisioned_autoscaling.enabled) {
      const sim::Time at = sim_.Now() + sim::Duration::Minutes(1);  // warm-up: from −warmup
      if (at <= horizon_) Schedule(at, EventKind::kAutoscalingEvaluation, static_cast<uint32_t>(f));
    }
  }
}

void PlatformCore::BeginMeasurement(sim::Time t0) {
  for (size_t f = 0; f < fns_.size(); ++f) BillProvisioned(f, t0, /*close_span=*/false);
  for (size_t f = 0; f < fns_.size(); ++f)
    if (fns_[f].managed >= 0) {
      BillManaged(f, t0);
      fleets_[static_cast<size_t>(fns_[f].managed)].BeginMeasurement(t0);
    }
  measure_start_ = t0;
}

void PlatformCore::Finish(sim::Time end) {
  for (size_t f = 0; f < fns_.size(); ++f) BillProvisioned(f, end, /*close_span=*/true);
  FinishManaged(end);
  // SnapStart's snapshot cache (Python, .NET): per second of the measured period (snapstart.h).
  const double measured_s = (end - measure_start_).seconds();
  for (size_t f = 0; f < fns_.size(); ++f)
    if (snapstart_[f].cache_usd_per_s > 0 && measured_s > 0)
      rec_.AddSnapStartCost(f, snapstart_[f].cache_usd_per_s * measured_s, /*in_bucket=*/false);
}

}  // namespace lambdasim
