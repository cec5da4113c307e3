// tests/regression/writer_interrupt_test.cc — guards issue 16, item 4 at the writer: with an
// interrupt requested (sim/interrupt.h), rendering and WriteRun stop with OutputInterrupted;
// the directory then holds a manifest marked incomplete that lists only whole files, and no
// temporary file. Also the output-directory lock (item 2) refuses a second holder.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "models/output/output_writer.h"
#include "sim/interrupt.h"

namespace lambdasim {
namespace {

namespace fs = std::filesystem;

fs::path Dir(const std::string& name) {
  const char* env = std::getenv("LAMBDASIM_TEST_TMP");
  fs::path dir = fs::path(env ? env : fs::temp_directory_path().string()) / "regression" / name;
  fs::remove_all(dir);
  fs::create_directories(dir.parent_path());
  return dir;
}

RunResult ManyRows() {
  RunResult r;
  r.function_names = {"a", "b"};
  r.function_rows.resize(20000);
  r.account_rows.resize(10000);
  r.manifest.scenario_name = "interrupt";
  r.manifest.complete = true;
  return r;
}

struct ClearOnExit {
  ~ClearOnExit() { sim::ClearInterrupt(); }
};

TEST(WriterInterruptTest, RenderingStopsWhenInterrupted) {
  const ClearOnExit clear;
  const RunResult r = ManyRows();
  EXPECT_NO_THROW(RenderTimeseriesCsv(r));
  sim::RequestInterrupt();
  EXPECT_THROW(RenderTimeseriesCsv(r), OutputInterrupted);
  EXPECT_THROW(RenderAccountTimeseriesCsv(r), OutputInterrupted);
}

TEST(WriterInterruptTest, WriteRunLeavesAnIncompleteManifestAndNoHalfFiles) {
  const ClearOnExit clear;
  const fs::path dir = Dir("write_run");
  ScenarioSpec spec;
  spec.name = "interrupt";
  sim::RequestInterrupt();
  EXPECT_THROW(WriteRun(ManyRows(), spec, dir.string()), OutputInterrupted);
  std::ifstream in(dir / "manifest.json");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("\"complete\": false"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("\"files\": []"), std::string::npos) << text.str();
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename(), "manifest.json") << e.path();
}

TEST(OutputDirLockTest, SecondHolderIsRefusedAndReleaseRemovesTheLock) {
  const fs::path dir = Dir("locked");
  {
    const OutputDirLock first = OutputDirLock::Acquire(dir.string());
    EXPECT_TRUE(fs::exists(dir.string() + ".lock"));
    EXPECT_THROW(OutputDirLock::Acquire(dir.string()), OutputDirBusy);
    EXPECT_THROW(OutputDirLock::Acquire(dir.string() + "/"), OutputDirBusy);
  }
  EXPECT_FALSE(fs::exists(dir.string() + ".lock"));
  EXPECT_NO_THROW(OutputDirLock::Acquire(dir.string()));
}

}  // namespace
}  // namespace lambdasim
