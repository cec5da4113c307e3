// tests/account_areas_test.cc — issue 17 session 6: the recorder derives the account's areas
// (concurrency and unreserved concurrency) at a bucket's close and at Finish from the
// per-function areas (concurrency(f), provisioned_busy(f); SetAccountPool) instead of
// integrating them at every busy change. This test drives a MetricsRecorder the way
// PlatformCore::SetBusy does, over random busy schedules of functions that are unreserved,
// reserved or on Lambda Managed Instances, some with provisioned concurrency, with changes at
// bucket boundaries and a warm-up restart (BeginMeasurement), and checks every account row's
// averages and maxima and the run's mean and maxima against an oracle that integrates the
// account's two levels at every change (two Gauges), bit for bit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "models/metrics/metrics_recorder.h"

namespace lambdasim {
namespace {

struct TestFunction {
  bool managed = false;   // Lambda Managed Instances: not in the account's pool
  bool reserved = false;  // reserved concurrency: not in the unreserved pool
  bool provisioned = false;
  int64_t on_demand_busy = 0, provisioned_busy = 0;
};

// One account row (or the run) as the oracle sees it.
struct ExpectedRow {
  double concurrency_avg = 0, unreserved_avg = 0;
  int64_t concurrency_max = 0, unreserved_max = 0;
};

double Average(Int128 area, int64_t span_ns) {  // as the recorder's AreaToAverage
  return span_ns > 0 ? static_cast<double>(area) / static_cast<double>(span_ns) : 0.0;
}

sim::Time At(int64_t ns) { return sim::Time() + sim::Duration::Nanos(ns); }

TEST(AccountAreas, DerivedAtACloseMatchPerChangeIntegrationOnRandomSchedules) {
  constexpr int64_t kBucketNs = 1000;
  constexpr int64_t kBuckets = 400;
  for (uint32_t seed = 1; seed <= 30; ++seed) {
    std::mt19937_64 rng(seed);
    // Eight functions: every mix at least once (unreserved, reserved, managed; with and
    // without provisioned concurrency), the rest random.
    std::vector<TestFunction> fns(8);
    for (size_t f = 0; f < fns.size(); ++f) {
      const uint64_t kind = f < 6 ? f : rng() % 6;
      fns[f].managed = kind / 2 == 2;
      fns[f].reserved = kind / 2 == 1;
      fns[f].provisioned = !fns[f].managed && kind % 2 == 1;
    }
    std::vector<std::string> names;
    std::vector<uint8_t> in_pool, unreserved;
    for (size_t f = 0; f < fns.size(); ++f) {
      names.push_back("f" + std::to_string(f));
      in_pool.push_back(!fns[f].managed);
      unreserved.push_back(!fns[f].managed && !fns[f].reserved);
    }
    const sim::Time horizon = At(kBuckets * kBucketNs);
    MetricsRecorder rec(names, sim::Duration::Nanos(kBucketNs), horizon);
    rec.SetAccountPool(in_pool, unreserved);

    Gauge account, unreserved_level;  // the oracle: account and unreserved concurrency, per change
    std::vector<ExpectedRow> expected;
    int64_t bucket_start_ns = 0, bucket_end_ns = kBucketNs;
    auto close = [&](int64_t boundary_ns) {
      ExpectedRow row;
      Int128 area = 0;
      account.CloseBucket(At(boundary_ns), area, row.concurrency_max);
      row.concurrency_avg = Average(area, boundary_ns - bucket_start_ns);
      unreserved_level.CloseBucket(At(boundary_ns), area, row.unreserved_max);
      row.unreserved_avg = Average(area, boundary_ns - bucket_start_ns);
      expected.push_back(row);
    };
    auto advance = [&](int64_t now_ns) {  // as MetricsRecorder::Roll
      while (now_ns >= bucket_end_ns && bucket_start_ns < horizon.ns()) {
        close(std::min(bucket_end_ns, horizon.ns()));
        bucket_start_ns = bucket_end_ns;
        bucket_end_ns += kBucketNs;
      }
    };

    const int64_t warmup_ns = (20 + static_cast<int64_t>(rng() % 5)) * kBucketNs +
                              (rng() % 2 == 0 ? 0 : static_cast<int64_t>(rng() % kBucketNs));
    const int64_t end_ns = (kBuckets - 3) * kBucketNs - static_cast<int64_t>(rng() % kBucketNs);
    bool warmed = false;
    int64_t now_ns = 0;
    while (true) {
      // Steps of 0 (same instant), small, or exactly to the next boundary.
      const uint64_t r = rng() % 10;
      if (r < 2) {
      } else if (r < 4) {
        now_ns = bucket_end_ns;
      } else {
        now_ns += static_cast<int64_t>(rng() % 300);
      }
      if (!warmed && now_ns >= warmup_ns) {  // the warm-up ends before any event at t0
        now_ns = warmup_ns;
        rec.BeginMeasurement(At(warmup_ns));
        account.Restart(At(warmup_ns));
        unreserved_level.Restart(At(warmup_ns));
        expected.clear();
        bucket_start_ns = warmup_ns;
        bucket_end_ns = warmup_ns + kBucketNs;
        warmed = true;
      }
      if (now_ns >= end_ns) break;
      const sim::Time now = At(now_ns);
      rec.Advance(now);
      advance(now_ns);
      // One busy change, as PlatformCore::SetBusy reports it.
      const size_t f = rng() % fns.size();
      auto& fn = fns[f];
      const bool on_provisioned = fn.provisioned && rng() % 2 == 0;
      int64_t& busy = on_provisioned ? fn.provisioned_busy : fn.on_demand_busy;
      const int64_t delta = busy > 0 && rng() % 2 == 0 ? -1 : +1;
      busy += delta;
      rec.concurrency(f).Add(now, delta);
      if (fn.managed) continue;
      const bool unreserved_change = !on_provisioned && !fn.reserved;
      if (on_provisioned) rec.provisioned_busy(f).Add(now, delta);
      rec.OnAccountBusy(now, delta, unreserved_change);
      account.Add(now, delta);
      if (unreserved_change) unreserved_level.Add(now, delta);
      if (rng() % 16 == 0) {  // the claimed level moves alone (values and maxima only)
        const int64_t claimed = rec.claimed_concurrency().value();
        rec.claimed_concurrency().Set(now, claimed + (rng() % 2 == 0 ? 1 : 0));
      }
    }
    ASSERT_TRUE(warmed);
    const RunResult r = rec.Finish(At(end_ns));
    while (bucket_start_ns < end_ns) {  // as MetricsRecorder::Finish
      close(std::min({bucket_end_ns, horizon.ns(), end_ns}));
      bucket_start_ns = bucket_end_ns;
      bucket_end_ns += kBucketNs;
    }
    ASSERT_EQ(r.account_rows.size(), expected.size()) << "seed " << seed;
    ASSERT_GT(expected.size(), 300u);
    for (size_t b = 0; b < expected.size(); ++b) {
      const auto& got = r.account_rows[b];
      const auto& want = expected[b];
      ASSERT_EQ(got.concurrent_executions_avg, want.concurrency_avg) << seed << " bucket " << b;
      ASSERT_EQ(got.unreserved_concurrent_executions_avg, want.unreserved_avg)
          << seed << " bucket " << b;
      ASSERT_EQ(got.concurrent_executions_max, want.concurrency_max) << seed << " bucket " << b;
      ASSERT_EQ(got.unreserved_concurrent_executions_max, want.unreserved_max)
          << seed << " bucket " << b;
    }
    EXPECT_EQ(r.account.concurrency_mean, Average(account.run_area(), end_ns)) << seed;
    EXPECT_EQ(r.account.concurrency_max, account.run_max()) << seed;
    EXPECT_EQ(r.account.unreserved_concurrency_max, unreserved_level.run_max()) << seed;
    EXPECT_GT(r.account.concurrency_mean, 0.0);
  }
}

// Without SetAccountPool every function is in the account's pool, none reserved.
TEST(AccountAreas, DefaultPoolIsEveryFunctionUnreserved) {
  const sim::Duration second = sim::DurationFromSeconds(1);
  MetricsRecorder rec({"a", "b"}, second, sim::Time() + second * 2);
  const sim::Time t0 = sim::Time();
  rec.Advance(t0);
  rec.concurrency(0).Add(t0, 2);
  rec.OnAccountBusy(t0, 2, true);
  rec.concurrency(1).Add(t0, 1);
  rec.OnAccountBusy(t0, 1, true);
  const RunResult r = rec.Finish(t0 + second * 2);
  ASSERT_EQ(r.account_rows.size(), 2u);
  EXPECT_EQ(r.account_rows[1].concurrent_executions_avg, 3.0);
  EXPECT_EQ(r.account_rows[1].unreserved_concurrent_executions_avg, 3.0);
  EXPECT_EQ(r.account_rows[1].concurrent_executions_max, 3);
  EXPECT_EQ(r.account.concurrency_mean, 3.0);
}

}  // namespace
}  // namespace lambdasim
