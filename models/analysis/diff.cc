// models/analysis/diff.cc — thresholds and run comparison (see diff.h).
#include "models/analysis/diff.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/core.h>

#include "models/output/output_writer.h"
#include "models/run/sweep.h"

namespace lambdasim::analysis {

namespace {

std::string Num(double v) {
  if (std::isnan(v)) return "n/a";
  return FormatCsvNumber(v);
}

}  // namespace

const char* ExpectOpText(ExpectOp op) {
  switch (op) {
    case ExpectOp::kLess: return "<";
    case ExpectOp::kLessEqual: return "<=";
    case ExpectOp::kGreater: return ">";
    case ExpectOp::kGreaterEqual: return ">=";
    case ExpectOp::kEqual: return "==";
  }
  return "?";
}

bool ExpectHolds(ExpectOp op, double measured, double threshold) {
  if (std::isnan(measured)) return false;
  switch (op) {
    case ExpectOp::kLess: return measured < threshold;
    case ExpectOp::kLessEqual: return measured <= threshold;
    case ExpectOp::kGreater: return measured > threshold;
    case ExpectOp::kGreaterEqual: return measured >= threshold;
    case ExpectOp::kEqual: return measured == threshold;
  }
  return false;
}

std::vector<ThresholdOutcome> EvaluateExpectations(const ScenarioSpec& spec,
                                                   const RunResult& result) {
  std::vector<std::string> names;
  for (const auto& f : spec.functions) names.push_back(f.name);
  const std::vector<std::string> keys = FlatMetricNames(names);
  const std::vector<double> values = FlatMetricValues(result);
  std::vector<ThresholdOutcome> out;
  out.reserve(spec.expect.size());
  for (const auto& e : spec.expect) {
    const auto it = std::find(keys.begin(), keys.end(), e.metric);
    const double measured =
        it == keys.end() ? std::nan("") : values.at(static_cast<size_t>(it - keys.begin()));
    out.push_back(ThresholdOutcome{&e, measured, ExpectHolds(e.op, measured, e.threshold)});
  }
  return out;
}

Direction DirectionOf(const std::string& key) {
  static const std::vector<std::string> kWorsePrefixes = {"throttle",
                                                          "cold_start",
                                                          "error",
                                                          "timeouts",
                                                          "client_retries",
                                                          "client_failures",
                                                          "gateway_timeouts",
                                                          "latency_",
                                                          "duration_",
                                                          "cost_",
                                                          "provisioned_concurrency_spillover"};
  for (const auto& p : kWorsePrefixes)
    if (key.rfind(p, 0) == 0) return Direction::kHigherIsWorse;
  return Direction::kNeutral;
}

std::string MetricKey(const std::string& metric) {
  const size_t dot = metric.rfind('.');
  return dot == std::string::npos ? metric : metric.substr(dot + 1);
}

bool AddTolerance(const std::string& text, DiffTolerances* tolerances) {
  const size_t eq = text.find('=');
  double v = 0;
  const std::string value = eq == std::string::npos ? "" : text.substr(eq + 1);
  const auto r = std::from_chars(value.data(), value.data() + value.size(), v);
  if (eq == std::string::npos || eq == 0 || value.empty() || r.ec != std::errc() ||
      r.ptr != value.data() + value.size() || !(v >= 0) || !std::isfinite(v))
    return false;
  const std::string m = text.substr(0, eq);
  if (m == "default" || m == "*")
    tolerances->default_relative = v;
  else
    tolerances->relative[m] = v;
  return true;
}

double ToleranceOf(const DiffTolerances& tolerances, const std::string& metric) {
  if (auto it = tolerances.relative.find(metric); it != tolerances.relative.end())
    return it->second;
  if (auto it = tolerances.relative.find(MetricKey(metric)); it != tolerances.relative.end())
    return it->second;
  return tolerances.default_relative;
}

std::optional<std::string> UnknownTolerance(const DiffTolerances& tolerances,
                                            const FlatSummary& base) {
  for (const auto& [m, v] : tolerances.relative) {
    bool found = false;
    for (const auto& [k, x] : base.metrics) found = found || k == m || MetricKey(k) == m;
    if (!found) return m;
  }
  return std::nullopt;
}

std::vector<std::string> ToleranceCandidates(const FlatSummary& base) {
  std::vector<std::string> cands;
  for (const auto& [k, x] : base.metrics) {
    cands.push_back(k);
    cands.push_back(MetricKey(k));
  }
  return cands;
}

DiffResult DiffSummaries(const FlatSummary& base, const FlatSummary& next,
                         const DiffTolerances& tolerances, bool include_unchanged) {
  DiffResult out;
  std::map<std::string, double> next_map(next.metrics.begin(), next.metrics.end());
  std::map<std::string, double> base_map(base.metrics.begin(), base.metrics.end());
  for (const auto& [metric, b] : base.metrics) {
    const auto it = next_map.find(metric);
    if (it == next_map.end()) {
      out.rows.push_back({metric, Num(b), "-", "", Verdict::kOnlyInBase, "only in base"});
      continue;
    }
    const double n = it->second;
    const bool both_nan = std::isnan(b) && std::isnan(n);
    if (both_nan || b == n) {
      if (include_unchanged)
        out.rows.push_back({metric, Num(b), Num(n), "0%", Verdict::kSame, "same"});
      continue;
    }
    const double rel = b != 0 ? (n - b) / std::fabs(b) : (n > 0 ? HUGE_VAL : -HUGE_VAL);
    const std::string change = std::isnan(b) || std::isnan(n) ? "n/a"
                               : std::isinf(rel)              ? (rel > 0 ? "+inf" : "-inf")
                                                              : fmt::format("{:+.2f}%", rel * 100);
    const double t = ToleranceOf(tolerances, metric);
    const bool beyond = std::isnan(b) || std::isnan(n) || std::fabs(rel) > t;
    DiffRow row{metric, Num(b), Num(n), change, Verdict::kChanged, "changed"};
    if (!beyond) {
      row.verdict = Verdict::kWithin;
      row.verdict_text = fmt::format("within {:g}%", t * 100);
    } else if (DirectionOf(MetricKey(metric)) == Direction::kHigherIsWorse) {
      if (std::isnan(n) || (!std::isnan(b) && n > b)) {
        row.verdict = Verdict::kRegression;
        row.verdict_text = "REGRESSION";
        ++out.regressions;
      } else {
        row.verdict = Verdict::kImproved;
        row.verdict_text = "improved";
        ++out.improvements;
      }
    }
    out.rows.push_back(std::move(row));
  }
  for (const auto& [metric, n] : next.metrics)
    if (!base_map.count(metric))
      out.rows.push_back({metric, "-", Num(n), "", Verdict::kOnlyInNew, "only in new"});
  return out;
}

}  // namespace lambdasim::analysis
