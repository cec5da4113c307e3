// tests/regression/bucket_max_boundary_test.cc — guards issue 16 (lesser fault): a bucket's
// maximum of a level (concurrency, account concurrency, …) counted a request that ended
// exactly at the bucket's start. Buckets are [k·b, (k+1)·b): one 1 s request on [0 s, 1 s)
// with 1 s buckets is busy in bucket 0 only, so the hand-derived maxima are 1, 0, 0 for the
// function and for the account series.
#include <gtest/gtest.h>

#include "models/metrics/metrics_recorder.h"

namespace lambdasim {
namespace {

TEST(Regression, BucketMaxIgnoresRequestEndingAtBucketStart) {
  const sim::Duration second = sim::DurationFromSeconds(1);
  MetricsRecorder rec({"f"}, second, sim::Time() + second * 3);
  const sim::Time t0 = sim::Time();
  const sim::Time t1 = t0 + second;
  rec.Advance(t0);
  rec.concurrency(0).Add(t0, 1);
  rec.account_concurrency().Add(t0, 1);
  rec.Advance(t1);  // the request ends exactly at the start of bucket 1
  rec.concurrency(0).Add(t1, -1);
  rec.account_concurrency().Add(t1, -1);
  const RunResult r = rec.Finish(t0 + second * 3);
  ASSERT_EQ(r.function_rows.size(), 3u);
  ASSERT_EQ(r.account_rows.size(), 3u);
  EXPECT_EQ(r.function_rows[0].concurrent_executions_max, 1);
  EXPECT_EQ(r.function_rows[1].concurrent_executions_max, 0);
  EXPECT_EQ(r.function_rows[2].concurrent_executions_max, 0);
  EXPECT_EQ(r.account_rows[0].concurrent_executions_max, 1);
  EXPECT_EQ(r.account_rows[1].concurrent_executions_max, 0);
  EXPECT_EQ(r.account_rows[2].concurrent_executions_max, 0);
  // The averages were right before and stay right: busy for all of bucket 0, none of 1.
  EXPECT_DOUBLE_EQ(r.function_rows[0].concurrent_executions_avg, 1.0);
  EXPECT_DOUBLE_EQ(r.function_rows[1].concurrent_executions_avg, 0.0);
}

// A level that is still held after the boundary does count in the next bucket, and a
// level set and released inside a bucket counts in that bucket.
TEST(Regression, BucketMaxKeepsLevelHeldAcrossBoundary) {
  const sim::Duration second = sim::DurationFromSeconds(1);
  const sim::Duration half = sim::DurationFromSeconds(0.5);
  MetricsRecorder rec({"f"}, second, sim::Time() + second * 3);
  const sim::Time t0 = sim::Time();
  rec.Advance(t0);
  rec.concurrency(0).Add(t0, 2);
  rec.Advance(t0 + second + half);  // held over the boundary at 1 s
  rec.concurrency(0).Add(t0 + second + half, -2);
  rec.Advance(t0 + second * 2 + half);  // an instant spike inside bucket 2
  rec.concurrency(0).Add(t0 + second * 2 + half, 3);
  rec.concurrency(0).Add(t0 + second * 2 + half, -3);
  const RunResult r = rec.Finish(t0 + second * 3);
  ASSERT_EQ(r.function_rows.size(), 3u);
  EXPECT_EQ(r.function_rows[0].concurrent_executions_max, 2);
  EXPECT_EQ(r.function_rows[1].concurrent_executions_max, 2);
  EXPECT_EQ(r.function_rows[2].concurrent_executions_max, 3);
}

}  // namespace
}  // namespace lambdasim
