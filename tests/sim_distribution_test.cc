// Unit tests for sim/distribution.h: golden samples per kind, statistical checks with
// tolerances derived from the sample size, analytic Mean(), and parameter validation.
//
// Statistical tolerances: for n i.i.d. samples with standard deviation sd, the sample mean
// has standard error sd/sqrt(n); we allow 5 standard errors (a false alarm probability of
// ~6e-7 for a correct sampler; with fixed seeds the outcome is deterministic anyway, the
// tolerance only has to be loose enough to survive a change of seed or stream name).
#include "sim/distribution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

namespace sim {
namespace {

constexpr int kN = 200000;
constexpr double kZ99 = 2.3263478740408408;  // Φ⁻¹(0.99)
constexpr double kPi = 3.14159265358979323846;

std::vector<double> Draw(const Distribution& d, int n, const char* name = "stats") {
  RngStream rng(2024, 0, name);
  std::vector<double> v(static_cast<size_t>(n));
  for (auto& x : v) x = d.Sample(rng);
  return v;
}

double MeanOf(const std::vector<double>& v) {
  double s = 0;
  for (const double x : v) s += x;
  return s / static_cast<double>(v.size());
}

double SdOf(const std::vector<double>& v) {
  const double m = MeanOf(v);
  double s = 0;
  for (const double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

double FractionAtMost(const std::vector<double>& v, double x) {
  return static_cast<double>(std::count_if(v.begin(), v.end(), [&](double y) { return y <= x; })) /
         static_cast<double>(v.size());
}

// Empirical q-quantile (order statistic).
double Quantile(std::vector<double> v, double q) {
  const size_t k = static_cast<size_t>(q * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

// Five standard errors of an empirical CDF value at probability p: sqrt(p(1-p)/n).
double CdfTol(double p, int n) { return 5.0 * std::sqrt(p * (1 - p) / n); }

void ExpectGolden(const Distribution& d, const std::vector<double>& golden) {
  RngStream rng(7, 0, "dist");
  for (size_t i = 0; i < golden.size(); ++i)
    EXPECT_DOUBLE_EQ(d.Sample(rng), golden[i]) << d.Describe() << " #" << i;
}

// --- Known answers: first 5 samples from RngStream(7, 0, "dist"), generated once. ---------
TEST(SimDistributionGolden, Constant) {
  ExpectGolden(Distribution::Constant(2.5), {2.5, 2.5, 2.5, 2.5, 2.5});
}
TEST(SimDistributionGolden, Uniform) {
  ExpectGolden(Distribution::Uniform(1, 3),
               {1.9952679436311838, 1.4255232692034505, 1.6959495420906334, 1.9899146404999533,
                2.9732093663863783});
}
TEST(SimDistributionGolden, Exponential) {
  ExpectGolden(Distribution::Exponential(0.5),
               {0.7025908187871962, 0.48506855530146148, 0.9015134251925544, 0.71663577783308674,
                0.38878433658616729});  // the ziggurat's draws (issue 17, session 3)
}
TEST(SimDistributionGolden, Normal) {
  ExpectGolden(Distribution::Normal(10, 2),
               {10.547821793022749, 7.0954299037030566, 9.6893692302580661, 9.7757432185799438,
                8.42959040161203});
}
TEST(SimDistributionGolden, LognormalMuSigma) {
  ExpectGolden(Distribution::LognormalMuSigma(0, 1),
               {1.3150976172324265, 0.23403489562304958, 0.85614511968167939, 0.89392947789181587,
                0.45602629840314807});
}
TEST(SimDistributionGolden, LognormalMedianP99) {
  ExpectGolden(Distribution::LognormalMedianP99(0.1, 1.0),
               {0.13114232505514659, 0.023753257789932394, 0.08575044625657921,
                0.089495392652963884, 0.045969859924447201});
}
TEST(SimDistributionGolden, Empirical) {
  ExpectGolden(Distribution::Empirical({{0, 0.01}, {0.5, 0.05}, {0.9, 0.2}, {1, 1.0}}),
               {0.049810717745247354, 0.027020930768138024, 0.037837981683625337,
                0.049596585619998135, 0.89283746554551335});
}

TEST(SimDistribution, DefaultIsConstantZero) {
  const Distribution d;
  EXPECT_EQ(d.kind(), Distribution::Kind::kConstant);
  RngStream rng(1, 0, "x");
  EXPECT_EQ(d.Sample(rng), 0.0);
  EXPECT_EQ(d.Mean(), 0.0);
}

TEST(SimDistribution, ConstantDoesNotConsumeRandomness) {
  RngStream a(1, 0, "x");
  RngStream b(1, 0, "x");
  const Distribution d = Distribution::Constant(4);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(d.Sample(a), 4.0);
  EXPECT_EQ(a.NextU64(), b.NextU64());
}

// --- Statistical checks ---------------------------------------------------------------
TEST(SimDistributionStats, ExponentialMean) {
  const double mean = 0.12;
  const auto v = Draw(Distribution::Exponential(mean), kN);
  // sd of Exp = mean.
  EXPECT_NEAR(MeanOf(v), mean, 5 * mean / std::sqrt(kN));
  EXPECT_NEAR(SdOf(v), mean, 0.02 * mean);
  for (const double x : v) ASSERT_GE(x, 0.0);
  // Memorylessness shape check via the CDF at the mean: P(X <= mean) = 1 - e^-1.
  const double p = 1 - std::exp(-1.0);
  EXPECT_NEAR(FractionAtMost(v, mean), p, CdfTol(p, kN));
}

TEST(SimDistributionStats, UniformMeanAndRange) {
  const double lo = 2, hi = 5;
  const auto v = Draw(Distribution::Uniform(lo, hi), kN);
  const double sd = (hi - lo) / std::sqrt(12.0);
  EXPECT_NEAR(MeanOf(v), 3.5, 5 * sd / std::sqrt(kN));
  EXPECT_NEAR(SdOf(v), sd, 0.02 * sd);
  const auto [mn, mx] = std::minmax_element(v.begin(), v.end());
  EXPECT_GE(*mn, lo);
  EXPECT_LT(*mx, hi);
  // With 2e5 draws the extremes come within 1e-3 of the bounds (miss prob ~ e^-66).
  EXPECT_LT(*mn, lo + 1e-3 * (hi - lo) * 3);
  EXPECT_GT(*mx, hi - 1e-3 * (hi - lo) * 3);
  EXPECT_NEAR(FractionAtMost(v, 2.75), 0.25, CdfTol(0.25, kN));
}

TEST(SimDistributionStats, DegenerateUniform) {
  const auto v = Draw(Distribution::Uniform(3, 3), 100);
  for (const double x : v) EXPECT_EQ(x, 3.0);
}

TEST(SimDistributionStats, NormalMeanAndSd) {
  // Truncation at 0 is 5 sd away (mass 3e-7): negligible.
  const double mean = 10, sd = 2;
  const auto v = Draw(Distribution::Normal(mean, sd), kN);
  EXPECT_NEAR(MeanOf(v), mean, 5 * sd / std::sqrt(kN));
  // Standard error of the sample sd of a normal ≈ sd / sqrt(2n).
  EXPECT_NEAR(SdOf(v), sd, 5 * sd / std::sqrt(2.0 * kN));
  // ±1 sd holds 68.27%.
  const double p = FractionAtMost(v, mean + sd) - FractionAtMost(v, mean - sd);
  EXPECT_NEAR(p, 0.682689492, CdfTol(0.682689492, kN));
}

TEST(SimDistributionStats, StandardNormal) {
  RngStream rng(5, 0, "std_normal");
  std::vector<double> v(kN);
  for (auto& x : v) x = SampleStandardNormal(rng);
  EXPECT_NEAR(MeanOf(v), 0.0, 5 / std::sqrt(kN));
  EXPECT_NEAR(SdOf(v), 1.0, 5 / std::sqrt(2.0 * kN));
  EXPECT_NEAR(FractionAtMost(v, kZ99), 0.99, CdfTol(0.99, kN));
}

TEST(SimDistributionStats, NormalIsTruncatedAtZero) {
  // Normal(0, 1) truncated at 0 by resampling is the half-normal: mean sqrt(2/pi),
  // variance 1 - 2/pi.
  const auto v = Draw(Distribution::Normal(0, 1), kN);
  for (const double x : v) ASSERT_GE(x, 0.0);
  EXPECT_NEAR(MeanOf(v), std::sqrt(2 / kPi), 5 * std::sqrt(1 - 2 / kPi) / std::sqrt(kN));
  // Zero stddev is a constant; an impossible (always negative) normal yields 0.
  RngStream rng(1, 0, "x");
  EXPECT_EQ(Distribution::Normal(5, 0).Sample(rng), 5.0);
  EXPECT_EQ(Distribution::Normal(-1, 0).Sample(rng), 0.0);
  EXPECT_EQ(Distribution::Normal(-100, 1).Sample(rng), 0.0);
}

TEST(SimDistributionStats, LognormalMedianAndP99FromParameters) {
  const double median = 0.1, p99 = 1.0;
  const Distribution d = Distribution::LognormalMedianP99(median, p99);
  EXPECT_EQ(d.kind(), Distribution::Kind::kLognormal);
  EXPECT_DOUBLE_EQ(d.p1(), std::log(median));
  EXPECT_DOUBLE_EQ(d.p2(), std::log(p99 / median) / kZ99);
  const auto v = Draw(d, kN);
  // (1) In probability space: the empirical CDF at the stated median / p99 has standard
  //     error sqrt(p(1-p)/n) = 0.00112 / 0.00022 for n = 2e5; allow 5 of them.
  EXPECT_NEAR(FractionAtMost(v, median), 0.5, CdfTol(0.5, kN));
  EXPECT_NEAR(FractionAtMost(v, p99), 0.99, CdfTol(0.99, kN));
  // (2) In value space: the sample q-quantile is asymptotically normal with standard error
  //     sqrt(q(1-q)/n) / f(x_q), f the lognormal density f(x) = φ(z) / (x σ). Allow 5 SE
  //     (≈ 0.36% relative at the median, ≈ 2.4% at the p99).
  const double sigma = d.p2();
  auto quantile_se = [&](double q, double x, double z) {
    const double f = std::exp(-0.5 * z * z) / std::sqrt(2 * kPi) / (x * sigma);
    return std::sqrt(q * (1 - q) / kN) / f;
  };
  EXPECT_NEAR(Quantile(v, 0.5), median, 5 * quantile_se(0.5, median, 0.0));
  EXPECT_NEAR(Quantile(v, 0.99), p99, 5 * quantile_se(0.99, p99, kZ99));
}

TEST(SimDistributionStats, LognormalMuSigmaMean) {
  const double mu = -1, sigma = 0.5;
  const Distribution d = Distribution::LognormalMuSigma(mu, sigma);
  const auto v = Draw(d, kN);
  const double mean = std::exp(mu + sigma * sigma / 2);
  const double sd = mean * std::sqrt(std::exp(sigma * sigma) - 1);
  EXPECT_DOUBLE_EQ(d.Mean(), mean);
  EXPECT_NEAR(MeanOf(v), mean, 5 * sd / std::sqrt(kN));
  EXPECT_NEAR(FractionAtMost(v, std::exp(mu)), 0.5, CdfTol(0.5, kN));
  // sigma = 0 degenerates to the constant e^mu.
  RngStream rng(1, 0, "x");
  EXPECT_DOUBLE_EQ(Distribution::LognormalMedianP99(0.2, 0.2).Sample(rng), 0.2);
}

TEST(SimDistributionStats, EmpiricalInverseCdfMatchesItsPoints) {
  const std::vector<std::pair<double, double>> pts = {{0, 0.01}, {0.5, 0.05}, {0.9, 0.2}, {1, 1.0}};
  const Distribution d = Distribution::Empirical(pts);
  const auto v = Draw(d, kN);
  for (const double x : v) {
    ASSERT_GE(x, 0.01);
    ASSERT_LE(x, 1.0);
  }
  // P(X <= value_i) = quantile_i at each interior point.
  for (const auto& [q, x] : pts) {
    if (q == 0 || q == 1) continue;
    EXPECT_NEAR(FractionAtMost(v, x), q, CdfTol(q, kN)) << "point (" << q << ", " << x << ")";
  }
  // Linear interpolation: half way between (0.5, 0.05) and (0.9, 0.2) is q = 0.7 at 0.125.
  EXPECT_NEAR(FractionAtMost(v, 0.125), 0.7, CdfTol(0.7, kN));
  // Sample mean against the analytic mean 0.125 (computed by hand: trapezoids
  // 0.5*0.03 + 0.4*0.125 + 0.1*0.6).
  EXPECT_DOUBLE_EQ(d.Mean(), 0.125);
  EXPECT_NEAR(MeanOf(v), 0.125, 5 * SdOf(v) / std::sqrt(kN));
}

TEST(SimDistributionStats, EmpiricalAtomsOutsideTheQuantileRange) {
  // Quantiles 0.2..0.8: 20% of the mass sits at each end value.
  const Distribution d = Distribution::Empirical({{0.2, 1.0}, {0.8, 3.0}});
  const auto v = Draw(d, kN);
  const double at_low = static_cast<double>(std::count(v.begin(), v.end(), 1.0)) / kN;
  const double at_high = static_cast<double>(std::count(v.begin(), v.end(), 3.0)) / kN;
  EXPECT_NEAR(at_low, 0.2, CdfTol(0.2, kN));
  EXPECT_NEAR(at_high, 0.2, CdfTol(0.2, kN));
  EXPECT_DOUBLE_EQ(d.Mean(), 0.2 * 1.0 + 0.6 * 2.0 + 0.2 * 3.0);
  EXPECT_NEAR(MeanOf(v), d.Mean(), 5 * SdOf(v) / std::sqrt(kN));
  // A single point is a constant.
  const Distribution one = Distribution::Empirical({{0.5, 7.0}});
  RngStream rng(1, 0, "x");
  for (int i = 0; i < 100; ++i) ASSERT_EQ(one.Sample(rng), 7.0);
  EXPECT_DOUBLE_EQ(one.Mean(), 7.0);
}

// --- The ziggurat exponential (SampleStandardExponential, issue 17) -------------------------
// Exp(1) CDF.
double ExpCdf(double x) { return x <= 0 ? 0.0 : -std::expm1(-x); }

std::vector<double> DrawStandardExponential(int n, const char* name) {
  RngStream rng(2026, 0, name);
  std::vector<double> v(static_cast<size_t>(n));
  for (auto& x : v) x = SampleStandardExponential(rng);
  return v;
}

// Kolmogorov–Smirnov against Exp(1) over 10^6 draws: D below the 0.1 % critical value
// 1.949/√n. A wrong layer table, a shared layer/abscissa bit or a broken wedge test moves D
// far above it (a 1 % error in one layer's mass alone gives D ≈ 0.004 > 0.00195).
TEST(SimZigguratExponential, KolmogorovSmirnovAgainstExp1) {
  const int n = 1000000;
  std::vector<double> v = DrawStandardExponential(n, "zig/ks");
  std::sort(v.begin(), v.end());
  double d = 0;
  for (int i = 0; i < n; ++i) {
    const double f = ExpCdf(v[static_cast<size_t>(i)]);
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  EXPECT_LT(d, 1.949 / std::sqrt(static_cast<double>(n)));
  EXPECT_GE(v.front(), 0.0);
}

// Every layer edge x_i (the table's own abscissae): the empirical CDF there equals 1 − e^−x_i
// within five standard errors. This checks each of the 256 layers and wedges separately.
TEST(SimZigguratExponential, EmpiricalCdfAtEveryLayerEdge) {
  const int n = 2000000;
  std::vector<double> v = DrawStandardExponential(n, "zig/layers");
  std::sort(v.begin(), v.end());
  for (int i = 1; i < 256; ++i) {
    const double x = kZigguratExp.w[i] * 0x1.0p53;  // right edge of layer i
    const double p = ExpCdf(x);
    const double got = static_cast<double>(std::upper_bound(v.begin(), v.end(), x) - v.begin()) / n;
    EXPECT_NEAR(got, p, CdfTol(p, n) + 1.0 / n) << "layer " << i << " edge " << x;
  }
}

// The tail beyond r = 7.697 (layer 0's overflow, drawn as r − log U): its probability is e^−r
// and, by memorylessness, its mean is r + 1.
TEST(SimZigguratExponential, TailBeyondRHasMassExpMinusRAndMeanRPlusOne) {
  const int n = 4000000;
  const double r = 7.69711747013104972;
  RngStream rng(2026, 0, "zig/tail");
  int64_t in_tail = 0;
  double tail_sum = 0;
  for (int i = 0; i < n; ++i) {
    const double x = SampleStandardExponential(rng);
    if (x > r) {
      ++in_tail;
      tail_sum += x;
    }
  }
  const double p = std::exp(-r);
  EXPECT_NEAR(static_cast<double>(in_tail) / n, p, 5 * std::sqrt(p * (1 - p) / n));
  ASSERT_GT(in_tail, 0);
  // The tail's excess is Exp(1): its mean's standard error is 1/√k.
  EXPECT_NEAR(tail_sum / static_cast<double>(in_tail), r + 1,
              5.0 / std::sqrt(static_cast<double>(in_tail)));
}

// Same stream, same draws: the sequence is a pure function of the stream (reproducibility), and
// Distribution::Exponential is mean × the same draw.
TEST(SimZigguratExponential, DistributionExponentialScalesTheSameDraw) {
  RngStream a(9, 1, "zig/same"), b(9, 1, "zig/same");
  const Distribution d = Distribution::Exponential(0.25);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(d.Sample(a), 0.25 * SampleStandardExponential(b));
}

TEST(SimDistribution, AnalyticMeans) {
  EXPECT_DOUBLE_EQ(Distribution::Constant(3.25).Mean(), 3.25);
  EXPECT_DOUBLE_EQ(Distribution::Uniform(1, 4).Mean(), 2.5);
  EXPECT_DOUBLE_EQ(Distribution::Exponential(0.7).Mean(), 0.7);
  EXPECT_DOUBLE_EQ(Distribution::Normal(3, 1).Mean(), 3.0);  // untruncated, by contract
  EXPECT_DOUBLE_EQ(Distribution::LognormalMuSigma(0, 1).Mean(), std::exp(0.5));
  const double sigma = std::log(10.0) / kZ99;
  EXPECT_DOUBLE_EQ(Distribution::LognormalMedianP99(0.1, 1.0).Mean(),
                   0.1 * std::exp(sigma * sigma / 2));
  EXPECT_DOUBLE_EQ(Distribution::Empirical({{0, 0}, {1, 2}}).Mean(), 1.0);
}

TEST(SimDistribution, KindsParametersAndDescribe) {
  EXPECT_EQ(Distribution::Uniform(1, 2).kind(), Distribution::Kind::kUniform);
  EXPECT_EQ(Distribution::Exponential(1).kind(), Distribution::Kind::kExponential);
  EXPECT_EQ(Distribution::Normal(1, 2).kind(), Distribution::Kind::kNormal);
  EXPECT_EQ(Distribution::LognormalMuSigma(1, 2).kind(), Distribution::Kind::kLognormal);
  EXPECT_EQ(Distribution::Empirical({{0, 1}}).kind(), Distribution::Kind::kEmpirical);
  const Distribution u = Distribution::Uniform(1, 2);
  EXPECT_EQ(u.p1(), 1.0);
  EXPECT_EQ(u.p2(), 2.0);
  EXPECT_EQ(Distribution::Empirical({{0, 1}, {1, 2}}).points().size(), 2u);
  EXPECT_EQ(Distribution::Constant(2.5).Describe(), "constant(2.5)");
  EXPECT_EQ(Distribution::Uniform(1, 3).Describe(), "uniform(1, 3)");
  EXPECT_EQ(Distribution::Exponential(0.12).Describe(), "exponential(mean=0.12)");
  EXPECT_EQ(Distribution::Normal(10, 2).Describe(), "normal(mean=10, stddev=2)");
  EXPECT_EQ(Distribution::LognormalMuSigma(0, 1).Describe(), "lognormal(mu=0, sigma=1)");
  EXPECT_EQ(Distribution::Empirical({{0, 1}, {1, 2}}).Describe(), "empirical(2 points)");
}

TEST(SimDistribution, InvalidParametersThrow) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(Distribution::Uniform(2, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::Uniform(nan, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::Exponential(0), std::invalid_argument);
  EXPECT_THROW(Distribution::Exponential(-1), std::invalid_argument);
  EXPECT_THROW(Distribution::Exponential(nan), std::invalid_argument);
  EXPECT_THROW(Distribution::Normal(1, -0.1), std::invalid_argument);
  EXPECT_THROW(Distribution::Normal(1, nan), std::invalid_argument);
  EXPECT_THROW(Distribution::LognormalMuSigma(0, -1), std::invalid_argument);
  EXPECT_THROW(Distribution::LognormalMedianP99(0, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::LognormalMedianP99(-1, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::LognormalMedianP99(1, 0.5), std::invalid_argument);  // p99 < median
  EXPECT_THROW(Distribution::LognormalMedianP99(nan, 1), std::invalid_argument);
  EXPECT_THROW(Distribution::Empirical({}), std::invalid_argument);
  EXPECT_THROW(Distribution::Empirical({{-0.1, 1}}), std::invalid_argument);
  EXPECT_THROW(Distribution::Empirical({{0, 1}, {1.5, 2}}), std::invalid_argument);
  EXPECT_THROW(Distribution::Empirical({{0.5, 1}, {0.5, 2}}),
               std::invalid_argument);  // not strictly increasing
  EXPECT_THROW(Distribution::Empirical({{0.6, 1}, {0.5, 2}}), std::invalid_argument);
  EXPECT_THROW(Distribution::Empirical({{0, 2}, {1, 1}}),
               std::invalid_argument);  // values decreasing
  EXPECT_THROW(Distribution::Empirical({{nan, 1}}), std::invalid_argument);
  // Boundary cases that are valid.
  EXPECT_NO_THROW(Distribution::Uniform(1, 1));
  EXPECT_NO_THROW(Distribution::Normal(1, 0));
  EXPECT_NO_THROW(Distribution::LognormalMedianP99(1, 1));
  EXPECT_NO_THROW(Distribution::Empirical({{0, 1}, {1, 1}}));
}

}  // namespace
}  // namespace sim
