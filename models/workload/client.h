// models/workload/client.h — synchronous callers' retry policies (§6.1).
//
// A throttled synchronous request (429) is retried by its client, never by Lambda.
// Backoff before attempt k+1 (k = attempts made so far, k ≥ 1) is "full jitter":
// uniform on [0, min(cap, base · 2^(k−1))). The draw comes from the traffic entry's own
// stream "client/<label>" (TrafficLabel, models/lambda/platform.h). sdk-standard = 3 attempts, base
// 100 ms, cap 20 s.
#pragma once

#include <algorithm>
#include <cstdint>

#include "models/spec/scenario_spec.h"
#include "sim/rng.h"
#include "sim/time.h"

namespace lambdasim {

inline sim::Duration ClientBackoff(const ClientSpec& client, int64_t attempts_made,
                                   sim::RngStream& rng) {
  const int64_t shift = std::min<int64_t>(attempts_made - 1, 40);
  const double ceiling_ns =
      std::min(static_cast<double>(client.cap.ns()),
               static_cast<double>(client.base.ns()) * static_cast<double>(int64_t{1} << shift));
  return sim::Duration::Nanos(static_cast<int64_t>(ceiling_ns * rng.NextDouble()));
}

}  // namespace lambdasim
