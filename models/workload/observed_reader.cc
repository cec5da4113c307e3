// models/workload/observed_reader.cc — the `observed:` CSV (see observed_reader.h).
#include "models/workload/observed_reader.h"

#include <array>
#include <cmath>

#include "models/workload/trace_common.h"
#include "models/workload/trace_lines.h"

namespace lambdasim {
namespace {

using trace_detail::Collector;
using trace_detail::Column;
using trace_detail::Quote;

constexpr std::array<std::string_view, 3> kValueColumns = {"observed_invocations",
                                                           "concurrency_max", "throttles"};

}  // namespace

bool ReadObservedCsv(const std::string& path, sim::Duration bucket, ObservedSeries* out,
                     std::vector<Diagnostic>* errors) {
  const size_t errors_before = errors->size();
  out->periods.clear();
  out->period = sim::Duration();
  Collector bad(path, errors);
  LineReader reader(path);
  std::vector<std::string_view> fields;
  if (!trace_detail::ReadHeader(reader, bad, &fields)) return false;
  if (fields.empty()) fields.emplace_back();
  const char* const header_start = fields[0].data();  // columns of header problems
  if (fields[0].substr(0, 3) == "\xEF\xBB\xBF") fields[0].remove_prefix(3);  // a UTF-8 BOM
  // Column roles, from the header (views die at the next line: keep indexes only).
  constexpr size_t kNone = std::string::npos;
  size_t start_col = kNone;
  std::array<size_t, kValueColumns.size()> value_col;
  value_col.fill(kNone);
  const size_t columns = fields.size();
  bool header_ok = true;
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string_view name = fields[i];
    size_t* slot = nullptr;
    if (name == "period_start_s") slot = &start_col;
    for (size_t k = 0; k < kValueColumns.size(); ++k)
      if (name == kValueColumns[k]) slot = &value_col[k];
    if (name == "timestamp") continue;
    if (slot == nullptr) {
      bad.Add(1, static_cast<int>(name.data() - header_start) + 1,
              "unknown column " + Quote(name) +
                  " (expected period_start_s, timestamp, observed_invocations, "
                  "concurrency_max, throttles)");
      header_ok = false;
    } else if (*slot != kNone) {
      bad.Add(1, static_cast<int>(name.data() - header_start) + 1,
              "column " + Quote(name) + " appears twice");
      header_ok = false;
    } else {
      *slot = i;
    }
  }
  if (header_ok && start_col == kNone) {
    bad.Add(1, 0, "the header has no period_start_s column");
    header_ok = false;
  }
  bool any_value = false;
  for (size_t c : value_col) any_value = any_value || c != kNone;
  if (header_ok && !any_value) {
    bad.Add(1, 0,
            "the header names no measurement (observed_invocations, concurrency_max or "
            "throttles)");
    header_ok = false;
  }
  if (!header_ok) return false;

  const int64_t bucket_ns = bucket.ns();
  std::string_view line;
  int64_t prev_ns = -1;
  uint64_t prev_line = 0;
  while (trace_detail::NextRow(reader, bad, columns, &line, &fields)) {
    const uint64_t ln = reader.line_number();
    ObservedPeriod p;
    double start_s = 0;
    const std::string_view sf = fields[start_col];
    if (!trace_detail::ParseDouble(sf, &start_s) || start_s < 0 ||
        start_s > trace_detail::kMaxTimestampS) {
      bad.Add(ln, Column(line, sf),
              "period_start_s " + Quote(sf) + " is not a number of seconds in [0, 400 days]");
      continue;
    }
    p.start_s = start_s;
    const int64_t start_ns = trace_detail::SecondsToNs(start_s);
    bool row_ok = true;
    for (size_t k = 0; k < kValueColumns.size(); ++k) {
      if (value_col[k] == kNone) continue;
      const std::string_view cell = fields[value_col[k]];
      if (cell.empty()) continue;  // not measured in this period
      double v = 0;
      if (!trace_detail::ParseDouble(cell, &v) || v < 0) {
        bad.Add(ln, Column(line, cell),
                std::string(kValueColumns[k]) + " " + Quote(cell) +
                    " is not a number >= 0 (leave the cell empty when not measured)");
        row_ok = false;
        continue;
      }
      (k == 0 ? p.invocations : k == 1 ? p.concurrency_max : p.throttles) = v;
    }
    if (!row_ok) continue;
    if (prev_ns < 0) {
      if (start_ns % bucket_ns != 0) {
        bad.Add(ln, Column(line, sf),
                "period_start_s " + Quote(sf) + " is not a multiple of the scenario's bucket " +
                    sim::FormatDuration(bucket) + " (simulated buckets must fall inside periods)");
        return false;
      }
    } else {
      const int64_t gap_ns = start_ns - prev_ns;
      if (gap_ns <= 0) {
        bad.Add(ln, Column(line, sf),
                "period_start_s " + Quote(sf) + " does not come after line " +
                    std::to_string(prev_line) + "'s (rows must be in time order)");
        return false;
      }
      if (out->period == sim::Duration()) {
        if (gap_ns % bucket_ns != 0) {
          bad.Add(ln, Column(line, sf),
                  "the period " + sim::FormatDuration(sim::Duration::Nanos(gap_ns)) +
                      " (the gap to line " + std::to_string(prev_line) +
                      ") is not a multiple of the scenario's bucket " +
                      sim::FormatDuration(bucket) + "; set `bucket:` to the period or a divisor");
          return false;
        }
        out->period = sim::Duration::Nanos(gap_ns);
      } else if (gap_ns != out->period.ns()) {
        bad.Add(ln, Column(line, sf),
                "period_start_s " + Quote(sf) + " is " +
                    sim::FormatDuration(sim::Duration::Nanos(gap_ns)) + " after line " +
                    std::to_string(prev_line) + "'s; periods must be evenly spaced (" +
                    sim::FormatDuration(out->period) + ")");
        return false;
      }
    }
    if (out->periods.size() >= kMaxObservedPeriods) {
      bad.Add(ln, 0, "more than " + std::to_string(kMaxObservedPeriods) + " periods");
      return false;
    }
    prev_ns = start_ns;
    prev_line = ln;
    out->periods.push_back(p);
  }
  if (!reader.ok()) bad.Add(reader.line_number(), 0, reader.error());
  if (errors->size() == errors_before && bad.count() == 0 && out->periods.empty())
    bad.Add(0, 0, "no periods after the header");
  if (out->period == sim::Duration()) out->period = bucket;
  return bad.count() == 0;
}

}  // namespace lambdasim
