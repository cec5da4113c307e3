// models/load/number_text.cc — see number_text.h; the rules themselves are the loader's
// (WhyNotInteger, ParseNumber in yaml_walk.cc).
#include "models/load/number_text.h"

#include <cerrno>
#include <cstdlib>

#include "models/load/yaml_walk.h"

namespace lambdasim {

std::optional<int64_t> ParseIntegerText(const std::string& s, int64_t lo, int64_t hi,
                                        std::string* why) {
  if (const std::string w = load::WhyNotInteger(s); !w.empty()) {
    *why = "'" + s + "' " + w + " (expected an integer)";
    return std::nullopt;
  }
  errno = 0;
  const long long x = std::strtoll(s.c_str(), nullptr, 10);
  if (errno == ERANGE || x < lo || x > hi) {
    *why = "'" + s + "' is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
    return std::nullopt;
  }
  return static_cast<int64_t>(x);
}

std::optional<uint64_t> ParseUInt64Text(const std::string& s, std::string* why) {
  if (const std::string w = load::WhyNotInteger(s); !w.empty()) {
    *why = "'" + s + "' " + w + " (expected an unsigned integer)";
    return std::nullopt;
  }
  if (s[0] == '-') {
    *why = "'" + s + "' must not be negative";
    return std::nullopt;
  }
  errno = 0;
  const unsigned long long x = std::strtoull(s.c_str(), nullptr, 10);
  if (errno == ERANGE) {
    *why = "'" + s + "' does not fit in 64 bits (at most 18446744073709551615)";
    return std::nullopt;
  }
  return static_cast<uint64_t>(x);
}

std::optional<double> ParseNumberText(const std::string& s, double lo, double hi,
                                      std::string* why) {
  const auto x = load::ParseNumber(s, why);
  if (!x) return std::nullopt;
  if (*x < lo || *x > hi) {
    *why = "'" + s + "' is out of range [" + load::Num(lo) + ", " + load::Num(hi) + "]";
    return std::nullopt;
  }
  return x;
}

}  // namespace lambdasim
