// sim/time.h — simulated time as integer nanoseconds.
//
// Time is a point on the simulated clock (nanoseconds since the start of the run);
// Duration is a signed span. They are distinct types so that a point cannot be passed
// where a span is expected. All arithmetic is exact int64; the only place a double
// becomes ticks is DurationFromSeconds (round half away from zero, saturating).
// Range: ±292 years, far beyond any scenario the loader accepts.
#pragma once

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

// The one double→ticks conversion: seconds → nearest nanosecond, saturating at ±Max.
// NaN maps to zero; callers validate their inputs before they get here.
// Inline fast path for 0 <= seconds·1e9 < 2^52 (every sampled duration): there the truncation
// and the fraction x − trunc(x) are exact, so "fraction >= ½ rounds up" is exactly std::round
// (half away from zero) without the libm call; everything else goes to DurationFromSecondsSlow.
Duration DurationFromSecondsSlow(double seconds);
[[gnu::always_inline]] inline Duration DurationFromSeconds(double seconds) {
  const double ns = seconds * 1e9;
  if (ns >= 0 && ns < 0x1.0p52) {
    auto whole = static_cast<int64_t>(ns);
    if (ns - static_cast<double>(whole) >= 0.5) ++whole;
    return Duration::Nanos(whole);
  }
  return DurationFromSecondsSlow(seconds);
}

// Parses "250ms", "1.5s", "10m", "1h", "2d", "30us", "100ns", and compound durations such as
// "1h30m", "1m30s", "2d12h", "1s500ms" (Go / k6 style). A unit is mandatory on every part;
// a compound lists each unit at most once, largest first (m and min are the same unit,
// as are us and µs), and its parts are whole numbers (a decimal point is allowed only in a
// single-part duration: "1.5m", not "1.5m30s"). Spaces may separate a number from its unit
// and one part from the next. Whole parts are exact; a decimal part is rounded to the
// nearest nanosecond. Negative values and totals above 9e18 ns are rejected. Returns
// nullopt and fills *error on failure.
std::optional<Duration> ParseDuration(std::string_view text, std::string* error = nullptr);

// Formats a duration compactly and exactly where possible ("250ms", "1.5s", "10m").
std::string FormatDuration(Duration d);

}  // namespace sim
