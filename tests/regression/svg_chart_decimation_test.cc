// tests/regression/svg_chart_decimation_test.cc — guards issue 16, item 4 (writing speed):
// RenderSvgChart drew every point of every series, so a day of 1 s buckets put 86 400 steps
// into each <path> of report.html. Now a series with more points than the plot has pixel
// columns is reduced to its minimum and maximum per column: the path is bounded by the
// chart's width, and a one-bucket peak still reaches its height (the y of a flat reference
// series at the peak's value, computed by the same chart).
#include <string>

#include <gtest/gtest.h>

#include "models/output/svg_chart.h"

namespace lambdasim {
namespace {

// The d attribute of the series path whose <title> is `label`.
std::string PathOf(const std::string& svg, const std::string& label) {
  const size_t t = svg.find("<title>" + label + "</title></path>");
  if (t == std::string::npos) return "";
  const size_t d = svg.rfind(" d=\"", t);
  const size_t end = svg.find('"', d + 4);
  return svg.substr(d + 4, end - d - 4);
}

size_t Points(const std::string& d) {
  size_t n = 0;
  for (char c : d) n += c == 'M' || c == 'L';
  return n;
}

TEST(Regression, SvgChartDecimatesLongSeriesKeepingPeaks) {
  constexpr size_t kN = 86400;  // a day of 1 s buckets
  ChartSpec c;
  c.metric = "concurrency";
  c.title = "t";
  c.x_min_s = 0;
  c.x_max_s = static_cast<double>(kN);
  ChartSeries spike;
  spike.label = "spike";
  spike.step_seconds = 1;
  for (size_t i = 0; i < kN; ++i) {
    spike.x.push_back(static_cast<double>(i));
    spike.y.push_back(i == 54321 ? 100.0 : 1.0 + static_cast<double>(i % 3));
  }
  ChartSeries flat;
  flat.label = "flat";
  flat.x = {0, static_cast<double>(kN)};
  flat.y = {100, 100};
  c.series = {spike, flat};
  const std::string svg = RenderSvgChart(c);
  const std::string d = PathOf(svg, "spike");
  const std::string f = PathOf(svg, "flat");
  ASSERT_FALSE(d.empty());
  ASSERT_FALSE(f.empty());
  EXPECT_LE(Points(d), static_cast<size_t>(4 * c.width)) << "path not decimated";
  // "M<x> <y> L<x> <y>": the flat series' y is the peak's height.
  const size_t sp = f.find(' ');
  const size_t l = f.find(" L");
  const std::string peak_y = f.substr(sp + 1, l - sp - 1);
  EXPECT_NE(d.find(" " + peak_y), std::string::npos) << "the peak (y " << peak_y << ") is lost";
  // A short series is drawn exactly as before: every step.
  ChartSeries few;
  few.label = "few";
  few.step_seconds = 1;
  for (int i = 0; i < 10; ++i) {
    few.x.push_back(i);
    few.y.push_back(i);
  }
  c.series = {few};
  c.x_max_s = 10;
  EXPECT_EQ(Points(PathOf(RenderSvgChart(c), "few")), 20u);
}

}  // namespace
}  // namespace lambdasim
