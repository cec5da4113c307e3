// models/analysis/run_inputs.cc — see run_inputs.h.
#include "models/analysis/run_inputs.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>

#include <fmt/core.h>

#include "models/run/sweep.h"

namespace lambdasim::analysis {

namespace fs = std::filesystem;

namespace {

bool IsDir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}
bool Exists(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

void MarkIncomplete(RunInput& in, const std::string& where, const std::string& why) {
  if (!in.complete) return;
  in.complete = false;
  in.incomplete_reason = where + ": " + why;
}

// One run directory: summary + completeness.
FlatSummary ReadRunDir(const fs::path& dir, RunInput& in) {
  const std::string summary = (dir / "summary.json").string();
  FlatSummary s;
  try {
    s = ReadSummaryFile(summary);
    const RunCompleteness c = ReadRunCompleteness(dir.string());
    if (!c.complete) MarkIncomplete(in, (dir / "manifest.json").string(), c.reason);
  } catch (const std::runtime_error& e) {
    throw InputError(e.what());
  }
  return s;
}

bool ParseCsvDouble(const std::string& text, double* out) {
  if (text.empty() || text == "nan" || text == "NaN") {  // FormatCsvNumber writes NaN as ""
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  const auto r = std::from_chars(text.data(), text.data() + text.size(), *out);
  return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

void ReadSweepDir(const fs::path& dir, RunInput& in) {
  in.kind = "sweep";
  const std::string manifest = (dir / "sweep.json").string();
  const std::string runs_csv = (dir / "runs.csv").string();
  SweepManifestInfo info;
  std::string text;
  try {
    text = ReadRegularFile(manifest);
    info = ParseSweepManifest(text, false);
  } catch (const std::runtime_error& e) {
    throw InputError(std::string(e.what()).rfind(manifest, 0) == 0 ? std::string(e.what())
                                                                   : manifest + ": " + e.what());
  }
  try {
    const JsonValue m = ParseJson(text);
    if (const JsonValue* c = m.Find("complete"); c && c->type == JsonValue::Type::kBool && !c->b)
      MarkIncomplete(in, manifest, "the sweep manifest says \"complete\": false");
  } catch (const JsonParseError&) {
  }
  std::vector<std::vector<std::string>> rows;
  try {
    rows = ParseCsv(ReadRegularFile(runs_csv));
  } catch (const std::runtime_error& e) {
    throw InputError(std::string(e.what()).rfind(runs_csv, 0) == 0 ? std::string(e.what())
                                                                   : runs_csv + ": " + e.what());
  }
  if (rows.empty()) throw InputError(runs_csv + ": empty (no header)");
  const std::vector<std::string>& header = rows.front();
  const size_t first_metric = 3 + info.vary_columns;
  size_t end_metric = header.size();
  if (end_metric > first_metric && header.back() == "event_fingerprint") --end_metric;
  if (header.size() < 3 || header[0] != "run" || header[1] != "variant" ||
      header[2] != "replication" || end_metric <= first_metric)
    throw InputError(runs_csv + ": header is not run,variant,replication,<values>,<metrics>");
  if (rows.size() - 1 < info.total_runs)
    MarkIncomplete(in, runs_csv,
                   fmt::format("{} of {} runs present", rows.size() - 1, info.total_runs));
  std::map<std::string, size_t> group_of;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() != header.size())
      throw InputError(fmt::format("{}: row {} has {} fields, the header {}", runs_csv, r + 1,
                                   row.size(), header.size()));
    std::string key = "variant " + row[1];
    for (size_t c = 3; c < first_metric; ++c)
      key += (c == 3 ? " (" : ", ") + header[c] + "=" + row[c];
    if (first_metric > 3) key += ")";
    auto [it, fresh] = group_of.emplace(key, in.groups.size());
    if (fresh) in.groups.push_back(RunGroup{key, {}});
    FlatSummary s;
    s.scenario = info.scenario_file;
    for (size_t c = first_metric; c < end_metric; ++c) {
      double v = 0;
      if (!ParseCsvDouble(row[c], &v))
        throw InputError(fmt::format("{}: row {} column {}: '{}' is not a number", runs_csv, r + 1,
                                     header[c], row[c]));
      s.metrics.emplace_back(header[c], v);
    }
    in.groups[it->second].runs.push_back(std::move(s));
  }
  if (in.groups.empty()) throw InputError(runs_csv + ": no runs");
}

}  // namespace

RunInput ReadRunInput(const std::string& path) {
  RunInput in;
  in.path = path;
  const fs::path p(path);
  if (!Exists(p)) throw InputError(path + ": not found");
  if (!IsDir(p)) {
    // A summary.json given directly: regular-file check, then its directory's manifest if any.
    in.kind = "summary";
    FlatSummary s;
    try {
      s = ReadSummaryFile(path);
      const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
      if (p.filename() == "summary.json" && Exists(dir / "manifest.json")) {
        const RunCompleteness c = ReadRunCompleteness(dir.string());
        if (!c.complete) MarkIncomplete(in, (dir / "manifest.json").string(), c.reason);
      }
    } catch (const std::runtime_error& e) {
      throw InputError(e.what());
    }
    in.groups.push_back(RunGroup{s.scenario, {std::move(s)}});
    return in;
  }
  if (Exists(p / "summary.json")) {
    in.kind = "run";
    FlatSummary s = ReadRunDir(p, in);
    in.groups.push_back(RunGroup{s.scenario, {std::move(s)}});
    return in;
  }
  if (Exists(p / "sweep.json") || Exists(p / "runs.csv")) {
    if (!Exists(p / "sweep.json"))
      throw InputError((p / "sweep.json").string() +
                       ": not found (a shard? `lambdasim merge` its shards first)");
    ReadSweepDir(p, in);
    return in;
  }
  if (Exists(p / "shard.json"))
    throw InputError(path + ": a sweep shard, not a whole sweep (`lambdasim merge` it first)");
  // A directory of run directories.
  in.kind = "runs directory";
  std::vector<fs::path> subdirs;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(p, ec))
    if (IsDir(e.path()) && Exists(e.path() / "summary.json")) subdirs.push_back(e.path());
  if (ec) throw InputError(path + ": cannot list: " + ec.message());
  std::sort(subdirs.begin(), subdirs.end());
  if (subdirs.empty())
    throw InputError(path +
                     ": no summary.json, sweep.json or run directories (<dir>/*/summary.json)");
  std::map<std::string, size_t> group_of;
  for (const auto& d : subdirs) {
    FlatSummary s = ReadRunDir(d, in);
    auto [it, fresh] = group_of.emplace(s.scenario, in.groups.size());
    if (fresh) in.groups.push_back(RunGroup{s.scenario, {}});
    in.groups[it->second].runs.push_back(std::move(s));
  }
  return in;
}

}  // namespace lambdasim::analysis
