// tests/check_test.cc — `expect:` thresholds in the scenario loader, and the summary.json
// reader that `diff` uses.
#include <gtest/gtest.h>

#include <cmath>

#include "models/load/scenario_loader.h"
#include "models/output/output_writer.h"
#include "models/output/summary_reader.h"
#include "models/run/sweep.h"
#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

constexpr const char* kBase = R"(functions:
  api:
    duration: 100ms
traffic:
  - function: api
    rate: 10
)";

std::string Errors(const std::string& expect_block) {
  try {
    LoadScenarioString(std::string(kBase) + expect_block, "t.yaml");
  } catch (const ScenarioError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += d.Format() + "\n";
    return out;
  }
  return "";
}

TEST(Expect, ParsesScopesOperatorsAndLocations) {
  const ScenarioSpec s = LoadScenarioString(std::string(kBase) + R"(expect:
  - functions.api.throttle_rate <= 0.001
  - functions.api.latency_p99_ms<800
  - cost_usd <= 120
  - account.cold_start_rate >= 0
  - account.invocations > 1e2
  - functions.api.errors == 0
)",
                                            "t.yaml");
  ASSERT_EQ(s.expect.size(), 6u);
  EXPECT_EQ(s.expect[0].metric, "functions.api.throttle_rate");
  EXPECT_EQ(s.expect[0].op, ExpectOp::kLessEqual);
  EXPECT_DOUBLE_EQ(s.expect[0].threshold, 0.001);
  EXPECT_EQ(s.expect[0].location.line, 8);
  EXPECT_EQ(s.expect[0].location.column, 5);
  EXPECT_EQ(s.expect[1].op, ExpectOp::kLess);
  EXPECT_DOUBLE_EQ(s.expect[1].threshold, 800);
  EXPECT_EQ(s.expect[2].metric, "account.cost_usd");  // a bare key is the account's
  EXPECT_EQ(s.expect[3].op, ExpectOp::kGreaterEqual);
  EXPECT_EQ(s.expect[4].op, ExpectOp::kGreater);
  EXPECT_DOUBLE_EQ(s.expect[4].threshold, 100);
  EXPECT_EQ(s.expect[5].op, ExpectOp::kEqual);
}

TEST(Expect, InvalidThresholdsAreDiagnosedWithHints) {
  EXPECT_NE(Errors("expect:\n  - functions.apj.throttle_rate < 1\n")
                .find("t.yaml:8:5: expect 'functions.apj.throttle_rate < 1': no function 'apj' in "
                      "this scenario; did "
                      "you mean 'api'?"),
            std::string::npos);
  EXPECT_NE(
      Errors("expect:\n  - functions.api.throttle_rat < 1\n").find("did you mean 'throttle_rate'?"),
      std::string::npos);
  EXPECT_NE(Errors("expect:\n  - client_retries < 1\n")
                .find("is a per-function metric; write functions.<name>.client_retries"),
            std::string::npos);
  EXPECT_NE(
      Errors("expect:\n  - account.cost_usd < cheap\n").find("threshold 'cheap' is not a number"),
      std::string::npos);
  EXPECT_NE(Errors("expect:\n  - throttle_rate is small\n").find("expected 'metric op number'"),
            std::string::npos);
  EXPECT_NE(Errors("expect: throttle_rate < 1\n").find("'expect' must be a list"),
            std::string::npos);
  EXPECT_NE(Errors("expect:\n  - a.b.c.d < 1\n").find("must be functions.<name>.<key>"),
            std::string::npos);
}

TEST(SummaryReader, RoundTripsTheWrittenSummary) {
  auto spec = testing::BaseSpec(sim::Duration::Seconds(60));
  testing::AddFunction(spec, "api", sim::Distribution::Exponential(0.1));
  testing::AddFunction(spec, "worker", sim::Distribution::Constant(0.3));
  testing::AddTraffic(spec, "api", 50);
  testing::AddTraffic(spec, "worker", 5);
  const RunResult r = RunScenario(spec);
  const FlatSummary flat = FlattenSummary(ParseJson(RenderSummaryJson(r, spec)));
  const std::vector<std::string> names = FlatMetricNames({"api", "worker"});
  const std::vector<double> values = FlatMetricValues(r);
  ASSERT_EQ(flat.metrics.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(flat.metrics[i].first, names[i]);
    EXPECT_NEAR(flat.metrics[i].second, values[i], 1e-9 * std::max(1.0, std::fabs(values[i])))
        << names[i];
  }
}

TEST(SummaryReader, StrictJson) {
  const JsonValue v = ParseJson(R"({"a": [1, -2.5e3, true, null, "x\u00e9\n"], "b": {}})");
  ASSERT_EQ(v.members.size(), 2u);
  EXPECT_EQ(v.members[0].second.items[1].number, -2500);
  EXPECT_EQ(v.members[0].second.items[4].text, "x\xc3\xa9\n");
  EXPECT_THROW(ParseJson("{\"a\": 1,}"), JsonParseError);
  EXPECT_THROW(ParseJson("{\"a\": 01x}"), JsonParseError);
  EXPECT_THROW(ParseJson("[1] 2"), JsonParseError);
  EXPECT_THROW(ParseJson("\"unterminated"), JsonParseError);
}

}  // namespace
}  // namespace lambdasim
