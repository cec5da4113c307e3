// tests/fingerprint_test.cc — Manifest::event_fingerprint changes when, and only when, the
// processed event stream (time, kind, function of every event) changes.
#include <gtest/gtest.h>

#include <cctype>

#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;

ScenarioSpec Spec() {
  auto spec = BaseSpec(sim::Duration::Seconds(120), 3);
  auto& f = AddFunction(spec, "api", sim::Distribution::Exponential(0.1),
                        sim::Distribution::Constant(0.2));
  f.reserved_concurrency = 15;
  f.keep_alive = sim::Duration::Seconds(30);
  AddTraffic(spec, "api", 120);
  return spec;
}

std::string Fingerprint(const ScenarioSpec& spec) {
  return RunScenario(spec).manifest.event_fingerprint;
}

TEST(EventFingerprint, SixteenHexDigitsAndReproducible) {
  const std::string a = Fingerprint(Spec());
  ASSERT_EQ(a.size(), 16u);
  for (char c : a) EXPECT_TRUE(std::isxdigit(static_cast<unsigned char>(c))) << a;
  EXPECT_EQ(a, Fingerprint(Spec()));
}

TEST(EventFingerprint, UnchangedWhenOnlyCostInputsChange) {
  // memory_mb and architecture only price the run: same events, same fingerprint.
  auto spec = Spec();
  spec.functions[0].memory_mb = 2048;
  spec.functions[0].architecture = Architecture::kArm64;
  const RunResult changed = RunScenario(spec);
  const RunResult base = RunScenario(Spec());
  EXPECT_NE(changed.functions[0].cost_usd, base.functions[0].cost_usd);  // the change did something
  EXPECT_EQ(changed.manifest.event_fingerprint, base.manifest.event_fingerprint);
}

TEST(EventFingerprint, ChangesWhenTheEventStreamChanges) {
  const std::string base = Fingerprint(Spec());
  auto duration = Spec();
  duration.functions[0].duration = sim::Distribution::Exponential(0.11);
  EXPECT_NE(Fingerprint(duration), base);
  auto seed = Spec();
  seed.seed = 4;
  EXPECT_NE(Fingerprint(seed), base);
  auto replication = Spec();
  replication.replication = 1;
  EXPECT_NE(Fingerprint(replication), base);
  auto reserved = Spec();
  reserved.functions[0].reserved_concurrency = 14;  // different throttles, same arrivals
  EXPECT_NE(Fingerprint(reserved), base);
}

}  // namespace
}  // namespace lambdasim
