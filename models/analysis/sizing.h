// models/analysis/sizing.h — closed-form sizing of Lambda functions: what `lambdasim size`
// computes before (or instead of) simulating.
//
// A SizingInput is what the closed forms need to know about one function (rates, mean
// duration, limits, scaling rule); SizingInputsFromScenario derives one per function from a
// ScenarioSpec, SizingInputFromFlags from command-line values. ComputeSizing applies
// Little's law, the scaling ramp, the RPS limit, the quota arithmetic, Erlang B and the
// warm-pool model (models/analysis/analytic.h). Everything here is a pure function of its
// arguments: no file, no run, no output. Invariants: rates and durations are >= 0; `available`
// is the concurrency pool the function can draw from when it has no reservation; a function
// with `reserved` set uses exactly that capacity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/analysis/analytic.h"
#include "models/spec/platform_profile.h"
#include "models/spec/scenario_spec.h"

namespace lambdasim::analysis {

// What the closed forms need to know about one function.
struct SizingInput {
  std::string name;
  double mean_rps = 0;
  double peak_rps = 0;
  double mean_duration_s = 0;
  std::optional<int64_t> reserved;
  int64_t account_limit = 1000;
  int64_t unreserved_minimum = 100;
  int64_t available = 1000;  // the pool this function can draw from (reserved, or account minus
                             // others' reservations)
  double rps_per_concurrency = 10;
  double keep_alive_s = 600;
  analytic::ScalingRule scaling;
  std::string traffic_note;  // how the rates were derived, e.g. " (time-averaged ...)"
};

struct SizingOutput {
  double conc_mean = 0, conc_peak = 0;  // Little's law at the mean and the peak rate
  double ramp_s = 0;                    // scaling from cold to ceil(conc_peak)
  double rps_ramp_s = 0;                // RPS side: from cold to the peak rate
  double rps_ramp_throttles = 0;        // RPS side: requests throttled on that ramp
  bool fits_concurrency = true;
  double rps_limit = 0;
  bool fits_rps = true;
  int64_t quota_needed = 0;  // account concurrency_limit that would allow it
  int64_t capacity = 0;      // concurrency the function can use
  double erlang_b = 0;       // at peak load
  double carried_mean = 0;   // Little at mean, minus blocked load
  analytic::WarmPoolResult warm;
};

SizingOutput ComputeSizing(const SizingInput& in);

// Mean and peak arrival rate of function `function_index` summed over the traffic entries
// that target it; `note` says how they were approximated (empty when exact).
struct TrafficRates {
  double mean_rps = 0;
  double peak_rps = 0;
  std::string note;
};
TrafficRates FunctionTrafficRates(const ScenarioSpec& spec, size_t function_index);

// One SizingInput per function of the scenario, in scenario order.
std::vector<SizingInput> SizingInputsFromScenario(const ScenarioSpec& spec);

// Flag mode (`size --rps ... --duration ...`): one anonymous function on `platform`.
struct FlagSizing {
  double rps = 0;
  double peak_rps = 0;  // <= 0: the mean rate; otherwise at least the mean rate
  double mean_duration_s = 0;
  std::optional<int64_t> reserved;
  int64_t account_limit = 0;           // <= 0: the platform's default
  std::optional<double> keep_alive_s;  // absent: the platform's default keep-alive
  std::string platform = "aws-2023";   // "aws-2022" selects the per-account scaling rule
  std::string region = "us-east-1";
};
SizingInput SizingInputFromFlags(const FlagSizing& flags, const PlatformProfile& profile);

// A one-function scenario for `--simulate` in flag mode: Poisson at the mean rate,
// exponential durations, the input's limits (the account limit raised when the reservation
// needs it), seed 1, and a horizon long enough for the ramp and the Erlang B estimate (20 ×
// the ramp, at least 60 s and 200 000 arrivals, at most 5 M arrivals and 1 h).
ScenarioSpec SizingScenario(const SizingInput& in, const SizingOutput& out,
                            const PlatformProfile& profile, const std::string& region);

// A number for people: integers without decimals, "inf", else 4 significant digits.
std::string CompactNumber(double v);

}  // namespace lambdasim::analysis
