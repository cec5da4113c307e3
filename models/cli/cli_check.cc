// `lambdasim check` (scenario `expect:` thresholds) and `lambdasim diff` (two runs'
// summaries) — the CI regression commands. Exit 0 when everything holds, 99 when a
// threshold breaks or a metric regresses beyond tolerance (k6's convention), 2 on invalid
// input, 1 on a bad command line.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>

#include <fmt/core.h>

#include "models/cli/cli.h"
#include "models/output/output_writer.h"
#include "models/output/summary_reader.h"
#include "models/run/sweep.h"
#include "models/spec/did_you_mean.h"

namespace lambdasim::cli {

namespace {

// ---------------------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------------------

const char* OpText(ExpectOp op) {
  switch (op) {
    case ExpectOp::kLess: return "<";
    case ExpectOp::kLessEqual: return "<=";
    case ExpectOp::kGreater: return ">";
    case ExpectOp::kGreaterEqual: return ">=";
    case ExpectOp::kEqual: return "==";
  }
  return "?";
}

bool Holds(ExpectOp op, double measured, double threshold) {
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

std::string Num(double v) {
  if (std::isnan(v)) return "n/a";
  return FormatCsvNumber(v);
}

struct CheckArgs {
  std::vector<std::string> scenarios;
  std::vector<std::string> sets;
  std::string out_dir;
  bool quiet = false;
};

int CommandCheck(const CheckArgs& args) {
  std::vector<ScenarioSpec> specs;
  bool invalid = false;
  std::vector<Override> overrides;
  try {
    overrides = ParseOverrides(args.sets);
  } catch (const ScenarioError& e) {
    PrintDiagnostics(e);
    return kExitInvalidInput;
  }
  for (const auto& f : args.scenarios) {
    try {
      specs.push_back(LoadScenarioFile(f, overrides));
    } catch (const ScenarioError& e) {
      PrintDiagnostics(e);
      invalid = true;
    }
  }
  if (invalid) return kExitInvalidInput;

  size_t failed = 0, checked = 0;
  for (size_t s = 0; s < specs.size(); ++s) {
    const ScenarioSpec& spec = specs[s];
    RunResult result;
    try {
      result = RunScenario(spec);
    } catch (const std::exception& e) {
      std::cerr << "lambdasim check: " << args.scenarios[s] << ": internal error: " << e.what()
                << "\n";
      return kExitInternal;
    }
    if (!args.out_dir.empty()) {
      try {
        WriteRun(result, spec, (std::filesystem::path(args.out_dir) / spec.name).string());
      } catch (const std::exception& e) {
        std::cerr << "lambdasim check: cannot write results: " << e.what() << "\n";
        return kExitOutput;
      }
    }
    std::vector<std::string> names;
    for (const auto& f : spec.functions) names.push_back(f.name);
    const std::vector<std::string> keys = FlatMetricNames(names);
    const std::vector<double> values = FlatMetricValues(result);
    std::cout << fmt::format("{} ({}, seed {}, {} threshold{})\n", args.scenarios[s], spec.name,
                             spec.seed, spec.expect.size(), spec.expect.size() == 1 ? "" : "s");
    if (spec.expect.empty())
      std::cout << "  (no expect: thresholds in this scenario; nothing to check)\n";
    size_t width = 0;
    for (const auto& e : spec.expect)
      width = std::max(width, e.metric.size() + std::string(OpText(e.op)).size() +
                                  FormatCsvNumber(e.threshold).size() + 2);
    for (const auto& e : spec.expect) {
      const auto it = std::find(keys.begin(), keys.end(), e.metric);
      const double measured =
          it == keys.end() ? std::nan("") : values.at(static_cast<size_t>(it - keys.begin()));
      const bool ok = Holds(e.op, measured, e.threshold);
      ++checked;
      if (!ok) ++failed;
      if (args.quiet && ok) continue;
      const std::string cond =
          fmt::format("{} {} {}", e.metric, OpText(e.op), FormatCsvNumber(e.threshold));
      std::cout << fmt::format(
          "  {}  {:<{}}  measured {}{}\n", ok ? "PASS" : "FAIL", cond, width, Num(measured),
          ok ? "" : fmt::format("   ({}:{})", e.location.file, e.location.line));
    }
  }
  std::cout << fmt::format("{} of {} threshold{} held{}\n", checked - failed, checked,
                           checked == 1 ? "" : "s",
                           failed ? fmt::format("; {} broke", failed) : "");
  return failed ? kExitThreshold : kExitOk;
}

// ---------------------------------------------------------------------------------------
// diff
// ---------------------------------------------------------------------------------------

enum class Direction { kHigherIsWorse, kNeutral };

// Which way is bad, by the key (the last path component).
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

std::string KeyOf(const std::string& metric) {
  const size_t dot = metric.rfind('.');
  return dot == std::string::npos ? metric : metric.substr(dot + 1);
}

struct DiffArgs {
  std::string base;
  std::string next;
  std::vector<std::string> tolerances;
  bool all = false;
};

std::string SummaryPath(const std::string& p) {
  std::error_code ec;
  if (std::filesystem::is_directory(p, ec))
    return (std::filesystem::path(p) / "summary.json").string();
  return p;
}

int CommandDiff(const DiffArgs& args) {
  double default_tol = 0.05;
  std::map<std::string, double> tol;  // full metric path or bare key
  for (const auto& t : args.tolerances) {
    const size_t eq = t.find('=');
    double v = 0;
    const std::string value = eq == std::string::npos ? "" : t.substr(eq + 1);
    const auto r = std::from_chars(value.data(), value.data() + value.size(), v);
    if (eq == std::string::npos || eq == 0 || value.empty() || r.ec != std::errc() ||
        r.ptr != value.data() + value.size() || !(v >= 0) || !std::isfinite(v)) {
      std::cerr << "lambdasim diff: --tolerance wants metric=relative (e.g. latency_p99_ms=0.1 or "
                   "functions.api.cost_usd=0.02, or default=0.1), got '"
                << t << "'\n";
      return kExitUsage;
    }
    const std::string m = t.substr(0, eq);
    if (m == "default" || m == "*")
      default_tol = v;
    else
      tol[m] = v;
  }
  FlatSummary base, next;
  try {
    base = ReadSummaryFile(SummaryPath(args.base));
    next = ReadSummaryFile(SummaryPath(args.next));
  } catch (const std::exception& e) {
    std::cerr << "lambdasim diff: " << e.what() << "\n";
    return kExitInvalidInput;
  }
  // Tolerances must name metrics that exist (a typo would silently loosen nothing).
  for (const auto& [m, v] : tol) {
    bool found = false;
    for (const auto& [k, x] : base.metrics) found = found || k == m || KeyOf(k) == m;
    if (!found) {
      std::vector<std::string> cands;
      for (const auto& [k, x] : base.metrics) {
        cands.push_back(k);
        cands.push_back(KeyOf(k));
      }
      std::cerr << "lambdasim diff: --tolerance: no metric '" << m << "' in "
                << SummaryPath(args.base) << SuggestName(m, cands) << "\n";
      return kExitUsage;
    }
  }
  auto tolerance_of = [&](const std::string& metric) {
    if (auto it = tol.find(metric); it != tol.end()) return it->second;
    if (auto it = tol.find(KeyOf(metric)); it != tol.end()) return it->second;
    return default_tol;
  };

  struct Row {
    std::string metric, base, next, change, verdict;
  };
  std::vector<Row> rows;
  size_t regressions = 0, improvements = 0;
  std::map<std::string, double> next_map(next.metrics.begin(), next.metrics.end());
  std::map<std::string, double> base_map(base.metrics.begin(), base.metrics.end());
  for (const auto& [metric, b] : base.metrics) {
    const auto it = next_map.find(metric);
    if (it == next_map.end()) {
      rows.push_back({metric, Num(b), "-", "", "only in base"});
      continue;
    }
    const double n = it->second;
    const bool both_nan = std::isnan(b) && std::isnan(n);
    if (both_nan || b == n) {
      if (args.all) rows.push_back({metric, Num(b), Num(n), "0%", "same"});
      continue;
    }
    const double rel = b != 0 ? (n - b) / std::fabs(b) : (n > 0 ? HUGE_VAL : -HUGE_VAL);
    const std::string change = std::isnan(b) || std::isnan(n) ? "n/a"
                               : std::isinf(rel)              ? (rel > 0 ? "+inf" : "-inf")
                                                              : fmt::format("{:+.2f}%", rel * 100);
    const double t = tolerance_of(metric);
    const bool beyond = std::isnan(b) || std::isnan(n) || std::fabs(rel) > t;
    std::string verdict;
    if (!beyond) {
      verdict = fmt::format("within {:g}%", t * 100);
    } else if (DirectionOf(KeyOf(metric)) == Direction::kHigherIsWorse) {
      if (std::isnan(n) || (!std::isnan(b) && n > b)) {
        verdict = "REGRESSION";
        ++regressions;
      } else {
        verdict = "improved";
        ++improvements;
      }
    } else {
      verdict = "changed";
    }
    rows.push_back({metric, Num(b), Num(n), change, verdict});
  }
  for (const auto& [metric, n] : next.metrics)
    if (!base_map.count(metric)) rows.push_back({metric, "-", Num(n), "", "only in new"});

  if (base.scenario != next.scenario)
    std::cout << fmt::format("note: comparing scenario '{}' with '{}'\n", base.scenario,
                             next.scenario);
  if (rows.empty()) {
    std::cout << "no metric moved\n";
  } else {
    size_t w[4] = {6, 4, 3, 6};
    for (const auto& r : rows) {
      w[0] = std::max(w[0], r.metric.size());
      w[1] = std::max(w[1], r.base.size());
      w[2] = std::max(w[2], r.next.size());
      w[3] = std::max(w[3], r.change.size());
    }
    std::cout << fmt::format("{:<{}}  {:>{}}  {:>{}}  {:>{}}  {}\n", "metric", w[0], "base", w[1],
                             "new", w[2], "change", w[3], "verdict");
    for (const auto& r : rows)
      std::cout << fmt::format("{:<{}}  {:>{}}  {:>{}}  {:>{}}  {}\n", r.metric, w[0], r.base, w[1],
                               r.next, w[2], r.change, w[3], r.verdict);
  }
  std::cout << fmt::format("{} regression{}, {} improvement{} beyond tolerance (default {:g}%)\n",
                           regressions, regressions == 1 ? "" : "s", improvements,
                           improvements == 1 ? "" : "s", default_tol * 100);
  return regressions ? kExitThreshold : kExitOk;
}

}  // namespace

void RegisterCheckCommands(CLI::App& app, Registry& registry) {
  auto cargs = std::make_shared<CheckArgs>();
  auto* check =
      app.add_subcommand("check",
                         "Run scenarios and test their expect: thresholds (exit 0 all hold, 99 one "
                         "broke, 2 invalid input)");
  check->add_option("scenarios", cargs->scenarios, "Scenario YAML files")->required();
  check->add_option("--set", cargs->sets, "Override a scenario value: path=value (repeatable)");
  check->add_option("--out", cargs->out_dir,
                    "Also write each run's outputs to DIR/<scenario name>/");
  check->add_flag("--quiet,-q", cargs->quiet, "Print only broken thresholds and the total");
  registry.Add(check, [cargs] { return CommandCheck(*cargs); });

  auto dargs = std::make_shared<DiffArgs>();
  auto* diff = app.add_subcommand(
      "diff", "Compare two runs' summary.json; exit 99 on a regression beyond tolerance");
  diff->add_option("base", dargs->base, "Baseline run directory (or its summary.json)")->required();
  diff->add_option("new", dargs->next, "New run directory (or its summary.json)")->required();
  diff->add_option(
      "--tolerance", dargs->tolerances,
      "metric=relative tolerance (full path, bare key, or default=; default 0.05) (repeatable)");
  diff->add_flag("--all", dargs->all, "List unchanged metrics too");
  registry.Add(diff, [dargs] { return CommandDiff(*dargs); });
}

}  // namespace lambdasim::cli
