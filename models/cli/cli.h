// models/cli/cli.h — shared pieces of the lambdasim command line.
//
// Each command lives in its own models/cli/cli_<name>.cc and registers itself with
// Register<Name>Commands(app, registry); main.cc only builds the app, calls the Register
// functions, parses, and runs the selected command's action. Exit codes are the same for
// every command (see below); invalid input always prints file:line:col diagnostics.
// Invariant: command files parse arguments and print; what they compute lives in the
// libraries below (sizing and run comparison in models/analysis/).
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "models/load/scenario_loader.h"
#include "models/output/output_writer.h"
#include "models/run/runner.h"

namespace lambdasim {
struct SweepPlan;  // models/run/sweep.h
}  // namespace lambdasim

namespace lambdasim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;          // bad command line
inline constexpr int kExitInvalidInput = 2;   // scenario, override, trace or sweep file invalid
inline constexpr int kExitInternal = 3;       // broken invariant; manifest written with the error
inline constexpr int kExitOutput = 4;         // results could not be written
inline constexpr int kExitThreshold = 99;     // `check`/`diff`: a threshold broke (k6's convention)
inline constexpr int kExitInterrupted = 130;  // SIGINT/SIGTERM: partial results, marked incomplete

using Action = std::function<int()>;
struct Registry {
  std::vector<std::pair<CLI::App*, Action>> commands;
  void Add(CLI::App* sub, Action action) { commands.emplace_back(sub, std::move(action)); }
};

// Commands, one file each.
void RegisterRunCommands(CLI::App& app, Registry& registry);     // run, validate (cli_run.cc)
void RegisterSweepCommands(CLI::App& app, Registry& registry);   // sweep, merge (cli_sweep.cc)
void RegisterCheckCommands(CLI::App& app, Registry& registry);   // check (cli_check.cc)
void RegisterDiffCommands(CLI::App& app, Registry& registry);    // diff (cli_diff.cc)
void RegisterSizeCommands(CLI::App& app, Registry& registry);    // size (cli_size.cc)
void RegisterSchemaCommands(CLI::App& app, Registry& registry);  // schema (cli_schema.cc)
void RegisterImportCommands(CLI::App& app, Registry& registry);  // import (cli_import.cc)
void RegisterInitCommands(CLI::App& app, Registry& registry);    // init (cli_init.cc)

// Helpers shared by commands.
// Writes `text` to `path` whole or not at all (the output layer's WriteFileAtomic: a temporary
// file beside it, fsync, rename). Returns "" or why it failed.
std::string WriteFileWhole(const std::string& path, const std::string& text);
// Prints each diagnostic on stderr through EscapeForTerminal (models/spec/diagnostics.h).
void PrintDiagnostics(const ScenarioError& e);
// The one command-line number parser: a flag's text under the scenario loader's rules
// (models/load/number_text.h: decimal only, no 0x10, no 1e23 integers, no -1 into an unsigned,
// no NaN). Throws ScenarioError with file "--flag" (exit 2) naming the flag and the reason.
int64_t CliInteger(const std::string& flag, const std::string& text, int64_t lo, int64_t hi);
uint64_t CliUInt64(const std::string& flag, const std::string& text);
double CliNumber(const std::string& flag, const std::string& text, double lo, double hi);
// The resource guard shared by every command that simulates (`run`, `size`): the estimate
// (models/run/resource_estimate.h) against --max-events / --max-memory. Returns kExitOk, or
// prints why and which flag to raise and returns kExitInvalidInput (kExitUsage for a malformed
// --max-memory). `command` names the command in the message ("run", "size").
int CheckResourceBudget(const ScenarioSpec& spec, const std::string& label, double max_events,
                        const std::string& max_memory, const std::string& command);
std::vector<Override> ParseOverrides(const std::vector<std::string>& sets);  // throws ScenarioError
std::string FormatSeconds(double s);

// `sweep --mpi` (cli_sweep_mpi.cc): runs `runs` over MPI ranks; on rank 0 (is_master) fills
// rows[i] for runs[i]. Without MPI support prints why and returns kExitUsage.
// `claim_output` runs on rank 0 before any work is handed out (it takes the --out lock); when it
// returns non-zero every rank stops without simulating and rank 0 returns that code.
int RunSweepMpi(const SweepPlan& plan, const std::vector<size_t>& runs,
                std::vector<std::string>& rows, bool& is_master,
                const std::function<void(size_t, size_t)>& progress,
                const std::function<int()>& claim_output);

// Every command's exit goes through here (main.cc): flushes std::cout and stdio's stdout
// and, when a write to standard output failed (a full disk, a closed pipe, /dev/full),
// prints why on stderr and turns a successful exit into kExitOutput (4). Another exit code
// (the command already failed) is kept.
int FinishStdout(int rc);

// One command's claim on the run directories it will write (`run`, `check --out`): takes
// the output-directory lock (OutputDirLock) of each, refuses a directory holding a
// manifest.json that lambdasim did not write (unless `replace_foreign`), and reports another
// scenario's run. Prints the reason and returns the exit code (kExitOutput for a busy,
// unwritable or foreign directory) on refusal, kExitOk otherwise.
struct RunDirClaim {
  std::vector<OutputDirLock> locks;
  bool replace = false;        // the directory must be replaced whole (ReplaceDirectory)
  std::string other_scenario;  // a lambdasim run of another scenario is there
};
int ClaimRunDirectory(const std::string& out_dir, bool replace_foreign, RunDirClaim& claim,
                      const std::string& who);

// SIGINT/SIGTERM set the flag; runs poll it between slices.
void InstallSignalHandlers();
const std::atomic<bool>* InterruptFlag();

// Progress on stderr: silent for the first 1.5 s and with quiet; a rewritten line on a
// terminal; plain lines every 10 s otherwise.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool quiet);
  void Update(double done, double total, const std::string& what_done,
              const std::string& what_total, double wall_s, const std::string& extra);
  void operator()(const RunProgress& p);
  void Done();

 private:
  bool quiet_;
  bool tty_;
  bool printed_tty_ = false;
  double last_plain_ = -100;
};

}  // namespace lambdasim::cli
