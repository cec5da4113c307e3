// tests/scenario_loader_test_util.h — builders shared by the scenario-loader tests
// (scenario_loader_test.cc, scenario_loader_input_test.cc): a minimal valid scenario, the same
// with one extra key at the top level, in the function or in the traffic entry, and
// EXPECT_DIAG(diags, line, col, text), which wants a diagnostic at line:col (0 = any) whose
// message contains `text`.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/spec/diagnostics.h"
#include "tests/diagnostics_test_util.h"

namespace lambdasim::testing {

inline constexpr const char* kMinimal = R"(functions:
  api:
    duration: 100ms
traffic:
  - function: api
    rate: 10
)";

// True when some diagnostic is at line:col (0 = any) and contains `text`.
inline bool HasDiag(const std::vector<Diagnostic>& d, int line, int col, const std::string& text) {
  for (const auto& x : d) {
    if ((line == 0 || x.line == line) && (col == 0 || x.column == col) &&
        x.message.find(text) != std::string::npos)
      return true;
  }
  return false;
}

#define EXPECT_DIAG(diags, line, col, text)                           \
  EXPECT_TRUE(::lambdasim::testing::HasDiag(diags, line, col, text))  \
      << "wanted " << line << ":" << col << " '" << text << "' in:\n" \
      << ::lambdasim::testing::All(diags)

inline std::string WithFunctionKey(const std::string& kv) {
  return "functions:\n  api:\n    duration: 100ms\n    " + kv +
         "\ntraffic:\n  - function: api\n    rate: 10\n";
}
inline std::string WithTopKey(const std::string& kv) { return std::string(kMinimal) + kv + "\n"; }
inline std::string WithTrafficKey(const std::string& kv) {
  return "functions:\n  api:\n    duration: 100ms\ntraffic:\n  - function: api\n    rate: 10\n   "
         " " +
         kv + "\n";
}

}  // namespace lambdasim::testing
