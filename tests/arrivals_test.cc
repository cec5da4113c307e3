// tests/arrivals_test.cc — arrival processes: constant, piecewise, diurnal, MMPP.
#include "models/workload/arrivals.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "models/load/scenario_loader.h"

namespace lambdasim {
namespace {

using sim::Duration;
using sim::Time;

ScenarioSpec OneSource(TrafficSpec t, Duration horizon) {
  ScenarioSpec s;
  s.duration = horizon;
  FunctionSpec f;
  f.name = "api";
  f.duration = sim::Distribution::Constant(0.1);
  s.functions.push_back(f);
  t.function = "api";
  t.function_index = 0;
  s.traffic.push_back(std::move(t));
  return s;
}

std::vector<double> Times(const ScenarioSpec& s, uint64_t seed, uint64_t* generated = nullptr) {
  ArrivalProcess p(s, 0, Time::Zero() + s.duration, sim::RngStream(seed, 0, "arrivals/api"));
  std::vector<double> out;
  for (Arrival a = p.First(); a.time != Time::Max(); a = p.Next()) {
    if (!out.empty()) {
      EXPECT_GE(a.time.seconds(), out.back());
    }
    out.push_back(a.time.seconds());
  }
  if (generated) *generated = p.generated();
  return out;
}

size_t CountIn(const std::vector<double>& t, double a, double b) {
  size_t n = 0;
  for (double x : t) n += (x >= a && x < b) ? 1 : 0;
  return n;
}

// |count − mean| within 4 Poisson standard deviations (sd = sqrt(mean)).
#define EXPECT_POISSON(count, mean)                                                     \
  EXPECT_NEAR(static_cast<double>(count), (mean), 4 * std::sqrt(std::max(1.0, (mean)))) \
      << "window mean " << (mean)

RateSegment Seg(double a, double b, double r0, double r1) {
  return RateSegment{sim::DurationFromSeconds(a), sim::DurationFromSeconds(b), r0, r1, ""};
}

// NextInto (the platform's in-place form) gives exactly Next's arrivals, to the end of the
// source (Max() time past `end`), for the constant Poisson path and a slow (piecewise) path.
TEST(Arrivals, NextIntoMatchesNext) {
  for (const bool piecewise : {false, true}) {
    TrafficSpec t;
    t.rate_per_s = 50;
    if (piecewise) {
      t.shape = ShapeKind::kPiecewise;
      t.segments = {Seg(0, 5, 10, 80)};
    }
    const ScenarioSpec s = OneSource(t, Duration::Seconds(10));
    ArrivalProcess a(s, 0, Time::Zero() + s.duration, sim::RngStream(3, 0, "arrivals/api"));
    ArrivalProcess b(s, 0, Time::Zero() + s.duration, sim::RngStream(3, 0, "arrivals/api"));
    Arrival x = a.First(), y = b.First();
    for (int k = 0; k < 2000; ++k) {
      ASSERT_EQ(x.time, y.time) << k;
      ASSERT_EQ(x.function, y.function);
      ASSERT_EQ(x.duration_ns, y.duration_ns);
      if (x.time == Time::Max()) break;
      x = a.Next();
      y.time = Time::Zero();  // stale fields must be overwritten
      y.duration_ns = 7;
      b.NextInto(y);
    }
    EXPECT_EQ(x.time, Time::Max()) << "the source ends within 2 000 arrivals";
    EXPECT_EQ(a.generated(), b.generated());
  }
}

TEST(Arrivals, ConstantPoissonPathIsUnchanged) {
  // The fast path: t_k = t_{k-1} + round(E/rate) in ns, one Exp(1) draw (the ziggurat,
  // sim::SampleStandardExponential) per arrival.
  TrafficSpec t;
  t.rate_per_s = 200;
  const ScenarioSpec s = OneSource(t, Duration::Seconds(10));
  sim::RngStream rng(42, 0, "arrivals/api");
  int64_t ns = 0;
  uint64_t generated = 0;
  const auto times = Times(s, 42, &generated);
  for (size_t k = 0; k < 100; ++k) {
    ns += sim::DurationFromSeconds((1.0 / 200) * sim::SampleStandardExponential(rng)).ns();
    ASSERT_EQ(sim::DurationFromSeconds(times[k]).ns(), ns) << k;
  }
  EXPECT_EQ(generated, times.size());
  EXPECT_POISSON(times.size(), 2000.0);
}

TEST(Arrivals, ConstantUniformIsExact) {
  TrafficSpec t;
  t.rate_per_s = 3;
  t.arrivals = ArrivalKind::kUniform;
  t.start = Duration::Seconds(1);
  const auto times = Times(OneSource(t, Duration::Seconds(11)), 1);
  ASSERT_EQ(times.size(), 30u);
  for (size_t k = 0; k < times.size(); ++k)
    EXPECT_EQ(
        sim::DurationFromSeconds(times[k]).ns(),
        Duration::Seconds(1).ns() + sim::DurationFromSeconds(static_cast<double>(k) / 3.0).ns());
}

TEST(Arrivals, PiecewiseCountsPerSegment) {
  TrafficSpec t;
  t.shape = ShapeKind::kPiecewise;
  // constant 50/s, ramp 50→500/s, a 100 s hole, ramp down 400→0.
  t.segments = {Seg(0, 100, 50, 50), Seg(100, 200, 50, 500), Seg(300, 400, 400, 0)};
  const ScenarioSpec s = OneSource(t, Duration::Seconds(500));
  const auto times = Times(s, 7);
  EXPECT_POISSON(CountIn(times, 0, 100), 5000.0);
  EXPECT_POISSON(CountIn(times, 100, 200), 27500.0);
  EXPECT_EQ(CountIn(times, 200, 300), 0u);
  EXPECT_POISSON(CountIn(times, 300, 400), 20000.0);
  EXPECT_EQ(CountIn(times, 400, 500), 0u);
  EXPECT_NEAR(ExpectedArrivals(s.traffic[0], s.duration), 52500.0, 1e-6);
}

TEST(Arrivals, LinearRampIsExactInSubWindows) {
  // A ramp 0 → 1000/s over 100 s: the count in [a, b) is Poisson with mean 5(b² − a²).
  TrafficSpec t;
  t.shape = ShapeKind::kPiecewise;
  t.segments = {Seg(0, 100, 0, 1000)};
  const ScenarioSpec s = OneSource(t, Duration::Seconds(100));
  std::vector<size_t> counts(20, 0);
  const int reps = 10;
  for (int r = 0; r < reps; ++r) {
    const auto times = Times(s, 100 + static_cast<uint64_t>(r));
    for (size_t w = 0; w < 20; ++w)
      counts[w] += CountIn(times, 5.0 * static_cast<double>(w), 5.0 * static_cast<double>(w + 1));
  }
  for (size_t w = 0; w < 20; ++w) {
    const double a = 5.0 * static_cast<double>(w), b = a + 5;
    EXPECT_POISSON(counts[w], reps * 5 * (b * b - a * a));
  }
  // Early windows would be badly off if the rate were stepped once a second: on a ramp
  // 0 → 20/s over 2 s the first half second has mean 5 · 0.25 = 1.25 per run.
  TrafficSpec early_t = t;
  early_t.segments = {Seg(0, 2, 0, 20)};
  const ScenarioSpec early_s = OneSource(early_t, Duration::Seconds(2));
  size_t early = 0;
  for (int r = 0; r < 400; ++r)
    early += CountIn(Times(early_s, 1000 + static_cast<uint64_t>(r)), 0, 0.5);
  EXPECT_POISSON(early, 400 * 5 * 0.25);
}

TEST(Arrivals, PiecewiseUniformIsEvenlySpacedInLambda) {
  // Ramp 0 → 10/s over 100 s: Λ(t) = t²/20, so t_k = sqrt(20 k), k = 0, 1, …, 499.
  TrafficSpec t;
  t.shape = ShapeKind::kPiecewise;
  t.arrivals = ArrivalKind::kUniform;
  t.segments = {Seg(0, 100, 0, 10), Seg(100, 110, 2, 2)};
  const auto times = Times(OneSource(t, Duration::Seconds(200)), 1);
  ASSERT_EQ(times.size(), 500u + 20u);
  for (size_t k = 0; k < 500; ++k)
    EXPECT_NEAR(times[k], std::sqrt(20.0 * static_cast<double>(k)), 1e-9) << k;
  // Λ(100) = 500 exactly: arrival 500 lands at the start of the next segment, then every 0.5 s.
  for (size_t k = 0; k < 20; ++k)
    EXPECT_NEAR(times[500 + k], 100 + 0.5 * static_cast<double>(k), 1e-9) << k;
}

TEST(Arrivals, StartAndEndClipAShape) {
  TrafficSpec t;
  t.shape = ShapeKind::kPiecewise;
  t.segments = {Seg(0, 100, 100, 100)};
  t.start = Duration::Seconds(20);
  t.end = Duration::Seconds(50);
  const auto times = Times(OneSource(t, Duration::Seconds(100)), 3);
  ASSERT_FALSE(times.empty());
  EXPECT_GE(times.front(), 20);
  EXPECT_LT(times.back(), 50);
  EXPECT_POISSON(times.size(), 3000.0);
}

double DiurnalLambda(const DiurnalShape& d, double a, double b) {
  const double w = 2 * std::numbers::pi / d.period.seconds();
  const double p = d.peak_at.seconds();
  return d.mean_per_s * (b - a) +
         d.amplitude_per_s / w * (std::sin(w * (b - p)) - std::sin(w * (a - p)));
}

TEST(Arrivals, DiurnalHourlyCountsFollowTheSinusoid) {
  TrafficSpec t;
  t.shape = ShapeKind::kDiurnal;
  t.diurnal.mean_per_s = 5;
  t.diurnal.amplitude_per_s = 4.5;
  const ScenarioSpec s = OneSource(t, Duration::Hours(24));
  const auto times = Times(s, 11);
  size_t peak_hour = 0, best = 0;
  for (size_t h = 0; h < 24; ++h) {
    const double a = 3600.0 * static_cast<double>(h), b = a + 3600;
    const size_t n = CountIn(times, a, b);
    EXPECT_POISSON(n, DiurnalLambda(t.diurnal, a, b)) << "hour " << h;
    if (n > best) best = n, peak_hour = h;
  }
  EXPECT_TRUE(peak_hour == 13 || peak_hour == 14) << peak_hour;
  EXPECT_NEAR(ExpectedArrivals(s.traffic[0], s.duration), 5 * 86400.0, 1e-6);
}

TEST(Arrivals, DiurnalUniformStepsOneUnitOfLambda) {
  TrafficSpec t;
  t.shape = ShapeKind::kDiurnal;
  t.arrivals = ArrivalKind::kUniform;
  t.diurnal.mean_per_s = 2;
  t.diurnal.amplitude_per_s = 2;  // touches zero at the trough
  t.diurnal.period = Duration::Minutes(10);
  t.diurnal.peak_at = Duration::Minutes(3);
  const auto times = Times(OneSource(t, Duration::Minutes(30)), 1);
  ASSERT_EQ(times.size(), 3600u);
  EXPECT_EQ(times[0], 0);
  // Every arrival sits at Λ = k to within a nanosecond of rate.
  for (size_t k = 1; k < times.size(); k += 97)
    EXPECT_NEAR(DiurnalLambda(t.diurnal, 0, times[k]), static_cast<double>(k), 4 * 2e-9 + 1e-9)
        << k;
}

TEST(Arrivals, MmppLongRunRate) {
  TrafficSpec t;
  t.shape = ShapeKind::kMmpp;
  t.mmpp.state_names = {"calm", "burst"};
  t.mmpp.rates_per_s = {10, 500};
  t.mmpp.transition_rates = {{0, 1}, {10, 0}};
  t.mmpp.long_run_rate_per_s = (10 * 10 + 1 * 500) / 11.0;
  const ScenarioSpec s = OneSource(t, Duration::Seconds(10000));
  const auto times = Times(s, 5);
  // Index of dispersion 1 + 2 π_c π_b (λ_b − λ_c)² / ((q_cb + q_bc) λ̄) ≈ 67.
  const double mean = t.mmpp.long_run_rate_per_s * 10000;
  const double pc = 10 / 11.0, pb = 1 / 11.0;
  const double idc = 1 + 2 * pc * pb * 490 * 490 / (11 * t.mmpp.long_run_rate_per_s);
  EXPECT_NEAR(static_cast<double>(times.size()), mean, 4 * std::sqrt(idc * mean));
  // Bursty: the count per second is far more variable than Poisson.
  double sum = 0, sum2 = 0;
  std::vector<double> per_second(10000, 0);
  for (double x : times) per_second[static_cast<size_t>(x)] += 1;
  for (double n : per_second) sum += n, sum2 += n * n;
  const double m = sum / 10000, var = sum2 / 10000 - m * m;
  EXPECT_GT(var / m, 10);
}

TEST(Arrivals, LoaderShapesProduceTheirSegments) {
  const auto spec = LoadScenarioString(R"(duration: 30m
functions:
  api: { duration: 100ms }
traffic:
  - function: api
    phases:
      - { duration: 5m, rate: 10, ramp_to: 100, name: warm }
      - { pause: 1m }
      - { duration: 4m, rate: 100 }
    repeat: 2
  - function: api
    stages: [ { duration: 2m, target: 100 }, { duration: 5m, target: 100 }, { duration: 1m, target: 0 } ]
  - function: api
    start: 1m
    spike: { baseline: 50, bursts: [ { at: 5m, rate: 2000, length: 30s } ] }
)",
                                       "t.yaml");
  const auto& p = spec.traffic[0].segments;
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0].name, "warm");
  EXPECT_EQ(p[1].start, Duration::Minutes(6));
  EXPECT_EQ(p[2].start, Duration::Minutes(10));
  EXPECT_DOUBLE_EQ(p[2].rate_to_per_s, 100);
  EXPECT_NEAR(ExpectedArrivals(spec.traffic[0], spec.duration), 2 * (300 * 55.0 + 240 * 100), 1e-6);
  const auto& st = spec.traffic[1].segments;
  ASSERT_EQ(st.size(), 3u);
  EXPECT_DOUBLE_EQ(st[0].rate_from_per_s, 0);
  EXPECT_DOUBLE_EQ(st[2].rate_from_per_s, 100);
  EXPECT_DOUBLE_EQ(st[2].rate_to_per_s, 0);
  const auto& sp = spec.traffic[2].segments;
  ASSERT_EQ(sp.size(), 3u);
  EXPECT_EQ(sp[1].start, Duration::Minutes(6));
  EXPECT_EQ(sp[1].end, Duration::Seconds(390));
  EXPECT_DOUBLE_EQ(sp[1].rate_from_per_s, 2000);
  EXPECT_EQ(sp[2].end, Duration::Minutes(30));
  // The spike replays exactly: burst window count matches.
  const ScenarioSpec one = [&] {
    ScenarioSpec x = spec;
    x.traffic = {spec.traffic[2]};
    return x;
  }();
  const auto times = Times(one, 9);
  EXPECT_POISSON(CountIn(times, 360, 390), 60000.0);
  EXPECT_POISSON(CountIn(times, 60, 360), 15000.0);
  EXPECT_EQ(CountIn(times, 0, 60), 0u);
}

TEST(Arrivals, RepeatForeverFillsTheHorizon) {
  const auto spec = LoadScenarioString(R"(duration: 1h
functions:
  api: { duration: 100ms }
traffic:
  - function: api
    phases: [ { duration: 7m, rate: 1 }, { pause: 3m } ]
    repeat: forever
)",
                                       "t.yaml");
  ASSERT_EQ(spec.traffic[0].segments.size(), 6u);
  EXPECT_EQ(spec.traffic[0].segments.back().start, Duration::Minutes(50));
}

}  // namespace
}  // namespace lambdasim
