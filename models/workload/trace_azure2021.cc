// models/workload/trace_azure2021.cc — the azure-2021 format (Azure Functions 2021: one row
// per invocation, sorted by end_timestamp, with its duration).
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

void ValidateAzure2021(TraceSpec& trace, const TraceContext& context, TraceValidation& out) {
  Collector errors(trace.file, &out.errors);
  LineReader reader(trace.file);
  std::vector<std::string_view> f;
  if (!ReadHeader(reader, errors, &f)) return;
  const size_t c_func = FindColumn(f, "func"), c_end = FindColumn(f, "end_timestamp"),
               c_dur = FindColumn(f, "duration"), c_app = FindColumn(f, "app");
  if (c_func == std::string::npos || c_end == std::string::npos || c_dur == std::string::npos ||
      c_app == std::string::npos) {
    errors.Add(1, 0,
               "not an azure-2021 header: expected the columns app,func,end_timestamp,duration");
    return;
  }
  const size_t columns = f.size();
  const int64_t offset_ns = trace.offset.ns();
  double prev_end = -1;
  uint64_t prev_line = 0;
  int64_t max_dur_ns = 0;
  uint64_t rows = 0, matching = 0;
  std::string_view line;
  while (NextRow(reader, errors, columns, &line, &f)) {
    const uint64_t n = reader.line_number();
    double end = 0, dur = 0;
    const bool end_ok = ParseDouble(f[c_end], &end) && end >= 0 && end <= kMaxTimestampS;
    const bool dur_ok = ParseDouble(f[c_dur], &dur) && dur >= 0 && dur <= kMaxRowDurationS;
    if (!end_ok)
      errors.Add(
          n, Column(line, f[c_end]),
          "end_timestamp " + Quote(f[c_end]) + " is not a number of seconds in [0, 34560000]");
    if (!dur_ok)
      errors.Add(n, Column(line, f[c_dur]),
                 "duration " + Quote(f[c_dur]) + " is not a number of seconds in [0, 86400]");
    if (!end_ok || !dur_ok) continue;
    if (end < prev_end) {
      errors.Add(n, Column(line, f[c_end]),
                 "end_timestamp " + std::string(f[c_end]) +
                     " is earlier than the previous row's (line " + std::to_string(prev_line) +
                     "); azure-2021 rows must be sorted by end_timestamp");
    }
    prev_end = std::max(prev_end, end);
    prev_line = n;
    if (!trace.select.empty() && f[c_func] != trace.select) continue;
    if (!trace.select_app.empty() && f[c_app] != trace.select_app) continue;
    ++matching;
    const int64_t dur_ns = SecondsToNs(dur);
    if (SecondsToNs(end) - dur_ns < offset_ns) continue;  // starts before the trace's time 0
    ++rows;
    max_dur_ns = std::max(max_dur_ns, dur_ns);
  }
  if (!reader.ok()) errors.Add(reader.line_number() + 1, 0, reader.error());
  if ((!trace.select.empty() || !trace.select_app.empty()) && matching == 0 && errors.count() == 0)
    errors.Add(0, 0,
               "no row with" + (trace.select.empty() ? "" : " func " + Quote(trace.select)) +
                   (trace.select_app.empty() ? "" : " app " + Quote(trace.select_app)));
  trace.rows = rows;
  trace.max_duration = sim::Duration::Nanos(max_dur_ns);
  out.functions_covered[context.default_function] = true;
}

}  // namespace trace_detail

// ---- replay ----

void TraceArrivals::OpenAzure2021() {
  col_func_ = FindColumn(fields_, "func");
  col_end_ = FindColumn(fields_, "end_timestamp");
  col_duration_ = FindColumn(fields_, "duration");
  col_app_ = FindColumn(fields_, "app");
  if (col_func_ == std::string::npos || col_end_ == std::string::npos ||
      col_duration_ == std::string::npos || col_app_ == std::string::npos)
    Changed("bad header");
}

Arrival TraceArrivals::NextAzure2021() {
  std::string_view line;
  while (true) {
    // A pending row is safe to release once every row still unread must start after it:
    // unread rows end at or after read_end_ns_, so start at or after read_end_ns_ − max.
    if (!heap_.empty() &&
        (input_done_ || heap_.top().start_ns <= read_end_ns_ - max_duration_ns_)) {
      const Pending p = heap_.top();
      heap_.pop();
      return Make(p.start_ns, p.duration_ns, default_function_);
    }
    if (input_done_) return Arrival{};
    if (!reader_.Next(&line)) {
      if (!reader_.ok()) Changed(reader_.error());
      input_done_ = true;
      continue;
    }
    if (line.empty()) continue;
    SplitCsv(line, &fields_);
    if (fields_.size() <= std::max({col_func_, col_end_, col_duration_, col_app_}))
      Changed("wrong number of fields");
    if (!trace_.select.empty() && fields_[col_func_] != trace_.select) continue;
    if (!trace_.select_app.empty() && fields_[col_app_] != trace_.select_app) continue;
    double end = 0, dur = 0;
    if (!ParseDouble(fields_[col_end_], &end) || !ParseDouble(fields_[col_duration_], &dur))
      Changed("bad number");
    const int64_t end_ns = SecondsToNs(end), dur_ns = SecondsToNs(dur);
    if (dur_ns > max_duration_ns_ && end_ns - dur_ns >= offset_ns_)
      Changed("a duration longer than the validated maximum");
    read_end_ns_ = std::max(read_end_ns_, end_ns);
    if (end_ns - dur_ns < offset_ns_) continue;
    heap_.push(Pending{end_ns - dur_ns, seq_++, dur_ns});
  }
}

}  // namespace lambdasim
