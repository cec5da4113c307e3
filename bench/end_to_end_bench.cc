// bench/end_to_end_bench.cc — simulated invocations per wall-second, end to end.
//
// BM_SingleFunction: one function at ~1 000 concurrency (10 000 RPS × 100 ms exponential,
// 250 ms cold starts) for a simulated hour (argument: simulated minutes), with the whole
// model on: RPS windows, scaling bucket, keep-alive, lifetimes, metrics, histograms.
// BM_HundredFunctions: 100 functions sharing one account (100 RPS × 100 ms each, a few
// with reserved concurrency). Counters: invocations per wall-second, events per
// wall-second, peak RSS (ru_maxrss, MiB) — which must not grow with the simulated horizon.
#include <sys/resource.h>

#include <benchmark/benchmark.h>

#include "models/run/runner.h"
#include "models/spec/platform_profile.h"
#include "models/spec/scenario_spec.h"

namespace {

using lambdasim::ScenarioSpec;

ScenarioSpec Base(int64_t minutes) {
  ScenarioSpec spec;
  spec.name = "bench";
  spec.duration = sim::Duration::Minutes(minutes);
  spec.seed = 1;
  spec.platform = *lambdasim::LookupPlatform("aws-2023", "us-east-1");
  spec.scaling = {spec.platform.scaling_burst, spec.platform.scaling_refill_count,
                  spec.platform.scaling_refill_period};
  spec.account = {2000, 100};
  return spec;
}

void AddFn(ScenarioSpec& spec, const std::string& name, double rate,
           std::optional<int64_t> reserved = {}) {
  lambdasim::FunctionSpec f;
  f.name = name;
  f.memory_mb = 512;
  f.timeout = sim::Duration::Seconds(30);
  f.duration = sim::Distribution::Exponential(0.1);
  f.init_duration = sim::Distribution::Constant(0.25);
  f.reserved_concurrency = reserved;
  spec.functions.push_back(f);
  lambdasim::TrafficSpec t;
  t.function = name;
  t.function_index = spec.functions.size() - 1;
  t.rate_per_s = rate;
  spec.traffic.push_back(t);
}

double PeakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

void Report(benchmark::State& state, uint64_t invocations, uint64_t events) {
  state.counters["invocations_per_s"] =
      benchmark::Counter(static_cast<double>(invocations), benchmark::Counter::kIsRate);
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["peak_rss_mib"] = PeakRssMiB();
}

void BM_SingleFunction(benchmark::State& state) {
  auto spec = Base(state.range(0));
  AddFn(spec, "api", 10000);
  uint64_t invocations = 0, events = 0;
  for (auto _ : state) {
    const auto r = lambdasim::RunScenario(spec);
    invocations += r.account.invocations;
    events += r.manifest.events_processed;
    benchmark::DoNotOptimize(r.account.concurrency_mean);
  }
  Report(state, invocations, events);
}
BENCHMARK(BM_SingleFunction)->Arg(15)->Arg(60)->Arg(240)->Unit(benchmark::kSecond)->Iterations(1);

void BM_HundredFunctions(benchmark::State& state) {
  auto spec = Base(state.range(0));
  spec.account.concurrency_limit = 2000;
  for (int i = 0; i < 100; ++i) {
    std::optional<int64_t> reserved;
    if (i % 10 == 0) reserved = 15;
    AddFn(spec, "fn" + std::to_string(i), 100, reserved);
  }
  uint64_t invocations = 0, events = 0;
  for (auto _ : state) {
    const auto r = lambdasim::RunScenario(spec);
    invocations += r.account.invocations;
    events += r.manifest.events_processed;
    benchmark::DoNotOptimize(r.account.concurrency_mean);
  }
  Report(state, invocations, events);
}
BENCHMARK(BM_HundredFunctions)->Arg(60)->Unit(benchmark::kSecond)->Iterations(1);

// An async function whose queue builds a sustained backlog: 1 100 events/s into a
// function that can process 100/s (reserved 100 × 1 s), for 1 000 s ⇒ a backlog of ~10^6
// events, held in memory as it must be (24 bytes each), and nothing per processed event.
void BM_AsyncBacklog(benchmark::State& state) {
  auto spec = Base(state.range(0));
  AddFn(spec, "worker", 1100, 100);
  spec.functions[0].duration = sim::Distribution::Constant(1.0);
  spec.traffic[0].invocation = lambdasim::InvocationType::kAsync;
  spec.traffic[0].end = sim::Duration::Seconds(1000);
  uint64_t invocations = 0, events = 0;
  int64_t backlog = 0;
  for (auto _ : state) {
    const auto r = lambdasim::RunScenario(spec);
    invocations += r.account.invocations;
    events += r.manifest.events_processed;
    backlog = r.functions[0].async_queue_depth_max;
  }
  Report(state, invocations, events);
  state.counters["backlog_max"] = static_cast<double>(backlog);
}
BENCHMARK(BM_AsyncBacklog)->Arg(20)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
