// models/cli/cli_common.cc — helpers shared by the command files (cli.h): signals,
// diagnostics, --set overrides, durations for people, the progress line.
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

#include <fmt/core.h>

#include "models/cli/cli.h"
#include "models/load/number_text.h"
#include "models/output/output_writer.h"
#include "models/run/resource_estimate.h"
#include "sim/interrupt.h"

namespace lambdasim::cli {

namespace {
// The one process-wide flag (sim/interrupt.h), so loops below the CLI see it too.
extern "C" void OnSignal(int) { sim::RequestInterrupt(); }
}  // namespace

void InstallSignalHandlers() {
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
}

const std::atomic<bool>* InterruptFlag() { return &sim::g_interrupt_requested; }

int FinishStdout(int rc) {
  errno = 0;
  std::cout.flush();
  const bool cout_ok = static_cast<bool>(std::cout);
  const int cout_errno = errno;
  errno = 0;
  const bool stdio_ok = std::fflush(stdout) == 0 && !std::ferror(stdout);
  const int err = cout_errno != 0 ? cout_errno : errno;
  if (cout_ok && stdio_ok) return rc;
  std::cerr << "lambdasim: cannot write to standard output"
            << (err != 0 ? std::string(": ") + std::strerror(err) : std::string()) << "\n";
  return rc == kExitOk ? kExitOutput : rc;
}

int ClaimRunDirectory(const std::string& out_dir, bool replace_foreign, RunDirClaim& claim,
                      const std::string& who) {
  try {
    claim.locks.push_back(OutputDirLock::Acquire(out_dir));
  } catch (const OutputError& e) {
    std::cerr << who << ": " << e.what() << "\n";
    return kExitOutput;
  }
  const ExistingRun existing = InspectRunDirectory(out_dir);
  if (existing.state == ExistingRun::State::kForeign) {
    if (!replace_foreign) {
      std::cerr << fmt::format(
          "{}: {}/manifest.json was not written by lambdasim; refusing to overwrite it (choose "
          "another --out{})\n",
          who, out_dir, who == "lambdasim" ? ", or pass --force to replace that directory" : "");
      return kExitOutput;
    }
    claim.replace = true;
  } else if (existing.state == ExistingRun::State::kOurs) {
    claim.other_scenario = existing.scenario_name;
  }
  return kExitOk;
}

std::string WriteFileWhole(const std::string& path, const std::string& text) {
  const std::filesystem::path p(path);
  try {
    WriteFileAtomic(p.has_parent_path() ? p.parent_path().string() : std::string("."),
                    p.filename().string(), text, /*interruptible=*/false);
  } catch (const OutputError& e) {
    return e.what();
  }
  return "";
}

void PrintDiagnostics(const ScenarioError& e) {
  for (const auto& d : e.diagnostics()) std::cerr << EscapeForTerminal(d.Format()) << "\n";
}

namespace {
[[noreturn]] void FlagError(const std::string& flag, const std::string& why) {
  throw ScenarioError({Diagnostic{flag, 0, 0, why}});
}
}  // namespace

int64_t CliInteger(const std::string& flag, const std::string& text, int64_t lo, int64_t hi) {
  std::string why;
  const auto v = ParseIntegerText(text, lo, hi, &why);
  if (!v) FlagError(flag, why);
  return *v;
}

uint64_t CliUInt64(const std::string& flag, const std::string& text) {
  std::string why;
  const auto v = ParseUInt64Text(text, &why);
  if (!v) FlagError(flag, why);
  return *v;
}

double CliNumber(const std::string& flag, const std::string& text, double lo, double hi) {
  std::string why;
  const auto v = ParseNumberText(text, lo, hi, &why);
  if (!v) FlagError(flag, why);
  return *v;
}

int CheckResourceBudget(const ScenarioSpec& spec, const std::string& label, double max_events,
                        const std::string& max_memory, const std::string& command) {
  const auto memory = ParseByteSize(max_memory);
  if (!memory) {
    std::cerr << "lambdasim: --max-memory " << EscapeForTerminal(max_memory)
              << ": expected a size such as 512M, 4G or 8GiB\n";
    return kExitUsage;
  }
  const ResourceEstimate e = EstimateResources(spec);
  std::string why;
  if (!(e.events <= max_events))
    why += fmt::format("{}: estimated {:.3g} events exceed the budget --max-events {:.3g}\n", label,
                       e.events, max_events);
  if (!(e.memory_bytes <= *memory))
    why += fmt::format("{}: estimated {} of memory exceeds the budget --max-memory {}\n", label,
                       FormatBytes(e.memory_bytes), FormatBytes(*memory));
  if (why.empty()) return kExitOk;
  std::cerr << "lambdasim " << command << ": refusing to simulate:\n"
            << why << "  estimate: " << e.Describe()
            << "\n  a shorter duration, a larger bucket or a lower rate shrinks it; to run anyway "
               "raise --max-events / --max-memory (e.g. --max-events 1e10 --max-memory 32G)\n";
  return kExitInvalidInput;
}

std::vector<Override> ParseOverrides(const std::vector<std::string>& sets) {
  std::vector<Override> out;
  out.reserve(sets.size());
  for (const auto& s : sets) out.push_back(ParseOverride(s));
  return out;
}

std::string FormatSeconds(double s) {
  if (s < 120) return fmt::format("{:.1f}s", s);
  if (s < 7200) return fmt::format("{:.1f}m", s / 60);
  return fmt::format("{:.2f}h", s / 3600);
}

ProgressPrinter::ProgressPrinter(bool quiet) : quiet_(quiet), tty_(isatty(STDERR_FILENO) != 0) {}

void ProgressPrinter::Update(double done, double total, const std::string& what_done,
                             const std::string& what_total, double wall_s,
                             const std::string& extra) {
  if (quiet_ || wall_s < 1.5) return;
  if (!tty_ && wall_s - last_plain_ < 10) return;
  last_plain_ = wall_s;
  const double frac = total > 0 ? done / total : 1;
  const double eta = frac > 0 ? wall_s * (1 - frac) / frac : 0;
  const std::string line =
      fmt::format("{} of {} ({:.0f}%){}, ETA {}", what_done, what_total, frac * 100,
                  extra.empty() ? "" : ", " + extra, FormatSeconds(eta));
  if (tty_) {
    std::fprintf(stderr, "\r%-78s", line.c_str());
    printed_tty_ = true;
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
}

void ProgressPrinter::operator()(const RunProgress& p) {
  const double rate = p.wall_s > 0 ? static_cast<double>(p.events) / p.wall_s : 0;
  Update(p.simulated_s, p.horizon_s, "simulated " + FormatSeconds(p.simulated_s),
         FormatSeconds(p.horizon_s), p.wall_s, fmt::format("{:.2f} M events/s", rate / 1e6));
}

void ProgressPrinter::Done() {
  if (printed_tty_) std::fprintf(stderr, "\r%-78s\r", "");
  printed_tty_ = false;
}

}  // namespace lambdasim::cli
