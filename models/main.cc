// models/main.cc — the lambdasim command line.
//
// Exit codes: 0 success; 1 bad command line; 2 invalid input (scenario, override, trace);
// 3 internal invariant broken (manifest written with the error); 4 output could not be
// written; 130 interrupted (partial results written, marked incomplete).
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "models/output_writer.h"
#include "models/runner.h"
#include "models/scenario_loader.h"
#include "models/summary_table.h"
#include "models/version.h"

namespace {

std::atomic<bool> g_interrupt{false};

extern "C" void OnSignal(int) { g_interrupt.store(true); }

constexpr int kExitUsage = 1;
constexpr int kExitInvalidInput = 2;
constexpr int kExitInternal = 3;
constexpr int kExitOutput = 4;
constexpr int kExitInterrupted = 130;

std::string FormatSeconds(double s) {
  if (s < 120) return fmt::format("{:.1f}s", s);
  if (s < 7200) return fmt::format("{:.1f}m", s / 60);
  return fmt::format("{:.2f}h", s / 3600);
}

// Progress on stderr: a rewritten line on a terminal, plain lines every 10 s otherwise.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool quiet) : quiet_(quiet), tty_(isatty(STDERR_FILENO) != 0) {}
  void operator()(const lambdasim::RunProgress& p) {
    if (quiet_ || p.wall_s < 1.5) return;
    if (!tty_ && p.wall_s - last_plain_ < 10) return;
    last_plain_ = p.wall_s;
    const double frac = p.horizon_s > 0 ? p.simulated_s / p.horizon_s : 1;
    const double rate = p.wall_s > 0 ? static_cast<double>(p.events) / p.wall_s : 0;
    const double eta = frac > 0 ? p.wall_s * (1 - frac) / frac : 0;
    const std::string line = fmt::format("simulated {} of {} ({:.0f}%), {:.2f} M events/s, ETA {}",
                                         FormatSeconds(p.simulated_s), FormatSeconds(p.horizon_s), frac * 100,
                                         rate / 1e6, FormatSeconds(eta));
    if (tty_) {
      std::fprintf(stderr, "\r%-78s", line.c_str());
      printed_tty_ = true;
    } else {
      std::fprintf(stderr, "%s\n", line.c_str());
    }
  }
  void Done() {
    if (printed_tty_) std::fprintf(stderr, "\r%-78s\r", "");
  }

 private:
  bool quiet_;
  bool tty_;
  bool printed_tty_ = false;
  double last_plain_ = -100;
};

void PrintDiagnostics(const lambdasim::ScenarioError& e) {
  for (const auto& d : e.diagnostics()) std::cerr << d.Format() << "\n";
}

std::vector<lambdasim::Override> ParseOverrides(const std::vector<std::string>& sets) {
  std::vector<lambdasim::Override> out;
  for (const auto& s : sets) out.push_back(lambdasim::ParseOverride(s));
  return out;
}

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
  lambdasim::ScenarioSpec spec;
  try {
    spec = lambdasim::LoadScenarioFile(args.scenario, ParseOverrides(args.sets));
  } catch (const lambdasim::ScenarioError& e) {
    PrintDiagnostics(e);
    return kExitInvalidInput;
  }
  if (args.seed_given) {
    spec.seed = args.seed;
    spec.source_text += "\n#--seed " + std::to_string(args.seed);
  }
  const std::string out_dir = args.out_dir.empty() ? "out/" + spec.name : args.out_dir;

  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  ProgressPrinter progress(args.quiet);
  lambdasim::RunOptions options;
  options.on_progress = [&](const lambdasim::RunProgress& p) { progress(p); };
  options.interrupt = &g_interrupt;

  lambdasim::RunResult result;
  try {
    result = lambdasim::RunScenario(spec, options);
  } catch (const std::exception& e) {
    progress.Done();
    std::cerr << "lambdasim: internal error: " << e.what() << "\n";
    lambdasim::Manifest m;
    m.scenario_name = spec.name;
    m.scenario_file = spec.source_file;
    m.scenario_hash = lambdasim::ScenarioHash(spec);
    m.version = LAMBDASIM_VERSION;
    m.seed = spec.seed;
    m.complete = false;
    m.error = e.what();
    try {
      lambdasim::WriteManifestOnly(m, out_dir);
    } catch (const std::exception& e2) {
      std::cerr << "lambdasim: " << e2.what() << "\n";
    }
    return kExitInternal;
  }
  progress.Done();
  try {
    lambdasim::WriteRun(result, spec, out_dir);
  } catch (const std::exception& e) {
    std::cerr << "lambdasim: cannot write results: " << e.what() << "\n";
    return kExitOutput;
  }
  if (args.json) {
    std::ifstream in(std::filesystem::path(out_dir) / "summary.json");
    std::cout << in.rdbuf();
  } else if (!args.quiet || true) {
    std::cout << lambdasim::FormatSummaryTable(result, spec);
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
  return 0;
}

int CommandValidate(const std::vector<std::string>& files, const std::vector<std::string>& sets) {
  int rc = 0;
  std::vector<lambdasim::Override> overrides;
  try {
    overrides = ParseOverrides(sets);
  } catch (const lambdasim::ScenarioError& e) {
    PrintDiagnostics(e);
    return kExitInvalidInput;
  }
  for (const auto& f : files) {
    try {
      const auto spec = lambdasim::LoadScenarioFile(f, overrides);
      std::cout << f << ": ok (" << spec.functions.size() << " function" << (spec.functions.size() == 1 ? "" : "s")
                << ", " << spec.traffic.size() << " traffic source" << (spec.traffic.size() == 1 ? "" : "s") << ")\n";
    } catch (const lambdasim::ScenarioError& e) {
      PrintDiagnostics(e);
      rc = kExitInvalidInput;
    }
  }
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"lambdasim — a discrete-event simulator of AWS Lambda concurrency and scaling"};
  app.set_version_flag("--version", LAMBDASIM_VERSION);
  app.require_subcommand(1);

  RunArgs run_args;
  auto* run = app.add_subcommand("run", "Simulate a scenario and write summary.json, timeseries.csv, report.html");
  run->add_option("scenario", run_args.scenario, "Scenario YAML file")->required();
  run->add_option("--out", run_args.out_dir, "Output directory (default out/<scenario name>)");
  run->add_option("--set", run_args.sets, "Override a scenario value: path=value (repeatable)");
  auto* seed_opt = run->add_option("--seed", run_args.seed, "Root seed (overrides the scenario's)");
  run->add_flag("--quiet,-q", run_args.quiet, "No progress on stderr");
  run->add_flag("--json", run_args.json, "Print summary.json instead of the table");

  std::vector<std::string> validate_files, validate_sets;
  auto* validate = app.add_subcommand("validate", "Check scenarios without running them");
  validate->add_option("scenarios", validate_files, "Scenario YAML files")->required();
  validate->add_option("--set", validate_sets, "Override a scenario value: path=value (repeatable)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }

  try {
    if (*run) {
      run_args.seed_given = seed_opt->count() > 0;
      return CommandRun(run_args);
    }
    if (*validate) return CommandValidate(validate_files, validate_sets);
  } catch (const lambdasim::ScenarioError& e) {
    PrintDiagnostics(e);
    return kExitInvalidInput;
  }
  return kExitUsage;
}
