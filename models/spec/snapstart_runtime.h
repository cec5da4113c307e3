// models/spec/snapstart_runtime.h — which Lambda runtimes SnapStart supports and which of them
// pay for it, from the runtime identifier (`runtime:`) and the profile's SnapStartRules.
//
// SnapStart supports the managed runtimes "Java 11 and later, Python 3.12 and later, .NET 8 and
// later" ("Improving startup performance with Lambda SnapStart"; "(Java version 11+, Python
// version 3.12+, and .NET version 8+)", "Implementing SnapStart hooks for container images").
// Cache and restore are charged for Python and .NET; Java pays nothing extra (platform_profile.h).
// Pure functions of strings; no state.
#pragma once

#include <cstdint>
#include <string_view>

#include "models/spec/platform_profile.h"

namespace lambdasim {

enum class SnapStartSupport : uint8_t { kUnsupported, kFree, kCharged };

namespace snapstart_detail {
// The integer after `prefix` up to the end or a '.', or -1 when there is none.
inline int64_t VersionAfter(std::string_view s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) != prefix) return -1;
  s.remove_prefix(prefix.size());
  int64_t v = 0;
  size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') {
    v = v * 10 + (s[digits] - '0');
    ++digits;
  }
  if (digits == 0 || (digits < s.size() && s[digits] != '.')) return -1;
  return v;
}
}  // namespace snapstart_detail

inline SnapStartSupport SnapStartSupportOf(std::string_view runtime,
                                           const PlatformProfile::SnapStartRules& rules) {
  using snapstart_detail::VersionAfter;
  if (const int64_t v = VersionAfter(runtime, "java"); v >= 0)
    return v >= rules.java_min_version ? SnapStartSupport::kFree : SnapStartSupport::kUnsupported;
  if (const int64_t v = VersionAfter(runtime, "python3."); v >= 0)
    return v >= rules.python_min_minor ? SnapStartSupport::kCharged
                                       : SnapStartSupport::kUnsupported;
  if (const int64_t v = VersionAfter(runtime, "dotnet"); v >= 0)
    return v >= rules.dotnet_min_version ? SnapStartSupport::kCharged
                                         : SnapStartSupport::kUnsupported;
  return SnapStartSupport::kUnsupported;
}

}  // namespace lambdasim
