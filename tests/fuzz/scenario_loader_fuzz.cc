// tests/fuzz/scenario_loader_fuzz.cc — libFuzzer target: arbitrary bytes as a scenario file.
//
// LoadScenarioString must either return a validated ScenarioSpec or throw ScenarioError with
// diagnostics; nothing else (no crash, no other exception, no sanitizer report, no hang).
// A spec that loads is also fed to the resource estimator, which must not overflow on
// absurd-but-valid values. Built by -DLAMBDASIM_FUZZ=ON (see CMakeLists.txt, `make fuzz-smoke`).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "models/load/scenario_loader.h"
#include "models/run/resource_estimate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const lambdasim::ScenarioSpec spec = lambdasim::LoadScenarioString(text, "fuzz.yaml");
    const lambdasim::ResourceEstimate e = lambdasim::EstimateResources(spec);
    if (!(e.events >= 0) || !(e.memory_bytes >= 0)) std::abort();  // NaN or negative estimate
  } catch (const lambdasim::ScenarioError& e) {
    if (e.diagnostics().empty()) std::abort();  // an error must say what is wrong
  }
  return 0;
}
