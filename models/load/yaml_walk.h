// models/load/yaml_walk.h — the YAML walk shared by the scenario and sweep loaders (internal).
//
// Internal to models/load/ (it includes yaml-cpp, which nothing outside models/load/ may see).
// Ctx collects every problem as a Diagnostic with file:line:col (values that came from a
// `--set` are attributed to it) and bounds the nodes visited (alias expansion). Fields reads a
// mapping and reports non-scalar, duplicate and unknown keys (with "did you mean"). The scalar
// readers never use yaml-cpp's as<T>: every scalar is parsed here, so YAML 1.1 surprises (010
// octal, 1e3 integers, .nan, yes/no) are errors with a reason. Each reader returns nullopt
// after reporting, so callers just skip the value and carry on (every problem at once).
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "models/spec/diagnostics.h"
#include "models/spec/input_file.h"
#include "models/spec/scenario_spec.h"
#include "sim/time.h"

namespace lambdasim::load {

// The scenario format's own limits (AWS numbers live in PlatformProfile).
inline constexpr size_t kMaxFileBytes = kMaxScenarioFileBytes;  // models/spec/input_file.h
inline constexpr size_t kNodeBudget = 1000000;
inline const sim::Duration kMaxHorizon = sim::Duration::Hours(int64_t{24} * 400);
inline const sim::Duration kOneDay = sim::Duration::Hours(24);
inline constexpr int64_t kMaxBuckets = 1000000;
inline constexpr double kMaxRate = 1e9;
inline constexpr int64_t kMaxConcurrencyLimit = 10000000;

// The bounded pass before any tree is built (yaml_prescan.cc): yaml-cpp's parser events,
// counted, never stored. Refuses, with file:line:col, a NUL byte (a binary file), a second
// document, more than kMaxYamlNodes nodes (a 16 MiB flow sequence would need gigabytes as a
// tree) and explicit tags other than !!str. `what` names the input in messages ("scenario
// file", "sweep file", "--set value"). With allow_local_tags, local tags ("!Ref", "!GetAtt":
// CloudFormation's short-form intrinsics, for `lambdasim import sam`) are accepted too.
// nullopt when the text may be loaded.
inline constexpr size_t kMaxYamlNodes = kNodeBudget;  // 1 000 000, as the walk
inline constexpr const char* kYamlStrTag = "tag:yaml.org,2002:str";
std::optional<Diagnostic> PreScanYaml(std::string_view text, const std::string& label,
                                      const std::string& what, bool allow_local_tags = false);

// Small string helpers.
std::string Lower(std::string s);
// "; did you mean 'x'?" or "" when nothing is close enough (case-insensitive, within
// max(2, length / 4) edits).
std::string DidYouMean(const std::string& got, const std::vector<std::string>& candidates);
std::string JoinNames(const std::vector<std::string>& names);
std::string Num(double v);  // %.10g
bool ValidName(const std::string& s, bool allow_dot);
// The rule for a scenario's name, from `name:` or derived from the file stem alike: it names
// the output directory (out/<name>/, with sibling "<name>.lock" and "<name>.tmp.<pid>"), so
// letters, digits, '_', '-', '.', not "." or "..", at most kMaxRunNameChars. "" when `s`
// follows it, else why not.
inline constexpr size_t kMaxRunNameChars = 200;
std::string WhyNotRunName(const std::string& s);
std::vector<std::string> SplitPath(const std::string& path);
std::string ChildPath(const std::string& parent, const std::string& key);
bool AllDigits(const std::string& s, size_t from = 0);
bool IsYaml11Bool(const std::string& s);
// Explains why `s` is not a plain decimal integer; "" when it is one.
std::string WhyNotInteger(const std::string& s);
// A finite decimal number, or nullopt with a reason.
std::optional<double> ParseNumber(const std::string& s, std::string* why);

// ---------------------------------------------------------------------------------------
// Context: diagnostics, override attribution, node budget
// ---------------------------------------------------------------------------------------

struct AppliedOverride {
  std::vector<std::string> path;
  std::string text;  // "path=value"
  YAML::Mark where;  // the innermost mapping or list of the file the value went into
};

struct BudgetExceeded {};

class Ctx {
 public:
  explicit Ctx(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  std::vector<Diagnostic>& diagnostics() { return diags_; }
  bool failed() const { return !diags_.empty(); }

  void AddOverride(AppliedOverride o) { overrides_.push_back(std::move(o)); }

  // Reports a problem with the node at `path` (dot-separated), located at `mark`.
  // Values that came from a `--set` are attributed to it instead of to the file.
  void Error(const std::string& path, const YAML::Mark& mark, const std::string& message) {
    if (const AppliedOverride* o = OverrideFor(path)) {
      // The --set is the culprit; where it landed in the file helps with cross-field errors.
      std::string at;
      if (!o->where.is_null() && o->where.line >= 0 && o->where.column >= 0)
        at = " (set into " + file_ + ":" + std::to_string(o->where.line + 1) + ":" +
             std::to_string(o->where.column + 1) + ")";
      diags_.push_back(Diagnostic{"--set " + o->text, 0, 0, message + at});
      return;
    }
    Diagnostic d{file_, 0, 0, message};
    if (mark.line >= 0 && mark.column >= 0 && !mark.is_null()) {
      d.line = mark.line + 1;
      d.column = mark.column + 1;
    }
    diags_.push_back(std::move(d));
  }
  void FileError(const std::string& message) { diags_.push_back(Diagnostic{file_, 0, 0, message}); }
  void SetError(const std::string& message) {
    diags_.push_back(Diagnostic{"--set", 0, 0, message});
  }

  // The index of the function named `name` in `functions` (the last of that name), or none.
  // Traffic and Map entries, fan-out targets and `calls:` resolve `function:` through it: a table
  // built from the list at the first lookup after the list changed, so n entries over n functions
  // cost O(n). (Each entry used to copy every function's name: 45 % of loading 10^4 functions
  // with an entry each, and quadratic — bench/README.md, session 11 of issue 17.)
  std::optional<size_t> FunctionIndex(const std::vector<FunctionSpec>& functions,
                                      const std::string& name) {
    if (function_table_of_ != functions.data() || function_table_size_ != functions.size()) {
      function_table_.clear();
      for (size_t i = 0; i < functions.size(); ++i)
        function_table_.insert_or_assign(functions[i].name, i);
      function_table_of_ = functions.data();
      function_table_size_ = functions.size();
    }
    const auto it = function_table_.find(name);
    if (it == function_table_.end()) return std::nullopt;
    return it->second;
  }

  // Counts visited nodes so that alias expansion ("billion laughs") cannot run away.
  void Visit(size_t n = 1) {
    visited_ += n;
    if (visited_ > kNodeBudget) {
      FileError("scenario expands to more than " + std::to_string(kNodeBudget) +
                " nodes (through anchors and aliases?); refusing to walk it");
      throw BudgetExceeded{};
    }
  }

 private:
  const AppliedOverride* OverrideFor(const std::string& path) const {
    if (overrides_.empty()) return nullptr;
    const std::vector<std::string> parts = SplitPath(path);
    for (auto it = overrides_.rbegin(); it != overrides_.rend(); ++it) {
      if (it->path.size() > parts.size()) continue;
      if (std::equal(it->path.begin(), it->path.end(), parts.begin())) return &*it;
    }
    return nullptr;
  }

  std::string file_;
  std::unordered_map<std::string, size_t> function_table_;  // FunctionIndex
  const FunctionSpec* function_table_of_ = nullptr;
  size_t function_table_size_ = 0;
  std::vector<Diagnostic> diags_;
  std::vector<AppliedOverride> overrides_;
  size_t visited_ = 0;
};

// A value in the tree together with where it is and how to describe it.
// bugprone-exception-escape: YAML::Node's assignment throws only for an invalid (zombie)
// node, and a Val is only ever built from nodes the walk has checked exist.
struct Val {  // NOLINT(bugprone-exception-escape)
  YAML::Node node;
  std::string path;  // dot path for override attribution and messages
  std::string name;  // the key (or "[i]") for messages
  YAML::Mark key_mark;

  YAML::Mark mark() const {
    // Null values carry the mark of the *next* token; point at the key instead.
    if (!node.IsDefined() || node.IsNull()) return key_mark;
    const YAML::Mark m = node.Mark();
    return m.is_null() ? key_mark : m;
  }
};

std::string TypeName(const YAML::Node& n);
bool IsQuoted(const YAML::Node& n);
SourceLocation Loc(const Ctx& ctx, const YAML::Mark& m);

// ---------------------------------------------------------------------------------------
// Mappings: duplicate and unknown keys
// ---------------------------------------------------------------------------------------

class Fields {
 public:
  // Reads a mapping; reports non-scalar keys, duplicate keys and keys not in `allowed`.
  Fields(Ctx& ctx, const Val& v, const std::vector<std::string>& allowed, bool any_key = false)
      : ctx_(ctx), v_(v) {
    ok_ = v.node.IsMap();
    if (!ok_) {
      ctx.Error(v.path, v.mark(), "'" + v.name + "' must be a mapping, got " + TypeName(v.node));
      return;
    }
    std::map<std::string, YAML::Mark> seen;
    for (const auto& kv : v.node) {
      ctx.Visit();
      const YAML::Node k = kv.first;
      if (!k.IsScalar()) {
        ctx.Error(v.path, k.Mark(),
                  "keys in '" + v.name + "' must be plain names, got " + TypeName(k));
        continue;
      }
      const std::string& key = k.Scalar();
      const std::string path = ChildPath(v.path, key);
      if (auto s = seen.find(key); s != seen.end()) {
        ctx.Error(path, k.Mark(),
                  "duplicate key '" + key + "' (first defined at line " +
                      std::to_string(s->second.line + 1) + ")");
        continue;
      }
      seen.emplace(key, k.Mark());
      if (!any_key && std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string msg =
            "unknown key '" + key + "' in " + (v.path.empty() ? v.name : "'" + v.name + "'");
        const std::string hint = DidYouMean(key, allowed);
        msg += hint.empty() ? " (valid keys: " + JoinNames(allowed) + ")" : hint;
        ctx.Error(path, k.Mark(), msg);
        continue;
      }
      entries_.push_back(Val{kv.second, path, key, k.Mark()});
    }
  }

  bool ok() const { return ok_; }
  const std::vector<Val>& entries() const { return entries_; }

  std::optional<Val> Get(const std::string& key) const {
    for (const auto& e : entries_) {
      if (e.name == key) return e;
    }
    return std::nullopt;
  }

  std::optional<Val> Require(const std::string& key, const std::string& what = "") const {
    auto e = Get(key);
    if (!e && ok_) {
      ctx_.Error(v_.path, v_.mark(),
                 "missing required key '" + key + "'" + (what.empty() ? "" : " (" + what + ")") +
                     " in " + (v_.path.empty() ? v_.name : "'" + v_.name + "'"));
    }
    return e;
  }

 private:
  Ctx& ctx_;
  Val v_;
  bool ok_ = false;
  std::vector<Val> entries_;
};

// Scalars: each returns nullopt after reporting why the value is not acceptable.
std::optional<std::string> Scalar(Ctx& ctx, const Val& v, const char* expected);
std::optional<int64_t> Int(Ctx& ctx, const Val& v, int64_t lo, int64_t hi);
std::optional<uint64_t> UInt64(Ctx& ctx, const Val& v);
std::optional<double> Number(Ctx& ctx, const Val& v, double lo, double hi);
std::optional<sim::Duration> Dur(Ctx& ctx, const Val& v, sim::Duration lo, sim::Duration hi);
std::optional<std::string> Enum(Ctx& ctx, const Val& v, const std::vector<std::string>& allowed);
// YAML 1.2 booleans only: true / false (yes/no/on/off are rejected with a reason).
std::optional<bool> Bool(Ctx& ctx, const Val& v);
// "100/s", "500/min", "500/10s", or a plain integer (per second): count and period.
std::optional<std::pair<int64_t, sim::Duration>> ParseRefill(Ctx& ctx, const Val& v);
// Requests per second: a number, or "N/period". Zero only when `allow_zero`.
std::optional<double> ParseRate(Ctx& ctx, const Val& v, bool allow_zero = false);

// Lists.
std::optional<Val> SequenceOf(Ctx& ctx, const Val& v, const std::string& example);
Val Item(const Val& list, const YAML::Node& item, size_t index);

}  // namespace lambdasim::load
