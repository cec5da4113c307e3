// models/workload/trace_reader.cc — dispatch on the trace format; the formats live in
// trace_azure2019.cc, trace_azure2021.cc and trace_csv.cc.
#include "models/workload/trace_reader.h"

#include <stdexcept>
#include <string>

#include "models/workload/trace_common.h"
#include "sim/interrupt.h"

namespace lambdasim {

TraceValidation ValidateTrace(TraceSpec& trace, const TraceContext& context) {
  TraceValidation out;
  out.functions_covered.assign(context.function_names.size(), false);
  trace.rows = 0;
  trace.max_duration = sim::Duration();
  switch (trace.format) {
    case TraceFormat::kAzure2019: trace_detail::ValidateAzure2019(trace, context, out); break;
    case TraceFormat::kAzure2021: trace_detail::ValidateAzure2021(trace, context, out); break;
    case TraceFormat::kCsv: trace_detail::ValidateCsv(trace, context, out); break;
  }
  // A validation cut short by SIGINT/SIGTERM (LineReader ends early) proves nothing.
  sim::ThrowIfInterrupted();
  return out;
}

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
  // Interrupted before the header: the replay is simply empty (the run ends incomplete).
  if (!reader_.Next(&line)) {
    if (reader_.interrupted()) return;
    Changed(reader_.ok() ? "the file is empty" : reader_.error());
  }
  SplitCsv(line, &fields_);
  switch (trace.format) {
    case TraceFormat::kAzure2019: OpenAzure2019(); break;
    case TraceFormat::kAzure2021: OpenAzure2021(); break;
    case TraceFormat::kCsv: OpenCsv(); break;
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

}  // namespace lambdasim
