// models/cli/main.cc — the lambdasim command line: builds the app and dispatches.
// Commands live in models/cli_<name>.cc; exit codes are listed in models/cli.h.
#include <iostream>

#include <CLI/CLI.hpp>

#include "models/cli/cli.h"
#include "models/version.h"
#include "sim/interrupt.h"

namespace {

int Run(int argc, char** argv) {
  namespace cli = lambdasim::cli;
  CLI::App app{"lambdasim — a discrete-event simulator of AWS Lambda concurrency and scaling"};
  app.set_version_flag("--version", LAMBDASIM_VERSION);
  app.require_subcommand(1);
  cli::Registry registry;
  cli::RegisterRunCommands(app, registry);
  cli::RegisterSweepCommands(app, registry);
  cli::RegisterCheckCommands(app, registry);
  cli::RegisterDiffCommands(app, registry);
  cli::RegisterSizeCommands(app, registry);
  cli::RegisterSchemaCommands(app, registry);
  cli::RegisterImportCommands(app, registry);
  cli::RegisterInitCommands(app, registry);

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
    return cli::kExitUsage;
  }
  try {
    for (const auto& [sub, action] : registry.commands)
      if (sub->parsed()) return cli::FinishStdout(action());
  } catch (const lambdasim::ScenarioError& e) {
    cli::PrintDiagnostics(e);
    return cli::kExitInvalidInput;
  } catch (const sim::Interrupted&) {
    // A loop that polls sim/interrupt.h gave up (a trace validation, a sizing search).
    std::cerr << "lambdasim: interrupted\n";
    return cli::kExitInterrupted;
  } catch (const std::exception& e) {
    std::cerr << "lambdasim: internal error: " << e.what() << "\n";
    return cli::kExitInternal;
  }
  return cli::kExitUsage;
}

}  // namespace

// Nothing escapes main: an exception while building the command line is an internal error too.
int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "lambdasim: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "lambdasim: internal error: unknown exception\n";
  }
  return lambdasim::cli::kExitInternal;
}
