// models/workload/trace_reader.h — streaming readers for request traces (azure-2019, azure-2021,
// csv): the interface the loader and ArrivalProcess use.
//
// One file per format behind this header: trace_azure2019.cc, trace_azure2021.cc,
// trace_csv.cc (validation and replay of that format), over the shared trace_lines.h
// (LineReader, SplitCsv) and trace_common.h (cell parsers, error collector); trace_reader.cc
// only dispatches on TraceFormat. Invariants: validation never throws for bad file contents
// (every problem is a Diagnostic); the replay yields requests in non-decreasing time and
// throws only when the file changed since validation.
//
// Traces are read line by line through a fixed 64 KiB buffer (a line may be at most 1 MiB),
// never loaded whole, so a trace larger than memory replays in constant memory. Two passes:
//
//   * ValidateTrace — called by the loader for every trace source: checks every row and
//     reports each problem as FILE:LINE[:COL]: message (at most 20 per file, then a count),
//     and fills TraceSpec::rows and TraceSpec::max_duration.
//   * TraceArrivals — the replay, used by ArrivalProcess: yields requests in time order.
//
// Times: a trace time T (seconds) becomes simulated time start + (T − offset) × time_scale,
// where `start` is the traffic entry's start. Rows with T < offset are skipped. azure-2019:
// minute m (1-based column) covers trace time [(m−1)·60, m·60). azure-2021: T is the start,
// end_timestamp − duration. csv: T is `timestamp`.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "models/spec/diagnostics.h"
#include "models/spec/scenario_spec.h"
#include "models/workload/arrivals.h"
#include "models/workload/trace_lines.h"
#include "sim/distribution.h"
#include "sim/rng.h"
#include "sim/time.h"

namespace lambdasim {

// What the loader tells the validator about the scenario.
struct TraceContext {
  std::vector<std::string> function_names;  // scenario functions, in order
  std::vector<bool> has_duration;           // function i has a `duration:` distribution
  size_t default_function = 0;              // the traffic entry's function
  // "; did you mean 'x'?" or "" (the loader's suggestion helper).
  std::function<std::string(const std::string&, const std::vector<std::string>&)> did_you_mean;
};

struct TraceValidation {
  std::vector<Diagnostic> errors;
  // azure-2019 with a durations file: the selected function's durations (seconds).
  std::optional<sim::Distribution> duration;
  // Functions whose requests in this trace all carry their own duration (azure-2021: the
  // entry's function; csv: every function named by a row — a row without a duration for a
  // function without a `duration:` distribution is reported as an error). These functions
  // need no `duration:` distribution.
  std::vector<bool> functions_covered;
};

// Streams the whole trace once, checking every row; fills trace.rows (requests the replay
// will produce, before clipping to the horizon) and trace.max_duration.
TraceValidation ValidateTrace(TraceSpec& trace, const TraceContext& context);

// The replay of one validated trace: requests in non-decreasing time order.
class TraceArrivals {
 public:
  // `function_names` resolves csv `function` cells; rows without one go to `default_function`.
  TraceArrivals(const TraceSpec& trace, const std::vector<std::string>& function_names,
                uint32_t default_function, sim::Time start);
  // The next request (time Max() at the end of the trace). Throws std::runtime_error when
  // the file no longer matches what validation saw.
  Arrival Next(sim::RngStream& rng);

 private:
  struct Pending {
    int64_t start_ns;  // trace time, ns (before offset and scale)
    uint64_t seq;
    int64_t duration_ns;
    bool operator>(const Pending& o) const {
      return start_ns != o.start_ns ? start_ns > o.start_ns : seq > o.seq;
    }
  };
  Arrival Make(int64_t trace_ns, int64_t duration_ns, uint32_t function) const;
  [[noreturn]] void Changed(const std::string& what) const;
  // Per format: read past the header (already split into fields_) to the replay's start.
  void OpenAzure2019();
  void OpenAzure2021();
  void OpenCsv();
  Arrival NextAzure2019(sim::RngStream& rng);
  Arrival NextAzure2021();
  Arrival NextCsv();

  const TraceSpec& trace_;
  std::vector<std::string> names_;
  uint32_t default_function_;
  sim::Time start_;
  int64_t offset_ns_;
  int64_t max_duration_ns_;
  LineReader reader_;
  std::vector<std::string_view> fields_;
  // azure-2019
  std::vector<uint64_t> counts_;   // the selected row's 1440 per-minute counts
  size_t next_minute_ = 0;         // the next minute to start (0-based)
  size_t minute_ = 0;              // the current minute
  uint64_t total_in_minute_ = 0;   // requests in the current minute
  uint64_t placed_in_minute_ = 0;  // of which already produced
  double last_u_ = 0;              // poisson: last order statistic in [0, 1)
  uint64_t skipped_ = 0;           // requests skipped before the offset (interrupt polling)
  // azure-2021
  std::priority_queue<Pending, std::vector<Pending>, std::greater<Pending>> heap_;
  int64_t read_end_ns_ = 0;  // end_timestamp of the last row read
  bool input_done_ = false;
  uint64_t seq_ = 0;
  size_t col_end_ = 0, col_duration_ = 0, col_func_ = 0, col_app_ = 0;
  // csv
  size_t col_timestamp_ = 0;
  std::optional<size_t> col_function_, col_row_duration_;
};

}  // namespace lambdasim
