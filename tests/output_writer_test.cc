// tests/output_writer_test.cc — JSON/CSV formatting, atomic file writing, summary.json
// round trip, and the structure of report.html (charts, data-key values, well-formed SVG).
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/output/json_writer.h"
#include "models/output/output_writer.h"
#include "models/output/report_html.h"
#include "models/output/summary_table.h"

namespace lambdasim {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------- helpers

// A RunResult with 2 functions ("api", "worker") and 10 one-minute buckets, with
// non-trivial values (fractions, throttles of every reason, provisioned concurrency).
RunResult MakeResult() {
  RunResult r;
  r.function_names = {"api", "worker"};
  r.bucket_seconds = 60;
  for (int b = 0; b < 10; ++b) {
    for (int f = 0; f < 2; ++f) {
      FunctionBucketRow row;
      row.t_s = 60.0 * b;
      row.invocations = static_cast<uint64_t>(1000 + 100 * b + f);
      row.errors = static_cast<uint64_t>(b % 3);
      row.throttles_by_reason = {static_cast<uint64_t>(b), static_cast<uint64_t>(f * b),
                                 static_cast<uint64_t>(b > 5 ? 7 : 0), 1};
      row.throttles = row.throttles_by_reason[0] + row.throttles_by_reason[1] +
                      row.throttles_by_reason[2] + row.throttles_by_reason[3];
      row.cold_starts = static_cast<uint64_t>(10 - b);
      row.concurrent_executions_avg = 40.25 + b * 3.5 + f;
      row.concurrent_executions_max = 60 + 4 * b;
      row.provisioned_concurrent_executions_max = f == 0 ? 10 : 0;
      row.provisioned_concurrency_utilization_max = f == 0 ? 0.875 : 0;
      row.provisioned_concurrency_invocations = f == 0 ? 200 : 0;
      row.provisioned_concurrency_spillover_invocations = f == 0 ? 800 : 0;
      row.provisioned_concurrency_allocated = f == 0 ? 10 : 0;
      row.idle_environments_avg = 5.0 / 3.0;
      row.duration_p50_ms = 120.5 + b;
      row.duration_p99_ms = 480.125 + b;
      row.latency_p99_ms = 700 + b;
      row.cost_usd = 0.000123456789 * (b + 1);
      r.function_rows.push_back(row);
    }
    AccountBucketRow a;
    a.t_s = 60.0 * b;
    a.concurrent_executions_avg = 81.5 + 7 * b;
    a.concurrent_executions_max = 125 + 8 * b;
    a.unreserved_concurrent_executions_avg = 41.25;
    a.unreserved_concurrent_executions_max = 64;
    a.claimed_account_concurrency_max = 100;
    r.account_rows.push_back(a);
  }
  for (int f = 0; f < 2; ++f) {
    FunctionSummary s;
    s.name = r.function_names[static_cast<size_t>(f)];
    s.requests = 15000 + static_cast<uint64_t>(f);
    s.invocations = 14500 + static_cast<uint64_t>(f);
    s.errors = 9;
    s.throttles_by_reason = {45, static_cast<uint64_t>(45 * f), 28, 10};
    s.throttles = 83 + static_cast<uint64_t>(45 * f);
    s.cold_starts = 55;
    s.timeouts = 2;
    s.client_retries = 31;
    s.client_failures = 4;
    s.gateway_timeouts = 1;
    s.provisioned_concurrency_invocations = f == 0 ? 2000 : 0;
    s.provisioned_concurrency_spillover_invocations = f == 0 ? 8000 : 0;
    s.throttle_rate = static_cast<double>(s.throttles) / static_cast<double>(s.requests);
    s.cold_start_rate = 55.0 / 14500.0;
    s.error_rate = 9.0 / 14500.0;
    s.concurrency_mean = 56.0 + 1.0 / 3.0;
    s.concurrency_max = 96;
    s.concurrency_limit = f == 0 ? 100 : 900;
    s.environments_created = 57;
    s.latency = {120.5, 300.25, 700.125, 950.0, 180.333333333333, 1200};
    s.duration = {110.5, 290.25, 480.125, 600.0, 150.1, 800};
    s.cost_requests_usd = 0.0029;
    s.cost_duration_usd = 0.0123456789012;
    s.cost_provisioned_usd = f == 0 ? 0.5 : 0;
    s.cost_usd = s.cost_requests_usd + s.cost_duration_usd + s.cost_provisioned_usd;
    r.functions.push_back(s);
  }
  AccountSummary& a = r.account;
  a.requests = 30001;
  a.invocations = 29001;
  a.errors = 18;
  a.throttles_by_reason = {90, 45, 56, 20};
  a.throttles = 211;
  a.cold_starts = 110;
  a.throttle_rate = 211.0 / 30001.0;
  a.cold_start_rate = 110.0 / 29001.0;
  a.concurrency_mean = 112.75;
  a.concurrency_max = 197;
  a.concurrency_limit = 1000;
  a.unreserved_concurrency_max = 97;
  a.claimed_account_concurrency_max = 100;
  a.latency = {121, 301, 701, 951, 181.5, 1201};
  a.cost_usd = 0.53;
  Manifest& m = r.manifest;
  m.scenario_name = "unit <test> & \"friends\"";
  m.scenario_file = "scenarios/unit.yaml";
  m.scenario_hash = "0123456789abcdef";
  m.version = "0.1.0";
  m.platform = "aws-2023";
  m.seed = 42;
  m.events_processed = 123456;
  m.simulated_seconds = 600;
  m.horizon_seconds = 600;
  m.wall_seconds = 0.25;
  return r;
}

ScenarioSpec MakeSpec() {
  ScenarioSpec s;
  s.name = "unit <test> & \"friends\"";
  s.duration = sim::Duration::Minutes(10);
  s.seed = 42;
  s.platform.name = "aws-2023";
  FunctionSpec api;
  api.name = "api";
  api.reserved_concurrency = 100;
  api.duration = sim::Distribution::LognormalMedianP99(0.12, 0.48);
  api.provisioned_concurrency = 10;
  FunctionSpec worker;
  worker.name = "worker";
  worker.duration = sim::Distribution::Exponential(0.2);
  s.functions = {api, worker};
  TrafficSpec t;
  t.function = "api";
  t.rate_per_s = 25;
  t.client.policy = RetryPolicy::kSdkStandard;
  t.client.max_attempts = 3;
  t.via_api_gateway = true;
  t.api_gateway_timeout = sim::Duration::Seconds(29);
  s.traffic = {t};
  return s;
}

fs::path TestRoot() {
  const char* env = std::getenv("LAMBDASIM_TEST_TMP");
  fs::path base = env != nullptr ? fs::path(env) : fs::temp_directory_path();
  return base / ("output_writer_test." + std::to_string(::getpid()));
}

// Removes this process's scratch directory at exit.
struct RemoveTestRoot {
  ~RemoveTestRoot() {
    std::error_code ec;
    fs::remove_all(TestRoot(), ec);
  }
} remove_test_root;

fs::path TestDir(const std::string& name) {
  fs::path dir = TestRoot() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> TmpFilesIn(const fs::path& dir) {
  std::vector<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().filename().string().find(".tmp.") != std::string::npos)
      out.push_back(e.path().string());
  }
  return out;
}

// Light JSON lookup: follows `path` keys in order ("functions", "api", "invocations") by
// string search and returns the raw value text up to the next ',' or newline.
std::string JsonValueAt(const std::string& json, const std::vector<std::string>& path) {
  size_t pos = 0;
  for (const std::string& key : path) {
    const std::string needle = "\"" + key + "\": ";
    pos = json.find(needle, pos);
    if (pos == std::string::npos) return "<missing " + key + ">";
    pos += needle.size();
  }
  const size_t end = json.find_first_of(",\n", pos);
  return json.substr(pos, end - pos);
}

// All (data-key → data-value) pairs in the HTML.
std::map<std::string, std::string> DataKeys(const std::string& html) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while ((pos = html.find("data-key=\"", pos)) != std::string::npos) {
    pos += 10;
    const size_t kend = html.find('"', pos);
    const std::string key = html.substr(pos, kend - pos);
    const size_t vpos = html.find("data-value=\"", kend);
    EXPECT_EQ(vpos, kend + 2) << "data-value must follow data-key for " << key;
    const size_t vstart = vpos + 12;
    const size_t vend = html.find('"', vstart);
    EXPECT_TRUE(out.emplace(key, html.substr(vstart, vend - vstart)).second) << "duplicate " << key;
    pos = vend;
  }
  return out;
}

// The <svg>…</svg> fragments of a document.
std::vector<std::string> SvgFragments(const std::string& html) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = html.find("<svg", pos)) != std::string::npos) {
    const size_t end = html.find("</svg>", pos);
    if (end == std::string::npos) {
      out.push_back(html.substr(pos));
      break;
    }
    out.push_back(html.substr(pos, end + 6 - pos));
    pos = end + 6;
  }
  return out;
}

// Tag balance for an XML fragment: every element closed in order, no stray '<' or '&'.
// Returns "" when fine, else a description of the first problem.
std::string XmlProblem(const std::string& xml) {
  std::vector<std::string> stack;
  size_t i = 0;
  while (i < xml.size()) {
    const char c = xml[i];
    if (c == '&') {
      const size_t semi = xml.find(';', i);
      const std::string ent = xml.substr(i, semi == std::string::npos ? 8 : semi + 1 - i);
      if (ent != "&amp;" && ent != "&lt;" && ent != "&gt;" && ent != "&quot;" && ent != "&#39;") {
        return "bad entity " + ent;
      }
      i = semi + 1;
      continue;
    }
    if (c != '<') {
      if (c == '>') return "stray '>' at " + std::to_string(i);
      ++i;
      continue;
    }
    // Find the end of the tag, honouring quoted attribute values.
    size_t j = i + 1;
    char quote = 0;
    for (; j < xml.size(); ++j) {
      if (quote != 0) {
        if (xml[j] == quote)
          quote = 0;
        else if (xml[j] == '<')
          return "'<' inside an attribute value";
      } else if (xml[j] == '"' || xml[j] == '\'') {
        quote = xml[j];
      } else if (xml[j] == '>') {
        break;
      }
    }
    if (j >= xml.size()) return "unterminated tag";
    const std::string tag = xml.substr(i + 1, j - i - 1);
    if (tag.empty()) return "empty tag";
    if (tag[0] == '/') {
      const std::string name = tag.substr(1);
      if (stack.empty() || stack.back() != name) return "mismatched </" + name + ">";
      stack.pop_back();
    } else if (tag.back() != '/') {
      stack.push_back(tag.substr(0, tag.find_first_of(" \n\t")));
    }
    i = j + 1;
  }
  if (!stack.empty()) return "unclosed <" + stack.back() + ">";
  return "";
}

size_t Count(const std::string& s, const std::string& needle) {
  size_t n = 0;
  for (size_t p = s.find(needle); p != std::string::npos; p = s.find(needle, p + needle.size()))
    ++n;
  return n;
}

// ---------------------------------------------------------------- JSON

TEST(JsonWriterTest, EscapesStrings) {
  EXPECT_EQ(JsonQuote("plain"), "\"plain\"");
  EXPECT_EQ(JsonQuote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(JsonQuote("l1\nl2\r\t\b\f"), "\"l1\\nl2\\r\\t\\b\\f\"");
  EXPECT_EQ(JsonQuote(std::string("\x01\x1f", 2)), "\"\\u0001\\u001f\"");
  EXPECT_EQ(JsonQuote(std::string("nul\0x", 5)), "\"nul\\u0000x\"");
  EXPECT_EQ(JsonQuote("caf\xc3\xa9 / </script>"), "\"caf\xc3\xa9 / </script>\"");
}

TEST(JsonWriterTest, FormatsNumbersDeterministically) {
  EXPECT_EQ(FormatJsonNumber(12.0), "12");
  EXPECT_EQ(FormatJsonNumber(-12.0), "-12");
  EXPECT_EQ(FormatJsonNumber(0.0), "0");
  EXPECT_EQ(FormatJsonNumber(-0.0), "0");
  EXPECT_EQ(FormatJsonNumber(1e15), "1000000000000000");
  EXPECT_EQ(FormatJsonNumber(0.1), "0.1");
  EXPECT_EQ(FormatJsonNumber(0.25), "0.25");
  EXPECT_EQ(FormatJsonNumber(1.0 / 3.0), "0.3333333333");
  EXPECT_EQ(FormatJsonNumber(123456.789012345), "123456.789");
  EXPECT_EQ(FormatJsonNumber(1.5e-7), "1.5e-07");
  EXPECT_EQ(FormatJsonNumber(1e300), "1e+300");
  EXPECT_EQ(FormatJsonNumber(std::nan("")), "null");
  EXPECT_EQ(FormatJsonNumber(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(FormatJsonNumber(-std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(FormatCsvNumber(600.0), "600");
  EXPECT_EQ(FormatCsvNumber(1.0 / 3.0), "0.333333");
  EXPECT_EQ(FormatCsvNumber(40.25), "40.25");
  EXPECT_EQ(FormatCsvNumber(std::nan("")), "");
}

TEST(JsonWriterTest, KeepsInsertionOrderAndNests) {
  JsonWriter w;
  w.BeginObject();
  w.Field("z", int64_t{1});
  w.Field("a", "x");
  w.Key("list");
  w.BeginArray();
  w.Double(1.5);
  w.Bool(true);
  w.Null();
  w.BeginObject();
  w.EndObject();
  w.EndArray();
  w.Key("empty");
  w.BeginArray();
  w.EndArray();
  w.EndObject();
  EXPECT_EQ(w.Finish(),
            "{\n  \"z\": 1,\n  \"a\": \"x\",\n  \"list\": [\n    1.5,\n    true,\n    null,\n    "
            "{}\n  ],\n"
            "  \"empty\": []\n}\n");
}

TEST(JsonWriterTest, MisuseThrows) {
  JsonWriter w;
  w.BeginObject();
  EXPECT_THROW(w.Int(1), std::logic_error);
  EXPECT_THROW(w.EndArray(), std::logic_error);
  EXPECT_THROW(w.Finish(), std::logic_error);
}

// ---------------------------------------------------------------- files

TEST(OutputWriterTest, WritesAllFilesAtomically) {
  const fs::path dir = TestDir("all") / "nested" / "out";
  const RunResult r = MakeResult();
  WriteRun(r, MakeSpec(), dir.string());
  for (const char* name : {"summary.json", "timeseries.csv", "account_timeseries.csv",
                           "report.html", "manifest.json"}) {
    EXPECT_TRUE(fs::is_regular_file(dir / name)) << name;
    EXPECT_GT(fs::file_size(dir / name), 0u) << name;
  }
  EXPECT_TRUE(TmpFilesIn(dir).empty());

  const std::string manifest = ReadFile(dir / "manifest.json");
  EXPECT_EQ(JsonValueAt(manifest, {"scenario_name"}), "\"unit <test> & \\\"friends\\\"\"");
  EXPECT_EQ(JsonValueAt(manifest, {"seed"}), "42");
  EXPECT_EQ(JsonValueAt(manifest, {"events_processed"}), "123456");
  EXPECT_EQ(JsonValueAt(manifest, {"complete"}), "true");
  EXPECT_EQ(JsonValueAt(manifest, {"wall_seconds"}), "0.25");
  for (const char* key : {"scenario_file", "scenario_hash", "version", "platform", "replication",
                          "simulated_seconds", "horizon_seconds", "error"}) {
    EXPECT_EQ(JsonValueAt(manifest, {key}).rfind("<missing", 0), std::string::npos) << key;
  }
  EXPECT_NE(manifest.find("\"files\": [\n    \"summary.json\",\n    \"timeseries.csv\",\n    "
                          "\"account_timeseries.csv\",\n    \"report.html\"\n  ]"),
            std::string::npos)
      << manifest;
}

TEST(OutputWriterTest, SummaryJsonRoundTrips) {
  const fs::path dir = TestDir("summary");
  const RunResult r = MakeResult();
  WriteRun(r, MakeSpec(), dir.string());
  const std::string json = ReadFile(dir / "summary.json");
  EXPECT_EQ(JsonValueAt(json, {"scenario"}), "\"unit <test> & \\\"friends\\\"\"");
  EXPECT_EQ(JsonValueAt(json, {"functions", "api", "invocations"}), "14500");
  EXPECT_EQ(JsonValueAt(json, {"functions", "worker", "invocations"}), "14501");
  EXPECT_EQ(JsonValueAt(json, {"functions", "worker", "throttles_reserved_concurrency"}), "45");
  EXPECT_EQ(JsonValueAt(json, {"functions", "api", "throttles_scaling_rate"}), "28");
  EXPECT_EQ(JsonValueAt(json, {"functions", "api", "latency_p999_ms"}), "950");
  EXPECT_EQ(JsonValueAt(json, {"functions", "api", "concurrency_mean"}), "56.33333333");
  EXPECT_EQ(JsonValueAt(json, {"functions", "api", "cost_provisioned_usd"}), "0.5");
  EXPECT_EQ(JsonValueAt(json, {"account", "throttles_account_concurrency"}), "90");
  EXPECT_EQ(JsonValueAt(json, {"account", "claimed_account_concurrency_max"}), "100");
  EXPECT_EQ(JsonValueAt(json, {"account", "latency_mean_ms"}), "181.5");
  // Every documented key, for both functions, with the value the field list gives.
  for (const FunctionSummary& f : r.functions) {
    for (const SummaryField& field : FunctionSummaryFields(f)) {
      EXPECT_EQ(JsonValueAt(json, {"functions", f.name, field.key}), SummaryFieldJson(field))
          << f.name << "." << field.key;
      const double parsed =
          std::strtod(JsonValueAt(json, {"functions", f.name, field.key}).c_str(), nullptr);
      EXPECT_NEAR(parsed, field.AsDouble(), 1e-9 * std::max(1.0, std::fabs(field.AsDouble())))
          << field.key;
    }
  }
  for (const char* key : {"requests",
                          "invocations",
                          "errors",
                          "throttles",
                          "throttles_account_concurrency",
                          "throttles_reserved_concurrency",
                          "throttles_scaling_rate",
                          "throttles_rps_limit",
                          "throttles_capacity",
                          "cold_starts",
                          "timeouts",
                          "client_retries",
                          "client_failures",
                          "gateway_timeouts",
                          "gateway_throttles",
                          "provisioned_concurrency_invocations",
                          "provisioned_concurrency_spillover_invocations",
                          "throttle_rate",
                          "cold_start_rate",
                          "error_rate",
                          "concurrency_mean",
                          "concurrency_max",
                          "concurrency_limit",
                          "environments_created",
                          "environments_mean",
                          "latency_p50_ms",
                          "latency_p90_ms",
                          "latency_p99_ms",
                          "latency_p999_ms",
                          "latency_mean_ms",
                          "latency_max_ms",
                          "duration_p50_ms",
                          "duration_p99_ms",
                          "cost_usd",
                          "cost_requests_usd",
                          "cost_duration_usd",
                          "cost_provisioned_usd"}) {
    EXPECT_EQ(JsonValueAt(json, {"functions", "api", key}).rfind("<missing", 0), std::string::npos)
        << key;
  }
  for (const SummaryField& field : AccountSummaryFields(r.account)) {
    EXPECT_EQ(JsonValueAt(json, {"account", field.key}), SummaryFieldJson(field)) << field.key;
  }
}

TEST(OutputWriterTest, TimeseriesCsvShape) {
  const RunResult r = MakeResult();
  const std::string csv = RenderTimeseriesCsv(r);
  const std::string header =
      "t_s,function,invocations,throttles,cold_starts,concurrent_executions_max,concurrent_"
      "executions_avg,errors,"
      "throttles_account_concurrency,throttles_reserved_concurrency,throttles_scaling_rate,"
      "throttles_rps_limit,throttles_capacity,throttles_tenant_environments,"
      "provisioned_concurrent_executions_max,provisioned_concurrency_utilization_max,"
      "provisioned_concurrency_invocations,provisioned_concurrency_spillover_invocations,"
      "provisioned_concurrency_allocated,idle_environments_avg,environments_avg,duration_p50_ms,"
      "duration_p99_ms,latency_p99_ms,"
      "cost_usd,async_events_received,async_events_dropped,dead_letter_events,async_event_age_avg_"
      "ms,"
      "async_event_age_max_ms,async_queue_depth_avg,async_queue_depth_max,"
      "approximate_number_of_messages_visible_avg,approximate_number_of_messages_visible_max,"
      "approximate_age_of_oldest_message_max_s,messages_in_flight_max,batches_invoked,esm_"
      "concurrency_max,"
      "messages_deleted,sqs_dead_letter_messages,iterator_age_max_ms,records_processed,records_"
      "dropped,gateway_throttles,offset_lag_max,snapstart_restores\n";  // offset_lag_max: Kafka
  ASSERT_EQ(csv.substr(0, header.size()), header);
  EXPECT_EQ(Count(csv, "\n"), 21u);
  // Bucket 1, worker: row index 3 (event-driven columns all zero here).
  EXPECT_NE(
      csv.find("\n60,worker,1101,3,9,64,44.75,1,1,1,0,1,0,0,0,0,0,0,0,1.66667,0,121.5,481.125,"
               "701,0.000246914,"
               "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0\n"),
      std::string::npos)
      << csv;
  const std::string acct = RenderAccountTimeseriesCsv(r);
  EXPECT_EQ(acct.substr(0, acct.find('\n')),
            "t_s,concurrent_executions_avg,concurrent_executions_max,unreserved_concurrent_"
            "executions_avg,"
            "unreserved_concurrent_executions_max,claimed_account_concurrency_max,gateway_"
            "throttles");
  EXPECT_EQ(Count(acct, "\n"), 11u);
  EXPECT_NE(acct.find("\n540,144.5,197,41.25,64,100,0\n"), std::string::npos) << acct;
}

TEST(OutputWriterTest, CsvQuotesAwkwardFunctionNames) {
  RunResult r;
  r.function_names = {"we\"ird,name"};
  r.function_rows.resize(1);
  const std::string csv = RenderTimeseriesCsv(r);
  EXPECT_NE(csv.find("\n0,\"we\"\"ird,name\",0,"), std::string::npos) << csv;
}

TEST(OutputWriterTest, InconsistentRowsThrow) {
  RunResult r = MakeResult();
  r.function_rows.pop_back();
  EXPECT_THROW(RenderTimeseriesCsv(r), OutputError);
}

TEST(OutputWriterTest, Deterministic) {
  const fs::path a = TestDir("det_a"), b = TestDir("det_b");
  RunResult r = MakeResult();
  WriteRun(r, MakeSpec(), a.string());
  r.manifest.wall_seconds = 99.5;  // wall time must only reach the manifest
  WriteRun(r, MakeSpec(), b.string());
  for (const char* name :
       {"summary.json", "timeseries.csv", "account_timeseries.csv", "report.html"}) {
    EXPECT_EQ(ReadFile(a / name), ReadFile(b / name)) << name;
  }
  EXPECT_NE(ReadFile(a / "manifest.json"), ReadFile(b / "manifest.json"));
}

TEST(OutputWriterTest, ParentIsAFileThrowsAndCreatesNothing) {
  const fs::path dir = TestDir("blocked");
  const fs::path blocker = dir / "blocker";
  std::ofstream(blocker) << "not a directory";
  const fs::path out = blocker / "out";
  try {
    WriteRun(MakeResult(), MakeSpec(), out.string());
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find(out.string()), std::string::npos) << e.what();
  }
  EXPECT_THROW(WriteManifestOnly(Manifest{}, out.string()), OutputError);
  EXPECT_TRUE(fs::is_regular_file(blocker));
  EXPECT_EQ(ReadFile(blocker), "not a directory");
  EXPECT_TRUE(TmpFilesIn(dir).empty());
}

TEST(OutputWriterTest, RenameFailureRemovesTempFileAndStops) {
  const fs::path dir = TestDir("rename_fails");
  // A non-empty directory where summary.json should go: rename() over it fails.
  fs::create_directories(dir / "summary.json" / "occupied");
  try {
    WriteRun(MakeResult(), MakeSpec(), dir.string());
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find((dir / "summary.json").string()), std::string::npos) << what;
    EXPECT_NE(what.find(": "), std::string::npos) << what;  // errno text follows
  }
  EXPECT_TRUE(TmpFilesIn(dir).empty());
  // The run never looks complete: the manifest says so and lists no file (issue 16: a half
  // state is always marked, never left without a manifest).
  ASSERT_TRUE(fs::exists(dir / "manifest.json"));
  const std::string manifest = ReadFile(dir / "manifest.json");
  EXPECT_NE(manifest.find("\"complete\": false"), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\"files\": []"), std::string::npos) << manifest;
  EXPECT_FALSE(fs::exists(dir / "report.html"));
}

TEST(OutputWriterTest, WriteFileAtomicReplacesExisting) {
  const fs::path dir = TestDir("replace");
  WriteFileAtomic(dir.string(), "x.txt", "first, longer content");
  WriteFileAtomic(dir.string(), "x.txt", "second");
  EXPECT_EQ(ReadFile(dir / "x.txt"), "second");
  EXPECT_TRUE(TmpFilesIn(dir).empty());
}

TEST(OutputWriterTest, ManifestOnlyForFailedRuns) {
  const fs::path dir = TestDir("failed") / "out";
  Manifest m = MakeResult().manifest;
  m.complete = false;
  m.error = "invariant broken at t=12.5s: \"negative\" concurrency";
  WriteManifestOnly(m, dir.string());
  const std::string json = ReadFile(dir / "manifest.json");
  EXPECT_EQ(JsonValueAt(json, {"complete"}), "false");
  EXPECT_EQ(JsonValueAt(json, {"error"}),
            "\"invariant broken at t=12.5s: \\\"negative\\\" concurrency\"");
  EXPECT_NE(json.find("\"files\": []"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "summary.json"));
}

// ---------------------------------------------------------------- report.html

TEST(ReportHtmlTest, OneWellFormedChartPerMetric) {
  const std::string html = RenderReportHtml(MakeResult(), MakeSpec());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://", 0),
            html.find("http://www.w3.org/2000/svg"));  // only the SVG namespace
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(Count(html, "<svg"), Count(html, "</svg>"));
  const std::vector<std::string> svgs = SvgFragments(html);
  std::multiset<std::string> metrics;
  for (const std::string& svg : svgs) {
    EXPECT_EQ(XmlProblem(svg), "") << svg.substr(0, 300);
    const size_t m = svg.find("data-metric=\"");
    ASSERT_NE(m, std::string::npos);
    metrics.insert(svg.substr(m + 13, svg.find('"', m + 13) - m - 13));
    const size_t open_end = svg.find(">\n");
    EXPECT_EQ(svg.substr(open_end + 2, 7), "<title>") << "first child of <svg> is <title>";
  }
  // Every chart twice (wide and narrow layout); one concurrency chart per function.
  std::multiset<std::string> expected;
  for (const char* m : {"concurrency", "function_concurrency", "function_concurrency",
                        "invocations", "throttles", "cold_starts", "latency", "cost"}) {
    expected.insert(m);
    expected.insert(m);
  }
  EXPECT_EQ(metrics, expected);
  EXPECT_EQ(Count(html, "data-layout=\"wide\""), 8u);
  EXPECT_EQ(Count(html, "data-layout=\"narrow\""), 8u);
  EXPECT_NE(html.find("<meta name=\"viewport\""), std::string::npos);
  EXPECT_EQ(
      XmlProblem(html.substr(html.find("<body>"), html.find("</body>") + 7 - html.find("<body>"))),
      "");
}

TEST(ReportHtmlTest, ConcurrencyChartsHaveLimitLines) {
  const std::string html = RenderReportHtml(MakeResult(), MakeSpec());
  const std::vector<std::string> svgs = SvgFragments(html);
  ASSERT_GE(svgs.size(), 6u);
  // The account chart always draws the account limit, however far above the data.
  ASSERT_NE(svgs[0].find("data-metric=\"concurrency\""), std::string::npos);
  EXPECT_NE(svgs[0].find("class=\"ref-line\" data-value=\"1000\""), std::string::npos);
  // Each function's chart draws its real cap: api's reservation (100), worker's share of
  // the unreserved pool (900), even far above the data.
  ASSERT_NE(svgs[2].find("data-function=\"api\""), std::string::npos);
  EXPECT_NE(svgs[2].find("class=\"ref-line\" data-value=\"100\""), std::string::npos);
  EXPECT_NE(svgs[2].find("cap 100 (reserved)"), std::string::npos);
  EXPECT_NE(svgs[2].find("provisioned allocated"), std::string::npos);
  ASSERT_NE(svgs[4].find("data-function=\"worker\""), std::string::npos);
  EXPECT_NE(svgs[4].find("class=\"ref-line\" data-value=\"900\""), std::string::npos);
  EXPECT_NE(svgs[4].find("unreserved pool"), std::string::npos);
  EXPECT_EQ(svgs[4].find("provisioned allocated"), std::string::npos);
}

TEST(ReportHtmlTest, ThrottlesOnTheirOwnChartAndOfferedRps) {
  const std::string html = RenderReportHtml(MakeResult(), MakeSpec());
  for (const std::string& svg : SvgFragments(html)) {
    if (svg.find("data-metric=\"throttles\"") != std::string::npos) {
      EXPECT_EQ(svg.find("invocations"), std::string::npos) << "throttles share no axis";
    }
    if (svg.find("data-metric=\"invocations\"") != std::string::npos) {
      EXPECT_NE(svg.find("api offered (requests/s)"), std::string::npos);
      EXPECT_NE(svg.find("api admitted (invocations/s)"), std::string::npos);
    }
  }
}

TEST(ReportHtmlTest, VerdictFirstAndZeroRowsFolded) {
  const RunResult r = MakeResult();
  const std::string html = RenderReportHtml(r, MakeSpec());
  const size_t verdict = html.find("<p class=\"verdict");
  ASSERT_NE(verdict, std::string::npos);
  EXPECT_LT(verdict, html.find("<svg"));
  EXPECT_NE(html.find(EscapeHtml(FormatVerdict(r))), std::string::npos);
  // Rows zero for every function are folded; the folded cells keep their data-key.
  const size_t details = html.find("<details class=\"zero\"><summary>");
  ASSERT_NE(details, std::string::npos);
  EXPECT_GT(html.find("data-key=\"functions.api.records_dropped\""), details);
  EXPECT_LT(html.find("data-key=\"functions.api.invocations\""), details);
  // A non-zero rate never reads 0.00%: worker's error rate 9 / 14 500 = 0.06 %.
  EXPECT_EQ(html.find(">0.00%<"), std::string::npos);
}

TEST(ReportHtmlTest, DataKeysMatchSummaryJson) {
  const RunResult r = MakeResult();
  const ScenarioSpec spec = MakeSpec();
  const std::string html = RenderReportHtml(r, spec);
  const std::string json = RenderSummaryJson(r, spec);
  const std::map<std::string, std::string> keys = DataKeys(html);
  size_t expected = 0;
  for (const FunctionSummary& f : r.functions) {
    for (const SummaryField& field : FunctionSummaryFields(f)) {
      ++expected;
      const std::string path = "functions." + f.name + "." + field.key;
      ASSERT_TRUE(keys.count(path)) << path;
      EXPECT_EQ(keys.at(path), JsonValueAt(json, {"functions", f.name, field.key})) << path;
    }
  }
  for (const SummaryField& field : AccountSummaryFields(r.account)) {
    ++expected;
    const std::string path = "account." + field.key;
    ASSERT_TRUE(keys.count(path)) << path;
    EXPECT_EQ(keys.at(path), JsonValueAt(json, {"account", field.key})) << path;
  }
  EXPECT_EQ(keys.size(), expected);
  EXPECT_EQ(keys.at("functions.api.invocations"), "14500");
  EXPECT_EQ(keys.at("account.cost_usd"), "0.53");
}

TEST(ReportHtmlTest, EscapesScenarioText) {
  const std::string html = RenderReportHtml(MakeResult(), MakeSpec());
  EXPECT_NE(html.find("unit &lt;test&gt; &amp; &quot;friends&quot;"), std::string::npos);
  EXPECT_EQ(html.find("unit <test>"), std::string::npos);
  EXPECT_NE(html.find("lognormal(mu="), std::string::npos);
  EXPECT_NE(html.find("exponential(mean=0.2)"), std::string::npos);
}

TEST(ReportHtmlTest, EmptyAndNaNInputsStillRender) {
  RunResult r;
  ScenarioSpec spec;
  spec.name = "empty";
  std::string html = RenderReportHtml(r, spec);
  EXPECT_EQ(
      XmlProblem(html.substr(html.find("<body>"), html.find("</body>") + 7 - html.find("<body>"))),
      "");

  r = MakeResult();
  for (auto& row : r.function_rows) row.duration_p99_ms = std::nan("");
  r.functions[0].latency.p99_ms = std::numeric_limits<double>::infinity();
  html = RenderReportHtml(r, MakeSpec());
  for (const std::string& svg : SvgFragments(html)) EXPECT_EQ(XmlProblem(svg), "");
  // (The throttle reason "tenant_environments" legitimately contains the letters "nan".)
  std::string no_tenant = html;
  for (size_t at = no_tenant.find("tenant"); at != std::string::npos;
       at = no_tenant.find("tenant", at))
    no_tenant.replace(at, 6, "TENANT");
  EXPECT_EQ(no_tenant.find("nan"), std::string::npos);
  EXPECT_EQ(DataKeys(html).at("functions.api.latency_p99_ms"), "null");
}

TEST(ReportHtmlTest, IncompleteRunIsFlagged) {
  RunResult r = MakeResult();
  EXPECT_EQ(RenderReportHtml(r, MakeSpec()).find("class=\"warn\""), std::string::npos);
  r.manifest.complete = false;
  r.manifest.simulated_seconds = 312.5;
  const std::string html = RenderReportHtml(r, MakeSpec());
  EXPECT_NE(html.find("Run incomplete: stopped at simulated time 312.5 s of 600 s"),
            std::string::npos);
}

TEST(ReportHtmlTest, NiceTicks) {
  EXPECT_EQ(NiceTicks(0, 96, 5, true), (std::vector<double>{0, 20, 40, 60, 80, 100}));
  EXPECT_EQ(NiceTicks(0, 10, 8, false), (std::vector<double>{0, 2, 4, 6, 8, 10}));
  EXPECT_EQ(NiceTicks(0, 10, 10, false).size(), 11u);
  EXPECT_EQ(NiceTicks(0, 0, 5, true), (std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1}));
  const std::vector<double> t = NiceTicks(0, 0.0037, 5, true);
  EXPECT_EQ(t.front(), 0);
  EXPECT_GE(t.back(), 0.0037);
  EXPECT_EQ(NiceTicks(0, 1440, 8, false).size(), 8u);  // 0, 200, ..., 1400
}

}  // namespace
}  // namespace lambdasim
