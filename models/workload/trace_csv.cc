// models/workload/trace_csv.cc — the generic csv format (timestamp, and optionally function
// and duration, one row per request in time order).
#include "models/workload/trace_common.h"
#include "models/workload/trace_reader.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace lambdasim {

using namespace trace_detail;  // this format's helpers (trace_common.h)

// ---- validation ----

namespace trace_detail {

void ValidateCsv(TraceSpec& trace, const TraceContext& context, TraceValidation& out) {
  Collector errors(trace.file, &out.errors);
  LineReader reader(trace.file);
  std::vector<std::string_view> f;
  std::string_view header;
  if (!ReadHeader(reader, errors, &f, &header)) return;
  const std::vector<std::string> known = {"timestamp", "function", "duration"};
  size_t c_ts = std::string::npos, c_fn = std::string::npos, c_dur = std::string::npos;
  bool header_ok = true;
  for (size_t i = 0; i < f.size(); ++i) {
    size_t* slot = f[i] == "timestamp"  ? &c_ts
                   : f[i] == "function" ? &c_fn
                   : f[i] == "duration" ? &c_dur
                                        : nullptr;
    if (!slot) {
      std::string msg = "unknown column " + Quote(f[i]);
      const std::string hint =
          context.did_you_mean ? context.did_you_mean(std::string(f[i]), known) : "";
      msg += hint.empty() ? " (columns: timestamp, and optionally function, duration)" : hint;
      errors.Add(1, Column(header, f[i]), msg);
      header_ok = false;
    } else if (*slot != std::string::npos) {
      errors.Add(1, Column(header, f[i]), "duplicate column " + Quote(f[i]));
      header_ok = false;
    } else {
      *slot = i;
    }
  }
  if (c_ts == std::string::npos) {
    errors.Add(1, 0,
               "the header has no 'timestamp' column (columns: timestamp, and optionally function, "
               "duration)");
    header_ok = false;
  }
  if (!header_ok) return;
  const size_t columns = f.size();
  const int64_t offset_ns = trace.offset.ns();
  std::vector<bool> lacks(context.function_names.size(), false);  // a row without duration
  std::vector<bool> seen(context.function_names.size(), false);
  double prev_ts = -1;
  uint64_t prev_line = 0, rows = 0;
  int64_t max_dur_ns = 0;
  std::string_view line;
  while (NextRow(reader, errors, columns, &line, &f)) {
    const uint64_t n = reader.line_number();
    double ts = 0;
    if (!ParseDouble(f[c_ts], &ts) || ts < 0 || ts > kMaxTimestampS) {
      errors.Add(n, Column(line, f[c_ts]),
                 "timestamp " + Quote(f[c_ts]) + " is not a number of seconds in [0, 34560000]");
      continue;
    }
    if (ts < prev_ts)
      errors.Add(n, Column(line, f[c_ts]),
                 "timestamp " + std::string(f[c_ts]) +
                     " is earlier than the previous row's (line " + std::to_string(prev_line) +
                     "); rows must be in time order");
    prev_ts = std::max(prev_ts, ts);
    prev_line = n;
    size_t fn = context.default_function;
    if (c_fn != std::string::npos && !f[c_fn].empty()) {
      size_t i = 0;
      while (i < context.function_names.size() && context.function_names[i] != f[c_fn]) ++i;
      if (i == context.function_names.size()) {
        std::string msg = "unknown function " + Quote(f[c_fn]);
        const std::string hint = context.did_you_mean ? context.did_you_mean(std::string(f[c_fn]),
                                                                             context.function_names)
                                                      : "";
        msg += hint.empty() ? " (functions: " : hint + " (functions: ";
        for (size_t k = 0; k < context.function_names.size(); ++k)
          msg += (k ? ", " : "") + context.function_names[k];
        errors.Add(n, Column(line, f[c_fn]), msg + ")");
        continue;
      }
      fn = i;
    }
    bool has_dur = false;
    if (c_dur != std::string::npos && !f[c_dur].empty()) {
      double dur = 0;
      if (!ParseDouble(f[c_dur], &dur) || dur < 0 || dur > kMaxRowDurationS) {
        errors.Add(n, Column(line, f[c_dur]),
                   "duration " + Quote(f[c_dur]) + " is not a number of seconds in [0, 86400]");
        continue;
      }
      has_dur = true;
      max_dur_ns = std::max(max_dur_ns, SecondsToNs(dur));
    }
    if (!has_dur && fn < context.has_duration.size() && !context.has_duration[fn]) {
      errors.Add(n, 0,
                 "this row has no duration and function '" + context.function_names[fn] +
                     "' has no 'duration:' distribution to sample one from");
      continue;
    }
    seen[fn] = true;
    if (!has_dur) lacks[fn] = true;
    if (SecondsToNs(ts) >= offset_ns) ++rows;
  }
  if (!reader.ok()) errors.Add(reader.line_number() + 1, 0, reader.error());
  trace.rows = rows;
  trace.max_duration = sim::Duration::Nanos(max_dur_ns);
  for (size_t i = 0; i < seen.size(); ++i)
    if (seen[i] && !lacks[i]) out.functions_covered[i] = true;
}

}  // namespace trace_detail

// ---- replay ----

void TraceArrivals::OpenCsv() {
  col_timestamp_ = FindColumn(fields_, "timestamp");
  if (col_timestamp_ == std::string::npos) Changed("bad header");
  if (size_t c = FindColumn(fields_, "function"); c != std::string::npos) col_function_ = c;
  if (size_t c = FindColumn(fields_, "duration"); c != std::string::npos) col_row_duration_ = c;
}

Arrival TraceArrivals::NextCsv() {
  std::string_view line;
  while (reader_.Next(&line)) {
    if (line.empty()) continue;
    SplitCsv(line, &fields_);
    if (fields_.size() <= col_timestamp_) Changed("wrong number of fields");
    double ts = 0;
    if (!ParseDouble(fields_[col_timestamp_], &ts)) Changed("bad timestamp");
    const int64_t t = SecondsToNs(ts);
    if (t < offset_ns_) continue;
    uint32_t fn = default_function_;
    if (col_function_ && *col_function_ < fields_.size() && !fields_[*col_function_].empty()) {
      const std::string_view name = fields_[*col_function_];
      size_t i = 0;
      while (i < names_.size() && names_[i] != name) ++i;
      if (i == names_.size()) Changed("unknown function");
      fn = static_cast<uint32_t>(i);
    }
    int64_t dur_ns = -1;
    if (col_row_duration_ && *col_row_duration_ < fields_.size() &&
        !fields_[*col_row_duration_].empty()) {
      double d = 0;
      if (!ParseDouble(fields_[*col_row_duration_], &d)) Changed("bad duration");
      dur_ns = SecondsToNs(d);
    }
    return Make(t, dur_ns, fn);
  }
  if (!reader_.ok()) Changed(reader_.error());
  return Arrival{};
}

}  // namespace lambdasim
