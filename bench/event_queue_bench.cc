// bench/event_queue_bench.cc — the classic HOLD model on sim::EventQueue.
//
// Pre-fill N pending events at Exp(1 s) times, then each hold operation pops the minimum
// and pushes a new event at (popped time + Exp(1 s)). items_per_second = hold operations
// per second. The increment is drawn in the loop with sim::RngStream and our exponential,
// so the figure includes one RNG draw + one log + one DurationFromSeconds per operation,
// as a model would pay. Variants:
//   BM_HoldReplaceTop   — replace_top (one sift-down per hold)
//   BM_HoldPopPush      — pop() then push() (sift-down + sift-up)
//   BM_HoldReplaceTopPreDrawn — replace_top with increments pre-drawn into a ring buffer:
//                          the heap cost alone
//   BM_SimulationHold   — the same model through sim::Simulation::Schedule + RunUntil with
//                          a trivial handler that reschedules itself: kernel cost per event.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "sim/distribution.h"
#include "sim/event_queue.h"
#include "sim/rng.h"
#include "sim/simulation.h"
#include "sim/time.h"

namespace {

const sim::Distribution kExp1 = sim::Distribution::Exponential(1.0);  // mean 1 s

sim::Event MakeEvent(sim::Time t, uint64_t seq) {
  sim::Event e;
  e.time = t;
  e.order = seq;  // priority 0
  e.kind = 1;
  e.a = static_cast<uint32_t>(seq);
  return e;
}

void Prefill(sim::EventQueue& q, sim::RngStream& rng, int64_t n, uint64_t& seq) {
  q.reserve(static_cast<size_t>(n) + 1);
  for (int64_t i = 0; i < n; ++i)
    q.push(MakeEvent(sim::Time::Zero() + sim::DurationFromSeconds(kExp1.Sample(rng)), seq++));
}

void BM_HoldReplaceTop(benchmark::State& state) {
  sim::RngStream rng(1, 0, "bench/hold");
  sim::EventQueue q;
  uint64_t seq = 0;
  Prefill(q, rng, state.range(0), seq);
  for (auto _ : state) {
    const sim::Time t = q.top().time + sim::DurationFromSeconds(kExp1.Sample(rng));
    const sim::Event popped = q.replace_top(MakeEvent(t, seq++));
    benchmark::DoNotOptimize(popped);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_HoldPopPush(benchmark::State& state) {
  sim::RngStream rng(1, 0, "bench/hold");
  sim::EventQueue q;
  uint64_t seq = 0;
  Prefill(q, rng, state.range(0), seq);
  for (auto _ : state) {
    const sim::Event popped = q.pop();
    q.push(MakeEvent(popped.time + sim::DurationFromSeconds(kExp1.Sample(rng)), seq++));
    benchmark::DoNotOptimize(popped);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_HoldReplaceTopPreDrawn(benchmark::State& state) {
  sim::RngStream rng(1, 0, "bench/hold");
  sim::EventQueue q;
  uint64_t seq = 0;
  Prefill(q, rng, state.range(0), seq);
  constexpr size_t kRing = 1 << 16;
  std::vector<sim::Duration> inc(kRing);
  for (auto& d : inc) d = sim::DurationFromSeconds(kExp1.Sample(rng));
  size_t k = 0;
  for (auto _ : state) {
    const sim::Time t = q.top().time + inc[k++ & (kRing - 1)];
    const sim::Event popped = q.replace_top(MakeEvent(t, seq++));
    benchmark::DoNotOptimize(popped);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_SimulationHold(benchmark::State& state) {
  sim::RngStream rng(1, 0, "bench/hold");
  sim::Simulation s;
  const int64_t n = state.range(0);
  s.Reserve(static_cast<size_t>(n) + 1);
  for (int64_t i = 0; i < n; ++i) s.Schedule(sim::DurationFromSeconds(kExp1.Sample(rng)), 0, 1);
  constexpr int64_t kBatch = 4096;
  int64_t left = 0;
  auto handler = [&](const sim::Event& e) {
    s.Schedule(sim::DurationFromSeconds(kExp1.Sample(rng)), 0, e.kind, e.a);
    if (--left == 0) s.Stop();
  };
  while (state.KeepRunningBatch(kBatch)) {
    left = kBatch;
    s.RunUntil(sim::Time::Max(), handler);
  }
  state.SetItemsProcessed(static_cast<int64_t>(s.events_processed()));
  state.counters["pending"] = static_cast<double>(s.pending());
}

#define HOLD_SIZES RangeMultiplier(10)->Range(100, 100000)
BENCHMARK(BM_HoldReplaceTop)->HOLD_SIZES;
BENCHMARK(BM_HoldPopPush)->HOLD_SIZES;
BENCHMARK(BM_HoldReplaceTopPreDrawn)->HOLD_SIZES;
BENCHMARK(BM_SimulationHold)->HOLD_SIZES;

}  // namespace

BENCHMARK_MAIN();
