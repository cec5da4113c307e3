// models/run/runner.h — one scenario, one replication: spec in, RunResult out.
//
// RunScenario builds a Simulation, the metrics recorder and the platform model, runs to
// the scenario's horizon in slices (so that progress can be reported and an interrupt
// honoured between slices without touching the event loop), and returns plain data.
// It writes nothing. The result is a pure function of (spec, seed, replication), except
// Manifest::wall_seconds.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "models/metrics/run_result.h"
#include "models/spec/scenario_spec.h"

namespace lambdasim {

struct RunProgress {
  double simulated_s = 0;
  double horizon_s = 0;
  uint64_t events = 0;
  double wall_s = 0;
};

struct RunOptions {
  // Called about every progress_interval_s of wall time (never for runs shorter than that).
  std::function<void(const RunProgress&)> on_progress;
  double progress_interval_s = 1.0;
  // When it becomes true the run stops at the next slice boundary; the result is marked
  // incomplete with the simulated time reached.
  const std::atomic<bool>* interrupt = nullptr;
};

RunResult RunScenario(const ScenarioSpec& spec, const RunOptions& options = {});

// FNV-1a 64 of the scenario text (overrides included), as 16 hex digits.
std::string ScenarioHash(const ScenarioSpec& spec);

}  // namespace lambdasim
