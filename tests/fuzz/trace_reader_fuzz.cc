// tests/fuzz/trace_reader_fuzz.cc — libFuzzer target: arbitrary bytes as a request trace.
//
// Compiled once per format (LAMBDASIM_TRACE_FORMAT = 0 azure-2019, 1 azure-2021, 2 csv).
// The input is written to an in-memory file (memfd) and read through its /proc/self/fd path,
// exactly as the loader reads a trace. ValidateTrace must report problems as diagnostics;
// when a trace validates, the replay (TraceArrivals) must produce non-decreasing times for
// the validated number of rows without throwing. azure-2019: the bytes before the first NUL
// are the invocations file, the bytes after it the durations file.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/workload/trace_reader.h"

#ifndef LAMBDASIM_TRACE_FORMAT
#error "define LAMBDASIM_TRACE_FORMAT (0 azure-2019, 1 azure-2021, 2 csv)"
#endif

namespace {

// One memfd per file slot, reused across runs (truncated and rewritten each time).
std::string MemFile(int slot, const char* data, size_t size) {
  static int fds[2] = {-1, -1};
  int& fd = fds[slot];
  if (fd < 0) fd = memfd_create(slot == 0 ? "trace" : "durations", 0);
  if (fd < 0) std::abort();
  if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size))
    std::abort();
  return "/proc/self/fd/" + std::to_string(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lambdasim;
  const char* bytes = reinterpret_cast<const char*>(data);
  TraceSpec trace;
  trace.format = static_cast<TraceFormat>(LAMBDASIM_TRACE_FORMAT);
  if (trace.format == TraceFormat::kAzure2019) {
    size_t split = 0;
    while (split < size && bytes[split] != '\0') ++split;
    trace.invocations_file = MemFile(0, bytes, split);
    if (split < size) trace.durations_file = MemFile(1, bytes + split + 1, size - split - 1);
    trace.select = "0";
    trace.within_minute_poisson = size % 2 == 1;
  } else {
    trace.file = MemFile(0, bytes, size);
  }
  TraceContext context;
  context.function_names = {"api", "worker"};
  context.has_duration = {true, false};
  context.default_function = 0;
  context.did_you_mean = [](const std::string&, const std::vector<std::string>&) {
    return std::string();
  };

  const TraceValidation v = ValidateTrace(trace, context);
  for (const auto& d : v.errors)
    if (d.message.empty()) std::abort();
  if (!v.errors.empty()) return 0;

  // Replay what validated: at most 10 000 requests (enough to reach every parsing path; more
  // only slows the fuzzer), in non-decreasing time order.
  TraceArrivals replay(trace, context.function_names, 0, sim::Time::Zero());
  sim::RngStream rng(1, 0, "arrivals/api");
  sim::Time last = sim::Time::Zero();
  for (uint64_t n = 0; n < 10000; ++n) {
    const Arrival a = replay.Next(rng);  // a throw here (file changed) escapes: a bug
    if (a.time == sim::Time::Max()) break;
    if (a.time < last) std::abort();
    if (a.function >= context.function_names.size()) std::abort();
    last = a.time;
  }
  return 0;
}
