// models/output/output_writer.cc — see output_writer.h.
#include "models/output/output_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "models/output/json_writer.h"
#include "models/output/report_html.h"
#include "models/output/summary_reader.h"

namespace lambdasim {
namespace {

std::string ErrnoText(int err) { return std::strerror(err); }

std::string JoinPath(const std::string& dir, const std::string& name) {
  return (std::filesystem::path(dir) / name).string();
}

void EnsureDirectory(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw OutputError(fmt::format("cannot create output directory {}: {}", dir, ec.message()));
  if (!std::filesystem::is_directory(dir, ec)) {
    throw OutputError(fmt::format("cannot create output directory {}: {}", dir,
                                  ec ? ec.message() : std::string("not a directory")));
  }
}

// Row count sanity: the writer trusts RunResult's shape, but a mismatch must not crash.
size_t FunctionCount(const RunResult& r) {
  const size_t n = r.function_names.size();
  if (n == 0 ? !r.function_rows.empty() : r.function_rows.size() % n != 0) {
    throw OutputError(fmt::format("inconsistent RunResult: {} function rows for {} functions",
                                  r.function_rows.size(), n));
  }
  return n;
}

}  // namespace

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string SummaryFieldJson(const SummaryField& f) {
  switch (f.type) {
    case SummaryField::Type::kUint: return fmt::format("{}", f.u);
    case SummaryField::Type::kInt: return fmt::format("{}", f.i);
    case SummaryField::Type::kDouble: return FormatJsonNumber(f.d);
  }
  return "null";
}

namespace {
void WriteFields(JsonWriter& w, const std::vector<SummaryField>& fields) {
  w.BeginObject();
  for (const SummaryField& f : fields) {
    switch (f.type) {
      case SummaryField::Type::kUint: w.Field(f.key, f.u); break;
      case SummaryField::Type::kInt: w.Field(f.key, f.i); break;
      case SummaryField::Type::kDouble: w.Field(f.key, f.d); break;
    }
  }
  w.EndObject();
}
}  // namespace

std::string RenderSummaryJson(const RunResult& result, const ScenarioSpec& spec) {
  JsonWriter w;
  w.BeginObject();
  w.Field("scenario", spec.name);
  w.Key("functions");
  w.BeginObject();
  for (const FunctionSummary& f : result.functions) {
    w.Key(f.name);
    WriteFields(w, FunctionSummaryFields(f));
  }
  w.EndObject();
  w.Key("account");
  WriteFields(w, AccountSummaryFields(result.account));
  w.Key("traffic");
  w.BeginArray();
  for (const TrafficSummary& t : result.traffic) {
    w.BeginObject();
    w.Field("source", static_cast<uint64_t>(t.source));
    w.Field("function", t.function);
    w.Field("shape", t.shape);
    w.Field("expected_rate_per_s", t.expected_rate_per_s);
    w.Field("expected_requests", t.expected_requests);
    if (t.shape == "mmpp") w.Field("long_run_rate_per_s", t.long_run_rate_per_s);
    w.Field("requests", t.requests);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Finish();
}

std::string FormatCsvNumber(double v) { return FormatNumber(v, 6, ""); }

std::string RenderTimeseriesCsv(const RunResult& result) {
  const size_t n = FunctionCount(result);
  std::string out =
      "t_s,function,invocations,throttles,cold_starts,concurrent_executions_max,"
      "concurrent_executions_avg,errors";
  for (const char* reason : kThrottleReasonNames) out += fmt::format(",throttles_{}", reason);
  out +=
      ",provisioned_concurrent_executions_max,provisioned_concurrency_utilization_max,"
      "provisioned_concurrency_invocations,provisioned_concurrency_spillover_invocations,"
      "provisioned_concurrency_allocated,idle_environments_avg,environments_avg,duration_p50_ms,"
      "duration_p99_ms,latency_p99_ms,cost_usd,async_events_received,async_events_dropped,dead_"
      "letter_events,"
      "async_event_age_avg_ms,async_event_age_max_ms,async_queue_depth_avg,async_queue_depth_max,"
      "approximate_number_of_messages_visible_avg,approximate_number_of_messages_visible_max,"
      "approximate_age_of_oldest_message_max_s,messages_in_flight_max,batches_invoked,"
      "esm_concurrency_max,messages_deleted,sqs_dead_letter_messages,iterator_age_max_ms,"
      "records_processed,records_dropped\n";
  // Rows are bucket-major: function f of each bucket is row bucket * n + f.
  size_t f = 0;
  for (const FunctionBucketRow& r : result.function_rows) {
    out += FormatCsvNumber(r.t_s);
    out += ',';
    out += CsvField(result.function_names[f]);
    if (++f == n) f = 0;
    out += fmt::format(",{},{},{},{},{},{}", r.invocations, r.throttles, r.cold_starts,
                       r.concurrent_executions_max, FormatCsvNumber(r.concurrent_executions_avg),
                       r.errors);
    for (uint64_t t : r.throttles_by_reason) out += fmt::format(",{}", t);
    out += fmt::format(
        ",{},{},{},{},{},{},{},{},{},{},{}", r.provisioned_concurrent_executions_max,
        FormatCsvNumber(r.provisioned_concurrency_utilization_max),
        r.provisioned_concurrency_invocations, r.provisioned_concurrency_spillover_invocations,
        r.provisioned_concurrency_allocated, FormatCsvNumber(r.idle_environments_avg),
        FormatCsvNumber(r.environments_avg), FormatCsvNumber(r.duration_p50_ms),
        FormatCsvNumber(r.duration_p99_ms), FormatCsvNumber(r.latency_p99_ms),
        FormatCsvNumber(r.cost_usd));
    out += fmt::format(",{},{},{},{},{},{},{}", r.async_events_received, r.async_events_dropped,
                       r.dead_letter_events, FormatCsvNumber(r.async_event_age_avg_ms),
                       FormatCsvNumber(r.async_event_age_max_ms),
                       FormatCsvNumber(r.async_queue_depth_avg), r.async_queue_depth_max);
    out += fmt::format(
        ",{},{},{},{},{},{},{},{},{},{},{}\n",
        FormatCsvNumber(r.approximate_number_of_messages_visible_avg),
        r.approximate_number_of_messages_visible_max,
        FormatCsvNumber(r.approximate_age_of_oldest_message_max_s), r.messages_in_flight_max,
        r.batches_invoked, r.esm_concurrency_max, r.messages_deleted, r.sqs_dead_letter_messages,
        FormatCsvNumber(r.iterator_age_max_ms), r.records_processed, r.records_dropped);
  }
  return out;
}

std::string RenderAccountTimeseriesCsv(const RunResult& result) {
  std::string out =
      "t_s,concurrent_executions_avg,concurrent_executions_max,"
      "unreserved_concurrent_executions_avg,unreserved_concurrent_executions_max,"
      "claimed_account_concurrency_max\n";
  for (const AccountBucketRow& r : result.account_rows) {
    out += fmt::format("{},{},{},{},{},{}\n", FormatCsvNumber(r.t_s),
                       FormatCsvNumber(r.concurrent_executions_avg), r.concurrent_executions_max,
                       FormatCsvNumber(r.unreserved_concurrent_executions_avg),
                       r.unreserved_concurrent_executions_max, r.claimed_account_concurrency_max);
  }
  return out;
}

std::string RenderManifestJson(const Manifest& m, const std::vector<std::string>& files) {
  JsonWriter w;
  w.BeginObject();
  w.Field("scenario_name", m.scenario_name);
  w.Field("scenario_file", m.scenario_file);
  w.Field("scenario_hash", m.scenario_hash);
  w.Field("version", m.version);
  w.Field("platform", m.platform);
  w.Field("seed", m.seed);
  w.Field("replication", m.replication);
  w.Field("events_processed", m.events_processed);
  w.Field("event_fingerprint", m.event_fingerprint);
  w.Field("simulated_seconds", m.simulated_seconds);
  w.Field("horizon_seconds", m.horizon_seconds);
  w.Field("complete", m.complete);
  w.Field("error", m.error);
  w.Field("wall_seconds", m.wall_seconds);
  w.Key("files");
  w.BeginArray();
  for (const std::string& f : files) w.String(f);
  w.EndArray();
  w.EndObject();
  return w.Finish();
}

void WriteFileAtomic(const std::string& dir, const std::string& name, const std::string& content) {
  const std::string final_path = JoinPath(dir, name);
  const std::string tmp_path = final_path + ".tmp." + std::to_string(::getpid());
  auto fail = [&](const std::string& what, const std::string& path, int err, bool remove_tmp) {
    if (remove_tmp) ::unlink(tmp_path.c_str());
    throw OutputError(fmt::format("cannot {} {}: {}", what, path, ErrnoText(err)));
  };

  const int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("create", tmp_path, errno, false);
  const char* p = content.data();
  size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      fail("write", tmp_path, err, true);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    fail("flush", tmp_path, err, true);
  }
  if (::close(fd) != 0) fail("close", tmp_path, errno, true);
  if (::rename(tmp_path.c_str(), final_path.c_str()) != 0)
    fail("rename to", final_path, errno, true);
}

void WriteRun(const RunResult& result, const ScenarioSpec& spec, const std::string& out_dir) {
  // Render everything first: a rendering problem must not leave a half-written run.
  const std::vector<std::pair<std::string, std::string>> files = {
      {"summary.json", RenderSummaryJson(result, spec)},
      {"timeseries.csv", RenderTimeseriesCsv(result)},
      {"account_timeseries.csv", RenderAccountTimeseriesCsv(result)},
      {"report.html", RenderReportHtml(result, spec)},
  };
  EnsureDirectory(out_dir);
  // A previous run's manifest goes first: until the new one is written, the directory does
  // not claim to hold a complete run.
  std::error_code ec;
  std::filesystem::remove(JoinPath(out_dir, "manifest.json"), ec);
  std::vector<std::string> written;
  for (const auto& [name, content] : files) {
    WriteFileAtomic(out_dir, name, content);
    written.push_back(name);
  }
  WriteFileAtomic(out_dir, "manifest.json", RenderManifestJson(result.manifest, written));
}

void WriteManifestOnly(const Manifest& manifest, const std::string& out_dir) {
  EnsureDirectory(out_dir);
  WriteFileAtomic(out_dir, "manifest.json", RenderManifestJson(manifest, {}));
}

void ReplaceDirectory(const std::string& out_dir,
                      const std::function<void(const std::string&)>& write) {
  namespace fs = std::filesystem;
  fs::path target(out_dir);
  while (!target.empty() && !target.has_filename())
    target = target.parent_path();  // "out/" → "out"
  if (target.empty() || target == "." || target == "..") {
    throw OutputError(
        fmt::format("refusing to replace output directory {}: not a run directory", out_dir));
  }
  const std::string final_dir = target.string();
  const std::string tmp_dir = final_dir + ".tmp." + std::to_string(::getpid());
  std::error_code ec;
  fs::remove_all(tmp_dir, ec);
  try {
    write(tmp_dir);
  } catch (...) {
    fs::remove_all(tmp_dir, ec);
    throw;
  }
  // Swap in one step when the old directory exists; a plain rename otherwise.
  if (::renameat2(AT_FDCWD, tmp_dir.c_str(), AT_FDCWD, final_dir.c_str(), RENAME_EXCHANGE) == 0) {
    fs::remove_all(tmp_dir, ec);  // now holds the old run
    if (ec)
      throw OutputError(
          fmt::format("cannot remove the replaced run {}: {}", tmp_dir, ec.message()));
    return;
  }
  const int err = errno;
  if (err == ENOENT && ::rename(tmp_dir.c_str(), final_dir.c_str()) == 0) return;
  fs::remove_all(tmp_dir, ec);
  throw OutputError(
      fmt::format("cannot replace output directory {}: {}", final_dir, ErrnoText(err)));
}

std::optional<std::string> ExistingRunScenario(const std::string& dir) {
  std::ifstream in(std::filesystem::path(dir) / "manifest.json", std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  try {
    const JsonValue manifest = ParseJson(text.str());
    const JsonValue* name = manifest.Find("scenario_name");
    if (name && name->type == JsonValue::Type::kString) return name->text;
  } catch (const JsonParseError&) {
  }
  return std::nullopt;
}

}  // namespace lambdasim
