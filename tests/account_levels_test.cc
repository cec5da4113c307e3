// tests/account_levels_test.cc — the recorder's level bookkeeping after issue 17 session 4:
// AccountLevels (the account's concurrency, unreserved and claimed levels: values and maxima;
// since session 6 no areas, account_areas_test.cc checks the derived ones) and Gauge (run
// maximum folded at a bucket's close) must report exactly what three independent gauges of the
// original form report (ReferenceGauge below: its own time of last change, run max tracked at
// every Set): every bucket's maxima (and the Gauge's areas; half-open buckets, a level held
// across a boundary, changes at the boundary instant), the run's maxima, and the levels, over
// random schedules with a warm-up restart. Likewise BucketLevel + LevelRun (a function's level
// split into its per-event and its run halves).
#include <gtest/gtest.h>

#include <cstdint>
#include <random>

#include "models/metrics/metrics_recorder.h"

namespace lambdasim {
namespace {

// The gauge as it was before the change (metrics_recorder.h, session 3).
class ReferenceGauge {
 public:
  void Set(sim::Time now, int64_t value) {
    Integrate(now);
    value_ = value;
    bucket_max_ = std::max(bucket_max_, value_);
    run_max_ = std::max(run_max_, value_);
  }
  void Add(sim::Time now, int64_t delta) { Set(now, value_ + delta); }
  void CloseBucket(sim::Time boundary, Int128& area, int64_t& max) {
    Integrate(boundary);
    area = bucket_area_;
    max = bucket_max_;
    run_area_ += bucket_area_;
    bucket_area_ = 0;
    bucket_max_ = 0;
  }
  void Restart(sim::Time t0) {
    last_ = t0;
    bucket_area_ = run_area_ = 0;
    bucket_max_ = 0;
    run_max_ = value_;
  }
  int64_t value() const { return value_; }
  Int128 run_area() const { return run_area_; }
  int64_t run_max() const { return run_max_; }

 private:
  void Integrate(sim::Time now) {
    if (now.ns() > last_.ns() && value_ > bucket_max_) bucket_max_ = value_;
    bucket_area_ += static_cast<Int128>(value_) * (now.ns() - last_.ns());
    last_ = now;
  }
  int64_t value_ = 0;
  sim::Time last_;
  Int128 bucket_area_ = 0, run_area_ = 0;
  int64_t bucket_max_ = 0, run_max_ = 0;
};

TEST(AccountLevels, MatchThreeIndependentGaugesOnRandomSchedules) {
  for (uint32_t seed = 1; seed <= 40; ++seed) {
    std::mt19937_64 rng(seed);
    const int64_t bucket_ns = 1000;
    AccountLevels levels;
    ReferenceGauge ref[3];  // concurrency, unreserved, claimed
    Gauge gauge;            // the same schedule as ref[0], through the (folded) Gauge
    int64_t now_ns = 0;
    int64_t bucket_end_ns = bucket_ns;
    const int64_t warmup_ns = 5 * bucket_ns + static_cast<int64_t>(rng() % 3) * 500;
    bool warmed = false;
    int buckets_compared = 0;
    for (int step = 0; step < 4000; ++step) {
      // Steps of 0 (same instant), small, or exactly to the next boundary.
      const uint64_t r = rng() % 10;
      if (r < 3) {
      } else if (r < 5) {
        now_ns = bucket_end_ns;
      } else {
        now_ns += static_cast<int64_t>(rng() % 400);
      }
      const sim::Time now = sim::Time() + sim::Duration::Nanos(now_ns);
      if (!warmed && now_ns >= warmup_ns) {  // BeginMeasurement at the warm-up's end
        now_ns = warmup_ns;
        const sim::Time t0 = sim::Time() + sim::Duration::Nanos(warmup_ns);
        levels.Restart(t0);
        gauge.Restart(t0);
        for (auto& g : ref) g.Restart(t0);
        bucket_end_ns = warmup_ns + bucket_ns;
        warmed = true;
        continue;
      }
      while (now_ns >= bucket_end_ns) {  // Advance: close every bucket ended by now
        const sim::Time boundary = sim::Time() + sim::Duration::Nanos(bucket_end_ns);
        int64_t max[3];
        levels.CloseBucket(boundary, max);
        Int128 ref_area[3];
        int64_t ref_max[3];
        for (int k = 0; k < 3; ++k) ref[k].CloseBucket(boundary, ref_area[k], ref_max[k]);
        Int128 g_area;
        int64_t g_max;
        gauge.CloseBucket(boundary, g_area, g_max);
        ASSERT_TRUE(g_area == ref_area[0]);
        for (int k = 0; k < 3; ++k) ASSERT_EQ(max[k], ref_max[k]) << "seed " << seed << " k " << k;
        ASSERT_EQ(g_max, ref_max[0]);
        bucket_end_ns += bucket_ns;
        ++buckets_compared;
      }
      const uint64_t op = rng() % 8;
      const int64_t delta = (rng() % 2 == 0 ? 1 : -1) * static_cast<int64_t>(1 + rng() % 2);
      if (op < 4) {  // a busy change; unreserved on demand moves all three levels
        const bool unreserved = op < 2;
        const int64_t d = ref[0].value() + delta < 0 ? -delta : delta;
        if (unreserved && (ref[1].value() + d < 0 || ref[2].value() + d < 0)) continue;
        levels.AddBusy(now, d, unreserved);
        ref[0].Add(now, d);
        gauge.Add(now, d);
        if (unreserved) {
          ref[1].Add(now, d);
          ref[2].Add(now, d);
        }
      } else if (op < 6) {  // claimed moves alone (provisioned target change)
        const int64_t d = ref[2].value() + delta < 0 ? -delta : delta;
        AccountLevels::Level(&levels, AccountLevels::kClaimed).Add(now, d);
        ref[2].Add(now, d);
      } else {  // Set, possibly to the same level (which still enters the bucket's max)
        const auto k = static_cast<AccountLevels::Kind>(rng() % 3);
        const int64_t v = ref[k].value() + (rng() % 3 == 0 ? 0 : 1);
        AccountLevels::Level(&levels, k).Set(now, v);
        ref[k].Set(now, v);
        if (k == AccountLevels::kConcurrency) gauge.Set(now, v);
      }
      for (int k = 0; k < 3; ++k) {
        const auto kind = static_cast<AccountLevels::Kind>(k);
        ASSERT_EQ(AccountLevels::Level(&levels, kind).value(), ref[k].value());
        ASSERT_EQ(levels.run_max(kind), ref[k].run_max()) << "seed " << seed << " k " << k;
      }
      ASSERT_EQ(gauge.run_max(), ref[0].run_max());
    }
    EXPECT_TRUE(warmed);
    EXPECT_GT(buckets_compared, 20);
    EXPECT_TRUE(gauge.run_area() == ref[0].run_area());
  }
}

TEST(BucketLevel, WithRunHalfMatchesTheOriginalGaugeOnRandomSchedules) {
  for (uint32_t seed = 1; seed <= 40; ++seed) {
    std::mt19937_64 rng(seed);
    const int64_t bucket_ns = 1000;
    BucketLevel<true> level;
    LevelRun run;
    BucketLevel<false> no_max;  // the same schedule; its area is all that is reported
    LevelRun no_max_run;
    ReferenceGauge ref;
    int64_t now_ns = 0;
    int64_t bucket_end_ns = bucket_ns;
    const int64_t warmup_ns = 4 * bucket_ns + static_cast<int64_t>(rng() % 3) * 500;
    bool warmed = false;
    for (int step = 0; step < 3000; ++step) {
      const uint64_t r = rng() % 10;
      if (r < 3) {
      } else if (r < 5) {
        now_ns = bucket_end_ns;
      } else {
        now_ns += static_cast<int64_t>(rng() % 400);
      }
      if (!warmed && now_ns >= warmup_ns) {
        now_ns = warmup_ns;
        const sim::Time t0 = sim::Time() + sim::Duration::Nanos(warmup_ns);
        level.Restart(t0, run);
        no_max.Restart(t0, no_max_run);
        ref.Restart(t0);
        bucket_end_ns = warmup_ns + bucket_ns;
        warmed = true;
        continue;
      }
      while (now_ns >= bucket_end_ns) {
        const sim::Time boundary = sim::Time() + sim::Duration::Nanos(bucket_end_ns);
        Int128 area, ref_area, no_max_area;
        int64_t max, ref_max, no_max_max;
        level.CloseBucket(boundary, run, area, max);
        no_max.CloseBucket(boundary, no_max_run, no_max_area, no_max_max);
        ref.CloseBucket(boundary, ref_area, ref_max);
        ASSERT_TRUE(area == ref_area) << "seed " << seed << " step " << step;
        ASSERT_TRUE(no_max_area == ref_area);
        ASSERT_EQ(max, ref_max) << "seed " << seed << " step " << step;
        ASSERT_EQ(no_max_max, 0);
        bucket_end_ns += bucket_ns;
      }
      const sim::Time now = sim::Time() + sim::Duration::Nanos(now_ns);
      if (rng() % 4 == 0) {
        const int64_t v = ref.value() + static_cast<int64_t>(rng() % 2);
        level.Set(now, v);
        no_max.Set(now, v);
        ref.Set(now, v);
      } else {
        const int64_t d =
            ref.value() > 0 && rng() % 2 == 0 ? -1 : 1 + static_cast<int64_t>(rng() % 2);
        level.Add(now, d);
        no_max.Add(now, d);
        ref.Add(now, d);
      }
      ASSERT_EQ(level.value(), ref.value());
      ASSERT_EQ(no_max.value(), ref.value());
      ASSERT_EQ(level.run_max(run), ref.run_max()) << "seed " << seed << " step " << step;
    }
    EXPECT_TRUE(warmed);
    EXPECT_TRUE(run.area == ref.run_area());
    EXPECT_TRUE(no_max_run.area == ref.run_area());
  }
}

}  // namespace
}  // namespace lambdasim
