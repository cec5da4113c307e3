// models/cli/cli_common.cc — helpers shared by the command files (cli.h): signals,
// diagnostics, --set overrides, durations for people, the progress line.
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

#include <fmt/core.h>

#include "models/cli/cli.h"
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

void PrintDiagnostics(const ScenarioError& e) {
  for (const auto& d : e.diagnostics()) std::cerr << d.Format() << "\n";
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
