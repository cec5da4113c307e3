// models/import/cloudwatch_import.h — CloudWatch metric exports → ImportedScenario + observed CSV.
//
// Each input is what `aws cloudwatch get-metric-statistics` prints ({"Label", "Datapoints":
// [{"Timestamp", "Sum" | "Average" | "Maximum" | "ExtendedStatistics": {"p50", "p99"},
// "Unit"}]}, datapoints in any order, any period) or what `get-metric-data` prints
// ({"MetricDataResults": [{"Id", "Label", "Timestamps", "Values"}]}).
//  * invocations (Sum) → one traffic entry with `phases`: one `{ duration: PERIOD, rate:
//    N/PERIOD }` per period — piecewise-constant Poisson rates, exactly the observed counts'
//    means; a period CloudWatch left out (no data) is a `pause`.
//  * duration → a lognormal: median = p50 and p99 = p99 (invocation-weighted means over the
//    periods) when p50 and p99 are given; from the Average alone: sigma assumed kAssumedSigma
//    (TODO) and mu = ln(mean) − sigma²/2, so the lognormal's mean is the observed mean.
//  * concurrency (Maximum) and throttles (Sum) are not inputs of a run: they go to the observed
//    CSV (period_start_s, timestamp, observed_invocations, concurrency_max, throttles) that
//    the CLI writes beside the scenario as <out>.observed.csv.
// Invariants: every file has the same period (the smallest gap between its timestamps; every
// other gap a whole multiple of it); the scenario's duration is the span of the invocation
// periods and its bucket the period, so simulated and observed series line up period by period.
// Errors (ScenarioError, file:line:col and the JSON path): not JSON/YAML, no datapoints, a
// datapoint without the statistic needed, a bad timestamp, duplicate timestamps, mixed periods,
// more statistics or timestamps read through aliases than the file holds nodes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "models/import/scenario_writer.h"

namespace lambdasim::import {

inline constexpr double kAssumedSigma = 0.5;  // log-seconds; duration fit from an Average only

struct MetricInput {
  std::string label;  // file name, for messages
  std::string text;   // empty: not given
};

struct CloudWatchInputs {
  std::string function;  // scenario function name (sanitised)
  MetricInput invocations, duration, concurrency, throttles;
  std::string observed_csv_name;  // named in the YAML comment ("" : not written)
};

struct CloudWatchImport {
  ImportedScenario scenario;
  std::string observed_csv;  // the CSV text
};

CloudWatchImport ImportCloudWatch(const CloudWatchInputs& in, const std::string& scenario_name);

// Seconds since the epoch of an ISO 8601 UTC timestamp ("2026-11-30T10:00:00Z",
// "…+00:00", "…T10:00:00.000Z"); nullopt when malformed.
std::optional<int64_t> ParseTimestamp(const std::string& s);

}  // namespace lambdasim::import
