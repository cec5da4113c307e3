// models/spec/managed_instances_spec.h — a function's `managed_instances:` block (Lambda Managed
// Instances: the function runs on EC2 instances of a capacity provider, several requests at a
// time per execution environment). Plain, validated data; the model is
// models/lambda/managed_instances.h and the AWS rules behind each default are in
// PlatformProfile::managed_instances (platform_profile.h).
// Invariants after loading (enabled): instance_vcpus ≥ 1, instance_memory_gb > 0,
// environments_per_instance ≥ 1, per_environment_concurrency ≥ 1, 1 ≤ min_instances ≤
// max_instances, 0 < target_utilization ≤ 1, scaling_interval > 0, growth_factor ≥ 1.
#pragma once

#include <cstdint>

#include "sim/time.h"

namespace lambdasim {

enum class ManagedRuntime : uint8_t { kNodejs, kJava, kPython, kDotnet };

struct ManagedInstancesSpec {
  bool enabled = false;
  // The instance type the capacity provider launches (vCPUs, memory, EC2 on-demand price).
  int64_t instance_vcpus = 0;
  double instance_memory_gb = 0;
  double instance_price_per_hour_usd = 0;
  // One execution environment: memory_mb of the function and memory_gib_per_vcpu
  // (ExecutionEnvironmentMemoryGiBPerVCpu) give its vCPUs.
  double memory_gib_per_vcpu = 0;
  double environment_vcpus = 0;  // derived: memory_mb / 1024 / memory_gib_per_vcpu
  ManagedRuntime runtime = ManagedRuntime::kNodejs;
  // Derived when not given (load/load_managed_instances.cc).
  int64_t environments_per_instance = 0;
  int64_t per_environment_concurrency = 0;
  // Fleet bounds: min_instances always running; max from max_vcpus / instance_vcpus.
  int64_t min_instances = 0;
  int64_t max_vcpus = 0;
  int64_t max_instances = 0;  // derived
  // Scaling (models/lambda/managed_instances.h).
  double target_utilization = 0;
  sim::Duration scaling_interval;
  sim::Duration launch_delay;
  sim::Duration scale_in_delay;
  double growth_factor = 0;     // capacity may grow by at most this factor ...
  sim::Duration growth_window;  // ... per this window
  double management_fee = 0;    // fraction of the instance price
};

}  // namespace lambdasim
