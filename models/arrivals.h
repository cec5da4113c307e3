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

// One request produced by a traffic source.
struct Arrival {
  sim::Time time = sim::Time::Max();  // Max() = the source is exhausted
  uint32_t function = 0;              // index into ScenarioSpec::functions
  int64_t duration_ns = -1;           // from a trace; -1 = sample the function's distribution
};

class ArrivalProcess {
 public:
  ArrivalProcess(const TrafficSpec& spec, sim::Time end, sim::RngStream rng)
      : kind_(spec.arrivals),
        rate_per_s_(spec.rate_per_s),
        mean_gap_s_(1.0 / spec.rate_per_s),
        start_(sim::Time::Zero() + spec.start),
        end_(spec.end ? std::min(end, sim::Time::Zero() + *spec.end) : end),
        function_(static_cast<uint32_t>(spec.function_index)),
        rng_(rng) {}

  // The first arrival (time Max() if none).
  Arrival First() {
    last_ = start_;
    if (kind_ == ArrivalKind::kPoisson) return Next();
    return Make(start_);
  }

  // The arrival after the previous one; time Max() when the source is exhausted.
  Arrival Next() {
    if (kind_ == ArrivalKind::kPoisson) {
      const double gap_s = -mean_gap_s_ * std::log(rng_.NextDoubleOpenZero());
      last_ = last_ + sim::DurationFromSeconds(gap_s);
      return Make(last_);
    }
    ++count_;
    return Make(start_ + sim::DurationFromSeconds(static_cast<double>(count_) / rate_per_s_));
  }

 private:
  Arrival Make(sim::Time t) const {
    Arrival a;
    a.time = t < end_ ? t : sim::Time::Max();
    a.function = function_;
    return a;
  }

  ArrivalKind kind_;
  double rate_per_s_;
  double mean_gap_s_;
  sim::Time start_;
  sim::Time end_;
  uint32_t function_;
  sim::RngStream rng_;
  sim::Time last_;
  uint64_t count_ = 0;
};

}  // namespace lambdasim
