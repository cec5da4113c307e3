// models/output/report_html.h — the self-contained HTML report (page layout).
//
// RenderReportHtml returns ONE HTML document: inline CSS, inline SVG (drawn by svg_chart.h;
// this file only lays the page out), no JavaScript, no network references. It is a pure
// function of (RunResult, ScenarioSpec): byte-identical for identical inputs
// (Manifest::wall_seconds is never shown).
//
// Page, top to bottom: title; the verdict (<p class="verdict" data-verdict="throttles" or
// "no-throttles">, FormatVerdict's line plus one clause per function); the terminal table;
// charts; summary tables (all-zero rows folded into <details class="zero">); scenario,
// functions and traffic tables (mean and peak rate for every traffic shape).
//
// Structure tests rely on:
//  * each chart is drawn twice, <svg data-metric="M" data-layout="wide"> (desktop) and
//    data-layout="narrow" (phone, shown by a CSS media query under 640 px), each starting
//    with <title>; M is one of concurrency (account), function_concurrency (one per function,
//    data-function="F", with the function's cap as a class="ref-line"), invocations (offered
//    requests/s beside admitted invocations/s), throttles (by reason, own axis), cold_starts,
//    latency, cost;
//  * every summary number is a <td data-key="functions.<name>.<key>" data-value="V"> or
//    data-key="account.<key>", where V is exactly the JSON text summary.json holds (folded
//    rows included);
//  * percentages never show a non-zero share as 0 (FormatPercent: "< 0.01%");
//  * every SVG is well-formed XML (all text escaped, no HTML-only entities).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/metrics/run_result.h"
#include "models/output/svg_chart.h"
#include "models/spec/scenario_spec.h"

namespace lambdasim {

std::string RenderReportHtml(const RunResult& result, const ScenarioSpec& spec);

}  // namespace lambdasim
