// models/lambda/map_run.cc — MapRuns: Step Functions Map runs (map_run.h).
#include "models/lambda/map_run.h"

#include <algorithm>
#include <cmath>

namespace lambdasim {

uint32_t MapRuns::AddEntry(const MapSpec& spec, uint32_t function, const sim::RngStream& rng) {
  entries_.push_back(Entry{&spec, function, std::max<int64_t>(1, spec.Bound()), rng});
  return static_cast<uint32_t>(entries_.size() - 1);
}

std::optional<MapRunDone> MapRuns::Start(uint32_t entry, uint64_t token) {
  Entry& e = entries_[entry];
  const double x = e.spec->items.Sample(e.rng);
  const auto items = static_cast<int64_t>(std::llround(std::max(0.0, x)));
  return StartRun(entry, items, token);
}

std::optional<MapRunDone> MapRuns::StartRun(uint32_t entry, int64_t items, uint64_t token) {
  uint32_t slot;
  if (!free_runs_.empty()) {
    slot = free_runs_.back();
    free_runs_.pop_back();
  } else {
    slot = static_cast<uint32_t>(runs_.size());
    runs_.emplace_back();
  }
  const MapSpec& spec = *entries_[entry].spec;
  Run& r = runs_[slot];
  r = Run{};
  r.entry = entry;
  r.token = token;
  r.started = core_.Now();
  r.items = items;
  r.pending = items;
  // ToleratedFailurePercentage: the run fails once failures exceed this share of its items.
  r.tolerated = static_cast<int64_t>(
      std::floor(spec.tolerated_failure_percentage / 100.0 * static_cast<double>(items)));
  rec_.OnMapRunStarted(entry, items);
  return Pump(slot);
}

std::optional<MapRunDone> MapRuns::Pump(uint32_t run) {
  // Items that fail at once (throttled, no retry) end inside the loop: no recursion.
  while (!runs_[run].failed && runs_[run].pending > 0 &&
         runs_[run].in_flight < entries_[runs_[run].entry].bound) {
    --runs_[run].pending;
    ++runs_[run].in_flight;
    if (Attempt(run, 1, core_.Now())) {
      rec_.map_items_in_flight(runs_[run].entry).Add(core_.Now(), +1);
    } else {  // failed at its first attempt: never in flight
      --runs_[run].in_flight;
      ItemFailed(run);
    }
  }
  return Settle(run);
}

bool MapRuns::Attempt(uint32_t run, int64_t attempt, sim::Time origin) {
  const uint32_t entry = runs_[run].entry;
  const Entry& e = entries_[entry];
  const Admission a = core_.TryAdmit(e.function);
  if (a.admitted) {
    rec_.OnMapItemInvoked(entry);
    core_.StartInvocation(a.env, Caller::kMap, run, origin, -1, a.cold, a.on_provisioned);
    return true;
  }
  core_.RecordThrottle(e.function, a.reason);
  const MapRetrySpec& retry = e.spec->retry;
  // attempt k failed; the Retrier allows max_attempts retries (attempts 2 .. max_attempts + 1).
  const bool retried = attempt <= retry.max_attempts;
  rec_.OnMapItemThrottle(entry, retried);
  if (!retried) return false;
  // The k-th retry waits interval·rate^(k−1), capped at max_delay (no jitter).
  double wait_ns = static_cast<double>(retry.interval.ns()) *
                   std::pow(retry.backoff_rate, static_cast<double>(attempt - 1));
  if (retry.max_delay) wait_ns = std::min(wait_ns, static_cast<double>(retry.max_delay->ns()));
  wait_ns = std::min(wait_ns, 1e18);
  const sim::Time at = core_.Now() + sim::Duration::Nanos(static_cast<int64_t>(wait_ns));
  if (at >= core_.horizon()) return true;  // still in flight when the run stops
  uint32_t slot;
  if (!free_retries_.empty()) {
    slot = free_retries_.back();
    free_retries_.pop_back();
  } else {
    slot = static_cast<uint32_t>(retries_.size());
    retries_.emplace_back();
  }
  retries_[slot] = Retry{run, attempt + 1, origin};
  core_.Schedule(at, EventKind::kMapRetry, slot);
  return true;
}

void MapRuns::ItemEnded(uint32_t run, bool failed) {
  Run& r = runs_[run];
  --r.in_flight;
  rec_.map_items_in_flight(r.entry).Add(core_.Now(), -1);
  if (failed) ItemFailed(run);
}

void MapRuns::ItemFailed(uint32_t run) {
  Run& r = runs_[run];
  ++r.failures;
  rec_.OnMapItemFailure(r.entry);
  if (r.failures > r.tolerated) r.failed = true;  // no more items start
}

std::optional<MapRunDone> MapRuns::Settle(uint32_t run) {
  Run& r = runs_[run];
  if (r.in_flight > 0 || (r.pending > 0 && !r.failed)) return std::nullopt;
  const MapRunDone done{r.entry, r.token, r.failed, core_.Now() - r.started};
  rec_.OnMapRunEnded(r.entry, done.duration.ns(), r.failed);
  free_runs_.push_back(run);
  return done;
}

std::optional<MapRunDone> MapRuns::OnInvocationComplete(const Environment& done) {
  const uint32_t run = done.caller_index;
  ItemEnded(run, done.error || done.timed_out);
  return Pump(run);
}

std::optional<MapRunDone> MapRuns::OnRetry(uint32_t slot) {
  const Retry r = retries_[slot];
  free_retries_.push_back(slot);
  if (runs_[r.run].failed) {  // the run failed meanwhile: this iteration is stopped
    ItemEnded(r.run, /*failed=*/false);
    return Settle(r.run);
  }
  if (!Attempt(r.run, r.attempt, r.origin)) {
    ItemEnded(r.run, /*failed=*/true);
    return Pump(r.run);
  }
  return std::nullopt;
}

}  // namespace lambdasim
