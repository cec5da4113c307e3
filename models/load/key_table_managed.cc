// models/load/key_table_managed.cc — the key table's `managed_instances:` function key and its
// section (Lambda Managed Instances, issue 19 part 5). Defaults come from
// PlatformProfile::managed_instances (platform_profile.h, each with its AWS source); the
// relational checks and derived values are in load_managed_instances.cc.
#include <fmt/format.h>

#include <string>

#include "models/load/key_table_sections.h"

namespace lambdasim::key_table {

using sim::Duration;

void FillManagedInstancesKeys(KeySection& function, KeySection& managed,
                              const PlatformProfile& profile) {
  const ManagedInstancesRules& r = profile.managed_instances;
  function.keys.push_back(
      Key("managed_instances")
          .Section(managed)
          .Default("off")
          .Help("run on a capacity provider's EC2 instances (Lambda Managed Instances): several "
                "requests per environment, instance scaling, `throttles_capacity`: "
                "[Lambda Managed Instances](#lambda-managed-instances)"));
  managed.keys = {
      Key("instance_vcpus")
          .Int(1, 448)
          .Default(fmt::format("{} (m7g.xlarge)", r.instance_vcpus_default))
          .Store(&ManagedInstancesSpec::instance_vcpus)
          .Help("vCPUs of the instance type"),
      Key("instance_memory_gb")
          .Number(0.5, 24576)
          .Unit("GiB")
          .Default(fmt::format("{}", r.instance_memory_gb_default))
          .Store(&ManagedInstancesSpec::instance_memory_gb)
          .Help("memory of the instance type"),
      Key("instance_price_per_hour")
          .Number(0, 1000)
          .Unit("USD/h")
          .Default(fmt::format("{} **[INFERRED example]**", r.instance_price_per_hour_usd_default))
          .Store(&ManagedInstancesSpec::instance_price_per_hour_usd)
          .Help("EC2 on-demand price of the instance type (set yours)"),
      Key("memory_gib_per_vcpu")
          .Number(r.memory_gib_per_vcpu_min, r.memory_gib_per_vcpu_max)
          .Unit("GiB")
          .Default(fmt::format("{} **[INFERRED]**", r.memory_gib_per_vcpu_default))
          .Store(&ManagedInstancesSpec::memory_gib_per_vcpu)
          .Help("ExecutionEnvironmentMemoryGiBPerVCpu: an environment has memory_mb / 1024 / "
                "this vCPUs"),
      Key("runtime")
          .Choices({"nodejs", "java", "python", "dotnet"})
          .Default("nodejs")
          .Bind<ManagedInstancesSpec>([](ManagedInstancesSpec& m, const KeyValue& v) {
            m.runtime = v.text == "java"     ? ManagedRuntime::kJava
                        : v.text == "python" ? ManagedRuntime::kPython
                        : v.text == "dotnet" ? ManagedRuntime::kDotnet
                                             : ManagedRuntime::kNodejs;
          })
          .Help("sets the default per-environment concurrency (64 / 32 / 16 / 32 per vCPU)"),
      Key("per_environment_concurrency")
          .Int(1, r.per_environment_concurrency_max)
          .Default("runtime's per-vCPU default × environment vCPUs")
          .Store(&ManagedInstancesSpec::per_environment_concurrency)
          .Help("PerExecutionEnvironmentMaxConcurrency: requests one environment runs at once"),
      Key("environments_per_instance")
          .Int(1, 100000)
          .Default("min(instance vCPUs / environment vCPUs, instance memory / memory_mb)")
          .Store(&ManagedInstancesSpec::environments_per_instance)
          .Help("execution environments one instance holds"),
      Key("min_instances")
          .Int(1, 100000)
          .Default(fmt::format("{}", r.min_instances_default))
          .Limits("≥ 1, ≤ the instances `max_vcpus` allows")
          .Store(&ManagedInstancesSpec::min_instances)
          .Help("instances always running (AWS launches three for AZ resiliency)"),
      Key("max_vcpus")
          .Int(r.max_vcpus_min, r.max_vcpus_max)
          .Default(fmt::format("{} **[INFERRED]**", r.max_vcpus_max))
          .Store(&ManagedInstancesSpec::max_vcpus)
          .Help("MaxVCpuCount: the fleet's vCPU ceiling (max instances = this / instance_vcpus)"),
      Key("target_utilization")
          .Number(0.01, 1)
          .Default(fmt::format("{} **[INFERRED]**", r.target_utilization_default))
          .Store(&ManagedInstancesSpec::target_utilization)
          .Help("in-flight requests / concurrency slots the scaler aims at"),
      Key("scaling_interval")
          .Dur(Duration::Seconds(1), Duration::Hours(1))
          .Default(sim::FormatDuration(r.scaling_interval_default) + " **[INFERRED]**")
          .Store(&ManagedInstancesSpec::scaling_interval)
          .Help("how often the scaler evaluates (peak in-flight since its last look)"),
      Key("launch_delay")
          .Dur(Duration(), Duration::Hours(1))
          .Default(sim::FormatDuration(r.launch_delay_default) + " **[INFERRED]**")
          .Store(&ManagedInstancesSpec::launch_delay)
          .Help("from the scaling decision to the instance's environments taking requests"),
      Key("scale_in_delay")
          .Dur(Duration(), kDay)
          .Default(sim::FormatDuration(r.scale_in_delay_default) + " **[INFERRED]**")
          .Store(&ManagedInstancesSpec::scale_in_delay)
          .Help("load must stay below target this long before idle instances are removed"),
      Key("growth_factor")
          .Number(1, 1000)
          .Default(fmt::format("{}", r.growth_factor))
          .Store(&ManagedInstancesSpec::growth_factor)
          .Help("instances may grow at most by this factor per `growth_window` (AWS: doubling)"),
      Key("growth_window")
          .Dur(Duration::Seconds(1), Duration::Hours(24))
          .Default(sim::FormatDuration(r.growth_window))
          .Store(&ManagedInstancesSpec::growth_window)
          .Help(
              "AWS: \"If your traffic more than doubles within 5 minutes, you may see throttles\""),
      Key("management_fee")
          .Number(0, 10)
          .Default(fmt::format("{}", r.management_fee))
          .Store(&ManagedInstancesSpec::management_fee)
          .Help("fraction added to the instance price (pricing page: 15 % premium)"),
  };
}

}  // namespace lambdasim::key_table
