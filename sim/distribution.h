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

#include <string>
#include <utility>
#include <vector>

#include "sim/rng.h"

namespace sim {

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
  double SampleExponential(RngStream& rng) const;
  double SampleSlow(RngStream& rng) const;

  Kind kind_ = Kind::kConstant;
  double p1_ = 0;
  double p2_ = 0;
  std::vector<std::pair<double, double>> points_;
};

// Standard normal via Box–Muller (two uniforms per draw, no cached spare: simpler state).
double SampleStandardNormal(RngStream& rng);

}  // namespace sim
