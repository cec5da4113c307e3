// models/output/svg_chart.h — drawing: one time-series chart as a self-contained inline SVG.
//
// RenderSvgChart is a pure function of its ChartSpec: no page layout, no knowledge of the
// RunResult (report_html.cc lays the page out and decides what to plot). The output:
//  * is one <svg class="chart …" data-metric="M"> whose first child is <title>, with
//    data-function="F" when ChartSpec::function is set and data-layout="L" when
//    ChartSpec::layout is set;
//  * is well-formed XML (all text escaped, no HTML-only entities), deterministic (fixed
//    one-decimal coordinates), with no script and no external reference;
//  * scales with CSS (viewBox set; width/height are the natural size);
//  * is bounded in size by the chart's width, not the series' length: a series with more
//    points than the plot has pixel columns is drawn as its minimum and maximum in each
//    column (in the order they occur), so peaks keep their height and a day of 1 s buckets
//    is at most two points per pixel column.
// Y axes start at 0 and end on a "nice" tick above the data; a reference line far above the
// data (> 2.5 × its max) is listed in the legend as "above scale" instead of flattening the
// data, unless the line asks to stay in range (ChartRefLine::keep_in_range).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lambdasim {

// Escapes & < > " ' for HTML/XML text and attribute values (drops XML-invalid controls;
// bytes that are not well-formed UTF-8 become U+FFFD).
std::string EscapeHtml(std::string_view s);

enum class LineStyle { kSolid, kDashed, kDotted };

struct ChartSeries {
  std::string label;
  std::vector<double> x;  // seconds
  std::vector<double> y;  // non-finite y breaks the line
  std::string color = "#1f77b4";
  LineStyle style = LineStyle::kSolid;
  double step_seconds = 0;  // > 0: y[i] holds on [x[i], x[i] + step_seconds) (clamped to x_max)
};

// A horizontal reference line (a limit).
struct ChartRefLine {
  std::string label;
  double y = 0;
  std::string color = "#444444";
  bool keep_in_range = false;  // always drawn: the y axis grows to include it
};

struct ChartSpec {
  std::string metric;    // data-metric attribute
  std::string function;  // data-function attribute (empty: none)
  std::string layout;    // data-layout attribute and extra class, e.g. "wide" (empty: none)
  std::string title;     // <title> and the visible heading
  std::string y_title;   // y axis title
  double x_min_s = 0;
  double x_max_s = 60;
  std::vector<ChartSeries> series;
  std::vector<ChartRefLine> ref_lines;
  int width = 960;
  int plot_height = 280;
  int x_tick_target = 8;  // about this many x intervals
  double font_px = 12;    // tick labels; titles and legend scale with it
};

std::string RenderSvgChart(const ChartSpec& chart);

// The chart twice, for the report's two layouts: data-layout="wide" (as specified) and
// data-layout="narrow" (380 px wide, fewer ticks, relatively larger text, for phones); the
// page's CSS shows one of them, so no JavaScript is needed.
std::string RenderChartWideAndNarrow(const ChartSpec& chart);

// "Nice" ticks covering [lo, hi] with a 1-2-5 × 10^k step, about `target` intervals.
// With expand=true the first/last tick enclose [lo, hi]; otherwise ticks lie within it.
std::vector<double> NiceTicks(double lo, double hi, int target, bool expand);

}  // namespace lambdasim
