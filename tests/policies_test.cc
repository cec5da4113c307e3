// Tests of the selectable policies (models/lambda/policies.h): warm-environment reuse, the
// hybrid histogram keep-alive of "Serverless in the Wild", and environments_mean. Each test
// would fail if its rule were implemented wrongly; tolerances are derived from the run
// length where a rate is estimated.
#include <cmath>
#include <cstdio>
#include <set>

#include <gtest/gtest.h>

#include "models/lambda/policies.h"
#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using sim::Distribution;
using sim::Duration;
using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;

// --- IdlePool: the reuse rules on a hand-built pool ---------------------------------------

Environment Env(int64_t created_s, int64_t expire_s) {
  Environment e;
  e.created = sim::Time::Zero() + Duration::Seconds(created_s);
  e.expire_at = sim::Time::Zero() + Duration::Seconds(expire_s);
  return e;
}

TEST(IdlePool, MostAndLeastRecentlyUsedTakeTheEndsOfTheIdleOrder) {
  for (const bool hybrid : {false, true}) {
    IdlePool mru(EnvironmentReuse::kMostRecentlyUsed, hybrid, sim::RngStream());
    IdlePool lru(EnvironmentReuse::kLeastRecentlyUsed, hybrid, sim::RngStream());
    for (uint32_t env : {7u, 3u, 5u}) {  // became idle in this order
      mru.Push(env, Env(0, 100 + env));
      lru.Push(env, Env(0, 100 + env));
    }
    EXPECT_EQ(mru.TakeForReuse(), 5u);
    EXPECT_EQ(mru.TakeForReuse(), 3u);
    EXPECT_EQ(lru.TakeForReuse(), 7u);
    EXPECT_EQ(lru.TakeForReuse(), 3u);
    EXPECT_EQ(mru.size(), 1u);
  }
}

TEST(IdlePool, NewestCreatedTakesTheLatestCreationNotTheLatestRelease) {
  IdlePool pool(EnvironmentReuse::kNewestCreated, false, sim::RngStream());
  pool.Push(1, Env(50, 100));  // created at 50 s
  pool.Push(2, Env(10, 101));
  pool.Push(3, Env(30, 102));  // released last, but created before env 1
  EXPECT_EQ(pool.TakeForReuse(), 1u);
  EXPECT_EQ(pool.TakeForReuse(), 3u);
  // Expiry order stays the release order (fixed keep-alive): env 2 first.
  pool.Push(4, Env(60, 103));
  EXPECT_EQ(pool.NextExpiring(), 2u);
  pool.PopNextExpiring();
  EXPECT_EQ(pool.TakeForReuse(), 4u);
  EXPECT_TRUE(pool.empty());
}

TEST(IdlePool, RandomIsUniformAmongTheIdle) {
  // 4 idle environments, take one and put it back 40 000 times: each share within 5 standard
  // errors of 1/4 (sd of a share = sqrt(p(1−p)/n) = 0.0022).
  IdlePool pool(EnvironmentReuse::kRandom, false, sim::RngStream(1, 0, "reuse/test"));
  for (uint32_t env = 0; env < 4; ++env) pool.Push(env, Env(0, 100));
  int counts[4] = {0, 0, 0, 0};
  const int n = 40000;
  for (int i = 0; i < n; ++i) {
    const uint32_t env = pool.TakeForReuse();
    ++counts[env];
    pool.Push(env, Env(0, 100));
  }
  for (const int c : counts) EXPECT_NEAR(c / static_cast<double>(n), 0.25, 5 * 0.0022);
}

TEST(IdlePool, PerEnvironmentExpiryComesOutInExpiryOrder) {
  IdlePool pool(EnvironmentReuse::kMostRecentlyUsed, true, sim::RngStream());
  pool.Push(1, Env(0, 300));
  pool.Push(2, Env(0, 100));
  pool.Push(3, Env(0, 200));
  EXPECT_EQ(pool.NextExpiring(), 2u);
  pool.PopNextExpiring();
  EXPECT_EQ(pool.NextExpiring(), 3u);
  EXPECT_EQ(pool.TakeForReuse(), 3u);  // most recently released
  EXPECT_EQ(pool.NextExpiring(), 1u);
}

// --- KeepAlivePolicy: the hybrid histogram's windows -----------------------------------

KeepAlivePolicySpec Hybrid(Duration bin, Duration range, int64_t min_samples = 10) {
  KeepAlivePolicySpec k;
  k.kind = KeepAliveKind::kHybridHistogram;
  k.hybrid.bin_width = bin;
  k.hybrid.histogram_range = range;
  k.hybrid.min_samples = min_samples;
  return k;
}

TEST(KeepAlivePolicy, WindowsFromHeadAndTailBinsWithMargins) {
  // Bins of 10 s over 1 h; 95 idle times of 55 s (bin 5) and 5 of 75 s (bin 7): the 5th
  // percentile is in bin 5 (pre-warm = 50 s · 0.9 = 45 s), the 99th in bin 7 (keep-alive =
  // 80 s · 1.1 = 88 s).
  KeepAlivePolicy p(Hybrid(Duration::Seconds(10), Duration::Hours(1)), Duration::Seconds(10));
  for (int i = 0; i < 95; ++i) p.Observe(Duration::Seconds(55));
  for (int i = 0; i < 5; ++i) p.Observe(Duration::Seconds(75));
  ASSERT_TRUE(p.Representative());
  const auto w = p.Decide();
  EXPECT_EQ(w.pre_warm, Duration::Seconds(45));
  EXPECT_EQ(w.keep_alive, Duration::Seconds(88));
  // CV over 360 bins with counts 95 and 5: mean 100/360, sample sd from Σc² = 9050.
  const double mean = 100.0 / 360;
  const double sd = std::sqrt((9050 - 100.0 * 100 / 360) / 359);
  EXPECT_NEAR(p.CoefficientOfVariation(), sd / mean, 1e-9);
}

TEST(KeepAlivePolicy, HeadInTheFirstBinMeansNoPreWarm) {
  KeepAlivePolicy p(Hybrid(Duration::Minutes(1), Duration::Hours(4)), Duration::Minutes(10));
  for (int i = 0; i < 20; ++i) p.Observe(Duration::Seconds(i));  // all in bin 0
  const auto w = p.Decide();
  EXPECT_EQ(w.pre_warm, Duration());
  EXPECT_EQ(w.keep_alive, Duration::Seconds(66));  // 1 min · 1.1
}

TEST(KeepAlivePolicy, FallsBackToFixedWhenNotRepresentative) {
  const Duration fixed = Duration::Seconds(10);
  {  // too few samples
    KeepAlivePolicy p(Hybrid(Duration::Seconds(10), Duration::Hours(1), 10), fixed);
    for (int i = 0; i < 9; ++i) p.Observe(Duration::Seconds(55));
    EXPECT_FALSE(p.Representative());
    EXPECT_EQ(p.Decide().keep_alive, fixed);
    EXPECT_EQ(p.Decide().pre_warm, Duration());
    p.Observe(Duration::Seconds(55));
    EXPECT_TRUE(p.Representative());
  }
  {  // flat histogram: one sample in every bin, CV = 0
    KeepAlivePolicy p(Hybrid(Duration::Seconds(10), Duration::Seconds(1000)), fixed);
    for (int i = 0; i < 100; ++i) p.Observe(Duration::Seconds(10 * i + 5));
    EXPECT_NEAR(p.CoefficientOfVariation(), 0, 1e-12);
    EXPECT_FALSE(p.Representative());
    EXPECT_EQ(p.Decide().keep_alive, fixed);
  }
  {  // mostly out of bounds (the paper's ARIMA case)
    KeepAlivePolicy p(Hybrid(Duration::Seconds(10), Duration::Seconds(60)), fixed);
    for (int i = 0; i < 20; ++i) p.Observe(Duration::Seconds(55));
    EXPECT_TRUE(p.Representative());
    for (int i = 0; i < 21; ++i) p.Observe(Duration::Seconds(61));
    EXPECT_FALSE(p.Representative());
    EXPECT_EQ(p.Decide().keep_alive, fixed);
  }
}

// --- Whole-run behaviour ----------------------------------------------------------------

struct Outcome {
  uint64_t invocations = 0, cold = 0;
  double environments_mean = 0, idle_mean = 0;
  std::string fingerprint;
};

Outcome RunOnce(const ScenarioSpec& spec) {
  const RunResult r = RunScenario(spec);
  Outcome o;
  o.invocations = r.functions[0].invocations;
  o.cold = r.functions[0].cold_starts;
  o.environments_mean = r.functions[0].environments_mean;
  double idle = 0;
  for (const auto& row : r.function_rows) idle += row.idle_environments_avg;
  o.idle_mean = idle / static_cast<double>(r.function_rows.size());
  o.fingerprint = r.manifest.event_fingerprint;
  return o;
}

// 10 RPS Poisson, 100 ms constant duration, 10 s keep-alive (the comparison point).
ScenarioSpec TenRps(EnvironmentReuse reuse, Duration horizon, uint64_t seed) {
  auto spec = BaseSpec(horizon, seed);
  auto& f = AddFunction(spec, "api", Distribution::Constant(0.1), Distribution::Constant(0.25));
  f.keep_alive = Duration::Seconds(10);
  f.environment_reuse = reuse;
  AddTraffic(spec, "api", 10);
  return spec;
}

TEST(EnvironmentReuse, EnvironmentsMeanIsBusyPlusIdle) {
  // Every environment alive is busy or idle (no provisioned, no unloaded): the run's mean
  // alive count equals mean concurrency + mean idle (bucket means over equal buckets).
  const auto spec = TenRps(EnvironmentReuse::kMostRecentlyUsed, Duration::Minutes(30), 3);
  const RunResult r = RunScenario(spec);
  double idle = 0, env = 0;
  for (const auto& row : r.function_rows) {
    idle += row.idle_environments_avg;
    env += row.environments_avg;
  }
  const auto buckets = static_cast<double>(r.function_rows.size());
  EXPECT_NEAR(r.functions[0].environments_mean, r.functions[0].concurrency_mean + idle / buckets,
              1e-9);
  EXPECT_NEAR(r.functions[0].environments_mean, env / buckets, 1e-9);
  EXPECT_NEAR(r.account.environments_mean, r.functions[0].environments_mean, 1e-12);
  EXPECT_GT(r.functions[0].environments_mean, r.functions[0].concurrency_mean);
}

TEST(EnvironmentReuse, RandomDrawsFromItsOwnStream) {
  // Same seed: the arrivals and durations are the same under every rule (no stream moves),
  // so the request count is identical; random is reproducible.
  const auto mru =
      RunScenario(TenRps(EnvironmentReuse::kMostRecentlyUsed, Duration::Minutes(20), 5));
  const auto rnd = RunScenario(TenRps(EnvironmentReuse::kRandom, Duration::Minutes(20), 5));
  const auto rnd2 = RunScenario(TenRps(EnvironmentReuse::kRandom, Duration::Minutes(20), 5));
  EXPECT_EQ(mru.functions[0].requests, rnd.functions[0].requests);
  EXPECT_EQ(rnd.manifest.event_fingerprint, rnd2.manifest.event_fingerprint);
  EXPECT_NE(mru.manifest.event_fingerprint, rnd.manifest.event_fingerprint);
}

// One request a minute (uniform arrivals), execution 0.1–3 s: idle times 57–59.9 s.
ScenarioSpec Periodic(KeepAlivePolicySpec policy, Duration keep_alive) {
  auto spec = BaseSpec(Duration::Hours(6), 9);
  auto& f = AddFunction(spec, "cron", Distribution::Uniform(0.1, 3.0), Distribution::Constant(0.5));
  f.keep_alive = keep_alive;
  f.keep_alive_policy = policy;
  AddTraffic(spec, "cron", 1.0 / 60, ArrivalKind::kUniform);
  return spec;
}

TEST(HybridKeepAlive, PeriodicWorkloadIsWarmWithAQuarterOfTheMemoryTime) {
  // Fixed 10 s: every request finds its environment expired (cold). Fixed 10 min: warm, one
  // environment alive all the time. Hybrid (10 s bins, 1 h range, 10 samples): after the
  // first 11 requests (10 samples; the first has no idle period before it), pre-warm =
  // 50 s · 0.9 = 45 s, keep-alive = 60 s · 1.1 = 66 s, so each 60 s cycle has the
  // environment unloaded for 45 s: environments_mean → 15/60 = 0.25.
  const Outcome cold10s = RunOnce(Periodic(KeepAlivePolicySpec{}, Duration::Seconds(10)));
  const Outcome fixed10m = RunOnce(Periodic(KeepAlivePolicySpec{}, Duration::Minutes(10)));
  const Outcome hybrid =
      RunOnce(Periodic(Hybrid(Duration::Seconds(10), Duration::Hours(1)), Duration::Seconds(10)));
  EXPECT_EQ(cold10s.invocations, 360u);
  EXPECT_EQ(cold10s.cold, 360u);
  EXPECT_EQ(fixed10m.cold, 1u);
  EXPECT_EQ(hybrid.invocations, 360u);
  EXPECT_EQ(hybrid.cold, 11u);
  EXPECT_NEAR(fixed10m.environments_mean, 1.0, 0.01);
  // 349 warm cycles at 15 s alive, 11 cold ones at 10 s + execution (≈ 11.5 s), per 60 s.
  EXPECT_NEAR(hybrid.environments_mean, (349 * 15.0 + 11 * 11.55) / 21600.0, 0.01);
  EXPECT_LT(hybrid.environments_mean, 0.3 * fixed10m.environments_mean);
}

TEST(HybridKeepAlive, NotRepresentativeIsExactlyTheFixedPolicy) {
  // Too few samples, a CV threshold no histogram reaches, or every idle time out of bounds:
  // the same event stream as the fixed keep-alive, bit for bit.
  for (const Duration keep : {Duration::Seconds(10), Duration::Minutes(10)}) {
    const Outcome fixed = RunOnce(Periodic(KeepAlivePolicySpec{}, keep));
    auto few = Hybrid(Duration::Seconds(10), Duration::Hours(1), 100000);
    auto flat = Hybrid(Duration::Seconds(10), Duration::Hours(1));
    flat.hybrid.cv_threshold = 1e9;
    auto oob = Hybrid(Duration::Seconds(10), Duration::Seconds(30));
    for (const auto& policy : {few, flat, oob}) {
      const Outcome o = RunOnce(Periodic(policy, keep));
      EXPECT_EQ(o.fingerprint, fixed.fingerprint);
      EXPECT_EQ(o.cold, fixed.cold);
      EXPECT_EQ(o.environments_mean, fixed.environments_mean);
    }
  }
  {  // Poisson traffic too (many environments, reclaim timers interleaving)
    auto spec = TenRps(EnvironmentReuse::kMostRecentlyUsed, Duration::Minutes(20), 4);
    const Outcome fixed = RunOnce(spec);
    spec.functions[0].keep_alive_policy = Hybrid(Duration::Seconds(1), Duration::Hours(1), 1 << 30);
    EXPECT_EQ(RunOnce(spec).fingerprint, fixed.fingerprint);
  }
}

// Paired runs (same seed: same arrivals) of 10 h each at 10 RPS × 100 ms, 10 s keep-alive.
struct Paired {
  double cold_a = 0, cold_b = 0, inv = 0, env_a = 0, env_b = 0;
};
Paired Compare(EnvironmentReuse a, EnvironmentReuse b, int seeds) {
  Paired p;
  for (int s = 1; s <= seeds; ++s) {
    const Outcome x = RunOnce(TenRps(a, Duration::Hours(10), static_cast<uint64_t>(s)));
    const Outcome y = RunOnce(TenRps(b, Duration::Hours(10), static_cast<uint64_t>(s)));
    EXPECT_EQ(x.invocations, y.invocations);  // no throttles: same arrivals, all admitted
    p.cold_a += static_cast<double>(x.cold);
    p.cold_b += static_cast<double>(y.cold);
    p.inv += static_cast<double>(x.invocations);
    p.env_a += x.environments_mean / seeds;
    p.env_b += y.environments_mean / seeds;
  }
  return p;
}

TEST(EnvironmentReuse, NewestCreatedVsMostRecentlyUsedAtTenRps) {
  // Measured (10 seeds × 10 h, 3.6 M invocations per rule): P(cold) 0.00660 under
  // most_recently_used, 0.00656 under newest_created; newest_created had fewer cold starts in
  // every one of the 10 paired runs (mean 14.6 fewer per 360 k invocations, sd of the paired
  // difference 6.1) and 0.07 % more environments alive. Both rules send a request to the top
  // of a stack — the next environment is used only when the concurrency reaches its depth —
  // so at this load they differ only in how a released environment is re-ranked, and the
  // effect is small. Here, 5 paired runs: the summed difference is 5 standard errors above
  // zero, so "newest_created has fewer" fails by chance with probability < 1e-6; the
  // relative difference stays below 2 % (measured 0.7 %).
  const Paired p =
      Compare(EnvironmentReuse::kMostRecentlyUsed, EnvironmentReuse::kNewestCreated, 5);
  const double p_mru = p.cold_a / p.inv, p_newest = p.cold_b / p.inv;
  EXPECT_GT(p_mru, 0.004);
  EXPECT_LT(p_mru, 0.01);
  EXPECT_LT(p_newest, p_mru);
  EXPECT_LT((p_mru - p_newest) / p_mru, 0.02);
  EXPECT_GT(p.env_b, p.env_a);
  EXPECT_LT(p.env_b, p.env_a * 1.01);
}

TEST(EnvironmentReuse, LeastRecentlyUsedKeepsMoreEnvironmentsAlive) {
  // LRU spreads requests over every idle environment, so none stays idle for 10 s while
  // traffic flows: measured environments_mean 8.2 vs 5.0 (MRU) and P(cold) 7.8e-5 vs 6.7e-3.
  const Paired p =
      Compare(EnvironmentReuse::kMostRecentlyUsed, EnvironmentReuse::kLeastRecentlyUsed, 2);
  EXPECT_GT(p.env_b, 1.4 * p.env_a);
  EXPECT_LT(p.cold_b, 0.1 * p.cold_a);
}

}  // namespace
}  // namespace lambdasim
