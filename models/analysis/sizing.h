// models/analysis/sizing.h — closed-form sizing of Lambda functions: what `lambdasim size`
// computes before (or instead of) simulating.
//
// A SizingInput is what the closed forms need to know about one function (rates, mean
// duration, limits, scaling rule); SizingInputsFromScenario derives one per function from a
// ScenarioSpec, SizingInputFromFlags from command-line values. ComputeSizing applies
// Little's law, the scaling ramp, the RPS limit, the quota arithmetic, Erlang B and the
// warm-pool model (models/analysis/analytic.h). For scenario input, FluidRamp follows the
// traffic shape over time (a deterministic fluid of environments: each cold start is busy for
// init + duration, warm ones for the duration, new environments gated by the scaling bucket),
// so the concurrency a ramp needs includes the environments in their init and the other
// functions drawing on the same pool at the same moment. Everything here is a pure function of its
// arguments: no file, no run, no output. Invariants: rates and durations are >= 0; `available`
// is the concurrency pool the function can draw from when it has no reservation; a function
// with `reserved` set uses exactly that capacity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
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
  double mean_init_s = 0;  // environments in their init count toward concurrency
  std::optional<int64_t> reserved;
  int64_t account_limit = 1000;
  int64_t unreserved_minimum = 100;
  int64_t available = 1000;  // the pool this function can draw from (reserved, or account minus
                             // others' reservations)
  double rps_per_concurrency = 10;
  double keep_alive_s = 600;
  analytic::ScalingRule scaling;
  std::string traffic_note;  // how the rates were derived, e.g. " (time-averaged ...)"
  // Scenario input only (has_fluid): the fluid ramp of this function and its neighbours.
  bool has_fluid = false;
  double fluid_peak = 0;       // busy + initializing environments, fluid maximum
  double fluid_peak_at_s = 0;  // when
  double fluid_initializing_at_peak = 0;
  double fluid_peak_with_noise = 0;    // + z·√peak: the instantaneous maximum a run shows
  double fluid_scaling_throttles = 0;  // requests the scaling bucket would turn away
  double fluid_first_throttle_s = -1;  // first such request (-1: none)
  double others_at_peak = 0;           // other unreserved functions' concurrency at this one's peak
  int64_t others_reserved = 0;         // Σ other functions' reservations
  double account_peak_with_noise = 0;  // Σ unreserved fluid + reservations, with noise
  // Event sources (issue 19), scenario input only: when every traffic entry of the function is
  // a queue or stream, the batches its mappings can run at once (FIFO: message groups; Kafka:
  // partitions; streams: shards × factor; SQS: maximum concurrency or 1 000, provisioned
  // pollers × 10) and the smallest batch size (a full batch per invocation: the favourable
  // reading of rate / batch_size invocations per second).
  std::optional<double> source_batches_cap;
  double source_batch_size = 1;
  std::string source_cap_detail;  // e.g. "20 FIFO message groups"
  // Lambda Managed Instances (`managed_instances:`; sizing_managed.cc): slots per instance
  // (environments × per-environment concurrency), the fleet bounds and the scaler's target.
  // managed_slots_per_instance = 0: an on-demand function.
  int64_t managed_slots_per_instance = 0;
  int64_t managed_min_instances = 0;
  int64_t managed_max_instances = 0;
  double managed_target_utilization = 0;
  double managed_instance_usd_per_hour = 0;  // price × (1 + management fee)
  // SnapStart (mean_init_s is then the mean restore) and tenant isolation (tenants > 0).
  bool snapstart = false;
  int64_t tenants = 0;
  int64_t tenant_environment_limit = 0;  // "2,500 for every 1,000 concurrent executions"
};

// Which limit stops a function first (or none): what `size` names as "binding limit".
enum class BindingLimit {
  kNone,
  kAccountPool,
  kReservation,
  kRpsLimit,
  kScalingEnv,
  kScalingRps,
  kEventSource,       // the event source's ordering bound: FIFO groups, Kafka partitions, shards
  kInstanceCapacity,  // Lambda Managed Instances: max instances × slots per instance
};
const char* BindingLimitName(BindingLimit b);

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
  // Little with init: rps × (duration + P(cold) × init) at the peak; for scenario input the
  // fluid ramp's maximum (with noise) when larger. This is what quota_needed is built from.
  double conc_needed = 0;
  BindingLimit binding = BindingLimit::kNone;
  std::string binding_detail;  // one sentence: the numbers that make it bind
  // Lambda Managed Instances: instances the scaler keeps at the peak (⌈peak / (target × slots
  // per instance)⌉ within [min, max]) and their hourly cost with the management fee.
  int64_t managed_instances_at_peak = 0;
  double managed_usd_per_hour_at_peak = 0;
  // Tenant isolation, uniform tenants at the mean rate λ: a tenant keeps an environment while
  // it had a request within the keep-alive K, so P(cold) ≈ e^{−λK/N} and the environments
  // alive ≈ N (1 − e^{−λK/N}) + concurrency (tests/tenant_isolation_test.cc checks the first).
  double tenant_cold_probability = 0;
  double tenant_environments = 0;
  bool fits_tenant_environments = true;
};

// sizing_managed.cc: a managed function's capacity is its fleet's, not the account pool; its
// ramp is the scaler's, not the scaling bucket. Replaces the on-demand verdict in `o`.
void ApplyManagedSizing(const SizingInput& in, SizingOutput& o);

SizingOutput ComputeSizing(const SizingInput& in);

// Mean and peak arrival rate of function `function_index` summed over the traffic entries
// that target it; `note` says how they were approximated (empty when exact).
struct TrafficRates {
  double mean_rps = 0;
  double peak_rps = 0;
  std::string note;
};
TrafficRates FunctionTrafficRates(const ScenarioSpec& spec, size_t function_index);

// Offered rate of function `function_index` at time t_s (sum over its traffic entries; MMPP:
// the long-run rate; traces: row count over the horizon).
double FunctionRateAt(const ScenarioSpec& spec, size_t function_index, double t_s);

// Fluid ramp of one function from cold (no environments at t = −warmup_s) over [0, horizon_s] in
// steps of dt_s: each step's arrivals take idle environments first; the rest start new ones
// (one per request, busy init + duration) while the scaling bucket (burst, refill/s) has
// tokens, and are throttled otherwise. Environments are never reclaimed (keep-alive longer
// than the gaps); steady-state churn adds rate × p_cold × init initializing environments.
// series[k] is busy + initializing environments at step k. Deterministic.
struct FluidParams {
  double mean_duration_s = 0, mean_init_s = 0, p_cold = 0;
  double burst = 1e18, refill_per_s = 0;
  double horizon_s = 0, dt_s = 0.01;
  // `warmup:` — first run this long at rate_at(0), unmeasured: the series, peak and
  // throttles cover [0, horizon_s] only, starting from the warmed pool.
  double warmup_s = 0;
};
// Cold starts come in waves: when the idle pool runs out on a rate rising at a rps/s, every
// request above the warm capacity starts an environment busy for init + duration (I + S), so
// over one such span the busy count rises a·t²/2 against Little's a·S·t: a wave of
// a·(I+S)·(I−S)/2 above Little (never less than a·S·I, the time average: each cold start adds
// I). Where a wave falls depends on when the pool ran out, so the ramp's concurrency is taken
// as Little at the top rate plus one wave at the steepest slope seen in the upper half of the
// rate range, capped by a step's overshoot (range × I) and by what the scaling bucket can
// create in one span. (The fluid itself has such waves too, but deterministic durations make
// later waves grow; a run's random durations damp them, so the closed form is used.)
struct FluidResult {
  std::vector<float> series;
  double peak = 0, peak_at_s = 0, initializing_at_peak = 0;
  double scaling_throttles = 0, first_throttle_s = -1;
  double wave_overshoot = 0;  // the wave above, at the steepest upper-half slope (0: no rise)
  double wave_peak = 0;       // max(peak, top rate × (duration + P(cold) × init) + wave)
};
FluidResult FluidRamp(const std::function<double(double)>& rate_at, const FluidParams& p);

// The instantaneous maximum of a fluctuating concurrency whose mean is `level` for `hold_s`
// seconds with correlation time `tau_s`: level + z·√level, z = √(2 ln(hold/tau)) (Gaussian
// extreme of a Poisson count: M/G/∞ occupancy is Poisson with variance = mean).
double PeakWithNoise(double level, double hold_s, double tau_s);

// One SizingInput per function of the scenario, in scenario order.
std::vector<SizingInput> SizingInputsFromScenario(const ScenarioSpec& spec);

// Flag mode (`size --rps ... --duration ...`): one anonymous function on `platform`.
struct FlagSizing {
  double rps = 0;
  double peak_rps = 0;  // <= 0: the mean rate; otherwise at least the mean rate
  double mean_duration_s = 0;
  double mean_init_s = 0;  // environments in their init count toward concurrency
  std::optional<int64_t> reserved;
  int64_t account_limit = 0;           // <= 0: the platform's default
  std::optional<double> keep_alive_s;  // absent: the platform's default keep-alive
  std::string platform = "aws-2023";   // "aws-2022" selects the per-account scaling rule
  std::string region = "us-east-1";
};
SizingInput SizingInputFromFlags(const FlagSizing& flags, const PlatformProfile& profile);

// A one-function scenario for `--simulate` in flag mode: Poisson at the peak rate (the mean
// rate when no peak is given),
// exponential durations, the input's limits (the account limit raised when the reservation
// needs it), seed 1, and a horizon long enough for the ramp and the Erlang B estimate (20 ×
// the ramp, at least 60 s and 200 000 arrivals, at most 5 M arrivals and 1 h).
ScenarioSpec SizingScenario(const SizingInput& in, const SizingOutput& out,
                            const PlatformProfile& profile, const std::string& region);

// What the closed forms will cost before they run (the `size` resource guard, beside the
// simulation estimate of models/run/resource_estimate.h): the warm-pool states walked and
// stored (16 bytes each; analytic::WarmPoolStates) for every function, and the fluid ramp's
// time grid (16 bytes per step per function). `work` counts states and steps; `bytes` their
// memory. Over-estimates of the same order, never exact.
struct SizingCost {
  double work = 0;
  double bytes = 0;
};
SizingCost EstimateSizingCost(const ScenarioSpec& spec);
SizingCost EstimateSizingCost(double rps, double peak_rps, double mean_duration_s);

// A number for people: integers without decimals, "inf", else 4 significant digits.
std::string CompactNumber(double v);

}  // namespace lambdasim::analysis
