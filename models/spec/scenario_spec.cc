// models/spec/scenario_spec.cc — see scenario_spec.h.
#include "models/spec/scenario_spec.h"

#include <unordered_map>

namespace lambdasim {

std::string TrafficLabel(const ScenarioSpec& spec, size_t source) {
  const TrafficSpec& t = spec.traffic[source];
  if (!t.label.empty()) return t.label;
  size_t k = 0;
  for (size_t i = 0; i <= source; ++i)
    if (spec.traffic[i].function == t.function) ++k;
  return k == 1 ? t.function : t.function + "#" + std::to_string(k);
}

std::vector<std::string> TrafficLabels(const ScenarioSpec& spec) {
  std::vector<std::string> out;
  out.reserve(spec.traffic.size());
  std::unordered_map<std::string, size_t> seen;  // entries so far per function
  for (const TrafficSpec& t : spec.traffic) {
    const size_t k = ++seen[t.function];
    if (!t.label.empty()) {
      out.push_back(t.label);
    } else {
      out.push_back(k == 1 ? t.function : t.function + "#" + std::to_string(k));
    }
  }
  return out;
}

std::vector<std::string> MapEntryLabels(const ScenarioSpec& spec) {
  std::vector<std::string> out;
  for (size_t s = 0; s < spec.traffic.size(); ++s)
    if (spec.traffic[s].map) out.push_back(TrafficLabel(spec, s));
  for (const FunctionSpec& fn : spec.functions)
    for (size_t k = 0; k < fn.calls.size(); ++k)
      if (fn.calls[k].kind == CallKind::kMap && fn.calls[k].map)
        out.push_back(fn.name + "/calls/" + std::to_string(k));
  return out;
}

}  // namespace lambdasim
