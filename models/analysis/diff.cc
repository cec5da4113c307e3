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
  const std::vector<std::string> keys = FlatMetricNames(names, MapEntryLabels(spec));
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
                                                          "gateway_throttles",
                                                          "latency_",
                                                          "duration_",
                                                          "cost_",
                                                          "provisioned_concurrency_spillover",
                                                          "headroom"};
  // Step Functions Map entries (maps.<label>.<key>).
  static const std::vector<std::string> kWorseMapPrefixes = {
      "runs_failed", "item_throttles", "item_retries", "item_failures", "run_duration_"};
  for (const auto& p : kWorseMapPrefixes)
    if (key.rfind(p, 0) == 0) return Direction::kHigherIsWorse;
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
  if (eq == std::string::npos || eq == 0) return false;
  std::string value = text.substr(eq + 1);
  bool absolute = false;
  if (value.rfind("abs:", 0) == 0) {
    absolute = true;
    value = value.substr(4);
  } else if (value.rfind("rel:", 0) == 0) {
    value = value.substr(4);
  }
  double v = 0;
  const auto r = std::from_chars(value.data(), value.data() + value.size(), v);
  if (value.empty() || r.ec != std::errc() || r.ptr != value.data() + value.size() || !(v >= 0) ||
      !std::isfinite(v))
    return false;
  const std::string m = text.substr(0, eq);
  if (m == "default" || m == "*") {
    if (absolute) return false;  // one absolute number cannot fit every metric's unit
    tolerances->default_relative = v;
  } else if (absolute) {
    tolerances->absolute[m] = v;
    tolerances->relative.erase(m);
  } else {
    tolerances->relative[m] = v;
    tolerances->absolute.erase(m);
  }
  return true;
}

double ToleranceOf(const DiffTolerances& tolerances, const std::string& metric) {
  for (const std::string& name : {metric, MetricKey(metric)}) {
    if (auto it = tolerances.relative.find(name); it != tolerances.relative.end())
      return it->second;
    if (tolerances.absolute.count(name)) return std::nan("");
  }
  return tolerances.default_relative;
}

std::optional<double> AbsoluteToleranceOf(const DiffTolerances& tolerances,
                                          const std::string& metric) {
  for (const std::string& name : {metric, MetricKey(metric)}) {
    if (tolerances.relative.count(name)) return std::nullopt;
    if (auto it = tolerances.absolute.find(name); it != tolerances.absolute.end())
      return it->second;
  }
  return std::nullopt;
}

std::optional<std::string> UnknownTolerance(const DiffTolerances& tolerances,
                                            const FlatSummary& base) {
  std::vector<std::string> names;
  for (const auto& [m, v] : tolerances.relative) names.push_back(m);
  for (const auto& [m, v] : tolerances.absolute) names.push_back(m);
  std::sort(names.begin(), names.end());
  for (const auto& m : names) {
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

namespace {

struct Moments {
  size_t n = 0;
  double mean = std::nan("");
  double sd = std::nan("");
};

// The metric's values over the runs that have it (NaN values included: a NaN makes the mean
// NaN, which rule 1 treats as a change).
std::vector<double> ValuesOf(const std::vector<FlatSummary>& runs, const std::string& metric) {
  std::vector<double> xs;
  for (const auto& r : runs)
    for (const auto& [k, v] : r.metrics)
      if (k == metric) {
        xs.push_back(v);
        break;
      }
  return xs;
}

Moments MomentsOf(const std::vector<double>& xs) {
  Moments m;
  m.n = xs.size();
  if (xs.empty()) return m;
  double sum = 0;
  for (double x : xs) sum += x;
  m.mean = sum / static_cast<double>(m.n);
  if (m.n >= 2) {
    double ss = 0;
    for (double x : xs) ss += (x - m.mean) * (x - m.mean);
    m.sd = std::sqrt(ss / static_cast<double>(m.n - 1));
  }
  return m;
}

std::string Scope(const std::string& metric) {
  const size_t dot = metric.rfind('.');
  return dot == std::string::npos ? std::string() : metric.substr(0, dot);
}

// The count a metric rests on (rule 4): itself for counts, the numerator for rates.
std::optional<std::string> CountKeyOf(const std::string& key) {
  static const std::vector<std::string> kCounts = {"requests",
                                                   "invocations",
                                                   "errors",
                                                   "throttles",
                                                   "cold_starts",
                                                   "timeouts",
                                                   "client_retries",
                                                   "client_failures",
                                                   "gateway_timeouts",
                                                   "gateway_throttles",
                                                   "dead_letter_events",
                                                   "async_events_dropped",
                                                   "records_dropped",
                                                   "sqs_dead_letter_messages"};
  if (key.rfind("throttles", 0) == 0) return key;  // throttles and throttles_<reason>
  if (std::find(kCounts.begin(), kCounts.end(), key) != kCounts.end()) return key;
  if (key == "throttle_rate") return std::string("throttles");
  if (key == "cold_start_rate") return std::string("cold_starts");
  if (key == "error_rate") return std::string("errors");
  return std::nullopt;
}

// Rule 6: metrics whose "improvement" follows from more requests being throttled.
bool FollowsThrottles(const std::string& key) {
  static const std::vector<std::string> kPrefixes = {
      "cold_start",   "error",         "timeouts",         "latency_",
      "duration_",    "cost_",         "monthly_cost",     "invocations",
      "concurrency_", "environments_", "gateway_timeouts", "client_failures"};
  if (key == "concurrency_limit") return false;
  for (const auto& p : kPrefixes)
    if (key.rfind(p, 0) == 0) return true;
  return false;
}

DiffRow MakeRow(std::string metric, std::string base, std::string next, std::string change,
                Verdict verdict, std::string text) {
  DiffRow r;
  r.metric = std::move(metric);
  r.base = std::move(base);
  r.next = std::move(next);
  r.change = std::move(change);
  r.verdict = verdict;
  r.verdict_text = std::move(text);
  return r;
}

std::string FormatChange(double b, double n) {
  if (std::isnan(b) || std::isnan(n)) return "n/a";
  const double rel = b != 0 ? (n - b) / std::fabs(b) : (n > 0 ? HUGE_VAL : -HUGE_VAL);
  if (std::isinf(rel)) return rel > 0 ? "+inf" : "-inf";
  return fmt::format("{:+.2f}%", rel * 100);
}

std::string FormatInterval(const stats::Interval& i) {
  if (std::isnan(i.lo) || std::isnan(i.hi)) return "";
  return "[" + Num(i.lo) + ", " + Num(i.hi) + "]";
}

double MeanOf(const std::vector<FlatSummary>& runs, const std::string& metric) {
  return MomentsOf(ValuesOf(runs, metric)).mean;
}

}  // namespace

stats::Interval BoundedInterval95(const std::vector<FlatSummary>& runs, const std::string& metric) {
  const std::string key = MetricKey(metric), scope = Scope(metric);
  const std::string prefix = scope.empty() ? std::string() : scope + ".";
  const stats::PooledRate pooled = stats::PooledRateOf(key);
  std::vector<double> num, den;
  if (pooled.numerator) {
    num = ValuesOf(runs, prefix + pooled.numerator);
    den = ValuesOf(runs, prefix + pooled.denominator);
  }
  double cap = 0;
  if (key == "concurrency_max") {
    cap = HUGE_VAL;
    for (double l : ValuesOf(runs, prefix + "concurrency_limit"))
      if (l > 0) cap = std::min(cap, l);
  }
  return stats::MetricInterval95(key, ValuesOf(runs, metric), num, den, cap);
}

DiffResult DiffRunSets(const std::vector<FlatSummary>& base, const std::vector<FlatSummary>& next,
                       const DiffTolerances& tolerances, bool include_unchanged) {
  DiffResult out;
  // Metric order: the first base run's, then metrics of other base runs, then new-only ones.
  std::vector<std::string> base_names, next_names;
  std::map<std::string, bool> in_base, in_next;
  for (const auto& r : base)
    for (const auto& [k, v] : r.metrics)
      if (!in_base[k]) {
        in_base[k] = true;
        base_names.push_back(k);
      }
  for (const auto& r : next)
    for (const auto& [k, v] : r.metrics)
      if (!in_next[k]) {
        in_next[k] = true;
        next_names.push_back(k);
      }
  const bool tested = base.size() >= 2 && next.size() >= 2;
  for (const std::string& metric : base_names) {
    const Moments b = MomentsOf(ValuesOf(base, metric));
    if (!in_next[metric]) {
      DiffRow row = MakeRow(metric, Num(b.mean), "-", "", Verdict::kOnlyInBase, "only in base");
      row.n_base = b.n;
      out.rows.push_back(std::move(row));
      continue;
    }
    const Moments n = MomentsOf(ValuesOf(next, metric));
    DiffRow row = MakeRow(metric, Num(b.mean), Num(n.mean), FormatChange(b.mean, n.mean),
                          Verdict::kChanged, "changed");
    row.n_base = b.n;
    row.n_next = n.n;
    if (tested) {
      row.base_ci = FormatInterval(BoundedInterval95(base, metric));
      row.next_ci = FormatInterval(BoundedInterval95(next, metric));
    }
    // Rule 1.
    const bool any_nan = std::isnan(b.mean) || std::isnan(n.mean);
    if ((std::isnan(b.mean) && std::isnan(n.mean)) || b.mean == n.mean) {
      if (include_unchanged) {
        row.change = "0%";
        row.verdict = Verdict::kSame;
        row.verdict_text = "same";
        out.rows.push_back(std::move(row));
      }
      continue;
    }
    // Rule 2.
    const std::optional<double> abs_tol = AbsoluteToleranceOf(tolerances, metric);
    const double rel_tol = ToleranceOf(tolerances, metric);
    const double delta = n.mean - b.mean;
    const double rel = b.mean != 0 ? delta / std::fabs(b.mean) : (delta > 0 ? HUGE_VAL : -HUGE_VAL);
    const bool beyond =
        any_nan || (abs_tol ? std::fabs(delta) > *abs_tol : std::fabs(rel) > rel_tol);
    if (!beyond) {
      row.verdict = Verdict::kWithin;
      row.verdict_text = abs_tol ? fmt::format("within ±{}", Num(*abs_tol))
                                 : fmt::format("within {:g}%", rel_tol * 100);
      out.rows.push_back(std::move(row));
      continue;
    }
    // Rule 3.
    if (tested && !any_nan) {
      const stats::WelchResult w = stats::WelchTest(b.mean, b.sd, b.n, n.mean, n.sd, n.n);
      row.p = w.p;
      if (!(w.p < tolerances.alpha)) {
        row.verdict = Verdict::kNotSignificant;
        row.verdict_text = fmt::format("not significant (p={:.3g})", w.p);
        out.rows.push_back(std::move(row));
        continue;
      }
    }
    // Rule 4.
    if (tolerances.min_count > 0 && !any_nan) {
      if (const auto count_key = CountKeyOf(MetricKey(metric))) {
        const std::string scope = Scope(metric);
        const std::string count_metric = scope.empty() ? *count_key : scope + "." + *count_key;
        const double cb = MeanOf(base, count_metric), cn = MeanOf(next, count_metric);
        if (!std::isnan(cb) && !std::isnan(cn) && std::max(cb, cn) < tolerances.min_count) {
          row.verdict = Verdict::kBelowMinCount;
          row.verdict_text = fmt::format("below min count ({} < {})", Num(std::max(cb, cn)),
                                         Num(tolerances.min_count));
          out.rows.push_back(std::move(row));
          continue;
        }
      }
    }
    // Rule 5.
    if (DirectionOf(MetricKey(metric)) == Direction::kHigherIsWorse) {
      if (std::isnan(n.mean) || (!std::isnan(b.mean) && n.mean > b.mean)) {
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
  // Rule 6: a scope whose throttles regressed explains its "improvements".
  std::map<std::string, bool> throttled_more;
  for (const auto& r : out.rows)
    if (r.verdict == Verdict::kRegression && r.change != "n/a" &&
        (MetricKey(r.metric) == "throttles" || MetricKey(r.metric) == "throttle_rate"))
      throttled_more[Scope(r.metric)] = throttled_more["account"] = true;  // the account sums
  // API Gateway refusing more requests also lowers what reaches Lambda, its throttles included.
  std::map<std::string, bool> gateway_refused_more;
  for (const auto& r : out.rows)
    if (r.verdict == Verdict::kRegression && r.change != "n/a" &&
        MetricKey(r.metric) == "gateway_throttles")
      gateway_refused_more[Scope(r.metric)] = gateway_refused_more["account"] = true;
  for (auto& r : out.rows) {
    if (r.verdict != Verdict::kImproved) continue;
    const std::string key = MetricKey(r.metric);
    const bool by_throttles = throttled_more[Scope(r.metric)] && FollowsThrottles(key);
    const bool by_gateway = gateway_refused_more[Scope(r.metric)] &&
                            (FollowsThrottles(key) || key.rfind("throttle", 0) == 0);
    if (!by_throttles && !by_gateway) continue;
    r.verdict = Verdict::kConsequence;
    r.verdict_text =
        by_throttles ? "consequence of more throttles" : "consequence of more API Gateway 429s";
    --out.improvements;
    ++out.consequences;
  }
  for (const std::string& metric : next_names)
    if (!in_base[metric]) {
      const Moments n = MomentsOf(ValuesOf(next, metric));
      DiffRow row = MakeRow(metric, "-", Num(n.mean), "", Verdict::kOnlyInNew, "only in new");
      row.n_next = n.n;
      out.rows.push_back(std::move(row));
    }
  return out;
}

DiffResult DiffSummaries(const FlatSummary& base, const FlatSummary& next,
                         const DiffTolerances& tolerances, bool include_unchanged) {
  return DiffRunSets({base}, {next}, tolerances, include_unchanged);
}

}  // namespace lambdasim::analysis
