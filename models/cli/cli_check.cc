// `lambdasim check` (scenario `expect:` thresholds) — the CI gate command. Exit 0 when every
// threshold holds, 99 when one breaks (k6's convention), 2 on invalid input (and, with
// --strict, a scenario without thresholds), 1 on a bad command line, 4 when a report cannot
// be written. This file parses and prints; the judging is models/analysis/diff.h, the JUnit
// and JSON reports models/analysis/check_report.h. (`diff` is cli_diff.cc.)
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>

#include <fmt/core.h>

#include "models/analysis/check_report.h"
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
  std::string junit_file;  // --junit: JUnit XML report
  std::string json_file;   // --json: JSON report
  bool strict = false;     // a scenario without thresholds is an error
  bool quiet = false;
};

// Writes a report file whole (temporary file + rename); false with a message on failure.
bool WriteCheckReport(const std::string& path, const std::string& text) {
  const std::filesystem::path p(path);
  const std::string dir = p.has_parent_path() ? p.parent_path().string() : std::string(".");
  try {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);  // like --out; a failure shows below
    WriteFileAtomic(dir, p.filename().string(), text, false);
  } catch (const std::exception& e) {
    std::cerr << "lambdasim check: cannot write " << path << ": " << e.what() << "\n";
    return false;
  }
  return true;
}

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
  // A scenario without thresholds gates nothing: a warning, an error with --strict.
  for (size_t s = 0; s < specs.size(); ++s) {
    if (!specs[s].expect.empty()) continue;
    std::cerr << fmt::format(
        "lambdasim check: {}: {}: scenario '{}' declares no expect: thresholds; nothing is "
        "checked{}\n",
        args.scenarios[s], args.strict ? "error" : "warning", specs[s].name,
        args.strict ? " (--strict)" : " (--strict makes this an error)");
    invalid = invalid || args.strict;
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

  std::vector<analysis::CheckedScenario> report;
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
    report.push_back(analysis::CheckedScenario{args.scenarios[s], spec.name, spec.seed,
                                               analysis::EvaluateExpectations(spec, result)});
    for (const auto& outcome : report.back().outcomes) {
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
  if (!args.junit_file.empty() &&
      !WriteCheckReport(args.junit_file, analysis::RenderCheckJUnit(report)))
    return kExitOutput;
  if (!args.json_file.empty() &&
      !WriteCheckReport(args.json_file, analysis::RenderCheckJson(report)))
    return kExitOutput;
  return failed ? kExitThreshold : kExitOk;
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
  check->add_option("--junit", cargs->junit_file,
                    "Also write a JUnit XML report: one <testcase> per threshold");
  check->add_option("--json", cargs->json_file, "Also write the results as JSON");
  check->add_flag("--strict", cargs->strict,
                  "A scenario without expect: thresholds is an error (exit 2), not a warning");
  check->add_flag("--quiet,-q", cargs->quiet, "Print only broken thresholds and the total");
  check->footer(
      "Examples:\n"
      "  lambdasim check scenarios/quickstart.yaml          # its expect: thresholds; exit 99 if "
      "one "
      "breaks\n"
      "  lambdasim check scenarios/*.yaml --quiet           # a CI gate over a library\n"
      "  lambdasim check scenarios/*.yaml --strict --junit check.xml   # for a CI test view\n");
  registry.Add(check, [cargs] { return CommandCheck(*cargs); });
}

}  // namespace lambdasim::cli
