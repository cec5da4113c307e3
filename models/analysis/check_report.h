// models/analysis/check_report.h — machine-readable reports of `lambdasim check`: JUnit XML
// (one <testcase> per `expect:` threshold, for CI systems that render test results) and a
// JSON document with the same content.
//
// Invariants: pure functions of their input (no files, no clock, no wall time), so two checks
// of the same scenarios give byte-identical reports; every threshold of every scenario appears
// once, in scenario then `expect:` order; a broken threshold carries the measured value, the
// threshold and its file:line; a scenario without thresholds appears as one skipped testcase
// (JUnit) / "warning" (JSON) so the gap is visible; XML text is escaped (& < > " ' and
// control characters), JSON per RFC 8259.
#pragma once

#include <string>
#include <vector>

#include "models/analysis/diff.h"

namespace lambdasim::analysis {

struct CheckedScenario {
  std::string file;  // as given on the command line
  std::string name;  // scenario name
  uint64_t seed = 0;
  std::vector<ThresholdOutcome> outcomes;  // EvaluateExpectations, in expect: order
};

// "<metric> <op> <threshold>", e.g. "functions.api.throttle_rate <= 0.001".
std::string ThresholdText(const Expectation& e);
// "measured 0.0123; threshold functions.api.throttle_rate <= 0.001 (s.yaml:12)".
std::string FailureText(const ThresholdOutcome& o);

std::string RenderCheckJUnit(const std::vector<CheckedScenario>& scenarios);
std::string RenderCheckJson(const std::vector<CheckedScenario>& scenarios);

// & < > " ' escaped; control characters other than tab/newline become U+FFFD.
std::string XmlEscape(const std::string& text);

}  // namespace lambdasim::analysis
