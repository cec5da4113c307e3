// tests/diff_test.cc — the judging behind `lambdasim check` and `lambdasim diff`
// (models/analysis/diff.h): threshold operators and NaN, expectations against a run, which
// direction of change is a regression, tolerance parsing and precedence, and the row list.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "models/analysis/diff.h"
#include "tests/diff_test_util.h"

namespace lambdasim::analysis {
namespace {

using testing::Row;
using testing::Summary;

const double kNaN = std::nan("");

TEST(CheckThresholds, OperatorsAndNaN) {
  EXPECT_TRUE(ExpectHolds(ExpectOp::kLess, 1, 2));
  EXPECT_FALSE(ExpectHolds(ExpectOp::kLess, 2, 2));
  EXPECT_TRUE(ExpectHolds(ExpectOp::kLessEqual, 2, 2));
  EXPECT_FALSE(ExpectHolds(ExpectOp::kLessEqual, 2.5, 2));
  EXPECT_TRUE(ExpectHolds(ExpectOp::kGreater, 3, 2));
  EXPECT_FALSE(ExpectHolds(ExpectOp::kGreater, 2, 2));
  EXPECT_TRUE(ExpectHolds(ExpectOp::kGreaterEqual, 2, 2));
  EXPECT_TRUE(ExpectHolds(ExpectOp::kEqual, 0, 0));
  EXPECT_FALSE(ExpectHolds(ExpectOp::kEqual, 0, 1e-12));
  // A missing metric (NaN) never holds, whichever way the operator points.
  for (ExpectOp op : {ExpectOp::kLess, ExpectOp::kLessEqual, ExpectOp::kGreater,
                      ExpectOp::kGreaterEqual, ExpectOp::kEqual})
    EXPECT_FALSE(ExpectHolds(op, kNaN, 0));
  EXPECT_STREQ(ExpectOpText(ExpectOp::kLessEqual), "<=");
  EXPECT_STREQ(ExpectOpText(ExpectOp::kGreater), ">");
  EXPECT_STREQ(ExpectOpText(ExpectOp::kEqual), "==");
}

TEST(CheckThresholds, ExpectationsAreJudgedOnTheRunsFlatMetrics) {
  ScenarioSpec spec;
  FunctionSpec f;
  f.name = "api";
  spec.functions.push_back(f);
  auto expect = [&](const std::string& metric, ExpectOp op, double threshold) {
    Expectation e;
    e.metric = metric;
    e.op = op;
    e.threshold = threshold;
    spec.expect.push_back(e);
  };
  expect("functions.api.throttle_rate", ExpectOp::kLessEqual, 0.01);
  expect("functions.api.throttle_rate", ExpectOp::kLess, 0.001);
  expect("account.invocations", ExpectOp::kGreaterEqual, 100);
  expect("functions.api.no_such_metric", ExpectOp::kGreaterEqual, 0);
  RunResult r;
  r.function_names = {"api"};
  r.functions.resize(1);
  r.functions[0].throttle_rate = 0.005;
  r.account.invocations = 150;
  const std::vector<ThresholdOutcome> out = EvaluateExpectations(spec, r);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].expectation, &spec.expect[0]);
  EXPECT_DOUBLE_EQ(out[0].measured, 0.005);
  EXPECT_TRUE(out[0].ok);
  EXPECT_FALSE(out[1].ok);
  EXPECT_DOUBLE_EQ(out[2].measured, 150);
  EXPECT_TRUE(out[2].ok);
  EXPECT_TRUE(std::isnan(out[3].measured));
  EXPECT_FALSE(out[3].ok);
}

TEST(DiffDirection, HigherIsWorseForCostsLatenciesAndFailures) {
  for (const char* k :
       {"throttle_rate", "throttles", "cold_start_rate", "cold_starts", "errors", "timeouts",
        "client_retries", "client_failures", "gateway_timeouts", "latency_p99_ms",
        "duration_p50_ms", "cost_usd", "provisioned_concurrency_spillover_invocations"})
    EXPECT_EQ(DirectionOf(k), Direction::kHigherIsWorse) << k;
  for (const char* k : {"invocations", "requests", "concurrency_max", "concurrency_mean"})
    EXPECT_EQ(DirectionOf(k), Direction::kNeutral) << k;
  EXPECT_EQ(MetricKey("functions.api.throttle_rate"), "throttle_rate");
  EXPECT_EQ(MetricKey("throttle_rate"), "throttle_rate");
}

TEST(DiffTolerance, ParsesNamesDefaultsAndRejectsMalformedText) {
  DiffTolerances t;
  EXPECT_TRUE(AddTolerance("latency_p99_ms=0.1", &t));
  EXPECT_TRUE(AddTolerance("functions.api.cost_usd=0.02", &t));
  EXPECT_TRUE(AddTolerance("default=0.2", &t));
  EXPECT_DOUBLE_EQ(t.default_relative, 0.2);
  EXPECT_TRUE(AddTolerance("*=0.3", &t));
  EXPECT_DOUBLE_EQ(t.default_relative, 0.3);
  EXPECT_TRUE(AddTolerance("x=0", &t));
  EXPECT_EQ(t.relative.size(), 3u);
  for (const char* bad :
       {"latency", "=0.1", "x=", "x=-0.1", "x=abc", "x=0.1y", "x=inf", "x=nan", "x=1e999"})
    EXPECT_FALSE(AddTolerance(bad, &t)) << bad;
  EXPECT_EQ(t.relative.size(), 3u);  // a rejected entry changes nothing
}

TEST(DiffTolerance, FullPathBeatsBareKeyBeatsDefault) {
  DiffTolerances t;
  t.default_relative = 0.05;
  t.relative["latency_p99_ms"] = 0.1;
  t.relative["functions.api.latency_p99_ms"] = 0.2;
  EXPECT_DOUBLE_EQ(ToleranceOf(t, "functions.api.latency_p99_ms"), 0.2);
  EXPECT_DOUBLE_EQ(ToleranceOf(t, "functions.web.latency_p99_ms"), 0.1);
  EXPECT_DOUBLE_EQ(ToleranceOf(t, "functions.web.cost_usd"), 0.05);
}

TEST(DiffTolerance, UnknownNamesAreReportedForHints) {
  const FlatSummary base = Summary({{"functions.api.throttle_rate", 0}, {"account.cost_usd", 1}});
  DiffTolerances t;
  t.relative["throttle_rate"] = 0.1;
  t.relative["account.cost_usd"] = 0.1;
  EXPECT_EQ(UnknownTolerance(t, base), std::nullopt);
  t.relative["throtle_rate"] = 0.1;
  EXPECT_EQ(UnknownTolerance(t, base), std::optional<std::string>("throtle_rate"));
  const std::vector<std::string> cands = ToleranceCandidates(base);
  EXPECT_EQ(cands, (std::vector<std::string>{"functions.api.throttle_rate", "throttle_rate",
                                             "account.cost_usd", "cost_usd"}));
}

TEST(DiffSummaries, RegressionIsAWorseningBeyondToleranceInTheBadDirection) {
  const FlatSummary base = Summary({{"functions.api.throttle_rate", 0.01},
                                    {"functions.api.cold_start_rate", 0.2},
                                    {"functions.api.latency_p99_ms", 100},
                                    {"functions.api.duration_p50_ms", 100},
                                    {"functions.api.invocations", 1000},
                                    {"functions.api.errors", 5},
                                    {"account.cost_usd", 0}});
  const FlatSummary next = Summary({{"functions.api.throttle_rate", 0.02},   // +100 %: worse
                                    {"functions.api.cold_start_rate", 0.1},  // −50 %: better
                                    {"functions.api.latency_p99_ms", 104},   // +4 %: within 5 %
                                    {"functions.api.duration_p50_ms", 106},  // +6 %: worse
                                    {"functions.api.invocations", 2000},     // neutral
                                    {"functions.api.errors", 5},             // same
                                    {"account.cost_usd", 1}});               // from 0: +inf
  const DiffResult d = DiffSummaries(base, next, DiffTolerances{}, false);
  EXPECT_EQ(Row(d, "functions.api.throttle_rate").verdict, Verdict::kRegression);
  EXPECT_EQ(Row(d, "functions.api.throttle_rate").verdict_text, "REGRESSION");
  EXPECT_EQ(Row(d, "functions.api.throttle_rate").change, "+100.00%");
  // Fewer cold starts while throttles rose is a consequence, not an improvement (rule 6).
  EXPECT_EQ(Row(d, "functions.api.cold_start_rate").verdict, Verdict::kConsequence);
  EXPECT_EQ(Row(d, "functions.api.cold_start_rate").change, "-50.00%");
  EXPECT_EQ(Row(d, "functions.api.latency_p99_ms").verdict, Verdict::kWithin);
  EXPECT_EQ(Row(d, "functions.api.latency_p99_ms").verdict_text, "within 5%");
  EXPECT_EQ(Row(d, "functions.api.duration_p50_ms").verdict, Verdict::kRegression);
  EXPECT_EQ(Row(d, "functions.api.invocations").verdict, Verdict::kChanged);
  EXPECT_EQ(Row(d, "account.cost_usd").verdict, Verdict::kRegression);
  EXPECT_EQ(Row(d, "account.cost_usd").change, "+inf");
  EXPECT_EQ(d.regressions, 3u);
  EXPECT_EQ(d.improvements, 0u);
  EXPECT_EQ(d.consequences, 1u);
  EXPECT_EQ(d.rows.size(), 6u);  // the unchanged errors row is left out

  // The same pair the other way round: regressions become improvements.
  const DiffResult back = DiffSummaries(next, base, DiffTolerances{}, false);
  EXPECT_EQ(Row(back, "functions.api.throttle_rate").verdict, Verdict::kImproved);
  EXPECT_EQ(Row(back, "functions.api.cold_start_rate").verdict, Verdict::kRegression);
  EXPECT_EQ(Row(back, "account.cost_usd").verdict, Verdict::kImproved);
  EXPECT_EQ(back.regressions, 1u);
  EXPECT_EQ(back.improvements, 3u);
}

TEST(DiffSummaries, TolerancesWidenTheBandAndNaNAlwaysCounts) {
  const FlatSummary base = Summary({{"functions.api.latency_p99_ms", 100},
                                    {"functions.api.throttle_rate", 0.01},
                                    {"functions.api.cold_start_rate", kNaN},
                                    {"functions.api.concurrency_mean", kNaN}});
  const FlatSummary next = Summary({{"functions.api.latency_p99_ms", 106},
                                    {"functions.api.throttle_rate", kNaN},
                                    {"functions.api.cold_start_rate", 0.1},
                                    {"functions.api.concurrency_mean", kNaN}});
  DiffTolerances t;
  ASSERT_TRUE(AddTolerance("latency_p99_ms=0.1", &t));
  const DiffResult d = DiffSummaries(base, next, t, true);
  EXPECT_EQ(Row(d, "functions.api.latency_p99_ms").verdict, Verdict::kWithin);
  EXPECT_EQ(Row(d, "functions.api.latency_p99_ms").verdict_text, "within 10%");
  // A metric that became NaN is a regression; one that stopped being NaN is an improvement.
  EXPECT_EQ(Row(d, "functions.api.throttle_rate").verdict, Verdict::kRegression);
  EXPECT_EQ(Row(d, "functions.api.throttle_rate").next, "n/a");
  EXPECT_EQ(Row(d, "functions.api.throttle_rate").change, "n/a");
  EXPECT_EQ(Row(d, "functions.api.cold_start_rate").verdict, Verdict::kImproved);
  // NaN on both sides is "same" (listed with include_unchanged).
  EXPECT_EQ(Row(d, "functions.api.concurrency_mean").verdict, Verdict::kSame);
  EXPECT_EQ(Row(d, "functions.api.concurrency_mean").change, "0%");
  EXPECT_EQ(d.regressions, 1u);
}

TEST(DiffSummaries, MetricsInOnlyOneFileAreListedInOrder) {
  const FlatSummary base = Summary({{"functions.a.errors", 1}, {"functions.b.errors", 2}});
  const FlatSummary next = Summary({{"functions.b.errors", 2}, {"functions.c.errors", 3}});
  const DiffResult d = DiffSummaries(base, next, DiffTolerances{}, false);
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[0].metric, "functions.a.errors");
  EXPECT_EQ(d.rows[0].verdict, Verdict::kOnlyInBase);
  EXPECT_EQ(d.rows[0].next, "-");
  EXPECT_EQ(d.rows[1].metric, "functions.c.errors");
  EXPECT_EQ(d.rows[1].verdict, Verdict::kOnlyInNew);
  EXPECT_EQ(d.rows[1].base, "-");
  EXPECT_EQ(d.regressions, 0u);  // appearing or vanishing is listed, not counted
}

// API Gateway refusing more requests is a regression, and the fewer Lambda throttles and
// lower cost it causes are its consequences, not improvements (issue 18).
TEST(DiffSummaries, FewerLambdaThrottlesBehindMoreGatewayThrottlesAreAConsequence) {
  const FlatSummary base = Summary({{"functions.api.gateway_throttles", 1000},
                                    {"functions.api.throttles", 500},
                                    {"functions.api.cost_usd", 10}});
  const FlatSummary next = Summary({{"functions.api.gateway_throttles", 5000},
                                    {"functions.api.throttles", 100},
                                    {"functions.api.cost_usd", 8}});
  const DiffResult d = DiffSummaries(base, next, DiffTolerances{}, false);
  EXPECT_EQ(Row(d, "functions.api.gateway_throttles").verdict, Verdict::kRegression);
  EXPECT_EQ(Row(d, "functions.api.throttles").verdict, Verdict::kConsequence);
  EXPECT_EQ(Row(d, "functions.api.throttles").verdict_text, "consequence of more API Gateway 429s");
  EXPECT_EQ(Row(d, "functions.api.cost_usd").verdict, Verdict::kConsequence);
  EXPECT_EQ(d.regressions, 1u);
  EXPECT_EQ(d.improvements, 0u);
}

}  // namespace
}  // namespace lambdasim::analysis
