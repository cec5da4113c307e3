// tests/model_test_util.h — builds ScenarioSpecs in code for model tests, without YAML,
// so model tests do not depend on the loader.
#pragma once

#include <string>
#include <vector>

#include "models/run/runner.h"
#include "models/spec/platform_profile.h"
#include "models/spec/scenario_spec.h"

namespace lambdasim::testing {

inline ScenarioSpec BaseSpec(sim::Duration horizon, uint64_t seed = 42) {
  ScenarioSpec spec;
  spec.name = "test";
  spec.duration = horizon;
  spec.seed = seed;
  spec.bucket = sim::Duration::Minutes(1);
  spec.platform = *LookupPlatform("aws-2023", "us-east-1");
  spec.scaling = ScalingFromProfile(spec.platform);
  spec.account = AccountSpec{1000, 100};
  return spec;
}

inline FunctionSpec& AddFunction(ScenarioSpec& spec, const std::string& name,
                                 sim::Distribution duration,
                                 sim::Distribution init = sim::Distribution::Constant(0)) {
  FunctionSpec f;
  f.name = name;
  f.memory_mb = 1024;
  f.timeout = sim::Duration::Seconds(900);
  f.duration = duration;
  f.init_duration = init;
  f.max_lifetime = sim::Distribution::Constant(1e9);  // effectively unlimited unless a test sets it
  spec.functions.push_back(f);
  return spec.functions.back();
}

inline TrafficSpec& AddTraffic(ScenarioSpec& spec, const std::string& function, double rate_per_s,
                               ArrivalKind kind = ArrivalKind::kPoisson) {
  TrafficSpec t;
  t.function = function;
  for (size_t i = 0; i < spec.functions.size(); ++i)
    if (spec.functions[i].name == function) t.function_index = i;
  t.rate_per_s = rate_per_s;
  t.arrivals = kind;
  spec.traffic.push_back(t);
  return spec.traffic.back();
}

// The functions' names in scenario order (what a MetricsRecorder is built with).
inline std::vector<std::string> FunctionNames(const ScenarioSpec& spec) {
  std::vector<std::string> names;
  names.reserve(spec.functions.size());
  for (const auto& f : spec.functions) names.push_back(f.name);
  return names;
}

inline const FunctionSummary& Fn(const RunResult& r, size_t f = 0) { return r.functions.at(f); }

}  // namespace lambdasim::testing
