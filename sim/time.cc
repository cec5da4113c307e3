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

Duration DurationFromSecondsSlow(double seconds) {
  if (std::isnan(seconds)) return Duration();
  const double ns = std::round(seconds * 1e9);
  if (ns >= 9.2e18) return Duration::Max();
  if (ns <= -9.2e18) return Duration::Nanos(-std::numeric_limits<int64_t>::max());
  return Duration::Nanos(static_cast<int64_t>(ns));
}

namespace {
// Units in the order a compound duration must list them (largest first). Aliases share a
// rank, so "1m1min" repeats a unit.
struct UnitDef {
  std::string_view name;
  int64_t ns;
  int rank;
};
constexpr UnitDef kParseUnits[] = {
    {"d", 86400000000000LL, 0}, {"h", 3600000000000LL, 1}, {"m", 60000000000LL, 2},
    {"min", 60000000000LL, 2},  {"s", 1000000000LL, 3},    {"ms", 1000000LL, 4},
    {"us", 1000LL, 5},          {"µs", 1000LL, 5},         {"ns", 1LL, 6}};
constexpr int64_t kMaxDurationNs = 9000000000000000000LL;  // "out of range" above this

bool IsUnitChar(char c) {
  // ASCII letters, plus the bytes of UTF-8 'µ' (0xC2 0xB5).
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (static_cast<unsigned char>(c) & 0x80);
}
}  // namespace

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
  int64_t total_ns = 0;
  int last_rank = -1;
  std::string_view last_unit;
  size_t parts = 0;
  bool fraction_seen = false;  // a part with a decimal point must be the only part
  while (i < text.size()) {
    if (parts > 0) {
      while (i < text.size() && text[i] == ' ') ++i;
    }
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
    if (!seen_digit) {
      if (parts == 0)
        return fail(
            Cat({"'", text, "' is not a duration (expected e.g. 250ms, 1.5s, 10m, 1h30m)"}));
      return fail(Cat({"'", text, "' is not a duration: expected a number after '",
                       text.substr(0, num_start), "' (e.g. 1h30m, 1m30s, 1s500ms)"}));
    }
    const std::string number(text.substr(num_start, i - num_start));
    while (i < text.size() && text[i] == ' ') ++i;
    const size_t unit_start = i;
    while (i < text.size() && IsUnitChar(text[i])) ++i;
    const std::string_view unit = text.substr(unit_start, i - unit_start);
    if (unit.empty()) {
      if (i < text.size())
        return fail(
            Cat({"'", text, "' is not a duration (expected e.g. 250ms, 1.5s, 10m, 1h30m)"}));
      return fail(
          Cat({"duration '", text, "' has no unit (write e.g. ", number, "s or ", number, "ms)"}));
    }
    const UnitDef* u = nullptr;
    for (const UnitDef& def : kParseUnits) {
      if (def.name == unit) u = &def;
    }
    if (u == nullptr)
      return fail(Cat({"unknown duration unit '", unit, "' (use ns, us, ms, s, m, h or d)"}));
    if (u->rank == last_rank)
      return fail(Cat({"duration '", text, "' names the unit '", unit,
                       "' twice (write each unit once, e.g. 1m30s)"}));
    if (u->rank < last_rank)
      return fail(Cat({"duration '", text, "' has '", unit, "' after '", last_unit,
                       "' (write the largest unit first, e.g. 1h30m, 1m30s)"}));
    if (seen_dot) fraction_seen = true;
    if (fraction_seen && parts > 0)
      return fail(Cat({"duration '", text,
                       "' mixes a decimal with other units (write whole numbers, e.g. "
                       "1m30s for 1.5m, or 1s500ms)"}));
    last_rank = u->rank;
    last_unit = unit;
    ++parts;
    const double value = std::strtod(number.c_str(), nullptr);
    const double ns = value * static_cast<double>(u->ns);
    if (!(ns < 9.0e18)) return fail(Cat({"duration '", text, "' is out of range"}));
    // Exact path for integers so "1h" is exactly 3.6e12 ns.
    const int64_t part_ns =
        seen_dot ? static_cast<int64_t>(std::llround(ns))
                 : static_cast<int64_t>(std::strtoll(number.c_str(), nullptr, 10)) * u->ns;
    if (part_ns > kMaxDurationNs - total_ns)
      return fail(Cat({"duration '", text, "' is out of range"}));
    total_ns += part_ns;
  }
  return Duration::Nanos(total_ns);
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
