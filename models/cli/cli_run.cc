// `lambdasim run` and `lambdasim validate`.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include <fmt/core.h>

#include "models/cli/cli.h"
#include "models/output/output_writer.h"
#include "models/output/summary_table.h"
#include "models/run/resource_estimate.h"
#include "models/version.h"
#include "sim/interrupt.h"

namespace lambdasim::cli {

namespace {

struct RunArgs {
  std::string scenario;
  std::string out_dir;
  std::vector<std::string> sets;
  std::string seed;  // "" = the scenario's; parsed by CliUInt64 (decimal, no sign, < 2^64)
  bool seed_given = false;
  bool quiet = false;
  bool json = false;
  std::string max_events;  // "" = kDefaultMaxEvents; parsed by CliNumber
  std::string max_memory = "8G";
  bool force = false;
};

int CommandRun(const RunArgs& args) {
  // Signals are honoured from the start: validating a huge trace stops with exit 130 too.
  InstallSignalHandlers();
  ScenarioSpec spec;
  double max_events = kDefaultMaxEvents;
  try {
    // Flags follow the scenario's number rules (cli.h): --seed -1, 0x10, 2^64 or 1e23 and
    // --max-events -1 or nan are exit 2, naming the flag.
    std::optional<uint64_t> seed;
    if (args.seed_given) seed = CliUInt64("--seed", args.seed);
    if (!args.max_events.empty()) max_events = CliNumber("--max-events", args.max_events, 1, 1e300);
    spec = LoadScenarioFile(args.scenario, ParseOverrides(args.sets));
    if (seed) {
      spec.seed = *seed;
      spec.source_text += "\n#--seed " + std::to_string(*seed);
    }
  } catch (const ScenarioError& e) {
    PrintDiagnostics(e);
    return kExitInvalidInput;
  }
  const std::string out_dir = args.out_dir.empty() ? "out/" + spec.name : args.out_dir;
  if (const int rc =
          CheckResourceBudget(spec, spec.source_file, max_events, args.max_memory, "run");
      rc != kExitOk)
    return rc;
  // One process per output directory, from here to exit (output_writer.h); also finds an
  // unwritable --out, or another tool's manifest.json there, before the simulation.
  RunDirClaim claim;
  if (const int rc = ClaimRunDirectory(out_dir, args.force, claim, "lambdasim"); rc != kExitOk)
    return rc;
  // Never mix two scenarios' files in one directory: another scenario's run is replaced
  // whole with --force, else refused. The same scenario's directory is overwritten.
  bool replace = claim.replace;
  if (!claim.other_scenario.empty() && claim.other_scenario != spec.name) {
    if (!args.force) {
      std::cerr << fmt::format(
          "lambdasim: {} holds a run of another scenario ('{}', not '{}'); choose another "
          "--out, or pass --force to replace that directory\n",
          out_dir, claim.other_scenario, spec.name);
      return kExitInvalidInput;
    }
    replace = true;
  }

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
      if (replace) {
        ReplaceDirectory(out_dir, [&](const std::string& dir) { WriteManifestOnly(m, dir); });
      } else {
        WriteManifestOnly(m, out_dir);
      }
    } catch (const std::exception& e2) {
      std::cerr << "lambdasim: " << e2.what() << "\n";
    }
    return kExitInternal;
  }
  progress.Done();
  // A signal that stopped the simulation asks for the partial results; the next one, while
  // they are written, stops the writing too (WriteRun keeps every file whole or absent).
  if (!result.manifest.complete) sim::ClearInterrupt();
  try {
    if (replace) {
      ReplaceDirectory(out_dir, [&](const std::string& dir) { WriteRun(result, spec, dir); });
    } else {
      WriteRun(result, spec, out_dir);
    }
  } catch (const OutputInterrupted& e) {
    std::cerr << fmt::format(
        "lambdasim: {}; stopped writing: the files listed in {}/manifest.json are whole, marked "
        "\"complete\": false\n",
        e.what(), out_dir);
    return kExitInterrupted;
  } catch (const std::exception& e) {
    std::cerr << "lambdasim: cannot write results: " << e.what() << "\n";
    return kExitOutput;
  }
  if (args.json) {
    std::cout << RenderSummaryJson(result, spec);
  } else {
    std::cout << FormatSummaryTable(result, spec);
    std::cout << fmt::format(
        "\n{} events in {:.2f}s wall; results in {}/ (summary.json, timeseries.csv, "
        "account_timeseries.csv, {}manifest.json, report.html)\n",
        result.manifest.events_processed, result.manifest.wall_seconds, out_dir,
        result.maps.empty() ? "" : "maps.csv, ");
  }
  if (!result.manifest.complete) {
    std::cerr << fmt::format(
        "lambdasim: interrupted at simulated time {}; partial results written, marked "
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
  InstallSignalHandlers();  // a huge trace's validation stops with exit 130 (main.cc)
  int rc = kExitOk;
  for (const auto& f : files) {
    try {
      const auto spec = LoadScenarioFile(f, overrides);
      std::cout << fmt::format("{}: ok ({} function{}, {} traffic source{})\n", f,
                               spec.functions.size(), spec.functions.size() == 1 ? "" : "s",
                               spec.traffic.size(), spec.traffic.size() == 1 ? "" : "s");
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
  auto* run = app.add_subcommand(
      "run", "Simulate a scenario; write summary.json, timeseries.csv, report.html");
  run->add_option("scenario", args->scenario, "Scenario YAML file")->required();
  run->add_option("--out", args->out_dir, "Output directory (default out/<scenario name>)");
  run->add_option("--set", args->sets, "Override a scenario value: path=value (repeatable)");
  auto* seed_opt = run->add_option("--seed", args->seed, "Root seed (overrides the scenario's)");
  run->add_flag("--quiet,-q", args->quiet, "No progress on stderr");
  run->add_flag("--json", args->json, "Print summary.json instead of the table");
  run->add_option("--max-events", args->max_events,
                  "Refuse scenarios estimated to need more simulation events (default 2e9)");
  run->add_option("--max-memory", args->max_memory,
                  "Refuse scenarios estimated to need more memory, e.g. 512M, 4G (default 8G)");
  run->add_flag("--force", args->force,
                "Replace an output directory holding another scenario's run (or another "
                "tool's manifest.json)");
  run->footer(
      "Examples:\n"
      "  lambdasim run scenarios/quickstart.yaml\n"
      "  lambdasim run scenarios/flash_sale.yaml --set account.concurrency_limit=5000 --out "
      "out/bigger\n"
      "  lambdasim run my.yaml --seed 7 --json --quiet > summary.json\n");
  registry.Add(run, [args, seed_opt] {
    args->seed_given = seed_opt->count() > 0;
    return CommandRun(*args);
  });

  auto files = std::make_shared<std::vector<std::string>>();
  auto sets = std::make_shared<std::vector<std::string>>();
  auto* validate =
      app.add_subcommand("validate", "Check scenarios without running them (same messages as run)");
  validate->add_option("scenarios", *files, "Scenario YAML files")->required();
  validate->add_option("--set", *sets, "Override a scenario value: path=value (repeatable)");
  validate->footer(
      "Examples:\n"
      "  lambdasim validate scenarios/*.yaml\n"
      "  lambdasim validate my.yaml --set functions.api.memory_mb=2048\n");
  registry.Add(validate, [files, sets] { return CommandValidate(*files, *sets); });
}

}  // namespace lambdasim::cli
