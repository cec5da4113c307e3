// models/load/load_pricing.cc — the top-level `pricing:` block: price overrides and billing
// rules (models/spec/platform_profile.h Prices; keys in key_table.cc, section "pricing").
#include "models/load/scenario_walk.h"

namespace lambdasim::load {

void ParsePricing(Ctx& ctx, const Val& v, ScenarioSpec& spec) {
  const KeySection& keys = Keys("pricing");
  if (v.node.IsNull()) return;  // `pricing:` with no value: the profile's prices
  Fields pf(ctx, v, keys.names);
  if (pf.ok()) StoreKeys(ctx, pf, keys, spec.platform.prices);
}

}  // namespace lambdasim::load
