// models/analysis/sizing_options.h — the options table of `lambdasim size --options`: the
// same scenario run four ways for one function (on-demand, reserved, provisioned always on,
// provisioned scheduled around the peak), with throttles, cold starts, p99 latency and
// monthly cost side by side.
//
// SizingOptionSpecs only edits copies of the scenario (no run); RunSizingOptions runs each
// copy once with RunScenario (seed and horizon as the scenario has them) and reads the named
// function's summary. Invariants: every variant keeps the account valid — a reservation or
// provisioned concurrency is capped at what the account leaves (limit − unreserved minimum −
// the other functions' reservations and unreserved provisioned concurrency); the variants
// differ only in the named function's reserved_concurrency, provisioned_concurrency,
// provisioned_schedule and provisioned_autoscaling.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/analysis/sizing.h"
#include "models/metrics/run_result.h"
#include "models/spec/scenario_spec.h"

namespace lambdasim::analysis {

struct SizingOption {
  std::string name;     // "on-demand", "reserved", "provisioned", "provisioned scheduled"
  std::string setting;  // what was set, in scenario keys
  ScenarioSpec spec;
};

// The largest reservation or provisioned concurrency function `fi` can be given.
int64_t AccountAllowsFor(const ScenarioSpec& spec, size_t fi);

// The window [start_s, end_s) in which function fi's offered rate is above its lowest rate
// plus 1 % of the way to its peak (sampled at 2 000 points over the horizon): from the first
// rise to the return to the low rate.
struct PeakWindow {
  double start_s = 0, end_s = 0;
  double low_rate_per_s = 0;  // the lowest rate
};
PeakWindow FindPeakWindow(const ScenarioSpec& spec, size_t fi);

// The four variants; `level` is the concurrency to reserve or provision (the closed form's
// concurrency_needed, rounded up), capped by AccountAllowsFor. The scheduled variant brings
// the level online before the peak window by the allocation delay's maximum plus 30 s, and at
// the window's end steps down to what the low rate keeps busy (Little + 3√Little, durations
// only), not to 0.
std::vector<SizingOption> SizingOptionSpecs(const ScenarioSpec& base, size_t fi, int64_t level);

struct OptionRow {
  std::string name, setting;
  uint64_t requests = 0, throttles = 0, cold_starts = 0;
  double p99_ms = 0, monthly_cost_usd = 0, account_monthly_cost_usd = 0;
};
std::vector<OptionRow> RunSizingOptions(const std::vector<SizingOption>& options, size_t fi,
                                        const std::function<RunResult(const ScenarioSpec&)>& run);

}  // namespace lambdasim::analysis
