#include "sim/time.h"
#include "sim/text.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>

namespace sim {

namespace {
// Concatenation without operator+(const char*, string&&), which trips GCC 12's false
// -Wrestrict positive (GCC PR 105329) at -O2.
std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const auto p : parts) out.append(p);
  return out;
}
}  // namespace

Duration DurationFromSeconds(double seconds) {
  if (std::isnan(seconds)) return Duration();
  const double ns = std::round(seconds * 1e9);
  if (ns >= 9.2e18) return Duration::Max();
  if (ns <= -9.2e18) return Duration::Nanos(-std::numeric_limits<int64_t>::max());
  return Duration::Nanos(static_cast<int64_t>(ns));
}

std::optional<Duration> ParseDuration(std::string_view text, std::string* error) {
  auto fail = [&](const std::string& why) -> std::optional<Duration> {
    if (error) *error = why;
    return std::nullopt;
  };
  text = TrimBlanks(text);
  if (text.empty()) return fail("empty duration");
  size_t i = 0;
  if (text[0] == '-') return fail(Cat({"negative duration '", text, "'"}));
  if (text[0] == '+') i = 1;
  const size_t num_start = i;
  bool seen_digit = false, seen_dot = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      seen_digit = true;
    } else if (c == '.' && !seen_dot) {
      seen_dot = true;
    } else {
      break;
    }
  }
  if (!seen_digit)
    return fail(Cat({"'", text, "' is not a duration (expected e.g. 250ms, 1.5s, 10m, 1h)"}));
  const std::string number(text.substr(num_start, i - num_start));
  std::string_view unit = text.substr(i);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  if (unit.empty())
    return fail(
        Cat({"duration '", text, "' has no unit (write e.g. ", number, "s or ", number, "ms)"}));
  double scale_ns;
  if (unit == "ns")
    scale_ns = 1;
  else if (unit == "us" || unit == "µs")
    scale_ns = 1e3;
  else if (unit == "ms")
    scale_ns = 1e6;
  else if (unit == "s")
    scale_ns = 1e9;
  else if (unit == "m" || unit == "min")
    scale_ns = 60e9;
  else if (unit == "h")
    scale_ns = 3600e9;
  else if (unit == "d")
    scale_ns = 86400e9;
  else
    return fail(Cat({"unknown duration unit '", unit, "' (use ns, us, ms, s, m, h or d)"}));
  const double value = std::strtod(number.c_str(), nullptr);
  const double ns = value * scale_ns;
  if (!(ns < 9.0e18)) return fail(Cat({"duration '", text, "' is out of range"}));
  // Exact path for integers so "1h" is exactly 3.6e12 ns.
  if (!seen_dot) {
    const long long whole = std::strtoll(number.c_str(), nullptr, 10);
    return Duration::Nanos(static_cast<int64_t>(whole) * static_cast<int64_t>(scale_ns));
  }
  return Duration::Nanos(static_cast<int64_t>(std::llround(ns)));
}

std::string FormatDuration(Duration d) {
  const int64_t ns = d.ns();
  struct Unit {
    int64_t ns;
    const char* name;
  };
  static constexpr Unit kUnits[] = {{86400000000000LL, "d"}, {3600000000000LL, "h"},
                                    {60000000000LL, "m"},    {1000000000LL, "s"},
                                    {1000000LL, "ms"},       {1000LL, "us"}};
  if (ns == 0) return "0s";
  for (const auto& u : kUnits) {
    if (ns % u.ns == 0) return std::to_string(ns / u.ns) + u.name;
  }
  char buf[64];
  if (ns >= 1000000000LL) {
    std::snprintf(buf, sizeof buf, "%.9gs", static_cast<double>(ns) * 1e-9);
  } else if (ns >= 1000000LL) {
    std::snprintf(buf, sizeof buf, "%.9gms", static_cast<double>(ns) * 1e-6);
  } else {
    std::snprintf(buf, sizeof buf, "%lldns", static_cast<long long>(ns));
  }
  return buf;
}

}  // namespace sim
