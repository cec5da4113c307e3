// models/workload/arrivals.cc — time-varying, MMPP and trace arrival processes (see arrivals.h).
#include "models/workload/arrivals.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "models/workload/trace_reader.h"
#include "sim/interrupt.h"

namespace lambdasim {

namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;

// Gaps longer than this (about 31 years) mean "never" within any scenario horizon.
constexpr double kNeverS = 1e9;

sim::Time AddSeconds(sim::Time t, double s) {
  if (!(s < kNeverS)) return sim::Time::Max();
  return t + sim::DurationFromSeconds(s);
}

// ∫_a^b of a linear segment's rate (a, b in seconds from the segment start).
double SegmentIntegral(const RateSegment& s, double a, double b) {
  const double len = (s.end - s.start).seconds();
  if (len <= 0 || b <= a) return 0;
  const double slope = (s.rate_to_per_s - s.rate_from_per_s) / len;
  return s.rate_from_per_s * (b - a) + 0.5 * slope * (b * b - a * a);
}

// Λ of the diurnal sinusoid over [a, b] (seconds since the scenario start).
double DiurnalIntegral(const DiurnalShape& d, double a, double b) {
  const double period = d.period.seconds();
  const double w = kTwoPi / period;
  const double p = d.peak_at.seconds();
  return d.mean_per_s * (b - a) +
         d.amplitude_per_s / w * (std::sin(w * (b - p)) - std::sin(w * (a - p)));
}

}  // namespace

ArrivalProcess::ArrivalProcess(const ScenarioSpec& spec, size_t source, sim::Time end,
                               const sim::RngStream& rng)
    : mode_(Mode::kConstantPoisson),
      spec_(&spec.traffic[source]),
      rate_per_s_(spec_->rate_per_s),
      mean_gap_s_(spec_->rate_per_s > 0 ? 1.0 / spec_->rate_per_s : 0),
      start_(sim::Time::Zero() + spec_->start),
      end_(spec_->end ? std::min(end, sim::Time::Zero() + *spec_->end) : end),
      function_(static_cast<uint32_t>(spec_->function_index)),
      rng_(rng),
      poisson_(spec_->arrivals == ArrivalKind::kPoisson) {
  switch (spec_->shape) {
    case ShapeKind::kConstant:
      mode_ = poisson_ ? Mode::kConstantPoisson : Mode::kConstantUniform;
      break;
    case ShapeKind::kPiecewise: mode_ = Mode::kPiecewise; break;
    case ShapeKind::kDiurnal: mode_ = Mode::kDiurnal; break;
    case ShapeKind::kMmpp: mode_ = Mode::kMmpp; break;
    case ShapeKind::kTrace: {
      mode_ = Mode::kTrace;
      std::vector<std::string> names;
      names.reserve(spec.functions.size());
      for (const auto& f : spec.functions) names.push_back(f.name);
      trace_ = std::make_unique<TraceArrivals>(spec_->trace, names, function_, start_);
      break;
    }
  }
}

ArrivalProcess::ArrivalProcess(ArrivalProcess&&) noexcept = default;
ArrivalProcess& ArrivalProcess::operator=(ArrivalProcess&&) noexcept = default;
ArrivalProcess::~ArrivalProcess() = default;

double ArrivalProcess::DrawE() { return poisson_ ? sim::SampleStandardExponential(rng_) : 1.0; }

Arrival ArrivalProcess::First() {
  last_ = start_;
  switch (mode_) {
    case Mode::kConstantPoisson: return Next();
    case Mode::kConstantUniform: return Make(start_);
    case Mode::kPiecewise:
      seg_ = 0;
      seg_x_s_ = 0;
      return Make(AdvancePiecewise(poisson_ ? DrawE() : 0.0));
    case Mode::kDiurnal: carry_s_ = 0; return Make(AdvanceDiurnal(poisson_ ? DrawE() : 0.0));
    case Mode::kMmpp: EnterMmppState(spec_->mmpp.initial_state); return NextMmpp();
    case Mode::kTrace: return NextTrace();
  }
  return Arrival{};
}

// The next trace row, stamped by Make (offset/horizon handling) with the row's function and
// duration carried over.
Arrival ArrivalProcess::NextTrace() {
  const Arrival a = trace_->Next(rng_);
  Arrival out = Make(a.time);
  out.function = a.function;
  out.duration_ns = a.duration_ns;
  return out;
}

Arrival ArrivalProcess::NextSlow() {
  switch (mode_) {
    case Mode::kConstantPoisson: return Next();
    case Mode::kConstantUniform:
      ++count_;
      return Make(start_ + sim::DurationFromSeconds(static_cast<double>(count_) / rate_per_s_));
    case Mode::kPiecewise: return Make(AdvancePiecewise(DrawE()));
    case Mode::kDiurnal: return Make(AdvanceDiurnal(DrawE()));
    case Mode::kMmpp: return NextMmpp();
    case Mode::kTrace: return NextTrace();
  }
  return Arrival{};
}

// Moves the position forward until Λ has grown by `e`; the arrival time, or Max() when
// the segments run out first. Segments are absolute times; the rate is zero between them.
sim::Time ArrivalProcess::AdvancePiecewise(double e) {
  const std::vector<RateSegment>& segs = spec_->segments;
  while (seg_ < segs.size()) {
    const RateSegment& s = segs[seg_];
    const sim::Time seg_start = sim::Time::Zero() + s.start;
    // Not before the source's start.
    if (seg_x_s_ == 0 && start_ > seg_start) seg_x_s_ = (start_ - seg_start).seconds();
    const double len = (s.end - s.start).seconds();
    const double rest = len - seg_x_s_;
    if (rest <= 0 || seg_start >= end_) {
      if (seg_start >= end_) break;
      ++seg_;
      seg_x_s_ = 0;
      continue;
    }
    const double slope = (s.rate_to_per_s - s.rate_from_per_s) / len;
    const double r0 = s.rate_from_per_s + slope * seg_x_s_;
    const double avail = r0 * rest + 0.5 * slope * rest * rest;
    if (e < avail && (r0 > 0 || slope > 0)) {
      double dx = 0;
      if (e > 0) {
        // Stable root of ½·slope·dx² + r0·dx − e = 0.
        const double disc = std::max(0.0, r0 * r0 + 2 * slope * e);
        dx = 2 * e / (r0 + std::sqrt(disc));
      }
      const double x = seg_x_s_ + std::min(dx, rest);
      const sim::Time t = seg_start + sim::DurationFromSeconds(x);
      if (t <
          sim::Time::Zero() +
              s.end) {  // [start, end): a root that rounds onto the end belongs to the next segment
        seg_x_s_ = x;
        last_ = t;
        return last_;
      }
    }
    e -= std::max(0.0, avail);
    ++seg_;
    seg_x_s_ = 0;
  }
  return sim::Time::Max();
}

sim::Time ArrivalProcess::AdvanceDiurnal(double e) {
  const DiurnalShape& d = spec_->diurnal;
  const int64_t period_ns = d.period.ns();
  const double period = d.period.seconds();
  const double w = kTwoPi / period;
  const double m = d.mean_per_s;
  const double a = d.amplitude_per_s;
  // Phase of the current position relative to the peak, exact in integer nanoseconds.
  int64_t rel = (last_.ns() - d.peak_at.ns()) % period_ns;
  if (rel < 0) rel += period_ns;
  const double phi = w * (static_cast<double>(rel) * 1e-9 + carry_s_);
  const double sin0 = std::sin(phi);
  auto f = [&](double x) { return m * x + a / w * (std::sin(phi + w * x) - sin0) - e; };
  double x = 0;
  if (e > 0) {
    // Λ over any window of length L is at least m·(L − period): the root is below e/m + period.
    double lo = 0, hi = e / m + period;
    x = e / m;
    for (int i = 0; i < 200; ++i) {
      const double fx = f(x);
      if (fx > 0)
        hi = x;
      else
        lo = x;
      if (hi - lo < 1e-10 || std::fabs(fx) <= 1e-13 * std::max(1.0, e)) break;
      const double slope = m + a * std::cos(phi + w * x);
      double next = slope > 0 ? x - fx / slope : 0.5 * (lo + hi);
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      x = next;
    }
  }
  const double exact = carry_s_ + x;
  if (!(exact < kNeverS)) return sim::Time::Max();
  const sim::Duration step = sim::DurationFromSeconds(exact);
  last_ = last_ + step;
  carry_s_ = exact - step.seconds();
  return last_;
}

void ArrivalProcess::EnterMmppState(size_t state) {
  state_ = state;
  const MmppShape& mm = spec_->mmpp;
  double exit = 0;
  for (size_t j = 0; j < mm.rates_per_s.size(); ++j)
    if (j != state) exit += mm.transition_rates[state][j];
  state_end_ =
      exit > 0 ? AddSeconds(last_, sim::SampleStandardExponential(rng_) / exit) : sim::Time::Max();
}

Arrival ArrivalProcess::NextMmpp() {
  const MmppShape& mm = spec_->mmpp;
  // A fast-switching chain with tiny rates can walk billions of sojourns between two
  // arrivals: honour an interrupt by ending the source (the run is then incomplete anyway).
  for (uint64_t walked = 1;; ++walked) {
    if (walked % sim::kInterruptPollEvery == 0 && sim::InterruptRequested())
      return Make(sim::Time::Max());
    const double lambda = mm.rates_per_s[state_];
    if (lambda > 0) {
      const sim::Time t = AddSeconds(last_, sim::SampleStandardExponential(rng_) / lambda);
      if (t < state_end_) {
        last_ = t;
        return Make(t);
      }
    }
    if (state_end_ >= end_) return Make(sim::Time::Max());
    // Jump: the gap crossed the sojourn's end; by memorylessness it is simply discarded.
    last_ = state_end_;
    double exit = 0;
    for (size_t j = 0; j < mm.rates_per_s.size(); ++j)
      if (j != state_) exit += mm.transition_rates[state_][j];
    double u = rng_.NextDouble() * exit;
    size_t next = state_;
    for (size_t j = 0; j < mm.rates_per_s.size(); ++j) {
      if (j == state_ || !(mm.transition_rates[state_][j] > 0)) continue;
      next = j;
      u -= mm.transition_rates[state_][j];
      if (u < 0) break;
    }
    EnterMmppState(next);
  }
}

double ExpectedArrivals(const TrafficSpec& t, sim::Duration horizon) {
  const sim::Duration stop_d = t.end ? std::min(*t.end, horizon) : horizon;
  const double a = t.start.seconds();
  const double b = stop_d.seconds();
  if (b <= a && t.shape != ShapeKind::kTrace) return 0;
  switch (t.shape) {
    case ShapeKind::kConstant: return t.rate_per_s * (b - a);
    case ShapeKind::kPiecewise: {
      double sum = 0;
      for (const RateSegment& s : t.segments) {
        const double s0 = s.start.seconds();
        const double lo = std::max(a, s0), hi = std::min(b, s.end.seconds());
        if (hi > lo) sum += SegmentIntegral(s, lo - s0, hi - s0);
      }
      return sum;
    }
    case ShapeKind::kDiurnal: return DiurnalIntegral(t.diurnal, a, b);
    case ShapeKind::kMmpp: return t.mmpp.long_run_rate_per_s * (b - a);
    case ShapeKind::kTrace: return static_cast<double>(t.trace.rows);
  }
  return 0;
}

const char* ShapeName(ShapeKind shape) {
  switch (shape) {
    case ShapeKind::kConstant: return "constant";
    case ShapeKind::kPiecewise: return "piecewise";
    case ShapeKind::kDiurnal: return "diurnal";
    case ShapeKind::kMmpp: return "mmpp";
    case ShapeKind::kTrace: return "trace";
  }
  return "?";
}

double RateAtStart(const ScenarioSpec& spec, size_t source) {
  const TrafficSpec& t = spec.traffic[source];
  if (t.start > sim::Duration() || (t.end && *t.end <= sim::Duration())) return 0;
  switch (t.shape) {
    case ShapeKind::kConstant: return t.rate_per_s;
    case ShapeKind::kPiecewise:
      for (const auto& seg : t.segments)
        if (seg.start <= sim::Duration() && sim::Duration() < seg.end) return seg.rate_from_per_s;
      return 0;
    case ShapeKind::kDiurnal: {
      const double x = (0 - t.diurnal.peak_at.seconds()) / t.diurnal.period.seconds();
      return t.diurnal.mean_per_s + t.diurnal.amplitude_per_s * std::cos(2 * std::numbers::pi * x);
    }
    case ShapeKind::kMmpp:
      return t.mmpp.rates_per_s.empty() ? 0 : t.mmpp.rates_per_s.at(t.mmpp.initial_state);
    case ShapeKind::kTrace: {
      const sim::Duration window = std::min(spec.bucket, spec.duration);
      ArrivalProcess p(spec, source, sim::Time::Zero() + window,
                       sim::RngStream(spec.seed, spec.replication, "warmup-count"));
      uint64_t n = 0;
      for (Arrival a = p.First(); a.time < sim::Time::Zero() + window; a = p.Next()) ++n;
      return static_cast<double>(n) / window.seconds();
    }
  }
  return 0;
}

}  // namespace lambdasim
