#include "sim/distribution.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace sim {

namespace {
constexpr double kTwoPi = 6.283185307179586476925286766559;
// Φ⁻¹(0.99), the standard normal 99th percentile.
constexpr double kZ99 = 2.3263478740408408;

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}
}  // namespace

double SampleStandardNormal(RngStream& rng) {
  const double u1 = rng.NextDoubleOpenZero();
  const double u2 = rng.NextDouble();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
}

Distribution Distribution::Constant(double value) {
  Distribution d;
  d.kind_ = Kind::kConstant;
  d.p1_ = value;
  return d;
}

Distribution Distribution::Uniform(double min, double max) {
  if (!(min <= max)) throw std::invalid_argument("uniform: min must be <= max");
  Distribution d;
  d.kind_ = Kind::kUniform;
  d.p1_ = min;
  d.p2_ = max;
  return d;
}

Distribution Distribution::Exponential(double mean) {
  if (!(mean > 0)) throw std::invalid_argument("exponential: mean must be > 0");
  Distribution d;
  d.kind_ = Kind::kExponential;
  d.p1_ = mean;
  return d;
}

Distribution Distribution::Normal(double mean, double stddev) {
  if (!(stddev >= 0)) throw std::invalid_argument("normal: stddev must be >= 0");
  Distribution d;
  d.kind_ = Kind::kNormal;
  d.p1_ = mean;
  d.p2_ = stddev;
  return d;
}

Distribution Distribution::LognormalMuSigma(double mu, double sigma) {
  if (!(sigma >= 0)) throw std::invalid_argument("lognormal: sigma must be >= 0");
  Distribution d;
  d.kind_ = Kind::kLognormal;
  d.p1_ = mu;
  d.p2_ = sigma;
  return d;
}

Distribution Distribution::LognormalMedianP99(double median, double p99) {
  if (!(median > 0)) throw std::invalid_argument("lognormal: median must be > 0");
  if (!(p99 >= median)) throw std::invalid_argument("lognormal: p99 must be >= median");
  return LognormalMuSigma(std::log(median), std::log(p99 / median) / kZ99);
}

Distribution Distribution::Empirical(std::vector<std::pair<double, double>> points) {
  if (points.empty()) throw std::invalid_argument("empirical: needs at least one point");
  for (size_t i = 0; i < points.size(); ++i) {
    const auto [q, v] = points[i];
    if (!(q >= 0 && q <= 1)) throw std::invalid_argument("empirical: quantiles must be in [0, 1]");
    if (i > 0 && !(q > points[i - 1].first))
      throw std::invalid_argument("empirical: quantiles must be strictly increasing");
    if (i > 0 && !(v >= points[i - 1].second))
      throw std::invalid_argument("empirical: values must be non-decreasing");
  }
  Distribution d;
  d.kind_ = Kind::kEmpirical;
  d.points_ = std::move(points);
  return d;
}

namespace {
// Marsaglia & Tsang's setup for 256 layers: r = 7.69711747013104972 (the tail's start) and
// v = 3.949659822581572e-3 (each layer's area), with the abscissa on 53 bits (2^53 = m).
ZigguratExpTables BuildZigguratExp() {
  ZigguratExpTables t{};
  const double m = 0x1.0p53;
  double de = 7.69711747013104972;
  double te = de;
  const double ve = 3.949659822581572e-3;
  const double q = ve / std::exp(-de);
  t.k[0] = static_cast<uint64_t>((de / q) * m);
  t.k[1] = 0;
  t.w[0] = q / m;
  t.w[255] = de / m;
  t.f[0] = 1.0;
  t.f[255] = std::exp(-de);
  for (int i = 254; i >= 1; --i) {
    de = -std::log(ve / de + std::exp(-de));
    t.k[i + 1] = static_cast<uint64_t>((de / te) * m);
    te = de;
    t.f[i] = std::exp(-de);
    t.w[i] = de / m;
  }
  return t;
}
constexpr double kZigguratR = 7.69711747013104972;
}  // namespace

const ZigguratExpTables kZigguratExp = BuildZigguratExp();

double SampleStandardExponentialSlow(RngStream& rng, uint64_t u) {
  for (;;) {
    const unsigned i = static_cast<unsigned>(u & 0xffU);
    const uint64_t j = u >> 11;
    if (j < kZigguratExp.k[i]) return static_cast<double>(j) * kZigguratExp.w[i];
    if (i == 0) return kZigguratR - std::log(rng.NextDoubleOpenZero());  // the tail
    const double x = static_cast<double>(j) * kZigguratExp.w[i];
    // The wedge between layer i's rectangle and the curve: accept under exp(−x).
    if (kZigguratExp.f[i] + rng.NextDouble() * (kZigguratExp.f[i - 1] - kZigguratExp.f[i]) <
        std::exp(-x))
      return x;
    u = rng.NextU64();
  }
}

double Distribution::SampleSlow(RngStream& rng) const {
  switch (kind_) {
    case Kind::kConstant: return p1_;
    case Kind::kExponential: return SampleExponential(rng);
    case Kind::kUniform: return p1_ + (p2_ - p1_) * rng.NextDouble();
    case Kind::kNormal: {
      for (int i = 0; i < 64; ++i) {
        const double x = p1_ + p2_ * SampleStandardNormal(rng);
        if (x >= 0) return x;
      }
      return 0;
    }
    case Kind::kLognormal: return std::exp(p1_ + p2_ * SampleStandardNormal(rng));
    case Kind::kEmpirical: {
      const double u = rng.NextDouble();
      if (u <= points_.front().first) return points_.front().second;
      if (u >= points_.back().first) return points_.back().second;
      const auto it = std::upper_bound(
          points_.begin(), points_.end(), u,
          [](double x, const std::pair<double, double>& p) { return x < p.first; });
      const auto& hi = *it;
      const auto& lo = *(it - 1);
      const double w = (u - lo.first) / (hi.first - lo.first);
      return lo.second + w * (hi.second - lo.second);
    }
  }
  return 0;
}

double Distribution::Mean() const {
  switch (kind_) {
    case Kind::kConstant: return p1_;
    case Kind::kUniform: return 0.5 * (p1_ + p2_);
    case Kind::kExponential: return p1_;
    case Kind::kNormal: return p1_;
    case Kind::kLognormal: return std::exp(p1_ + 0.5 * p2_ * p2_);
    case Kind::kEmpirical: {
      // Mass below the first / above the last quantile sits at the end values.
      double m = points_.front().first * points_.front().second;
      for (size_t i = 1; i < points_.size(); ++i) {
        const double dq = points_[i].first - points_[i - 1].first;
        m += dq * 0.5 * (points_[i].second + points_[i - 1].second);
      }
      m += (1.0 - points_.back().first) * points_.back().second;
      return m;
    }
  }
  return 0;
}

std::string Distribution::Describe() const {
  switch (kind_) {
    case Kind::kConstant: return "constant(" + Num(p1_) + ")";
    case Kind::kUniform: return "uniform(" + Num(p1_) + ", " + Num(p2_) + ")";
    case Kind::kExponential: return "exponential(mean=" + Num(p1_) + ")";
    case Kind::kNormal: return "normal(mean=" + Num(p1_) + ", stddev=" + Num(p2_) + ")";
    case Kind::kLognormal: return "lognormal(mu=" + Num(p1_) + ", sigma=" + Num(p2_) + ")";
    case Kind::kEmpirical: return "empirical(" + std::to_string(points_.size()) + " points)";
  }
  return "?";
}

}  // namespace sim
