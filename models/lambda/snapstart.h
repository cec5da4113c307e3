// models/lambda/snapstart.h — SnapStart: a function's cold starts are restores from a snapshot.
//
// "With SnapStart, Lambda initializes your function when you publish a function version. ...
// Lambda resumes new execution environments from the cached snapshot instead of initializing
// them from scratch" ("Improving startup performance with Lambda SnapStart"). So, for a function
// with `snapstart: true`, a cold start waits a restore (FunctionSpec::snapstart_restore_duration,
// drawn from the function's own stream "snapstart/<function>", so no other stream moves) in place
// of init_duration; init itself happened at publish time, outside the run. "The cold start
// duration is the sum of Restore Duration + Duration" (snapstart-monitoring.html); the billed
// part of a restore is billed_restore_share of it (profile, [INFERRED] 1.0), at the on-demand
// duration rate like init. Python and .NET functions also pay, per restore, memory GB ×
// restore_gb_usd, and for the cached snapshot memory GB × cache_gb_second_usd per second of the
// measured period (charged at the end of the run); Java pays neither (platform_profile.h).
// Restores are counted apart (snapstart_restores) and are also cold starts.
//
// A restore has no suppressed-init fallback (the init limit applies to init only). SnapStart
// with provisioned concurrency is refused by the loader (AWS does not support the combination).
#pragma once

#include <cstdint>

#include "models/spec/scenario_spec.h"
#include "models/spec/snapstart_runtime.h"
#include "sim/rng.h"

namespace lambdasim {

struct SnapStartFunction {
  bool enabled = false;
  bool charged = false;        // Python / .NET: cache and restore charges
  double billed_share = 1.0;   // of a restore's duration, billed like init
  double restore_usd = 0;      // per restore (memory GB × price per GB restored)
  double cache_usd_per_s = 0;  // while the snapshot is cached (memory GB × price per GB-s)
  sim::RngStream rng;          // "snapstart/<function>"

  static SnapStartFunction For(const FunctionSpec& f, const PlatformProfile& p,
                               const sim::RngStream& rng) {
    SnapStartFunction s;
    if (!f.snapstart) return s;
    s.enabled = true;
    s.charged = SnapStartSupportOf(f.runtime, p.snapstart) == SnapStartSupport::kCharged;
    s.billed_share = p.snapstart.billed_restore_share;
    const double gb = static_cast<double>(f.memory_mb) / 1024.0;
    if (s.charged) {
      s.restore_usd = gb * p.snapstart.restore_gb_usd;
      s.cache_usd_per_s = gb * p.snapstart.cache_gb_second_usd;
    }
    s.rng = rng;
    return s;
  }
};

}  // namespace lambdasim
