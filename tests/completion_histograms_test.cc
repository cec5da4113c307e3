// tests/completion_histograms_test.cc — issue 17 session 7: the recorder stores a completion
// whose latency equals its duration (a warm synchronous invocation) once, in one bucket
// histogram (FunctionHot::bucket_same), the others in two (FunctionAcc::bucket_*_apart), and
// keeps the bucket's duration and latency sums in completion order; a bucket's close puts the
// duration and latency histograms together. This test drives OnCompletion over random
// schedules — values equal and not, negative (clamped to 0), huge (so that the sums pass 2^53
// and the order of the additions shows), lists and dense histograms, empty buckets, a warm-up
// restart — and checks every row's duration and latency quantiles and every function's and the
// account's latency and duration summaries (quantiles, mean, max) bit for bit against an oracle
// of two plain histograms per function, Added per completion as the recorder once did.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "models/metrics/metrics_recorder.h"
#include "sim/histogram.h"

namespace lambdasim {
namespace {

double NsToMs(double ns) { return ns * 1e-6; }

void ExpectSame(const LatencySummary& got, const LatencySummary& want, const std::string& what) {
  EXPECT_EQ(got.p50_ms, want.p50_ms) << what;
  EXPECT_EQ(got.p90_ms, want.p90_ms) << what;
  EXPECT_EQ(got.p99_ms, want.p99_ms) << what;
  EXPECT_EQ(got.p999_ms, want.p999_ms) << what;
  EXPECT_EQ(got.mean_ms, want.mean_ms) << what;
  EXPECT_EQ(got.max_ms, want.max_ms) << what;
}

struct OracleRow {
  double duration_p50_ms = 0, duration_p99_ms = 0, latency_p99_ms = 0;
};

int64_t RandomValue(std::mt19937_64& rng, int magnitude) {
  switch (rng() % 8) {
    case 0: return -static_cast<int64_t>(rng() % 1000);                     // clamped to 0
    case 1: return static_cast<int64_t>(rng() >> 2);                        // up to 2^62
    case 2: return static_cast<int64_t>(uint64_t{1} << (40 + rng() % 20));  // powers of two
    default: return static_cast<int64_t>(rng() % (uint64_t{1} << magnitude));
  }
}

TEST(CompletionHistograms, SharedAndApartMatchTwoPlainHistogramsOnRandomSchedules) {
  const sim::Duration bucket = sim::DurationFromSeconds(1);
  constexpr size_t kFunctions = 3;
  constexpr int kBuckets = 6;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    std::mt19937_64 rng(seed);
    const sim::Time horizon = sim::Time() + bucket * kBuckets;
    MetricsRecorder rec({"a", "b", "c"}, bucket, horizon);
    std::vector<sim::LogHistogram> dur(kFunctions), lat(kFunctions);
    std::vector<sim::LogHistogram> run_dur(kFunctions), run_lat(kFunctions);
    std::vector<OracleRow> rows;
    const int warmup_bucket = seed % 3 == 0 ? static_cast<int>(rng() % 3) : -1;
    const int magnitude = 20 + static_cast<int>(rng() % 30);
    for (int k = 0; k < kBuckets; ++k) {
      if (k == warmup_bucket) {  // the warm-up ends at this bucket's start (mid-run restart)
        const sim::Time t0 = sim::Time() + bucket * k;
        rec.Advance(t0);
        rec.BeginMeasurement(t0);
        rows.clear();
        for (size_t f = 0; f < kFunctions; ++f) {
          dur[f] = {};
          lat[f] = {};
          run_dur[f] = {};
          run_lat[f] = {};
        }
      }
      // Per function: none, a few (a list) or thousands (dense) completions in this bucket.
      for (size_t f = 0; f < kFunctions; ++f) {
        const int pick = static_cast<int>(rng() % 4);
        const int n = pick == 0   ? 0
                      : pick == 1 ? 1 + static_cast<int>(rng() % 5)
                                  : static_cast<int>(rng() % 3000);
        const int equal_per_8 = static_cast<int>(rng() % 9);  // 0..8 of 8 completions warm
        for (int i = 0; i < n; ++i) {
          const sim::Time now =
              sim::Time() + bucket * k + sim::Duration::Nanos((i + 1) * (bucket.ns() / (n + 2)));
          rec.Advance(now);
          const int64_t d = RandomValue(rng, magnitude);
          int64_t l = d;
          if (static_cast<int>(rng() % 8) >= equal_per_8) {
            l = rng() % 4 == 0 ? RandomValue(rng, magnitude)
                               : d + static_cast<int64_t>(rng() % 1'000'000'000);
          }
          rec.OnCompletion(f, d, l, false, false, false);
          dur[f].Add(d);
          lat[f].Add(l);
        }
      }
      // The oracle's close: quantiles per row, then into the run.
      for (size_t f = 0; f < kFunctions; ++f) {
        rows.push_back({NsToMs(dur[f].Quantile(0.50)), NsToMs(dur[f].Quantile(0.99)),
                        NsToMs(lat[f].Quantile(0.99))});
        run_dur[f].Merge(dur[f]);
        run_lat[f].Merge(lat[f]);
        dur[f].Clear();
        lat[f].Clear();
      }
    }
    const RunResult r = rec.Finish(horizon);
    ASSERT_EQ(r.function_rows.size(), rows.size()) << "seed " << seed;
    for (size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(r.function_rows[i].duration_p50_ms, rows[i].duration_p50_ms) << seed << " " << i;
      EXPECT_EQ(r.function_rows[i].duration_p99_ms, rows[i].duration_p99_ms) << seed << " " << i;
      EXPECT_EQ(r.function_rows[i].latency_p99_ms, rows[i].latency_p99_ms) << seed << " " << i;
    }
    sim::LogHistogram account_latency;
    ASSERT_EQ(r.functions.size(), kFunctions);
    for (size_t f = 0; f < kFunctions; ++f) {
      const std::string what = "seed " + std::to_string(seed) + " function " + std::to_string(f);
      ExpectSame(r.functions[f].duration, SummarizeLatency(run_dur[f]), what + " duration");
      ExpectSame(r.functions[f].latency, SummarizeLatency(run_lat[f]), what + " latency");
      account_latency.Merge(run_lat[f]);
    }
    ExpectSame(r.account.latency, SummarizeLatency(account_latency),
               "seed " + std::to_string(seed) + " account latency");
  }
}

// The unsummed forms: AddUnsummed + AddToSum and MergeUnsummed + AddToSum give what Add and
// Merge give when the sums are added in the same order.
TEST(CompletionHistograms, UnsummedAddAndMergeWithTheSumAddedMatchAddAndMerge) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 200; ++round) {
    sim::LogHistogram plain, unsummed, plain_run, unsummed_run;
    const int n = static_cast<int>(rng() % 400);
    double sum = 0;
    for (int i = 0; i < n; ++i) {
      const int64_t v = RandomValue(rng, 40);
      plain.Add(v);
      unsummed.AddUnsummed(v);
      sum += static_cast<double>(v < 0 ? 0 : v);
    }
    unsummed.AddToSum(sum);
    EXPECT_EQ(unsummed.count(), plain.count());
    EXPECT_EQ(unsummed.min(), plain.min());
    EXPECT_EQ(unsummed.max(), plain.max());
    EXPECT_EQ(unsummed.Mean(), plain.Mean());
    for (const double q : {0.0, 0.25, 0.5, 0.9, 0.99, 0.999, 1.0})
      EXPECT_EQ(unsummed.Quantile(q), plain.Quantile(q)) << q;
    plain_run.Merge(plain);
    unsummed_run.MergeUnsummed(unsummed);
    unsummed_run.AddToSum(sum);
    EXPECT_EQ(unsummed_run.Mean(), plain_run.Mean());
    EXPECT_EQ(unsummed_run.Quantile(0.5), plain_run.Quantile(0.5));
  }
}

}  // namespace
}  // namespace lambdasim
