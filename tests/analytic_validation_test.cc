// Validation of the model against closed forms.
//
// Tolerances are derived from the run length, not guessed:
//  * Little's law: for an M/G/∞ system the time-average occupancy over T has relative
//    standard error ≈ sqrt(2·E[S] / (L·T)) (exponential autocorrelation with time constant
//    E[S]); with L = 200, E[S] = 0.1 s, T = 600 s that is 0.13 %, so the 1 % tolerance is
//    about 7.7 standard errors.
//  * Erlang B: the throttle rate is estimated from ~2 M arrivals; its standard error is
//    measured by batch means over 100-second buckets (the batches are ≫ the correlation
//    time of 0.1 s), and the test asserts both that the error is within 2 % relative and
//    that 3 standard errors fit inside that 2 % (so a pass is not luck).
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;

double ErlangB(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b;
}

TEST(ErlangBFormula, KnownValues) {
  // Textbook values: B(1, 1) = 0.5; B(10, 8) ≈ 0.12166; B(2, 1) = 0.2.
  EXPECT_NEAR(ErlangB(1, 1.0), 0.5, 1e-12);
  EXPECT_NEAR(ErlangB(2, 1.0), 0.2, 1e-12);
  EXPECT_NEAR(ErlangB(10, 8.0), 0.121661, 1e-6);
}

TEST(LittlesLaw, UncappedConcurrencyMeanIsRateTimesMeanDuration) {
  for (const auto& duration :
       {sim::Distribution::Exponential(0.1), sim::Distribution::LognormalMedianP99(0.08, 0.4)}) {
    auto spec = BaseSpec(sim::Duration::Seconds(600));
    spec.account.concurrency_limit = 100000;  // uncapped in practice
    AddFunction(spec, "api", duration);
    const double rate = 2000;
    AddTraffic(spec, "api", rate);
    const RunResult r = RunScenario(spec);
    const double expected = rate * duration.Mean();
    EXPECT_NEAR(r.functions[0].concurrency_mean / expected, 1.0, 0.01) << duration.Describe();
    EXPECT_EQ(r.functions[0].throttles, 0u);
  }
}

struct ErlangCase {
  int c;
  double load;  // offered load a = λ·E[S]
};

class ErlangBTest : public ::testing::TestWithParam<ErlangCase> {};

TEST_P(ErlangBTest, ThrottleRateMatchesErlangB) {
  const auto [c, load] = GetParam();
  // E[S] = 1 s keeps λ below the RPS limit (10 × c), which would otherwise throttle too.
  const double mean_s = 1.0;
  const double rate = load / mean_s;
  const double arrivals = 2.0e6;
  auto spec = BaseSpec(sim::Duration::Seconds(static_cast<int64_t>(arrivals / rate)), 7);
  spec.bucket = sim::Duration::Seconds(100);
  spec.account.concurrency_limit = 10000;
  auto& f = AddFunction(spec, "api", sim::Distribution::Exponential(mean_s));
  f.reserved_concurrency = c;
  AddTraffic(spec, "api", rate);
  const RunResult r = RunScenario(spec);

  const auto& s = r.functions[0];
  const double expected = ErlangB(c, load);
  const double measured = s.throttle_rate;
  // Batch means over buckets.
  std::vector<double> batch;
  for (const auto& row : r.function_rows) {
    const double req = static_cast<double>(row.invocations + row.throttles);
    if (req > 0) batch.push_back(static_cast<double>(row.throttles) / req);
  }
  const double n = static_cast<double>(batch.size());
  const double mean = std::accumulate(batch.begin(), batch.end(), 0.0) / n;
  double var = 0;
  for (double x : batch) var += (x - mean) * (x - mean);
  const double stderr_rel = std::sqrt(var / (n - 1) / n) / expected;

  EXPECT_LT(3 * stderr_rel, 0.02) << "run too short for the tolerance";
  EXPECT_NEAR(measured / expected, 1.0, 0.02)
      << "c=" << c << " load=" << load << " B=" << expected << " measured=" << measured
      << " stderr_rel=" << stderr_rel;
  // Every throttle is a reserved-concurrency throttle.
  EXPECT_EQ(s.throttles,
            s.throttles_by_reason[static_cast<size_t>(ThrottleReason::kReservedConcurrency)]);
}

INSTANTIATE_TEST_SUITE_P(Loads, ErlangBTest,
                         ::testing::Values(ErlangCase{10, 8.0}, ErlangCase{50, 50.0},
                                           ErlangCase{100, 120.0}),
                         [](const auto& param_info) {
                           return "c" + std::to_string(param_info.param.c) + "_a" +
                                  std::to_string(static_cast<int>(param_info.param.load));
                         });

}  // namespace
}  // namespace lambdasim
