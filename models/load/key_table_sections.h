// models/load/key_table_sections.h — internal to the key table: the sections of the scenario
// language, created in key_table.cc (in documentation order) and filled by one function per
// part of the language, each in its own file:
//   key_table_account.cc   top level, `scaling:`, `pricing:`, `account:`
//   key_table_function.cc  a function and its sub-mappings, and distributions
//   key_table_traffic.cc   traffic entries, their shapes and sources, and `fanout:`
//   key_table_gateway.cc   `api_gateway:` and a traffic entry's `api_gateway_throttle:`
// Invariant: every KeySection here has a stable address for the table's lifetime (the builder
// keeps them in a deque), so keys may point at one another's sections.
#pragma once

#include <cstdint>

#include "models/load/key_table.h"
#include "models/spec/platform_profile.h"
#include "sim/time.h"

namespace lambdasim::key_table {

// The scenario format's own bounds (not AWS limits).
constexpr int64_t kMaxConcurrency = 10000000;
inline const sim::Duration kHorizon = sim::Duration::Hours(int64_t{24} * 400);
inline const sim::Duration kDay = sim::Duration::Hours(24);

struct Sections {
  KeySection& top;
  KeySection& scaling;
  KeySection& account;
  KeySection& pricing;
  KeySection& function;
  KeySection& dist;
  KeySection& pc_step;
  KeySection& autoscaling;
  KeySection& pc_delay;
  KeySection& hybrid;
  KeySection& async;
  KeySection& retry_delays;
  KeySection& throttle_backoff;
  KeySection& traffic;
  KeySection& client;
  KeySection& phase;
  KeySection& stage;
  KeySection& spike;
  KeySection& burst;
  KeySection& diurnal;
  KeySection& mmpp;
  KeySection& mmpp_state;
  KeySection& trace;
  KeySection& source;
  KeySection& fanout;
  KeySection& fanout_target;
  KeySection& map;        // traffic.map (Step Functions Map state)
  KeySection& map_retry;  // traffic.map.retry
  KeySection& calls;      // function.calls (key_table_function.cc)
};

void FillAccountKeys(const Sections& sec);
void FillFunctionKeys(const Sections& sec, const PlatformLimits& lim);
void FillTrafficKeys(const Sections& sec, const PlatformLimits& lim);
// key_table_gateway.cc: `api_gateway:` (pushed onto `top`) and `api_gateway_throttle:` (onto
// `traffic`), with their two sections.
// key_table_pollers.cc (issue 19): FIFO, Kafka and provisioned-poller keys, appended to
// `source` (after FillTrafficKeys), and the `provisioned_pollers:` section.
void FillPollerKeys(KeySection& source, KeySection& provisioned, const PlatformLimits& lim);
// key_table_snaptenant.cc: `runtime`, `snapstart`, `snapstart_restore_duration` and
// `tenant_isolation:` (pushed onto `function`), with the tenant section.
void FillSnapStartTenantKeys(KeySection& function, KeySection& tenant,
                             const PlatformProfile& profile);
void FillApiGatewayKeys(KeySection& top, KeySection& traffic, KeySection& account_throttle,
                        KeySection& route_throttle, const PlatformLimits& lim);
// key_table_managed.cc: `managed_instances:` (pushed onto `function`) and its section.
void FillManagedInstancesKeys(KeySection& function, KeySection& managed,
                              const PlatformProfile& profile);

}  // namespace lambdasim::key_table
