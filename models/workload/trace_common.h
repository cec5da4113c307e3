// models/workload/trace_common.h — internal to the trace readers: limits, cell parsers, the
// per-file error collector and header helpers shared by the per-format files
// (trace_azure2019.cc, trace_azure2021.cc, trace_csv.cc), and each format's validator.
//
// Not part of the workload layer's interface: only trace_*.cc include it. Invariants: every
// cell parser accepts exactly the text it documents and rejects the rest without throwing
// (non-finite numbers are rejected); a Collector keeps at most kMaxErrorsPerFile diagnostics
// per file and adds one "... and N more" line when it is destroyed; line and column numbers
// in diagnostics are 1-based, 0 meaning "the whole file" or "the whole row".
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/spec/diagnostics.h"
#include "models/workload/trace_lines.h"
#include "models/workload/trace_reader.h"
#include "sim/time.h"

namespace lambdasim::trace_detail {

inline constexpr size_t kMaxErrorsPerFile = 20;
inline constexpr size_t kAzure2019Minutes = 1440;
inline constexpr double kMaxRowDurationS = 86400;        // one day
inline constexpr double kMaxTimestampS = 400.0 * 86400;  // the loader's horizon limit

// 's' in quotes, cut to 80 characters ("..." marks the cut).
std::string Quote(std::string_view s);

// A finite decimal number (optional leading '+'); false otherwise.
inline bool ParseDouble(std::string_view s, double* out) {
  if (s.empty()) return false;
  if (s[0] == '+') s.remove_prefix(1);
  const char* end = s.data() + s.size();
  const auto r = std::from_chars(s.data(), end, *out);
  return r.ec == std::errc() && r.ptr == end && std::isfinite(*out);
}

// Digits only, fitting uint64_t; false otherwise.
inline bool ParseCount(std::string_view s, uint64_t* out) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  const char* end = s.data() + s.size();
  const auto r = std::from_chars(s.data(), end, *out);
  return r.ec == std::errc() && r.ptr == end;
}

inline int64_t SecondsToNs(double s) { return sim::DurationFromSeconds(s).ns(); }

// An azure-2019 `select:` that is a 0-based row index rather than a HashFunction.
inline bool IsIndex(const std::string& s) {
  return !s.empty() && s.size() <= 9 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// 1-based column of `field` (a view into `line`).
inline int Column(std::string_view line, std::string_view field) {
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
  Collector(const Collector&) = delete;
  Collector& operator=(const Collector&) = delete;
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
             std::vector<std::string_view>* f);

// Finds `name` in a header; npos when absent.
size_t FindColumn(const std::vector<std::string_view>& header, std::string_view name);

// Reads the header line; false (with a diagnostic) when the file cannot be read or is empty.
// `line` (optional) receives the header line, for column numbers (valid until the next read).
bool ReadHeader(LineReader& reader, Collector& errors, std::vector<std::string_view>* header,
                std::string_view* line = nullptr);

// One validator per format (ValidateTrace dispatches): check every row, report problems
// into out.errors, fill trace.rows / trace.max_duration and out.functions_covered.
void ValidateAzure2019(TraceSpec& trace, const TraceContext& context, TraceValidation& out);
void ValidateAzure2021(TraceSpec& trace, const TraceContext& context, TraceValidation& out);
void ValidateCsv(TraceSpec& trace, const TraceContext& context, TraceValidation& out);

}  // namespace lambdasim::trace_detail
