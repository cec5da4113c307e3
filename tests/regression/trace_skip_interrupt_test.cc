// tests/regression/trace_skip_interrupt_test.cc — guards issue 16, item 1 at the trace
// readers: skipping the rows before a trace's `offset` (and validating a whole trace) used to
// ignore SIGINT/SIGTERM until the file was read through. Now the one line reader
// (LineReader, models/workload/trace_lines.h) polls the interrupt flag: the replay ends (the
// run then stops incomplete, exit 130) and a validation throws sim::Interrupted (exit 130).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "models/workload/trace_reader.h"
#include "sim/interrupt.h"

namespace lambdasim {
namespace {

namespace fs = std::filesystem;

struct ClearOnExit {
  ~ClearOnExit() { sim::ClearInterrupt(); }
};

// A csv trace: `before` rows at t = 0..before−1 s, then one row at t = 1e6 s.
std::string WriteTrace(const std::string& name, int before) {
  const char* env = std::getenv("LAMBDASIM_TEST_TMP");
  const fs::path dir = fs::path(env ? env : fs::temp_directory_path().string()) / "regression";
  fs::create_directories(dir);
  const std::string path = (dir / name).string();
  std::ofstream out(path);
  out << "timestamp\n";
  for (int i = 0; i < before; ++i) out << i << "\n";
  out << "1000000\n";
  return path;
}

TraceSpec CsvTrace(const std::string& path) {
  TraceSpec t;
  t.format = TraceFormat::kCsv;
  t.file = path;
  t.offset = sim::Duration::Seconds(999999);  // every row but the last is skipped
  return t;
}

TEST(Regression, TraceSkipBeforeOffsetStopsOnInterrupt) {
  ClearOnExit clear;
  const TraceSpec trace = CsvTrace(WriteTrace("skip.csv", 100000));
  sim::RngStream rng(1, 0, "trace");
  {
    // Without an interrupt the replay skips 100 000 rows and yields the last one.
    TraceArrivals replay(trace, {"api"}, 0, sim::Time::Zero());
    EXPECT_EQ(replay.Next(rng).time, sim::Time::Zero() + sim::Duration::Seconds(1));
  }
  sim::RequestInterrupt();
  TraceArrivals replay(trace, {"api"}, 0, sim::Time::Zero());
  // With one, the skipping ends early: the source is exhausted, not read through.
  EXPECT_EQ(replay.Next(rng).time, sim::Time::Max());
}

TEST(Regression, TraceValidationThrowsInterruptedOnInterrupt) {
  ClearOnExit clear;
  TraceSpec trace = CsvTrace(WriteTrace("validate.csv", 100000));
  TraceContext context;
  context.function_names = {"api"};
  context.has_duration = {true};
  EXPECT_TRUE(ValidateTrace(trace, context).errors.empty());
  EXPECT_EQ(trace.rows, 1u);
  sim::RequestInterrupt();
  EXPECT_THROW(ValidateTrace(trace, context), sim::Interrupted);
}

}  // namespace
}  // namespace lambdasim
