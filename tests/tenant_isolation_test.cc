// Tests of tenant isolation mode (models/lambda/tenant_pools.h): an idle environment serves only
// its own tenant, the tenant-aware environment limit ("2,500 for every 1,000 concurrent
// executions") throttles cold starts beyond it, and one tenant behaves exactly as no isolation.
// Against independent numbers: the cold-start count for uniform tenants against the closed form
// of "the tenant had a request within the keep-alive" (Poisson arrivals), and the limit's
// environment count computed from the quoted rule.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "models/analysis/sizing.h"
#include "models/lambda/tenant_pools.h"
#include "models/load/scenario_loader.h"
#include "models/run/runner.h"
#include "tests/diagnostics_test_util.h"
#include "tests/scenario_loader_test_util.h"

namespace lambdasim {
namespace {

RunResult RunYaml(const std::string& yaml) {
  return RunScenario(LoadScenarioString(yaml, "t.yaml"));
}

std::string Scenario(const std::string& function_extra, const std::string& rate,
                     const std::string& duration = "10m") {
  return "name: tenants\nduration: " + duration + R"(
seed: 11
functions:
  api:
    duration: 1ms
    init_duration: 0s
    keep_alive: 10s
)" + function_extra +
         R"(traffic:
  - function: api
    rate: )" +
         rate + "\n";
}

TEST(TenantIsolation, OneTenantBehavesExactlyAsNoIsolation) {
  const std::string base = R"(name: one
duration: 10m
seed: 3
functions:
  api:
    duration: { dist: lognormal, median: 200ms, p99: 2s }
    keep_alive: 30s
)";
  const std::string traffic = "traffic:\n  - function: api\n    rate: 50\n";
  const RunResult plain = RunYaml(base + traffic);
  const RunResult one = RunYaml(base + "    tenant_isolation: { tenants: 1 }\n" + traffic);
  const auto& p = plain.functions[0];
  const auto& o = one.functions[0];
  EXPECT_EQ(o.invocations, p.invocations);
  EXPECT_EQ(o.cold_starts, p.cold_starts);
  EXPECT_EQ(o.environments_created, p.environments_created);
  EXPECT_EQ(o.throttles, p.throttles);
  EXPECT_DOUBLE_EQ(o.latency.mean_ms, p.latency.mean_ms);
  EXPECT_DOUBLE_EQ(o.environments_mean, p.environments_mean);
  EXPECT_DOUBLE_EQ(o.cost_usd, p.cost_usd);
  EXPECT_EQ(plain.manifest.event_fingerprint, one.manifest.event_fingerprint);
}

// Poisson arrivals at λ over N equally likely tenants: each tenant sees Poisson(λ/N) arrivals,
// and a request is warm iff its tenant had a request within the keep-alive K before it (the
// zero init is negligible). Expected cold starts over [0, T]:
//   ∫0^K λ e^{−λt/N} dt + (T − K) λ e^{−λK/N} = N (1 − e^{−a}) + λ (T − K) e^{−a},  a = λK/N,
// plus the requests that find their tenant's environment still busy with the previous request
// (an arrival of the same tenant within the duration d before): λ T (1 − e^{−λd/N}) (to first
// order: a tenant that once overlapped may keep a second idle environment).
TEST(TenantIsolation, ColdStartsMatchTheClosedFormForUniformTenants) {
  for (const int tenants : {100, 1000, 10000}) {
    const RunResult r = RunYaml(
        Scenario("    tenant_isolation: { tenants: " + std::to_string(tenants) + " }\n", "100"));
    const auto& f = r.functions[0];
    const double lambda = 100, k = 10, t = 600, n = tenants, d = 0.001;
    const double a = lambda * k / n;
    const double expected = n * (1 - std::exp(-a)) + lambda * (t - k) * std::exp(-a) +
                            lambda * t * (1 - std::exp(-lambda * d / n));
    EXPECT_EQ(f.throttles, 0u) << tenants;
    EXPECT_NEAR(static_cast<double>(f.cold_starts), expected, 0.03 * expected + 30)
        << tenants << " tenants";
  }
  // Without isolation almost nothing is cold (a few environments keep serving everyone).
  const RunResult shared = RunYaml(Scenario("", "100"));
  EXPECT_LT(shared.functions[0].cold_starts, 20u);
}

// Reserved concurrency 10 → 2 500 × 10 / 1 000 = 25 tenant-aware environments. With 100 000
// tenants and a 10-minute keep-alive nothing expires in 5 minutes: exactly 25 environments are
// created, and every later request of a tenant without one is throttled.
TEST(TenantIsolation, EnvironmentLimitThrottlesBeyondTwoAndAHalfPerConcurrency) {
  const RunResult r = RunYaml(
      "name: limit\nduration: 5m\nseed: 2\nfunctions:\n  api:\n    duration: 1ms\n"
      "    init_duration: 0s\n    keep_alive: 10m\n    reserved_concurrency: 10\n"
      "    tenant_isolation: { tenants: 100000 }\n"
      "traffic:\n  - function: api\n    rate: 100\n");
  const auto& f = r.functions[0];
  EXPECT_EQ(f.environments_created, 25);
  EXPECT_EQ(f.cold_starts, 25u);
  const uint64_t tenant_throttles =
      f.throttles_by_reason[static_cast<size_t>(ThrottleReason::kTenantEnvironments)];
  EXPECT_EQ(tenant_throttles, f.throttles);
  EXPECT_EQ(f.requests, f.invocations + f.throttles);
  EXPECT_GT(tenant_throttles, 29000u);  // ≈ 30 000 requests, nearly all of new tenants
}

TEST(TenantIsolation, PoolsServeOnlyTheirOwnTenantMostRecentFirstAndExpireOldestFirst) {
  TenantIsolationSpec spec;
  spec.enabled = true;
  spec.tenants = 3;
  TenantPools p(spec, 100, sim::RngStream(1, 0, "t"));
  p.Assign(0, 0);
  p.Assign(1, 1);
  p.Assign(2, 0);
  p.PushIdle(0);
  p.PushIdle(1);
  p.PushIdle(2);
  EXPECT_EQ(p.Oldest(), 0u);
  EXPECT_EQ(p.TakeIdle(2), TenantPools::kNone);  // tenant 2 has none
  EXPECT_EQ(p.TakeIdle(0), 2u);                  // tenant 0's most recent
  EXPECT_EQ(p.Oldest(), 0u);
  p.PopOldest();  // env 0 expires
  EXPECT_EQ(p.TakeIdle(0), TenantPools::kNone);
  EXPECT_EQ(p.Oldest(), 1u);
  EXPECT_EQ(p.TakeIdle(1), 1u);
  EXPECT_TRUE(p.idle_empty());
  EXPECT_EQ(p.alive(), 3);
}

// `size` knows the limit: the library scenario's 1 000 tenants fit (≈ 1 000 + concurrency
// environments of 2 500), its 100 000 do not (N (1 − e^{−λK/N}) = 100 000 (1 − e^{−1.2})).
TEST(TenantIsolation, SizingComparesTenantEnvironmentsWithTheLimit) {
  const ScenarioSpec spec =
      LoadScenarioFile(std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/tenant_isolation_saas.yaml");
  const auto inputs = analysis::SizingInputsFromScenario(spec);
  ASSERT_EQ(inputs.size(), 3u);
  const auto o1000 = analysis::ComputeSizing(inputs[1]);
  const auto o100k = analysis::ComputeSizing(inputs[2]);
  EXPECT_EQ(inputs[2].tenant_environment_limit, 2500);
  EXPECT_TRUE(o1000.fits_tenant_environments);
  EXPECT_FALSE(o100k.fits_tenant_environments);
  EXPECT_NEAR(o100k.tenant_environments - o100k.conc_mean, 100000 * (1 - std::exp(-1.2)), 1e-6);
  EXPECT_NEAR(o100k.tenant_cold_probability, std::exp(-1.2), 1e-12);
}

TEST(TenantIsolation, LoaderRefusesProvisionedConcurrencyAndSnapStart) {
  auto d = testing::Errors(R"(functions:
  api:
    duration: 100ms
    provisioned_concurrency: 2
    tenant_isolation: { tenants: 10 }
traffic:
  - function: api
    rate: 10
)");
  EXPECT_DIAG(d, 4, 30, "tenant isolation cannot be combined with provisioned concurrency");
  d = testing::Errors(R"(functions:
  api:
    duration: 100ms
    runtime: java21
    snapstart: true
    tenant_isolation: { tenants: 10 }
traffic:
  - function: api
    rate: 10
)");
  EXPECT_DIAG(d, 6, 23, "tenant isolation cannot be combined with SnapStart");
  d = testing::Errors(R"(functions:
  api:
    duration: 100ms
    tenant_isolation: { popularity: zipf }
traffic:
  - function: api
    rate: 10
)");
  EXPECT_DIAG(d, 0, 0, "tenants");
}

}  // namespace
}  // namespace lambdasim
