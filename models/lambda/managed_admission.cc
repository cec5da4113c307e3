// models/lambda/managed_admission.cc — PlatformCore's Lambda Managed Instances hooks (core.h,
// managed_instances.h): fleets built at the start of the run, admission onto a fleet (no cold
// start, no scaling bucket, no account pool; a full fleet throttles with `capacity`), the
// request's release, the scaler's periodic look, launched instances joining, and billing of
// instance time (price × (1 + management fee)) into the function's cost.
#include "models/lambda/core.h"

namespace lambdasim {

void PlatformCore::StartManaged() {
  const sim::Time now = sim_.Now();
  fleets_.reserve(managed_count_);
  for (size_t f = 0; f < fns_.size(); ++f) {
    if (fns_[f].managed < 0) continue;
    const ManagedInstancesSpec& m = fns_[f].spec->managed_instances;
    fleets_.emplace_back(m, now);
    const ManagedFleet& fleet = fleets_.back();
    const int64_t envs = fleet.active_instances() * m.environments_per_instance;
    rec_.environments(f).Add(now, envs);
    for (int64_t k = 0; k < envs; ++k) rec_.OnEnvironmentCreated(f);
    const sim::Time at = now + m.scaling_interval;
    if (at < horizon_) Schedule(at, EventKind::kManagedScale, static_cast<uint32_t>(f));
  }
}

Admission PlatformCore::AdmitManaged(size_t f) {
  auto& fs = fns_[f];
  Admission a;
  if (fs.reserved > 0 && fs.busy >= fs.reserved) {
    a.reason = ThrottleReason::kReservedConcurrency;
    return a;
  }
  ManagedFleet& fleet = fleets_[static_cast<size_t>(fs.managed)];
  const uint32_t slot_env = fleet.Acquire(sim_.Now());
  if (slot_env == ManagedFleet::kNone) {
    a.reason = ThrottleReason::kCapacity;
    return a;
  }
  // The request's bookkeeping entry in the slab (not an environment: no creation recorded).
  uint32_t id;
  if (!free_envs_.empty()) {
    id = free_envs_.back();
    free_envs_.pop_back();
  } else {
    id = AppendEnvironment();
  }
  Environment& e = envs_[id];
  e = Environment{};
  e.function = static_cast<uint32_t>(f);
  e.created = sim_.Now();
  e.retire_at = horizon_ + sim::Duration::Hours(int64_t{24} * 365);
  e.managed_env = slot_env;
  a.admitted = true;
  a.env = id;
  return a;
}

void PlatformCore::ReleaseManaged(uint32_t env) {
  const Environment& e = envs_[env];
  fleets_[static_cast<size_t>(fns_[e.function].managed)].Release(e.managed_env);
  free_envs_.push_back(env);
}

void PlatformCore::BillManaged(size_t f, sim::Time now) {
  const double usd = fleets_[static_cast<size_t>(fns_[f].managed)].TakeCost(now);
  if (usd > 0) rec_.AddInstanceCost(f, usd);
}

void PlatformCore::OnManagedScale(uint32_t f) {
  const sim::Time now = sim_.Now();
  const ManagedInstancesSpec& m = fns_[f].spec->managed_instances;
  ManagedFleet& fleet = fleets_[static_cast<size_t>(fns_[f].managed)];
  const int64_t before = fleet.active_instances();
  const int64_t launch = fleet.Evaluate(now);
  const int64_t removed = before - fleet.active_instances();
  if (removed > 0) rec_.environments(f).Add(now, -removed * m.environments_per_instance);
  if (launch > 0) {
    const sim::Time ready = now + m.launch_delay;
    if (ready < horizon_)
      Schedule(ready, EventKind::kManagedLaunch, f, static_cast<uint64_t>(launch));
  }
  BillManaged(f, now);
  const sim::Time next = now + m.scaling_interval;
  if (next < horizon_) Schedule(next, EventKind::kManagedScale, f);
}

void PlatformCore::OnManagedLaunch(uint32_t f, int64_t count) {
  const sim::Time now = sim_.Now();
  const ManagedInstancesSpec& m = fns_[f].spec->managed_instances;
  fleets_[static_cast<size_t>(fns_[f].managed)].OnLaunched(now, count);
  const int64_t envs = count * m.environments_per_instance;
  rec_.environments(f).Add(now, envs);
  for (int64_t k = 0; k < envs; ++k) rec_.OnEnvironmentCreated(f);
  BillManaged(f, now);
}

void PlatformCore::FinishManaged(sim::Time end) {
  for (size_t f = 0; f < fns_.size(); ++f) {
    if (fns_[f].managed < 0) continue;
    BillManaged(f, end);
    const ManagedFleetStats s = fleets_[static_cast<size_t>(fns_[f].managed)].Stats(end);
    ManagedSummary out;
    out.enabled = true;
    out.instances_max = s.instances_max;
    out.instances_mean = s.instances_mean;
    out.instance_hours = s.instance_hours;
    out.instances_launched = s.instances_launched;
    out.environments_busy_max = s.environments_busy_max;
    out.capacity_max = s.capacity_max;
    rec_.SetManagedSummary(f, out);
  }
}

}  // namespace lambdasim
