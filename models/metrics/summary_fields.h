// models/metrics/summary_fields.h — the flat summary metrics of a run, in summary.json order.
//
// FunctionSummaryFields/AccountSummaryFields are the single list of the flat keys that
// summary.json, the HTML report, the terminal table, sweeps and `expect:` thresholds all use
// (e.g. functions.api.throttle_rate). Formatting them as text is the output layer's job.
//
// Invariants:
//  * The key order is fixed (it is the column order of runs.csv) and does not depend on the
//    values: the field lists of a default-constructed summary name every key.
//  * Integers stay integers (exact in JSON); doubles may be NaN (written as null).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/metrics/run_result.h"

namespace lambdasim {

// One flat summary value.
struct SummaryField {
  enum class Type { kUint, kInt, kDouble };
  std::string key;
  Type type = Type::kDouble;
  uint64_t u = 0;
  int64_t i = 0;
  double d = 0;
  double AsDouble() const;
};

std::vector<SummaryField> FunctionSummaryFields(const FunctionSummary& f);
std::vector<SummaryField> AccountSummaryFields(const AccountSummary& a);
// A Step Functions Map entry's keys (summary.json "maps.<label>", maps.csv columns).
std::vector<SummaryField> MapSummaryFields(const MapSummary& m);

}  // namespace lambdasim
