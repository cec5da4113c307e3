// models/output/report_calibration.cc — observed vs simulated in the report and the terminal.
#include "models/output/report_calibration.h"

#include <cmath>

#include <fmt/format.h>

#include "models/metrics/calibration.h"
#include "models/output/json_writer.h"
#include "models/output/summary_table.h"
#include "models/output/svg_chart.h"

namespace lambdasim {
namespace {

constexpr const char* kObservedColor = "#222222";
constexpr const char* kSimulatedColor = "#1f77b4";

std::string Count(double v) {
  if (std::isnan(v)) return "-";
  if (v == std::floor(v) && std::fabs(v) < 9e15) return FormatThousands(static_cast<int64_t>(v));
  return FormatNumber(v, 6, "-");
}

// "+3.5%" / "-0.2%" / "0%"; "n/a" when the observed value is 0 and the simulated is not.
std::string Diff(double obs, double sim) {
  if (obs == 0) return sim == 0 ? "0%" : "n/a";
  const double d = (sim - obs) / obs;
  if (d == 0) return "0%";
  return (d > 0 ? "+" : "-") + FormatPercent(std::fabs(d), 1);
}

std::string Mape(const CalibrationMeasure& m) {
  return std::isnan(m.mape) ? "-" : FormatPercent(m.mape, 1);
}

std::string At(double s) { return sim::FormatDuration(sim::DurationFromSeconds(s)); }

ChartSpec Chart(const FunctionCalibration& c, double x_max_s, const char* metric,
                const std::string& title, const std::string& y_title) {
  ChartSpec ch;
  ch.metric = metric;
  ch.function = c.name;
  ch.title = title;
  ch.y_title = y_title;
  ch.x_min_s = 0;
  ch.x_max_s = x_max_s;
  return ch;
}

template <typename Obs, typename Sim>
void AddPair(ChartSpec& ch, const FunctionCalibration& c, Obs obs, Sim sim) {
  ChartSeries o, s;
  o.label = "observed";
  o.color = kObservedColor;
  o.style = LineStyle::kDashed;
  s.label = "simulated";
  s.color = kSimulatedColor;
  o.step_seconds = s.step_seconds = c.period_s;
  for (const CalibrationPeriod& p : c.periods) {
    o.x.push_back(p.start_s);
    o.y.push_back(obs(p));  // NaN breaks the line where not measured
    s.x.push_back(p.start_s);
    s.y.push_back(sim(p));
  }
  ch.series.push_back(std::move(o));
  ch.series.push_back(std::move(s));
}

void Row(std::string& out, const CalibrationMeasure& m, const char* label) {
  if (!m.observed) return;
  out += fmt::format(
      "<tr data-measure=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
      "<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
      m.name, label, Count(m.observed_value), Count(m.simulated_value),
      Diff(m.observed_value, m.simulated_value), Mape(m),
      m.mape_periods == 0
          ? std::string("-")
          : fmt::format("{} ({}{})", At(m.worst_start_s), m.worst_error > 0 ? "+" : "-",
                        FormatPercent(std::fabs(m.worst_error), 1)));
}

}  // namespace

std::string RenderCalibrationSection(const RunResult& result, const ScenarioSpec& spec) {
  const std::vector<FunctionCalibration> all = Calibrate(result, spec);
  if (all.empty()) return "";
  std::string out = "<h2 id=\"observed-vs-simulated\">Observed vs simulated</h2>\n";
  out +=
      "<p class=\"sub\">Production's measurements (each function's <code>observed:</code> "
      "file) against this run, period by period: invocations and throttles summed over the "
      "period, concurrency as the period's maximum (CloudWatch's Sum and Maximum). Per-period "
      "error: the mean of |simulated − observed| / observed over periods with observed &gt; 0. "
      "Per period in calibration.csv.</p>\n";
  const double x_max_s = spec.duration.seconds();
  for (const FunctionCalibration& c : all) {
    out += fmt::format("<section class=\"calibration\" data-function=\"{}\">\n<h3>{}</h3>\n",
                       EscapeHtml(c.name), EscapeHtml(c.name));
    out +=
        fmt::format("<p class=\"sub\">{} periods of {} from {}{}.</p>\n", c.periods.size(),
                    At(c.period_s), EscapeHtml(c.file_text),
                    c.periods_outside == 0
                        ? std::string()
                        : fmt::format("; {} later period{} outside the simulated {} not compared",
                                      c.periods_outside, c.periods_outside == 1 ? "" : "s",
                                      EscapeHtml(At(x_max_s))));
    out +=
        "<table class=\"calibration\"><tr><th>measure</th><th>observed</th><th>simulated</th>"
        "<th>difference</th><th>per-period error</th><th>worst period</th></tr>\n";
    Row(out, c.invocations, "invocations (total)");
    Row(out, c.concurrency_max, "concurrency (peak)");
    Row(out, c.throttles, "throttles (total)");
    out += "</table>\n";
    const std::string per = "per " + At(c.period_s);
    if (c.invocations.observed) {
      ChartSpec ch =
          Chart(c, x_max_s, "calibration_invocations",
                c.name + ": invocations " + per + ", observed vs simulated", "invocations " + per);
      AddPair(
          ch, c, [](const CalibrationPeriod& p) { return p.observed.invocations; },
          [](const CalibrationPeriod& p) { return static_cast<double>(p.simulated_invocations); });
      out += RenderChartWideAndNarrow(ch);
    }
    if (c.concurrency_max.observed) {
      ChartSpec ch = Chart(c, x_max_s, "calibration_concurrency",
                           c.name + ": peak concurrency " + per + ", observed vs simulated",
                           "concurrent executions (max)");
      AddPair(
          ch, c, [](const CalibrationPeriod& p) { return p.observed.concurrency_max; },
          [](const CalibrationPeriod& p) {
            return static_cast<double>(p.simulated_concurrency_max);
          });
      if (c.function < result.functions.size()) {
        ChartRefLine cap;
        cap.label = "cap " + FormatThousands(result.functions[c.function].concurrency_limit);
        cap.y = static_cast<double>(result.functions[c.function].concurrency_limit);
        cap.color = "#d62728";
        ch.ref_lines.push_back(cap);
      }
      out += RenderChartWideAndNarrow(ch);
    }
    if (c.throttles.observed) {
      ChartSpec ch =
          Chart(c, x_max_s, "calibration_throttles",
                c.name + ": throttles " + per + ", observed vs simulated", "throttles " + per);
      AddPair(
          ch, c, [](const CalibrationPeriod& p) { return p.observed.throttles; },
          [](const CalibrationPeriod& p) { return static_cast<double>(p.simulated_throttles); });
      out += RenderChartWideAndNarrow(ch);
    }
    out += "</section>\n";
  }
  return out;
}

std::string FormatCalibrationNote(const RunResult& result, const ScenarioSpec& spec) {
  std::string out;
  for (const FunctionCalibration& c : Calibrate(result, spec)) {
    std::string parts;
    auto part = [&](const CalibrationMeasure& m, const char* label) {
      if (!m.observed) return;
      parts += fmt::format("{}{} {} vs {} observed ({}", parts.empty() ? "" : "; ", label,
                           Count(m.simulated_value), Count(m.observed_value),
                           Diff(m.observed_value, m.simulated_value));
      if (!std::isnan(m.mape)) parts += ", per-period error " + Mape(m);
      parts += ")";
    };
    part(c.invocations, "invocations");
    part(c.concurrency_max, "peak concurrency");
    part(c.throttles, "throttles");
    if (!out.empty()) out += "\n";
    out += fmt::format("observed vs simulated `{}` ({} periods of {}, {}): {}", c.name,
                       c.periods.size(), At(c.period_s), c.file_text, parts);
  }
  return out;
}

}  // namespace lambdasim
