// models/load/load_map.cc — `map:` of a traffic entry → MapSpec (a Step Functions Map state
// started per arrival; models/lambda/map_run.h). The item function becomes the entry's
// function (labels, summaries); Step Functions' cap for the kind comes from PlatformLimits.
// ParseMapSpec reads the mapping alone, for a `calls:` entry's `map:` as well.
#include "models/load/scenario_walk.h"

namespace lambdasim::load {

std::optional<MapSpec> ParseMapSpec(Ctx& ctx, const Val& v, const PlatformLimits& lim,
                                    std::optional<Val>* function_value) {
  const KeySection& keys = Keys("traffic.map");
  Fields f(ctx, v, keys.names);
  if (!f.ok()) return std::nullopt;
  MapSpec m;
  *function_value = f.Require("function", "the function each item invokes");
  if (auto e = f.Require("items", "a count, or { dist: ... } of counts")) {
    DistLimits count_limits;
    count_limits.count = true;
    count_limits.count_max = 1e8;
    if (auto d = ParseDist(ctx, *e, count_limits)) m.items = std::move(*d);
  }
  if (auto e = f.Get("max_concurrency"))
    if (auto x = ReadKey(ctx, *e, keys.Get("max_concurrency"))) m.max_concurrency = x->integer;
  if (auto e = f.Get("kind"))
    if (auto x = ReadKey(ctx, *e, keys.Get("kind")))
      m.kind = x->text == "distributed" ? MapKind::kDistributed : MapKind::kInline;
  if (auto e = f.Get("mode"))
    if (auto x = ReadKey(ctx, *e, keys.Get("mode")))
      m.mode = x->text == "express" ? MapMode::kExpress : MapMode::kStandard;
  m.cap = m.kind == MapKind::kDistributed ? lim.sfn_distributed_map_max_concurrency
                                          : lim.sfn_inline_map_max_concurrency;
  StoreKeys(ctx, f, keys, m);  // tolerated_failure_percentage
  if (auto e = f.Get("retry")) {
    const KeySection& rkeys = Keys("traffic.map.retry");
    Fields rf(ctx, *e, rkeys.names);
    if (rf.ok()) {
      m.retry.max_attempts = lim.sfn_retry_max_attempts_default;
      m.retry.interval = lim.sfn_retry_interval_default;
      m.retry.backoff_rate = lim.sfn_retry_backoff_rate_default;
      StoreKeys(ctx, rf, rkeys, m.retry);
    }
  }
  return m;
}

void ParseMap(Ctx& ctx, const Val& v, const ScenarioSpec& spec, TrafficSpec& t) {
  std::optional<Val> function_value;
  std::optional<MapSpec> m = ParseMapSpec(ctx, v, spec.platform.limits, &function_value);
  if (!m) return;
  if (function_value) ResolveTrafficFunction(ctx, *function_value, spec, t);
  t.map = std::move(*m);
}

}  // namespace lambdasim::load
