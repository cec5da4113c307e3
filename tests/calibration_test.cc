// tests/calibration_test.cc — the `observed:` series and observed-vs-simulated (issue 15 item 7):
// the CSV reader's rules, the loader key, Calibrate's sums/maxima/errors against hand-computed
// values, an end-to-end run against a Poisson bound, the report section and calibration.csv.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "models/load/scenario_loader.h"
#include "models/metrics/calibration.h"
#include "models/output/report_html.h"
#include "models/output/summary_table.h"
#include "models/run/runner.h"
#include "models/workload/observed_reader.h"

namespace lambdasim {
namespace {

namespace fs = std::filesystem;

class ObservedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("observed_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  // Reads `text` as an observed CSV with the given bucket; the diagnostics land in errors_.
  bool Read(const std::string& text, sim::Duration bucket = sim::Duration::Seconds(60)) {
    errors_.clear();
    series_ = ObservedSeries{};
    return ReadObservedCsv(Write("o.csv", text), bucket, &series_, &errors_);
  }
  std::string Errors() const {
    std::string s;
    for (const auto& d : errors_) s += d.Format() + "\n";
    return s;
  }
  fs::path dir_;
  ObservedSeries series_;
  std::vector<Diagnostic> errors_;
};

TEST_F(ObservedTest, ReadsTheImportersLayoutWithEmptyCellsAsNotMeasured) {
  ASSERT_TRUE(
      Read("period_start_s,timestamp,observed_invocations,concurrency_max,throttles\n"
           "0,2026-11-30T10:00:00Z,6000,21,\n"
           "60,2026-11-30T10:01:00Z,6100,,0\n"
           "120,2026-11-30T10:02:00Z,0,0,3\n"))
      << Errors();
  EXPECT_EQ(series_.period, sim::Duration::Seconds(60));
  ASSERT_EQ(series_.periods.size(), 3u);
  EXPECT_EQ(series_.periods[1].start_s, 60);
  EXPECT_EQ(series_.periods[1].invocations, 6100);
  EXPECT_TRUE(std::isnan(series_.periods[1].concurrency_max));
  EXPECT_TRUE(std::isnan(series_.periods[0].throttles));
  EXPECT_EQ(series_.periods[2].throttles, 3);
}

TEST_F(ObservedTest, AcceptsAUtf8ByteOrderMarkAndAnyColumnOrder) {
  ASSERT_TRUE(
      Read("\xEF\xBB\xBF"
           "concurrency_max,period_start_s\n5,0\n7,300\n"))
      << Errors();
  EXPECT_EQ(series_.period, sim::Duration::Seconds(300));
  EXPECT_EQ(series_.periods[1].concurrency_max, 7);
}

TEST_F(ObservedTest, ASingleRowTakesTheBucketAsItsPeriod) {
  ASSERT_TRUE(Read("period_start_s,throttles\n0,4\n", sim::Duration::Seconds(30))) << Errors();
  EXPECT_EQ(series_.period, sim::Duration::Seconds(30));
}

TEST_F(ObservedTest, RejectsBadFilesWithLineAndColumn) {
  EXPECT_FALSE(Read("period_start_s,invocatons\n0,1\n"));
  EXPECT_NE(Errors().find("o.csv:1:16: unknown column 'invocatons'"), std::string::npos)
      << Errors();
  EXPECT_FALSE(Read("observed_invocations\n1\n"));
  EXPECT_NE(Errors().find("no period_start_s column"), std::string::npos) << Errors();
  EXPECT_FALSE(Read("period_start_s,timestamp\n0,x\n"));
  EXPECT_NE(Errors().find("names no measurement"), std::string::npos) << Errors();
  EXPECT_FALSE(Read("period_start_s,throttles\n0,1\n60,-2\n"));
  EXPECT_NE(Errors().find("o.csv:3:4: throttles '-2' is not a number >= 0"), std::string::npos)
      << Errors();
  EXPECT_FALSE(Read("period_start_s,throttles\n0,1\n60,2\n180,2\n"));
  EXPECT_NE(Errors().find("o.csv:4:1: period_start_s '180' is 2m after line 3's; periods must "
                          "be evenly spaced (1m)"),
            std::string::npos)
      << Errors();
  EXPECT_FALSE(Read("period_start_s,throttles\n60,1\n0,2\n"));
  EXPECT_NE(Errors().find("o.csv:3:1: period_start_s '0' does not come after line 2's"),
            std::string::npos)
      << Errors();
  EXPECT_FALSE(Read("period_start_s,throttles\n0,1\n90,2\n"));
  EXPECT_NE(Errors().find("is not a multiple of the scenario's bucket 1m"), std::string::npos)
      << Errors();
  EXPECT_FALSE(Read("period_start_s,throttles\n"));
  EXPECT_NE(Errors().find("no periods after the header"), std::string::npos) << Errors();
  EXPECT_FALSE(Read("period_start_s,throttles\n0,1,2\n"));
  EXPECT_NE(Errors().find("o.csv:2:5: row has 3 fields; the header has 2"), std::string::npos)
      << Errors();
}

constexpr const char* kScenario = R"(name: cal
duration: 10m
bucket: 1m
seed: 7
functions:
  api:
    duration: { dist: exponential, mean: 200ms }
    init_duration: 0s
    observed: obs/api.csv
traffic:
  - function: api
    rate: 100
)";

std::string ObservedCsv(int periods, double invocations, double conc) {
  std::string s = "period_start_s,timestamp,observed_invocations,concurrency_max,throttles\n";
  for (int k = 0; k < periods; ++k)
    s += std::to_string(60 * k) + ",t," + std::to_string(static_cast<int64_t>(invocations)) + "," +
         std::to_string(static_cast<int64_t>(conc)) + ",0\n";
  return s;
}

TEST_F(ObservedTest, TheKeyResolvesAgainstTheScenarioAndReportsAMissingFileAtTheKey) {
  const std::string scenario = Write("s.yaml", kScenario);
  try {
    LoadScenarioFile(scenario);
    FAIL() << "a missing observed file must be refused";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("s.yaml:9:15: 'observed': file 'obs/api.csv' not found"),
              std::string::npos)
        << e.what();
  }
  fs::create_directories(dir_ / "obs");
  Write("obs/api.csv", ObservedCsv(10, 6000, 30));
  const ScenarioSpec spec = LoadScenarioFile(scenario);
  ASSERT_EQ(spec.functions[0].observed.periods.size(), 10u);
  EXPECT_EQ(spec.functions[0].observed.file_text, "obs/api.csv");
  // A period that the bucket does not divide is refused at load time (file:line:col).
  try {
    LoadScenarioFile(scenario, {ParseOverride("bucket=7s")});
    FAIL() << "bucket 7 s does not divide a 60 s period";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("api.csv:3:1: the period 1m"), std::string::npos)
        << e.what();
  }
}

// Calibrate against a hand-built run: 10 s buckets, observed periods of 30 s.
TEST(Calibration, SumsCountsTakesMaximaAndComputesErrorsPerPeriod) {
  ScenarioSpec spec;
  spec.duration = sim::Duration::Seconds(60);
  spec.bucket = sim::Duration::Seconds(10);
  FunctionSpec f;
  f.name = "api";
  f.observed.file = "/x/api.csv";
  f.observed.file_text = "api.csv";
  f.observed.period = sim::Duration::Seconds(30);
  for (double t : {0.0, 30.0, 60.0}) {
    ObservedPeriod p;
    p.start_s = t;
    p.invocations = t == 0 ? 50 : 40;
    p.concurrency_max = t == 0 ? 4 : 0;
    f.observed.periods.push_back(p);
  }
  spec.functions.push_back(f);
  RunResult r;
  r.function_names = {"api"};
  r.bucket_seconds = 10;
  r.functions.resize(1);
  r.functions[0].concurrency_limit = 900;
  // Buckets 0..5: invocations 10,20,30 | 5,5,5; max 1,5,2 | 0,0,1; throttles 0,1,0 | 0,0,2.
  const uint64_t inv[] = {10, 20, 30, 5, 5, 5};
  const int64_t mx[] = {1, 5, 2, 0, 0, 1};
  const uint64_t thr[] = {0, 1, 0, 0, 0, 2};
  for (int b = 0; b < 6; ++b) {
    FunctionBucketRow row;
    row.t_s = 10.0 * b;
    row.invocations = inv[b];
    row.concurrent_executions_max = mx[b];
    row.throttles = thr[b];
    r.function_rows.push_back(row);
  }
  const auto cal = Calibrate(r, spec);
  ASSERT_EQ(cal.size(), 1u);
  const FunctionCalibration& c = cal[0];
  ASSERT_EQ(c.periods.size(), 2u);   // 0 s and 30 s lie inside the 60 s run
  EXPECT_EQ(c.periods_outside, 1u);  // 60 s does not
  EXPECT_EQ(c.periods[0].simulated_invocations, 60u);
  EXPECT_EQ(c.periods[1].simulated_invocations, 15u);
  EXPECT_EQ(c.periods[0].simulated_concurrency_max, 5);
  EXPECT_EQ(c.periods[1].simulated_concurrency_max, 1);
  EXPECT_EQ(c.periods[0].simulated_throttles, 1u);
  EXPECT_EQ(c.periods[1].simulated_throttles, 2u);
  // Invocations: observed 50 + 40 = 90, simulated 75; errors +20 % and −62.5 % → MAPE 41.25 %.
  EXPECT_DOUBLE_EQ(c.invocations.observed_value, 90);
  EXPECT_DOUBLE_EQ(c.invocations.simulated_value, 75);
  EXPECT_DOUBLE_EQ(c.invocations.mape, (0.2 + 0.625) / 2);
  EXPECT_DOUBLE_EQ(c.invocations.worst_error, -0.625);
  EXPECT_DOUBLE_EQ(c.invocations.worst_start_s, 30);
  // Concurrency: peaks 4 vs 5; only period 0 has observed > 0 → MAPE 25 %.
  EXPECT_DOUBLE_EQ(c.concurrency_max.observed_value, 4);
  EXPECT_DOUBLE_EQ(c.concurrency_max.simulated_value, 5);
  EXPECT_DOUBLE_EQ(c.concurrency_max.mape, 0.25);
  EXPECT_EQ(c.concurrency_max.mape_periods, 1u);
  // Throttles were not observed: no measure.
  EXPECT_FALSE(c.throttles.observed);
  EXPECT_EQ(RenderCalibrationCsv(cal),
            "function,period_start_s,observed_invocations,simulated_invocations,"
            "observed_concurrency_max,simulated_concurrency_max,observed_throttles,"
            "simulated_throttles\n"
            "api,0,50,60,4,5,,1\n"
            "api,30,40,15,0,1,,2\n");
}

// End to end: Poisson 100/s for 10 one-minute periods, observed 6 000 per period. Each
// simulated period count is Poisson(6 000): within 5 sigma (5 × sqrt(6000) ≈ 387) of it, and
// the total within 5 × sqrt(60 000) ≈ 1 225 of 60 000.
TEST_F(ObservedTest, ARunIsComparedPeriodByPeriodInTheReportTableAndCsv) {
  fs::create_directories(dir_ / "obs");
  Write("obs/api.csv", ObservedCsv(10, 6000, 30));
  const ScenarioSpec spec = LoadScenarioFile(Write("s.yaml", kScenario));
  const RunResult r = RunScenario(spec);
  const auto cal = Calibrate(r, spec);
  ASSERT_EQ(cal.size(), 1u);
  ASSERT_EQ(cal[0].periods.size(), 10u);
  for (const auto& p : cal[0].periods)
    EXPECT_NEAR(static_cast<double>(p.simulated_invocations), 6000, 5 * std::sqrt(6000.0));
  EXPECT_NEAR(cal[0].invocations.simulated_value, 60000, 5 * std::sqrt(60000.0));
  EXPECT_DOUBLE_EQ(cal[0].invocations.simulated_value,
                   static_cast<double>(r.functions[0].invocations));
  // Concurrency: Little's law mean 20; the per-minute maximum of M/G/inf is well above it.
  for (const auto& p : cal[0].periods) EXPECT_GT(p.simulated_concurrency_max, 20);

  const std::string html = RenderReportHtml(r, spec);
  EXPECT_NE(html.find("<h2 id=\"observed-vs-simulated\">"), std::string::npos);
  EXPECT_NE(html.find("<section class=\"calibration\" data-function=\"api\">"), std::string::npos);
  for (const char* m :
       {"calibration_invocations", "calibration_concurrency", "calibration_throttles"}) {
    const std::string tag = std::string("data-metric=\"") + m + "\"";
    const size_t first = html.find(tag);
    ASSERT_NE(first, std::string::npos) << m;
    EXPECT_NE(html.find(tag, first + 1), std::string::npos) << m << " drawn for phones too";
  }
  const std::string table = FormatSummaryTable(r, spec);
  EXPECT_NE(table.find("observed vs simulated `api` (10 periods of 1m, obs/api.csv): invocations "),
            std::string::npos)
      << table;
}

TEST_F(ObservedTest, WithoutObservedDataNothingChanges) {
  std::string text = kScenario;
  text.erase(text.find("    observed: obs/api.csv\n"), 26);
  const ScenarioSpec spec = LoadScenarioFile(Write("s.yaml", text));
  const RunResult r = RunScenario(spec);
  EXPECT_TRUE(Calibrate(r, spec).empty());
  EXPECT_EQ(RenderReportHtml(r, spec).find("observed-vs-simulated"), std::string::npos);
  EXPECT_EQ(FormatSummaryTable(r, spec).find("observed vs simulated"), std::string::npos);
}

}  // namespace
}  // namespace lambdasim
