// models/lambda/billing.h — Lambda's billing roundings (reference §7,
// https://aws.amazon.com/lambda/pricing/).
//
// Invocation duration is billed in whole milliseconds, rounded up; provisioned concurrency
// is billed in periods rounded up to 5 minutes (§4.4). Pure functions of nanoseconds.
#pragma once

#include <cstdint>

#include "sim/time.h"

namespace lambdasim {

inline constexpr int64_t kNsPerMs = 1000000;

// Billed milliseconds: duration rounded up to the next whole millisecond (§7).
inline int64_t CeilMs(int64_t ns) { return (ns + kNsPerMs - 1) / kNsPerMs; }

// Provisioned billing periods are rounded up to 5 minutes (§4.4, §7).
inline int64_t CeilFiveMinutesNs(int64_t ns) {
  const int64_t five = sim::Duration::Minutes(5).ns();
  return ns <= 0 ? 0 : ((ns + five - 1) / five) * five;
}

}  // namespace lambdasim
