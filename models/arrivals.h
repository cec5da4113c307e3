// models/arrivals.h — the arrival process of one traffic source.
//
// Produces the absolute time of each next request. Poisson arrivals draw exponential
// gaps from the source's own stream ("arrivals/<function>" for a function's first source,
// "arrivals/<function>#k" for its k-th, k ≥ 2), so adding a source or function never
// shifts another's stream. Uniform arrivals are evenly spaced and computed from the
// arrival count (t_k = start + k/rate), so they never drift. No arrival at or after `end`.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "models/scenario_spec.h"
#include "sim/rng.h"
#include "sim/time.h"

namespace lambdasim {

class ArrivalProcess {
 public:
  ArrivalProcess(const TrafficSpec& spec, sim::Time end, sim::RngStream rng)
      : kind_(spec.arrivals),
        rate_per_s_(spec.rate_per_s),
        mean_gap_s_(1.0 / spec.rate_per_s),
        start_(sim::Time::Zero() + spec.start),
        end_(spec.end ? std::min(end, sim::Time::Zero() + *spec.end) : end),
        rng_(rng) {}

  // The first arrival time, or Time::Max() if none.
  sim::Time First() {
    last_ = start_;
    if (kind_ == ArrivalKind::kPoisson) return Next();
    return Check(start_);
  }

  // The arrival after the previous one, or Time::Max() when the source is exhausted.
  sim::Time Next() {
    if (kind_ == ArrivalKind::kPoisson) {
      const double gap_s = -mean_gap_s_ * std::log(rng_.NextDoubleOpenZero());
      last_ = last_ + sim::DurationFromSeconds(gap_s);
      return Check(last_);
    }
    ++count_;
    return Check(start_ + sim::DurationFromSeconds(static_cast<double>(count_) / rate_per_s_));
  }

 private:
  sim::Time Check(sim::Time t) const { return t < end_ ? t : sim::Time::Max(); }

  ArrivalKind kind_;
  double rate_per_s_;
  double mean_gap_s_;
  sim::Time start_;
  sim::Time end_;
  sim::RngStream rng_;
  sim::Time last_;
  uint64_t count_ = 0;
};

}  // namespace lambdasim
