// models/output/output_writer.cc — see output_writer.h.
#include "models/output/output_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <type_traits>

#include <fmt/format.h>

#include "models/metrics/calibration.h"
#include "models/output/json_writer.h"
#include "models/output/report_html.h"
#include "models/output/summary_reader.h"
#include "sim/interrupt.h"

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

std::string RecordedPath(std::string_view path) {
  if (path.empty()) return "";
  std::string normal = std::filesystem::path(path).lexically_normal().generic_string();
  // "dir/" stays a directory name without the slash; "" (from ".") is ".".
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return normal.empty() ? "." : normal;
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
  if (!result.maps.empty()) {  // Step Functions Map entries, by label (absent without `map:`)
    w.Key("maps");
    w.BeginObject();
    for (const MapSummary& m : result.maps) {
      w.Key(m.label);
      std::vector<SummaryField> fields = MapSummaryFields(m);
      w.BeginObject();
      w.Field("function", m.function);
      w.Field("kind", m.kind);
      for (const SummaryField& f : fields) {
        switch (f.type) {
          case SummaryField::Type::kUint: w.Field(f.key, f.u); break;
          case SummaryField::Type::kInt: w.Field(f.key, f.i); break;
          case SummaryField::Type::kDouble: w.Field(f.key, f.d); break;
        }
      }
      w.EndObject();
    }
    w.EndObject();
  }
  if (!result.call_edges.empty()) {  // Lambda calling Lambda: one entry per `calls:` entry
    w.Key("call_graph");
    w.BeginArray();
    for (const CallEdge& e : result.call_edges) {
      w.BeginObject();
      w.Field("from", result.functions[e.from].name);
      w.Field("to", result.functions[e.to].name);
      w.Field("invocation", e.sync ? "sync" : "async");
      w.Field("calls", e.calls);
      w.Field("rate_per_s", e.rate_per_s);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return w.Finish();
}

std::string FormatCsvNumber(double v) { return FormatNumber(v, 6, ""); }

namespace {

// Renderers poll the interrupt flag once per this many rows (a few ms of work).
constexpr size_t kRowsPerInterruptCheck = 4096;

void CheckInterrupt(const char* what) {
  if (sim::InterruptRequested())
    throw OutputInterrupted(fmt::format("interrupted while rendering {}", what));
}

// One CSV row appended straight into a fmt::memory_buffer: fields separated by ',', numbers
// by the FormatCsvNumber rule, integers by fmt::format_int, no temporary strings.
class CsvRow {
 public:
  explicit CsvRow(fmt::memory_buffer& out) : out_(out) {}
  template <typename Integer>  // uint64_t counters and int64_t gauges, printed as they are
  CsvRow& U(Integer v) {
    Sep();
    const fmt::format_int text(v);
    out_.append(text.data(), text.data() + text.size());
    return *this;
  }
  CsvRow& D(double v) {
    Sep();
    constexpr double kExactIntegerLimit = 9007199254740992.0;  // 2^53, as FormatNumber
    if (!std::isfinite(v)) return *this;
    if (v == std::floor(v) && std::fabs(v) < kExactIntegerLimit) {
      const fmt::format_int text(v == 0 ? int64_t{0} : static_cast<int64_t>(v));
      out_.append(text.data(), text.data() + text.size());
      return *this;
    }
    char text[48];
    const auto r = fmt::format_to_n(text, sizeof text, "{:.6g}", v);
    const std::string_view s(text, std::min(r.size, sizeof text));
    Append(s == "-0" ? std::string_view("0") : s);
    return *this;
  }
  CsvRow& S(std::string_view v) {
    Sep();
    if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
      Append(v);
    } else {
      const std::string quoted = CsvField(v);
      Append(quoted);
    }
    return *this;
  }
  void End() { out_.push_back('\n'); }

 private:
  void Sep() {
    if (!first_) out_.push_back(',');
    first_ = false;
  }
  // cppcheck-suppress invalidLifetime ; false positive: append copies the bytes at once
  // cppcheck-suppress danglingTemporaryLifetime ; the same false positive
  void Append(std::string_view v) { out_.append(v.data(), v.data() + v.size()); }
  fmt::memory_buffer& out_;
  bool first_ = true;
};

// The CSV text goes to `sink` in pieces of about this size (then the buffer is reused), so a
// file of any length needs only this much memory beyond the rows it is rendered from.
constexpr size_t kSinkPieceBytes = size_t{4} << 20;

void Drain(fmt::memory_buffer& out, const TextSink& sink, bool last) {
  if (out.size() < kSinkPieceBytes && !last) return;
  sink(std::string_view(out.data(), out.size()));
  out.clear();
}

}  // namespace

void RenderTimeseriesCsv(const RunResult& result, const TextSink& sink) {
  const size_t n = FunctionCount(result);
  fmt::memory_buffer out;
  auto add = [&](std::string_view t) { out.append(t.data(), t.data() + t.size()); };
  add("t_s,function,invocations,throttles,cold_starts,concurrent_executions_max,"
      "concurrent_executions_avg,errors");
  for (const char* reason : kThrottleReasonNames)
    fmt::format_to(fmt::appender(out), ",throttles_{}", reason);
  add(",provisioned_concurrent_executions_max,provisioned_concurrency_utilization_max,"
      "provisioned_concurrency_invocations,provisioned_concurrency_spillover_invocations,"
      "provisioned_concurrency_allocated,idle_environments_avg,environments_avg,duration_p50_ms,"
      "duration_p99_ms,latency_p99_ms,cost_usd,async_events_received,async_events_dropped,dead_"
      "letter_events,"
      "async_event_age_avg_ms,async_event_age_max_ms,async_queue_depth_avg,async_queue_depth_max,"
      "approximate_number_of_messages_visible_avg,approximate_number_of_messages_visible_max,"
      "approximate_age_of_oldest_message_max_s,messages_in_flight_max,batches_invoked,"
      "esm_concurrency_max,messages_deleted,sqs_dead_letter_messages,iterator_age_max_ms,"
      "records_processed,records_dropped,gateway_throttles,offset_lag_max,snapstart_restores\n");
  // Rows are bucket-major: function f of each bucket is row bucket * n + f.
  size_t f = 0;
  size_t rows = 0;
  for (const FunctionBucketRow& r : result.function_rows) {
    if (++rows % kRowsPerInterruptCheck == 0) {
      CheckInterrupt("timeseries.csv");
      Drain(out, sink, false);
    }
    CsvRow row(out);
    row.D(r.t_s).S(result.function_names[f]);
    if (++f == n) f = 0;
    row.U(r.invocations).U(r.throttles).U(r.cold_starts).U(r.concurrent_executions_max);
    row.D(r.concurrent_executions_avg).U(r.errors);
    for (uint64_t t : r.throttles_by_reason) row.U(t);
    row.U(r.provisioned_concurrent_executions_max).D(r.provisioned_concurrency_utilization_max);
    row.U(r.provisioned_concurrency_invocations).U(r.provisioned_concurrency_spillover_invocations);
    row.U(r.provisioned_concurrency_allocated).D(r.idle_environments_avg).D(r.environments_avg);
    row.D(r.duration_p50_ms).D(r.duration_p99_ms).D(r.latency_p99_ms).D(r.cost_usd);
    row.U(r.async_events_received).U(r.async_events_dropped).U(r.dead_letter_events);
    row.D(r.async_event_age_avg_ms).D(r.async_event_age_max_ms).D(r.async_queue_depth_avg);
    row.U(r.async_queue_depth_max);
    row.D(r.approximate_number_of_messages_visible_avg);
    row.U(r.approximate_number_of_messages_visible_max);
    row.D(r.approximate_age_of_oldest_message_max_s).U(r.messages_in_flight_max);
    row.U(r.batches_invoked).U(r.esm_concurrency_max).U(r.messages_deleted);
    row.U(r.sqs_dead_letter_messages).D(r.iterator_age_max_ms).U(r.records_processed);
    row.U(r.records_dropped)
        .U(r.gateway_throttles)
        .U(r.offset_lag_max)
        .U(r.snapstart_restores)
        .End();
  }
  Drain(out, sink, true);
}

void RenderAccountTimeseriesCsv(const RunResult& result, const TextSink& sink) {
  fmt::memory_buffer out;
  constexpr std::string_view kHeader =
      "t_s,concurrent_executions_avg,concurrent_executions_max,"
      "unreserved_concurrent_executions_avg,unreserved_concurrent_executions_max,"
      "claimed_account_concurrency_max,gateway_throttles\n";
  out.append(kHeader.data(), kHeader.data() + kHeader.size());
  size_t rows = 0;
  for (const AccountBucketRow& r : result.account_rows) {
    if (++rows % kRowsPerInterruptCheck == 0) {
      CheckInterrupt("account_timeseries.csv");
      Drain(out, sink, false);
    }
    CsvRow row(out);
    row.D(r.t_s).D(r.concurrent_executions_avg).U(r.concurrent_executions_max);
    row.D(r.unreserved_concurrent_executions_avg).U(r.unreserved_concurrent_executions_max);
    row.U(r.claimed_account_concurrency_max).U(r.gateway_throttles).End();
  }
  Drain(out, sink, true);
}

std::string RenderTimeseriesCsv(const RunResult& result) {
  std::string text;
  RenderTimeseriesCsv(result, [&](std::string_view piece) { text.append(piece); });
  return text;
}

std::string RenderMapsCsv(const RunResult& result) {
  fmt::memory_buffer out;
  {
    CsvRow head(out);
    head.S("label").S("function").S("kind");
    for (const SummaryField& f : MapSummaryFields(MapSummary{})) head.S(f.key);
    head.End();
  }
  for (const MapSummary& m : result.maps) {
    CsvRow row(out);
    row.S(m.label).S(m.function).S(m.kind);
    for (const SummaryField& f : MapSummaryFields(m)) {
      switch (f.type) {
        case SummaryField::Type::kUint: row.U(f.u); break;
        case SummaryField::Type::kInt: row.U(f.i); break;
        case SummaryField::Type::kDouble: row.D(f.d); break;
      }
    }
    row.End();
  }
  return std::string(out.data(), out.size());
}

std::string RenderAccountTimeseriesCsv(const RunResult& result) {
  std::string text;
  RenderAccountTimeseriesCsv(result, [&](std::string_view piece) { text.append(piece); });
  return text;
}

std::string RenderManifestJson(const Manifest& m, const std::vector<std::string>& files) {
  JsonWriter w;
  w.BeginObject();
  w.Field("scenario_name", m.scenario_name);
  w.Field("scenario_file", RecordedPath(m.scenario_file));
  w.Field("scenario_hash", m.scenario_hash);
  w.Field("version", m.version);
  w.Field("platform", m.platform);
  w.Field("seed", m.seed);
  w.Field("replication", m.replication);
  w.Field("events_processed", m.events_processed);
  w.Field("event_fingerprint", m.event_fingerprint);
  w.Field("simulated_seconds", m.simulated_seconds);
  w.Field("horizon_seconds", m.horizon_seconds);
  w.Field("warmup_seconds", m.warmup_seconds);
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

void WriteFileAtomic(const std::string& dir, const std::string& name,
                     const std::function<void(const TextSink&)>& produce, bool interruptible) {
  const std::string final_path = JoinPath(dir, name);
  const std::string tmp_path = final_path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw OutputError(fmt::format("cannot create {}: {}", tmp_path, ErrnoText(errno)));
  auto interrupted = [&] {
    return OutputInterrupted(fmt::format("interrupted while writing {}", final_path));
  };
  // 4 MiB writes: few system calls, and an interrupt is noticed within one chunk.
  constexpr size_t kChunkBytes = size_t{4} << 20;
  const TextSink write_piece = [&](std::string_view piece) {
    const char* p = piece.data();
    size_t left = piece.size();
    while (left > 0) {
      if (interruptible && sim::InterruptRequested()) throw interrupted();
      const ssize_t n = ::write(fd, p, std::min(left, kChunkBytes));
      if (n < 0) {
        if (errno == EINTR) continue;
        throw OutputError(fmt::format("cannot write {}: {}", tmp_path, ErrnoText(errno)));
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
  };
  try {
    produce(write_piece);
    if (::fsync(fd) != 0)
      throw OutputError(fmt::format("cannot flush {}: {}", tmp_path, ErrnoText(errno)));
  } catch (...) {
    ::close(fd);
    ::unlink(tmp_path.c_str());
    throw;
  }
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp_path.c_str());
    throw OutputError(fmt::format("cannot close {}: {}", tmp_path, ErrnoText(err)));
  }
  if (interruptible && sim::InterruptRequested()) {
    ::unlink(tmp_path.c_str());
    throw interrupted();
  }
  if (::rename(tmp_path.c_str(), final_path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp_path.c_str());
    throw OutputError(fmt::format("cannot rename to {}: {}", final_path, ErrnoText(err)));
  }
}

void WriteFileAtomic(const std::string& dir, const std::string& name, const std::string& content,
                     bool interruptible) {
  WriteFileAtomic(
      dir, name, [&](const TextSink& sink) { sink(content); }, interruptible);
}

void WriteRun(const RunResult& result, const ScenarioSpec& spec, const std::string& out_dir) {
  EnsureDirectory(out_dir);
  // Before the first new file, the directory is marked as a half state: a manifest saying
  // "complete": false that lists nothing replaces the previous run's (atomically), so a
  // crash or a full disk from here on can never leave new files beside an old report under
  // a manifest that vouches for them, nor without any manifest.
  Manifest pending = result.manifest;
  pending.complete = false;
  pending.error = "results are being written (or the writing failed)";
  WriteFileAtomic(out_dir, "manifest.json", RenderManifestJson(pending, {}), false);
  // One file at a time, rendered then written, so that at most one file's text is in memory
  // and an interrupt is honoured between (and inside) files.
  // The CSVs are rendered straight into the file in 4 MiB pieces.
  using Produce = std::function<void(const TextSink&)>;
  std::vector<std::pair<std::string, Produce>> files = {
      {"summary.json", [&](const TextSink& sink) { sink(RenderSummaryJson(result, spec)); }},
      {"timeseries.csv", [&](const TextSink& sink) { RenderTimeseriesCsv(result, sink); }},
      {"account_timeseries.csv",
       [&](const TextSink& sink) { RenderAccountTimeseriesCsv(result, sink); }},
  };
  // Observed against simulated, when a function names an `observed:` series.
  const std::vector<FunctionCalibration> calibration = Calibrate(result, spec);
  if (!calibration.empty()) {
    files.emplace_back("calibration.csv",
                       [&](const TextSink& sink) { sink(RenderCalibrationCsv(calibration)); });
  } else {
    std::error_code ignored;  // a previous run's
    std::filesystem::remove(JoinPath(out_dir, "calibration.csv"), ignored);
  }
  // Step Functions Map entries, one row each, when the scenario has `map:` entries.
  if (!result.maps.empty()) {
    files.emplace_back("maps.csv", [&](const TextSink& sink) { sink(RenderMapsCsv(result)); });
  } else {
    std::error_code ignored;  // a previous run's
    std::filesystem::remove(JoinPath(out_dir, "maps.csv"), ignored);
  }
  files.emplace_back("report.html",
                     [&](const TextSink& sink) { sink(RenderReportHtml(result, spec)); });
  std::vector<std::string> written;
  auto mark_incomplete = [&](const std::string& why) {
    Manifest m = result.manifest;
    m.complete = false;
    m.error = m.error.empty() ? why : m.error + "; " + why;
    WriteFileAtomic(out_dir, "manifest.json", RenderManifestJson(m, written), false);
  };
  try {
    for (const auto& [name, produce] : files) {
      CheckInterrupt(name.c_str());
      WriteFileAtomic(out_dir, name, produce);
      written.push_back(name);
    }
  } catch (const OutputInterrupted& e) {
    mark_incomplete("interrupted while writing results");
    throw;
  } catch (const OutputError& e) {
    // Best effort (the disk may still be full): list the whole new files and say why.
    try {
      mark_incomplete(e.what());
    } catch (const OutputError&) {
    }
    throw;
  }
  WriteFileAtomic(out_dir, "manifest.json", RenderManifestJson(result.manifest, written), false);
}

void WriteManifestOnly(const Manifest& manifest, const std::string& out_dir) {
  EnsureDirectory(out_dir);
  WriteFileAtomic(out_dir, "manifest.json", RenderManifestJson(manifest, {}), false);
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

OutputDirLock OutputDirLock::Acquire(const std::string& out_dir) {
  namespace fs = std::filesystem;
  fs::path target(out_dir.empty() ? "." : out_dir);
  while (!target.empty() && !target.has_filename()) target = target.parent_path();  // "a/" → "a"
  if (target.empty()) target = "/";
  const bool dot = target.filename() == "." || target.filename() == ".." || target == "/";
  const std::string lock_path =
      dot ? (target / ".lambdasim.lock").string() : target.string() + ".lock";
  std::error_code ec;
  const fs::path parent = fs::path(lock_path).parent_path();
  if (!parent.empty()) {
    fs::create_directories(parent, ec);
    if (ec)
      throw OutputError(
          fmt::format("cannot create output directory {}: {}", out_dir, ec.message()));
  }
  // Writable before any work: an existing target must be a writable directory, a new one
  // must be creatable in its parent.
  if (fs::exists(target, ec)) {
    if (!fs::is_directory(target, ec))
      throw OutputError(fmt::format("cannot use output directory {}: not a directory", out_dir));
    if (::access(target.c_str(), W_OK | X_OK) != 0)
      throw OutputError(
          fmt::format("cannot write output directory {}: {}", out_dir, ErrnoText(errno)));
  } else if (::access(parent.empty() ? "." : parent.c_str(), W_OK | X_OK) != 0) {
    throw OutputError(
        fmt::format("cannot create output directory {}: {}", out_dir, ErrnoText(errno)));
  }
  while (true) {
    const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      throw OutputError(fmt::format("cannot create output directory {} (lock file {}): {}", out_dir,
                                    lock_path, ErrnoText(errno)));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      char pid[32] = {};
      const ssize_t n = ::pread(fd, pid, sizeof pid - 1, 0);
      ::close(fd);
      if (err == EWOULDBLOCK) {
        throw OutputDirBusy(fmt::format(
            "{} is being written by another lambdasim run{}; wait for it to finish or choose "
            "another --out",
            out_dir,
            n > 0 ? fmt::format(" (pid {})", std::string(pid, static_cast<size_t>(n)))
                  : std::string()));
      }
      throw OutputError(fmt::format("cannot lock {}: {}", lock_path, ErrnoText(err)));
    }
    // The previous holder may have removed the file between our open and flock: then we
    // hold a lock on an orphan inode, and must start over with the file now at the path.
    struct stat held {};
    struct stat named {};
    if (::fstat(fd, &held) == 0 && ::stat(lock_path.c_str(), &named) == 0 &&
        held.st_ino == named.st_ino && held.st_dev == named.st_dev) {
      const std::string pid = std::to_string(::getpid());
      if (::ftruncate(fd, 0) != 0 ||
          ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
        const int err = errno;
        ::unlink(lock_path.c_str());
        ::close(fd);
        throw OutputError(fmt::format("cannot write lock file {}: {}", lock_path, ErrnoText(err)));
      }
      return OutputDirLock(fd, lock_path);
    }
    ::close(fd);
  }
}

OutputDirLock::OutputDirLock(OutputDirLock&& other) noexcept
    : fd_(other.fd_), path_(std::move(other.path_)) {
  other.fd_ = -1;
}

OutputDirLock::~OutputDirLock() {
  if (fd_ < 0) return;
  ::unlink(path_.c_str());  // while still holding the lock: waiters re-check the path
  ::close(fd_);
}

std::optional<std::string> ExistingRunScenario(const std::string& dir) {
  const ExistingRun e = InspectRunDirectory(dir);
  if (e.state == ExistingRun::State::kOurs) return e.scenario_name;
  return std::nullopt;
}

ExistingRun InspectRunDirectory(const std::string& dir) {
  ExistingRun out;
  const std::filesystem::path path = std::filesystem::path(dir) / "manifest.json";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return out;
  out.state = ExistingRun::State::kForeign;
  std::ifstream in(path, std::ios::binary);
  if (!in) return out;
  std::string text;
  char buf[4096];
  // A manifest is a few hundred bytes; a large file is not ours (and is not read whole).
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > (size_t{1} << 20)) return out;
  }
  try {
    const JsonValue manifest = ParseJson(text);
    const JsonValue* name = manifest.Find("scenario_name");
    const JsonValue* hash = manifest.Find("scenario_hash");
    const JsonValue* fingerprint = manifest.Find("event_fingerprint");
    const JsonValue* complete = manifest.Find("complete");
    if (name && name->type == JsonValue::Type::kString && hash &&
        hash->type == JsonValue::Type::kString && fingerprint &&
        fingerprint->type == JsonValue::Type::kString && complete &&
        complete->type == JsonValue::Type::kBool) {
      out.state = ExistingRun::State::kOurs;
      out.scenario_name = name->text;
    }
  } catch (const JsonParseError&) {
  }
  return out;
}

}  // namespace lambdasim
