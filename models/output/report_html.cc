// models/output/report_html.cc — see report_html.h.
#include "models/output/report_html.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "models/output/json_writer.h"
#include "models/output/output_writer.h"
#include "models/output/summary_table.h"

namespace lambdasim {

std::string EscapeHtml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        // XML 1.0 forbids most control characters even escaped; drop them.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') break;
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

// ---------------------------------------------------------------- the chart helper

std::string RenderSvgChart(const ChartSpec& c) {
  constexpr double kLeft = 72, kRight = 24, kTop = 44, kAxisBelow = 52, kLegendRow = 22;
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
    if (data_max == 0 || l.y <= 2.5 * data_max) {
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
  double lx = kLeft, ly = kTop + plot_h + kAxisBelow + 8;
  int rows = items.empty() ? 0 : 1;
  for (const LegendItem& it : items) {
    const double w = 34 + TextWidth(it.label, 13) + 18;
    if (lx > kLeft && lx + w > width - kRight) {
      lx = kLeft;
      ly += kLegendRow;
      ++rows;
    }
    placed.push_back({&it, lx, ly});
    lx += w;
  }
  const double height = kTop + plot_h + kAxisBelow + rows * kLegendRow + 12;

  std::string o;
  o += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-metric=\"{}\" width=\"{}\" "
      "height=\"{}\" viewBox=\"0 0 {} {}\" font-family=\"Helvetica, Arial, sans-serif\" "
      "font-size=\"12\" role=\"img\">\n",
      EscapeHtml(c.metric), c.width, Px(height), c.width, Px(height));
  o += fmt::format("<title>{}</title>\n", EscapeHtml(c.title));
  o += fmt::format("<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n", c.width,
                   Px(height));
  o += fmt::format(
      "<text x=\"{}\" y=\"24\" font-size=\"15\" font-weight=\"bold\" fill=\"#222\">{}</text>\n",
      Px(kLeft), EscapeHtml(c.title));

  // Grid + y ticks.
  o += "<g class=\"y-axis\">\n";
  for (double v : yt) {
    const double y = sy(v);
    o += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#e3e3e3\"/>\n",
                     Px(kLeft), Px(y), Px(kLeft + plot_w), Px(y));
    o += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#333\">{}</text>\n",
                     Px(kLeft - 6), Px(y + 4), EscapeHtml(TickLabel(v, y1)));
  }
  o += fmt::format(
      "<text transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\" "
      "fill=\"#333\">{}</text>\n",
      Px(kTop + plot_h / 2), EscapeHtml(c.y_title));
  o += "</g>\n";

  // X ticks in the chosen unit.
  o += "<g class=\"x-axis\">\n";
  for (double u : NiceTicks(x0 / axis.divisor, x1 / axis.divisor, 8, false)) {
    const double x = sx(u * axis.divisor);
    o += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#e3e3e3\"/>\n", Px(x),
                     Px(kTop), Px(x), Px(kTop + plot_h));
    o += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#333\"/>\n", Px(x),
                     Px(kTop + plot_h), Px(x), Px(kTop + plot_h + 5));
    o += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">{}</text>\n",
                     Px(x), Px(kTop + plot_h + 19), EscapeHtml(FormatNumber(u, 6, "")));
  }
  o += fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#333\">time "
      "({})</text>\n",
      Px(kLeft + plot_w / 2), Px(kTop + plot_h + 40), axis.unit);
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

  // Series.
  for (const ChartSeries& s : c.series) {
    std::string d;
    bool pen_down = false;
    const size_t n = std::min(s.x.size(), s.y.size());
    for (size_t i = 0; i < n; ++i) {
      if (!std::isfinite(s.y[i]) || !std::isfinite(s.x[i])) {
        pen_down = false;
        continue;
      }
      const double px = sx(s.x[i]);
      const double py = sy(s.y[i]);
      d += fmt::format("{}{} {}", pen_down ? " L" : (d.empty() ? "M" : " M"), Px(px), Px(py));
      pen_down = true;
      if (s.step_seconds > 0) {
        d += fmt::format(" L{} {}", Px(sx(s.x[i] + s.step_seconds)), Px(py));
      }
    }
    if (d.empty()) continue;
    o += fmt::format(
        "<path class=\"series\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
        "stroke-linejoin=\"round\"{}><title>{}</title></path>\n",
        d, EscapeHtml(s.color), Dash(s.style), EscapeHtml(s.label));
  }

  // Legend.
  o += "<g class=\"legend\">\n";
  for (const Placed& p : placed) {
    if (p.item->line) {
      o += fmt::format(
          "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2.5\"{}/>\n",
          Px(p.x), Px(p.y - 4), Px(p.x + 26), Px(p.y - 4), EscapeHtml(p.item->color), p.item->dash);
    }
    o += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"#222\">{}</text>\n",
                     Px(p.x + (p.item->line ? 32 : 0)), Px(p.y), EscapeHtml(p.item->label));
  }
  o += "</g>\n</svg>\n";
  return o;
}

// ---------------------------------------------------------------- the report

namespace {

constexpr std::array<const char*, 10> kPalette = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd",
                                                  "#8c564b", "#e377c2", "#17becf", "#bcbd22",
                                                  "#7f7f7f", "#d62728"};
constexpr std::array<const char*, kThrottleReasonCount> kReasonColors = {"#d62728", "#9467bd",
                                                                         "#ff7f0e", "#8c564b"};

// cppcheck-suppress CastIntegerToAddressAtReturn ; false positive: kPalette holds pointers
const char* ColorFor(size_t f) { return kPalette[f % kPalette.size()]; }

std::string Dur(sim::Duration d) { return sim::FormatDuration(d); }

const char* ArchName(Architecture a) { return a == Architecture::kArm64 ? "arm64" : "x86_64"; }

const char* PolicyName(RetryPolicy p) {
  switch (p) {
    case RetryPolicy::kNone: return "none";
    case RetryPolicy::kSdkStandard: return "sdk_standard";
    case RetryPolicy::kCustom: return "custom";
  }
  return "?";
}

struct Html {
  std::string s;
  void Add(std::string_view t) { s.append(t); }
  void Row(std::string_view k, std::string_view v) {
    s += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", EscapeHtml(k), EscapeHtml(v));
  }
};

std::string Human(const SummaryField& f) {
  switch (f.type) {
    case SummaryField::Type::kUint: return FormatThousands(f.u);
    case SummaryField::Type::kInt: return FormatThousands(f.i);
    case SummaryField::Type::kDouble: {
      if (!std::isfinite(f.d)) return "-";
      if (f.key.ends_with("_rate")) return fmt::format("{:.2f}%", f.d * 100);
      if (f.key.starts_with("cost")) return fmt::format("${}", FormatNumber(f.d, 6, ""));
      return FormatNumber(f.d, 6, "");
    }
  }
  return "";
}

std::string SummaryCell(const std::string& path, const SummaryField& f) {
  return fmt::format("<td class=\"num\" data-key=\"{}\" data-value=\"{}\">{}</td>",
                     EscapeHtml(path), EscapeHtml(SummaryFieldJson(f)), EscapeHtml(Human(f)));
}

struct Buckets {
  size_t n_functions = 0;
  size_t n_buckets = 0;
  double bucket_s = 60;
  double x_max = 0;
  const FunctionBucketRow& Row(const RunResult& r, size_t b, size_t f) const {
    return r.function_rows[b * n_functions + f];
  }
};

ChartSpec BaseChart(const Buckets& bk, std::string metric, std::string title, std::string y_title) {
  ChartSpec c;
  c.metric = std::move(metric);
  c.title = std::move(title);
  c.y_title = std::move(y_title);
  c.x_min_s = 0;
  c.x_max_s = bk.x_max;
  return c;
}

template <typename Get>
ChartSeries FunctionSeries(const RunResult& r, const Buckets& bk, size_t f, std::string label,
                           LineStyle style, Get get) {
  ChartSeries s;
  s.label = std::move(label);
  s.color = ColorFor(f);
  s.style = style;
  s.step_seconds = bk.bucket_s;
  for (size_t b = 0; b < bk.n_buckets; ++b) {
    const FunctionBucketRow& row = bk.Row(r, b, f);
    s.x.push_back(row.t_s);
    s.y.push_back(get(row));
  }
  return s;
}

std::string Charts(const RunResult& r, const ScenarioSpec& spec, const Buckets& bk) {
  std::string out;
  const size_t nf = bk.n_functions;
  auto fname = [&](size_t f) { return r.function_names[f]; };

  // (a) concurrency.
  {
    ChartSpec c =
        BaseChart(bk, "concurrency", "Concurrent executions per function", "concurrent executions");
    for (size_t f = 0; f < nf; ++f) {
      c.series.push_back(
          FunctionSeries(r, bk, f, fname(f) + " avg", LineStyle::kSolid,
                         [](const FunctionBucketRow& x) { return x.concurrent_executions_avg; }));
      c.series.push_back(FunctionSeries(r, bk, f, fname(f) + " max", LineStyle::kDashed,
                                        [](const FunctionBucketRow& x) {
                                          return static_cast<double>(x.concurrent_executions_max);
                                        }));
      bool any_pc = false;
      for (size_t b = 0; b < bk.n_buckets; ++b)
        any_pc = any_pc || bk.Row(r, b, f).provisioned_concurrency_allocated > 0;
      if (any_pc) {
        c.series.push_back(FunctionSeries(r, bk, f, fname(f) + " provisioned allocated",
                                          LineStyle::kDotted, [](const FunctionBucketRow& x) {
                                            return static_cast<double>(
                                                x.provisioned_concurrency_allocated);
                                          }));
      }
    }
    c.ref_lines.push_back(
        {fmt::format("account limit {}", FormatThousands(spec.account.concurrency_limit)),
         static_cast<double>(spec.account.concurrency_limit), "#d62728"});
    for (size_t f = 0; f < spec.functions.size() && f < nf; ++f) {
      if (spec.functions[f].reserved_concurrency) {
        c.ref_lines.push_back(
            {fmt::format("{} reserved {}", spec.functions[f].name,
                         FormatThousands(*spec.functions[f].reserved_concurrency)),
             static_cast<double>(*spec.functions[f].reserved_concurrency), ColorFor(f)});
      }
    }
    out += RenderSvgChart(c);
  }

  // (b) invocations and throttles by reason (throttles summed over functions).
  {
    ChartSpec c = BaseChart(bk, "invocations_throttles", "Invocations and throttles per bucket",
                            fmt::format("count per {}", Dur(spec.bucket)));
    for (size_t f = 0; f < nf; ++f) {
      c.series.push_back(FunctionSeries(
          r, bk, f, fname(f) + " invocations", LineStyle::kSolid,
          [](const FunctionBucketRow& x) { return static_cast<double>(x.invocations); }));
    }
    bool any = false;
    for (int k = 0; k < kThrottleReasonCount; ++k) {
      const auto reason = static_cast<size_t>(k);
      ChartSeries s;
      s.label = fmt::format("throttles: {}{}", kThrottleReasonNames[reason],
                            nf > 1 ? " (all functions)" : "");
      s.color = kReasonColors[reason];
      s.style = LineStyle::kDashed;
      s.step_seconds = bk.bucket_s;
      uint64_t total = 0;
      for (size_t b = 0; b < bk.n_buckets; ++b) {
        uint64_t sum = 0;
        for (size_t f = 0; f < nf; ++f) sum += bk.Row(r, b, f).throttles_by_reason[reason];
        total += sum;
        s.x.push_back(bk.Row(r, b, 0).t_s);
        s.y.push_back(static_cast<double>(sum));
      }
      if (total > 0) {
        c.series.push_back(std::move(s));
        any = true;
      }
    }
    if (!any && nf > 0) {
      ChartSeries s = FunctionSeries(r, bk, 0, "throttles (none)", LineStyle::kDashed,
                                     [](const FunctionBucketRow&) { return 0.0; });
      s.color = kReasonColors[0];
      c.series.push_back(std::move(s));
    }
    out += RenderSvgChart(c);
  }

  // (c) cold starts.
  {
    ChartSpec c = BaseChart(bk, "cold_starts", "Cold starts per bucket",
                            fmt::format("cold starts per {}", Dur(spec.bucket)));
    for (size_t f = 0; f < nf; ++f) {
      c.series.push_back(FunctionSeries(
          r, bk, f, fname(f), LineStyle::kSolid,
          [](const FunctionBucketRow& x) { return static_cast<double>(x.cold_starts); }));
    }
    out += RenderSvgChart(c);
  }

  // (d) latency / duration quantiles.
  {
    ChartSpec c =
        BaseChart(bk, "latency", "Duration and latency quantiles per bucket", "milliseconds");
    for (size_t f = 0; f < nf; ++f) {
      c.series.push_back(
          FunctionSeries(r, bk, f, fname(f) + " duration p50", LineStyle::kSolid,
                         [](const FunctionBucketRow& x) { return x.duration_p50_ms; }));
      c.series.push_back(
          FunctionSeries(r, bk, f, fname(f) + " duration p99", LineStyle::kDashed,
                         [](const FunctionBucketRow& x) { return x.duration_p99_ms; }));
      c.series.push_back(
          FunctionSeries(r, bk, f, fname(f) + " latency p99", LineStyle::kDotted,
                         [](const FunctionBucketRow& x) { return x.latency_p99_ms; }));
    }
    out += RenderSvgChart(c);
  }

  // (e) cumulative cost: a line through bucket ends, starting at 0.
  {
    ChartSpec c = BaseChart(bk, "cost", "Cumulative cost", "USD");
    std::vector<double> total(bk.n_buckets, 0);
    for (size_t f = 0; f < nf; ++f) {
      ChartSeries s;
      s.label = fname(f);
      s.color = ColorFor(f);
      s.x.push_back(0);
      s.y.push_back(0);
      double sum = 0;
      for (size_t b = 0; b < bk.n_buckets; ++b) {
        const FunctionBucketRow& row = bk.Row(r, b, f);
        sum += row.cost_usd;
        total[b] += row.cost_usd;
        s.x.push_back(std::min(row.t_s + bk.bucket_s, bk.x_max));
        s.y.push_back(sum);
      }
      c.series.push_back(std::move(s));
    }
    if (nf > 1) {
      ChartSeries s;
      s.label = "all functions";
      s.color = "#222222";
      s.style = LineStyle::kDashed;
      s.x.push_back(0);
      s.y.push_back(0);
      double sum = 0;
      for (size_t b = 0; b < bk.n_buckets; ++b) {
        sum += total[b];
        s.x.push_back(std::min(bk.Row(r, b, 0).t_s + bk.bucket_s, bk.x_max));
        s.y.push_back(sum);
      }
      c.series.push_back(std::move(s));
    }
    out += RenderSvgChart(c);
  }
  return out;
}

std::string ScenarioTables(const RunResult& r, const ScenarioSpec& spec) {
  Html h;
  h.Add("<h2>Scenario</h2>\n<table class=\"kv\">\n");
  h.Row("name", spec.name);
  if (!spec.source_file.empty()) h.Row("file", spec.source_file);
  h.Row("duration", Dur(spec.duration));
  h.Row("bucket", Dur(spec.bucket));
  h.Row("seed", fmt::format("{}", spec.seed));
  h.Row("replication", fmt::format("{}", spec.replication));
  h.Row("platform", spec.platform.name);
  h.Row("region", spec.region);
  h.Row("scaling",
        fmt::format(
            "{} {}, burst {}, refill {} per {}",
            spec.platform.scaling_scope == ScalingScope::kAccount ? "account" : "per function",
            "bucket", FormatThousands(spec.scaling.burst),
            FormatThousands(spec.scaling.refill_count), Dur(spec.scaling.refill_period)));
  h.Row("account concurrency limit", FormatThousands(spec.account.concurrency_limit));
  h.Row("unreserved minimum", FormatThousands(spec.account.unreserved_minimum));
  h.Row("version", r.manifest.version);
  h.Row("scenario hash", r.manifest.scenario_hash);
  h.Row("events processed", FormatThousands(r.manifest.events_processed));
  h.Row("simulated",
        fmt::format("{} s of {} s", FormatNumber(r.manifest.simulated_seconds, 10, "-"),
                    FormatNumber(r.manifest.horizon_seconds, 10, "-")));
  h.Add("</table>\n");

  h.Add(
      "<h2>Functions</h2>\n<table class=\"grid\">\n<tr><th>function</th><th>memory "
      "MB</th><th>arch</th>"
      "<th>timeout</th><th>reserved</th><th>duration (s)</th><th>init (s)</th><th>keep alive</th>"
      "<th>max lifetime (s)</th><th>error rate</th><th>provisioned</th></tr>\n");
  for (const FunctionSpec& f : spec.functions) {
    std::string pc = FormatThousands(f.provisioned_concurrency);
    for (const ProvisionedStep& st : f.provisioned_schedule) {
      pc += fmt::format("; at {}: {}", Dur(st.at), FormatThousands(st.value));
    }
    if (f.provisioned_autoscaling.enabled) {
      const ProvisionedAutoscaling& a = f.provisioned_autoscaling;
      pc += fmt::format("; autoscaling {}..{} target {}", a.min, a.max,
                        FormatNumber(a.target_utilization, 6, ""));
    }
    h.Add(fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td "
        "class=\"num\">{}</td><td>{}</td>"
        "<td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
        EscapeHtml(f.name), FormatThousands(f.memory_mb), ArchName(f.architecture),
        EscapeHtml(Dur(f.timeout)),
        f.reserved_concurrency ? FormatThousands(*f.reserved_concurrency) : std::string("-"),
        EscapeHtml(f.duration.Describe()), EscapeHtml(f.init_duration.Describe()),
        EscapeHtml(Dur(f.keep_alive)), EscapeHtml(f.max_lifetime.Describe()),
        EscapeHtml(FormatNumber(f.error_rate, 6, "")), EscapeHtml(pc)));
  }
  h.Add("</table>\n");

  h.Add(
      "<h2>Traffic</h2>\n<table class=\"grid\">\n<tr><th>function</th><th>arrivals</th><th>rate "
      "/s</th>"
      "<th>start</th><th>end</th><th>client retries</th><th>API Gateway</th></tr>\n");
  for (const TrafficSpec& t : spec.traffic) {
    std::string client = PolicyName(t.client.policy);
    if (t.client.policy != RetryPolicy::kNone) {
      client += fmt::format(", {} attempts, base {}, cap {}", t.client.max_attempts,
                            Dur(t.client.base), Dur(t.client.cap));
    }
    std::string gw = t.via_api_gateway ? "yes" : "no";
    if (t.via_api_gateway && t.api_gateway_timeout)
      gw += ", timeout " + Dur(*t.api_gateway_timeout);
    h.Add(fmt::format(
        "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td></tr>\n",
        EscapeHtml(t.function), t.arrivals == ArrivalKind::kPoisson ? "poisson" : "uniform",
        EscapeHtml(FormatNumber(t.rate_per_s, 6, "")), EscapeHtml(Dur(t.start)),
        EscapeHtml(t.end ? Dur(*t.end) : std::string("end of run")), EscapeHtml(client),
        EscapeHtml(gw)));
  }
  h.Add("</table>\n");
  return h.s;
}

std::string SummaryTables(const RunResult& r) {
  Html h;
  h.Add("<h2>Summary</h2>\n<table class=\"grid summary\">\n<tr><th>metric</th>");
  std::vector<std::vector<SummaryField>> per_fn;
  for (const FunctionSummary& f : r.functions) {
    h.Add(fmt::format("<th>{}</th>", EscapeHtml(f.name)));
    per_fn.push_back(FunctionSummaryFields(f));
  }
  h.Add("</tr>\n");
  const std::vector<SummaryField> keys = FunctionSummaryFields(FunctionSummary{});
  for (size_t k = 0; k < keys.size(); ++k) {
    h.Add(fmt::format("<tr><th>{}</th>", EscapeHtml(keys[k].key)));
    for (size_t f = 0; f < per_fn.size(); ++f) {
      h.Add(SummaryCell("functions." + r.functions[f].name + "." + per_fn[f][k].key, per_fn[f][k]));
    }
    h.Add("</tr>\n");
  }
  h.Add("</table>\n");

  h.Add(
      "<h3>Account</h3>\n<table class=\"grid "
      "summary\">\n<tr><th>metric</th><th>account</th></tr>\n");
  for (const SummaryField& f : AccountSummaryFields(r.account)) {
    h.Add(fmt::format("<tr><th>{}</th>{}</tr>\n", EscapeHtml(f.key),
                      SummaryCell("account." + f.key, f)));
  }
  h.Add("</table>\n");
  return h.s;
}

constexpr const char* kCss =
    R"(body{font-family:Helvetica,Arial,sans-serif;font-size:14px;color:#222;margin:24px;max-width:1000px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}
h3{font-size:15px;margin:18px 0 6px}
.sub{color:#555;margin:0 0 16px}
.warn{background:#fdecea;border:1px solid #d62728;padding:8px 12px;margin:12px 0}
svg.chart{display:block;margin:12px 0;max-width:100%;height:auto;border:1px solid #eee}
table{border-collapse:collapse;margin:6px 0;font-size:13px}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f6f6;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
pre{font-size:12px;background:#f6f6f6;padding:8px;overflow-x:auto}
)";

}  // namespace

std::string RenderReportHtml(const RunResult& result, const ScenarioSpec& spec) {
  const size_t nf = result.function_names.size();
  if (nf == 0 ? !result.function_rows.empty() : result.function_rows.size() % nf != 0) {
    throw OutputError(fmt::format("inconsistent RunResult: {} function rows for {} functions",
                                  result.function_rows.size(), nf));
  }
  Buckets bk;
  bk.n_functions = nf;
  bk.n_buckets = nf == 0 ? 0 : result.function_rows.size() / nf;
  bk.bucket_s = result.bucket_seconds > 0 ? result.bucket_seconds : spec.bucket.seconds();
  bk.x_max = spec.duration.seconds();
  if (bk.n_buckets > 0) {
    const double last = result.function_rows.back().t_s;
    if (last >= bk.x_max) bk.x_max = last + bk.bucket_s;
  }
  if (!(bk.x_max > 0)) bk.x_max = bk.bucket_s > 0 ? bk.bucket_s : 60;

  std::string o;
  o += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  o += fmt::format("<title>lambdasim report: {}</title>\n", EscapeHtml(spec.name));
  o += fmt::format("<style>\n{}</style>\n</head>\n<body>\n", kCss);
  o += fmt::format("<h1>lambdasim report: {}</h1>\n", EscapeHtml(spec.name));
  o += fmt::format("<p class=\"sub\">{} simulated, seed {}, platform {}, lambdasim {}</p>\n",
                   EscapeHtml(Dur(spec.duration)), spec.seed, EscapeHtml(spec.platform.name),
                   EscapeHtml(result.manifest.version));
  if (!result.manifest.complete || !result.manifest.error.empty()) {
    o += fmt::format(
        "<p class=\"warn\">Run incomplete: stopped at simulated time {} s of {} s{}{}</p>\n",
        FormatNumber(result.manifest.simulated_seconds, 10, "-"),
        FormatNumber(result.manifest.horizon_seconds, 10, "-"),
        result.manifest.error.empty() ? "" : ": ", EscapeHtml(result.manifest.error));
  }
  o += "<h2>At a glance</h2>\n<pre>";
  o += EscapeHtml(FormatSummaryTable(result, spec));
  o += "</pre>\n<h2>Charts</h2>\n";
  if (nf > 0) o += Charts(result, spec, bk);
  o += SummaryTables(result);
  o += ScenarioTables(result, spec);
  o += "</body>\n</html>\n";
  return o;
}

}  // namespace lambdasim
