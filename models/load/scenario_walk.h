// models/load/scenario_walk.h — the scenario walk's parts, one file per domain concept
// (internal to models/load/).
//
// scenario_loader.cc reads the file and walks the top level; it hands each part of the tree
// to the parser of its concept: load_function.cc (a function), load_distribution.cc (a
// distribution), load_traffic.cc (a traffic entry, client, trace), load_shapes.cc (phases,
// stages, spike, diurnal, mmpp), load_sources.cc (event source mappings, fan-out),
// load_expect.cc (`expect:` thresholds). Every parser reports into the Ctx and carries on, so
// one run finds every problem.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/load/key_table.h"
#include "models/load/yaml_walk.h"
#include "models/spec/scenario_spec.h"

namespace lambdasim::load {

struct DistLimits {
  sim::Duration min;  // for every duration-valued parameter
  sim::Duration max;
  // Counts instead of durations (a Map's `items:`): parameters are plain numbers in
  // [0, count_max]; the empirical form takes [quantile, count] pairs.
  bool count = false;
  double count_max = 0;
};

struct FunctionExtras {
  YAML::Mark key_mark;
  std::string path;
  int64_t max_provisioned = 0;
  std::optional<Val> duration;  // the `duration:` entry (a trace may supply it instead)
  YAML::Mark value_mark;
  std::vector<Val> calls;  // each `calls:` entry's `function:` value, in FunctionSpec::calls order
};

// What a traffic entry tells the function-level checks.
struct TrafficExtras {
  bool is_trace = false;
  std::optional<Val> label;                   // the `label:` entry, when given
  std::vector<bool> covered;                  // functions whose requests carry their own duration
  std::optional<sim::Distribution> duration;  // azure-2019 durations → the entry's function
};

// key_walk.cc: the key table applied to the tree.
// The section of the key table with this id (throws std::logic_error for a bad id).
const KeySection& Keys(std::string_view section_id);
// Reads `v` as `def` says (type, range, choices); nullopt after reporting why not.
std::optional<KeyValue> ReadKey(Ctx& ctx, const Val& v, const KeyDef& def);
// Reads every key of `section` present in `f` that has a setter, in table order, and stores
// it into `target` (keys without a setter are left to the caller).
// With a `variant` ("sqs", "azure-2019"), keys whose applies_to does not name it are skipped.
void StoreKeys(Ctx& ctx, const Fields& f, const KeySection& section, void* target,
               const std::type_info& type, std::string_view variant = {});
template <class T>
void StoreKeys(Ctx& ctx, const Fields& f, const KeySection& section, T& target,
               std::string_view variant = {}) {
  StoreKeys(ctx, f, section, &target, typeid(T), variant);
}

// load_pricing.cc: the top-level `pricing:` block into spec.platform.prices.
void ParsePricing(Ctx& ctx, const Val& v, ScenarioSpec& spec);

// load_distribution.cc
std::optional<sim::Distribution> ParseDist(Ctx& ctx, const Val& v, const DistLimits& lim);

// load_map.cc: `map:` of a traffic entry (sets t.map, t.function, t.function_index).
void ParseMap(Ctx& ctx, const Val& v, const ScenarioSpec& spec, TrafficSpec& t);
// load_traffic.cc: a `function:` value naming the entry's function → t.function and
// t.function_index, or an error with a did-you-mean hint.
void ResolveTrafficFunction(Ctx& ctx, const Val& v, const ScenarioSpec& spec, TrafficSpec& t);
// The MapSpec alone (a `calls:` entry's `map:` too); *function_value is its `function:` value
// (unresolved), or empty when missing (reported).
std::optional<MapSpec> ParseMapSpec(Ctx& ctx, const Val& v, const PlatformLimits& lim,
                                    std::optional<Val>* function_value);

// load_function.cc
void ParseFunction(Ctx& ctx, const Val& v, const ScenarioSpec& spec, FunctionSpec& fn,
                   FunctionExtras& extra);

// load_snaptenant.cc: the profile's SnapStart restore default (before the function's keys are
// stored); then `tenant_isolation:` and the SnapStart / tenant-isolation checks.
void ApplySnapStartTenantDefaults(const PlatformProfile& p, FunctionSpec& fn);
void ParseSnapStartTenant(Ctx& ctx, const Fields& f, const Val& v, const ScenarioSpec& spec,
                          FunctionSpec& fn);

// load_calls.cc: a function's `calls:` list; then, once every function is read, the callees'
// names, cycles and the depth bound (kMaxCallDepth).
void ParseCalls(Ctx& ctx, const Val& v, const PlatformLimits& lim, FunctionSpec& fn,
                FunctionExtras& extra);
// load_managed_instances.cc: `managed_instances:` (after the function's own keys are stored).
void ParseManagedInstances(Ctx& ctx, const Val& v, const ScenarioSpec& spec, FunctionSpec& fn);
void ResolveCalls(Ctx& ctx, ScenarioSpec& spec, const std::vector<FunctionExtras>& fx);

// load_shapes.cc: each appends to t.segments (or fills t.diurnal / t.mmpp).
void AddSegment(std::vector<RateSegment>& out, sim::Duration from, sim::Duration to, double r0,
                double r1, const std::string& name, sim::Duration stop);
void ParsePhases(Ctx& ctx, const Val& v, const std::optional<Val>& repeat_v, sim::Duration start,
                 sim::Duration stop, TrafficSpec& t);
void ParseStages(Ctx& ctx, const Val& v, const std::optional<Val>& start_rate_v,
                 sim::Duration start, sim::Duration stop, TrafficSpec& t);
void ParseSpike(Ctx& ctx, const Val& v, sim::Duration start, sim::Duration stop, TrafficSpec& t);
void ParseDiurnal(Ctx& ctx, const Val& v, TrafficSpec& t);
void ParseMmpp(Ctx& ctx, const Val& v, TrafficSpec& t);

// load_traffic.cc
// `client:` (none | sdk-standard | mapping) into `c`; also a call's `retries:`.
void ParseClient(Ctx& ctx, const Val& v, ClientSpec& c);
// A path written in the scenario, resolved against the scenario file's folder (lexically).
std::string ResolveInputPath(const ScenarioSpec& spec, const std::string& path);
void ParseTraffic(Ctx& ctx, const Val& v, const ScenarioSpec& spec,
                  const std::vector<bool>& has_duration, TrafficSpec& t, TrafficExtras& extras);
void CheckFunctionDurations(Ctx& ctx, ScenarioSpec& spec, const std::vector<FunctionExtras>& fx,
                            const std::vector<TrafficExtras>& tx);
void ResolveTrafficLabels(Ctx& ctx, ScenarioSpec& spec, const std::vector<TrafficExtras>& tx);

// load_sources.cc
void ParseEventSource(Ctx& ctx, const Val& v, const ScenarioSpec& spec, TrafficSpec& t);
void ParseFanout(Ctx& ctx, const Val& v, ScenarioSpec& spec);

// load_expect.cc
void ParseExpect(Ctx& ctx, const Val& v, ScenarioSpec& spec);

// load_gateway.cc: `api_gateway:` into spec.api_gateway (after the profile is resolved); a
// traffic entry's `via`, `api_gateway_timeout` and `api_gateway_throttle` (after its function,
// topic and source).
void ParseApiGateway(Ctx& ctx, const Val& v, ScenarioSpec& spec);
void ParseTrafficVia(Ctx& ctx, const Fields& f, const ScenarioSpec& spec, TrafficSpec& t);

}  // namespace lambdasim::load
