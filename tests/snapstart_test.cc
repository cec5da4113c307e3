// Tests of SnapStart (models/lambda/snapstart.h): a cold start of a `snapstart: true` function
// waits a restore in place of init, restores are counted, Python/.NET pay the cache and restore
// charges and Java does not, and the loader refuses SnapStart with provisioned concurrency and
// with a runtime SnapStart does not support, at the offending key's line:col. Against
// independent numbers: the latency shift is init − restore exactly (every request cold, keep-alive
// 0), the charges are computed here from the pricing page's list prices.
#include <string>

#include <gtest/gtest.h>

#include "models/load/scenario_loader.h"
#include "models/run/runner.h"
#include "models/spec/snapstart_runtime.h"
#include "tests/diagnostics_test_util.h"
#include "tests/scenario_loader_test_util.h"

namespace lambdasim {
namespace {

// One request a second (uniform) for 10 minutes, 100 ms each; keep-alive 0 makes every request a
// cold start (the released environment is reclaimed at its release instant).
std::string Scenario(const std::string& extra, const std::string& memory = "1024") {
  return R"(name: snap
duration: 10m
seed: 5
functions:
  api:
    memory_mb: )" +
         memory + R"(
    duration: 100ms
    init_duration: 2s
    keep_alive: 0s
)" + extra +
         R"(traffic:
  - function: api
    rate: 1
    arrivals: uniform
)";
}

RunResult RunYaml(const std::string& yaml) {
  return RunScenario(LoadScenarioString(yaml, "t.yaml"));
}

TEST(SnapStart, RestoreReplacesInitAndShiftsMeanLatencyByTheDifference) {
  const RunResult plain = RunYaml(Scenario("    runtime: java21\n"));
  const RunResult snap = RunYaml(Scenario(
      "    runtime: java21\n    snapstart: true\n    snapstart_restore_duration: 300ms\n"));
  const auto& p = plain.functions[0];
  const auto& s = snap.functions[0];
  ASSERT_EQ(p.invocations, 600u);
  ASSERT_EQ(s.invocations, 600u);
  EXPECT_EQ(p.cold_starts, 600u);
  EXPECT_EQ(p.snapstart_restores, 0u);
  EXPECT_EQ(s.cold_starts, 600u);
  EXPECT_EQ(s.snapstart_restores, 600u);
  EXPECT_EQ(snap.account.snapstart_restores, 600u);
  // Each request waits init (2 s) or the restore (0.3 s) before its 100 ms.
  EXPECT_NEAR(p.latency.mean_ms, 2100.0, 1e-6);
  EXPECT_NEAR(s.latency.mean_ms, 400.0, 1e-6);
  EXPECT_NEAR(p.latency.mean_ms - s.latency.mean_ms, 2000.0 - 300.0, 1e-6);
  // Java: no SnapStart charges; the billed restore (share 1.0) replaces the billed init.
  EXPECT_EQ(s.cost_snapstart_usd, 0.0);
  EXPECT_NEAR(s.cost_duration_usd, 600 * 1.0 * 0.400 * 0.0000166667, 1e-12);
  EXPECT_NEAR(p.cost_duration_usd, 600 * 1.0 * 2.100 * 0.0000166667, 1e-12);
}

TEST(SnapStart, PythonPaysCacheAndRestoreAtListPrices) {
  const RunResult r = RunYaml(Scenario(
      "    runtime: python3.12\n    snapstart: true\n    snapstart_restore_duration: 250ms\n",
      "2048"));
  const auto& f = r.functions[0];
  ASSERT_EQ(f.snapstart_restores, 600u);
  // Pricing page: restore $0.0001397998 per GB restored; cache $0.0000015046 per GB-second.
  const double restore_usd = 600 * 2.0 * 0.0001397998;
  const double cache_usd = 2.0 * 600 * 0.0000015046;
  EXPECT_NEAR(f.cost_snapstart_usd, restore_usd + cache_usd, 1e-12);
  EXPECT_NEAR(f.cost_duration_usd, 600 * 2.0 * 0.350 * 0.0000166667, 1e-12);
  EXPECT_NEAR(f.cost_usd, f.cost_requests_usd + f.cost_duration_usd + restore_usd + cache_usd,
              1e-12);
  // .NET is charged too; Java is not.
  const RunResult dotnet = RunYaml(
      Scenario("    runtime: dotnet8\n    snapstart: true\n    snapstart_restore_duration: 250ms\n",
               "2048"));
  EXPECT_NEAR(dotnet.functions[0].cost_snapstart_usd, restore_usd + cache_usd, 1e-12);
}

TEST(SnapStart, RuntimeSupportFollowsTheSnapStartPage) {
  const PlatformProfile p;
  EXPECT_EQ(SnapStartSupportOf("java11", p.snapstart), SnapStartSupport::kFree);
  EXPECT_EQ(SnapStartSupportOf("java21", p.snapstart), SnapStartSupport::kFree);
  EXPECT_EQ(SnapStartSupportOf("python3.12", p.snapstart), SnapStartSupport::kCharged);
  EXPECT_EQ(SnapStartSupportOf("python3.11", p.snapstart), SnapStartSupport::kUnsupported);
  EXPECT_EQ(SnapStartSupportOf("dotnet8", p.snapstart), SnapStartSupport::kCharged);
  EXPECT_EQ(SnapStartSupportOf("nodejs22.x", p.snapstart), SnapStartSupport::kUnsupported);
  EXPECT_EQ(SnapStartSupportOf("provided.al2023", p.snapstart), SnapStartSupport::kUnsupported);
}

TEST(SnapStart, LoaderRefusesProvisionedConcurrencyAndUnsupportedRuntimesAtLineCol) {
  const std::string pc = R"(functions:
  api:
    duration: 100ms
    runtime: java21
    snapstart: true
    provisioned_concurrency: 5
traffic:
  - function: api
    rate: 10
)";
  auto d = testing::Errors(pc);
  EXPECT_DIAG(d, 6, 30, "SnapStart cannot be combined with provisioned concurrency");
  const std::string node = R"(functions:
  api:
    duration: 100ms
    runtime: nodejs22.x
    snapstart: true
traffic:
  - function: api
    rate: 10
)";
  d = testing::Errors(node);
  EXPECT_DIAG(d, 4, 14, "SnapStart does not support runtime 'nodejs22.x'");
  const std::string none = R"(functions:
  api:
    duration: 100ms
    snapstart: true
traffic:
  - function: api
    rate: 10
)";
  d = testing::Errors(none);
  EXPECT_DIAG(d, 4, 16, "'snapstart' needs a 'runtime'");
}

// Merge guard (issue 19 parts 4, 5, 6 built on separate branches): a function on Lambda Managed
// Instances never makes on-demand cold starts or per-tenant environments, so `snapstart` and
// `tenant_isolation` beside `managed_instances` are refused, at the key, not silently ignored.
TEST(SnapStart, LoaderRefusesSnapStartOrTenantIsolationOnManagedInstances) {
  const std::string snap = R"(functions:
  api:
    memory_mb: 2048
    duration: 100ms
    runtime: java21
    snapstart: true
    managed_instances: {}
traffic:
  - function: api
    rate: 10
)";
  auto d = testing::Errors(snap);
  EXPECT_DIAG(d, 6, 16, "snapstart and managed_instances are not modelled together");
  const std::string tenant = R"(functions:
  api:
    memory_mb: 2048
    duration: 100ms
    tenant_isolation: { tenants: 10 }
    managed_instances: {}
traffic:
  - function: api
    rate: 10
)";
  d = testing::Errors(tenant);
  EXPECT_DIAG(d, 5, 23, "tenant isolation and managed_instances are not modelled together");
}

}  // namespace
}  // namespace lambdasim
