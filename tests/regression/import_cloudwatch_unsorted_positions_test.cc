// tests/regression/import_cloudwatch_unsorted_positions_test.cc — `lambdasim import
// cloudwatch` sorts datapoints by time (the CLI prints them in any order) and kept each one's
// node for its error position. With yaml-cpp's YAML::Node, whose assignment rebinds the node it
// refers to, std::sort rewrote the parsed document itself, so an error after the sort named
// another datapoint's line (a datapoint without Sum was reported at one that has it). The
// importers now read load/'s immutable Document: the position is the offending datapoint's.
#include <gtest/gtest.h>

#include <string>

#include "models/import/cloudwatch_import.h"
#include "models/spec/diagnostics.h"

namespace lambdasim::import {
namespace {

Diagnostic FirstError(const CloudWatchInputs& in) {
  try {
    (void)ImportCloudWatch(in, "x");
  } catch (const ScenarioError& e) {
    return e.diagnostics().front();
  }
  ADD_FAILURE() << "no ScenarioError";
  return {};
}

TEST(Regression, CloudWatchErrorsAfterSortingNameTheOffendingDatapoint) {
  CloudWatchInputs in;
  in.function = "f";
  in.invocations = {"inv.json", R"({"Datapoints": [
  {"Timestamp": "2026-11-30T10:03:00Z", "Sum": 9000},
  {"Timestamp": "2026-11-30T10:00:00Z", "Sum": 6000},
  {"Timestamp": "2026-11-30T10:02:00Z", "Unit": "Count"},
  {"Timestamp": "2026-11-30T10:01:00Z", "Sum": 7200}
]})"};
  Diagnostic d = FirstError(in);
  EXPECT_EQ(d.line, 4);
  EXPECT_EQ(d.column, 3);
  EXPECT_NE(d.message.find("a datapoint without Sum"), std::string::npos) << d.message;

  // Sorted: 10:00 (line 3), 10:03 (line 4), 10:05 (line 2): 180 s after 120 s.
  in.invocations = {"mdr.json", R"({"MetricDataResults": [{"Id": "i", "Timestamps": [
  "2026-11-30T10:05:00Z",
  "2026-11-30T10:00:00Z",
  "2026-11-30T10:03:00Z"], "Values": [1, 2, 3]}]})"};
  d = FirstError(in);
  EXPECT_EQ(d.line, 4);
  EXPECT_NE(d.message.find("mixed periods: 180 s"), std::string::npos) << d.message;
}

}  // namespace
}  // namespace lambdasim::import
