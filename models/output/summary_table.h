// models/output/summary_table.h — the short plain-text summary printed to stdout after a run.
//
// One row per function (scenario order) plus an "account" row under a rule, then a last
// line "verdict: …" (FormatVerdict, the report's headline). Columns, named to read without
// the manual: function, invocations, errors, timeouts, throttles (total) and by reason
// (thr:acct, thr:resv, thr:scale = scaling rate, thr:rps), cold %, peak/limit (concurrency),
// p99 ms (caller-visible latency), cost $ (the measured period), $/month (projected to
// 720 h). Numeric columns are right-aligned, counts use thousands separators; a non-zero
// share never prints as 0.0 % (FormatPercent). Under the verdict, ColdStartNote's line
// when a run without warm-up throttled mostly while scaling from zero. The text is
// deterministic and every line ends with "\n". It reads the RunResult summaries (and, for the note,
// the first minute of the series).
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

// A share (0..1) as a percentage with `decimals` decimals ("12.3%"), except that a non-zero
// share that would round to 0 prints as "< 0.1%" (resp. "< 0.01%" …) and a share below 1
// that would round to 100 prints as "> 99.9%": a count that happened is never shown as none.
std::string FormatPercent(double share, int decimals);

// One line that answers "will it throttle?", e.g. "peak 2,681 / 3,000 (89%) account
// concurrency; 0 throttles; p99 910 ms; $449.12 per month". With throttles, their count,
// share of requests and main reason. Shared by the terminal table and report.html.
std::string FormatVerdict(const RunResult& result);
// " (tiered duration prices, -$X; free tier, -$Y)" when the monthly projection applied the
// account-wide duration tiers or the free tier (metrics/cost_projection.h), else "".
std::string MonthlyPricingNote(const AccountSummary& a);

// Without a warm-up, one line when most of a function's throttles (or, if it has none, its
// cold starts) fall in the first 60 s (or the first bucket, if longer) — the run starting
// from zero environments, not the traffic, caused them: "1,958 of 1,958 throttles in the
// first 1m while `checkout` scales from zero; add `warmup:` to measure steady state". The
// function with the most such throttles wins; "" when none qualifies or a warm-up ran.
std::string ColdStartNote(const RunResult& result, const ScenarioSpec& spec);

// One line per function that made calls (`calls:`): sync and async calls made, time waited on
// callees (total and mean per sync call), downstream errors by reason. "" when none did.
std::string FormatCallsNote(const RunResult& result);

}  // namespace lambdasim
