// sim/distribution.h — our own continuous distributions, identical on every platform.
//
// A Distribution is a small value type (a tag and parameters); Sample draws from an
// RngStream using only the uniform doubles that stream produces and libm's exp/log/sqrt/
// cos, so a given stream gives the same samples everywhere. Values are in the caller's
// unit (the model uses seconds). Every distribution is non-negative where the model needs
// it: normal is truncated at zero by resampling (at most 64 tries, then 0).
//
// Empirical: (quantile, value) points, quantiles strictly increasing in [0, 1], values
// non-decreasing; sampling is the inverse CDF with linear interpolation between points;
// a uniform draw below the first quantile returns the first value, above the last the last.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/rng.h"

namespace sim {

inline double SampleStandardExponential(RngStream& rng);  // below: the ziggurat

class Distribution {
 public:
  enum class Kind { kConstant, kUniform, kExponential, kNormal, kLognormal, kEmpirical };

  static Distribution Constant(double value);
  static Distribution Uniform(double min, double max);
  static Distribution Exponential(double mean);
  static Distribution Normal(double mean, double stddev);  // truncated at zero
  static Distribution LognormalMuSigma(double mu, double sigma);
  static Distribution LognormalMedianP99(double median, double p99);
  static Distribution Empirical(std::vector<std::pair<double, double>> quantile_value_points);

  Distribution() = default;  // constant 0 (member initialisers); must not call Constant(), which
                             // default-constructs

  double Sample(RngStream& rng) const {
    switch (kind_) {
      case Kind::kConstant: return p1_;
      case Kind::kExponential: return SampleExponential(rng);
      default: return SampleSlow(rng);
    }
  }

  Kind kind() const { return kind_; }
  // Analytic mean (for the normal: of the untruncated law; for empirical: of the piecewise
  // linear inverse CDF between its first and last points).
  double Mean() const;
  std::string Describe() const;  // e.g. "exponential(mean=0.12)"

  // Parameters, meaning by kind: constant(p1=value), uniform(p1=min, p2=max),
  // exponential(p1=mean), normal(p1=mean, p2=stddev), lognormal(p1=mu, p2=sigma).
  double p1() const { return p1_; }
  double p2() const { return p2_; }
  const std::vector<std::pair<double, double>>& points() const { return points_; }

 private:
  double SampleExponential(RngStream& rng) const { return p1_ * SampleStandardExponential(rng); }
  double SampleSlow(RngStream& rng) const;

  Kind kind_ = Kind::kConstant;
  double p1_ = 0;
  double p2_ = 0;
  std::vector<std::pair<double, double>> points_;
};

// Standard normal via Box–Muller (two uniforms per draw, no cached spare: simpler state).
double SampleStandardNormal(RngStream& rng);

// Exp(1) by the ziggurat method (Marsaglia & Tsang, "The Ziggurat Method for Generating Random
// Variables", J. Stat. Softw. 5(8), 2000), 256 layers. One 64-bit draw per sample on the fast
// path (about 98.9 % of draws): bits 0–7 pick the layer, bits 11–63 (53 bits) the abscissa, so
// the two are independent (the paper's 32-bit version shares bits between them). The rest take
// the wedge test or the tail (x > r = 7.697…: r − log U, exact by memorylessness). The tables are
// built once from libm's exp/log (ZigguratExpTables), like every other variate here.
struct ZigguratExpTables {
  uint64_t k[256];  // fast-path bound on the 53-bit abscissa per layer
  double w[256];    // layer width / 2^53
  double f[256];    // exp(−x_i) at the layer's right edge
};
extern const ZigguratExpTables kZigguratExp;
double SampleStandardExponentialSlow(RngStream& rng, uint64_t u);
inline double SampleStandardExponential(RngStream& rng) {
  const uint64_t u = rng.NextU64();
  const unsigned i = static_cast<unsigned>(u & 0xffU);
  const uint64_t j = u >> 11;
  if (j < kZigguratExp.k[i]) return static_cast<double>(j) * kZigguratExp.w[i];
  return SampleStandardExponentialSlow(rng, u);
}

}  // namespace sim
