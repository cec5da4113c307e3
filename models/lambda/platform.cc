// models/lambda/platform.cc — LambdaPlatform: construction, start, the event dispatch, traffic
// arrivals and the synchronous path (platform.h).
#include "models/lambda/platform.h"

#include "models/lambda/admission_path.h"

#include <string>

#include "sim/memory_hint.h"

namespace lambdasim {

// TrafficSpec::label, or its default: the function name, with "#k" for the k-th entry (k >= 2)
// of the same function. Inserting an entry for another function changes no label.
LambdaPlatform::LambdaPlatform(const ScenarioSpec& spec, sim::Simulation& sim,
                               MetricsRecorder& recorder)
    : spec_(spec),
      sim_(sim),
      rec_(recorder),
      core_(spec, sim, recorder),
      async_(core_, recorder, spec.functions.size()),
      calls_(core_, async_, recorder),
      fanout_(spec, async_),
      sqs_(core_, recorder),
      streams_(core_, recorder),
      fifo_(core_, recorder),
      kafka_(core_, recorder),
      maps_(core_, recorder),
      gateway_(spec) {
  for (const auto& fn : spec.functions)
    if (!fn.calls.empty()) core_.SetCallChains(&calls_);
  const sim::Time horizon = core_.horizon();
  sources_.reserve(spec.traffic.size());  // advised for huge pages before it is filled
  sim::AdviseHugePages(sources_.data(), sources_.capacity() * sizeof(SourceState));
  // Every stream of a traffic entry is named after its label (arrivals/, client/, source/).
  const std::vector<std::string> labels = TrafficLabels(spec);
  for (size_t s = 0; s < spec.traffic.size(); ++s) {
    const auto& t = spec.traffic[s];
    sources_.push_back(SourceState{
        &t,
        ArrivalProcess(spec, s, horizon,
                       sim::RngStream(spec.seed, spec.replication, "arrivals/" + labels[s])),
        ClientRetry(&t.client), sim::RngStream(spec.seed, spec.replication, "client/" + labels[s]),
        Arrival{}});
  }
  if (sources_.size() >= PlatformCore::kPrefetchFunctionsFrom) core_.WantFunctionHints();
  // Warm-up: the same entries as constant-rate processes at their t = 0 rate, over
  // [−warmup, 0), each on its own stream ("warmup/<label>") so the measured period's arrivals
  // are those of a run without a warm-up.
  if (spec.warmup > sim::Duration()) {
    warm_spec_.traffic.reserve(spec.traffic.size());
    for (size_t s = 0; s < spec.traffic.size(); ++s) {
      TrafficSpec w = spec.traffic[s];
      w.rate_per_s = RateAtStart(spec, s);
      w.shape = ShapeKind::kConstant;
      w.start = sim::Duration() - spec.warmup;
      w.end = sim::Duration();
      warm_spec_.traffic.push_back(std::move(w));
    }
    for (size_t s = 0; s < spec.traffic.size(); ++s) {
      warm_.emplace_back(warm_spec_, s, sim::Time::Zero(),
                         sim::RngStream(spec.seed, spec.replication, "warmup/" + labels[s]));
      sources_[s].warming = warm_spec_.traffic[s].rate_per_s > 0;
    }
  }
  // Event source mappings, one per producing traffic source.
  // Constructor locals: each source's route below keeps the index it needs.
  std::vector<int32_t> source_mapping(spec.traffic.size(), -1);  // into the source's container
  for (size_t s = 0; s < spec.traffic.size(); ++s) {
    const auto& t = spec.traffic[s];
    sim::RngStream rng(spec.seed, spec.replication, "source/" + labels[s]);
    // FIFO queues and Kafka draw from new stream names, so no existing stream moves.
    if (t.source.type == SourceType::kSqs && t.source.fifo) {
      source_mapping[s] = static_cast<int32_t>(
          fifo_.Add(s, t, sim::RngStream(spec.seed, spec.replication, "sqs-fifo/" + labels[s])));
    } else if (t.source.type == SourceType::kKafka) {
      source_mapping[s] = static_cast<int32_t>(
          kafka_.Add(s, t, sim::RngStream(spec.seed, spec.replication, "kafka/" + labels[s])));
    } else if (t.source.type == SourceType::kSqs) {
      source_mapping[s] = static_cast<int32_t>(sqs_.Add(s, t, rng));
    } else if (t.source.type == SourceType::kKinesis || t.source.type == SourceType::kDynamoDb) {
      source_mapping[s] = static_cast<int32_t>(streams_.Add(s, t, rng));
    }
  }
  // Step Functions Map entries: item counts drawn from "map/<label>" (a new name, so no other
  // stream moves); the recorder keeps their metrics by entry.
  std::vector<int32_t> source_map(spec.traffic.size(), -1);  // its Map entry in maps_, or -1
  std::vector<MapSummary> map_entries;
  const std::vector<std::string> map_labels = MapEntryLabels(spec);  // summary.json's order
  for (size_t s = 0; s < spec.traffic.size(); ++s) {
    const auto& t = spec.traffic[s];
    if (!t.map) continue;
    source_map[s] = static_cast<int32_t>(
        maps_.AddEntry(*t.map, static_cast<uint32_t>(t.function_index),
                       sim::RngStream(spec.seed, spec.replication, "map/" + labels[s])));
    MapSummary m;
    m.label = map_labels[map_entries.size()];
    m.function = t.function;
    m.kind = t.map->kind == MapKind::kDistributed ? "distributed" : "inline";
    m.bound = t.map->Bound();
    map_entries.push_back(std::move(m));
  }
  // A function's `calls:` entries with `map:`: runs drawn from "map/call/<caller>/<k>", results
  // under the label "<caller>/calls/<k>" ('/' is not allowed in traffic labels).
  for (size_t f = 0; f < spec.functions.size(); ++f) {
    const FunctionSpec& fn = spec.functions[f];
    for (size_t k = 0; k < fn.calls.size(); ++k) {
      const CallSpec& c = fn.calls[k];
      if (c.kind != CallKind::kMap || !c.map) continue;
      const uint32_t entry =
          maps_.AddEntry(*c.map, static_cast<uint32_t>(c.function_index),
                         sim::RngStream(spec.seed, spec.replication,
                                        "map/call/" + fn.name + "/" + std::to_string(k)));
      calls_.SetMapEntry(static_cast<uint32_t>(f), k, &maps_, entry);
      MapSummary m;
      m.label = map_labels[map_entries.size()];
      m.function = c.function;
      m.kind = c.map->kind == MapKind::kDistributed ? "distributed" : "inline";
      m.bound = c.map->Bound();
      map_entries.push_back(std::move(m));
    }
  }
  if (!map_entries.empty()) rec_.SetMapEntries(std::move(map_entries));
  // Each source's route, in the order OnArrival used to test the TrafficSpec.
  for (size_t s = 0; s < spec.traffic.size(); ++s) {
    const TrafficSpec& t = spec.traffic[s];
    SourceState& src = sources_[s];
    src.via_gateway = t.via_api_gateway;
    src.mapping = source_mapping[s];
    if (t.topic_index) {
      src.route = Route::kTopic;
    } else if (source_map[s] >= 0) {
      src.route = Route::kMap;
      src.mapping = source_map[s];
    } else if (t.source.type == SourceType::kSqs) {
      src.route = t.source.fifo ? Route::kSqsFifo : Route::kSqs;
    } else if (t.source.type == SourceType::kKafka) {
      src.route = Route::kKafka;
    } else if (t.source.type == SourceType::kKinesis || t.source.type == SourceType::kDynamoDb) {
      src.route = Route::kStream;
    } else {
      src.route = t.invocation == InvocationType::kAsync ? Route::kAsync : Route::kSync;
    }
  }
}

void LambdaPlatform::Start() {
  core_.StartAccount();
  sqs_.Start();
  kafka_.Start();
  for (uint32_t s = 0; s < sources_.size(); ++s) {
    sources_[s].pending = NextArrival(s, /*first=*/true);
    ScheduleArrival(s);
  }
  core_.StartFunctions();
}

uint32_t LambdaPlatform::FunctionOfEvent(const sim::Event& e) const {
  switch (static_cast<EventKind>(e.kind)) {
    // A completion's and an arrival's function travel in the event (b), so the fingerprint
    // reads no environment or source state.
    case EventKind::kInvocationComplete:
    case EventKind::kArrival: return static_cast<uint32_t>(e.b);
    case EventKind::kPrewarm: return core_.env(e.a).function;
    case EventKind::kClientRetry: return retries_[e.a].function;
    case EventKind::kSqsVisible:
    case EventKind::kSqsPoll:
    case EventKind::kSqsScale: return sqs_.FunctionOf(e.a);
    case EventKind::kStreamPoll: return streams_.FunctionOfLane(e.a);
    case EventKind::kMapRetry: return maps_.FunctionOfRetry(e.a);
    case EventKind::kCallerCall:
    case EventKind::kCallerEnd: return calls_.FunctionOfSlot(e.a);
    case EventKind::kSqsFifoPoll: return fifo_.FunctionOfGroup(e.a);
    case EventKind::kKafkaPoll: return kafka_.FunctionOfPartition(e.a);
    case EventKind::kKafkaScale: return kafka_.FunctionOf(e.a);
    default: return e.a;
  }
}

void LambdaPlatform::operator()(const sim::Event& e) { Dispatch(e); }

void LambdaPlatform::RunUntil(sim::Time end) {
  struct Loop {  // the platform as Simulation's handler, with Dispatch inline
    LambdaPlatform& p;
    [[gnu::always_inline]] void operator()(const sim::Event& e) { p.Dispatch(e); }
    [[gnu::always_inline]] void Prefetch(const sim::Event& e) const { p.Prefetch(e); }
    [[gnu::always_inline]] void PrefetchNext(const sim::Event& e) const { p.PrefetchNext(e); }
    [[gnu::always_inline]] bool HintsWanted() const { return p.HintsWanted(); }
  };
  sim_.RunUntil(end, Loop{*this});
}

[[gnu::always_inline]] inline void LambdaPlatform::Dispatch(const sim::Event& e) {
  constexpr uint64_t kPrime = 0x100000001b3ULL;
  const auto kind = static_cast<EventKind>(e.kind);
  // Nearly every event is a completion or an arrival; both carry their function in b
  // (FunctionOfEvent's first case), so neither pays for the switch.
  const bool common = kind == EventKind::kInvocationComplete || kind == EventKind::kArrival;
  const uint32_t function = common ? static_cast<uint32_t>(e.b) : FunctionOfEvent(e);
  fingerprint_ = (fingerprint_ ^ static_cast<uint64_t>(e.time.ns())) * kPrime;
  fingerprint_ = (fingerprint_ ^ ((uint64_t{e.kind} << 32) | function)) * kPrime;
  if (e.time >= rec_.bucket_end()) [[unlikely]] {
    // A bucket is about to close: sample the backlog ages it should report, then close it
    // (Advance's own test is this one, so it is made once per event).
    if (!sqs_.empty()) sqs_.SampleAges(rec_.bucket_end());
    if (!streams_.empty()) streams_.SampleAges(rec_.bucket_end());
    if (!fifo_.empty()) fifo_.SampleAges(rec_.bucket_end());
    rec_.Advance(e.time);
  }
  if (kind == EventKind::kInvocationComplete) {
    OnInvocationComplete(e.a);
  } else if (kind == EventKind::kArrival) {
    OnArrival(e.a);
  } else {
    DispatchOther(e);
  }
}

void LambdaPlatform::DispatchOther(const sim::Event& e) {
  switch (static_cast<EventKind>(e.kind)) {
    case EventKind::kInvocationComplete:
    case EventKind::kArrival: break;  // operator()'s own cases
    case EventKind::kClientRetry: OnClientRetry(e.a); break;
    case EventKind::kIdleReclaim: core_.OnIdleReclaim(e.a); break;
    case EventKind::kPrewarm: core_.OnPrewarm(e.a); break;
    case EventKind::kProvisionedReady:
      core_.OnProvisionedReady(e.a, static_cast<int64_t>(e.b));
      break;
    case EventKind::kProvisionedSchedule:
      core_.SetProvisionedTarget(e.a, static_cast<int64_t>(e.b));
      break;
    case EventKind::kAutoscalingEvaluation: core_.OnAutoscalingEvaluation(e.a); break;
    case EventKind::kAsyncDispatch: async_.OnDispatchTimer(e.a); break;
    case EventKind::kAsyncRetryReady: async_.OnRetryReady(e.a, static_cast<int>(e.b)); break;
    case EventKind::kSqsVisible: sqs_.OnVisible(e.a); break;
    case EventKind::kSqsPoll: sqs_.OnPoll(e.a, e.b); break;
    case EventKind::kSqsScale: sqs_.OnScale(e.a); break;
    case EventKind::kStreamPoll: streams_.OnPoll(e.a, e.b); break;
    case EventKind::kMapRetry:
      if (auto d = maps_.OnRetry(e.a)) calls_.OnMapRunDone(*d);
      break;
    case EventKind::kCallerCall: calls_.OnCall(e.a, e.b); break;
    case EventKind::kCallerEnd: {
      uint32_t env = 0;
      if (calls_.OnEnd(e.a, e.b, &env)) OnInvocationComplete(env);
      break;
    }
    case EventKind::kSqsFifoPoll: fifo_.OnPoll(e.a, e.b); break;
    case EventKind::kKafkaPoll: kafka_.OnPoll(e.a, e.b); break;
    case EventKind::kKafkaScale: kafka_.OnScale(e.a, e.b); break;
    case EventKind::kManagedScale: core_.OnManagedScale(e.a); break;
    case EventKind::kManagedLaunch:
      core_.OnManagedLaunch(e.a, static_cast<int64_t>(e.b));
      async_.OnCapacityReleased();  // queued async events may dispatch onto the new instances
      break;
  }
}

Arrival LambdaPlatform::NextArrival(uint32_t source, bool first) {
  auto& src = sources_[source];
  if (src.warming) {
    const Arrival a = first ? warm_[source].First() : warm_[source].Next();
    if (a.time < sim::Time::Zero()) return a;
    src.warming = false;
    return src.arrivals.First();
  }
  return first ? src.arrivals.First() : src.arrivals.Next();
}

[[gnu::always_inline]] inline void LambdaPlatform::OnArrival(uint32_t source) {
  auto& src = sources_[source];
  const Arrival current = src.pending;
  if (src.warming)
    src.pending = NextArrival(source, false);
  else
    src.arrivals.NextInto(src.pending);
  ScheduleArrival(source);
  const sim::Time now = core_.Now();
  // A synchronous or asynchronous request (Route's first two) is delivered here; the rest
  // feed a topic, a Map run or an event source mapping.
  if (src.route > Route::kAsync) [[unlikely]] {
    const auto mapping = static_cast<size_t>(src.mapping);
    switch (src.route) {
      case Route::kSync:
      case Route::kAsync: break;
      case Route::kTopic: fanout_.Publish(*src.spec->topic_index, now, current.duration_ns); break;
      case Route::kMap:  // a Map run starts; its end needs no follow-up here
        maps_.Start(static_cast<uint32_t>(mapping), source);
        break;
      case Route::kSqs: sqs_.OnMessage(mapping, now); break;
      case Route::kSqsFifo: fifo_.OnMessage(mapping, now); break;
      case Route::kKafka: kafka_.OnRecord(mapping, now); break;
      case Route::kStream: streams_.OnRecord(mapping, now); break;
    }
    return;
  }
  Deliver(source, current.function, 1, now, current.duration_ns);
}

// Inlined into OnArrival (and Start): a call here cost about 17 instructions per request.
[[gnu::always_inline]] inline void LambdaPlatform::ScheduleArrival(uint32_t source) {
  const Arrival& next = sources_[source].pending;
  if (next.time >= core_.horizon()) return;
  sim_.ScheduleLaneAt(source, next.time, PriorityOf(EventKind::kArrival),
                      static_cast<uint32_t>(EventKind::kArrival), source, next.function);
}

void LambdaPlatform::OnClientRetry(uint32_t retry) {
  const PendingRetry r = retries_[retry];
  free_retries_.push_back(retry);
  Deliver(r.source, r.function, r.attempt, r.origin, r.duration_ns);
}

// Inlined into OnArrival and OnClientRetry (a call cost about 20 instructions per request).
[[gnu::always_inline]] inline void LambdaPlatform::Deliver(uint32_t source, uint32_t f,
                                                           int64_t attempt, sim::Time origin,
                                                           int64_t duration_ns) {
  const sim::Time now = core_.Now();
  const SourceState& src = sources_[source];
  // API Gateway first: a refused request gets its 429 there and never reaches Lambda (not a
  // Lambda request or throttle); its client retries it as it would a Lambda 429.
  if (src.via_gateway && gateway_.Admit(source, now) != GatewayRefusal::kNone) {
    rec_.OnGatewayThrottle(f);
    RetryOrGiveUp(source, f, attempt, origin, duration_ns);
    return;
  }
  if (src.route == Route::kAsync) {
    async_.OnEnqueue(f, AsyncEvent{now, duration_ns, 0});
    return;
  }
  if (core_.plain(f))
    HandleRequest<true>(source, f, attempt, origin, duration_ns);
  else
    HandleRequest<false>(source, f, attempt, origin, duration_ns);
}

template <bool kPlain>
[[gnu::always_inline]] inline void LambdaPlatform::HandleRequest(uint32_t source, uint32_t f,
                                                                 int64_t attempt, sim::Time origin,
                                                                 int64_t duration_ns) {
  const Admission a = kPlain ? core_.TryAdmitPlain(f) : core_.TryAdmit(f);
  if (!a.admitted) {
    core_.RecordThrottle(f, a.reason);
    RetryOrGiveUp(source, f, attempt, origin, duration_ns);
    return;
  }
  core_.StartInline<kPlain>(a.env, Caller::kSync, source, origin, duration_ns, a.cold,
                            a.on_provisioned);
}

void LambdaPlatform::RetryOrGiveUp(uint32_t source, uint32_t f, int64_t attempt, sim::Time origin,
                                   int64_t duration_ns) {
  const ClientRetry& client = sources_[source].client;
  if (!client.MayRetryAfter(attempt)) {
    if (client.CountsFailure()) rec_.OnClientFailure(f);
    return;
  }
  rec_.OnClientRetry(f);
  const sim::Duration backoff = client.Backoff(attempt, sources_[source].client_rng);
  const sim::Time at = core_.Now() + backoff;
  if (at >= core_.horizon()) return;
  uint32_t slot;
  if (!free_retries_.empty()) {
    slot = free_retries_.back();
    free_retries_.pop_back();
  } else {
    slot = static_cast<uint32_t>(retries_.size());
    retries_.emplace_back();
  }
  retries_[slot] = PendingRetry{source, f, attempt + 1, origin, duration_ns};
  core_.Schedule(at, EventKind::kClientRetry, slot);
}

// Out of line (operator() is inlined into the event loop, which should not carry the
// completion's registers for arrivals); the synchronous completion's body is inlined here.
[[gnu::noinline]] void LambdaPlatform::OnInvocationComplete(uint32_t env) {
  // The core records the invocation, frees its concurrency and releases the environment
  // first, so that a caller dispatching again at this instant can reuse it warm (as Lambda
  // would); `done` is the environment as it was.
  const Environment& e = core_.env(env);
  if (e.caller == Caller::kSync) {  // no follow-up: no copy of the environment
    if (core_.plain(e.function))
      core_.CompleteInline<true>(env, nullptr);
    else
      core_.CompleteInline<false>(env, nullptr);
    async_.OnCapacityReleased();
    return;
  }
  OnFollowUpComplete(env);
}

void LambdaPlatform::OnFollowUpComplete(uint32_t env) {
  Environment done;
  core_.Complete(env, &done);
  switch (done.caller) {
    case Caller::kSync: break;
    case Caller::kAsync: async_.OnInvocationComplete(done); break;
    case Caller::kSqs: sqs_.OnInvocationComplete(done); break;
    case Caller::kStream: streams_.OnInvocationComplete(done); break;
    case Caller::kMap:
      if (auto d = maps_.OnInvocationComplete(done)) calls_.OnMapRunDone(*d);
      break;
    case Caller::kCall: calls_.OnCalleeComplete(done); break;
    case Caller::kSqsFifo: fifo_.OnInvocationComplete(done); break;
    case Caller::kKafka: kafka_.OnInvocationComplete(done); break;
  }
  // Capacity was released: queues waiting for it may dispatch now.
  async_.OnCapacityReleased();
}

}  // namespace lambdasim
