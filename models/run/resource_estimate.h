// models/run/resource_estimate.h — what a scenario will cost to simulate, before running it.
//
// EstimateResources(spec) is a pure function of the validated spec: expected requests per
// traffic source (ExpectedArrivals, the same integral the summary's traffic array reports),
// fan-out deliveries and client retries on top; the simulation events they imply; a bound on
// peak concurrency (min of the account/reserved limit and Little's-law demand at the peak
// rate); a bound on queued work for async, SQS and stream sources (arrivals beyond what the
// function's concurrency can drain over the window, capped by the maximum event age for
// async); the MMPP state switches walked while generating arrivals (each is work, like an
// event, even when the states' rates are tiny); and the memory of time-series rows, histograms,
// environments and queues. It is deliberately an over-estimate of the same order as the truth, not
// a prediction: `lambdasim run` refuses a scenario over --max-events / --max-memory rather than
// letting an absurd what-if (10^9 RPS, 10^5 functions, a 1 s bucket over 400 days) exhaust the
// machine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "models/spec/scenario_spec.h"

namespace lambdasim {

struct ResourceEstimate {
  double requests = 0;          // expected requests incl. fan-out deliveries
  double events = 0;            // expected simulation events, state switches included
  double state_switches = 0;    // expected MMPP state switches over the sources' windows
  double peak_concurrency = 0;  // upper bound on simultaneous environments
  double backlog = 0;          // upper bound on queued async events / SQS messages / stream records
  double timeseries_rows = 0;  // function rows + account rows
  double memory_bytes = 0;     // total, the sum of the parts below
  double timeseries_bytes = 0;
  double histogram_bytes = 0;
  double environment_bytes = 0;
  double backlog_bytes = 0;

  // "2.1e+09 events (6.0e+08 requests), 1.2 GiB memory (time series 1.0 GiB, …)".
  std::string Describe() const;
};

ResourceEstimate EstimateResources(const ScenarioSpec& spec);

// Budgets for `lambdasim run`.
inline constexpr double kDefaultMaxEvents = 2e9;
inline constexpr double kDefaultMaxMemoryBytes = 8.0 * 1024 * 1024 * 1024;

// "512M", "4G", "8GiB", "1.5g", "1000000" (bytes), "64K", "2T" (powers of 1024). nullopt if
// malformed or not positive.
std::optional<double> ParseByteSize(std::string_view text);
// "1.5 GiB", "512 MiB", "800 B".
std::string FormatBytes(double bytes);

}  // namespace lambdasim
