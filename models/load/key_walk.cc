// models/load/key_walk.cc — the key table applied to the YAML tree: read a value as its
// KeyDef says, and store the keys that have setters.
#include <stdexcept>

#include "models/load/scenario_walk.h"

namespace lambdasim::load {

const KeySection& Keys(std::string_view section_id) {
  return ScenarioKeyTable().Section(section_id);
}

std::optional<KeyValue> ReadKey(Ctx& ctx, const Val& v, const KeyDef& def) {
  KeyValue out;
  switch (def.type) {
    case KeyType::kInteger: {
      auto x = Int(ctx, v, def.int_min, def.int_max);
      if (!x) return std::nullopt;
      out.integer = *x;
      return out;
    }
    case KeyType::kUnsigned: {
      auto x = UInt64(ctx, v);
      if (!x) return std::nullopt;
      out.unsigned_integer = *x;
      return out;
    }
    case KeyType::kNumber: {
      auto x = Number(ctx, v, def.num_min, def.num_max);
      if (!x) return std::nullopt;
      out.number = *x;
      return out;
    }
    case KeyType::kDuration: {
      auto x = Dur(ctx, v, def.dur_min, def.dur_max);
      if (!x) return std::nullopt;
      out.duration = *x;
      return out;
    }
    case KeyType::kEnum: {
      auto x = Enum(ctx, v, def.choices);
      if (!x) return std::nullopt;
      out.text = std::move(*x);
      return out;
    }
    case KeyType::kBool: {
      auto x = Bool(ctx, v);
      if (!x) return std::nullopt;
      out.flag = *x;
      return out;
    }
    case KeyType::kString:
    case KeyType::kName: {
      auto x = Scalar(ctx, v, def.type == KeyType::kName ? "a name" : "a string");
      if (!x) return std::nullopt;
      out.text = std::move(*x);
      return out;
    }
    case KeyType::kRate: {
      auto x = ParseRate(ctx, v, def.allow_zero);
      if (!x) return std::nullopt;
      out.number = *x;
      return out;
    }
    case KeyType::kDistribution: {
      auto x = ParseDist(ctx, v, DistLimits{def.dur_min, def.dur_max});
      if (!x) return std::nullopt;
      out.distribution = std::move(*x);
      return out;
    }
    case KeyType::kRefill:
    case KeyType::kMapping:
    case KeyType::kMap:
    case KeyType::kList:
    case KeyType::kSpecial: break;
  }
  throw std::logic_error("key table: '" + def.name + "' is not a scalar key");
}

void StoreKeys(Ctx& ctx, const Fields& f, const KeySection& section, void* target,
               const std::type_info& type, std::string_view variant) {
  if (!f.ok()) return;
  for (const KeyDef& def : section.keys) {
    if (!def.set || !KeyAppliesTo(def, variant)) continue;
    if (def.target == nullptr || *def.target != type)
      throw std::logic_error("key table: '" + section.id + "." + def.name +
                             "' stores into another struct");
    if (auto e = f.Get(def.name))
      if (auto x = ReadKey(ctx, *e, def)) def.set(target, *x);
  }
}

}  // namespace lambdasim::load
