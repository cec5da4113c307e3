// models/load/key_table.h — the scenario language, declared once: one KeyDef per key.
//
// A KeyDef holds a key's name, type, unit, default (as documentation text), range, choices,
// one line of help and — for keys the loader stores without a relational check — a setter
// into the spec struct it lives in. The same declarations drive:
//   - the loader (models/load/): which keys a mapping accepts (unknown keys, did-you-mean),
//     how each value is read and range-checked (KeyDef ranges), and where it is stored;
//   - `lambdasim schema`: a JSON Schema (draft 2020-12) of the language (schema.h);
//   - the key tables in scenarios/README.md (schema.h, KeyTablesMarkdown; a test fails when
//     the README differs).
// Ranges that are AWS limits come from PlatformProfile::limits; the scenario format's own
// bounds (400-day horizon, 10 000 000 concurrency) are constants of the table. Invariants:
// every section's keys are unique; a key with a setter has a scalar type (or a distribution)
// and its setter's target is the section's target struct.
// This header does not include yaml-cpp: the CLI may use it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "models/spec/scenario_spec.h"
#include "sim/distribution.h"
#include "sim/time.h"

namespace lambdasim {

enum class KeyType {
  kInteger,       // plain decimal integer in [int_min, int_max]
  kUnsigned,      // 0 .. 2^64-1
  kNumber,        // finite decimal in [num_min, num_max]
  kDuration,      // string with a unit (250ms, 30s, 10m) in [dur_min, dur_max]
  kEnum,          // one of `choices`
  kBool,          // true | false
  kString,        // free text (a path, a phase name)
  kName,          // [A-Za-z0-9_-]+ (a function, state or topic name)
  kRate,          // requests per second: a number or N/period, in (0 or >0) .. num_max
  kRefill,        // N/period or a whole count per second
  kDistribution,  // a duration (constant) or { dist: KIND, ... }; parameters in [dur_min, dur_max]
  kMapping,       // keys of `section`
  kMap,           // name -> mapping of `section` (functions:)
  kList,          // list of mappings of `section` (or of scalars when section is null)
  kSpecial,       // hand-read; `schema_json` gives its schema
};

// A value read from the file, handed to a setter (the field matching the key's type is set).
struct KeyValue {
  int64_t integer = 0;
  uint64_t unsigned_integer = 0;
  double number = 0;
  sim::Duration duration;
  std::string text;  // kEnum, kString, kName
  bool flag = false;
  sim::Distribution distribution;
};

struct KeySection;

struct KeyDef {
  std::string name;
  KeyType type = KeyType::kSpecial;
  std::string unit;          // "MB", "requests/s", ... ("" when the type says it all)
  std::string default_text;  // for docs: "128", "**required**", "from the profile"
  bool required = false;
  int64_t int_min = 0, int_max = 0;
  double num_min = 0, num_max = 0;
  bool allow_zero = false;  // kRate: 0 allowed
  sim::Duration dur_min, dur_max;
  std::vector<std::string> choices;  // kEnum
  std::string limits_text;           // for docs, when the range is relational or special
  std::string help;                  // one line
  std::string applies_to;            // for docs: which variant the key belongs to ("sqs")
  std::string schema_json;           // kSpecial: the JSON Schema of the value
  const KeySection* section = nullptr;
  const std::type_info* target = nullptr;           // the struct `set` writes
  std::function<void(void*, const KeyValue&)> set;  // empty: read by hand-written code

  // Builders (chainable on a temporary).
  KeyDef& Unit(std::string u);
  KeyDef& Default(std::string d);
  KeyDef& Required();
  KeyDef& Limits(std::string l);
  KeyDef& Help(std::string h);
  KeyDef& AppliesTo(std::string a);
  KeyDef& Int(int64_t lo, int64_t hi);
  KeyDef& Unsigned();
  KeyDef& Number(double lo, double hi);
  KeyDef& Dur(sim::Duration lo, sim::Duration hi);
  KeyDef& Rate(bool zero_ok);
  KeyDef& Choices(std::vector<std::string> c);
  KeyDef& Type(KeyType t);
  KeyDef& Section(const KeySection& s, KeyType t = KeyType::kMapping);
  KeyDef& Schema(std::string json);
  KeyDef& Dist(sim::Duration lo, sim::Duration hi);

  // Setters: a member of T (typed, so a wrong member is a compile error) or a function.
  template <class T>
  KeyDef& Store(int64_t T::*m) {
    return Bind<T>([m](T& t, const KeyValue& v) { t.*m = v.integer; });
  }
  template <class T>
  KeyDef& Store(std::optional<int64_t> T::*m) {
    return Bind<T>([m](T& t, const KeyValue& v) { t.*m = v.integer; });
  }
  template <class T>
  KeyDef& Store(uint64_t T::*m) {
    return Bind<T>([m](T& t, const KeyValue& v) { t.*m = v.unsigned_integer; });
  }
  template <class T>
  KeyDef& Store(double T::*m) {
    return Bind<T>([m](T& t, const KeyValue& v) { t.*m = v.number; });
  }
  template <class T>
  KeyDef& Store(sim::Duration T::*m) {
    return Bind<T>([m](T& t, const KeyValue& v) { t.*m = v.duration; });
  }
  template <class T>
  KeyDef& Store(std::optional<sim::Duration> T::*m) {
    return Bind<T>([m](T& t, const KeyValue& v) { t.*m = v.duration; });
  }
  template <class T>
  KeyDef& Store(bool T::*m) {
    return Bind<T>([m](T& t, const KeyValue& v) { t.*m = v.flag; });
  }
  template <class T>
  KeyDef& Store(sim::Distribution T::*m) {
    return Bind<T>([m](T& t, const KeyValue& v) { t.*m = v.distribution; });
  }
  template <class T>
  KeyDef& Store(std::string T::*m) {
    return Bind<T>([m](T& t, const KeyValue& v) { t.*m = v.text; });
  }
  template <class T, class F>
  KeyDef& Bind(F f) {
    target = &typeid(T);
    set = [f](void* p, const KeyValue& v) { f(*static_cast<T*>(p), v); };
    return *this;
  }
};

KeyDef Key(std::string name);

struct KeySection {
  std::string id;     // "function", "function.async", "traffic.source", ...
  std::string title;  // docs: what the mapping is
  std::vector<KeyDef> keys;
  std::vector<std::string> names;  // keys' names, in order (filled by Finish)
  // Exactly one of these keys must be given (traffic shapes); at least one of these
  // (function or topic). Checked by the loader and expressed in the schema.
  std::vector<std::string> exactly_one;
  std::vector<std::string> at_least_one;

  const KeyDef* Find(std::string_view name) const;
  const KeyDef& Get(std::string_view name) const;  // throws std::logic_error when absent
};

// Every section of the scenario language, root first; sections refer to each other by pointer.
struct ScenarioKeys {
  std::vector<const KeySection*> sections;               // documentation order
  const KeySection& Section(std::string_view id) const;  // throws std::logic_error when absent
};

// Whether `def` belongs to `variant` ("sqs", "azure-2019", "lognormal"): keys without
// applies_to belong to every variant, others when their ", "-separated list names it.
bool KeyAppliesTo(const KeyDef& def, std::string_view variant);

// The table, built once from the default PlatformProfile (its `limits` are the same in every
// profile, so one table serves every scenario).
const ScenarioKeys& ScenarioKeyTable();

}  // namespace lambdasim
