// models/lambda/sources/call_chain.cc — CallChains: a caller function's calls (call_chain.h).
#include "models/lambda/sources/call_chain.h"

#include <algorithm>
#include <utility>

namespace lambdasim {

CallChains::CallChains(PlatformCore& core, AsyncQueues& async, MetricsRecorder& recorder)
    : core_(core), async_(async), rec_(recorder) {
  const ScenarioSpec& spec = core.spec();
  const size_t n = spec.functions.size();
  rng_.resize(n);
  call_base_.resize(n + 1, 0);
  for (size_t f = 0; f < n; ++f) {
    const FunctionSpec& fn = spec.functions[f];
    call_base_[f + 1] = call_base_[f] + fn.calls.size();
    if (fn.calls.empty()) continue;
    // A new stream name per caller: no existing stream shifts.
    rng_[f] = sim::RngStream(spec.seed, spec.replication, "calls/" + fn.name);
    std::vector<std::pair<size_t, bool>> edges;
    for (const CallSpec& c : fn.calls)
      edges.emplace_back(c.function_index, c.invocation == InvocationType::kSync);
    rec_.SetCalls(f, std::move(edges));
  }
  retries_.reserve(call_base_[n]);
  for (const FunctionSpec& fn : spec.functions)
    for (const CallSpec& c : fn.calls) retries_.emplace_back(&c.retries);
}

void CallChains::Begin(uint32_t env, sim::Time invoke_start, int64_t own_ns, int64_t billed_init_ns,
                       bool on_provisioned) {
  uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    slot = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Environment& e = core_.env(env);
  e.call_slot = slot;
  Slot& s = slots_[slot];
  s = Slot{};
  s.env = env;
  s.function = e.function;
  s.invoke_start = invoke_start;
  s.deadline = invoke_start + core_.function_spec(e.function).timeout;
  s.own_ns = own_ns;
  s.billed_init_ns = billed_init_ns;
  s.on_provisioned = on_provisioned;
  Renew(slot);
  Advance(slot, invoke_start);
}

void CallChains::Advance(uint32_t slot, sim::Time now) {
  Slot& s = slots_[slot];
  s.phase = Phase::kRunning;
  const auto& calls = core_.function_spec(s.function).calls;
  if (s.next_call < calls.size()) {
    const CallSpec& c = calls[s.next_call];
    const int64_t after_ns = sim::DurationFromSeconds(c.after.Sample(rng_[s.function])).ns();
    const int64_t at_own_ns = std::min(std::max(after_ns, s.own_used_ns), s.own_ns);
    const sim::Time at = now + sim::Duration::Nanos(at_own_ns - s.own_used_ns);
    if (at >= s.deadline) {  // the caller's own time runs past its timeout first
      s.timed_out = true;
      ScheduleEnd(slot, s.deadline);
      return;
    }
    s.next_own_ns = at_own_ns;
    core_.Schedule(at, EventKind::kCallerCall, slot, s.token);
    return;
  }
  const sim::Time end = now + sim::Duration::Nanos(s.own_ns - s.own_used_ns);
  if (end > s.deadline) {  // as any invocation: running longer than the timeout is cut off
    s.timed_out = true;
    ScheduleEnd(slot, s.deadline);
    return;
  }
  ScheduleEnd(slot, end);
}

void CallChains::ScheduleEnd(uint32_t slot, sim::Time at) {
  slots_[slot].phase = Phase::kEnding;
  core_.Schedule(at, EventKind::kCallerEnd, slot, Renew(slot));
}

void CallChains::OnCall(uint32_t slot, uint64_t token) {
  if (slot >= slots_.size() || slots_[slot].token != token) return;
  Slot& s = slots_[slot];
  if (s.phase == Phase::kBackoff) {
    Attempt(slot);
    return;
  }
  const sim::Time now = core_.Now();
  s.own_used_ns = s.next_own_ns;
  const uint32_t f = s.function;
  const size_t k = s.next_call;
  const CallSpec& c = core_.function_spec(f).calls[k];
  if (c.probability < 1 && !(rng_[f].NextDouble() < c.probability)) {
    ++s.next_call;
    Advance(slot, now);
    return;
  }
  rec_.OnCallMade(f, k);
  if (c.kind == CallKind::kMap) {
    StartMap(slot, c, call_base_[f] + k);
    return;
  }
  if (c.invocation == InvocationType::kAsync) {
    ++s.next_call;
    // Lambda accepts the event for the callee's queue; the caller goes on at once. (The
    // enqueue may start the callee, itself a caller, which can grow slots_: s is not reused.)
    async_.OnEnqueue(c.function_index, AsyncEvent{now, -1, 0, 0});
    Advance(slot, now);
    return;
  }
  s.attempt = 1;
  s.call_made = now;
  Attempt(slot);
}

void CallChains::SetMapEntry(uint32_t f, size_t k, MapRuns* maps, uint32_t entry) {
  maps_ = maps;
  map_entry_.resize(retries_.size(), 0);
  map_entry_[call_base_[f] + k] = entry;
  if (is_call_entry_.size() <= entry) is_call_entry_.resize(entry + 1, false);
  is_call_entry_[entry] = true;
}

void CallChains::StartMap(uint32_t slot, const CallSpec& c, size_t flat) {
  const uint32_t entry = map_entry_[flat];
  const sim::Time now = core_.Now();
  if (c.invocation == InvocationType::kAsync) {
    ++slots_[slot].next_call;
    // Starting the run may start items that are callers themselves (slots_ may grow).
    if (auto d = maps_->Start(entry, kNoWaiter)) OnMapRunDone(*d);
    Advance(slot, now);
    return;
  }
  Slot& s = slots_[slot];
  s.phase = Phase::kWaiting;
  s.call_made = now;
  const uint64_t token = s.token;
  // The caller's timeout while it waits: live unless the run ends first (Renew).
  core_.Schedule(s.deadline, EventKind::kCallerEnd, slot, token);
  const uint64_t low40 = (uint64_t{1} << (64 - kSlotBits)) - 1;
  const uint64_t run_token = ((token & low40) << kSlotBits) | slot;
  if (auto d = maps_->Start(entry, run_token)) OnMapRunDone(*d);  // a run of 0 items
}

void CallChains::OnMapRunDone(const MapRunDone& done) {
  if (done.token == kNoWaiter || done.entry >= is_call_entry_.size() || !is_call_entry_[done.entry])
    return;
  const auto slot = static_cast<uint32_t>(done.token & ((uint64_t{1} << kSlotBits) - 1));
  if (slot >= slots_.size()) return;
  Slot& s = slots_[slot];
  const uint64_t low40 = (uint64_t{1} << (64 - kSlotBits)) - 1;
  if ((s.token & low40) != (done.token >> kSlotBits) || s.phase != Phase::kWaiting) return;
  Renew(slot);  // the pending deadline is stale now
  if (done.failed) {
    Fail(slot, DownstreamReason::kError);
    return;
  }
  const sim::Time now = core_.Now();
  rec_.OnCalleeWait(s.function, (now - s.call_made).ns());
  ++s.next_call;
  Advance(slot, now);
}

void CallChains::Attempt(uint32_t slot) {
  const sim::Time now = core_.Now();
  const uint32_t f = slots_[slot].function;
  const size_t k = slots_[slot].next_call;
  const CallSpec& c = core_.function_spec(f).calls[k];
  const Admission a = core_.TryAdmit(c.function_index);
  if (a.admitted) {
    Slot& s = slots_[slot];
    s.phase = Phase::kWaiting;
    const uint64_t token = s.token;
    const sim::Time deadline = s.deadline;
    // The caller's timeout while it waits: live unless the callee returns first (Renew).
    core_.Schedule(deadline, EventKind::kCallerEnd, slot, token);
    core_.env(a.env).call_token = token;
    // May begin the callee's own calls (a new slot: no reference into slots_ is held here).
    core_.StartInvocation(a.env, Caller::kCall, slot, s.call_made, -1, a.cold, a.on_provisioned);
    return;
  }
  core_.RecordThrottle(c.function_index, a.reason);
  const ClientRetry& client = retries_[call_base_[f] + k];
  Slot& s = slots_[slot];
  if (client.MayRetryAfter(s.attempt)) {
    rec_.OnClientRetry(c.function_index);
    const sim::Time at = now + client.Backoff(s.attempt, rng_[f]);
    ++s.attempt;
    if (at >= s.deadline) {  // the caller times out while backing off
      rec_.OnCalleeWait(f, (s.deadline - s.call_made).ns());
      s.timed_out = true;
      ScheduleEnd(slot, s.deadline);
      return;
    }
    s.phase = Phase::kBackoff;
    core_.Schedule(at, EventKind::kCallerCall, slot, Renew(slot));
    return;
  }
  if (client.CountsFailure()) rec_.OnClientFailure(c.function_index);
  Fail(slot, DownstreamReason::kThrottle);
}

void CallChains::Fail(uint32_t slot, DownstreamReason reason) {
  Slot& s = slots_[slot];
  rec_.OnCalleeWait(s.function, (core_.Now() - s.call_made).ns());
  rec_.OnDownstreamError(s.function, reason);
  s.failed = true;
  ScheduleEnd(slot, core_.Now());
}

void CallChains::OnCalleeComplete(const Environment& done) {
  const uint32_t slot = done.caller_index;
  if (slot >= slots_.size()) return;
  Slot& s = slots_[slot];
  if (s.token != done.call_token || s.phase != Phase::kWaiting) return;  // the caller timed out
  Renew(slot);  // the pending deadline is stale now
  if (done.error) {
    Fail(slot, done.timed_out ? DownstreamReason::kTimeout : DownstreamReason::kError);
    return;
  }
  const sim::Time now = core_.Now();
  rec_.OnCalleeWait(s.function, (now - s.call_made).ns());
  ++s.next_call;
  Advance(slot, now);
}

bool CallChains::OnEnd(uint32_t slot, uint64_t token, uint32_t* env) {
  if (slot >= slots_.size() || slots_[slot].token != token) return false;
  Slot& s = slots_[slot];
  const sim::Time now = core_.Now();
  if (s.phase == Phase::kWaiting) {  // the caller's timeout cuts its wait on a callee
    rec_.OnCalleeWait(s.function, (now - s.call_made).ns());
    s.timed_out = true;
  }
  Environment& e = core_.env(s.env);
  const int64_t run_ns = (now - s.invoke_start).ns();
  e.exec_ns = run_ns;
  e.timed_out = s.timed_out;
  e.error = e.error || s.failed || s.timed_out;
  e.call_slot = kNoCallSlot;
  core_.ChargeInvocation(s.function, s.on_provisioned, s.billed_init_ns, run_ns);
  *env = s.env;
  s.token = next_token_++;  // anything still pending for the slot is stale
  free_.push_back(slot);
  return true;
}

}  // namespace lambdasim
