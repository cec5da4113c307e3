#include "models/run/runner.h"

#include <chrono>
#include <cstdio>

#include "models/lambda/platform.h"
#include "models/metrics/metrics_recorder.h"
#include "models/version.h"
#include "models/workload/arrivals.h"
#include "sim/rng.h"
#include "sim/simulation.h"

namespace lambdasim {

std::string ScenarioHash(const ScenarioSpec& spec) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx",
                static_cast<unsigned long long>(sim::Fnv1a64(spec.source_text)));
  return buf;
}

RunResult RunScenario(const ScenarioSpec& spec, const RunOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto wall_start = Clock::now();
  const sim::Time horizon = sim::Time::Zero() + spec.duration;

  std::vector<std::string> names;
  names.reserve(spec.functions.size());
  for (const auto& f : spec.functions) names.push_back(f.name);

  sim::Simulation simulation;
  // A warm-up runs [−warmup, 0); measurement covers [0, horizon).
  const bool warmup = spec.warmup > sim::Duration();
  simulation.StartAt(sim::Time::Zero() - spec.warmup);
  MetricsRecorder recorder(std::move(names), spec.bucket, horizon);
  LambdaPlatform platform(spec, simulation, recorder);
  platform.Start();

  // Slices of simulated time: at most 1/256 of the horizon, so progress and interrupts are
  // checked a few hundred times per run at no cost to the event loop. A slice that takes
  // long in wall time (a busy scenario) halves the next one, down to 1 µs simulated, so an
  // interrupt is honoured within about kSliceWall; quick slices grow back. Slice boundaries
  // never change results (RunUntil processes every event <= the boundary, then resumes).
  const int64_t max_slice_ns = std::max<int64_t>(1, (spec.warmup + spec.duration).ns() / 256);
  constexpr double kSliceWall = 0.02;  // seconds
  int64_t slice_ns = max_slice_ns;
  auto slice_start = wall_start;
  auto last_report = wall_start;
  bool interrupted = false;
  // The run covers [0, horizon): events at exactly the horizon are not processed. With a
  // warm-up, the slices stop once at −1 ns: everything before 0 is handled, then measurement
  // begins, before any event at 0.
  const sim::Time last = horizon - sim::Duration::Nanos(1);
  const sim::Time warm_last = sim::Time::Zero() - sim::Duration::Nanos(1);
  bool measuring = !warmup;
  while (simulation.Now() < last) {
    const sim::Time stop = measuring ? last : warm_last;
    const sim::Time until = std::min(stop, simulation.Now() + sim::Duration::Nanos(slice_ns));
    platform.RunUntil(until);
    if (!measuring && simulation.Now() >= warm_last) {
      platform.BeginMeasurement(sim::Time::Zero());
      recorder.BeginMeasurement(sim::Time::Zero());
      measuring = true;
    }
    const auto slice_end = Clock::now();
    const double slice_wall = std::chrono::duration<double>(slice_end - slice_start).count();
    slice_start = slice_end;
    if (slice_wall > 2 * kSliceWall) {
      slice_ns = std::max<int64_t>(std::min<int64_t>(1000, max_slice_ns), slice_ns / 2);
    } else if (slice_wall < kSliceWall / 4 && slice_ns < max_slice_ns) {
      slice_ns = std::min(max_slice_ns, slice_ns * 2);
    }
    if (options.interrupt && options.interrupt->load(std::memory_order_relaxed)) {
      interrupted = true;
      break;
    }
    if (options.on_progress) {
      const auto now = Clock::now();
      if (std::chrono::duration<double>(now - last_report).count() >= options.progress_interval_s) {
        last_report = now;
        options.on_progress(RunProgress{simulation.Now().seconds(), horizon.seconds(),
                                        simulation.events_processed(),
                                        std::chrono::duration<double>(now - wall_start).count()});
      }
    }
  }
  const sim::Time reached = interrupted ? std::max(sim::Time::Zero(), simulation.Now()) : horizon;
  if (!measuring) recorder.BeginMeasurement(sim::Time::Zero());  // interrupted in the warm-up
  platform.Finish(reached);
  RunResult result = recorder.Finish(reached);
  for (size_t f = 0; f < result.functions.size(); ++f)
    result.functions[f].concurrency_limit = platform.ConcurrencyLimitOf(f);
  result.account.concurrency_limit = platform.account_limit();
  for (size_t s = 0; s < spec.traffic.size(); ++s) {
    const TrafficSpec& t = spec.traffic[s];
    TrafficSummary ts;
    ts.source = s;
    ts.function = t.function;
    ts.shape = ShapeName(t.shape);
    ts.expected_requests = ExpectedArrivals(t, spec.duration);
    ts.expected_rate_per_s = ts.expected_requests / spec.duration.seconds();
    if (t.shape == ShapeKind::kMmpp) ts.long_run_rate_per_s = t.mmpp.long_run_rate_per_s;
    ts.requests = platform.RequestsGenerated(s);
    result.traffic.push_back(std::move(ts));
  }

  Manifest& m = result.manifest;
  m.scenario_name = spec.name;
  m.scenario_file = spec.source_file;
  m.scenario_hash = ScenarioHash(spec);
  m.version = LAMBDASIM_VERSION;
  m.platform = spec.platform.name;
  m.seed = spec.seed;
  m.replication = spec.replication;
  m.events_processed = simulation.events_processed();
  char fingerprint[17];
  std::snprintf(fingerprint, sizeof fingerprint, "%016llx",
                static_cast<unsigned long long>(platform.fingerprint()));
  m.event_fingerprint = fingerprint;
  m.simulated_seconds = reached.seconds();
  m.horizon_seconds = horizon.seconds();
  m.warmup_seconds = spec.warmup.seconds();
  m.complete = !interrupted;
  if (interrupted) m.error = "interrupted";
  m.wall_seconds = std::chrono::duration<double>(Clock::now() - wall_start).count();
  return result;
}

}  // namespace lambdasim
