// models/output/svg_chart.cc — see svg_chart.h.
#include "models/output/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "models/output/json_writer.h"
#include "models/output/output_writer.h"

namespace lambdasim {

std::string EscapeHtml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        // XML 1.0 forbids most control characters even escaped; drop them.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') break;
        if (static_cast<unsigned char>(c) >= 0x80) {
          // Bytes that are not UTF-8 (a Latin-1 file name) become U+FFFD: the page is UTF-8.
          const size_t len = Utf8SequenceLength(s, i);
          if (len == 0) {
            out += "\xEF\xBF\xBD";
          } else {
            out.append(s.substr(i, len));
            i += len - 1;
          }
          break;
        }
        out.push_back(c);
    }
  }
  return out;
}

std::vector<double> NiceTicks(double lo, double hi, int target, bool expand) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0, 1};
  if (hi < lo) std::swap(lo, hi);
  if (hi - lo <= 0) hi = lo + (lo == 0 ? 1 : std::fabs(lo));
  const double raw = (hi - lo) / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / mag;
  const double unit = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10;
  const double step = unit * mag;
  // k * unit / 10^n (both exact integers) is the correctly rounded decimal: 0.6, not
  // 0.6000000000000001.
  const double inv_mag = mag < 1 ? std::round(1 / mag) : 0;
  auto tick = [&](double k) { return inv_mag > 0 ? k * unit / inv_mag : k * step; };
  const double eps = step * 1e-9;
  const double k0 = expand ? std::floor((lo + eps) / step) : std::ceil((lo - eps) / step);
  const double k1 = expand ? std::ceil((hi - eps) / step) : std::floor((hi + eps) / step);
  std::vector<double> ticks;
  for (double k = k0; k <= k1 && ticks.size() < 1000; k += 1) {
    double v = tick(k);
    if (std::fabs(v) < eps) v = 0;
    ticks.push_back(v);
  }
  if (ticks.size() < 2) ticks = {lo, hi};
  return ticks;
}

namespace {

// ---------------------------------------------------------------- formatting helpers

std::string Px(double v) {  // SVG coordinate, fixed one decimal
  std::string s = fmt::format("{:.1f}", v);
  if (s == "-0.0") s = "0.0";
  return s;
}

// Tick labels share one suffix per axis, chosen from the largest tick: 0, 5k, 10k, 15k.
std::string TickLabel(double v, double axis_max) {
  const double a = std::fabs(axis_max);
  if (a >= 1e9) return FormatNumber(v / 1e9, 4, "") + "G";
  if (a >= 1e6) return FormatNumber(v / 1e6, 4, "") + "M";
  if (a >= 1e4) return FormatNumber(v / 1e3, 4, "") + "k";
  return FormatNumber(v, 4, "");
}

const char* Dash(LineStyle s) {
  switch (s) {
    case LineStyle::kSolid: return "";
    case LineStyle::kDashed: return " stroke-dasharray=\"7 4\"";
    case LineStyle::kDotted: return " stroke-dasharray=\"2 3\"";
  }
  return "";
}

// Rough text width at 13px sans-serif; only used for legend layout.
double TextWidth(std::string_view s, double font_px) {
  return static_cast<double>(s.size()) * font_px * 0.58;
}

struct TimeAxis {
  double divisor = 60;  // seconds per unit
  const char* unit = "min";
};

TimeAxis ChooseTimeAxis(double span_s) {
  if (span_s <= 180) return {1, "s"};
  if (span_s <= 3 * 3600) return {60, "min"};
  if (span_s <= 3 * 86400) return {3600, "h"};
  return {86400, "d"};
}

}  // namespace

std::string RenderSvgChart(const ChartSpec& c) {
  const double fs = c.font_px > 0 ? c.font_px : 12;  // tick font; others scale with it
  const double kLeft = 6 * fs, kRight = 2 * fs, kTop = 3.7 * fs, kAxisBelow = 4.3 * fs,
               kLegendRow = 1.85 * fs;
  const double legend_fs = fs * 13 / 12, title_fs = fs * 15 / 12;
  const double width = c.width;
  const double plot_w = width - kLeft - kRight;
  const double plot_h = c.plot_height;

  // --- x scale
  double x0 = c.x_min_s, x1 = c.x_max_s;
  if (!(x1 > x0)) x1 = x0 + 1;
  const TimeAxis axis = ChooseTimeAxis(x1 - x0);
  auto sx = [&](double s) { return kLeft + (std::clamp(s, x0, x1) - x0) / (x1 - x0) * plot_w; };

  // --- y scale: data max; reference lines join the range only when near the data
  double data_max = 0;
  for (const ChartSeries& s : c.series) {
    for (double v : s.y) {
      if (std::isfinite(v)) data_max = std::max(data_max, v);
    }
  }
  std::vector<const ChartRefLine*> drawn_lines, off_scale;
  double y_need = data_max;
  for (const ChartRefLine& l : c.ref_lines) {
    if (!std::isfinite(l.y)) continue;
    if (l.keep_in_range || data_max == 0 || l.y <= 2.5 * data_max) {
      drawn_lines.push_back(&l);
      y_need = std::max(y_need, l.y);
    } else {
      off_scale.push_back(&l);
    }
  }
  const std::vector<double> yt = NiceTicks(0, y_need > 0 ? y_need * 1.04 : 1, 5, true);
  const double y0 = yt.front(), y1 = yt.back();
  auto sy = [&](double v) {
    return kTop + plot_h - (std::clamp(v, y0, y1) - y0) / (y1 - y0) * plot_h;
  };

  // --- legend layout (rows of items, wrapped)
  struct LegendItem {
    std::string label;
    std::string color;
    const char* dash;
    bool line;
  };
  std::vector<LegendItem> items;
  for (const ChartSeries& s : c.series) items.push_back({s.label, s.color, Dash(s.style), true});
  for (const ChartRefLine* l : drawn_lines)
    items.push_back({l->label, l->color, " stroke-dasharray=\"10 3 2 3\"", true});
  for (const ChartRefLine* l : off_scale) {
    items.push_back({l->label + " (above scale)", l->color, "", false});
  }
  struct Placed {
    const LegendItem* item;
    double x, y;
  };
  std::vector<Placed> placed;
  double lx = kLeft, ly = kTop + plot_h + kAxisBelow + 0.7 * fs;
  int rows = items.empty() ? 0 : 1;
  for (const LegendItem& it : items) {
    const double w = 2.8 * fs + TextWidth(it.label, legend_fs) + 1.5 * fs;
    if (lx > kLeft && lx + w > width - kRight) {
      lx = kLeft;
      ly += kLegendRow;
      ++rows;
    }
    placed.push_back({&it, lx, ly});
    lx += w;
  }
  const double height = kTop + plot_h + kAxisBelow + rows * kLegendRow + fs;

  std::string o;
  std::string attrs;
  if (!c.function.empty()) attrs += fmt::format(" data-function=\"{}\"", EscapeHtml(c.function));
  if (!c.layout.empty()) attrs += fmt::format(" data-layout=\"{}\"", EscapeHtml(c.layout));
  o += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart{}{}\" data-metric=\"{}\"{} "
      "width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" font-family=\"Helvetica, Arial, "
      "sans-serif\" font-size=\"{}\" role=\"img\">\n",
      c.layout.empty() ? "" : " ", EscapeHtml(c.layout), EscapeHtml(c.metric), attrs, c.width,
      Px(height), c.width, Px(height), Px(fs));
  o += fmt::format("<title>{}</title>\n", EscapeHtml(c.title));
  o += fmt::format("<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n", c.width,
                   Px(height));
  o += fmt::format(
      "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\" fill=\"#222\">{}</text>\n",
      Px(fs), Px(2 * fs), Px(title_fs), EscapeHtml(c.title));

  // Grid + y ticks.
  o += "<g class=\"y-axis\">\n";
  for (double v : yt) {
    const double y = sy(v);
    o += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#e3e3e3\"/>\n",
                     Px(kLeft), Px(y), Px(kLeft + plot_w), Px(y));
    o += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#333\">{}</text>\n",
                     Px(kLeft - fs / 2), Px(y + fs / 3), EscapeHtml(TickLabel(v, y1)));
  }
  o += fmt::format(
      "<text transform=\"translate({} {}) rotate(-90)\" text-anchor=\"middle\" font-size=\"{}\" "
      "fill=\"#333\">{}</text>\n",
      Px(1.33 * fs), Px(kTop + plot_h / 2), Px(legend_fs), EscapeHtml(c.y_title));
  o += "</g>\n";

  // X ticks in the chosen unit.
  o += "<g class=\"x-axis\">\n";
  for (double u :
       NiceTicks(x0 / axis.divisor, x1 / axis.divisor, std::max(2, c.x_tick_target), false)) {
    const double x = sx(u * axis.divisor);
    o += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#e3e3e3\"/>\n", Px(x),
                     Px(kTop), Px(x), Px(kTop + plot_h));
    o += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#333\"/>\n", Px(x),
                     Px(kTop + plot_h), Px(x), Px(kTop + plot_h + 5));
    o += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">{}</text>\n",
                     Px(x), Px(kTop + plot_h + 1.6 * fs), EscapeHtml(FormatNumber(u, 6, "")));
  }
  o += fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" fill=\"#333\">time "
      "({})</text>\n",
      Px(kLeft + plot_w / 2), Px(kTop + plot_h + 3.3 * fs), Px(legend_fs), axis.unit);
  o += "</g>\n";
  o += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#999\"/>\n",
      Px(kLeft), Px(kTop), Px(plot_w), Px(plot_h));

  // Reference lines.
  for (const ChartRefLine* l : drawn_lines) {
    const double y = sy(l->y);
    o += fmt::format(
        "<line class=\"ref-line\" data-value=\"{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" "
        "stroke=\"{}\" "
        "stroke-width=\"1.5\" stroke-dasharray=\"10 3 2 3\"><title>{}</title></line>\n",
        EscapeHtml(FormatJsonNumber(l->y)), Px(kLeft), Px(y), Px(kLeft + plot_w), Px(y),
        EscapeHtml(l->color), EscapeHtml(l->label));
  }

  // Series. A series with more points than the plot has pixel columns is reduced to its
  // minimum and maximum in each column (in the order they occur), so the path is bounded by
  // the chart's width whatever the run's length, and a one-bucket peak keeps its height.
  const double columns = std::max(1.0, std::floor(plot_w));
  for (const ChartSeries& s : c.series) {
    std::string d;
    auto out = std::back_inserter(d);
    bool pen_down = false;
    auto point = [&](double px, double py) {
      fmt::format_to(out, "{}{} {}", pen_down ? " L" : (d.empty() ? "M" : " M"), Px(px), Px(py));
      pen_down = true;
    };
    const size_t n = std::min(s.x.size(), s.y.size());
    if (static_cast<double>(n) <= columns) {
      for (size_t i = 0; i < n; ++i) {
        if (!std::isfinite(s.y[i]) || !std::isfinite(s.x[i])) {
          pen_down = false;
          continue;
        }
        const double py = sy(s.y[i]);
        point(sx(s.x[i]), py);
        if (s.step_seconds > 0) {
          fmt::format_to(out, " L{} {}", Px(sx(s.x[i] + s.step_seconds)), Px(py));
        }
      }
    } else {
      double col = -1;  // the column being gathered (-1: none)
      size_t lo = 0, hi = 0;
      auto flush = [&] {
        if (col < 0) return;
        const double px = kLeft + col + 0.5;
        const size_t first = std::min(lo, hi), second = std::max(lo, hi);
        point(px, sy(s.y[first]));
        if (s.y[second] != s.y[first]) point(px, sy(s.y[second]));
        col = -1;
      };
      for (size_t i = 0; i < n; ++i) {
        if (!std::isfinite(s.y[i]) || !std::isfinite(s.x[i])) {
          flush();
          pen_down = false;
          continue;
        }
        const double here = std::clamp(std::floor(sx(s.x[i]) - kLeft), 0.0, columns - 1);
        if (here != col) {
          flush();
          col = here;
          lo = hi = i;
        } else if (s.y[i] < s.y[lo]) {
          lo = i;
        } else if (s.y[i] > s.y[hi]) {
          hi = i;
        }
      }
      flush();
    }
    if (d.empty()) continue;
    fmt::format_to(std::back_inserter(o),
                   "<path class=\"series\" d=\"{}\" fill=\"none\" stroke=\"{}\" "
                   "stroke-width=\"2\" stroke-linejoin=\"round\"{}><title>{}</title></path>\n",
                   d, EscapeHtml(s.color), Dash(s.style), EscapeHtml(s.label));
  }

  // Legend.
  o += "<g class=\"legend\">\n";
  for (const Placed& p : placed) {
    if (p.item->line) {
      o += fmt::format(
          "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2.5\"{}/>\n",
          Px(p.x), Px(p.y - fs / 3), Px(p.x + 2.2 * fs), Px(p.y - fs / 3),
          EscapeHtml(p.item->color), p.item->dash);
    }
    o += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"#222\">{}</text>\n",
                     Px(p.x + (p.item->line ? 2.7 * fs : 0)), Px(p.y), Px(legend_fs),
                     EscapeHtml(p.item->label));
  }
  o += "</g>\n</svg>\n";
  return o;
}

std::string RenderChartWideAndNarrow(const ChartSpec& chart) {
  ChartSpec wide = chart;
  wide.layout = "wide";
  std::string out = RenderSvgChart(wide);
  ChartSpec narrow = chart;
  narrow.layout = "narrow";
  narrow.width = 380;
  narrow.plot_height = 220;
  narrow.x_tick_target = 4;
  narrow.font_px = 11;
  out += RenderSvgChart(narrow);
  return out;
}

}  // namespace lambdasim
