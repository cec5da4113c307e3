// models/output/report_html.h — the self-contained HTML report and its SVG chart helper.
//
// RenderReportHtml returns ONE HTML document: inline CSS, inline SVG drawn here, no
// JavaScript, no network references. It is a pure function of (RunResult, ScenarioSpec):
// byte-identical for identical inputs (Manifest::wall_seconds is never shown).
//
// Structure tests rely on:
//  * each chart is one <svg data-metric="M"> whose first child is <title>; M is one of
//    concurrency, invocations_throttles, cold_starts, latency, cost;
//  * every summary number is a <td data-key="functions.<name>.<key>" data-value="V"> or
//    data-key="account.<key>", where V is exactly the JSON text summary.json holds;
//  * every SVG is well-formed XML (all text escaped, no HTML-only entities).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/metrics/run_result.h"
#include "models/spec/scenario_spec.h"

namespace lambdasim {

std::string RenderReportHtml(const RunResult& result, const ScenarioSpec& spec);

// Escapes & < > " ' for HTML/XML text and attribute values.
std::string EscapeHtml(std::string_view s);

// --- SVG line/step chart helper ---------------------------------------------------

enum class LineStyle { kSolid, kDashed, kDotted };

struct ChartSeries {
  std::string label;
  std::vector<double> x;  // seconds
  std::vector<double> y;  // non-finite y breaks the line
  std::string color = "#1f77b4";
  LineStyle style = LineStyle::kSolid;
  double step_seconds = 0;  // > 0: y[i] holds on [x[i], x[i] + step_seconds) (clamped to x_max)
};

// A horizontal reference line (a limit). Lines far above the data are not drawn but
// listed in the legend as "above scale" so they do not flatten the data.
struct ChartRefLine {
  std::string label;
  double y = 0;
  std::string color = "#444444";
};

struct ChartSpec {
  std::string metric;   // data-metric attribute
  std::string title;    // <title> and the visible heading
  std::string y_title;  // y axis title
  double x_min_s = 0;
  double x_max_s = 60;
  std::vector<ChartSeries> series;
  std::vector<ChartRefLine> ref_lines;
  int width = 960;
  int plot_height = 280;
};

std::string RenderSvgChart(const ChartSpec& chart);

// "Nice" ticks covering [lo, hi] with a 1-2-5 × 10^k step, about `target` intervals.
// With expand=true the first/last tick enclose [lo, hi]; otherwise ticks lie within it.
std::vector<double> NiceTicks(double lo, double hi, int target, bool expand);

}  // namespace lambdasim
