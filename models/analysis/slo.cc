// models/analysis/slo.cc — SLO parsing and evaluation (see slo.h).
#include "models/analysis/slo.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/core.h>

#include "models/metrics/statistics.h"
#include "models/metrics/summary_fields.h"

namespace lambdasim::analysis {

bool Slo::Holds(double v) const {
  if (op == "<=") return v <= threshold;
  if (op == "<") return v < threshold;
  if (op == ">=") return v >= threshold;
  return v > threshold;
}

Slo ParseSlo(const std::string& text, const std::string& default_function) {
  Slo s;
  s.text = text;
  size_t p = std::string::npos;
  for (const char* op : {"<=", ">=", "<", ">"}) {
    p = text.find(op);
    if (p != std::string::npos) {
      s.op = op;
      break;
    }
  }
  if (p == std::string::npos)
    throw SloError(
        fmt::format("--slo '{}': expected 'metric <= value' (operators <=, <, >=, >)", text));
  auto trim = [](const std::string& x) {
    const auto b = x.find_first_not_of(" \t"), e = x.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : x.substr(b, e - b + 1);
  };
  std::string metric = trim(text.substr(0, p));
  const std::string value = trim(text.substr(p + s.op.size()));
  try {
    size_t used = 0;
    s.threshold = std::stod(value, &used);
    if (used != value.size() || !std::isfinite(s.threshold)) throw std::invalid_argument("");
  } catch (const std::exception&) {
    throw SloError(fmt::format("--slo '{}': '{}' is not a number", text, value));
  }
  if (metric.rfind("account.", 0) == 0) {
    s.account = true;
    s.metric = metric.substr(8);
  } else if (metric.rfind("functions.", 0) == 0) {
    const auto dot = metric.find('.', 10);
    if (dot == std::string::npos)
      throw SloError(fmt::format("--slo '{}': expected functions.<name>.<key>", text));
    s.function = metric.substr(10, dot - 10);
    s.metric = metric.substr(dot + 1);
  } else {
    s.function = default_function;
    s.metric = metric;
  }
  std::vector<std::string> keys;
  for (const auto& f : s.account ? AccountSummaryFields(AccountSummary{})
                                 : FunctionSummaryFields(FunctionSummary{}))
    keys.push_back(f.key);
  if (std::find(keys.begin(), keys.end(), s.metric) == keys.end()) {
    std::string list;
    for (const auto& k : keys) list += (list.empty() ? "" : ", ") + k;
    throw SloError(fmt::format("--slo '{}': unknown {} metric '{}' (one of: {})", text,
                               s.account ? "account" : "function", s.metric, list));
  }
  if (!s.account && s.function.empty())
    throw SloError(
        fmt::format("--slo '{}': name the function (functions.<name>.{}) or use account.<key>",
                    text, s.metric));
  return s;
}

std::string KnobFunction(const std::string& knob) {
  if (knob.rfind("functions.", 0) != 0) return "";
  const auto dot = knob.find('.', 10);
  return knob.substr(10, dot == std::string::npos ? std::string::npos : dot - 10);
}

double SloMetricValue(const RunResult& result, const Slo& slo) {
  std::vector<SummaryField> fields;
  if (slo.account) {
    fields = AccountSummaryFields(result.account);
  } else {
    const auto it =
        std::find(result.function_names.begin(), result.function_names.end(), slo.function);
    if (it == result.function_names.end())
      throw SloError(
          fmt::format("--slo '{}': no function '{}' in the scenario", slo.text, slo.function));
    fields = FunctionSummaryFields(
        result.functions[static_cast<size_t>(it - result.function_names.begin())]);
  }
  for (const auto& f : fields)
    if (f.key == slo.metric) return f.AsDouble();
  return std::nan("");
}

MeanInterval MeanConfidence95(const std::vector<double>& values) {
  if (values.size() < 2)
    throw std::invalid_argument("MeanConfidence95: needs at least two replications");
  const double n = static_cast<double>(values.size());
  const double t = stats::StudentT975(static_cast<int>(values.size()) - 1);
  double m = 0, ss = 0;
  for (double x : values) m += x;
  m /= n;
  for (double x : values) ss += (x - m) * (x - m);
  return MeanInterval{m, t * std::sqrt(ss / (n - 1)) / std::sqrt(n)};
}

Evaluation EvaluateSlos(const std::vector<Slo>& slos,
                        const std::vector<std::vector<double>>& values) {
  Evaluation e;
  for (size_t i = 0; i < slos.size(); ++i) {
    const MeanInterval ci = MeanConfidence95(values.at(i));
    const double m = ci.mean, hw = ci.half_width;
    e.mean.push_back(m);
    e.half_width.push_back(hw);
    const stats::Interval b = stats::MetricInterval95(slos[i].metric, values.at(i), {}, {},
                                                      std::numeric_limits<double>::infinity());
    e.lo.push_back(b.lo);
    e.hi.push_back(b.hi);
    const bool holds = slos[i].Holds(m);
    e.holds.push_back(holds);
    e.ok = e.ok && holds;
    const double good_edge = slos[i].LowerIsBetter() ? b.hi : b.lo;
    const double bad_edge = slos[i].LowerIsBetter() ? b.lo : b.hi;
    e.confident_good = e.confident_good && slos[i].Holds(good_edge);
    e.confident_bad = e.confident_bad || !slos[i].Holds(bad_edge);
  }
  return e;
}

}  // namespace lambdasim::analysis
