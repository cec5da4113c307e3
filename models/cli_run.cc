// `lambdasim run` and `lambdasim validate`.
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/core.h>

#include "models/cli.h"
#include "models/output_writer.h"
#include "models/summary_table.h"
#include "models/version.h"

namespace lambdasim::cli {

namespace {

struct RunArgs {
  std::string scenario;
  std::string out_dir;
  std::vector<std::string> sets;
  uint64_t seed = 0;
  bool seed_given = false;
  bool quiet = false;
  bool json = false;
};

int CommandRun(const RunArgs& args) {
  ScenarioSpec spec;
  try {
    spec = LoadScenarioFile(args.scenario, ParseOverrides(args.sets));
  } catch (const ScenarioError& e) {
    PrintDiagnostics(e);
    return kExitInvalidInput;
  }
  if (args.seed_given) {
    spec.seed = args.seed;
    spec.source_text += "\n#--seed " + std::to_string(args.seed);
  }
  const std::string out_dir = args.out_dir.empty() ? "out/" + spec.name : args.out_dir;

  InstallSignalHandlers();
  ProgressPrinter progress(args.quiet);
  RunOptions options;
  options.on_progress = [&](const RunProgress& p) { progress(p); };
  options.interrupt = InterruptFlag();

  RunResult result;
  try {
    result = RunScenario(spec, options);
  } catch (const std::exception& e) {
    progress.Done();
    std::cerr << "lambdasim: internal error: " << e.what() << "\n";
    Manifest m;
    m.scenario_name = spec.name;
    m.scenario_file = spec.source_file;
    m.scenario_hash = ScenarioHash(spec);
    m.version = LAMBDASIM_VERSION;
    m.seed = spec.seed;
    m.complete = false;
    m.error = e.what();
    try {
      WriteManifestOnly(m, out_dir);
    } catch (const std::exception& e2) {
      std::cerr << "lambdasim: " << e2.what() << "\n";
    }
    return kExitInternal;
  }
  progress.Done();
  try {
    WriteRun(result, spec, out_dir);
  } catch (const std::exception& e) {
    std::cerr << "lambdasim: cannot write results: " << e.what() << "\n";
    return kExitOutput;
  }
  if (args.json) {
    std::cout << RenderSummaryJson(result, spec);
  } else {
    std::cout << FormatSummaryTable(result, spec);
    std::cout << fmt::format("\n{} events in {:.2f}s wall; results in {}/ (summary.json, timeseries.csv, "
                             "account_timeseries.csv, manifest.json, report.html)\n",
                             result.manifest.events_processed, result.manifest.wall_seconds, out_dir);
  }
  if (!result.manifest.complete) {
    std::cerr << fmt::format("lambdasim: interrupted at simulated time {}; partial results written, marked "
                             "\"complete\": false\n",
                             FormatSeconds(result.manifest.simulated_seconds));
    return kExitInterrupted;
  }
  return kExitOk;
}

int CommandValidate(const std::vector<std::string>& files, const std::vector<std::string>& sets) {
  std::vector<Override> overrides;
  try {
    overrides = ParseOverrides(sets);
  } catch (const ScenarioError& e) {
    PrintDiagnostics(e);
    return kExitInvalidInput;
  }
  int rc = kExitOk;
  for (const auto& f : files) {
    try {
      const auto spec = LoadScenarioFile(f, overrides);
      std::cout << fmt::format("{}: ok ({} function{}, {} traffic source{})\n", f, spec.functions.size(),
                               spec.functions.size() == 1 ? "" : "s", spec.traffic.size(),
                               spec.traffic.size() == 1 ? "" : "s");
    } catch (const ScenarioError& e) {
      PrintDiagnostics(e);
      rc = kExitInvalidInput;
    }
  }
  return rc;
}

}  // namespace

void RegisterRunCommands(CLI::App& app, Registry& registry) {
  auto args = std::make_shared<RunArgs>();
  auto* run = app.add_subcommand("run", "Simulate a scenario; write summary.json, timeseries.csv, report.html");
  run->add_option("scenario", args->scenario, "Scenario YAML file")->required();
  run->add_option("--out", args->out_dir, "Output directory (default out/<scenario name>)");
  run->add_option("--set", args->sets, "Override a scenario value: path=value (repeatable)");
  auto* seed_opt = run->add_option("--seed", args->seed, "Root seed (overrides the scenario's)");
  run->add_flag("--quiet,-q", args->quiet, "No progress on stderr");
  run->add_flag("--json", args->json, "Print summary.json instead of the table");
  registry.Add(run, [args, seed_opt] {
    args->seed_given = seed_opt->count() > 0;
    return CommandRun(*args);
  });

  auto files = std::make_shared<std::vector<std::string>>();
  auto sets = std::make_shared<std::vector<std::string>>();
  auto* validate = app.add_subcommand("validate", "Check scenarios without running them (same messages as run)");
  validate->add_option("scenarios", *files, "Scenario YAML files")->required();
  validate->add_option("--set", *sets, "Override a scenario value: path=value (repeatable)");
  registry.Add(validate, [files, sets] { return CommandValidate(*files, *sets); });
}

}  // namespace lambdasim::cli
