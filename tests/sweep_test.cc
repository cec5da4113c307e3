// tests/sweep_test.cc — sweeps: enumeration (grid, zip), the sweep file loader, Student t
// quantiles and confidence intervals, serial = threaded = sharded-and-merged byte identity,
// and confidence intervals that cover the analytic Erlang B value.
#include "models/run/sweep.h"

#include "models/analysis/analytic.h"
#include "models/metrics/statistics.h"
#include "models/output/output_writer.h"
#include "tests/diagnostics_test_util.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace lambdasim {
namespace {

using testing::All;

namespace fs = std::filesystem;

fs::path TestDir(const std::string& name) {
  const char* env = std::getenv("LAMBDASIM_TEST_TMP");
  fs::path dir = fs::path(env ? env : ::testing::TempDir()) / ("sweep_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void WriteText(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

std::string ReadText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<Diagnostic> SweepErrors(const std::string& yaml) {
  try {
    LoadSweepString(yaml, "s.yaml", "");
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  ADD_FAILURE() << "expected a ScenarioError for:\n" << yaml;
  return {};
}

// --- enumeration -------------------------------------------------------------------------

TEST(SweepEnumeration, GridFirstKeySlowestReplicationFastest) {
  const SweepSpec s = LoadSweepString(R"(scenario: x.yaml
replications: 2
vary:
  functions.api.reserved_concurrency: [10, 20, 30]
  traffic.0.rate: [100, 200]
)",
                                      "s.yaml", "");
  EXPECT_EQ(VariantCount(s), 6u);
  EXPECT_EQ(RunCount(s), 12u);
  const RunId r = RunAt(s, 5);
  EXPECT_EQ(r.variant, 2u);
  EXPECT_EQ(r.replication, 1u);
  EXPECT_EQ(VariantValueIndices(s, 2), (std::vector<size_t>{1, 0}));
  EXPECT_EQ(VariantValueIndices(s, 5), (std::vector<size_t>{2, 1}));
  const auto o = VariantOverrides(s, 3);
  ASSERT_EQ(o.size(), 2u);
  EXPECT_EQ(o[0].path, "functions.api.reserved_concurrency");
  EXPECT_EQ(o[0].value, "20");
  EXPECT_EQ(o[1].path, "traffic.0.rate");
  EXPECT_EQ(o[1].value, "200");
}

TEST(SweepEnumeration, ZipTakesTheIthValueOfEveryKey) {
  const SweepSpec s = LoadSweepString(R"(scenario: x.yaml
mode: zip
vary:
  functions.api.reserved_concurrency: [10, 20, 30]
  traffic.0.rate: [100, 200, 300]
)",
                                      "s.yaml", "");
  EXPECT_EQ(VariantCount(s), 3u);
  EXPECT_EQ(RunCount(s), 3u);
  EXPECT_EQ(VariantValueIndices(s, 1), (std::vector<size_t>{1, 1}));
  EXPECT_EQ(VariantOverrides(s, 2)[1].value, "300");
}

TEST(SweepEnumeration, NoVaryMeansReplicationsOfTheBase) {
  const SweepSpec s = LoadSweepString("scenario: x.yaml\nreplications: 4\n", "s.yaml", "/base");
  EXPECT_EQ(VariantCount(s), 1u);
  EXPECT_EQ(RunCount(s), 4u);
  EXPECT_EQ(s.scenario_file, "/base/x.yaml");
}

TEST(SweepLoader, RangesAndStructuredValues) {
  const SweepSpec s = LoadSweepString(R"(scenario: x.yaml
vary:
  traffic.0.rate: { from: 100, to: 2000, steps: 20 }
  functions.api.error_rate: { from: 0, to: 1, steps: 3 }
  functions.api.duration: [{ dist: exponential, mean: 100ms }, 200ms]
)",
                                      "s.yaml", "");
  ASSERT_EQ(s.vary.size(), 3u);
  ASSERT_EQ(s.vary[0].values.size(), 20u);
  EXPECT_EQ(s.vary[0].values.front(), "100");
  EXPECT_EQ(s.vary[0].values[1], "200");
  EXPECT_EQ(s.vary[0].values.back(), "2000");
  EXPECT_EQ(s.vary[1].values, (std::vector<std::string>{"0", "0.5", "1"}));
  EXPECT_EQ(s.vary[2].values[0], "{dist: exponential, mean: 100ms}");
  EXPECT_EQ(s.vary[2].locations[1].line, 5);
}

TEST(SweepLoader, StrictDiagnosticsWithPositions) {
  auto d = SweepErrors("scenario: x.yaml\nreplicatons: 3\n");
  ASSERT_EQ(d.size(), 1u) << All(d);
  EXPECT_EQ(d[0].line, 2);
  EXPECT_EQ(d[0].column, 1);
  EXPECT_NE(d[0].message.find("did you mean 'replications'"), std::string::npos) << All(d);

  d = SweepErrors("vary:\n  a.b: [1]\n");
  EXPECT_NE(All(d).find("missing required key 'scenario'"), std::string::npos) << All(d);

  d = SweepErrors("scenario: x.yaml\nmode: zip\nvary:\n  a.b: [1, 2]\n  c.d: [1, 2, 3]\n");
  EXPECT_NE(All(d).find("s.yaml:5:3: mode: zip needs equally long value lists"), std::string::npos)
      << All(d);

  d = SweepErrors("scenario: x.yaml\nvary:\n  a.b: { from: 1, to: 2 }\n  c.d: []\n  e..f: [1]\n");
  EXPECT_NE(All(d).find("a range needs from, to and steps"), std::string::npos) << All(d);
  EXPECT_NE(All(d).find("s.yaml:4:8: 'c.d' has an empty value list"), std::string::npos) << All(d);
  EXPECT_NE(All(d).find("'e..f' is not a scenario path"), std::string::npos) << All(d);

  d = SweepErrors("scenario: x.yaml\nreplications: 0\nseed: -1\nmode: gird\n");
  EXPECT_NE(All(d).find("s.yaml:2:15: 'replications' = 0 is out of range"), std::string::npos)
      << All(d);
  EXPECT_NE(All(d).find("s.yaml:3:7: 'seed' must not be negative"), std::string::npos) << All(d);
  EXPECT_NE(All(d).find("did you mean 'grid'"), std::string::npos) << All(d);
}

// --- statistics --------------------------------------------------------------------------

// P(0 < T < t) for Student's t with df degrees of freedom, by Simpson's rule.
double TCdfHalf(double t, double df) {
  const double c = std::exp(std::lgamma((df + 1) / 2) - std::lgamma(df / 2)) / std::sqrt(df * M_PI);
  auto f = [&](double x) { return c * std::pow(1 + x * x / df, -(df + 1) / 2); };
  const int n = 20000;
  const double h = t / n;
  double s = f(0) + f(t);
  for (int i = 1; i < n; ++i) s += f(i * h) * (i % 2 ? 4 : 2);
  return s * h / 3;
}

TEST(SweepStatistics, TQuantileMatchesTheDistribution) {
  for (uint64_t df : {1, 2, 3, 5, 10, 29, 30, 31, 40, 60, 100, 200, 1000}) {
    const double t = stats::StudentT975(static_cast<int>(df));
    EXPECT_NEAR(TCdfHalf(t, static_cast<double>(df)), 0.475, df == 1 ? 2e-5 : 2e-7)
        << "df=" << df << " t=" << t;
  }
  EXPECT_NEAR(stats::StudentT975(1000000), 1.959963984540054, 1e-5);
  EXPECT_GT(stats::StudentT975(30),
            stats::StudentT975(31));  // monotone across the table edge
  EXPECT_TRUE(std::isinf(stats::StudentT975(0)));
}

TEST(SweepStatistics, MeanSdAndStudentInterval) {
  const MeanCi m = ComputeMeanCi({1, 2, 3, 4});
  EXPECT_EQ(m.n, 4u);
  EXPECT_DOUBLE_EQ(m.mean, 2.5);
  EXPECT_NEAR(m.sd, std::sqrt(5.0 / 3.0), 1e-12);
  const double half = 3.182446305284263 * std::sqrt(5.0 / 3.0) / 2;
  EXPECT_NEAR(m.ci95_lo, 2.5 - half, 1e-12);
  EXPECT_NEAR(m.ci95_hi, 2.5 + half, 1e-12);
  const MeanCi one = ComputeMeanCi({7});
  EXPECT_EQ(one.mean, 7);
  EXPECT_TRUE(std::isnan(one.sd));
  EXPECT_TRUE(std::isnan(one.ci95_lo));
}

TEST(SweepFiles, CsvRoundTripAndPoints) {
  const auto rows = ParseCsv("a,b,c\n1,\"x,\"\"y\"\"\",\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "x,\"y\"", ""}));
  EXPECT_EQ(CsvField("x,\"y\""), "\"x,\"\"y\"\"\"");

  RunsTable t;
  t.header = {"run", "variant", "replication", "p", "m", "event_fingerprint"};
  t.vary_columns = 1;
  t.rows = {{"0", "0", "0", "10", "1", "f"},
            {"1", "0", "1", "10", "3", "f"},
            {"2", "1", "0", "20", "5", "f"},
            {"3", "1", "1", "20", "", "f"}};
  const std::string points = RenderPointsCsv(t);
  EXPECT_EQ(points,
            "variant,p,n,m_mean,m_sd,m_ci95_lo,m_ci95_hi\n"
            "0,10,2,2,1.41421,-10.7062,14.7062\n"
            "1,20,2,5,,,\n");
}

// --- whole sweeps ------------------------------------------------------------------------

constexpr const char* kScenario = R"(name: sweep-base
duration: 2m
seed: 7
bucket: 1m
functions:
  api:
    memory_mb: 512
    reserved_concurrency: 20
    duration: { dist: exponential, mean: 100ms }
    init_duration: { dist: constant, value: 200ms }
    keep_alive: 30s
traffic:
  - function: api
    rate: 150
)";

SweepPlan PlanFor(const fs::path& dir, const std::string& sweep_yaml) {
  WriteText(dir / "base.yaml", kScenario);
  WriteText(dir / "sweep.yaml", sweep_yaml);
  return PrepareSweep(LoadSweepFile((dir / "sweep.yaml").string()));
}

TEST(SweepRun, InvalidValueIsReportedAtItsSweepFilePosition) {
  const fs::path dir = TestDir("invalid");
  try {
    PlanFor(dir,
            "scenario: base.yaml\nvary:\n  functions.api.reserved_concurrency: [10, -5, 20]\n");
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u) << All(e.diagnostics());
    const Diagnostic& d = e.diagnostics()[0];
    EXPECT_EQ(d.file, (dir / "sweep.yaml").string());
    EXPECT_EQ(d.line, 3);
    EXPECT_EQ(d.column, 44);
    EXPECT_NE(d.message.find("vary 'functions.api.reserved_concurrency' = -5"), std::string::npos)
        << d.Format();
  }
  try {
    PlanFor(dir, "scenario: base.yaml\nmetrics: [functions.api.throttle_rat]\n");
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_NE(All(e.diagnostics())
                  .find(":2:11: unknown metric 'functions.api.throttle_rat' (did you mean "
                        "'functions.api.throttle_rate'?)"),
              std::string::npos)
        << All(e.diagnostics());
  }
}

TEST(SweepRun, SerialThreadedAndShardedMergedAreByteIdentical) {
  const fs::path dir = TestDir("identity");
  const SweepPlan plan = PlanFor(dir, R"(scenario: base.yaml
replications: 2
vary:
  functions.api.reserved_concurrency: [8, 14, 20]
)");
  ASSERT_EQ(plan.runs, 6u);
  std::vector<size_t> all;
  for (size_t r = 0; r < plan.runs; ++r) all.push_back(r);
  SweepRunOptions serial;
  serial.jobs = 1;
  SweepRunOptions threaded;
  threaded.jobs = 3;
  const auto rows1 = RunSweepRows(plan, all, serial);
  const auto rows3 = RunSweepRows(plan, all, threaded);
  EXPECT_EQ(rows1, rows3);
  for (const auto& r : rows1) EXPECT_FALSE(r.empty());

  const SweepManifestInfo info = ManifestInfoOf(plan);
  WriteSweepOutputs(info, RunsCsvHeader(plan), rows1, (dir / "serial").string(), false);
  // Two shards: even and odd runs.
  for (size_t shard = 0; shard < 2; ++shard) {
    std::vector<size_t> runs;
    for (size_t r = shard; r < plan.runs; r += 2) runs.push_back(r);
    SweepManifestInfo si = info;
    si.runs = runs;
    WriteSweepOutputs(si, RunsCsvHeader(plan), RunSweepRows(plan, runs, serial),
                      (dir / ("shard" + std::to_string(shard))).string(), true);
  }
  MergeSweepShards({(dir / "shard1").string(), (dir / "shard0").string()},
                   (dir / "merged").string());
  for (const char* f : {"runs.csv", "points.csv", "sweep.json"})
    EXPECT_EQ(ReadText(dir / "serial" / f), ReadText(dir / "merged" / f)) << f;

  // Common random numbers: replication k differs from k+1, and the header is what we promise.
  const std::string runs_csv = ReadText(dir / "serial" / "runs.csv");
  EXPECT_EQ(
      runs_csv.rfind(
          "run,variant,replication,functions.api.reserved_concurrency,functions.api.requests,", 0),
      0u);
  EXPECT_NE(rows1[0], rows1[1]);
  // A tighter reservation throttles at least as much, replication for replication.
  const auto table = ParseCsv(runs_csv);
  size_t col = 0;
  for (size_t c = 0; c < table[0].size(); ++c)
    if (table[0][c] == "functions.api.throttles") col = c;
  ASSERT_GT(col, 0u);
  EXPECT_GE(std::stod(table[1][col]), std::stod(table[5][col]));

  // Incomplete and inconsistent merges are refused.
  EXPECT_THROW(MergeSweepShards({(dir / "shard0").string()}, (dir / "bad").string()),
               std::runtime_error);
  EXPECT_THROW(MergeSweepShards({(dir / "shard0").string(), (dir / "shard0").string()},
                                (dir / "bad").string()),
               std::runtime_error);
}

double ErlangBLocal(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b;
}

// M/M/c/c through the whole sweep pipeline: each variant's 95 % Student t interval of the
// throttle rate (from points.csv) should cover Erlang B in about 95 % of variants (at least 34
// of 40, see the bound below).
TEST(SweepRun, ConfidenceIntervalsCoverErlangB) {
  const fs::path dir = TestDir("erlang");
  WriteText(dir / "mmcc.yaml", R"(name: mmcc
duration: 1000s
seed: 11
bucket: 1000s
account:
  concurrency_limit: 10000
functions:
  api:
    reserved_concurrency: 10
    timeout: 900s
    duration: { dist: exponential, mean: 1s }
    init_duration: { dist: constant, value: 0s }
    keep_alive: 1h
traffic:
  - function: api
    rate: 8
)");
  std::string cs, rates;
  std::vector<std::pair<int, double>> cases;
  for (int i = 0; i < 40; ++i) {
    const int c = 4 + 2 * (i % 10);                  // 4..22 servers
    const double load = c * (0.6 + 0.2 * (i / 10));  // 0.6c .. 1.2c
    cases.emplace_back(c, load);
    cs += (i ? ", " : "") + std::to_string(c);
    rates += (i ? ", " : "") + std::to_string(load);
  }
  WriteText(dir / "sweep.yaml",
            "scenario: mmcc.yaml\nmode: zip\nreplications: 10\nmetrics: "
            "[functions.api.throttle_rate]\nvary:\n  functions.api.reserved_concurrency: [" +
                cs + "]\n  traffic.0.rate: [" + rates + "]\n");
  const SweepPlan plan = PrepareSweep(LoadSweepFile((dir / "sweep.yaml").string()));
  ASSERT_EQ(plan.runs, 400u);
  std::vector<size_t> all;
  for (size_t r = 0; r < plan.runs; ++r) all.push_back(r);
  SweepRunOptions options;
  options.jobs = 2;
  WriteSweepOutputs(ManifestInfoOf(plan), RunsCsvHeader(plan), RunSweepRows(plan, all, options),
                    (dir / "out").string(), false);
  const auto points = ParseCsv(ReadText(dir / "out" / "points.csv"));
  ASSERT_EQ(points.size(), 41u);
  ASSERT_EQ(points[0],
            (std::vector<std::string>{
                "variant", "functions.api.reserved_concurrency", "traffic.0.rate", "n",
                "functions.api.throttle_rate_mean", "functions.api.throttle_rate_sd",
                "functions.api.throttle_rate_ci95_lo", "functions.api.throttle_rate_ci95_hi"}));
  int covered = 0;
  std::string misses;
  for (size_t v = 0; v < cases.size(); ++v) {
    const auto& row = points[v + 1];
    const double b = ErlangBLocal(cases[v].first, cases[v].second);
    const double lo = std::stod(row[6]), hi = std::stod(row[7]);
    if (lo <= b && b <= hi)
      ++covered;
    else
      misses += " [c=" + row[1] + " a=" + row[2] + " B=" + std::to_string(b) + " CI=" + row[6] +
                ".." + row[7] + "]";
  }
  std::cout << "[ coverage ] " << covered << " of " << cases.size() << " intervals cover Erlang B"
            << misses << "\n";
  // Each of the 40 intervals misses with probability about 0.05 (a bit more: 10 replications of
  // 1 000 s from empty), so misses ~ Binomial(40, 0.05): P(≥ 5) ≈ 0.05 would make a 90 % bar
  // fail one stream in twenty; P(≥ 7) ≈ 0.004. A biased model misses far more often.
  EXPECT_GE(covered, 34) << misses;
}

}  // namespace
}  // namespace lambdasim
