// tests/hardening_test.cc — guarantees added by the hardening work: a new random consumer
// in one function leaves another function's streams unchanged; the resource estimator's
// arithmetic and byte-size parsing; slice sizes never change results.
#include <gtest/gtest.h>

#include <cmath>

#include "models/load/scenario_loader.h"
#include "models/output/output_writer.h"
#include "models/run/resource_estimate.h"
#include "models/run/runner.h"
#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using sim::Distribution;
using sim::Duration;
using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;

ScenarioSpec TwoFunctions() {
  auto spec = BaseSpec(Duration::Minutes(5));
  AddFunction(spec, "a", Distribution::Exponential(0.2), Distribution::Constant(0.3));
  AddFunction(spec, "b", Distribution::Exponential(0.5), Distribution::Constant(0.4));
  AddTraffic(spec, "a", 200);
  AddTraffic(spec, "b", 100);
  return spec;
}

void ExpectSameFunction(const RunResult& x, const RunResult& y, size_t f) {
  const FunctionSummary& p = x.functions.at(f);
  const FunctionSummary& q = y.functions.at(f);
  EXPECT_EQ(p.requests, q.requests);
  EXPECT_EQ(p.invocations, q.invocations);
  EXPECT_EQ(p.errors, q.errors);
  EXPECT_EQ(p.cold_starts, q.cold_starts);
  EXPECT_EQ(p.concurrency_mean, q.concurrency_mean);
  EXPECT_EQ(p.latency.p50_ms, q.latency.p50_ms);
  EXPECT_EQ(p.latency.p999_ms, q.latency.p999_ms);
  EXPECT_EQ(p.latency.max_ms, q.latency.max_ms);
  // Every time-series row of f, byte for byte through the CSV number format.
  const size_t n = x.function_names.size();
  ASSERT_EQ(x.function_rows.size(), y.function_rows.size());
  for (size_t r = f; r < x.function_rows.size(); r += n) {
    EXPECT_EQ(x.function_rows[r].invocations, y.function_rows[r].invocations) << "row " << r;
    EXPECT_EQ(FormatCsvNumber(x.function_rows[r].concurrent_executions_avg),
              FormatCsvNumber(y.function_rows[r].concurrent_executions_avg))
        << "row " << r;
    EXPECT_EQ(FormatCsvNumber(x.function_rows[r].latency_p99_ms),
              FormatCsvNumber(y.function_rows[r].latency_p99_ms))
        << "row " << r;
  }
}

TEST(Determinism, ErrorRateOnAnotherFunctionLeavesThisFunctionUnchanged) {
  auto spec = TwoFunctions();
  const RunResult before = RunScenario(spec);
  spec.functions[1].error_rate = 0.3;  // a new consumer of b's "errors/b" stream
  const RunResult after = RunScenario(spec);
  EXPECT_EQ(before.functions[1].errors, 0u);
  EXPECT_GT(after.functions[1].errors, 0u);  // the change did take effect
  ExpectSameFunction(before, after, 0);
}

TEST(Determinism, AnotherFunctionsDurationAndInitDrawsLeaveThisFunctionUnchanged) {
  auto spec = TwoFunctions();
  const RunResult before = RunScenario(spec);
  spec.functions[1].duration = Distribution::LognormalMedianP99(0.3, 2.0);
  spec.functions[1].init_duration = Distribution::Uniform(0.1, 1.0);
  const RunResult after = RunScenario(spec);
  EXPECT_NE(before.functions[1].latency.p99_ms, after.functions[1].latency.p99_ms);
  ExpectSameFunction(before, after, 0);
}

TEST(Determinism, AnotherTrafficSourceOnTheSameFunctionKeepsTheFirstSourcesArrivals) {
  // "arrivals/a" stays the first source's stream when a second source ("arrivals/a#2") appears.
  auto spec = TwoFunctions();
  const RunResult before = RunScenario(spec);
  AddTraffic(spec, "b", 50);
  const RunResult after = RunScenario(spec);
  EXPECT_EQ(before.traffic.at(0).requests, after.traffic.at(0).requests);
  ExpectSameFunction(before, after, 0);
}

// Loader hazards not pinned elsewhere (tests/scenario_loader_test.cc covers deep nesting,
// billion laughs, duplicate and unknown keys, yes/no, 010, 1e3, NaN/inf, negative and unitless
// durations, empty/binary/oversized/missing/directory files).
std::vector<Diagnostic> LoadErrors(const std::string& yaml) {
  try {
    LoadScenarioString(yaml, "h.yaml");
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  ADD_FAILURE() << "expected an error for:\n" << yaml;
  return {};
}
bool HasDiag(const std::vector<Diagnostic>& d, int line, int col, const std::string& text) {
  for (const auto& x : d)
    if (x.line == line && x.column == col && x.message.find(text) != std::string::npos &&
        x.Format().rfind("h.yaml:" + std::to_string(line) + ":" + std::to_string(col) + ": ", 0) ==
            0)
      return true;
  return false;
}
std::string AllDiags(const std::vector<Diagnostic>& d) {
  std::string out;
  for (const auto& x : d) out += x.Format() + "\n";
  return out;
}
const char* const kHazardBase = "functions:\n  api:\n    duration: 100ms\n    ";

TEST(LoaderHazards, OnOffAreNotBooleansOrNumbers) {
  for (const char* word : {"on", "off", "On", "OFF", "y", "n"}) {
    auto d = LoadErrors(std::string(kHazardBase) + "memory_mb: " + word +
                        "\ntraffic:\n  - { function: api, rate: 1 }\n");
    EXPECT_TRUE(HasDiag(d, 4, 16, "YAML 1.1 boolean")) << word << ":\n" << AllDiags(d);
    d = LoadErrors(std::string(kHazardBase) + "error_rate: " + word +
                   "\ntraffic:\n  - { function: api, rate: 1 }\n");
    EXPECT_TRUE(HasDiag(d, 4, 17, "YAML 1.1 boolean")) << word << ":\n" << AllDiags(d);
  }
  // A boolean key written the YAML 1.1 way.
  auto d = LoadErrors(
      "functions:\n  api: { duration: 100ms }\ntraffic:\n  - function: api\n    rate: 1\n"
      "    source: { type: kinesis, bisect_batch_on_error: on }\n");
  EXPECT_TRUE(HasDiag(d, 6, 53, "yes/no/on/off are not booleans")) << AllDiags(d);
}

TEST(LoaderHazards, SelfReferentialAnchorIsADiagnostic) {
  // yaml-cpp resolves `&x [*x]` to a node containing itself; the loader must stop with a
  // message (nesting or node budget), not recurse forever or crash.
  for (const char* yaml : {"functions: &x { api: *x }\ntraffic: [ { function: api, rate: 1 } ]\n",
                           "functions:\n  api: &f { duration: 100ms, init_duration: *f }\ntraffic: "
                           "[ { function: api, rate: 1 } ]\n"}) {
    const auto d = LoadErrors(yaml);
    EXPECT_FALSE(d.empty()) << yaml;
    for (const auto& x : d) EXPECT_FALSE(x.message.empty());
  }
}

TEST(LoaderHazards, FloatWhereAnIntegerIsExpectedAndNumbersAsDurations) {
  auto d = LoadErrors(
      "functions:\n  api: { duration: 100ms }\ntraffic: [ { function: api, rate: 1 } ]\naccount: { "
      "concurrency_limit: 1e3 }\n");
  EXPECT_TRUE(HasDiag(d, 4, 31, "exponent notation")) << AllDiags(d);
  d = LoadErrors(
      "functions:\n  api: { duration: 100ms, timeout: 30 }\ntraffic: [ { function: api, rate: 1 } "
      "]\n");
  EXPECT_TRUE(HasDiag(d, 2, 36, "has no unit")) << AllDiags(d);
  d = LoadErrors(
      "functions:\n  api: { duration: 100ms, keep_alive: -1m }\ntraffic: [ { function: api, rate: "
      "1 } ]\n");
  EXPECT_TRUE(HasDiag(d, 2, 39, "negative duration")) << AllDiags(d);
}

TEST(LoaderHazards, StrayCommaDoesNotHangTheParser) {
  // Regression (tests/fuzz/scenario_loader_fuzz, a timeout): yaml-cpp 0.7 turned a leading
  // ',' into an endless stream of empty documents, and LoadAll grew without bound.
  for (const char* yaml :
       {",\n", ", a\n", "  ,\n", "# c\n,\n", "---\n,\n", "- a\n, b\n", "a: 1\n---\n,\n",
        ",ame: h\nduration: 1m\nfunctions:\n  api:\n    duration: { dist: exponentia,, mean: 100ms "
        "}\n"
        "traffic:\n  - function: NUL\n    rat: 10\n"}) {
    const auto d = LoadErrors(yaml);
    ASSERT_FALSE(d.empty()) << yaml;
    EXPECT_NE(d[0].message.find("YAML syntax error"), std::string::npos) << AllDiags(d);
    EXPECT_GT(d[0].line, 0) << AllDiags(d);
  }
  // Real multi-document files still get the dedicated message.
  const auto d = LoadErrors(
      "functions:\n  api: { duration: 1ms }\ntraffic: [ { function: api, rate: 1 } ]\n---\nseed: "
      "2\n");
  EXPECT_NE(AllDiags(d).find("2 YAML documents"), std::string::npos) << AllDiags(d);
}

TEST(ResourceEstimate, CountsRequestsEventsAndRows) {
  auto spec = BaseSpec(Duration::Minutes(10));
  AddFunction(spec, "api", Distribution::Exponential(0.1));
  AddTraffic(spec, "api", 200);
  const ResourceEstimate e = EstimateResources(spec);
  EXPECT_DOUBLE_EQ(e.requests, 200.0 * 600);
  EXPECT_GE(e.events, e.requests * 2);
  EXPECT_EQ(e.timeseries_rows, 10 * 2);  // 10 buckets × (1 function + account)
  EXPECT_LE(e.peak_concurrency, 200 * 0.1 + 1);
  EXPECT_EQ(e.backlog, 0);
  EXPECT_GT(e.memory_bytes, 0);
  EXPECT_LT(e.memory_bytes, 16.0 * 1024 * 1024);
  // The estimate bounds the real run's event count.
  const RunResult r = RunScenario(spec);
  EXPECT_LE(static_cast<double>(r.manifest.events_processed), e.events);
  EXPECT_GE(static_cast<double>(r.manifest.events_processed) * 4, e.events);
}

TEST(ResourceEstimate, AbsurdWhatIfsAreFiniteAndLarge) {
  auto spec = BaseSpec(Duration::Hours(24 * 30));
  spec.bucket = Duration::Seconds(3);
  AddFunction(spec, "api", Distribution::Constant(1e-9));
  AddTraffic(spec, "api", 1e9);
  const ResourceEstimate e = EstimateResources(spec);
  EXPECT_TRUE(std::isfinite(e.events));
  EXPECT_GT(e.events, kDefaultMaxEvents);
  EXPECT_TRUE(std::isfinite(e.memory_bytes));

  // Async beyond capacity builds a backlog, bounded by the maximum event age.
  auto q = BaseSpec(Duration::Hours(24));
  AddFunction(q, "slow", Distribution::Constant(10)).reserved_concurrency = 10;
  AddTraffic(q, "slow", 1000).invocation = InvocationType::kAsync;
  const ResourceEstimate b = EstimateResources(q);
  EXPECT_GT(b.backlog, 0.9 * 1000 * 6 * 3600);
  EXPECT_LE(b.backlog, 1000.0 * 6 * 3600);
  EXPECT_GT(b.backlog_bytes, 1e9);
}

TEST(ResourceEstimate, ParseByteSize) {
  EXPECT_EQ(ParseByteSize("512M"), 512.0 * 1024 * 1024);
  EXPECT_EQ(ParseByteSize("4G"), 4.0 * 1024 * 1024 * 1024);
  EXPECT_EQ(ParseByteSize("8GiB"), 8.0 * 1024 * 1024 * 1024);
  EXPECT_EQ(ParseByteSize("1.5g"), 1.5 * 1024 * 1024 * 1024);
  EXPECT_EQ(ParseByteSize("64k"), 64.0 * 1024);
  EXPECT_EQ(ParseByteSize("1000"), 1000.0);
  EXPECT_FALSE(ParseByteSize(""));
  EXPECT_FALSE(ParseByteSize("G"));
  EXPECT_FALSE(ParseByteSize("4X"));
  EXPECT_FALSE(ParseByteSize("0"));
  EXPECT_FALSE(ParseByteSize("-1G"));
  EXPECT_FALSE(ParseByteSize("1.2.3M"));
  EXPECT_EQ(FormatBytes(512.0 * 1024 * 1024), "512.0 MiB");
  EXPECT_EQ(FormatBytes(100), "100 B");
}

}  // namespace
}  // namespace lambdasim
