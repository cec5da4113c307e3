// models/lambda/managed_instances.h — Lambda Managed Instances: one function's fleet of EC2
// instances on its capacity provider (issue 19 part 5; spec: ManagedInstancesSpec, AWS rules:
// PlatformProfile::managed_instances).
//
// The fleet is `instances` instances, each holding E = environments_per_instance execution
// environments, each running up to c = per_environment_concurrency requests at once. Capacity
// (concurrency slots) = active instances × E × c. There are no cold starts: an instance's
// environments start with it ("does not support cold starts", lambda-managed-instances-scaling).
//   Routing [INFERRED]: a request goes to the fullest environment that still has room (ties:
//     the last one made ready), so N requests in flight at once use ⌈N/c⌉ environments. No
//     room anywhere → the request is throttled (`throttles_capacity`).
//   Scaling: every scaling_interval the scaler takes the peak in-flight count since its last
//     look, wants ⌈peak / (target_utilization × E × c)⌉ instances (within [min, max]) and
//     launches the difference; the instances join after launch_delay. The fleet (launched +
//     launching) may not exceed growth_factor × its size growth_window ago (AWS: "If your
//     traffic more than doubles within 5 minutes, you may see throttles"). When the wanted
//     count stays below the fleet for scale_in_delay, idle instances are removed down to it.
//     The per-function scaling bucket and the account pool are not used.
//   Cost: every instance launched or running is billed price × (1 + management_fee) per hour,
//     to the nanosecond (requests pay the usual request charge; no duration charge).
// Invariants (checked in tests): in_flight ≤ capacity; active + pending ≤ max_instances;
// active ≥ min_instances once the initial instances are up (they start ready at the start of
// the run); every environment's load is in [0, c]; busy_environments = #{env : load > 0}.
// Memory: O(instances × E) for the slots, O(growth_window / scaling_interval) for the history.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "models/spec/managed_instances_spec.h"
#include "sim/time.h"

namespace lambdasim {

// What a run reports for a managed function (measured period).
struct ManagedFleetStats {
  int64_t instances_max = 0;
  double instances_mean = 0;
  double instance_hours = 0;
  int64_t instances_launched = 0;  // launches decided by the scaler
  int64_t environments_busy_max = 0;
  int64_t capacity_max = 0;  // concurrency slots
};

class ManagedFleet {
 public:
  static constexpr uint32_t kNone = 0xffffffffU;

  // Starts with min_instances ready at `start`.
  ManagedFleet(const ManagedInstancesSpec& spec, sim::Time start);

  int64_t capacity() const { return active_ * slots_per_instance_; }
  int64_t in_flight() const { return in_flight_; }
  int64_t active_instances() const { return active_; }
  int64_t pending_instances() const { return pending_; }
  int64_t busy_environments() const { return busy_envs_; }
  int64_t slots_per_instance() const { return slots_per_instance_; }

  // Admission: an environment with room (the fullest), or kNone (throttle).
  uint32_t Acquire(sim::Time now);
  // A request on `env` finished.
  void Release(uint32_t env);

  // The scaler's look at `now`: returns how many instances to launch now (the caller schedules
  // their arrival after launch_delay and calls OnLaunched then). May remove idle instances.
  int64_t Evaluate(sim::Time now);
  // `count` launched instances are ready.
  void OnLaunched(sim::Time now, int64_t count);

  // Instance cost (USD) not yet taken, billed up to `now`.
  double TakeCost(sim::Time now);
  // The warm-up is over: statistics and unbilled cost restart at `t0` (take the cost first).
  void BeginMeasurement(sim::Time t0);
  ManagedFleetStats Stats(sim::Time end) const;

 private:
  void AddInstance();
  bool RemoveIdleInstance();
  void SetLevel(uint32_t env, uint32_t level);
  void NoteFleetSize(sim::Time now);
  // Accrues the fleet's cost and instance-time from billed_until_ to `now`.
  void BillUpTo(sim::Time now);

  ManagedInstancesSpec spec_;
  int64_t envs_per_instance_;
  uint32_t c_;  // per-environment concurrency
  int64_t slots_per_instance_;
  double usd_per_ns_per_instance_;
  // Environments: load, and its position in level_[load] (levels 0..c-1 hold environments
  // with room; full environments are in no list).
  std::vector<uint32_t> load_;
  std::vector<uint32_t> pos_;
  std::vector<std::vector<uint32_t>> level_;
  std::vector<uint64_t> nonempty_;  // bit k: level_[k] is not empty (k < c)
  std::vector<uint8_t> slot_active_;
  std::vector<int64_t> slot_busy_;  // requests in flight per instance slot
  std::vector<uint32_t> free_slots_;
  int64_t active_ = 0, pending_ = 0, in_flight_ = 0, busy_envs_ = 0;
  int64_t peak_since_eval_ = 0;
  bool low_ = false;
  sim::Time low_since_;
  // Fleet size (active + pending) at each change, oldest first; the first entry is the size
  // at or before now − growth_window.
  std::deque<std::pair<sim::Time, int64_t>> history_;
  // Billing and statistics.
  sim::Time billed_until_;
  sim::Time stats_from_;
  double instance_ns_ = 0;  // Σ (active + pending) × dt since stats_from_
  double unbilled_usd_ = 0;
  ManagedFleetStats stats_;
};

}  // namespace lambdasim
