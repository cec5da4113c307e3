// `lambdasim check` (scenario `expect:` thresholds) and `lambdasim diff` (two runs'
// summaries) — the CI regression commands. Exit 0 when everything holds, 99 when a
// threshold breaks or a metric regresses beyond tolerance (k6's convention), 2 on invalid
// input, 1 on a bad command line. This file parses and prints; the judging (thresholds,
// directions, tolerances) is models/analysis/diff.h.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>

#include <fmt/core.h>

#include "models/analysis/diff.h"
#include "models/cli/cli.h"
#include "models/output/output_writer.h"
#include "models/output/summary_reader.h"
#include "models/spec/did_you_mean.h"
#include "sim/interrupt.h"

namespace lambdasim::cli {

namespace {

// ---------------------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------------------

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

  // --out: each scenario's run directory DIR/<name> is claimed before any simulation, with
  // the lock `run` takes (one process per output directory; an unwritable or foreign
  // directory is refused here, exit 4).
  RunDirClaim claim;
  std::vector<std::string> claimed;
  auto run_dir = [&](const ScenarioSpec& spec) {
    return (std::filesystem::path(args.out_dir) / spec.name).string();
  };
  if (!args.out_dir.empty()) {
    for (const ScenarioSpec& spec : specs) {
      const std::string dir = run_dir(spec);
      if (std::find(claimed.begin(), claimed.end(), dir) != claimed.end()) continue;
      if (const int rc = ClaimRunDirectory(dir, false, claim, "lambdasim check"); rc != kExitOk)
        return rc;
      claimed.push_back(dir);
    }
  }

  InstallSignalHandlers();
  RunOptions options;
  options.interrupt = InterruptFlag();
  size_t failed = 0, checked = 0;
  for (size_t s = 0; s < specs.size(); ++s) {
    const ScenarioSpec& spec = specs[s];
    RunResult result;
    try {
      result = RunScenario(spec, options);
    } catch (const std::exception& e) {
      std::cerr << "lambdasim check: " << args.scenarios[s] << ": internal error: " << e.what()
                << "\n";
      return kExitInternal;
    }
    // Interrupted (SIGINT/SIGTERM): as `run` does, the partial run is written marked
    // "complete": false (a second signal stops that writing too), and nothing is judged.
    const bool interrupted = !result.manifest.complete;
    if (interrupted) sim::ClearInterrupt();
    if (!args.out_dir.empty()) {
      try {
        WriteRun(result, spec, run_dir(spec));
      } catch (const OutputInterrupted& e) {
        std::cerr << "lambdasim check: " << e.what() << "; stopped writing\n";
        return kExitInterrupted;
      } catch (const std::exception& e) {
        std::cerr << "lambdasim check: cannot write results: " << e.what() << "\n";
        return kExitOutput;
      }
    }
    if (interrupted) {
      std::cerr << fmt::format(
          "lambdasim check: interrupted in {} at simulated time {}; {} scenario{} checked "
          "before it{}\n",
          args.scenarios[s], FormatSeconds(result.manifest.simulated_seconds), s, s == 1 ? "" : "s",
          args.out_dir.empty()
              ? ""
              : fmt::format("; partial results in {}, marked \"complete\": false", run_dir(spec)));
      return kExitInterrupted;
    }
    std::cout << fmt::format("{} ({}, seed {}, {} threshold{})\n", args.scenarios[s], spec.name,
                             spec.seed, spec.expect.size(), spec.expect.size() == 1 ? "" : "s");
    if (spec.expect.empty())
      std::cout << "  (no expect: thresholds in this scenario; nothing to check)\n";
    size_t width = 0;
    for (const auto& e : spec.expect)
      width = std::max(width, e.metric.size() + std::string(analysis::ExpectOpText(e.op)).size() +
                                  FormatCsvNumber(e.threshold).size() + 2);
    for (const auto& outcome : analysis::EvaluateExpectations(spec, result)) {
      const Expectation& e = *outcome.expectation;
      ++checked;
      if (!outcome.ok) ++failed;
      if (args.quiet && outcome.ok) continue;
      const std::string cond = fmt::format("{} {} {}", e.metric, analysis::ExpectOpText(e.op),
                                           FormatCsvNumber(e.threshold));
      std::cout << fmt::format(
          "  {}  {:<{}}  measured {}{}\n", outcome.ok ? "PASS" : "FAIL", cond, width,
          std::isnan(outcome.measured) ? "n/a" : FormatCsvNumber(outcome.measured),
          outcome.ok ? "" : fmt::format("   ({}:{})", e.location.file, e.location.line));
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
  analysis::DiffTolerances tolerances;
  for (const auto& t : args.tolerances) {
    if (!analysis::AddTolerance(t, &tolerances)) {
      std::cerr << "lambdasim diff: --tolerance wants metric=relative (e.g. latency_p99_ms=0.1 or "
                   "functions.api.cost_usd=0.02, or default=0.1), got '"
                << t << "'\n";
      return kExitUsage;
    }
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
  if (const auto unknown = analysis::UnknownTolerance(tolerances, base)) {
    std::cerr << "lambdasim diff: --tolerance: no metric '" << *unknown << "' in "
              << SummaryPath(args.base)
              << SuggestName(*unknown, analysis::ToleranceCandidates(base)) << "\n";
    return kExitUsage;
  }

  const analysis::DiffResult diff = analysis::DiffSummaries(base, next, tolerances, args.all);
  const auto& rows = diff.rows;
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
                               r.next, w[2], r.change, w[3], r.verdict_text);
  }
  std::cout << fmt::format("{} regression{}, {} improvement{} beyond tolerance (default {:g}%)\n",
                           diff.regressions, diff.regressions == 1 ? "" : "s", diff.improvements,
                           diff.improvements == 1 ? "" : "s", tolerances.default_relative * 100);
  return diff.regressions ? kExitThreshold : kExitOk;
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
  check->footer(
      "Examples:\n"
      "  lambdasim check scenarios/quickstart.yaml          # its expect: thresholds; exit 99 if "
      "one "
      "breaks\n"
      "  lambdasim check scenarios/*.yaml --quiet           # a CI gate over a library\n");
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
  diff->footer(
      "Examples:\n"
      "  lambdasim diff out/before out/after\n"
      "  lambdasim diff out/before out/after --tolerance latency_p99_ms=0.1\n");
  registry.Add(diff, [dargs] { return CommandDiff(*dargs); });
}

}  // namespace lambdasim::cli
