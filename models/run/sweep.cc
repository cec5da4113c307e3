// models/run/sweep.cc — see sweep.h.
#include "models/run/sweep.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "models/metrics/statistics.h"
#include "models/output/json_writer.h"
#include "models/output/output_writer.h"
#include "models/output/summary_reader.h"
#include "models/spec/did_you_mean.h"
#include "models/version.h"
#include "sim/rng.h"

namespace lambdasim {

// ---------------------------------------------------------------------------------------
// Enumeration
// ---------------------------------------------------------------------------------------

size_t VariantCount(const SweepSpec& s) {
  if (s.vary.empty()) return 1;
  if (s.mode == SweepMode::kZip) return s.vary.front().values.size();
  size_t n = 1;
  for (const auto& a : s.vary) n *= a.values.size();
  return n;
}

size_t RunCount(const SweepSpec& s) {
  return VariantCount(s) * static_cast<size_t>(s.replications);
}

RunId RunAt(const SweepSpec& s, size_t run) {
  const auto r = static_cast<size_t>(s.replications);
  return RunId{run, run / r, static_cast<uint64_t>(run % r)};
}

std::vector<size_t> VariantValueIndices(const SweepSpec& s, size_t variant) {
  std::vector<size_t> idx(s.vary.size(), 0);
  if (s.mode == SweepMode::kZip) {
    std::fill(idx.begin(), idx.end(), variant);
    return idx;
  }
  // Mixed radix, last axis fastest.
  size_t rest = variant;
  for (size_t a = s.vary.size(); a-- > 0;) {
    const size_t n = s.vary[a].values.size();
    idx[a] = rest % n;
    rest /= n;
  }
  return idx;
}

std::vector<Override> VariantOverrides(const SweepSpec& s, size_t variant) {
  const std::vector<size_t> idx = VariantValueIndices(s, variant);
  std::vector<Override> out;
  for (size_t a = 0; a < s.vary.size(); ++a)
    out.push_back(Override{s.vary[a].path, s.vary[a].values[idx[a]]});
  return out;
}

// ---------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------

MeanCi ComputeMeanCi(const std::vector<double>& xs) {
  MeanCi r;
  r.n = xs.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (xs.empty()) return MeanCi{0, nan, nan, nan, nan};
  double sum = 0;
  for (double x : xs) sum += x;  // in run order: deterministic
  r.mean = sum / static_cast<double>(r.n);
  if (r.n < 2) {
    r.sd = r.ci95_lo = r.ci95_hi = nan;
    return r;
  }
  double ss = 0;
  for (double x : xs) ss += (x - r.mean) * (x - r.mean);
  r.sd = std::sqrt(ss / static_cast<double>(r.n - 1));
  const double half = stats::StudentT975(static_cast<int>(std::min<size_t>(r.n - 1, 1u << 30))) *
                      r.sd / std::sqrt(static_cast<double>(r.n));
  r.ci95_lo = r.mean - half;
  r.ci95_hi = r.mean + half;
  return r;
}

// ---------------------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------------------

namespace {

std::vector<std::string> FunctionKeys() {
  std::vector<std::string> out;
  for (const auto& f : FunctionSummaryFields(FunctionSummary{})) out.push_back(f.key);
  return out;
}
std::vector<std::string> AccountKeys() {
  std::vector<std::string> out;
  for (const auto& f : AccountSummaryFields(AccountSummary{})) out.push_back(f.key);
  return out;
}

Diagnostic At(const SourceLocation& l, std::string message) {
  return Diagnostic{l.file, l.line, l.column, std::move(message)};
}

}  // namespace

std::vector<std::string> FlatMetricNames(const std::vector<std::string>& function_names,
                                         const std::vector<std::string>& map_labels) {
  std::vector<std::string> out;
  const auto fkeys = FunctionKeys();
  for (const auto& f : function_names)
    for (const auto& k : fkeys) out.push_back("functions." + f + "." + k);
  for (const auto& k : AccountKeys()) out.push_back("account." + k);
  for (const auto& m : map_labels)
    for (const auto& f : MapSummaryFields(MapSummary{})) out.push_back("maps." + m + "." + f.key);
  return out;
}

std::vector<double> FlatMetricValues(const RunResult& result) {
  std::vector<double> out;
  for (const auto& f : result.functions)
    for (const auto& field : FunctionSummaryFields(f)) out.push_back(field.AsDouble());
  for (const auto& field : AccountSummaryFields(result.account)) out.push_back(field.AsDouble());
  for (const auto& m : result.maps)
    for (const auto& field : MapSummaryFields(m)) out.push_back(field.AsDouble());
  return out;
}

SweepPlan PrepareSweep(SweepSpec sweep) {
  SweepPlan plan;
  plan.runs = RunCount(sweep);
  const size_t n_variants = VariantCount(sweep);
  std::vector<Diagnostic> diags;
  std::set<std::string> seen;
  auto add = [&](Diagnostic d) {
    if (seen.insert(d.Format()).second) diags.push_back(std::move(d));
  };
  plan.variants.reserve(n_variants);
  for (size_t v = 0; v < n_variants; ++v) {
    const std::vector<Override> overrides = VariantOverrides(sweep, v);
    const std::vector<size_t> idx = VariantValueIndices(sweep, v);
    try {
      ScenarioSpec spec = LoadScenarioFile(sweep.scenario_file, overrides);
      // `seed:` is the root seed of every variant unless the seed itself is varied: then
      // the variant's value (applied as an override above) is the seed that runs.
      const bool seed_varied = std::any_of(sweep.vary.begin(), sweep.vary.end(),
                                           [](const SweepAxis& a) { return a.path == "seed"; });
      if (sweep.seed && !seed_varied) {
        spec.seed = *sweep.seed;
        spec.source_text += "\n#--seed " + std::to_string(*sweep.seed);
      }
      plan.variants.push_back(std::move(spec));
    } catch (const ScenarioError& e) {
      for (const Diagnostic& d : e.diagnostics()) {
        // Problems with a varied value are reported where the value is in the sweep file.
        bool mapped = false;
        for (size_t a = 0; a < sweep.vary.size() && !mapped; ++a) {
          const std::string text = overrides[a].path + "=" + overrides[a].value;
          if (d.file == "--set " + text ||
              (d.file == "--set" && d.message.rfind(text + ":", 0) == 0)) {
            std::string msg = d.message;
            if (msg.rfind(text + ": ", 0) == 0) msg = msg.substr(text.size() + 2);
            add(At(sweep.vary[a].locations[idx[a]],
                   fmt::format("vary '{}' = {}: {}", overrides[a].path, overrides[a].value, msg)));
            mapped = true;
          }
        }
        if (!mapped) {
          if (d.file == sweep.scenario_file && d.line == 0)
            add(At(sweep.scenario_location,
                   "scenario '" + sweep.scenario_file + "': " + d.message));
          else
            add(d);
        }
      }
    }
  }
  if (!diags.empty()) throw ScenarioError(std::move(diags));

  // Every variant must have the same functions (the columns are per function).
  std::vector<std::string> names;
  for (const auto& f : plan.variants.front().functions) names.push_back(f.name);
  for (size_t v = 1; v < plan.variants.size(); ++v) {
    std::vector<std::string> other;
    for (const auto& f : plan.variants[v].functions) other.push_back(f.name);
    if (other != names) {
      const SweepAxis& a = sweep.vary.front();
      throw ScenarioError(
          {At(a.location, fmt::format("variant {} has functions different from variant 0; a sweep "
                                      "may vary values, not the set of functions",
                                      v))});
    }
  }

  // … and the same Step Functions Map entries (their metrics are columns too).
  const std::vector<std::string> maps = MapEntryLabels(plan.variants.front());
  for (size_t v = 1; v < plan.variants.size(); ++v) {
    if (MapEntryLabels(plan.variants[v]) != maps) {
      const SweepAxis& a = sweep.vary.front();
      throw ScenarioError(
          {At(a.location, fmt::format("variant {} has Step Functions Map entries different from "
                                      "variant 0; a sweep may vary values, not the set of maps",
                                      v))});
    }
  }

  const std::vector<std::string> all = FlatMetricNames(names, maps);
  if (sweep.metrics.empty()) {
    plan.metric_columns = all;
    for (size_t i = 0; i < all.size(); ++i) plan.metric_source.push_back(i);
  } else {
    for (size_t m = 0; m < sweep.metrics.size(); ++m) {
      const auto it = std::find(all.begin(), all.end(), sweep.metrics[m]);
      if (it == all.end()) {
        std::string hint = SuggestName(sweep.metrics[m], all);
        if (hint.empty())
          hint = " (metrics are functions.<name>.<key> or account.<key>, e.g. " + all.front() + ")";
        diags.push_back(
            At(sweep.metric_locations[m], "unknown metric '" + sweep.metrics[m] + "'" + hint));
        continue;
      }
      const auto first =
          std::find(sweep.metrics.begin(), sweep.metrics.begin() + static_cast<std::ptrdiff_t>(m),
                    sweep.metrics[m]);
      if (first != sweep.metrics.begin() + static_cast<std::ptrdiff_t>(m)) {
        const SourceLocation& l =
            sweep.metric_locations[static_cast<size_t>(first - sweep.metrics.begin())];
        diags.push_back(At(sweep.metric_locations[m],
                           fmt::format("metric '{}' is listed twice (first at line {}); each "
                                       "metric is one column",
                                       sweep.metrics[m], l.line)));
        continue;
      }
      plan.metric_columns.push_back(*it);
      plan.metric_source.push_back(static_cast<size_t>(it - all.begin()));
    }
    if (!diags.empty()) throw ScenarioError(std::move(diags));
  }

  std::string hashed = sweep.source_text;
  for (const auto& spec : plan.variants) hashed += "\n" + ScenarioHash(spec);
  plan.sweep_hash = fmt::format("{:016x}", sim::Fnv1a64(hashed));
  plan.sweep = std::move(sweep);
  return plan;
}

// ---------------------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------------------

std::string RunsCsvHeader(const SweepPlan& plan) {
  std::string h = "run,variant,replication";
  for (const auto& a : plan.sweep.vary) h += "," + CsvField(a.path);
  for (const auto& m : plan.metric_columns) h += "," + CsvField(m);
  h += ",event_fingerprint";
  return h;
}

std::string RunSweepRow(const SweepPlan& plan, size_t run, const RunOptions& options) {
  if (run >= plan.runs)
    throw std::out_of_range(
        fmt::format("run {} is out of range (the sweep has {} runs)", run, plan.runs));
  const RunId id = RunAt(plan.sweep, run);
  ScenarioSpec spec = plan.variants[id.variant];
  spec.replication = id.replication;
  const RunResult result = RunScenario(spec, options);
  if (!result.manifest.error.empty() && result.manifest.complete)
    throw std::runtime_error(fmt::format("run {}: {}", run, result.manifest.error));
  if (!result.manifest.complete) return "";
  if (result.functions.size() != spec.functions.size())
    throw std::runtime_error(fmt::format("run {}: result has {} functions, scenario {}", run,
                                         result.functions.size(), spec.functions.size()));
  const std::vector<double> values = FlatMetricValues(result);
  std::string row = fmt::format("{},{},{}", run, id.variant, id.replication);
  const std::vector<size_t> idx = VariantValueIndices(plan.sweep, id.variant);
  for (size_t a = 0; a < plan.sweep.vary.size(); ++a)
    row += "," + CsvField(plan.sweep.vary[a].values[idx[a]]);
  for (size_t src : plan.metric_source) row += "," + FormatCsvNumber(values.at(src));
  row += "," + result.manifest.event_fingerprint;
  return row;
}

std::vector<std::string> RunSweepRows(const SweepPlan& plan, const std::vector<size_t>& runs,
                                      const SweepRunOptions& options) {
  const size_t total = runs.size();
  std::vector<std::string> rows(total);
  std::vector<std::exception_ptr> errors(total);
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  std::atomic<bool> failed{false};
  std::mutex mu;
  std::condition_variable cv;
  RunOptions run_options;
  run_options.interrupt = options.interrupt;

  auto stop = [&] {
    return failed.load() ||
           (options.interrupt && options.interrupt->load(std::memory_order_relaxed));
  };
  auto worker = [&](bool report) {
    auto last = std::chrono::steady_clock::now();
    while (!stop()) {
      const size_t i = next.fetch_add(1);
      if (i >= total) break;
      try {
        rows[i] = RunSweepRow(plan, runs[i], run_options);
      } catch (...) {
        errors[i] = std::current_exception();
        failed.store(true);
      }
      done.fetch_add(1);
      if (report && options.on_progress) {
        const auto now = std::chrono::steady_clock::now();
        if (now - last >= std::chrono::milliseconds(200)) {
          last = now;
          options.on_progress(done.load(), total);
        }
      }
      { std::lock_guard<std::mutex> lock(mu); }
      cv.notify_one();
    }
  };

  const unsigned jobs =
      static_cast<unsigned>(std::max<size_t>(1, std::min<size_t>(options.jobs, total)));
  if (jobs <= 1) {
    worker(true);
  } else {
    std::vector<std::thread> threads;
    threads.reserve(jobs);
    for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(worker, false);
    {
      std::unique_lock<std::mutex> lock(mu);
      while (done.load() < total && !stop()) {
        cv.wait_for(lock, std::chrono::milliseconds(200));
        if (options.on_progress) {
          lock.unlock();
          options.on_progress(done.load(), total);
          lock.lock();
        }
      }
    }
    for (auto& t : threads) t.join();
  }
  if (options.on_progress) options.on_progress(done.load(), total);
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  return rows;
}

// ---------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------

std::vector<std::vector<std::string>> ParseCsv(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  size_t i = 0;
  size_t line = 1;
  bool any = false;  // the current row has started
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"' && field.empty()) {
      ++i;
      while (true) {
        if (i >= text.size())
          throw std::runtime_error(fmt::format("line {}: unterminated quoted field", line));
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\n') ++line;
        field.push_back(text[i++]);
      }
      any = true;
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
        throw std::runtime_error(fmt::format("line {}: text after a closing quote", line));
      continue;
    }
    if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      any = true;
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++i;
      ++line;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      any = false;
      continue;
    }
    field.push_back(c);
    any = true;
    ++i;
  }
  if (any) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string RenderRunsCsv(const std::string& header, const std::vector<std::string>& rows) {
  std::string out = header + "\n";
  for (const auto& r : rows) out += r + "\n";
  return out;
}

namespace {

bool ParseDouble(const std::string& s, double* out) {
  if (s.empty()) return false;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool ParseSize(const std::string& s, size_t* out) {
  if (s.empty()) return false;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

std::string RenderPointsCsv(const RunsTable& t) {
  const size_t first_metric = 3 + t.vary_columns;
  size_t end_metric = t.header.size();
  if (end_metric > first_metric && t.header.back() == "event_fingerprint") --end_metric;
  if (t.header.size() < first_metric)
    throw std::runtime_error("runs table has fewer columns than its varied values");
  std::string out = "variant";
  for (size_t c = 3; c < first_metric; ++c) out += "," + CsvField(t.header[c]);
  out += ",n";
  for (size_t c = first_metric; c < end_metric; ++c) {
    const std::string m = t.header[c];
    out += "," + CsvField(m + "_mean") + "," + CsvField(m + "_sd") + "," +
           CsvField(m + "_ci95_lo") + "," + CsvField(m + "_ci95_hi");
  }
  out += "\n";
  size_t i = 0;
  while (i < t.rows.size()) {
    const std::string& variant = t.rows[i].at(1);
    size_t j = i;
    while (j < t.rows.size() && t.rows[j].at(1) == variant) ++j;
    out += CsvField(variant);
    for (size_t c = 3; c < first_metric; ++c) out += "," + CsvField(t.rows[i].at(c));
    out += fmt::format(",{}", j - i);
    // The variant's values of column c (NaN where a cell is not a number).
    auto column = [&](size_t c) {
      std::vector<double> xs;
      for (size_t k = i; k < j; ++k) {
        double x = std::numeric_limits<double>::quiet_NaN();
        ParseDouble(t.rows[k].at(c), &x);
        xs.push_back(x);
      }
      return xs;
    };
    for (size_t c = first_metric; c < end_metric; ++c) {
      std::vector<double> xs;
      for (double x : column(c))
        if (!std::isnan(x)) xs.push_back(x);
      const MeanCi s = ComputeMeanCi(xs);
      // The interval respects the metric's bounds (rates in [0, 1] from pooled counts when
      // the counts are columns too, a peak under its limit, counts >= 0): metrics/statistics.h.
      const std::string& name = t.header[c];
      const size_t dot = name.rfind('.');
      const std::string scope = dot == std::string::npos ? "" : name.substr(0, dot + 1);
      const std::string key = name.substr(dot == std::string::npos ? 0 : dot + 1);
      auto sibling = [&](const char* k) -> std::vector<double> {
        if (k == nullptr) return {};
        const auto it = std::find(t.header.begin(), t.header.end(), scope + k);
        return it == t.header.end() ? std::vector<double>{}
                                    : column(static_cast<size_t>(it - t.header.begin()));
      };
      const stats::PooledRate pooled = stats::PooledRateOf(key);
      double cap = std::numeric_limits<double>::infinity();
      if (const auto limits = sibling("concurrency_limit"); !limits.empty())
        cap = *std::max_element(limits.begin(), limits.end());
      const stats::Interval ci = xs.size() == j - i
                                     ? stats::MetricInterval95(key, xs, sibling(pooled.numerator),
                                                               sibling(pooled.denominator), cap)
                                     : stats::Interval{s.ci95_lo, s.ci95_hi};
      out += "," + FormatCsvNumber(s.mean) + "," + FormatCsvNumber(s.sd) + "," +
             FormatCsvNumber(ci.lo) + "," + FormatCsvNumber(ci.hi);
    }
    out += "\n";
    i = j;
  }
  return out;
}

SweepManifestInfo ManifestInfoOf(const SweepPlan& plan) {
  SweepManifestInfo info;
  info.sweep_file = plan.sweep.file;
  info.scenario_file = plan.sweep.scenario_file;
  info.sweep_hash = plan.sweep_hash;
  info.version = LAMBDASIM_VERSION;
  info.total_runs = plan.runs;
  info.variants = VariantCount(plan.sweep);
  info.replications = plan.sweep.replications;
  info.vary_columns = plan.sweep.vary.size();
  return info;
}

std::string RenderSweepManifest(const SweepManifestInfo& info, bool shard) {
  JsonWriter w;
  w.BeginObject();
  w.Field("kind", shard ? "lambdasim-sweep-shard" : "lambdasim-sweep");
  w.Field("sweep_file", RecordedPath(info.sweep_file));
  w.Field("scenario_file", RecordedPath(info.scenario_file));
  w.Field("sweep_hash", info.sweep_hash);
  w.Field("version", info.version);
  w.Field("total_runs", static_cast<uint64_t>(info.total_runs));
  w.Field("variants", static_cast<uint64_t>(info.variants));
  w.Field("replications", info.replications);
  w.Field("vary_columns", static_cast<uint64_t>(info.vary_columns));
  w.Field("complete", info.complete);
  w.Field("runs_csv_fnv1a64", info.runs_csv_fnv1a64);
  if (shard || !info.complete) {
    w.Key("runs");
    w.BeginArray();
    for (size_t r : info.runs) w.Uint(r);
    w.EndArray();
  }
  if (!shard) w.Field("files", info.complete ? "runs.csv, points.csv" : "runs.csv");
  w.EndObject();
  return w.Finish();
}

SweepManifestInfo ParseSweepManifest(std::string_view text, bool shard) {
  const JsonValue v = ParseJson(text);
  auto str = [&](const char* key) {
    const JsonValue* x = v.Find(key);
    if (!x || x->type != JsonValue::Type::kString)
      throw std::runtime_error(std::string("missing \"") + key + "\"");
    return x->text;
  };
  auto num = [&](const char* key) {
    const JsonValue* x = v.Find(key);
    size_t n = 0;
    if (!x || x->type != JsonValue::Type::kNumber || !ParseSize(x->text, &n))
      throw std::runtime_error(std::string("missing or bad \"") + key + "\"");
    return n;
  };
  const std::string kind = str("kind");
  if (kind != (shard ? "lambdasim-sweep-shard" : "lambdasim-sweep"))
    throw std::runtime_error("\"kind\" is '" + kind + "', expected " +
                             (shard ? "lambdasim-sweep-shard" : "lambdasim-sweep"));
  SweepManifestInfo info;
  info.sweep_file = str("sweep_file");
  info.scenario_file = str("scenario_file");
  info.sweep_hash = str("sweep_hash");
  info.version = str("version");
  info.total_runs = num("total_runs");
  info.variants = num("variants");
  info.replications = num("replications");
  info.vary_columns = num("vary_columns");
  const JsonValue* complete = v.Find("complete");
  if (!complete || complete->type != JsonValue::Type::kBool)
    throw std::runtime_error("missing \"complete\"");
  info.complete = complete->b;
  info.runs_csv_fnv1a64 = str("runs_csv_fnv1a64");
  if (shard) {
    const JsonValue* runs = v.Find("runs");
    if (!runs || runs->type != JsonValue::Type::kArray)
      throw std::runtime_error("missing \"runs\"");
    for (const auto& r : runs->items) {
      size_t n = 0;
      if (r.type != JsonValue::Type::kNumber || !ParseSize(r.text, &n))
        throw std::runtime_error("bad entry in \"runs\"");
      info.runs.push_back(n);
    }
  }
  return info;
}

void WriteSweepOutputs(const SweepManifestInfo& info, const std::string& header,
                       const std::vector<std::string>& rows, const std::string& dir, bool shard) {
  const std::string runs_csv = RenderRunsCsv(header, rows);
  std::string points_csv;
  const bool points = !shard && info.complete;
  if (points) {
    RunsTable t;
    auto parsed = ParseCsv(runs_csv);
    t.header = std::move(parsed.front());
    t.rows.assign(std::make_move_iterator(parsed.begin() + 1),
                  std::make_move_iterator(parsed.end()));
    t.vary_columns = info.vary_columns;
    points_csv = RenderPointsCsv(t);
  }
  SweepManifestInfo manifest = info;
  manifest.runs_csv_fnv1a64 = fmt::format("{:016x}", sim::Fnv1a64(runs_csv));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw OutputError(fmt::format("cannot create output directory {}: {}", dir,
                                  ec ? ec.message() : "not a directory"));
  // The previous manifest goes first (and points.csv of an earlier complete sweep when this
  // one is not): the directory never claims files it does not hold.
  const std::string manifest_name = shard ? "shard.json" : "sweep.json";
  const auto dir_path = std::filesystem::path(dir);
  for (const char* old : {"sweep.json", "shard.json"}) {
    std::filesystem::remove(dir_path / old, ec);
    if (ec)
      throw OutputError(
          fmt::format("cannot remove {}: {}", (dir_path / old).string(), ec.message()));
  }
  if (!points) std::filesystem::remove(dir_path / "points.csv", ec);
  WriteFileAtomic(dir, "runs.csv", runs_csv);
  if (points) WriteFileAtomic(dir, "points.csv", points_csv);
  WriteFileAtomic(dir, manifest_name, RenderSweepManifest(manifest, shard));
}

namespace {
std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open for reading");
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}
}  // namespace

namespace {
// A directory's identity for "is --out one of the inputs": its absolute, normal form with
// symlinks of existing parts resolved, without a trailing separator.
std::string DirIdentity(const std::string& dir) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::weakly_canonical(dir, ec);
  if (ec) p = std::filesystem::absolute(dir, ec).lexically_normal();
  std::string s = p.generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}
}  // namespace

void MergeSweepShards(const std::vector<std::string>& dirs, const std::string& out_dir) {
  if (dirs.empty()) throw std::runtime_error("no shard directories given");
  const std::string out_identity = DirIdentity(out_dir);
  for (const std::string& d : dirs) {
    if (DirIdentity(d) == out_identity)
      throw std::runtime_error(fmt::format(
          "--out {} is one of the shards being merged ({}); merging into it would overwrite "
          "its runs.csv: choose another --out",
          out_dir, d));
  }
  SweepManifestInfo first;
  std::vector<std::string> header;
  std::map<size_t, std::pair<std::vector<std::string>, std::string>> rows;  // run → (fields, dir)
  for (size_t d = 0; d < dirs.size(); ++d) {
    const std::string manifest_path = (std::filesystem::path(dirs[d]) / "shard.json").string();
    const std::string runs_path = (std::filesystem::path(dirs[d]) / "runs.csv").string();
    SweepManifestInfo info;
    try {
      info = ParseSweepManifest(ReadWhole(manifest_path), true);
    } catch (const std::exception& e) {
      throw std::runtime_error(manifest_path + ": " + e.what() +
                               " (is this the --out of a `sweep --shard` run?)");
    }
    if (!info.complete)
      throw std::runtime_error(manifest_path +
                               ": an interrupted shard (\"complete\": false); run it again");
    std::vector<std::vector<std::string>> table;
    try {
      const std::string text = ReadWhole(runs_path);
      const std::string sum = fmt::format("{:016x}", sim::Fnv1a64(text));
      if (sum != info.runs_csv_fnv1a64)
        throw std::runtime_error(fmt::format(
            "checksum {} does not match {} recorded in {} (the file was edited or damaged "
            "after the shard was written; run the shard again)",
            sum, info.runs_csv_fnv1a64, manifest_path));
      table = ParseCsv(text);
    } catch (const std::exception& e) {
      throw std::runtime_error(runs_path + ": " + e.what());
    }
    if (table.empty()) throw std::runtime_error(runs_path + ": empty (no header)");
    if (d == 0) {
      first = info;
      header = table.front();
    } else {
      if (info.sweep_hash != first.sweep_hash)
        throw std::runtime_error(
            fmt::format("{}: sweep hash {} differs from {} in {} (shards of different sweeps, or "
                        "the sweep or scenario file changed between them)",
                        manifest_path, info.sweep_hash, first.sweep_hash, dirs[0]));
      if (info.version != first.version)
        throw std::runtime_error(fmt::format("{}: written by lambdasim {}, but {} by {}",
                                             manifest_path, info.version, dirs[0], first.version));
      if (info.total_runs != first.total_runs || info.vary_columns != first.vary_columns)
        throw std::runtime_error(manifest_path + ": sweep shape differs from " + dirs[0]);
      if (table.front() != header)
        throw std::runtime_error(runs_path + ": columns differ from " + dirs[0]);
    }
    const std::set<size_t> expected(info.runs.begin(), info.runs.end());
    if (table.size() - 1 != expected.size())
      throw std::runtime_error(
          fmt::format("{}: {} rows, but shard.json lists {} runs (an interrupted shard?)",
                      runs_path, table.size() - 1, expected.size()));
    for (size_t r = 1; r < table.size(); ++r) {
      size_t run = 0;
      if (table[r].size() != header.size() || !ParseSize(table[r][0], &run))
        throw std::runtime_error(fmt::format("{}: row {} is malformed", runs_path, r + 1));
      if (!expected.count(run))
        throw std::runtime_error(
            fmt::format("{}: run {} is not listed in shard.json", runs_path, run));
      if (run >= first.total_runs)
        throw std::runtime_error(fmt::format("{}: run {} is out of range (the sweep has {})",
                                             runs_path, run, first.total_runs));
      if (auto it = rows.find(run); it != rows.end())
        throw std::runtime_error(
            fmt::format("run {} appears in both {} and {}", run, it->second.second, dirs[d]));
      rows.emplace(run, std::make_pair(std::move(table[r]), dirs[d]));
    }
  }
  if (rows.size() != first.total_runs) {
    std::string missing;
    size_t count = 0;
    for (size_t r = 0; r < first.total_runs; ++r) {
      if (rows.count(r)) continue;
      if (++count <= 10) missing += (missing.empty() ? "" : ", ") + std::to_string(r);
    }
    throw std::runtime_error(fmt::format("incomplete sweep: {} of {} runs missing (runs {}{})",
                                         count, first.total_runs, missing,
                                         count > 10 ? ", ..." : ""));
  }
  std::string header_line;
  for (size_t c = 0; c < header.size(); ++c) header_line += (c ? "," : "") + CsvField(header[c]);
  std::vector<std::string> lines;
  lines.reserve(rows.size());
  for (const auto& [run, entry] : rows) {
    std::string line;
    for (size_t c = 0; c < entry.first.size(); ++c)
      line += (c ? "," : "") + CsvField(entry.first[c]);
    lines.push_back(std::move(line));
  }
  SweepManifestInfo info = first;
  info.runs.clear();
  WriteSweepOutputs(info, header_line, lines, out_dir, false);
}

}  // namespace lambdasim
