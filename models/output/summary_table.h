// models/output/summary_table.h — the short plain-text summary printed to stdout after a run.
//
// One row per function (scenario order) plus an "account" row under a rule. Columns:
// function, invocations, throttles (total) and by reason (acct/resv/rate/rps), cold %,
// peak conc/limit, p99 ms (caller-visible latency), cost $. Numeric columns are
// right-aligned, counts use thousands separators; the text is deterministic and every
// line ends with "\n". It reads only the RunResult summaries (never the time series).
#pragma once

#include <cstdint>
#include <string>

#include "models/metrics/run_result.h"
#include "models/spec/scenario_spec.h"

namespace lambdasim {

std::string FormatSummaryTable(const RunResult& result, const ScenarioSpec& spec);

// Helpers, exposed for tests: "1,234,567"; "-12"; cost "$0.0123" / "$1,234.57".
std::string FormatThousands(int64_t v);
std::string FormatThousands(uint64_t v);
std::string FormatUsd(double usd);

}  // namespace lambdasim
