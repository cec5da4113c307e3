// tests/diagnostics_test_util.h — loader-diagnostic helpers shared by the tests that check
// error messages: Errors(yaml) loads a scenario text as "t.yaml" and returns the diagnostics
// of the ScenarioError it must throw (a test failure if it loads, or throws none); All(d)
// formats them one per line for failure messages.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "models/load/scenario_loader.h"
#include "models/spec/diagnostics.h"

namespace lambdasim::testing {

inline std::vector<Diagnostic> Errors(std::string_view yaml,
                                      const std::vector<Override>& overrides = {}) {
  try {
    LoadScenarioString(yaml, "t.yaml", overrides);
  } catch (const ScenarioError& e) {
    EXPECT_FALSE(e.diagnostics().empty());
    return e.diagnostics();
  }
  ADD_FAILURE() << "expected a ScenarioError for:\n" << yaml;
  return {};
}

inline std::string All(const std::vector<Diagnostic>& d) {
  std::string out;
  for (const auto& x : d) out += x.Format() + "\n";
  return out;
}

}  // namespace lambdasim::testing
