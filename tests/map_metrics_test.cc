// Tests that the tools which read flat metrics know Step Functions Map entries (issue 18's
// leftover "expect: cannot name maps.*; sweeps and diff don't know Map entries"):
// `expect:` accepts maps.<label>.<key> (a traffic entry's label, or "<caller>/calls/<k>" for a
// function's calls: entry) and refuses unknown labels and keys at file:line:col; `check`
// measures them; summary.json's "maps" round-trips through the summary reader in the same
// order as FlatMetricNames/FlatMetricValues (so sweeps' runs.csv and `diff` carry them); and
// `diff` reads more failed runs or item throttles as worse. The measured values are checked
// against hand-derived numbers (1 000 items of 1 s at 100 in flight: peak 100, run 10 s).
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "models/analysis/diff.h"
#include "models/load/scenario_loader.h"
#include "models/output/output_writer.h"
#include "models/output/summary_reader.h"
#include "models/run/runner.h"
#include "models/run/sweep.h"
#include "tests/diagnostics_test_util.h"

namespace lambdasim {
namespace {

using testing::All;
using testing::Errors;

// One run a minute (uniform: the first at 30 s; the run ends at 40 s) of 1 000 one-second
// items, at most 100 in flight; and an orchestrator whose calls: entry runs a 20-item Map.
std::string Scenario(const std::string& expect) {
  return R"(name: mapexpect
duration: 1m
seed: 5
functions:
  item:
    duration: 1s
    init_duration: 0s
  orch:
    duration: 100ms
    init_duration: 0s
    calls:
      - map: { function: item, items: 20, max_concurrency: 5 }
traffic:
  - label: fanout
    rate: 1/min
    arrivals: uniform
    map: { function: item, items: 1000, max_concurrency: 100, kind: distributed }
  - function: orch
    rate: 1/min
    arrivals: uniform
expect:
)" + expect;
}

TEST(MapMetrics, MapEntryLabelsFollowTheSummaryOrder) {
  const ScenarioSpec spec =
      LoadScenarioString(Scenario("  - maps.fanout.runs_failed == 0\n"), "t.yaml");
  const std::vector<std::string> labels = MapEntryLabels(spec);
  ASSERT_EQ(labels, (std::vector<std::string>{"fanout", "orch/calls/0"}));
  const RunResult r = RunScenario(spec);
  ASSERT_EQ(r.maps.size(), 2u);
  EXPECT_EQ(r.maps[0].label, labels[0]);
  EXPECT_EQ(r.maps[1].label, labels[1]);
}

TEST(MapMetrics, ExpectMeasuresAMapEntrysMetrics) {
  const ScenarioSpec spec =
      LoadScenarioString(Scenario(R"(  - maps.fanout.items_in_flight_max == 100
  - maps.fanout.run_duration_max_ms == 10000
  - maps.fanout.runs_failed == 0
  - maps.orch/calls/0.items == 20
  - maps.fanout.items_in_flight_max < 100
)"),
                         "t.yaml");
  ASSERT_EQ(spec.expect.size(), 5u);
  const RunResult r = RunScenario(spec);
  const auto outcomes = analysis::EvaluateExpectations(spec, r);
  ASSERT_EQ(outcomes.size(), 5u);
  // Hand-derived: 10 waves of 100 one-second items; 20 items in the orchestrator's one run.
  EXPECT_EQ(outcomes[0].measured, 100.0);
  EXPECT_TRUE(outcomes[0].ok);
  EXPECT_NEAR(outcomes[1].measured, 10000.0, 1e-6);
  EXPECT_EQ(outcomes[2].measured, 0.0);
  EXPECT_TRUE(outcomes[2].ok);
  EXPECT_EQ(outcomes[3].measured, 20.0);
  EXPECT_TRUE(outcomes[3].ok);
  EXPECT_FALSE(outcomes[4].ok);  // the peak is exactly 100
  for (const auto& o : outcomes) EXPECT_FALSE(std::isnan(o.measured)) << o.expectation->text;
}

TEST(MapMetrics, ExpectRefusesUnknownMapLabelsAndKeysAtTheirLine) {
  const auto d = Errors(Scenario(R"(  - maps.fanuot.runs_failed == 0
  - maps.fanout.run_failed == 0
  - maps.orch/calls/1.items == 20
)"));
  const std::string all = All(d);
  ASSERT_EQ(d.size(), 3u) << all;
  EXPECT_EQ(d[0].line, 22) << all;
  EXPECT_EQ(d[0].column, 5) << all;
  EXPECT_NE(d[0].message.find("no Step Functions Map entry 'fanuot'"), std::string::npos) << all;
  EXPECT_NE(d[0].message.find("did you mean 'fanout'"), std::string::npos) << all;
  EXPECT_EQ(d[1].line, 23) << all;
  EXPECT_NE(d[1].message.find("unknown Map metric 'run_failed'"), std::string::npos) << all;
  EXPECT_NE(d[1].message.find("runs_failed"), std::string::npos) << all;
  EXPECT_EQ(d[2].line, 24) << all;
  EXPECT_NE(d[2].message.find("'orch/calls/1'"), std::string::npos) << all;
}

TEST(MapMetrics, ExpectOnMapsWithoutMapEntriesSaysSo) {
  const auto d = Errors(R"(functions:
  api:
    duration: 100ms
traffic:
  - function: api
    rate: 10
expect:
  - maps.api.runs_failed == 0
)");
  ASSERT_EQ(d.size(), 1u) << All(d);
  EXPECT_EQ(d[0].line, 8);
  EXPECT_NE(d[0].message.find("it has no map: entries"), std::string::npos) << All(d);
}

TEST(MapMetrics, SummaryMapsRoundTripInFlatMetricOrder) {
  const ScenarioSpec spec =
      LoadScenarioString(Scenario("  - maps.fanout.runs_failed == 0\n"), "t.yaml");
  const RunResult r = RunScenario(spec);
  const FlatSummary flat = FlattenSummary(ParseJson(RenderSummaryJson(r, spec)));
  const std::vector<std::string> names = FlatMetricNames({"item", "orch"}, MapEntryLabels(spec));
  const std::vector<double> values = FlatMetricValues(r);
  ASSERT_EQ(names.size(), values.size());
  ASSERT_EQ(flat.metrics.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(flat.metrics[i].first, names[i]);
    if (std::isnan(values[i])) {
      EXPECT_TRUE(std::isnan(flat.metrics[i].second)) << names[i];
    } else {
      EXPECT_NEAR(flat.metrics[i].second, values[i], 1e-9 * std::max(1.0, std::fabs(values[i])))
          << names[i];
    }
  }
  EXPECT_NE(std::find(names.begin(), names.end(), "maps.orch/calls/0.items_in_flight_max"),
            names.end());
}

TEST(MapMetrics, DiffReadsMoreMapFailuresAsWorse) {
  for (const char* key :
       {"runs_failed", "item_throttles", "item_retries", "item_failures", "run_duration_p99_ms"})
    EXPECT_EQ(analysis::DirectionOf(key), analysis::Direction::kHigherIsWorse) << key;
  EXPECT_EQ(analysis::DirectionOf("runs_completed"), analysis::Direction::kNeutral);
}

}  // namespace
}  // namespace lambdasim
