// bench/reference_bench.cc — lambdasim against a textbook reference loop, side by side (issue 17).
//
// The reference (RunReference) is the loop a competent engineer writes without a model:
// Poisson arrivals (one pending arrival per function: kept outside the heap for one function,
// in a binary std::priority_queue of next arrivals for many), exponential service, a binary
// std::priority_queue of completions, per function an idle pool (a deque: reuse the most
// recently released environment, expire from the front after the keep-alive, checked at each
// arrival), a constant cold-start init when no idle environment exists, and one concurrency cap.
// No metrics, no scaling rate, no RPS limits, no model. Its variates come from the same
// sim::RngStream (xoshiro256**) and are rounded by sim::DurationFromSeconds; it draws an
// exponential the textbook way, by inversion (−mean·log U, U on (0, 1]) — what lambdasim itself
// did until session 3 of issue 17 replaced its draw with a ziggurat (sim/distribution.h), one of
// the speed-ups the issue names. So the reference's cost is what it was before that change.
//
// The kernel side (RunKernel) is the reference's logic, draws and streams unchanged, on
// lambdasim's event kernel (sim::Simulation: the radix queue, lane 0 for the one-function
// arrival, the total event order) instead of the two priority queues. It does exactly the
// reference's work (main() checks the counts are equal), so reference / kernel is what the
// kernel alone buys, and lambdasim / kernel what the whole model costs on top of it.
//
// lambdasim runs the same workload through RunScenario (the whole model: admission, scaling
// buckets, RPS windows, keep-alive, lifetimes, metrics with histograms, cost; no file output),
// with the scaling rate and account limit raised so that both sides serve the same requests.
//
// Each (workload, side) runs in a forked child, so peak RSS (wait4's ru_maxrss) is that run's
// alone; the child reports the CPU time of the run itself (CLOCK_PROCESS_CPUTIME_ID). Runs are
// interleaved (reference, kernel, lambdasim, reference, …) and the table shows medians of --reps.
//
//   build/reference_bench [--reps N] [--only 1e3|1e5|1e4fn] [--side ref|kernel|model] [--cpu N]
//   (--side with --only: one run in this process, for perf/callgrind)
//   build/reference_bench --scan [--reps N]  (the same work over 1 … 10^5 functions: kScan)
// All sides run pinned to one CPU (--cpu, default the first this process may use): on this VM
// the two vCPUs differ by 1.5× in speed for the same binary, so unpinned runs that land on
// different CPUs would compare the CPUs, not the code.
#include <sched.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <functional>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "models/run/runner.h"
#include "models/spec/platform_profile.h"
#include "models/spec/scenario_spec.h"
#include "sim/distribution.h"
#include "sim/rng.h"
#include "sim/simulation.h"
#include "sim/time.h"

namespace {

struct Workload {
  const char* name;
  int functions;
  double rate_per_fn_per_s;
  double mean_service_s;
  int64_t horizon_s;
  int64_t cap;  // account concurrency limit
};

const Workload kWorkloads[] = {
    {"1e3", 1, 10000, 0.1, 600, 2000},      // 10^3 concurrent, 6 M requests
    {"1e5", 1, 100000, 1.0, 120, 200000},   // 10^5 concurrent, 12 M requests
    {"1e4fn", 10000, 1.0, 0.1, 600, 2000},  // 10^4 functions × 1 RPS, 6 M requests
};
// --scan: the same 10 000 RPS × Exp(100 ms) for 10 minutes (6 M requests, ~10^3 concurrent),
// spread over 1 to 10^5 functions. fn1 is 1e3's work and fn1e4 is 1e4fn's; the steps between
// show how the cost of an event grows with the state the events spread over (both sides).
const Workload kScan[] = {
    {"fn1", 1, 10000, 0.1, 600, 2000},     {"fn10", 10, 1000, 0.1, 600, 2000},
    {"fn100", 100, 100, 0.1, 600, 2000},   {"fn1e3", 1000, 10, 0.1, 600, 2000},
    {"fn1e4", 10000, 1.0, 0.1, 600, 2000}, {"fn1e5", 100000, 0.1, 0.1, 600, 2000},
};

constexpr double kInitS = 0.25;       // cold start (both sides)
constexpr int64_t kKeepAliveS = 600;  // keep-alive (lambdasim's default: 10 minutes)

struct Counts {
  uint64_t requests = 0, invocations = 0, throttles = 0, cold_starts = 0, events = 0;
  double cpu_s = 0;
};

double CpuNow() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// ---------------------------------------------------------------------------------------------
// The reference's logic, which both the reference loop and the kernel side run (so the two differ
// only in how they hold their pending events): per function an arrival stream, a service
// stream and an idle pool (idle_since of each idle environment); one busy count against the cap.
// Exponentials by inversion (the textbook draw; see the file comment).
struct ReferenceLogic {
  explicit ReferenceLogic(const Workload& w)
      : cap(w.cap),
        mean_gap_s(1.0 / w.rate_per_fn_per_s),
        mean_service_s(w.mean_service_s),
        idle(static_cast<size_t>(w.functions)) {
    for (int f = 0; f < w.functions; ++f) {
      arrival_rng.emplace_back(1, 0, "ref/arrivals/" + std::to_string(f));
      service_rng.emplace_back(1, 0, "ref/service/" + std::to_string(f));
    }
  }
  static int64_t Exp(double mean, sim::RngStream& rng) {
    return sim::DurationFromSeconds(-mean * std::log(rng.NextDoubleOpenZero())).ns();
  }
  int64_t Gap(uint32_t f) { return Exp(mean_gap_s, arrival_rng[f]); }
  // A request for function f at `now`: expire idle environments past the keep-alive, throttle
  // at the cap, else reuse the most recently released environment or start one cold. Returns
  // the invocation's end, or -1 when throttled.
  int64_t Request(uint32_t f, int64_t now) {
    ++c.requests;
    auto& pool = idle[f];
    while (!pool.empty() && pool.front() + keep_alive_ns <= now) pool.pop_front();
    if (busy >= cap) {
      ++c.throttles;
      return -1;
    }
    int64_t start = now;
    if (!pool.empty()) {
      pool.pop_back();
    } else {
      start += init_ns;
      ++c.cold_starts;
    }
    ++busy;
    ++c.invocations;
    return start + Exp(mean_service_s, service_rng[f]);
  }
  // An invocation of f ended at `now`: its environment goes idle.
  void Complete(uint32_t f, int64_t now) {
    --busy;
    idle[f].push_back(now);
  }

  const int64_t cap;
  const int64_t keep_alive_ns = kKeepAliveS * 1'000'000'000;
  const int64_t init_ns = sim::DurationFromSeconds(kInitS).ns();
  const double mean_gap_s, mean_service_s;
  std::vector<sim::RngStream> arrival_rng, service_rng;
  std::vector<std::deque<int64_t>> idle;
  int64_t busy = 0;
  Counts c;
};

// The reference loop.
struct Completion {
  int64_t t_ns;
  uint32_t fn;
  bool operator>(const Completion& o) const { return t_ns > o.t_ns; }
};
struct NextArrival {
  int64_t t_ns;
  uint32_t fn;
  bool operator>(const NextArrival& o) const { return t_ns > o.t_ns; }
};

Counts RunReference(const Workload& w) {
  const double t0 = CpuNow();
  ReferenceLogic logic(w);
  Counts& c = logic.c;
  const int64_t horizon = w.horizon_s * 1'000'000'000;
  const auto n = static_cast<size_t>(w.functions);
  std::priority_queue<Completion, std::vector<Completion>, std::greater<>> done;
  std::priority_queue<NextArrival, std::vector<NextArrival>, std::greater<>> arrivals;
  // One function: its pending arrival lives in `single`, outside any heap. (Drawn only then:
  // until session 12 it was drawn for many functions too, one draw of function 0's stream
  // that the kernel side does not make.)
  NextArrival single{n == 1 ? logic.Gap(0) : 0, 0};
  if (n > 1) {
    for (uint32_t f = 0; f < n; ++f) arrivals.push({logic.Gap(f), f});
  }
  for (;;) {
    const NextArrival a = n > 1 ? arrivals.top() : single;
    if (!done.empty() && done.top().t_ns <= a.t_ns) {
      const Completion d = done.top();
      done.pop();
      ++c.events;
      if (d.t_ns >= horizon) break;
      logic.Complete(d.fn, d.t_ns);
      continue;
    }
    if (a.t_ns >= horizon) break;
    const int64_t now = a.t_ns;
    ++c.events;
    if (n > 1) {
      arrivals.pop();
      arrivals.push({now + logic.Gap(a.fn), a.fn});
    } else {
      single.t_ns = now + logic.Gap(0);
    }
    const int64_t end = logic.Request(a.fn, now);
    if (end >= 0) done.push({end, a.fn});
  }
  c.cpu_s = CpuNow() - t0;
  return c;
}

// ---------------------------------------------------------------------------------------------
// The reference's logic on lambdasim's kernel (file comment): arrivals and completions are
// events of one sim::Simulation. A completion at an arrival's instant runs first (the
// reference's `<=`): completions have the lower priority value. Like the reference, it
// schedules every next arrival and completion, even past the horizon (where RunUntil leaves
// them pending).
Counts RunKernel(const Workload& w) {
  const double t0 = CpuNow();
  enum : uint32_t { kArrival = 0, kCompletion = 1 };
  enum : uint16_t { kCompletionFirst = 0, kArrivalSecond = 1 };
  struct Loop {
    sim::Simulation& sim;
    ReferenceLogic& logic;
    void ScheduleArrival(uint32_t f, int64_t at) {
      sim.ScheduleLaneAt(f, sim::Time::FromNanos(at), kArrivalSecond, kArrival, f);
    }
    void operator()(const sim::Event& e) {
      ++logic.c.events;
      const int64_t now = e.time.ns();
      const uint32_t f = e.a;
      if (e.kind == kCompletion) {
        logic.Complete(f, now);
        return;
      }
      ScheduleArrival(f, now + logic.Gap(f));
      const int64_t end = logic.Request(f, now);
      if (end >= 0) sim.ScheduleAt(sim::Time::FromNanos(end), kCompletionFirst, kCompletion, f);
    }
  };
  ReferenceLogic logic(w);
  sim::Simulation sim;
  Loop loop{sim, logic};
  for (uint32_t f = 0; f < static_cast<uint32_t>(w.functions); ++f)
    loop.ScheduleArrival(f, logic.Gap(f));
  sim.RunUntil(sim::Time::FromNanos(w.horizon_s * 1'000'000'000 - 1), loop);
  logic.c.cpu_s = CpuNow() - t0;
  return logic.c;
}

// ---------------------------------------------------------------------------------------------
// lambdasim on the same workload.
lambdasim::ScenarioSpec ModelSpec(const Workload& w) {
  lambdasim::ScenarioSpec spec;
  spec.name = std::string("reference-") + w.name;
  spec.duration = sim::Duration::Seconds(w.horizon_s);
  spec.seed = 1;
  spec.platform = *lambdasim::LookupPlatform("aws-2023", "us-east-1");
  spec.scaling = lambdasim::ScalingFromProfile(spec.platform);
  // Scaling rate out of the way (the reference has none): both sides serve every request.
  spec.scaling.burst = spec.scaling.rps_burst = 10 * w.cap;
  spec.account = {w.cap, 100};
  for (int i = 0; i < w.functions; ++i) {
    lambdasim::FunctionSpec f;
    f.name = w.functions == 1 ? "api" : "fn" + std::to_string(i);
    f.memory_mb = 512;
    f.timeout = sim::Duration::Seconds(900);
    f.duration = sim::Distribution::Exponential(w.mean_service_s);
    f.init_duration = sim::Distribution::Constant(kInitS);
    f.keep_alive = sim::Duration::Seconds(kKeepAliveS);
    spec.functions.push_back(f);
    lambdasim::TrafficSpec t;
    t.function = f.name;
    t.function_index = spec.functions.size() - 1;
    t.rate_per_s = w.rate_per_fn_per_s;
    spec.traffic.push_back(t);
  }
  return spec;
}

Counts RunModel(const Workload& w) {
  const auto spec = ModelSpec(w);  // built outside the timed region
  const double t0 = CpuNow();
  const auto r = lambdasim::RunScenario(spec);
  Counts c;
  c.cpu_s = CpuNow() - t0;
  c.requests = r.account.requests;
  c.invocations = r.account.invocations;
  c.throttles = r.account.throttles;
  c.cold_starts = r.account.cold_starts;
  c.events = r.manifest.events_processed;
  return c;
}

// ---------------------------------------------------------------------------------------------
// The three sides, in the order they run; Row arrays are indexed by them (kRef, kKern, kSim).
enum class Side { kReference, kKernel, kModel };
constexpr Side kSides[] = {Side::kReference, Side::kKernel, Side::kModel};
constexpr size_t kRef = 0, kKern = 1, kSim = 2;
// --side's word and the table's label of each side.
constexpr const char* kSideWord[] = {"ref", "kernel", "model"};
constexpr const char* kSideLabel[] = {"reference", "kernel", "lambdasim"};
std::optional<Side> ParseSide(const char* word) {
  for (const Side side : kSides)
    if (std::strcmp(word, kSideWord[static_cast<size_t>(side)]) == 0) return side;
  return std::nullopt;
}
Counts Run(const Workload& w, Side side) {
  switch (side) {
    case Side::kReference: return RunReference(w);
    case Side::kKernel: return RunKernel(w);
    case Side::kModel: return RunModel(w);
  }
  std::abort();
}

struct Sample {
  Counts c;
  double rss_mib = 0;
};

Sample RunForked(const Workload& w, Side side) {
  int fd[2];
  if (pipe(fd) != 0) std::abort();
  const pid_t pid = fork();
  if (pid == 0) {
    close(fd[0]);
    const Counts c = Run(w, side);
    if (write(fd[1], &c, sizeof c) != static_cast<ssize_t>(sizeof c)) _exit(2);
    _exit(0);
  }
  close(fd[1]);
  Sample s;
  if (read(fd[0], &s.c, sizeof s.c) != static_cast<ssize_t>(sizeof s.c)) std::abort();
  close(fd[0]);
  int status = 0;
  rusage u{};
  wait4(pid, &status, 0, &u);
  s.rss_mib = static_cast<double>(u.ru_maxrss) / 1024.0;
  return s;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 3;
  int cpu = -1;
  std::string only;
  std::optional<Side> side;
  bool scan = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--scan")
      scan = true;
    else if (a == "--reps" && i + 1 < argc)
      reps = std::max(1, std::atoi(argv[++i]));
    else if (a == "--only" && i + 1 < argc)
      only = argv[++i];
    else if (a == "--side" && i + 1 < argc && ParseSide(argv[i + 1]))
      side = ParseSide(argv[++i]);
    else if (a == "--cpu" && i + 1 < argc)
      cpu = std::atoi(argv[++i]);
    else {
      std::fprintf(
          stderr,
          "usage: %s [--reps N] [--only CASE] [--side ref|kernel|model] [--cpu N] [--scan]\n"
          "  CASE: 1e3, 1e5, 1e4fn, or with --scan fn1 … fn1e5\n",
          argv[0]);
      return 2;
    }
  }
  {  // Pin to one CPU (children inherit it): all sides on the same core.
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (cpu < 0 && sched_getaffinity(0, sizeof allowed, &allowed) == 0) {
      for (int c = 0; c < CPU_SETSIZE; ++c)
        if (CPU_ISSET(c, &allowed)) {
          cpu = c;
          break;
        }
    }
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(std::max(cpu, 0), &one);
    if (sched_setaffinity(0, sizeof one, &one) != 0) std::perror("sched_setaffinity");
    std::fprintf(stderr, "reference_bench: pinned to CPU %d\n", std::max(cpu, 0));
  }
  const std::vector<Workload> workloads =
      scan ? std::vector<Workload>(std::begin(kScan), std::end(kScan))
           : std::vector<Workload>(std::begin(kWorkloads), std::end(kWorkloads));
  const bool known = std::any_of(workloads.begin(), workloads.end(),
                                 [&](const Workload& w) { return only == w.name; });
  if ((!only.empty() && !known) || (side && only.empty())) {
    std::fprintf(stderr, "%s: %s\n", argv[0],
                 only.empty() ? "--side needs --only CASE"
                              : ("no case " + only + (scan ? " in --scan" : "")).c_str());
    return 2;
  }
  if (side) {  // one run in this process (profiling)
    for (const auto& w : workloads) {
      if (only != w.name) continue;
      const Counts c = Run(w, *side);
      std::printf("%s %s: cpu %.3f s, requests %llu, invocations %llu, events %llu\n", w.name,
                  kSideWord[static_cast<size_t>(*side)], c.cpu_s,
                  static_cast<unsigned long long>(c.requests),
                  static_cast<unsigned long long>(c.invocations),
                  static_cast<unsigned long long>(c.events));
    }
    return 0;
  }
  std::printf("%-6s %-9s %12s %12s %10s %10s %10s %9s %10s\n", "case", "side", "requests",
              "invocations", "throttles", "cold", "events", "cpu_s", "peak_MiB");
  struct Row {
    const Workload* w;
    std::vector<double> cpu[3], ratio, kernel_ratio;  // cpu by side; ref/sim, ref/kern
    Sample last[3];
  };
  std::vector<Row> rows;
  for (const auto& w : workloads)
    if (only.empty() || only == w.name) rows.push_back(Row{&w, {}, {}, {}, {}});
  for (int r = 0; r < reps; ++r) {
    for (auto& row : rows) {
      for (const Side which : kSides) {
        const Sample s = RunForked(*row.w, which);
        const auto k = static_cast<size_t>(which);
        row.cpu[k].push_back(s.c.cpu_s);
        row.last[k] = s;
        std::printf("%-6s %-9s %12llu %12llu %10llu %10llu %10llu %9.3f %10.1f\n", row.w->name,
                    kSideLabel[k], static_cast<unsigned long long>(s.c.requests),
                    static_cast<unsigned long long>(s.c.invocations),
                    static_cast<unsigned long long>(s.c.throttles),
                    static_cast<unsigned long long>(s.c.cold_starts),
                    static_cast<unsigned long long>(s.c.events), s.c.cpu_s, s.rss_mib);
        std::fflush(stdout);
      }
      row.ratio.push_back(row.cpu[kRef].back() / row.cpu[kSim].back());
      row.kernel_ratio.push_back(row.cpu[kRef].back() / row.cpu[kKern].back());
    }
  }
  // Same work. The kernel side does exactly the reference's: the same requests, invocations,
  // throttles and cold starts (same logic, draws and streams; two functions' arrivals at one
  // nanosecond could in principle pop in another order and throttle another request at a full
  // account, but in these workloads none does). lambdasim's requests and invocations within
  // 1 % (its own streams).
  bool same_work = true;
  for (const auto& row : rows) {
    auto near = [](uint64_t x, uint64_t y) {
      const double a = static_cast<double>(x), b = static_cast<double>(y);
      return std::abs(a - b) <= 0.01 * std::max(a, b);
    };
    const Counts& r = row.last[kRef].c;
    const Counts& k = row.last[kKern].c;
    const Counts& m = row.last[kSim].c;
    if (k.requests != r.requests || k.invocations != r.invocations || k.throttles != r.throttles ||
        k.cold_starts != r.cold_starts) {
      std::printf("%s: the kernel side did NOT do exactly the reference's work\n", row.w->name);
      same_work = false;
    }
    if (!near(r.requests, m.requests) || !near(r.invocations, m.invocations)) {
      std::printf("%s: reference and lambdasim did NOT do the same work (counts differ > 1 %%)\n",
                  row.w->name);
      same_work = false;
    }
  }
  if (same_work)
    std::printf(
        "\nthe kernel side did exactly the reference's work, lambdasim the same within 1 %% "
        "(requests, invocations) in every case\n");
  std::printf("\nmedians of %d interleaved runs (CPU seconds of the run itself)\n", reps);
  std::printf("%-6s %10s %10s %10s %8s %9s %14s %10s %10s %12s\n", "case", "ref_cpu_s",
              "kern_cpu_s", "sim_cpu_s", "ratio", "ref/kern", "sim_inv/cpu_s", "ref_MiB", "sim_MiB",
              "sim_ns/event");
  for (const auto& row : rows) {
    const double ref = Median(row.cpu[kRef]), kern = Median(row.cpu[kKern]),
                 mod = Median(row.cpu[kSim]);
    const double inv_mod = static_cast<double>(row.last[kSim].c.invocations) / mod;
    std::printf("%-6s %10.3f %10.3f %10.3f %7.2fx %8.2fx %13.2fM %10.1f %10.1f %12.1f\n",
                row.w->name, ref, kern, mod, Median(row.ratio), Median(row.kernel_ratio),
                inv_mod * 1e-6, row.last[kRef].rss_mib, row.last[kSim].rss_mib,
                mod * 1e9 / static_cast<double>(row.last[kSim].c.events));
  }
  if (scan && !rows.empty()) {
    // Cost of an event against the first row's (one function), for each side: how much dearer
    // the same work gets when it is spread over more functions' state.
    const auto ns_per_event = [](const Row& row, size_t k) {
      return Median(row.cpu[k]) * 1e9 / static_cast<double>(row.last[k].c.events);
    };
    std::printf("\nper event, against %s's (same work spread over more functions)\n",
                rows[0].w->name);
    std::printf("%-6s %10s %14s %14s %14s %14s %14s %14s\n", "case", "functions", "ref_ns/event",
                "kern_ns/event", "sim_ns/event", "ref_vs_first", "kern_vs_first", "sim_vs_first");
    for (const auto& row : rows) {
      double per[3], vs[3];
      for (size_t k = 0; k < 3; ++k) {
        per[k] = ns_per_event(row, k);
        vs[k] = per[k] / ns_per_event(rows[0], k);
      }
      std::printf("%-6s %10d %14.1f %14.1f %14.1f %13.2fx %13.2fx %13.2fx\n", row.w->name,
                  row.w->functions, per[0], per[1], per[2], vs[0], vs[1], vs[2]);
    }
  }
  return same_work ? 0 : 1;
}
