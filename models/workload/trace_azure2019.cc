// models/workload/trace_azure2019.cc — the azure-2019 format (Azure Functions 2019: per-minute
// invocation counts, one row per function, and an optional durations-percentiles file).
#include "models/workload/trace_common.h"
#include "models/workload/trace_reader.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "sim/interrupt.h"

namespace lambdasim {

using namespace trace_detail;  // this format's helpers (trace_common.h)

namespace {

const char* kDurationColumns[] = {"percentile_Average_0",  "percentile_Average_1",
                                  "percentile_Average_25", "percentile_Average_50",
                                  "percentile_Average_75", "percentile_Average_99",
                                  "percentile_Average_100"};
const double kDurationQuantiles[] = {0, 0.01, 0.25, 0.5, 0.75, 0.99, 1};

// True when `text` is exactly the decimal form of `value` (no sign, no leading zeros).
bool IsDecimal(std::string_view text, size_t value) {
  char digits[24];
  const auto r = std::to_chars(digits, digits + sizeof digits, value);
  return text == std::string_view(digits, static_cast<size_t>(r.ptr - digits));
}

}  // namespace

// ---- validation ----

namespace trace_detail {

void ValidateAzure2019(TraceSpec& trace, const TraceContext& context, TraceValidation& out) {
  Collector errors(trace.invocations_file, &out.errors);
  LineReader reader(trace.invocations_file);
  std::vector<std::string_view> f;
  if (!ReadHeader(reader, errors, &f)) return;
  {
    const size_t expected = 4 + kAzure2019Minutes;
    static const char* kFirst[] = {"HashOwner", "HashApp", "HashFunction", "Trigger"};
    bool ok = f.size() == expected;
    for (size_t i = 0; ok && i < 4; ++i) ok = f[i] == kFirst[i];
    for (size_t i = 0; ok && i < kAzure2019Minutes; ++i) ok = IsDecimal(f[4 + i], i + 1);
    if (!ok) {
      errors.Add(1, 0,
                 "not an azure-2019 invocations header: expected "
                 "HashOwner,HashApp,HashFunction,Trigger,1,2,...,1440 (" +
                     std::to_string(expected) + " columns), got " + std::to_string(f.size()) +
                     " columns");
      return;
    }
  }
  const bool by_index = IsIndex(trace.select);
  const uint64_t want_index = by_index ? std::stoull(trace.select) : 0;
  uint64_t row_index = 0;
  bool found = false;
  uint64_t found_line = 0, found_index = 0;
  std::string owner, app, func;
  std::string_view line;
  while (reader.Next(&line)) {
    if (line.empty()) continue;
    SplitCsv(line, &f);
    const uint64_t n = reader.line_number();
    const uint64_t this_row = row_index++;
    if (f.size() != 4 + kAzure2019Minutes) {
      errors.Add(n, 0,
                 "row has " + std::to_string(f.size()) + " fields; expected " +
                     std::to_string(4 + kAzure2019Minutes) +
                     " (HashOwner, HashApp, HashFunction, Trigger and 1440 per-minute counts)");
      continue;
    }
    // Two rows for the selected HashFunction (a copy-paste, or two apps' functions sharing a
    // hash): which one is meant is unknowable, so refuse rather than take the first.
    if (found && !by_index && f[2] == trace.select) {
      errors.Add(n, Column(line, f[2]),
                 "HashFunction " + Quote(f[2]) + " has a second row here (the first is line " +
                     std::to_string(found_line) +
                     "); select one row by its 0-based index instead (function: " +
                     std::to_string(found_index) + " or " + std::to_string(this_row) + ")");
      continue;
    }
    const bool selected = !found && (by_index ? this_row == want_index : f[2] == trace.select);
    uint64_t sum = 0;
    for (size_t m = 0; m < kAzure2019Minutes; ++m) {
      uint64_t c = 0;
      if (!ParseCount(f[4 + m], &c)) {
        errors.Add(n, Column(line, f[4 + m]),
                   "minute " + std::to_string(m + 1) + ": count " + Quote(f[4 + m]) +
                       " is not a non-negative integer");
        continue;
      }
      sum += c;
    }
    if (selected) {
      found = true;
      found_line = n;
      found_index = this_row;
      trace.rows = sum;
      owner = f[0];
      app = f[1];
      func = f[2];
    }
  }
  if (!reader.ok()) errors.Add(reader.line_number() + 1, 0, reader.error());
  if (!found) {
    if (by_index)
      errors.Add(0, 0,
                 "row index " + trace.select + " is out of range: the file has " +
                     std::to_string(row_index) + " data rows (indices are 0-based)");
    else
      errors.Add(0, 0, "no row with HashFunction " + Quote(trace.select));
    return;
  }

  if (trace.durations_file.empty()) return;
  Collector derrors(trace.durations_file, &out.errors);
  LineReader dreader(trace.durations_file);
  if (!ReadHeader(dreader, derrors, &f)) return;
  const size_t c_owner = FindColumn(f, "HashOwner"), c_app = FindColumn(f, "HashApp"),
               c_func = FindColumn(f, "HashFunction");
  size_t c_pct[7];
  std::string missing;
  if (c_func == std::string::npos) missing += " HashFunction";
  for (size_t i = 0; i < 7; ++i) {
    c_pct[i] = FindColumn(f, kDurationColumns[i]);
    if (c_pct[i] == std::string::npos) missing += std::string(" ") + kDurationColumns[i];
  }
  if (!missing.empty()) {
    derrors.Add(1, 0, "not an azure-2019 durations header: missing column(s)" + missing);
    return;
  }
  const size_t columns = f.size();
  int best = -1;  // 2 = owner, app and function match; 1 = function only
  std::vector<std::pair<double, double>> points;
  uint64_t best_line = 0;
  while (NextRow(dreader, derrors, columns, &line, &f)) {
    const uint64_t n = dreader.line_number();
    if (f[c_func] != func) continue;
    const bool full = c_owner != std::string::npos && c_app != std::string::npos &&
                      f[c_owner] == owner && f[c_app] == app;
    const int quality = full ? 2 : 1;
    if (quality <= best) continue;
    std::vector<std::pair<double, double>> pts;
    bool ok = true;
    for (size_t i = 0; i < 7; ++i) {
      double ms = 0;
      const std::string_view cell = f[c_pct[i]];
      if (!ParseDouble(cell, &ms) || ms < 0 || ms > kMaxRowDurationS * 1000) {
        derrors.Add(n, Column(line, cell),
                    std::string(kDurationColumns[i]) + ": " + Quote(cell) +
                        " is not a duration in milliseconds between 0 and 86400000");
        ok = false;
        continue;
      }
      if (!pts.empty() && ms / 1000 < pts.back().second) {
        derrors.Add(
            n, Column(line, cell),
            std::string(kDurationColumns[i]) + " = " + std::string(cell) +
                " is smaller than the previous percentile; percentiles must be non-decreasing");
        ok = false;
        continue;
      }
      pts.emplace_back(kDurationQuantiles[i], ms / 1000);
    }
    if (!ok) continue;
    best = quality;
    best_line = n;
    points = std::move(pts);
  }
  if (!dreader.ok()) derrors.Add(dreader.line_number() + 1, 0, dreader.error());
  (void)best_line;
  if (best < 0) {
    if (derrors.count() == 0) derrors.Add(0, 0, "no row for HashFunction " + Quote(func));
    return;
  }
  trace.max_duration = sim::DurationFromSeconds(points.back().second);
  out.duration = sim::Distribution::Empirical(std::move(points));
  out.functions_covered[context.default_function] = true;
}

}  // namespace trace_detail

// ---- replay ----

void TraceArrivals::OpenAzure2019() {
  std::string_view line;
  const bool by_index = IsIndex(trace_.select);
  const uint64_t want_index = by_index ? std::stoull(trace_.select) : 0;
  uint64_t row_index = 0;
  while (reader_.Next(&line)) {
    if (line.empty()) continue;
    const uint64_t this_row = row_index++;
    if (by_index && this_row != want_index) continue;
    SplitCsv(line, &fields_);
    if (fields_.size() != 4 + kAzure2019Minutes || (!by_index && fields_[2] != trace_.select))
      continue;
    counts_.resize(kAzure2019Minutes);
    for (size_t m = 0; m < kAzure2019Minutes; ++m)
      if (!ParseCount(fields_[4 + m], &counts_[m])) Changed("bad minute count");
    break;
  }
  if (counts_.empty() && !reader_.interrupted()) Changed("the selected function's row is gone");
}

Arrival TraceArrivals::NextAzure2019(sim::RngStream& rng) {
  constexpr int64_t kMinuteNs = 60'000'000'000;
  while (true) {
    while (placed_in_minute_ == total_in_minute_) {
      if (next_minute_ >= counts_.size()) return Arrival{};
      minute_ = next_minute_++;
      total_in_minute_ = counts_[minute_];
      placed_in_minute_ = 0;
      last_u_ = 0;
    }
    double u;
    if (trace_.within_minute_poisson) {
      // The next of the remaining r sorted uniforms on [last_u, 1): its minimum.
      const double r = static_cast<double>(total_in_minute_ - placed_in_minute_);
      u = last_u_ + (1 - last_u_) * (1 - std::pow(rng.NextDoubleOpenZero(), 1.0 / r));
      last_u_ = u;
    } else {
      u = (static_cast<double>(placed_in_minute_) + 0.5) / static_cast<double>(total_in_minute_);
    }
    ++placed_in_minute_;
    const int64_t t = static_cast<int64_t>(minute_) * kMinuteNs +
                      std::llround(u * static_cast<double>(kMinuteNs));
    if (t < offset_ns_) {
      // Skipping a busy function's requests before the offset can take long: end the
      // replay on an interrupt (the run then ends incomplete).
      if (++skipped_ % sim::kInterruptPollEvery == 0 && sim::InterruptRequested()) return Arrival{};
      continue;
    }
    return Make(t, -1, default_function_);
  }
}

}  // namespace lambdasim
