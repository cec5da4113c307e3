// models/workload/arrivals.h — the arrival process of one traffic source.
//
// Produces the absolute time of each next request. All randomness of a source comes from
// its own stream ("arrivals/<function>" for a function's first source, "arrivals/<function>#k"
// for its k-th, k ≥ 2), so adding a source or function never shifts another's stream.
// No arrival at or after `end`.
//
// Exactness. Let Λ(t) = ∫ rate be the cumulative intensity of the shape.
//   * Poisson arrivals are sampled by inversion: each gap draws E ~ Exp(1) and solves
//     Λ(t) − Λ(t_prev) = E — in closed form for constant and piecewise-linear rates (a
//     quadratic per segment), by safeguarded Newton/bisection to below 1 ns for the diurnal
//     sinusoid (whose Λ is closed form). No rate is ever stepped.
//   * Uniform arrivals are evenly spaced in Λ: t_k solves Λ(t_k) − Λ(t_0) = k, k = 0, 1, …,
//     where t_0 is the first instant the rate is (or becomes) positive; for a constant rate
//     this is t_k = start + k/rate, computed from k so it never drifts.
//   * MMPP: competing exponentials — within a state's sojourn (Exp(Σ_j q_ij)), arrival gaps
//     are Exp(λ_i); a gap that would cross the sojourn's end is discarded (memorylessness)
//     and the chain jumps to j with probability q_ij / Σ_j q_ij. The walk between two
//     arrivals polls sim::InterruptRequested() and ends the source when it is set.
//   * Traces replay their rows (models/workload/trace_reader.h).
// The constant-rate Poisson path is one branch and one logarithm per arrival.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>

#include "models/spec/scenario_spec.h"
#include "sim/distribution.h"
#include "sim/rng.h"
#include "sim/time.h"

namespace lambdasim {

// One request produced by a traffic source.
struct Arrival {
  sim::Time time = sim::Time::Max();  // Max() = the source is exhausted
  uint32_t function = 0;              // index into ScenarioSpec::functions
  int64_t duration_ns = -1;           // from a trace; -1 = sample the function's distribution
};

class TraceArrivals;

class ArrivalProcess {
 public:
  // The process of spec.traffic[source] (spec must outlive it), truncated at `end`.
  ArrivalProcess(const ScenarioSpec& spec, size_t source, sim::Time end, const sim::RngStream& rng);
  ArrivalProcess(ArrivalProcess&&) noexcept;
  ArrivalProcess& operator=(ArrivalProcess&&) noexcept;
  ~ArrivalProcess();

  // The first arrival (time Max() if none).
  Arrival First();

  // The arrival after the previous one; time Max() when the source is exhausted.
  Arrival Next() {
    if (mode_ == Mode::kConstantPoisson) {
      const double gap_s = mean_gap_s_ * sim::SampleStandardExponential(rng_);
      last_ = last_ + sim::DurationFromSeconds(gap_s);
      return Make(last_);
    }
    return NextSlow();
  }

  // The same, written into `out` field by field: the caller's copy of a returned Arrival would
  // reload the three fields just stored as one wide load, a store-forwarding stall per arrival.
  void NextInto(Arrival& out) {
    if (mode_ == Mode::kConstantPoisson) {
      const double gap_s = mean_gap_s_ * sim::SampleStandardExponential(rng_);
      last_ = last_ + sim::DurationFromSeconds(gap_s);
      if (last_ < end_) {
        out.time = last_;
        ++generated_;
      } else {
        out.time = sim::Time::Max();
      }
      out.function = function_;
      out.duration_ns = -1;
      return;
    }
    out = NextSlow();
  }

  // Requests produced so far (arrivals before `end`).
  uint64_t generated() const { return generated_; }

 private:
  enum class Mode { kConstantPoisson, kConstantUniform, kPiecewise, kDiurnal, kMmpp, kTrace };

  Arrival Make(sim::Time t) {
    Arrival a;
    if (t < end_) {
      a.time = t;
      ++generated_;
    }
    a.function = function_;
    return a;
  }
  Arrival NextSlow();
  double DrawE();  // Exp(1) for Poisson, 1 for uniform
  sim::Time AdvancePiecewise(double e);
  sim::Time AdvanceDiurnal(double e);
  Arrival NextMmpp();
  Arrival NextTrace();
  void EnterMmppState(size_t state);

  Mode mode_;
  const TrafficSpec* spec_;
  double rate_per_s_;
  double mean_gap_s_;
  sim::Time start_;
  sim::Time end_;
  uint32_t function_;
  sim::RngStream rng_;
  sim::Time last_;
  uint64_t count_ = 0;
  uint64_t generated_ = 0;
  bool poisson_ = true;
  // Piecewise: current segment and the exact (unrounded) offset into it, seconds.
  size_t seg_ = 0;
  double seg_x_s_ = 0;
  // Diurnal: the exact position is last_ + carry_s_ (|carry| < 1 ns).
  double carry_s_ = 0;
  // MMPP.
  size_t state_ = 0;
  sim::Time state_end_;
  std::unique_ptr<TraceArrivals> trace_;
};

// Expected number of requests of spec.traffic[source] over [0, horizon): ∫ rate over the
// source's active window (MMPP: the long-run rate × window; traces: their row count).
double ExpectedArrivals(const TrafficSpec& traffic, sim::Duration horizon);

// The rate of spec.traffic[source] at t = 0, requests per second — what a warm-up holds
// (`warmup:`): constant and piecewise shapes their rate at 0 (0 if they start later), diurnal
// its curve at 0, MMPP its initial state's rate, traces their arrivals in the first bucket
// (`bucket:`) divided by its length (reads only that much of the file).
double RateAtStart(const ScenarioSpec& spec, size_t source);

// "constant", "piecewise", "diurnal", "mmpp" or "trace".
const char* ShapeName(ShapeKind shape);

}  // namespace lambdasim
