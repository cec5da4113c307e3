// models/load/load_managed_instances.cc — a function's `managed_instances:` block →
// ManagedInstancesSpec (Lambda Managed Instances, issue 19 part 5).
//
// Scalar keys are stored by the key table (section "function.managed_instances"); this file
// sets the profile's defaults first, then derives what was not given — the environment's
// vCPUs (memory_mb / 1024 / memory_gib_per_vcpu), environments per instance (whole
// environments by vCPU and by memory), the per-environment concurrency (the runtime's per-vCPU
// default × environment vCPUs, at least 1, at most 1600), the instance ceiling
// (max_vcpus / instance_vcpus) — and checks the relations: memory_mb ≥ 2048 ("The supported
// minimum function size is 2GB and 1 vCPU"), an environment fits an instance, min ≤ max, and
// no provisioned concurrency (it has no meaning on a capacity provider).
#include <algorithm>
#include <cmath>
#include <string>

#include "models/load/scenario_walk.h"

namespace lambdasim::load {

void ParseManagedInstances(Ctx& ctx, const Val& v, const ScenarioSpec& spec, FunctionSpec& fn) {
  const KeySection& keys = Keys("function.managed_instances");
  Fields mf(ctx, v, keys.names);
  if (!mf.ok()) return;
  const ManagedInstancesRules& r = spec.platform.managed_instances;
  ManagedInstancesSpec& m = fn.managed_instances;
  m.enabled = true;
  m.instance_vcpus = r.instance_vcpus_default;
  m.instance_memory_gb = r.instance_memory_gb_default;
  m.instance_price_per_hour_usd = r.instance_price_per_hour_usd_default;
  m.memory_gib_per_vcpu = r.memory_gib_per_vcpu_default;
  m.runtime = ManagedRuntime::kNodejs;
  m.environments_per_instance = 0;
  m.per_environment_concurrency = 0;
  m.min_instances = r.min_instances_default;
  m.max_vcpus = r.max_vcpus_max;
  m.target_utilization = r.target_utilization_default;
  m.scaling_interval = r.scaling_interval_default;
  m.launch_delay = r.launch_delay_default;
  m.scale_in_delay = r.scale_in_delay_default;
  m.growth_factor = r.growth_factor;
  m.growth_window = r.growth_window;
  m.management_fee = r.management_fee;
  const size_t errors = ctx.diagnostics().size();
  StoreKeys(ctx, mf, keys, m);
  if (ctx.diagnostics().size() != errors) return;  // a bad value: relations are moot

  const std::string who = "function '" + fn.name + "': 'managed_instances'";
  if (fn.memory_mb < r.function_memory_mb_min) {
    ctx.Error(v.path, v.mark(),
              who + " needs memory_mb >= " + std::to_string(r.function_memory_mb_min) +
                  " (\"The supported minimum function size is 2GB and 1 vCPU\"), got " +
                  std::to_string(fn.memory_mb));
    return;
  }
  const double env_memory_gb = static_cast<double>(fn.memory_mb) / 1024.0;
  m.environment_vcpus = env_memory_gb / m.memory_gib_per_vcpu;
  if (m.environment_vcpus < 1.0 - 1e-9) {
    ctx.Error(v.path, v.mark(),
              who + ": memory_mb " + std::to_string(fn.memory_mb) + " at memory_gib_per_vcpu " +
                  Num(m.memory_gib_per_vcpu) + " gives " + Num(m.environment_vcpus) +
                  " vCPU; AWS allows no fewer than 1 vCPU per function");
    return;
  }
  if (m.environments_per_instance == 0) {
    const auto by_cpu = static_cast<int64_t>(
        std::floor(static_cast<double>(m.instance_vcpus) / m.environment_vcpus + 1e-9));
    const auto by_memory =
        static_cast<int64_t>(std::floor(m.instance_memory_gb / env_memory_gb + 1e-9));
    m.environments_per_instance = std::min(by_cpu, by_memory);
    if (m.environments_per_instance < 1) {
      ctx.Error(v.path, v.mark(),
                who + ": one execution environment (" + Num(m.environment_vcpus) + " vCPU, " +
                    Num(env_memory_gb) + " GiB) does not fit the instance (" +
                    std::to_string(m.instance_vcpus) + " vCPU, " + Num(m.instance_memory_gb) +
                    " GiB)");
      return;
    }
  }
  if (m.per_environment_concurrency == 0) {
    int64_t per_vcpu = r.concurrency_per_vcpu_nodejs;
    if (m.runtime == ManagedRuntime::kJava) per_vcpu = r.concurrency_per_vcpu_java;
    if (m.runtime == ManagedRuntime::kPython) per_vcpu = r.concurrency_per_vcpu_python;
    if (m.runtime == ManagedRuntime::kDotnet) per_vcpu = r.concurrency_per_vcpu_dotnet;
    const auto c = static_cast<int64_t>(
        std::floor(static_cast<double>(per_vcpu) * std::max(1.0, m.environment_vcpus) + 1e-9));
    m.per_environment_concurrency = std::clamp<int64_t>(c, 1, r.per_environment_concurrency_max);
  }
  m.max_instances = m.max_vcpus / m.instance_vcpus;
  if (m.min_instances > m.max_instances) {
    const Val where = mf.Get("min_instances") ? *mf.Get("min_instances") : v;
    ctx.Error(where.path, where.mark(),
              who + ": min_instances " + std::to_string(m.min_instances) + " exceeds the " +
                  std::to_string(m.max_instances) + " instances max_vcpus " +
                  std::to_string(m.max_vcpus) + " allows");
  }
  const bool pc = fn.provisioned_concurrency > 0 || fn.provisioned_autoscaling.enabled ||
                  !fn.provisioned_schedule.empty();
  if (pc)
    ctx.Error(v.path, v.mark(),
              who +
                  " cannot be combined with provisioned concurrency (a capacity provider's "
                  "environments are always running)");
}

}  // namespace lambdasim::load
