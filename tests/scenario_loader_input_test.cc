// tests/scenario_loader_input_test.cc — the YAML scenario loader: documents, syntax, files,
// --set overrides and traffic shapes (the first part is scenario_loader_test.cc).
#include "models/load/scenario_loader.h"
#include "tests/scenario_loader_test_util.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace lambdasim {
namespace {

using testing::All;
using testing::Errors;
using testing::kMinimal;
using testing::WithFunctionKey;
using testing::WithTopKey;
using testing::WithTrafficKey;

using sim::Distribution;
using sim::Duration;

// ---------------------------------------------------------------------------------------
// Documents, syntax, files
// ---------------------------------------------------------------------------------------

TEST(ScenarioLoader, EmptyAndNonMappingDocuments) {
  auto d = Errors("");
  EXPECT_DIAG(d, 0, 0, "scenario is empty");
  d = Errors("# just a comment\n\n");
  EXPECT_DIAG(d, 0, 0, "scenario is empty");
  d = Errors("- a\n- b\n");
  EXPECT_DIAG(d, 1, 1, "top level of a scenario must be a mapping");
  d = Errors("hello\n");
  EXPECT_DIAG(d, 1, 1, "must be a mapping");
  d = Errors(std::string(kMinimal) + "---\nseed: 2\n");
  EXPECT_DIAG(d, 0, 0, "2 YAML documents");
}

TEST(ScenarioLoader, SyntaxErrorHasLocation) {
  auto d = Errors("functions:\n  api: { duration: 1ms\ntraffic: []\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("YAML syntax error"), std::string::npos);
  EXPECT_GT(d[0].line, 0);
  d = Errors("a: 1\n  b: 2\n");
  EXPECT_DIAG(d, 2, 4, "YAML syntax error");
}

TEST(ScenarioLoader, DeepNesting) {
  const std::string deep = "a: " + std::string(1000, '[') + std::string(1000, ']') + "\n";
  auto d = Errors(deep);
  EXPECT_DIAG(d, 0, 0, "nesting deeper than 500 levels");
}

TEST(ScenarioLoader, AliasBombTerminates) {
  // "Billion laughs": every level multiplies by ten through aliases.
  std::string yaml = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    yaml += "l";
    yaml += std::to_string(i);
    yaml += ": &l";
    yaml += std::to_string(i);
    yaml += " [";
    for (int k = 0; k < 10; ++k) {
      yaml += k ? ", *l" : "*l";
      yaml += std::to_string(i - 1);
    }
    yaml += "]\n";
  }
  // Force the walker through the expansion where a list of pairs is expected.
  yaml +=
      "functions:\n  api: { duration: { dist: empirical, points: *l9 } }\ntraffic:\n  - { "
      "function: api, rate: 1 }\n";
  auto d = Errors(yaml);
  EXPECT_FALSE(d.empty());
  // And where many traffic entries are walked through aliases.
  std::string yaml2 = "functions:\n  api: { duration: 1ms }\nt0: &t0 [{ function: api, rate: 1 }";
  for (int k = 1; k < 10; ++k) yaml2 += ", { function: api, rate: 1 }";
  yaml2 += "]\n";
  auto d2 = Errors(yaml2 + "traffic: *t0\n");
  EXPECT_DIAG(d2, 3, 1, "unknown key 't0'");
}

TEST(ScenarioLoader, NodeBudgetStopsHugeWalks) {
  // One 2000-point empirical distribution, referenced by 600 functions through an alias:
  // a small file whose walk would visit > 10^6 nodes. The loader must refuse it.
  std::string yaml = "functions:\n  f0:\n    duration: &d { dist: empirical, points: [";
  for (int k = 1; k <= 2000; ++k) {
    if (k > 1) yaml += ", ";
    yaml += "[";
    yaml += std::to_string(k / 2000.0);
    yaml += ", 1ms]";
  }
  yaml += "] }\n";
  for (int f = 1; f < 600; ++f) {
    yaml += "  f";
    yaml += std::to_string(f);
    yaml += ": { duration: *d }\n";
  }
  yaml += "traffic:\n  - { function: f0, rate: 1 }\n";
  EXPECT_LT(yaml.size(), 100000u);
  auto d = Errors(yaml);
  EXPECT_DIAG(d, 0, 0, "scenario expands to more than 1000000 nodes");
  // The same distribution used by 10 functions is fine.
  const size_t cut = yaml.find("  f10:");
  std::string small = yaml.substr(0, cut) + "traffic:\n  - { function: f0, rate: 1 }\n";
  const ScenarioSpec s = LoadScenarioString(small, "t.yaml");
  EXPECT_EQ(s.functions.size(), 10u);
  EXPECT_EQ(s.functions[9].duration.points().size(), 2000u);
}

TEST(ScenarioLoader, SelfReferentialAliasDoesNotCrash) {
  for (const char* yaml :
       {"a: &x [*x]\n", "functions: &x { api: *x }\ntraffic: [ { function: api, rate: 1 } ]\n",
        "functions:\n  api: { duration: 1ms }\ntraffic: &t [*t]\n",
        "functions:\n  api: &f { duration: 1ms, init_duration: *f }\ntraffic: [ { function: api, "
        "rate: 1 } ]\n"}) {
    try {
      LoadScenarioString(yaml, "t.yaml");
    } catch (const ScenarioError&) {
      // Either outcome is fine; it must simply terminate without crashing.
    }
  }
  SUCCEED();
}

TEST(ScenarioLoader, BinaryAndOversizedText) {
  auto d = Errors(std::string("functions:\0\x01\x02", 14));
  EXPECT_DIAG(d, 0, 0, "binary file");
  auto d2 = Errors(std::string(16 * 1024 * 1024 + 1, '#'));
  EXPECT_DIAG(d2, 0, 0, "limit is 16 MiB");
}

class ScenarioFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("scenario_loader_test_" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string Write(const std::string& name, const std::string& bytes) {
    const auto p = dir_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
  static std::vector<Diagnostic> FileErrors(const std::string& path) {
    try {
      LoadScenarioFile(path);
    } catch (const ScenarioError& e) {
      return e.diagnostics();
    }
    ADD_FAILURE() << "expected an error loading " << path;
    return {};
  }
  std::filesystem::path dir_;
};

TEST_F(ScenarioFileTest, LoadsFileAndUsesStem) {
  const std::string path = Write("my-scenario.yaml", kMinimal);
  const ScenarioSpec s = LoadScenarioFile(path);
  EXPECT_EQ(s.name, "my-scenario");
  EXPECT_EQ(s.source_file, path);
  EXPECT_EQ(s.source_text, kMinimal);
}

TEST_F(ScenarioFileTest, DiagnosticsNameTheFile) {
  const std::string path = Write("bad.yaml", WithTopKey("seeed: 1"));
  auto d = FileErrors(path);
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0].file, path);
  EXPECT_EQ(d[0].Format().rfind(path + ":7:1: ", 0), 0u) << d[0].Format();
}

TEST_F(ScenarioFileTest, MissingDirectoryBinaryEmptyOversized) {
  auto d = FileErrors((dir_ / "nope.yaml").string());
  EXPECT_DIAG(d, 0, 0, "no such file");
  d = FileErrors(dir_.string());
  EXPECT_DIAG(d, 0, 0, "is a directory");
  d = FileErrors(Write("bin.yaml", std::string("\x7f"
                                               "ELF\0\0\0\x02",
                                               8)));
  EXPECT_DIAG(d, 0, 0, "binary file");
  d = FileErrors(Write("empty.yaml", ""));
  EXPECT_DIAG(d, 0, 0, "scenario is empty");
  d = FileErrors(Write("big.yaml", std::string(16 * 1024 * 1024 + 10, ' ')));
  EXPECT_DIAG(d, 0, 0, "limited to 16 MiB");
}

// ---------------------------------------------------------------------------------------
// Overrides
// ---------------------------------------------------------------------------------------

TEST(ScenarioOverride, ParseOverride) {
  const Override o = ParseOverride("functions.api.memory_mb=1024");
  EXPECT_EQ(o.path, "functions.api.memory_mb");
  EXPECT_EQ(o.value, "1024");
  const Override o2 = ParseOverride("name=a=b");  // split at the first '='
  EXPECT_EQ(o2.path, "name");
  EXPECT_EQ(o2.value, "a=b");
  for (const char* bad : {"=5", "nopath", "a..b=1", "a.=1"}) {
    try {
      ParseOverride(bad);
      ADD_FAILURE() << bad;
    } catch (const ScenarioError& e) {
      ASSERT_EQ(e.diagnostics().size(), 1u);
      EXPECT_EQ(e.diagnostics()[0].file, "--set");
    }
  }
}

TEST(ScenarioOverride, SetsValues) {
  const std::vector<Override> ov = {ParseOverride("functions.api.memory_mb=1024"),
                                    ParseOverride("traffic.0.rate=55"), ParseOverride("seed=7"),
                                    ParseOverride("scaling.burst=321")};
  const ScenarioSpec s = LoadScenarioString(kMinimal, "t.yaml", ov);
  EXPECT_EQ(s.functions[0].memory_mb, 1024);
  EXPECT_DOUBLE_EQ(s.traffic[0].rate_per_s, 55);
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.scaling.burst, 321);
  // The manifest text records the overrides.
  EXPECT_EQ(s.source_text,
            std::string(kMinimal) +
                "\n#--set functions.api.memory_mb=1024\n#--set traffic.0.rate=55\n#--set seed=7"
                "\n#--set scaling.burst=321");
}

TEST(ScenarioOverride, SetsNestedDistribution) {
  const ScenarioSpec s = LoadScenarioString(
      kMinimal, "t.yaml",
      {ParseOverride("functions.api.duration={dist: uniform, min: 1s, max: 2s}")});
  EXPECT_EQ(s.functions[0].duration.kind(), Distribution::Kind::kUniform);
  EXPECT_DOUBLE_EQ(s.functions[0].duration.p2(), 2.0);
  // Into an existing distribution map.
  const ScenarioSpec s2 =
      LoadScenarioString(WithFunctionKey("init_duration: { dist: constant, value: 1s }"), "t.yaml",
                         {ParseOverride("functions.api.init_duration.value=3s")});
  EXPECT_DOUBLE_EQ(s2.functions[0].init_duration.p1(), 3.0);
}

TEST(ScenarioOverride, BadValueIsAttributedToTheOverride) {
  auto d = Errors(kMinimal, {ParseOverride("functions.api.reserved_concurrency=abc")});
  ASSERT_EQ(d.size(), 1u) << All(d);
  EXPECT_EQ(d[0].line, 0);
  EXPECT_EQ(d[0].Format().rfind("--set functions.api.reserved_concurrency=abc: ", 0), 0u)
      << d[0].Format();
  d = Errors(kMinimal, {ParseOverride("functions.api.duration={dist: exponential, mean: 10}")});
  EXPECT_NE(All(d).find("--set functions.api.duration={dist: exponential, mean: 10}: 'mean': "
                        "duration '10' has no unit"),
            std::string::npos)
      << All(d);
  // A misspelt key created by --set is an unknown key, with a suggestion.
  d = Errors(kMinimal, {ParseOverride("functions.api.memroy_mb=256")});
  EXPECT_NE(All(d).find("--set functions.api.memroy_mb=256: unknown key 'memroy_mb' in 'api'; did "
                        "you mean 'memory_mb'?"),
            std::string::npos)
      << All(d);
  d = Errors(kMinimal, {ParseOverride("seed={a: [1}")});
  EXPECT_EQ(d[0].file, "--set");
  EXPECT_NE(d[0].message.find("not valid YAML"), std::string::npos);
}

TEST(ScenarioOverride, BadPaths) {
  auto d = Errors(kMinimal, {ParseOverride("traffic.3.rate=1")});
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0].file, "--set");
  EXPECT_NE(
      d[0].message.find("traffic.3.rate=1: index 3 is out of range ('traffic' has 1 entries)"),
      std::string::npos)
      << All(d);
  d = Errors(kMinimal, {ParseOverride("traffic.first.rate=1")});
  EXPECT_NE(d[0].message.find("is not an index"), std::string::npos) << All(d);
  d = Errors(kMinimal, {ParseOverride("functions.api.duration.mean=1s")});
  EXPECT_NE(d[0].message.find("which is a single value"), std::string::npos) << All(d);
}

TEST(ScenarioOverride, CreatesMissingMaps) {
  const ScenarioSpec s =
      LoadScenarioString(kMinimal, "t.yaml",
                         {ParseOverride("account.concurrency_limit=5000"),
                          ParseOverride("functions.api.provisioned_autoscaling.min=1"),
                          ParseOverride("functions.api.provisioned_autoscaling.max=4")});
  EXPECT_EQ(s.account.concurrency_limit, 5000);
  EXPECT_TRUE(s.functions[0].provisioned_autoscaling.enabled);
  EXPECT_EQ(s.functions[0].provisioned_autoscaling.max, 4);
  // A whole scenario from overrides on an empty file.
  const ScenarioSpec s2 = LoadScenarioString("", "t.yaml",
                                             {ParseOverride("functions={api: {duration: 1ms}}"),
                                              ParseOverride("traffic=[{function: api, rate: 2}]")});
  EXPECT_EQ(s2.functions.size(), 1u);
}

// A traffic entry with `shape` (one or more lines, indented 4) instead of `rate`; the
// shape's first line is line 6.
std::string WithShape(const std::string& shape) {
  return "functions:\n  api:\n    duration: 100ms\ntraffic:\n  - function: api\n" + shape + "\n";
}

TEST(ScenarioLoaderTraffic, ExactlyOneShape) {
  auto d = Errors(WithShape("    start: 1m"));
  EXPECT_DIAG(d, 5, 5, "missing required key 'rate'");
  EXPECT_DIAG(d, 5, 5, "give exactly one of rate, phases, stages, spike, diurnal, mmpp, trace");
  d = Errors(WithShape("    rate: 10\n    diurnal: { mean: 5, amplitude: 1 }"));
  EXPECT_DIAG(d, 7, 5, "'diurnal' and 'rate' are both given");
  d = Errors(WithShape("    rate: 10\n    repeat: 2\n    start_rate: 3"));
  EXPECT_DIAG(d, 7, 5, "'repeat' goes with 'phases' only");
  EXPECT_DIAG(d, 8, 5, "'start_rate' goes with 'stages' only");
}

TEST(ScenarioLoaderTraffic, MalformedPhases) {
  auto d = Errors(WithShape(
      "    phases:\n      - { duration: 5m, rate: -1 }\n      - { duration: 5, rate: 10 }\n"
      "      - { pause: 1m, rate: 3 }\n      - { rate: 10, ramp_too: 20 }\n    repeat: 0"));
  EXPECT_DIAG(d, 7, 31, "'rate' = -1 must be >= 0");
  EXPECT_DIAG(d, 8, 21, "has no unit");
  EXPECT_DIAG(d, 9, 22, "'rate' does not go with 'pause'");
  EXPECT_DIAG(d, 10, 21, "unknown key 'ramp_too' in 'phases[3]'; did you mean 'ramp_to'?");
  EXPECT_DIAG(d, 10, 9, "missing required key 'duration'");
  EXPECT_DIAG(d, 11, 13, "'repeat' = 0 is out of range");
  d = Errors(WithShape("    phases: { duration: 5m, rate: 1 }"));
  EXPECT_DIAG(d, 6, 13, "'phases' must be a non-empty list");
  d = Errors(WithShape("    phases: [ { duration: 5m, rate: 0 } ]"));
  EXPECT_DIAG(d, 6, 13, "'phases' produce no traffic");
  d = Errors(WithShape("    repeat: sometimes\n    phases: [ { duration: 5m, rate: 1 } ]"));
  EXPECT_DIAG(d, 6, 13, "'sometimes' is not a number");
}

TEST(ScenarioLoaderTraffic, MalformedStagesAndSpike) {
  auto d = Errors(WithShape(
      "    stages: [ { duration: 1m, target: x }, { duration: 1m } ]\n    start_rate: -2"));
  EXPECT_DIAG(d, 6, 39, "'target': 'x' is not a number");
  EXPECT_DIAG(d, 6, 44, "missing required key 'target'");
  EXPECT_DIAG(d, 7, 17, "must be >= 0");
  d = Errors(WithShape(
      "    spike:\n      baseline: 5\n      bursts:\n        - { at: 5m, rate: 100, length: 1m }\n"
      "        - { at: 330s, rate: 100, length: 1m }\n        - { at: 20m, rate: 0, length: 1m }\n"
      "        - { at: 1h, rate: 10, length: 1m }"));
  EXPECT_DIAG(d, 10, 17, "overlaps or precedes the previous burst");
  EXPECT_DIAG(d, 11, 28, "'rate' = 0 must be > 0");
  EXPECT_DIAG(d, 12, 17, "begins at or after the traffic ends");
  d = Errors(WithShape("    spike: { bursts: [] }"));
  EXPECT_DIAG(d, 6, 12, "missing required key 'baseline'");
  EXPECT_DIAG(d, 6, 22, "'bursts' must be a non-empty list");
}

TEST(ScenarioLoaderTraffic, MalformedDiurnal) {
  auto d = Errors(WithShape("    diurnal: { mean: 10, amplitude: 11, period: 0s, peak_at: 30h }"));
  EXPECT_DIAG(d, 6, 37, "'amplitude' 11 exceeds 'mean' 10");
  EXPECT_DIAG(d, 6, 49, "'period' = 0s is out of range");
  EXPECT_DIAG(d, 6, 62, "'peak_at' 30h must be less than 'period' 1d");
  d = Errors(WithShape("    diurnal: { amplitude: 1, mean: 0 }"));
  EXPECT_DIAG(d, 6, 36, "'mean' = 0 must be > 0");
}

TEST(ScenarioLoaderTraffic, MalformedMmpp) {
  auto d =
      Errors(WithShape("    arrivals: uniform\n    mmpp:\n      states: [ { name: a, rate: 1 }, { "
                       "name: a, rate: 2 } ]\n"
                       "      transitions: [[0, 1], [1, 0, 3]]\n      initial: c"));
  EXPECT_DIAG(d, 6, 15, "'arrivals: uniform' is not defined for an MMPP");
  EXPECT_DIAG(d, 8, 47, "duplicate state name 'a'");
  EXPECT_DIAG(d, 9, 29, "must be a list of 2 per-second rates");
  EXPECT_DIAG(d, 10, 16, "'initial': no state named 'c'");
  d =
      Errors(WithShape("    mmpp:\n      states: [ { name: a, rate: 1 }, { name: b, rate: 2 } ]\n  "
                       "    transitions: [[0, 1], [0, 0]]"));
  EXPECT_DIAG(d, 8, 20, "state 'b' has no outgoing transition");
  d =
      Errors(WithShape("    mmpp:\n      states: [ { name: a, rate: 1 }, { name: b, rate: 2 } ]\n  "
                       "    transitions: [[5, 1], [1, 0]]"));
  EXPECT_DIAG(d, 8, 22, "the diagonal is implied");
  d =
      Errors(WithShape("    mmpp:\n      states: [ { name: a, rate: 0 }, { name: b, rate: 0 } ]\n  "
                       "    transitions: [[0, 1], [1, 0]]"));
  EXPECT_DIAG(d, 7, 15, "every MMPP state has rate 0");
  d = Errors(WithShape("    mmpp:\n      states: [ { name: a, rate: 1 }, { name: b, rate: 2 } ]"));
  EXPECT_DIAG(d, 7, 7, "missing required key 'transitions'");
}

TEST(ScenarioLoaderTraffic, MmppStationaryAndGeneratorDiagonal) {
  const auto s = LoadScenarioString(
      WithShape(
          "    mmpp:\n      states: [ { name: calm, rate: 10 }, { name: burst, rate: 500 } ]\n"
          "      transitions: [[-0.01, 0.01], [0.1, -0.1]]\n      initial: burst"),
      "t.yaml");
  const MmppShape& m = s.traffic[0].mmpp;
  EXPECT_EQ(s.traffic[0].shape, ShapeKind::kMmpp);
  EXPECT_EQ(m.initial_state, 1u);
  EXPECT_NEAR(m.stationary[0], 0.1 / 0.11, 1e-12);
  EXPECT_NEAR(m.long_run_rate_per_s, (0.1 * 10 + 0.01 * 500) / 0.11, 1e-9);
}

TEST(ScenarioLoaderTraffic, MalformedTraceKeys) {
  auto d = Errors(WithShape("    trace: { format: azure-2022, file: x.csv }"));
  EXPECT_DIAG(d, 6, 22, "unknown value 'azure-2022'; did you mean 'azure-2021'?");
  d =
      Errors(WithShape("    arrivals: poisson\n    trace: { format: csv, file: missing.csv, "
                       "within_minute: poisson }"));
  EXPECT_DIAG(d, 6, 5, "'arrivals' does not apply to a trace");
  EXPECT_DIAG(d, 7, 33, "trace file 'missing.csv' not found");
  EXPECT_DIAG(d, 7, 46, "'within_minute' does not apply to trace format csv");
  d = Errors(WithShape("    trace: { format: azure-2019, function: 0, time_scale: 0 }"));
  EXPECT_DIAG(d, 6, 12, "missing required key 'invocations'");
  EXPECT_DIAG(d, 6, 59, "'time_scale' = 0 is out of range");
}

}  // namespace
}  // namespace lambdasim
