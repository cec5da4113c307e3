#include "models/lambda/platform.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace lambdasim {

namespace {

constexpr int64_t kNsPerMs = 1000000;

// Billed milliseconds: duration rounded up to the next whole millisecond (§7).
int64_t CeilMs(int64_t ns) { return (ns + kNsPerMs - 1) / kNsPerMs; }

// Provisioned billing periods are rounded up to 5 minutes (§4.4, §7).
int64_t CeilFiveMinutesNs(int64_t ns) {
  const int64_t five = sim::Duration::Minutes(5).ns();
  return ns <= 0 ? 0 : ((ns + five - 1) / five) * five;
}

}  // namespace

// TrafficSpec::label, or its default: the function name, with "#k" for the k-th entry (k >= 2)
// of the same function. Inserting an entry for another function changes no label.
std::string TrafficLabel(const ScenarioSpec& spec, size_t source) {
  const TrafficSpec& t = spec.traffic[source];
  if (!t.label.empty()) return t.label;
  size_t k = 0;
  for (size_t i = 0; i <= source; ++i)
    if (spec.traffic[i].function == t.function) ++k;
  return k == 1 ? t.function : t.function + "#" + std::to_string(k);
}

namespace {}  // namespace

LambdaPlatform::LambdaPlatform(const ScenarioSpec& spec, sim::Simulation& sim,
                               MetricsRecorder& recorder)
    : spec_(spec), sim_(sim), rec_(recorder), horizon_(sim::Time::Zero() + spec.duration) {
  const auto& prices = spec.platform.prices;
  const bool account_bucket = spec.platform.scaling_scope == ScalingScope::kAccount;
  if (account_bucket)
    buckets_.emplace_back(spec.scaling.burst, spec.scaling.refill_count,
                          spec.scaling.refill_period);
  fns_.resize(spec.functions.size());
  for (size_t f = 0; f < spec.functions.size(); ++f) {
    const auto& fspec = spec.functions[f];
    auto& fs = fns_[f];
    fs.spec = &fspec;
    fs.reserved = fspec.reserved_concurrency ? *fspec.reserved_concurrency : -1;
    if (fs.reserved >= 0) reserved_sum_ += fs.reserved;
    fs.memory_gb = static_cast<double>(fspec.memory_mb) / 1024.0;
    const bool arm = fspec.architecture == Architecture::kArm64;
    fs.duration_rate_usd = arm ? prices.gb_second_arm_usd : prices.gb_second_x86_usd;
    fs.pc_rate_usd = arm ? prices.pc_gb_second_arm_usd : prices.pc_gb_second_x86_usd;
    fs.pc_duration_rate_usd =
        arm ? prices.pc_duration_gb_second_arm_usd : prices.pc_duration_gb_second_x86_usd;
    if (account_bucket) {
      fs.bucket = 0;
    } else {
      fs.bucket = buckets_.size();
      buckets_.emplace_back(spec.scaling.burst, spec.scaling.refill_count,
                            spec.scaling.refill_period);
    }
    if (fs.reserved >= 0) fs.rps.set_limit(spec.platform.rps_per_concurrency * fs.reserved);
    fs.pc_rps.set_limit(0);
    const std::string& n = fspec.name;
    fs.duration_rng = sim::RngStream(spec.seed, spec.replication, "duration/" + n);
    fs.init_rng = sim::RngStream(spec.seed, spec.replication, "init/" + n);
    fs.error_rng = sim::RngStream(spec.seed, spec.replication, "errors/" + n);
    fs.lifetime_rng = sim::RngStream(spec.seed, spec.replication, "lifetime/" + n);
    fs.pc_rng = sim::RngStream(spec.seed, spec.replication, "provisioned/" + n);
    const bool hybrid = fspec.keep_alive_policy.kind == KeepAliveKind::kHybridHistogram;
    fs.idle = IdlePool(fspec.environment_reuse, hybrid,
                       fspec.environment_reuse == EnvironmentReuse::kRandom
                           ? sim::RngStream(spec.seed, spec.replication, "reuse/" + n)
                           : sim::RngStream());
    fs.keep_alive = KeepAlivePolicy(fspec.keep_alive_policy, fspec.keep_alive);
  }
  account_rps_.set_limit(spec.platform.rps_per_concurrency * spec.account.concurrency_limit);
  sources_.reserve(spec.traffic.size());
  // Every stream of a traffic entry is named after its label (arrivals/, client/, source/).
  std::vector<std::string> labels;
  for (size_t s = 0; s < spec.traffic.size(); ++s) labels.push_back(TrafficLabel(spec, s));
  for (size_t s = 0; s < spec.traffic.size(); ++s) {
    const auto& t = spec.traffic[s];
    sources_.push_back(SourceState{
        &t,
        ArrivalProcess(spec, s, horizon_,
                       sim::RngStream(spec.seed, spec.replication, "arrivals/" + labels[s])),
        ClientRetry(&t.client), sim::RngStream(spec.seed, spec.replication, "client/" + labels[s]),
        Arrival{}});
  }
  async_.resize(fns_.size());
  // Event source mappings, one per producing traffic source.
  source_mapping_.assign(spec.traffic.size(), -1);
  for (size_t s = 0; s < spec.traffic.size(); ++s) {
    const auto& t = spec.traffic[s];
    const std::string stream_name = "source/" + labels[s];
    if (t.source.type == SourceType::kSqs) {
      SqsMapping m;
      m.function = t.function_index;
      m.source = s;
      m.spec = &t.source;
      m.allowed = t.source.initial_concurrency;
      m.cap = t.source.maximum_concurrency ? *t.source.maximum_concurrency
                                           : t.source.max_concurrency_default;
      m.allowed = std::min(m.allowed, m.cap);
      m.rng = sim::RngStream(spec.seed, spec.replication, stream_name);
      source_mapping_[s] = static_cast<int32_t>(sqs_.size());
      sqs_.push_back(std::move(m));
    } else if (t.source.type == SourceType::kKinesis || t.source.type == SourceType::kDynamoDb) {
      StreamMapping m;
      m.function = t.function_index;
      m.source = s;
      m.spec = &t.source;
      m.first_lane = static_cast<uint32_t>(lanes_.size());
      m.lanes = static_cast<uint32_t>(t.source.shards * t.source.parallelization_factor);
      m.rng = sim::RngStream(spec.seed, spec.replication, stream_name);
      source_mapping_[s] = static_cast<int32_t>(streams_.size());
      for (uint32_t l = 0; l < m.lanes; ++l) {
        StreamLane lane;
        lane.mapping = streams_.size();
        lane.batch_limit = t.source.batch_size;
        lanes_.push_back(std::move(lane));
      }
      streams_.push_back(m);
    }
  }
  for (const auto& topic : spec.fanout) {
    fanout_rng_offset_.push_back(fanout_rng_.size());
    for (const auto& target : topic.targets)
      fanout_rng_.emplace_back(spec.seed, spec.replication,
                               "fanout/" + topic.name + "/" + target.function);
  }
}

int64_t LambdaPlatform::ConcurrencyLimitOf(size_t f) const {
  const auto& fs = fns_[f];
  if (fs.reserved >= 0) return fs.reserved;
  return spec_.account.concurrency_limit - reserved_sum_ - pc_unreserved_sum_ + fs.pc_target;
}

void LambdaPlatform::Start() {
  rec_.claimed_concurrency().Set(sim_.Now(), reserved_sum_);
  for (uint32_t m = 0; m < sqs_.size(); ++m) {
    const sim::Time at = sim::Time::Zero() + sim::Duration::Seconds(1);
    if (at < horizon_) Schedule(at, EventKind::kSqsScale, m);
  }
  for (uint32_t s = 0; s < sources_.size(); ++s) {
    sources_[s].pending = sources_[s].arrivals.First();
    if (sources_[s].pending.time < horizon_)
      Schedule(sources_[s].pending.time, EventKind::kArrival, s);
  }
  for (size_t f = 0; f < fns_.size(); ++f) {
    const auto& fspec = *fns_[f].spec;
    int64_t initial = fspec.provisioned_concurrency;
    if (fspec.provisioned_autoscaling.enabled)
      initial = std::max(initial, fspec.provisioned_autoscaling.min);
    if (initial > 0) SetProvisionedTarget(f, initial);
    for (const auto& step : fspec.provisioned_schedule) {
      const sim::Time at = sim::Time::Zero() + step.at;
      if (at < horizon_)
        Schedule(at, EventKind::kProvisionedSchedule, static_cast<uint32_t>(f),
                 static_cast<uint64_t>(step.value));
    }
    if (fspec.provisioned_autoscaling.enabled) {
      const sim::Time at = sim::Time::Zero() + sim::Duration::Minutes(1);
      if (at <= horizon_) Schedule(at, EventKind::kAutoscalingEvaluation, static_cast<uint32_t>(f));
    }
  }
}

uint32_t LambdaPlatform::FunctionOfEvent(const sim::Event& e) const {
  switch (static_cast<EventKind>(e.kind)) {
    case EventKind::kInvocationComplete:
    case EventKind::kPrewarm: return envs_[e.a].function;
    case EventKind::kArrival: return sources_[e.a].pending.function;
    case EventKind::kClientRetry: return retries_[e.a].function;
    case EventKind::kSqsVisible:
    case EventKind::kSqsPoll:
    case EventKind::kSqsScale: return static_cast<uint32_t>(sqs_[e.a].function);
    case EventKind::kStreamPoll:
      return static_cast<uint32_t>(streams_[lanes_[e.a].mapping].function);
    default: return e.a;
  }
}

void LambdaPlatform::operator()(const sim::Event& e) {
  constexpr uint64_t kPrime = 0x100000001b3ULL;
  fingerprint_ = (fingerprint_ ^ static_cast<uint64_t>(e.time.ns())) * kPrime;
  fingerprint_ = (fingerprint_ ^ ((uint64_t{e.kind} << 32) | FunctionOfEvent(e))) * kPrime;
  if (e.time >= rec_.bucket_end()) {
    // A bucket is about to close: sample the backlog ages it should report.
    if (!sqs_.empty()) SampleSqsAges(rec_.bucket_end());
    if (!streams_.empty()) SampleIteratorAges(rec_.bucket_end());
  }
  rec_.Advance(e.time);
  switch (static_cast<EventKind>(e.kind)) {
    case EventKind::kInvocationComplete: OnInvocationComplete(e.a); break;
    case EventKind::kArrival: OnArrival(e.a); break;
    case EventKind::kClientRetry: OnClientRetry(e.a); break;
    case EventKind::kIdleReclaim: OnIdleReclaim(e.a); break;
    case EventKind::kPrewarm: OnPrewarm(e.a); break;
    case EventKind::kProvisionedReady: OnProvisionedReady(e.a, static_cast<int64_t>(e.b)); break;
    case EventKind::kProvisionedSchedule:
      SetProvisionedTarget(e.a, static_cast<int64_t>(e.b));
      break;
    case EventKind::kAutoscalingEvaluation: OnAutoscalingEvaluation(e.a); break;
    case EventKind::kAsyncDispatch:
      async_[e.a].dispatch_scheduled = false;
      PumpAsync(e.a);
      break;
    case EventKind::kAsyncRetryReady: OnAsyncRetryReady(e.a, static_cast<int>(e.b)); break;
    case EventKind::kSqsVisible: OnSqsVisible(e.a); break;
    case EventKind::kSqsPoll: {
      auto& m = sqs_[e.a];
      if ((e.b & 1) == 0) {
        m.poll_scheduled = false;
      } else if ((e.b >> 1) == m.window_generation) {  // else: a stale window, pre-empted
        m.window_scheduled = false;
        m.window_open = true;
      }
      PumpSqs(e.a);
      break;
    }
    case EventKind::kSqsScale: OnSqsScale(e.a); break;
    case EventKind::kStreamPoll: {
      auto& l = lanes_[e.a];
      if ((e.b & 1) == 0) {
        l.poll_scheduled = false;
      } else if ((e.b >> 1) == l.window_generation) {
        l.window_scheduled = false;
        l.window_open = true;
      }
      PumpLane(e.a);
      break;
    }
  }
}

void LambdaPlatform::OnArrival(uint32_t source) {
  auto& src = sources_[source];
  const Arrival current = src.pending;
  src.pending = src.arrivals.Next();
  if (src.pending.time < horizon_) Schedule(src.pending.time, EventKind::kArrival, source);
  const sim::Time now = sim_.Now();
  const TrafficSpec& t = *src.spec;
  if (t.topic_index) {
    Publish(*t.topic_index, now, current.duration_ns);
    return;
  }
  switch (t.source.type) {
    case SourceType::kSqs: OnSqsMessage(static_cast<size_t>(source_mapping_[source]), now); return;
    case SourceType::kKinesis:
    case SourceType::kDynamoDb:
      OnStreamRecord(static_cast<size_t>(source_mapping_[source]), now);
      return;
    case SourceType::kDirect: break;
  }
  if (t.invocation == InvocationType::kAsync) {
    EnqueueAsync(current.function, AsyncEvent{now, current.duration_ns, 0});
    return;
  }
  HandleRequest(source, current.function, 1, now, current.duration_ns);
}

void LambdaPlatform::OnClientRetry(uint32_t retry) {
  const PendingRetry r = retries_[retry];
  free_retries_.push_back(retry);
  HandleRequest(r.source, r.function, r.attempt, r.origin, r.duration_ns);
}

LambdaPlatform::Admission LambdaPlatform::TryAdmit(size_t f) {
  const sim::Time now = sim_.Now();
  auto& fs = fns_[f];
  rec_.OnRequest(f);
  if (!fs.keep_alive.fixed() && fs.busy == 0) fs.keep_alive.OnRequestWhileIdle(now);
  Admission a;
  if (fs.reserved == 0) {
    a.reason = ThrottleReason::kReservedConcurrency;
    return a;
  }
  if (!account_rps_.HasRoom(now) || !fs.rps.HasRoom(now)) {
    a.reason = ThrottleReason::kRpsLimit;
    return a;
  }
  if (!fs.pc_idle.empty() && fs.pc_rps.HasRoom(now)) {
    a.env = fs.pc_idle.back();
    fs.pc_idle.pop_back();
    rec_.idle(f).Add(now, -1);
    fs.pc_rps.Record(now);
    a.admitted = true;
    a.on_provisioned = true;
  } else if (fs.reserved > 0 && fs.busy >= fs.reserved) {
    a.reason = ThrottleReason::kReservedConcurrency;
    return a;
  } else if (fs.reserved < 0 && unreserved_busy_ >= spec_.account.concurrency_limit -
                                                        reserved_sum_ - pc_unreserved_sum_) {
    a.reason = ThrottleReason::kAccountConcurrency;
    return a;
  } else {
    // The reuse rule's choice (policies.h); retire any past its lifetime.
    while (!fs.idle.empty()) {
      const uint32_t candidate = fs.idle.TakeForReuse();
      rec_.idle(f).Add(now, -1);
      if (now >= envs_[candidate].retire_at) {
        DestroyEnvironment(candidate);
        continue;
      }
      a.env = candidate;
      a.admitted = true;
      break;
    }
    if (!a.admitted) {
      if (!buckets_[fs.bucket].TryTake(now)) {
        a.reason = ThrottleReason::kScalingRate;
        return a;
      }
      a.env = NewEnvironment(f, false);
      a.admitted = true;
      a.cold = true;
    }
  }
  account_rps_.Record(now);
  fs.rps.Record(now);
  return a;
}

void LambdaPlatform::RecordThrottle(size_t f, ThrottleReason reason) { rec_.OnThrottle(f, reason); }

void LambdaPlatform::HandleRequest(uint32_t source, uint32_t f, int64_t attempt, sim::Time origin,
                                   int64_t duration_ns) {
  const sim::Time now = sim_.Now();
  const Admission a = TryAdmit(f);
  if (!a.admitted) {
    RecordThrottle(f, a.reason);
    const ClientRetry& client = sources_[source].client;
    if (client.MayRetryAfter(attempt)) {
      rec_.OnClientRetry(f);
      const sim::Duration backoff = client.Backoff(attempt, sources_[source].client_rng);
      const sim::Time at = now + backoff;
      if (at < horizon_) {
        uint32_t slot;
        if (!free_retries_.empty()) {
          slot = free_retries_.back();
          free_retries_.pop_back();
        } else {
          slot = static_cast<uint32_t>(retries_.size());
          retries_.emplace_back();
        }
        retries_[slot] = PendingRetry{source, f, attempt + 1, origin, duration_ns};
        Schedule(at, EventKind::kClientRetry, slot);
      }
    } else if (client.CountsFailure()) {
      rec_.OnClientFailure(f);
    }
    return;
  }
  StartInvocation(a.env, Caller::kSync, source, origin, duration_ns, a.cold, a.on_provisioned);
}

void LambdaPlatform::StartInvocation(uint32_t env, Caller caller, uint32_t caller_index,
                                     sim::Time origin, int64_t duration_ns, bool cold,
                                     bool on_provisioned) {
  const sim::Time now = sim_.Now();
  Environment& e = envs_[env];
  const size_t f = e.function;
  auto& fs = fns_[f];
  const FunctionSpec& fspec = *fs.spec;

  const int64_t timeout_ns = fspec.timeout.ns();
  int64_t run_ns = duration_ns >= 0
                       ? duration_ns
                       : sim::DurationFromSeconds(fspec.duration.Sample(fs.duration_rng)).ns();
  int64_t wait_ns = 0;  // caller waits for init before the invoke phase
  int64_t billed_init_ns = 0;
  if (cold) {
    const int64_t init_ns = sim::DurationFromSeconds(fspec.init_duration.Sample(fs.init_rng)).ns();
    const int64_t limit_ns = spec_.platform.init_limit.ns();
    if (init_ns <= limit_ns) {
      wait_ns = init_ns;
      billed_init_ns = spec_.platform.prices.bill_init ? init_ns : 0;
    } else {
      // Init exceeded its limit: it is abandoned at the limit and re-run inside the first
      // invoke ("suppressed init", §5.1), where it counts against the function timeout.
      wait_ns = limit_ns;
      billed_init_ns = spec_.platform.prices.bill_init ? limit_ns : 0;
      run_ns += init_ns;
    }
  }
  e.timed_out = run_ns > timeout_ns;
  if (e.timed_out) run_ns = timeout_ns;
  e.error = e.timed_out || (fspec.error_rate > 0 && fs.error_rng.NextDouble() < fspec.error_rate);
  e.exec_ns = run_ns;
  e.origin = origin;
  e.caller = caller;
  e.caller_index = caller_index;
  e.busy = true;

  const bool spillover = !on_provisioned && fs.pc_allocated > 0;
  rec_.OnInvocation(f, cold, on_provisioned, spillover);
  SetBusy(f, on_provisioned, +1);

  // Cost is charged when the invocation starts (its whole duration is known).
  const double gb = fs.memory_gb;
  const double request_usd = spec_.platform.prices.request_usd;
  double duration_usd;
  if (on_provisioned) {
    duration_usd = gb * static_cast<double>(CeilMs(run_ns)) * 1e-3 * fs.pc_duration_rate_usd;
  } else {
    duration_usd =
        gb * static_cast<double>(CeilMs(billed_init_ns + run_ns)) * 1e-3 * fs.duration_rate_usd;
  }
  rec_.AddCost(f, request_usd, duration_usd, 0);

  Schedule(now + sim::Duration::Nanos(wait_ns + run_ns), EventKind::kInvocationComplete, env);
}

void LambdaPlatform::SetBusy(size_t f, bool on_provisioned, int64_t delta) {
  const sim::Time now = sim_.Now();
  auto& fs = fns_[f];
  fs.busy += delta;
  rec_.concurrency(f).Add(now, delta);
  rec_.account_concurrency().Add(now, delta);
  if (on_provisioned) {
    AccumulatePcArea(fs);
    fs.pc_busy += delta;
    rec_.provisioned_busy(f).Add(now, delta);
    if (delta > 0) ++fs.minute_invocations;
  } else {
    fs.busy_on_demand += delta;
    if (fs.reserved < 0) {
      unreserved_busy_ += delta;
      rec_.unreserved_concurrency().Add(now, delta);
      rec_.claimed_concurrency().Add(now, delta);
    }
  }
}

void LambdaPlatform::OnInvocationComplete(uint32_t env) {
  const sim::Time now = sim_.Now();
  // A copy: the caller's follow-up below (a poller dispatching its next batch) may reuse this
  // very environment, or create others and so move the slab.
  const Environment done = envs_[env];
  const size_t f = done.function;
  auto& fs = fns_[f];
  // Latency as the caller sees it: from the first attempt (sync) or from when the event or
  // message entered Lambda's queue (async, SQS, streams: end-to-end processing latency).
  int64_t latency_ns = now.ns() - done.origin.ns();
  bool gateway_timeout = false;
  if (done.caller == Caller::kSync) {
    const auto& src = *sources_[done.caller_index].spec;
    if (src.api_gateway_timeout && latency_ns > src.api_gateway_timeout->ns()) {
      gateway_timeout = true;
      latency_ns = src.api_gateway_timeout->ns();
    }
  }
  rec_.OnCompletion(f, done.exec_ns, latency_ns, done.error, done.timed_out, gateway_timeout);
  envs_[env].busy = false;
  SetBusy(f, done.provisioned, -1);
  if (!fs.keep_alive.fixed() && fs.busy == 0) fs.keep_alive.OnFunctionIdle(now);

  // Release the environment first, so that a caller dispatching again at this instant can
  // reuse it warm (as Lambda would).
  const bool retire = done.timed_out || now >= done.retire_at;
  if (done.provisioned) {
    if (fs.pc_allocated > fs.pc_target) {
      DestroyEnvironment(env);
    } else if (retire) {
      // Lambda keeps the provisioned count: the reset environment is replaced at once.
      DestroyEnvironment(env);
      CreateProvisioned(f);
    } else {
      MakeIdle(env);
    }
  } else if (retire) {
    DestroyEnvironment(env);
  } else {
    MakeIdle(env);
  }
  switch (done.caller) {
    case Caller::kSync: break;
    case Caller::kAsync: OnAsyncComplete(done); break;
    case Caller::kSqs: OnSqsComplete(done); break;
    case Caller::kStream: OnStreamComplete(done); break;
  }
  // Capacity was released: queues waiting for it may dispatch now.
  if (!async_waiting_.empty()) WakeWaitingAsync();
}

void LambdaPlatform::MakeIdle(uint32_t env) {
  const sim::Time now = sim_.Now();
  Environment& e = envs_[env];
  auto& fs = fns_[e.function];
  if (e.provisioned) {
    e.idle_since = now;
    rec_.idle(e.function).Add(now, +1);
    fs.pc_idle.push_back(env);
    return;
  }
  if (fs.keep_alive.fixed()) {
    e.idle_since = now;
    e.expire_at = now + fs.keep_alive.fixed_keep_alive();
  } else {
    const KeepAlivePolicy::Windows w = fs.keep_alive.Decide();
    if (w.pre_warm > sim::Duration()) {
      // Unloaded now, re-loaded at the pre-warm instant (policies.h).
      e.unloaded = true;
      e.expire_at = now + w.pre_warm + w.keep_alive;
      rec_.environments(e.function).Add(now, -1);
      const sim::Time at = now + w.pre_warm;
      if (at < horizon_) Schedule(at, EventKind::kPrewarm, env);
      return;
    }
    e.idle_since = now;
    e.expire_at = now + w.keep_alive;
  }
  rec_.idle(e.function).Add(now, +1);
  fs.idle.Push(env, e);
  EnsureReclaimTimer(e.function);
}

void LambdaPlatform::OnPrewarm(uint32_t env) {
  const sim::Time now = sim_.Now();
  Environment& e = envs_[env];
  const uint32_t f = e.function;
  if (now >= e.retire_at) {  // past its lifetime: not re-loaded
    DestroyEnvironment(env);
    return;
  }
  e.unloaded = false;
  rec_.environments(f).Add(now, +1);
  e.idle_since = now;
  rec_.idle(f).Add(now, +1);
  fns_[f].idle.Push(env, e);
  EnsureReclaimTimer(f);
}

// One pending kIdleReclaim at the earliest expiry. Under the fixed keep-alive expiries come
// in release order, so a new idle environment never expires before the pending timer; under
// the hybrid policy one may, and an earlier timer is added (the later one then finds nothing
// or less to do).
void LambdaPlatform::EnsureReclaimTimer(size_t f) {
  auto& fs = fns_[f];
  if (fs.idle.empty()) return;
  const sim::Time at = envs_[fs.idle.NextExpiring()].expire_at;
  if (fs.reclaim_pending && at >= fs.reclaim_at) return;
  if (at >= horizon_) return;
  fs.reclaim_pending = true;
  fs.reclaim_at = at;
  Schedule(at, EventKind::kIdleReclaim, static_cast<uint32_t>(f));
}

void LambdaPlatform::OnIdleReclaim(uint32_t f) {
  const sim::Time now = sim_.Now();
  auto& fs = fns_[f];
  if (now >= fs.reclaim_at) fs.reclaim_pending = false;
  while (!fs.idle.empty() && envs_[fs.idle.NextExpiring()].expire_at <= now) {
    const uint32_t env = fs.idle.NextExpiring();
    fs.idle.PopNextExpiring();
    rec_.idle(f).Add(now, -1);
    DestroyEnvironment(env);
  }
  EnsureReclaimTimer(f);
}

uint32_t LambdaPlatform::NewEnvironment(size_t f, bool provisioned) {
  const sim::Time now = sim_.Now();
  uint32_t id;
  if (!free_envs_.empty()) {
    id = free_envs_.back();
    free_envs_.pop_back();
  } else {
    if (envs_.size() >= 0xFFFFFFFFu) throw std::runtime_error("too many execution environments");
    id = static_cast<uint32_t>(envs_.size());
    envs_.emplace_back();
  }
  auto& fs = fns_[f];
  Environment& e = envs_[id];
  e = Environment{};
  e.function = static_cast<uint32_t>(f);
  e.provisioned = provisioned;
  e.created = now;
  e.retire_at = now + sim::DurationFromSeconds(fs.spec->max_lifetime.Sample(fs.lifetime_rng));
  rec_.OnEnvironmentCreated(f);
  rec_.environments(f).Add(now, +1);
  return id;
}

void LambdaPlatform::DestroyEnvironment(uint32_t env) {
  Environment& e = envs_[env];
  if (!e.unloaded) rec_.environments(e.function).Add(sim_.Now(), -1);
  if (e.provisioned) {
    auto& fs = fns_[e.function];
    AccumulatePcArea(fs);
    --fs.pc_allocated;
    rec_.provisioned_allocated(e.function).Add(sim_.Now(), -1);
    fs.pc_rps.set_limit(spec_.platform.rps_per_concurrency * fs.pc_allocated);
  }
  free_envs_.push_back(env);
}

void LambdaPlatform::Finish(sim::Time end) {
  for (size_t f = 0; f < fns_.size(); ++f) ClosePcBillingPeriod(f, end);
}

// --- provisioned concurrency ---------------------------------------------------------

void LambdaPlatform::AccumulatePcArea(FunctionState& fs) {
  const sim::Time now = sim_.Now();
  const int64_t dt = now.ns() - fs.pc_area_last.ns();
  fs.pc_busy_area += static_cast<Int128>(fs.pc_busy) * dt;
  fs.pc_alloc_area += static_cast<Int128>(fs.pc_allocated) * dt;
  fs.pc_area_last = now;
}

void LambdaPlatform::ClosePcBillingPeriod(size_t f, sim::Time now) {
  auto& fs = fns_[f];
  if (fs.pc_target > 0) {
    const int64_t billed_ns = CeilFiveMinutesNs(now.ns() - fs.pc_period_start.ns());
    const double usd = fs.memory_gb * static_cast<double>(fs.pc_target) *
                       static_cast<double>(billed_ns) * 1e-9 * fs.pc_rate_usd;
    rec_.AddCost(f, 0, 0, usd);
  }
  fs.pc_period_start = now;
}

void LambdaPlatform::SetProvisionedTarget(size_t f, int64_t target) {
  const sim::Time now = sim_.Now();
  auto& fs = fns_[f];
  if (target == fs.pc_target) return;
  ClosePcBillingPeriod(f, now);
  if (fs.reserved < 0) {
    pc_unreserved_sum_ += target - fs.pc_target;
    rec_.claimed_concurrency().Add(now, target - fs.pc_target);
  }
  fs.pc_target = target;
  if (target > fs.pc_allocated) {
    // Preparation delay U(min, max), then up to pc_allocation_per_minute environments a
    // minute; all of them become usable at once (§2.2).
    const auto& d = *fs.spec;
    const double lo = d.pc_allocation_delay_min.seconds();
    const double hi = d.pc_allocation_delay_max.seconds();
    const double delay_s = lo + (hi - lo) * fs.pc_rng.NextDouble();
    const int64_t per_minute = std::max<int64_t>(1, spec_.platform.pc_allocation_per_minute);
    const int64_t extra_minutes = (target - fs.pc_allocated + per_minute - 1) / per_minute - 1;
    const sim::Time at = now + sim::DurationFromSeconds(delay_s) +
                         sim::Duration::Minutes(std::max<int64_t>(0, extra_minutes));
    if (at < horizon_)
      Schedule(at, EventKind::kProvisionedReady, static_cast<uint32_t>(f),
               static_cast<uint64_t>(target));
  }
  // Shrink: idle provisioned environments go at once, busy ones when they finish.
  while (fs.pc_allocated > fs.pc_target && !fs.pc_idle.empty()) {
    const uint32_t env = fs.pc_idle.back();
    fs.pc_idle.pop_back();
    rec_.idle(f).Add(now, -1);
    DestroyEnvironment(env);
  }
}

void LambdaPlatform::CreateProvisioned(size_t f) {
  const sim::Time now = sim_.Now();
  auto& fs = fns_[f];
  const uint32_t env = NewEnvironment(f, true);
  AccumulatePcArea(fs);
  ++fs.pc_allocated;
  rec_.provisioned_allocated(f).Add(now, +1);
  fs.pc_rps.set_limit(spec_.platform.rps_per_concurrency * fs.pc_allocated);
  // Init of provisioned environments runs off the request path but is billed (§4.4) at
  // the provisioned duration rate [INFERRED].
  const int64_t init_ns = sim::DurationFromSeconds(fs.spec->init_duration.Sample(fs.init_rng)).ns();
  rec_.AddCost(f, 0,
               fs.memory_gb * static_cast<double>(CeilMs(init_ns)) * 1e-3 * fs.pc_duration_rate_usd,
               0);
  MakeIdle(env);
}

void LambdaPlatform::OnProvisionedReady(uint32_t f, int64_t requested) {
  auto& fs = fns_[f];
  const int64_t goal = std::min(fs.pc_target, requested);
  while (fs.pc_allocated < goal) CreateProvisioned(f);
}

void LambdaPlatform::OnAutoscalingEvaluation(uint32_t f) {
  const sim::Time now = sim_.Now();
  auto& fs = fns_[f];
  const auto& as = fs.spec->provisioned_autoscaling;
  AccumulatePcArea(fs);
  const Int128 busy_area = fs.pc_busy_area;
  const Int128 alloc_area = fs.pc_alloc_area;
  const uint64_t invocations = fs.minute_invocations;
  fs.pc_busy_area = 0;
  fs.pc_alloc_area = 0;
  fs.minute_invocations = 0;
  const sim::Time next = now + sim::Duration::Minutes(1);
  if (next <= horizon_) Schedule(next, EventKind::kAutoscalingEvaluation, f);

  // No traffic (or nothing allocated): the alarms see INSUFFICIENT_DATA and do nothing.
  if (alloc_area == 0 || invocations == 0) {
    fs.above = fs.below = 0;
    return;
  }
  const double utilization = static_cast<double>(busy_area) / static_cast<double>(alloc_area);
  const double target = as.target_utilization;
  const auto desired = [&] {
    const double want = std::ceil(static_cast<double>(fs.pc_target) * utilization / target);
    return std::clamp(static_cast<int64_t>(want), as.min, as.max);
  };
  if (utilization > target) {
    fs.below = 0;
    if (++fs.above >= as.scale_out_datapoints) {
      fs.above = 0;
      const int64_t d = desired();
      if (d > fs.pc_target) SetProvisionedTarget(f, d);
    }
  } else if (utilization < as.scale_in_ratio * target) {
    fs.above = 0;
    if (++fs.below >= as.scale_in_datapoints) {
      fs.below = 0;
      const int64_t d = desired();
      if (d < fs.pc_target) SetProvisionedTarget(f, d);
    }
  } else {
    fs.above = fs.below = 0;
  }
}

}  // namespace lambdasim
