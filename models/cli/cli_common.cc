// models/cli/cli_common.cc — helpers shared by the command files (cli.h): signals,
// diagnostics, --set overrides, durations for people, the progress line.
#include <unistd.h>

#include <csignal>
#include <cstdio>
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
