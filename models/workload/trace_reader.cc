// models/workload/trace_reader.cc — streaming trace validation and replay.
#include "models/workload/trace_reader.h"
#include "sim/text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace lambdasim {

namespace {

constexpr size_t kMaxErrorsPerFile = 20;
constexpr size_t kAzure2019Minutes = 1440;
constexpr double kMaxRowDurationS = 86400;        // one day
constexpr double kMaxTimestampS = 400.0 * 86400;  // the loader's horizon limit

std::string Quote(std::string_view s) {
  std::string out = "'";
  out.append(s.substr(0, 80));
  if (s.size() > 80) out += "...";
  out += "'";
  return out;
}

bool ParseDouble(std::string_view s, double* out) {
  if (s.empty()) return false;
  if (s[0] == '+') s.remove_prefix(1);
  const char* end = s.data() + s.size();
  const auto r = std::from_chars(s.data(), end, *out);
  return r.ec == std::errc() && r.ptr == end && std::isfinite(*out);
}

bool ParseCount(std::string_view s, uint64_t* out) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  const char* end = s.data() + s.size();
  const auto r = std::from_chars(s.data(), end, *out);
  return r.ec == std::errc() && r.ptr == end;
}

int64_t SecondsToNs(double s) { return sim::DurationFromSeconds(s).ns(); }

bool IsIndex(const std::string& s) {
  return !s.empty() && s.size() <= 9 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int Column(std::string_view line, std::string_view field) {
  return static_cast<int>(field.data() - line.data()) + 1;
}

// Collects a file's problems, at most kMaxErrorsPerFile, then one summary line.
class Collector {
 public:
  Collector(const std::string& file, std::vector<Diagnostic>* out) : file_(file), out_(out) {}
  ~Collector() {
    if (count_ > kMaxErrorsPerFile)
      out_->push_back(Diagnostic{
          file_, 0, 0,
          "... and " + std::to_string(count_ - kMaxErrorsPerFile) + " more errors in this file"});
  }
  void Add(uint64_t line, int column, std::string message) {
    if (++count_ <= kMaxErrorsPerFile)
      out_->push_back(Diagnostic{file_, static_cast<int>(line), column, std::move(message)});
  }
  size_t count() const { return count_; }

 private:
  const std::string& file_;
  std::vector<Diagnostic>* out_;
  size_t count_ = 0;
};

// Reads the next non-empty row of a file with a header into *f (fields view *line). Rows
// whose field count differs from the header's are reported and skipped. False at the end.
bool NextRow(LineReader& reader, Collector& errors, size_t columns, std::string_view* line,
             std::vector<std::string_view>* f) {
  while (reader.Next(line)) {
    if (line->empty()) continue;
    SplitCsv(*line, f);
    if (f->size() == columns) return true;
    errors.Add(reader.line_number(), 0,
               "row has " + std::to_string(f->size()) + " fields; the header has " +
                   std::to_string(columns));
  }
  return false;
}

// Finds `name` in a header; npos when absent.
size_t FindColumn(const std::vector<std::string_view>& header, std::string_view name) {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::string::npos;
}

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

// Reads the header line; false (with a diagnostic) when the file cannot be read or is empty.
bool ReadHeader(LineReader& reader, Collector& errors, std::vector<std::string_view>* header) {
  std::string_view line;
  if (!reader.Next(&line)) {
    errors.Add(0, 0, reader.ok() ? "trace file is empty (expected a header row)" : reader.error());
    return false;
  }
  SplitCsv(line, header);
  return true;
}

// ---------------------------------------------------------------------------------------

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

void ValidateAzure2021(TraceSpec& trace, const TraceContext& context, TraceValidation& out) {
  Collector errors(trace.file, &out.errors);
  LineReader reader(trace.file);
  std::vector<std::string_view> f;
  if (!ReadHeader(reader, errors, &f)) return;
  const size_t c_func = FindColumn(f, "func"), c_end = FindColumn(f, "end_timestamp"),
               c_dur = FindColumn(f, "duration");
  if (c_func == std::string::npos || c_end == std::string::npos || c_dur == std::string::npos ||
      FindColumn(f, "app") == std::string::npos) {
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
    ++matching;
    const int64_t dur_ns = SecondsToNs(dur);
    if (SecondsToNs(end) - dur_ns < offset_ns) continue;  // starts before the trace's time 0
    ++rows;
    max_dur_ns = std::max(max_dur_ns, dur_ns);
  }
  if (!reader.ok()) errors.Add(reader.line_number() + 1, 0, reader.error());
  if (!trace.select.empty() && matching == 0 && errors.count() == 0)
    errors.Add(0, 0, "no row with func " + Quote(trace.select));
  trace.rows = rows;
  trace.max_duration = sim::Duration::Nanos(max_dur_ns);
  out.functions_covered[context.default_function] = true;
}

void ValidateCsv(TraceSpec& trace, const TraceContext& context, TraceValidation& out) {
  Collector errors(trace.file, &out.errors);
  LineReader reader(trace.file);
  std::vector<std::string_view> f;
  if (!ReadHeader(reader, errors, &f)) return;
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
      errors.Add(1, 0, msg);
      header_ok = false;
    } else if (*slot != std::string::npos) {
      errors.Add(1, 0, "duplicate column " + Quote(f[i]));
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

}  // namespace

// ---------------------------------------------------------------------------------------
// LineReader
// ---------------------------------------------------------------------------------------

LineReader::LineReader(const std::string& path)
    : buffer_(std::make_unique_for_overwrite<char[]>(kBufferBytes)) {
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) error_ = std::string("cannot open trace file: ") + std::strerror(errno);
}

LineReader::~LineReader() {
  if (file_) std::fclose(file_);
}

bool LineReader::Next(std::string_view* line) {
  if (!file_ || !error_.empty()) return false;
  bool carrying = false;
  carry_.clear();
  while (true) {
    if (pos_ == len_) {
      if (eof_) {
        if (!carrying) return false;
        ++line_number_;
        *line = carry_;
        if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
        return true;
      }
      len_ = std::fread(buffer_.get(), 1, kBufferBytes, file_);
      pos_ = 0;
      if (len_ < kBufferBytes) {
        if (std::ferror(file_)) {
          error_ = "error while reading the trace file";
          return false;
        }
        eof_ = true;
      }
      continue;
    }
    const char* begin = buffer_.get() + pos_;
    const void* nl = std::memchr(begin, '\n', len_ - pos_);
    if (nl) {
      const size_t n = static_cast<size_t>(static_cast<const char*>(nl) - begin);
      pos_ += n + 1;
      ++line_number_;
      if (carrying) {
        carry_.append(begin, n);
        if (carry_.size() > kMaxLineBytes) {
          error_ = "line " + std::to_string(line_number_) + " is longer than 1 MiB";
          return false;
        }
        *line = carry_;
      } else {
        *line = std::string_view(begin, n);
      }
      if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
      return true;
    }
    carry_.append(begin, len_ - pos_);
    carrying = true;
    pos_ = len_;
    if (carry_.size() > kMaxLineBytes) {
      error_ = "line " + std::to_string(line_number_ + 1) + " is longer than 1 MiB";
      return false;
    }
  }
}

void SplitCsv(std::string_view line, std::vector<std::string_view>* fields) {
  // Pointer arithmetic rather than string_view calls: an azure-2019 row has 1 444 fields and
  // this loop is most of a trace's read time.
  fields->clear();
  const char* p = line.data();
  const char* const end = p + line.size();
  while (true) {
    // memchr needs a valid pointer even for length 0, and a default string_view has none.
    const auto* comma =
        p == end ? nullptr
                 : static_cast<const char*>(std::memchr(p, ',', static_cast<size_t>(end - p)));
    const char* stop = comma == nullptr ? end : comma;
    fields->push_back(sim::TrimBlanks(std::string_view(p, static_cast<size_t>(stop - p))));
    if (comma == nullptr) break;
    p = comma + 1;
  }
}

TraceValidation ValidateTrace(TraceSpec& trace, const TraceContext& context) {
  TraceValidation out;
  out.functions_covered.assign(context.function_names.size(), false);
  trace.rows = 0;
  trace.max_duration = sim::Duration();
  switch (trace.format) {
    case TraceFormat::kAzure2019: ValidateAzure2019(trace, context, out); break;
    case TraceFormat::kAzure2021: ValidateAzure2021(trace, context, out); break;
    case TraceFormat::kCsv: ValidateCsv(trace, context, out); break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// TraceArrivals
// ---------------------------------------------------------------------------------------

TraceArrivals::TraceArrivals(const TraceSpec& trace, const std::vector<std::string>& function_names,
                             uint32_t default_function, sim::Time start)
    : trace_(trace),
      names_(function_names),
      default_function_(default_function),
      start_(start),
      offset_ns_(trace.offset.ns()),
      max_duration_ns_(trace.max_duration.ns()),
      reader_(trace.format == TraceFormat::kAzure2019 ? trace.invocations_file : trace.file) {
  std::string_view line;
  if (!reader_.Next(&line)) Changed(reader_.ok() ? "the file is empty" : reader_.error());
  SplitCsv(line, &fields_);
  switch (trace.format) {
    case TraceFormat::kAzure2019: {
      const bool by_index = IsIndex(trace.select);
      const uint64_t want_index = by_index ? std::stoull(trace.select) : 0;
      uint64_t row_index = 0;
      while (reader_.Next(&line)) {
        if (line.empty()) continue;
        const uint64_t this_row = row_index++;
        if (by_index && this_row != want_index) continue;
        SplitCsv(line, &fields_);
        if (fields_.size() != 4 + kAzure2019Minutes || (!by_index && fields_[2] != trace.select))
          continue;
        counts_.resize(kAzure2019Minutes);
        for (size_t m = 0; m < kAzure2019Minutes; ++m)
          if (!ParseCount(fields_[4 + m], &counts_[m])) Changed("bad minute count");
        break;
      }
      if (counts_.empty()) Changed("the selected function's row is gone");
      break;
    }
    case TraceFormat::kAzure2021:
      col_func_ = FindColumn(fields_, "func");
      col_end_ = FindColumn(fields_, "end_timestamp");
      col_duration_ = FindColumn(fields_, "duration");
      if (col_func_ == std::string::npos || col_end_ == std::string::npos ||
          col_duration_ == std::string::npos)
        Changed("bad header");
      break;
    case TraceFormat::kCsv: {
      col_timestamp_ = FindColumn(fields_, "timestamp");
      if (col_timestamp_ == std::string::npos) Changed("bad header");
      if (size_t c = FindColumn(fields_, "function"); c != std::string::npos) col_function_ = c;
      if (size_t c = FindColumn(fields_, "duration"); c != std::string::npos) col_row_duration_ = c;
      break;
    }
  }
}

void TraceArrivals::Changed(const std::string& what) const {
  const std::string& file =
      trace_.format == TraceFormat::kAzure2019 ? trace_.invocations_file : trace_.file;
  throw std::runtime_error(file + ":" + std::to_string(reader_.line_number()) +
                           ": trace changed since it was validated: " + what);
}

Arrival TraceArrivals::Make(int64_t trace_ns, int64_t duration_ns, uint32_t function) const {
  const int64_t rel = trace_ns - offset_ns_;
  const int64_t scaled =
      trace_.time_scale == 1.0
          ? rel
          : sim::DurationFromSeconds(static_cast<double>(rel) * 1e-9 * trace_.time_scale).ns();
  Arrival a;
  a.time = start_ + sim::Duration::Nanos(scaled);
  a.function = function;
  a.duration_ns = duration_ns;
  return a;
}

Arrival TraceArrivals::Next(sim::RngStream& rng) {
  switch (trace_.format) {
    case TraceFormat::kAzure2019: return NextAzure2019(rng);
    case TraceFormat::kAzure2021: return NextAzure2021();
    case TraceFormat::kCsv: return NextCsv();
  }
  return Arrival{};
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
    if (t < offset_ns_) continue;
    return Make(t, -1, default_function_);
  }
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
    if (fields_.size() <= std::max({col_func_, col_end_, col_duration_}))
      Changed("wrong number of fields");
    if (!trace_.select.empty() && fields_[col_func_] != trace_.select) continue;
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
