// tests/trace_reader_test.cc — trace validation and replay (azure-2019, azure-2021, csv),
// through the loader and the arrival process, on fixtures generated here.
#include "models/workload/trace_reader.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "models/load/scenario_loader.h"
#include "models/workload/arrivals.h"
#include "tests/diagnostics_test_util.h"

namespace lambdasim {
namespace {

using testing::All;
using testing::Errors;

namespace fs = std::filesystem;
using sim::Duration;
using sim::Time;

fs::path Dir() {
  fs::path d = fs::path(::testing::TempDir()) / "lambdasim_trace_test";
  fs::create_directories(d);
  return d;
}

std::string Write(const std::string& name, const std::string& text) {
  const fs::path p = Dir() / name;
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

std::string Hash(char c) { return std::string(64, c); }

// An azure-2019 invocations file: one row per entry of `rows` (minute → count).
std::string Azure2019(const std::vector<std::vector<std::pair<int, int>>>& rows) {
  std::ostringstream out;
  out << "HashOwner,HashApp,HashFunction,Trigger";
  for (int m = 1; m <= 1440; ++m) out << ',' << m;
  out << '\n';
  char c = 'a';
  for (const auto& row : rows) {
    std::vector<int> counts(1440, 0);
    for (auto [m, n] : row) counts[static_cast<size_t>(m - 1)] = n;
    out << Hash('o') << ',' << Hash('p') << ',' << Hash(c++) << ",http";
    for (int n : counts) out << ',' << n;
    out << '\n';
  }
  return out.str();
}

std::string Durations2019() {
  return "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,"
         "percentile_Average_1,"
         "percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,"
         "percentile_Average_100\n" +
         Hash('o') + "," + Hash('p') + "," + Hash('a') +
         ",100,10,1,900,10,20,50,100,150,400,900\n" + Hash('o') + "," + Hash('p') + "," +
         Hash('b') + ",5,10,1,9,1,1,2,3,4,5,6\n";
}

std::string Scenario(const std::string& traffic,
                     const std::string& fn_duration = "duration: 100ms") {
  return "duration: 30m\nfunctions:\n  api: { " + fn_duration +
         " }\n  worker: { duration: 50ms }\ntraffic:\n  - function: api\n" + traffic;
}

std::vector<Arrival> Replay(const ScenarioSpec& spec, size_t source = 0) {
  ArrivalProcess p(spec, source, Time::Zero() + spec.duration,
                   sim::RngStream(1, 0, "arrivals/api"));
  std::vector<Arrival> out;
  for (Arrival a = p.First(); a.time != Time::Max(); a = p.Next()) {
    if (!out.empty()) {
      EXPECT_GE(a.time, out.back().time);
    }
    out.push_back(a);
  }
  EXPECT_EQ(p.generated(), out.size());
  return out;
}

bool Has(const std::vector<Diagnostic>& d, const std::string& file_suffix, int line, int col,
         const std::string& text) {
  for (const auto& x : d) {
    if (x.file.size() >= file_suffix.size() &&
        x.file.compare(x.file.size() - file_suffix.size(), file_suffix.size(), file_suffix) == 0 &&
        (line < 0 || x.line == line) && (col < 0 || x.column == col) &&
        x.message.find(text) != std::string::npos)
      return true;
  }
  return false;
}

#define EXPECT_DIAG(d, file, line, col, text)                                        \
  EXPECT_TRUE(Has(d, file, line, col, text))                                         \
      << "wanted " << file << ":" << line << ":" << col << " '" << text << "' in:\n" \
      << All(d)

TEST(TraceReader, SplitCsvTrimsSpacesAndTabsAndKeepsEmptyFields) {
  std::vector<std::string_view> f{"stale"};
  SplitCsv("a, b ,\t c\t,,  ", &f);
  EXPECT_EQ(f, (std::vector<std::string_view>{"a", "b", "c", "", ""}));
  SplitCsv("", &f);
  EXPECT_EQ(f, (std::vector<std::string_view>{""}));
  SplitCsv(" x y ", &f);  // inner spaces stay
  EXPECT_EQ(f, (std::vector<std::string_view>{"x y"}));
  SplitCsv(",", &f);
  EXPECT_EQ(f, (std::vector<std::string_view>{"", ""}));
  SplitCsv("   ", &f);
  EXPECT_EQ(f, (std::vector<std::string_view>{""}));
  SplitCsv(std::string_view{}, &f);  // null data: must not reach memchr (UBSan nonnull-attribute)
  EXPECT_EQ(f, (std::vector<std::string_view>{""}));
}

TEST(TraceReader, LineReaderHandlesCrLfLongLinesAndNoFinalNewline) {
  std::string big(200000, 'x');  // spans several 64 KiB buffers
  const std::string path = Write("lines.txt", "a\r\n\n" + big + "\nlast");
  LineReader r(path);
  std::string_view line;
  ASSERT_TRUE(r.Next(&line));
  EXPECT_EQ(line, "a");
  ASSERT_TRUE(r.Next(&line));
  EXPECT_EQ(line, "");
  ASSERT_TRUE(r.Next(&line));
  EXPECT_EQ(line.size(), big.size());
  ASSERT_TRUE(r.Next(&line));
  EXPECT_EQ(line, "last");
  EXPECT_EQ(r.line_number(), 4u);
  EXPECT_FALSE(r.Next(&line));
  EXPECT_TRUE(r.ok());
}

TEST(TraceReader, CsvReplaysEveryRowExactly) {
  const std::string path =
      Write("simple.csv",
            "timestamp,function,duration\n0.5,,\n1.25,worker,0.2\n1.25,api,0.003\n100,,1.5\n");
  const auto spec =
      LoadScenarioString(Scenario("    trace: { format: csv, file: " + path + " }\n"), "t.yaml");
  EXPECT_EQ(spec.traffic[0].trace.rows, 4u);
  EXPECT_EQ(spec.traffic[0].trace.max_duration, Duration::Millis(1500));
  const auto a = Replay(spec);
  ASSERT_EQ(a.size(), 4u);
  EXPECT_EQ(a[0].time, Time::Zero() + Duration::Millis(500));
  EXPECT_EQ(a[0].function, 0u);
  EXPECT_EQ(a[0].duration_ns, -1);
  EXPECT_EQ(a[1].time, Time::Zero() + Duration::Millis(1250));
  EXPECT_EQ(a[1].function, 1u);
  EXPECT_EQ(a[1].duration_ns, Duration::Millis(200).ns());
  EXPECT_EQ(a[2].function, 0u);
  EXPECT_EQ(a[3].time, Time::Zero() + Duration::Seconds(100));
}

TEST(TraceReader, CsvOffsetStartAndTimeScale) {
  const std::string path = Write("offset.csv", "timestamp\n1000\n1001\n1010\n");
  const auto spec =
      LoadScenarioString(Scenario("    start: 1m\n    trace: { format: csv, file: " + path +
                                  ", offset: 1000s, time_scale: 2 }\n"),
                         "t.yaml");
  const auto a = Replay(spec);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].time, Time::Zero() + Duration::Seconds(60));
  EXPECT_EQ(a[1].time, Time::Zero() + Duration::Seconds(62));
  EXPECT_EQ(a[2].time, Time::Zero() + Duration::Seconds(80));
}

TEST(TraceReader, CsvErrorsCarryLineAndColumn) {
  const std::string path = Write("bad.csv",
                                 "timestamp,function,duration\n"
                                 "1,api,0.1\n"
                                 "0.5,api,0.1\n"  // 3: out of order
                                 "2,apii,0.1\n"   // 4: unknown function
                                 "3,api,abc\n"    // 5: malformed duration
                                 "4x,api,0.1\n"   // 6: malformed timestamp
                                 "5,api\n"        // 7: column count
                                 "6,api,-1\n");   // 8: negative duration
  const auto d = Errors(Scenario("    trace: { format: csv, file: " + path + " }\n"));
  EXPECT_DIAG(d, "bad.csv", 3, 1, "earlier than the previous row's (line 2)");
  EXPECT_DIAG(d, "bad.csv", 4, 3, "unknown function 'apii'; did you mean 'api'?");
  EXPECT_DIAG(d, "bad.csv", 5, 7, "duration 'abc' is not a number");
  EXPECT_DIAG(d, "bad.csv", 6, 1, "timestamp '4x' is not a number");
  EXPECT_DIAG(d, "bad.csv", 7, 6, "row has 2 fields; the header has 3");  // where one lacks
  EXPECT_DIAG(d, "bad.csv", 8, 7, "duration '-1'");
  const auto h = Errors(
      Scenario("    trace: { format: csv, file: " + Write("hdr.csv", "time,fn\n1,api\n") + " }\n"));
  EXPECT_DIAG(h, "hdr.csv", 1, 1, "unknown column 'time'");
  EXPECT_DIAG(h, "hdr.csv", 1, 0, "no 'timestamp' column");
}

TEST(TraceReader, CsvErrorsAreCappedPerFile) {
  std::string text = "timestamp\n";
  for (int i = 0; i < 100; ++i) text += "x\n";
  const auto d =
      Errors(Scenario("    trace: { format: csv, file: " + Write("many.csv", text) + " }\n"));
  EXPECT_EQ(d.size(), 21u) << All(d);
  EXPECT_DIAG(d, "many.csv", 0, 0, "and 80 more errors");
}

TEST(TraceReader, TraceDurationsReplaceTheFunctionDistribution) {
  // Every row has a duration: the function needs no `duration:`.
  const std::string path = Write("withdur.csv", "timestamp,duration\n1,0.1\n2,0.2\n");
  const auto spec = LoadScenarioString(
      Scenario("    trace: { format: csv, file: " + path + " }\n", "memory_mb: 256"), "t.yaml");
  EXPECT_EQ(spec.traffic[0].trace.rows, 2u);
  // A row without a duration for such a function is an error at that row.
  const std::string gap = Write("gap.csv", "timestamp,duration\n1,0.1\n2,\n");
  auto d = Errors(Scenario("    trace: { format: csv, file: " + gap + " }\n", "memory_mb: 256"));
  EXPECT_DIAG(d, "gap.csv", 3, 0, "has no 'duration:' distribution");
  // A constant-rate source for the same function still needs one.
  d = Errors(
      Scenario("    trace: { format: csv, file: " + path + " }\n  - function: api\n    rate: 1\n",
               "memory_mb: 256"));
  EXPECT_DIAG(d, "t.yaml", 3, 8, "missing required key 'duration'");
}

TEST(TraceReader, Azure2019MinuteCountsAreExact) {
  const std::string inv =
      Write("inv.csv", Azure2019({{{1, 3}, {2, 0}, {3, 60}, {30, 1}}, {{1, 1000}}}));
  const std::string dur = Write("dur.csv", Durations2019());
  for (const std::string within : {"uniform", "poisson"}) {
    const auto spec = LoadScenarioString(
        Scenario("    trace: { format: azure-2019, invocations: " + inv + ", durations: " + dur +
                     ", function: " + Hash('a') + ", within_minute: " + within + " }\n",
                 "memory_mb: 128"),
        "t.yaml");
    EXPECT_EQ(spec.traffic[0].trace.rows, 64u);
    const auto a = Replay(spec);
    ASSERT_EQ(a.size(), 64u);
    std::vector<int> per_minute(30, 0);
    for (const auto& x : a)
      per_minute[static_cast<size_t>(x.time.ns() / Duration::Minutes(1).ns())]++;
    EXPECT_EQ(per_minute[0], 3);
    EXPECT_EQ(per_minute[1], 0);
    EXPECT_EQ(per_minute[2], 60);
    EXPECT_EQ(per_minute[29], 1);
    if (within == "uniform") {
      EXPECT_EQ(a[0].time, Time::Zero() + Duration::Seconds(10));
      EXPECT_EQ(a[1].time, Time::Zero() + Duration::Seconds(30));
      EXPECT_EQ(a[3].time, Time::Zero() + Duration::Seconds(120) + Duration::Millis(500));
      EXPECT_EQ(a[63].time, Time::Zero() + Duration::Seconds(29 * 60 + 30));
    }
    // The durations file sets the function's empirical distribution (ms → s).
    const auto& dist = spec.functions[0].duration;
    ASSERT_EQ(dist.kind(), sim::Distribution::Kind::kEmpirical);
    ASSERT_EQ(dist.points().size(), 7u);
    EXPECT_DOUBLE_EQ(dist.points()[0].second, 0.010);
    EXPECT_DOUBLE_EQ(dist.points()[1].first, 0.01);
    EXPECT_DOUBLE_EQ(dist.points()[3].second, 0.100);
    EXPECT_DOUBLE_EQ(dist.points()[6].second, 0.900);
  }
  // Selection by 0-based row index.
  const auto by_index = LoadScenarioString(
      Scenario("    trace: { format: azure-2019, invocations: " + inv + ", function: 1 }\n"),
      "t.yaml");
  EXPECT_EQ(by_index.traffic[0].trace.rows, 1000u);
  EXPECT_EQ(Replay(by_index).size(), 1000u);
}

TEST(TraceReader, Azure2019PoissonWithinMinuteIsUniformOnAverage) {
  const std::string inv = Write("inv_big.csv", Azure2019({{{1, 60000}}}));
  const auto spec =
      LoadScenarioString(Scenario("    trace: { format: azure-2019, invocations: " + inv +
                                  ", function: 0, within_minute: poisson }\n"),
                         "t.yaml");
  const auto a = Replay(spec);
  ASSERT_EQ(a.size(), 60000u);
  std::vector<int> per_second(60, 0);
  for (const auto& x : a)
    per_second[static_cast<size_t>(x.time.ns() / Duration::Seconds(1).ns())]++;
  for (int n : per_second) EXPECT_NEAR(n, 1000, 4 * std::sqrt(1000.0));
}

TEST(TraceReader, Azure2019Errors) {
  std::string text = Azure2019({{{1, 3}}, {{1, 1}}});
  // Corrupt minute 2 of the first data row (line 2).
  const size_t line2 = text.find('\n') + 1;
  const size_t minute1 = text.find(",http,", line2) + 6;
  const size_t minute2 = text.find(',', minute1) + 1;
  text.replace(minute2, 1, "-4");
  const std::string inv = Write("inv_bad.csv", text);
  auto d = Errors(Scenario("    trace: { format: azure-2019, invocations: " + inv +
                           ", function: " + Hash('z') + " }\n"));
  EXPECT_DIAG(d, "inv_bad.csv", 2, static_cast<int>(minute2 - line2) + 1,
              "minute 2: count '-4' is not a non-negative integer");
  EXPECT_DIAG(d, "inv_bad.csv", 0, 0, "no row with HashFunction");
  d = Errors(
      Scenario("    trace: { format: azure-2019, invocations: " + inv + ", function: 7 }\n"));
  EXPECT_DIAG(d, "inv_bad.csv", 0, 0, "row index 7 is out of range: the file has 2 data rows");
  const std::string short_row = Write("inv_short.csv", Azure2019({{{1, 3}}}) + "x,y,z,http,1,2\n");
  d = Errors(
      Scenario("    trace: { format: azure-2019, invocations: " + short_row + ", function: 0 }\n"));
  EXPECT_DIAG(d, "inv_short.csv", 3, 0, "row has 6 fields; expected 1444");
  const std::string dur_bad = Write("dur_bad.csv", "HashFunction,percentile_Average_0\nx,1\n");
  d = Errors(Scenario("    trace: { format: azure-2019, invocations: " + short_row +
                      ", durations: " + dur_bad + ", function: 0 }\n"));
  EXPECT_DIAG(d, "dur_bad.csv", 1, 0, "missing column(s) percentile_Average_1");
  // Misplaced keys and a missing file, at the YAML location.
  d = Errors(Scenario(
      "    trace: { format: azure-2019, file: x.csv, invocations: nope.csv, function: 0 }\n"));
  EXPECT_DIAG(d, "t.yaml", 7, 34, "'file' does not apply to trace format azure-2019");
  EXPECT_DIAG(d, "t.yaml", 7, 60, "trace file 'nope.csv' not found");
}

TEST(TraceReader, Azure2021StartIsEndMinusDurationInOrder) {
  // Sorted by end; starts are not: row 2 (end 5, dur 4) starts at 1, before row 1 (end 3, dur 0.5).
  const std::string path = Write("a21.csv",
                                 "app,func,end_timestamp,duration\n"
                                 "A,f1,3.0,0.5\n"
                                 "A,f1,5.0,4.0\n"
                                 "A,f2,5.5,0.1\n"
                                 "A,f1,9.0,0.25\n"
                                 "A,f1,9.0,8.5\n");
  const auto spec = LoadScenarioString(
      Scenario("    trace: { format: azure-2021, file: " + path + " }\n", "memory_mb: 128"),
      "t.yaml");
  EXPECT_EQ(spec.traffic[0].trace.rows, 5u);
  EXPECT_EQ(spec.traffic[0].trace.max_duration, Duration::Millis(8500));
  const auto a = Replay(spec);
  ASSERT_EQ(a.size(), 5u);
  const std::vector<int64_t> starts_ms = {500, 1000, 2500, 5400, 8750};
  const std::vector<int64_t> durs_ms = {8500, 4000, 500, 100, 250};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(a[i].time, Time::Zero() + Duration::Millis(starts_ms[i])) << i;
    EXPECT_EQ(a[i].duration_ns, Duration::Millis(durs_ms[i]).ns()) << i;
  }
  const auto only_f2 = LoadScenarioString(
      Scenario("    trace: { format: azure-2021, file: " + path + ", function: f2 }\n"), "t.yaml");
  EXPECT_EQ(only_f2.traffic[0].trace.rows, 1u);
  EXPECT_EQ(Replay(only_f2).size(), 1u);
  const std::string bad =
      Write("a21_bad.csv", "app,func,end_timestamp,duration\nA,f,5,1\nA,f,4,1\nA,f,x,1\n");
  const auto d = Errors(Scenario("    trace: { format: azure-2021, file: " + bad + " }\n"));
  EXPECT_DIAG(d, "a21_bad.csv", 3, 5, "earlier than the previous row's (line 2)");
  EXPECT_DIAG(d, "a21_bad.csv", 4, 5, "end_timestamp 'x' is not a number");
}

TEST(TraceReader, Azure2021SampleLayout) {
  // The shared sample (when present) must validate and replay in start order.
  const fs::path sample = "/work/shared/data/azure-2021-sample/example.csv";
  if (!fs::exists(sample)) GTEST_SKIP() << "no shared sample";
  const auto spec = LoadScenarioString(
      Scenario("    trace: { format: azure-2021, file: " + sample.string() + " }\n",
               "memory_mb: 128"),
      "t.yaml");
  EXPECT_EQ(Replay(spec).size(), spec.traffic[0].trace.rows);
}

long PeakRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

TEST(TraceReader, ReplaysTwoMillionRowsInConstantMemory) {
  const fs::path p = Dir() / "big.csv";
  {
    std::ofstream out(p, std::ios::binary);
    out << "timestamp,duration\n";
    char buf[64];
    for (int i = 0; i < 2000000; ++i) {
      const int n = std::snprintf(buf, sizeof buf, "%d.%03d,0.05\n", i / 1000, i % 1000);
      out.write(buf, n);
    }
  }
  // The loader's one-time tables (the key table grows with every new key; under ASan several
  // MiB) are built before the measurement: this test measures streaming, not start-up.
  (void)LoadScenarioString(
      "duration: 1h\nfunctions:\n  api: { duration: 10ms }\ntraffic:\n  - { function: api, rate: 1 "
      "}\n",
      "warm.yaml");
  const long before = PeakRssKb();
  const auto spec = LoadScenarioString(
      "duration: 1h\nfunctions:\n  api: { duration: 10ms }\ntraffic:\n  - function: api\n    "
      "trace: { format: csv, file: " +
          p.string() + " }\n",
      "t.yaml");
  EXPECT_EQ(spec.traffic[0].trace.rows, 2000000u);
  ArrivalProcess proc(spec, 0, Time::Zero() + spec.duration, sim::RngStream(1, 0, "arrivals/api"));
  uint64_t n = 0;
  Time last;
  for (Arrival a = proc.First(); a.time != Time::Max(); a = proc.Next()) {
    ++n;
    last = a.time;
  }
  EXPECT_EQ(n, 2000000u);
  EXPECT_EQ(last, Time::Zero() + Duration::Millis(1999999));
  const long growth_kb = PeakRssKb() - before;
  EXPECT_LT(growth_kb, 4096) << "peak RSS grew by " << growth_kb << " KiB while streaming a "
                             << fs::file_size(p) / 1024 << " KiB trace";
  fs::remove(p);
}

}  // namespace
}  // namespace lambdasim
