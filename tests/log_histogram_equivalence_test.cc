// tests/log_histogram_equivalence_test.cc — sim::LogHistogram (list or dense form, issue 17
// session 3) against the plain dense histogram it replaced (tests/reference_log_histogram.h),
// on random values, merges, clears, copies and moves: count, min, max, Mean and every Quantile
// must be exactly equal (the run's summary.json and timeseries.csv read nothing else).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "sim/histogram.h"
#include "tests/reference_log_histogram.h"

namespace {

using sim::LogHistogram;
using sim::testing::ReferenceLogHistogram;

constexpr std::array<double, 16> kQs = {0.0, 1e-9, 0.001, 0.01,  0.1,    0.25,    0.5, 0.75,
                                        0.9, 0.95, 0.99,  0.999, 0.9999, 0.99999, 1.0, 2.0};

void ExpectSame(const LogHistogram& h, const ReferenceLogHistogram& r, std::mt19937_64& rng) {
  ASSERT_EQ(h.count(), r.count());
  EXPECT_EQ(h.min(), r.min());
  EXPECT_EQ(h.max(), r.max());
  EXPECT_EQ(h.Mean(), r.Mean());  // bitwise: the same sums in the same order
  for (const double q : kQs) EXPECT_EQ(h.Quantile(q), r.Quantile(q)) << "q=" << q;
  std::uniform_real_distribution<double> uq(0.0, 1.0);
  for (int i = 0; i < 4; ++i) {
    const double q = uq(rng);
    EXPECT_EQ(h.Quantile(q), r.Quantile(q)) << "q=" << q;
  }
}

// Values of several shapes: a few bins (constant-ish), latency-like spreads over many octaves,
// values under 2^10 (bin 0), negatives (clamped to 0) and values past 2^46 (the last bin).
int64_t Draw(std::mt19937_64& rng, int shape) {
  switch (shape) {
    case 0: return 100'000'000 + static_cast<int64_t>(rng() % 3);
    case 1: {
      std::exponential_distribution<double> e(1.0 / 1e8);
      return static_cast<int64_t>(e(rng));
    }
    case 2: {
      std::uniform_real_distribution<double> u(0.0, 50.0);
      return static_cast<int64_t>(std::exp2(u(rng)));
    }
    case 3: return static_cast<int64_t>(rng() % 3000) - 500;
    default: return (int64_t{1} << 46) + static_cast<int64_t>(rng() % 1000);
  }
}

// The branch-free BinOf (session 5) against the branchy one it replaced (the reference's): every
// bin edge and its neighbours, every power of two and its neighbours, negatives, the int64
// extremes and random values of every magnitude.
TEST(LogHistogramEquivalence, BranchFreeBinOfMatchesTheReferenceEverywhere) {
  std::vector<int64_t> vs = {0, 1, -1, INT64_MIN, INT64_MIN + 1, INT64_MAX, INT64_MAX - 1};
  for (int b = 0; b <= LogHistogram::kBins; ++b) {
    const auto lo = static_cast<int64_t>(LogHistogram::BinLow(b));
    for (int64_t d = -2; d <= 2; ++d) vs.push_back(lo + d);
  }
  for (int e = 0; e < 63; ++e) {
    const int64_t p = int64_t{1} << e;
    for (int64_t d = -1; d <= 1; ++d) {
      vs.push_back(p + d);
      vs.push_back(-p + d);
    }
  }
  std::mt19937_64 rng(17);
  for (int i = 0; i < 200'000; ++i) vs.push_back(static_cast<int64_t>(rng() >> (rng() % 64)));
  for (const int64_t v : vs)
    ASSERT_EQ(LogHistogram::BinOf(v), ReferenceLogHistogram::BinOf(v)) << "v=" << v;
}

// An empty histogram (new, cleared or moved from) keeps a sentinel min inside: min() still reads
// 0, and the next Add or Merge sets the min as the reference's count test does.
TEST(LogHistogramEquivalence, EmptyMinReadsZeroAndYieldsToTheFirstValue) {
  LogHistogram h;
  EXPECT_EQ(h.min(), 0);
  h.Add(int64_t{1} << 50);
  EXPECT_EQ(h.min(), int64_t{1} << 50);
  h.Clear();
  EXPECT_EQ(h.min(), 0);
  LogHistogram empty;
  h.Merge(empty);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.count(), 0u);
  LogHistogram one;
  one.Add(7'000);
  h.Merge(one);
  EXPECT_EQ(h.min(), 7'000);
  LogHistogram moved = std::move(h);
  EXPECT_EQ(moved.min(), 7'000);
  LogHistogram fresh;
  fresh.Merge(moved);
  EXPECT_EQ(fresh.min(), 7'000);
  EXPECT_EQ(fresh.Quantile(0), 7'000.0);
}

// Spread lists (few values over many bins: a bucket's list, where a quantile selects instead of
// sorting) with ties, asked for quantiles in turn, then added to and asked again, then merged:
// every answer equals the reference's (a wrong count below or in the selected bin fails).
TEST(LogHistogramEquivalence, SpreadListsSelectLikeTheSortedReference) {
  std::mt19937_64 rng(5);
  for (int round = 0; round < 3000; ++round) {
    LogHistogram h, run;
    ReferenceLogHistogram r, rrun;
    const int n = 1 + static_cast<int>(rng() % 40);
    for (int step = 0; step < 3; ++step) {
      for (int i = 0; i < n; ++i) {
        // Exponents over 30 octaves; every third value repeats a bin (ties in the chosen bin).
        const int64_t v = i % 3 == 2 ? int64_t{1} << 20 : Draw(rng, 2);
        h.Add(v);
        r.Add(v);
      }
      ASSERT_FALSE(h.dense());
      ExpectSame(h, r, rng);
    }
    run.Merge(h);
    rrun.Merge(r);
    ExpectSame(run, rrun, rng);
  }
}

TEST(LogHistogramEquivalence, RandomAddsMergesClearsMatchTheDenseReferenceExactly) {
  std::mt19937_64 rng(20261202);
  constexpr size_t kN = 12;
  std::vector<LogHistogram> h(kN);
  std::vector<ReferenceLogHistogram> r(kN);
  bool saw_list = false, saw_dense = false;
  for (int step = 0; step < 3000; ++step) {
    const size_t i = rng() % kN;
    const uint64_t op = rng() % 100;
    if (op < 70) {  // a burst of values: from one to a few thousand (lists turn dense)
      const int shape = static_cast<int>(rng() % 5);
      const uint64_t n = (rng() % 4 == 0) ? 1 + rng() % 3000 : 1 + rng() % 40;
      for (uint64_t k = 0; k < n; ++k) {
        const int64_t v = Draw(rng, shape);
        h[i].Add(v);
        r[i].Add(v);
      }
    } else if (op < 90) {
      const size_t j = rng() % kN;
      if (j == i) continue;
      h[i].Merge(h[j]);
      r[i].Merge(r[j]);
    } else if (op < 96) {
      h[i].Clear();
      r[i].Clear();
    } else if (op < 98) {  // copy, then keep using the copy
      const size_t j = rng() % kN;
      h[j] = h[i];
      r[j] = r[i];
    } else {  // move: the target holds the values, the source is empty and usable
      const size_t j = rng() % kN;
      if (j == i) continue;
      h[j] = std::move(h[i]);
      r[j] = r[i];
      r[i] = ReferenceLogHistogram();
      EXPECT_EQ(h[i].count(), 0u);  // NOLINT(bugprone-use-after-move): documented state
    }
    saw_list |= !h[i].dense() && h[i].count() > 0;
    saw_dense |= h[i].dense() && h[i].count() > 0;
    ExpectSame(h[i], r[i], rng);
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << "first difference at step " << step;
      return;
    }
  }
  EXPECT_TRUE(saw_list);
  EXPECT_TRUE(saw_dense);
  for (size_t i = 0; i < kN; ++i) ExpectSame(h[i], r[i], rng);
}

// The recorder's pattern: a bucket histogram cleared every bucket and merged into a run
// histogram, then run histograms merged into an account one; quantiles read in between (which
// sort a list) must not change later results.
TEST(LogHistogramEquivalence, BucketToRunToAccountMergesMatchTheDenseReference) {
  std::mt19937_64 rng(17);
  LogHistogram account;
  ReferenceLogHistogram account_ref;
  for (int f = 0; f < 40; ++f) {
    LogHistogram bucket, run;
    ReferenceLogHistogram bucket_ref, run_ref;
    const uint64_t per_bucket = f % 3 == 0 ? 2000 : 1 + rng() % 80;
    for (int b = 0; b < 10; ++b) {
      const uint64_t n = rng() % (per_bucket + 1);
      for (uint64_t k = 0; k < n; ++k) {
        const int64_t v = Draw(rng, f % 3 == 1 ? 0 : 1);
        bucket.Add(v);
        bucket_ref.Add(v);
      }
      ExpectSame(bucket, bucket_ref, rng);
      run.Merge(bucket);
      run_ref.Merge(bucket_ref);
      bucket.Clear();
      bucket_ref.Clear();
    }
    ExpectSame(run, run_ref, rng);
    account.Merge(run);
    account_ref.Merge(run_ref);
  }
  ExpectSame(account, account_ref, rng);
  EXPECT_TRUE(account.dense());
}

// A function that saw few values keeps them as a list of 2-byte bins, not a window of bins.
TEST(LogHistogramEquivalence, FewValuesCostTwoBytesEachNotAWindow) {
  LogHistogram h;
  std::mt19937_64 rng(5);
  for (int k = 0; k < 600; ++k) h.Add(Draw(rng, 1));
  EXPECT_FALSE(h.dense());
  EXPECT_LE(h.storage_bytes(), 600u * 2u * 3u / 2u + 16u);
  // Many values over a narrow range turn dense once the list would outgrow the window.
  LogHistogram c;
  for (int k = 0; k < 5000; ++k) c.Add(Draw(rng, 0));
  EXPECT_TRUE(c.dense());
  EXPECT_LE(c.storage_bytes(), static_cast<size_t>(3 * LogHistogram::kSubBins) * 8u);
}

}  // namespace
