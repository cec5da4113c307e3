// When the platform asks Simulation for cache hints (PlatformCore::hints_wanted, simulation.h's
// HintsWanted): from the start with PlatformCore::kPrefetchFunctionsFrom (1 024) functions or
// traffic sources or more, and once the environment slab reaches
// PlatformCore::kHintEnvironmentBytes — never for a small account, where the hints cost
// instructions and load nothing that is not cached already. Hints change no result
// (tests/sim_prefetch_hint_test.cc); this pins when they are on.
#include <gtest/gtest.h>

#include <string>

#include "models/lambda/platform.h"
#include "models/metrics/metrics_recorder.h"
#include "sim/simulation.h"
#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using sim::Distribution;
using sim::Duration;
using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;

// Runs `spec` to its horizon; returns whether hints were wanted before and after (and, in
// *function_hints, whether functions' and sources' state was hinted too, at the end).
std::pair<bool, bool> HintsBeforeAndAfter(const ScenarioSpec& spec,
                                          bool* function_hints = nullptr) {
  sim::Simulation simulation;
  MetricsRecorder recorder(testing::FunctionNames(spec), spec.bucket,
                           sim::Time::Zero() + spec.duration);
  LambdaPlatform platform(spec, simulation, recorder);
  const bool before = platform.HintsWanted();
  platform.Start();
  platform.RunUntil(sim::Time::Zero() + spec.duration);
  if (function_hints != nullptr) *function_hints = platform.FunctionHintsWanted();
  return {before, platform.HintsWanted()};
}

TEST(HintsWanted, NotForOneFunctionWithAFewHundredEnvironments) {
  auto spec = BaseSpec(Duration::Seconds(30));
  AddFunction(spec, "api", Distribution::Exponential(0.1));
  AddTraffic(spec, "api", 3000);  // about 300 concurrent
  const auto [before, after] = HintsBeforeAndAfter(spec);
  EXPECT_FALSE(before);
  EXPECT_FALSE(after);
}

// A hundred functions' state fits in a core's L2: the hints cost about 115 instructions an event
// there and fn100 of `reference_bench --scan` ran 15 % slower with them (they were on from 64
// functions until session 11 of issue 17).
TEST(HintsWanted, NotForAHundredFunctionsWithASourceEach) {
  auto spec = BaseSpec(Duration::Seconds(5));
  for (int f = 0; f < 100; ++f) {
    AddFunction(spec, "f" + std::to_string(f), Distribution::Exponential(0.1));
    AddTraffic(spec, "f" + std::to_string(f), 1);
  }
  bool function_hints = true;
  const auto [before, after] = HintsBeforeAndAfter(spec, &function_hints);
  EXPECT_FALSE(before);
  EXPECT_FALSE(after);
  EXPECT_FALSE(function_hints);
}

TEST(HintsWanted, FromTheStartWithManyFunctionsOrSources) {
  for (const bool many_functions : {true, false}) {
    auto spec = BaseSpec(Duration::Seconds(5));
    const size_t n = PlatformCore::kPrefetchFunctionsFrom;
    const size_t functions = many_functions ? n : 1;
    for (size_t f = 0; f < functions; ++f)
      AddFunction(spec, "f" + std::to_string(f), Distribution::Exponential(0.1));
    for (size_t s = 0; s < n; ++s) AddTraffic(spec, "f" + std::to_string(s % functions), 1);
    // One source fewer, with one function: not yet.
    auto fewer = spec;
    if (!many_functions) fewer.traffic.pop_back();
    bool function_hints = false;
    EXPECT_TRUE(HintsBeforeAndAfter(spec, &function_hints).first) << many_functions;
    EXPECT_TRUE(function_hints) << many_functions;
    if (!many_functions) {
      EXPECT_FALSE(HintsBeforeAndAfter(fewer).first);
    }
  }
  auto spec = BaseSpec(Duration::Seconds(5));
  for (size_t f = 0; f + 1 < PlatformCore::kPrefetchFunctionsFrom; ++f)
    AddFunction(spec, "f" + std::to_string(f), Distribution::Exponential(0.1));
  AddTraffic(spec, "f0", 1);
  EXPECT_FALSE(HintsBeforeAndAfter(spec).first) << "one function fewer, one source";
}

TEST(HintsWanted, OnceTheEnvironmentSlabReachesAMebibyte) {
  // 12 000 RPS × 1 s: about 12 000 concurrent environments (1.5 MiB at 128 bytes each), with the
  // account and the scaling rate raised so that they are all created.
  auto spec = BaseSpec(Duration::Seconds(4));
  spec.account = AccountSpec{100000, 100};
  spec.scaling.burst = 100000;
  spec.scaling.rps_burst = 100000;
  AddFunction(spec, "api", Distribution::Constant(1.0));
  AddTraffic(spec, "api", 12000);
  bool function_hints = true;
  const auto [before, after] = HintsBeforeAndAfter(spec, &function_hints);
  EXPECT_FALSE(before);
  EXPECT_TRUE(after);
  EXPECT_FALSE(function_hints) << "one function and one source: only environments are hinted";
  EXPECT_GE(12000 * sizeof(Environment), PlatformCore::kHintEnvironmentBytes);
}

}  // namespace
}  // namespace lambdasim
