// sim/time.h — simulated time as integer nanoseconds.
//
// Time is a point on the simulated clock (nanoseconds since the start of the run);
// Duration is a signed span. They are distinct types so that a point cannot be passed
// where a span is expected. All arithmetic is exact int64; the only place a double
// becomes ticks is DurationFromSeconds (round half away from zero, saturating).
// Range: ±292 years, far beyond any scenario the loader accepts.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace sim {

class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration Nanos(int64_t ns) { return Duration(ns); }
  static constexpr Duration Micros(int64_t us) { return Duration(us * 1000); }
  static constexpr Duration Millis(int64_t ms) { return Duration(ms * 1000000); }
  static constexpr Duration Seconds(int64_t s) { return Duration(s * 1000000000); }
  static constexpr Duration Minutes(int64_t m) { return Seconds(m * 60); }
  static constexpr Duration Hours(int64_t h) { return Seconds(h * 3600); }
  static constexpr Duration Max() { return Duration(std::numeric_limits<int64_t>::max()); }

  constexpr int64_t ns() const { return ns_; }
  constexpr double seconds() const { return static_cast<double>(ns_) * 1e-9; }
  constexpr double millis() const { return static_cast<double>(ns_) * 1e-6; }

  constexpr Duration operator+(Duration o) const { return Duration(ns_ + o.ns_); }
  constexpr Duration operator-(Duration o) const { return Duration(ns_ - o.ns_); }
  constexpr Duration operator*(int64_t k) const { return Duration(ns_ * k); }
  constexpr Duration& operator+=(Duration o) {
    ns_ += o.ns_;
    return *this;
  }
  constexpr Duration& operator-=(Duration o) {
    ns_ -= o.ns_;
    return *this;
  }
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 false positive on defaulted <=>
  constexpr auto operator<=>(const Duration&) const = default;

 private:
  constexpr explicit Duration(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

class Time {
 public:
  constexpr Time() = default;
  static constexpr Time FromNanos(int64_t ns) { return Time(ns); }
  static constexpr Time Zero() { return Time(0); }
  static constexpr Time Max() { return Time(std::numeric_limits<int64_t>::max()); }

  constexpr int64_t ns() const { return ns_; }
  constexpr double seconds() const { return static_cast<double>(ns_) * 1e-9; }

  constexpr Time operator+(Duration d) const { return Time(ns_ + d.ns()); }
  constexpr Time operator-(Duration d) const { return Time(ns_ - d.ns()); }
  constexpr Duration operator-(Time o) const { return Duration::Nanos(ns_ - o.ns_); }
  constexpr Time& operator+=(Duration d) {
    ns_ += d.ns();
    return *this;
  }
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 false positive on defaulted <=>
  constexpr auto operator<=>(const Time&) const = default;

 private:
  constexpr explicit Time(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

namespace detail {
// Rounds a finite double with |x| < 9.2e18 to the nearest integer, halves away from zero:
// exactly std::llround(x), without a libm call. The cast truncates toward zero, and
// x - trunc(x) is exact (Sterbenz: trunc(x) lies within a factor 2 of x, or is 0).
inline int64_t RoundHalfAwayFromZero(double x) {
  int64_t t = static_cast<int64_t>(x);
  const double frac = x - static_cast<double>(t);
  if (frac >= 0.5) {
    ++t;
  } else if (frac <= -0.5) {
    --t;
  }
  return t;
}
}  // namespace detail

// The one double→ticks conversion: seconds → nearest nanosecond (halves away from zero),
// saturating at ±Max. NaN maps to zero; callers validate their inputs before they get here.
// Inline and libm-free because every sampled duration passes through it (the HOLD benchmark,
// bench/README.md); tests/sim_time_test.cc checks it against std::round.
inline Duration DurationFromSeconds(double seconds) {
  const double ns = seconds * 1e9;
  if (std::isnan(ns)) return Duration();
  // Near ±9.2e18 doubles are integers 1 024 apart, so testing ns before rounding is the
  // same as testing round(ns).
  if (ns >= 9.2e18) return Duration::Max();
  if (ns <= -9.2e18) return Duration::Nanos(-std::numeric_limits<int64_t>::max());
  return Duration::Nanos(detail::RoundHalfAwayFromZero(ns));
}

// Parses "250ms", "1.5s", "10m", "1h", "2d", "30us", "100ns". A unit is mandatory;
// negative values are rejected. Returns nullopt and fills *error on failure.
std::optional<Duration> ParseDuration(std::string_view text, std::string* error = nullptr);

// Formats a duration compactly and exactly where possible ("250ms", "1.5s", "10m").
std::string FormatDuration(Duration d);

}  // namespace sim
