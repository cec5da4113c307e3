// tests/regression/input_messages_test.cc — guards issue 16's lesser input faults, each found
// by the adversarial pass:
//   * `!!str 256` where an integer is expected was taken as 256 (a quoted "256" is refused);
//     other explicit tags (!!int, !!float, !foo) were silently dropped — now refused with
//     file:line:col (PreScanYaml);
//   * a multi-document scenario, a binary (NUL) scenario, a second YAML document inside a
//     `--set` value, an out-of-range `--set` index: no line:col, or silently accepted;
//   * an empty fan-out topic name passed;
//   * a CSV trace header starting with a UTF-8 byte-order mark was "an unknown column"; CSV
//     header and field-count errors had a line but no column;
//   * two azure-2019 rows with the selected HashFunction: the first was used silently (now
//     refused, naming both rows);
//   * the azure-2021 `function:` filter could not tell apart one func hash under two apps
//     (new key `app:`);
//   * control characters (ANSI escapes) in names and paths reached the terminal raw.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/load/number_text.h"
#include "models/load/scenario_loader.h"
#include "models/spec/diagnostics.h"
#include "models/workload/arrivals.h"
#include "tests/diagnostics_test_util.h"

namespace lambdasim {
namespace {

using testing::All;
using testing::Errors;

namespace fs = std::filesystem;

constexpr const char* kMinimal =
    "functions:\n  api:\n    duration: 100ms\ntraffic:\n  - function: api\n    rate: 10\n";

// Some diagnostic at line:col (0 = any) in `file` containing `text`.
bool Has(const std::vector<Diagnostic>& d, const std::string& file, int line, int col,
         const std::string& text) {
  for (const auto& x : d)
    if (x.file == file && (line == 0 || x.line == line) && (col == 0 || x.column == col) &&
        x.message.find(text) != std::string::npos)
      return true;
  return false;
}

std::string Write(const std::string& name, const std::string& text) {
  const char* env = std::getenv("LAMBDASIM_TEST_TMP");
  const fs::path dir = fs::path(env ? env : fs::temp_directory_path().string()) / "regression";
  fs::create_directories(dir);
  const fs::path p = dir / name;
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

TEST(Regression, StrTagIsAStringLikeQuotes) {
  const auto d = Errors(std::string(kMinimal) + "seed: !!str 256\n");
  EXPECT_TRUE(Has(d, "t.yaml", 7, 7, "must be an unsigned integer, got the string") ||
              Has(d, "t.yaml", 7, 7, "got the string \"256\""))
      << All(d);
}

TEST(Regression, OtherExplicitTagsAreRefusedWithLocation) {
  auto d = Errors(std::string(kMinimal) + "seed: !!int 5\n");
  EXPECT_TRUE(Has(d, "t.yaml", 7, 7, "explicit YAML tag '!!int' is not supported")) << All(d);
  d = Errors("functions: !custom\n  api:\n    duration: 100ms\ntraffic: []\n");
  EXPECT_TRUE(Has(d, "t.yaml", 1, 12, "explicit YAML tag '!custom'")) << All(d);
  d = Errors(std::string(kMinimal) + "duration: !!float 60\n");
  EXPECT_TRUE(Has(d, "t.yaml", 7, 11, "'!!float'")) << All(d);
}

TEST(Regression, MultiDocumentAndBinaryScenariosHaveLineAndColumn) {
  auto d = Errors(std::string(kMinimal) + "---\nseed: 2\n");
  EXPECT_TRUE(Has(d, "t.yaml", 7, 1, "2 YAML documents")) << All(d);  // the "---"
  d = Errors(std::string("functions:\n  api:\n    dur\0ation: 1ms\n", 33));
  EXPECT_TRUE(Has(d, "t.yaml", 3, 8, "binary file")) << All(d);
}

TEST(Regression, SetValueWithASecondDocumentIsRefused) {
  const auto d = Errors(kMinimal, {Override{"seed", "5\n---\n6"}});
  EXPECT_TRUE(Has(d, "--set", 0, 0, "seed=5\n---\n6: 2 YAML documents")) << All(d);
  const auto tagged = Errors(kMinimal, {Override{"seed", "!!int 5"}});
  EXPECT_NE(All(tagged).find("explicit YAML tag '!!int'"), std::string::npos) << All(tagged);
}

TEST(Regression, SetIndexOutOfRangePointsAtTheList) {
  const auto d = Errors(kMinimal, {Override{"traffic.3.rate", "5"}});
  // The list `traffic:` holds one entry, at line 5 column 3.
  EXPECT_TRUE(Has(d, "--set", 0, 0,
                  "traffic.3.rate=5: index 3 is out of range ('traffic' has 1 entries); the list "
                  "is at t.yaml:5:3"))
      << All(d);
}

TEST(Regression, CrossFieldSetErrorsSayWhereTheSetLanded) {
  const std::string yaml =
      "functions:\n  api:\n    duration: 100ms\n    reserved_concurrency: 10\ntraffic:\n  - "
      "function: api\n    rate: 10\n";
  const auto d = Errors(yaml, {Override{"functions.api.provisioned_concurrency", "50"}});
  // `api:`'s mapping starts at line 3, column 5: reserved_concurrency is beside it.
  EXPECT_NE(All(d).find("--set functions.api.provisioned_concurrency=50: function 'api': "
                        "provisioned concurrency 50 exceeds its reserved_concurrency 10 (set into "
                        "t.yaml:3:5)"),
            std::string::npos)
      << All(d);
}

TEST(Regression, EmptyFanoutTopicNameIsRefused) {
  const auto d = Errors(
      "functions:\n  api: { duration: 100ms }\nfanout:\n  - name: ''\n    targets: [ { "
      "function: api } ]\ntraffic:\n  - { function: api, rate: 1 }\n");
  EXPECT_TRUE(Has(d, "t.yaml", 4, 11, "fan-out topic name ''")) << All(d);
}

std::string TraceScenario(const std::string& trace) {
  return "duration: 30m\nfunctions:\n  api: { duration: 100ms }\ntraffic:\n  - function: api\n" +
         trace;
}

TEST(Regression, CsvTraceHeaderWithByteOrderMarkIsAccepted) {
  const std::string path = Write("bom.csv", "\xEF\xBB\xBFtimestamp,function\n1.5,api\n2.5,api\n");
  const auto spec =
      LoadScenarioString(TraceScenario("    trace: { format: csv, file: " + path + " }\n"), "t");
  EXPECT_EQ(spec.traffic[0].trace.rows, 2u);
  ArrivalProcess p(spec, 0, sim::Time::Zero() + spec.duration, sim::RngStream(1, 0, "a"));
  EXPECT_EQ(p.First().time, sim::Time::Zero() + sim::Duration::Millis(1500));
}

TEST(Regression, CsvHeaderAndRowErrorsHaveColumns) {
  const std::string hdr = Write("hdr_cols.csv", "timestamp,tiem\n1,x\n");
  auto d = Errors(TraceScenario("    trace: { format: csv, file: " + hdr + " }\n"));
  EXPECT_TRUE(Has(d, hdr, 1, 11, "unknown column 'tiem'")) << All(d);
  const std::string rows = Write("row_cols.csv", "timestamp,function\n1,api,5\n2\n");
  d = Errors(TraceScenario("    trace: { format: csv, file: " + rows + " }\n"));
  EXPECT_TRUE(Has(d, rows, 2, 7, "row has 3 fields; the header has 2")) << All(d);
  EXPECT_TRUE(Has(d, rows, 3, 2, "row has 1 fields; the header has 2")) << All(d);
}

std::string Azure2019Row(char owner, char func, int minute1_count) {
  std::ostringstream out;
  out << std::string(64, owner) << ',' << std::string(64, 'p') << ',' << std::string(64, func)
      << ",http," << minute1_count;
  for (int m = 2; m <= 1440; ++m) out << ",0";
  out << '\n';
  return out.str();
}

TEST(Regression, DuplicateAzure2019HashFunctionRowsAreRefused) {
  std::ostringstream file;
  file << "HashOwner,HashApp,HashFunction,Trigger";
  for (int m = 1; m <= 1440; ++m) file << ',' << m;
  file << '\n'
       << Azure2019Row('o', 'a', 3) << Azure2019Row('o', 'b', 1) << Azure2019Row('q', 'a', 7);
  const std::string path = Write("dup2019.csv", file.str());
  const auto d = Errors(TraceScenario("    trace: { format: azure-2019, invocations: " + path +
                                      ", function: " + std::string(64, 'a') + " }\n"));
  EXPECT_TRUE(Has(d, path, 4, 0, "has a second row here (the first is line 2)")) << All(d);
  // Selecting by row index stays possible.
  const auto spec = LoadScenarioString(
      TraceScenario("    trace: { format: azure-2019, invocations: " + path + ", function: 2 }\n"),
      "t.yaml");
  EXPECT_EQ(spec.traffic[0].trace.rows, 7u);
}

TEST(Regression, Azure2021AppKeySelectsOneAppsRows) {
  const std::string path = Write("a21_apps.csv",
                                 "app,func,end_timestamp,duration\n"
                                 "A,f1,3.0,0.5\n"
                                 "B,f1,4.0,0.5\n"
                                 "B,f1,5.0,0.5\n"
                                 "A,f2,6.0,0.5\n");
  const auto both = LoadScenarioString(
      TraceScenario("    trace: { format: azure-2021, file: " + path + ", function: f1 }\n"), "t");
  EXPECT_EQ(both.traffic[0].trace.rows, 3u);
  const auto only_b =
      LoadScenarioString(TraceScenario("    trace: { format: azure-2021, file: " + path +
                                       ", function: f1, app: B }\n"),
                         "t");
  EXPECT_EQ(only_b.traffic[0].trace.rows, 2u);
  ArrivalProcess p(only_b, 0, sim::Time::Zero() + only_b.duration, sim::RngStream(1, 0, "a"));
  EXPECT_EQ(p.First().time, sim::Time::Zero() + sim::Duration::Millis(3500));
  const auto d = Errors(TraceScenario("    trace: { format: azure-2021, file: " + path +
                                      ", function: f2, app: B }\n"));
  EXPECT_NE(All(d).find("no row with func 'f2' app 'B'"), std::string::npos) << All(d);
}

TEST(Regression, ControlCharactersAreEscapedForTheTerminal) {
  EXPECT_EQ(EscapeForTerminal("a\x1b[2Jb"), "a\\x1b[2Jb");
  EXPECT_EQ(EscapeForTerminal("tab\there\r"), "tab\\there\\x0d");
  EXPECT_EQ(EscapeForTerminal("c1 \xc2\x9b"
                              "31m"),
            "c1 \\u009b31m");
  EXPECT_EQ(EscapeForTerminal("caf\xc3\xa9 ok"), "caf\xc3\xa9 ok");  // UTF-8 kept
}

TEST(Regression, CommandLineNumbersFollowTheScenarioRules) {
  std::string why;
  EXPECT_FALSE(ParseUInt64Text("-1", &why));
  EXPECT_NE(why.find("negative"), std::string::npos) << why;
  EXPECT_FALSE(ParseUInt64Text("18446744073709551616", &why));
  EXPECT_FALSE(ParseUInt64Text("1e23", &why));
  EXPECT_NE(why.find("exponent"), std::string::npos) << why;
  EXPECT_FALSE(ParseUInt64Text("0x10", &why));
  EXPECT_NE(why.find("hex"), std::string::npos) << why;
  EXPECT_EQ(ParseUInt64Text("18446744073709551615", &why), 18446744073709551615ull);
  EXPECT_FALSE(ParseNumberText("nan", 0, 1e18, &why));
  EXPECT_FALSE(ParseNumberText("-1", 1, 1e18, &why));
  EXPECT_EQ(ParseNumberText("2e9", 1, 1e18, &why), 2e9);
  EXPECT_FALSE(ParseIntegerText("1.5", 0, 10, &why));
  EXPECT_EQ(ParseIntegerText("7", 0, 10, &why), 7);
}

}  // namespace
}  // namespace lambdasim
