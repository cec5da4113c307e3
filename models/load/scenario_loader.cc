// models/load/scenario_loader.cc — YAML scenario → validated ScenarioSpec.
//
// The only translation unit that includes yaml-cpp. Structure:
//   1. read bytes (file checks: missing, directory, oversized, binary);
//   2. parse with yaml-cpp (syntax errors, nesting depth, multiple documents);
//   3. apply `--set` overrides to the tree;
//   4. walk the tree against the schema, collecting every problem as a Diagnostic;
//   5. cross-field / account-level checks; throw one ScenarioError if anything failed.
// yaml-cpp's typed conversions (as<T>) are never used: every scalar is parsed here, so
// YAML 1.1 surprises (010 octal, 1e3 integers, .nan, yes/no) are caught with a message.
#include "models/load/scenario_loader.h"
#include "models/metrics/summary_fields.h"  // the flat summary metric names, for `expect:`
#include "models/spec/did_you_mean.h"
#include "models/workload/mmpp.h"
#include "models/workload/trace_reader.h"
#include "sim/text.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace lambdasim {

// ---------------------------------------------------------------------------------------
// Diagnostic / ScenarioError
// ---------------------------------------------------------------------------------------

namespace {

// ---------------------------------------------------------------------------------------
// Limits (the scenario format's own limits; AWS numbers live in the platform profile).
// ---------------------------------------------------------------------------------------

constexpr size_t kMaxFileBytes = size_t{16} * 1024 * 1024;
constexpr size_t kNodeBudget = 1000000;
const sim::Duration kMaxHorizon = sim::Duration::Hours(int64_t{24} * 400);
const sim::Duration kOneDay = sim::Duration::Hours(24);
constexpr int64_t kMaxBuckets = 1000000;
constexpr double kMaxRate = 1e9;
constexpr int64_t kMaxConcurrencyLimit = 10000000;

// ---------------------------------------------------------------------------------------
// Small string helpers
// ---------------------------------------------------------------------------------------

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// "; did you mean 'x'?" or "" when nothing is close enough (case-insensitive, within
// max(2, length / 4) edits).
std::string DidYouMean(const std::string& got, const std::vector<std::string>& candidates) {
  const std::string best = ClosestName(got, candidates, 4, /*ignore_case=*/true);
  return best.empty() ? "" : "; did you mean '" + best + "'?";
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  return out;
}

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

bool ValidName(const std::string& s, bool allow_dot) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || (allow_dot && c == '.');
    if (!ok) return false;
  }
  return true;
}

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

std::string ChildPath(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

// ---------------------------------------------------------------------------------------
// Context: diagnostics, override attribution, node budget
// ---------------------------------------------------------------------------------------

struct AppliedOverride {
  std::vector<std::string> path;
  std::string text;  // "path=value"
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
      diags_.push_back(Diagnostic{"--set " + o->text, 0, 0, message});
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

std::string TypeName(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Undefined: return "nothing";
    case YAML::NodeType::Null: return "an empty value";
    case YAML::NodeType::Scalar: return "a scalar";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
  }
  return "?";
}

bool IsQuoted(const YAML::Node& n) { return n.IsScalar() && n.Tag() == "!"; }

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
        std::string msg = "unknown key '" + key + "' in " +
                          (v.path.empty() ? std::string("scenario") : "'" + v.name + "'");
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
                     " in " + (v_.path.empty() ? std::string("scenario") : "'" + v_.name + "'"));
    }
    return e;
  }

 private:
  Ctx& ctx_;
  Val v_;
  bool ok_ = false;
  std::vector<Val> entries_;
};

// ---------------------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------------------

// The scalar text, or nullopt (with a diagnostic) when the node is not a scalar.
std::optional<std::string> Scalar(Ctx& ctx, const Val& v, const char* expected) {
  ctx.Visit();
  if (!v.node.IsScalar()) {
    ctx.Error(v.path, v.mark(),
              "'" + v.name + "' must be " + expected + ", got " + TypeName(v.node));
    return std::nullopt;
  }
  return v.node.Scalar();
}

bool IsYaml11Bool(const std::string& s) {
  static const char* kWords[] = {"yes", "no", "on", "off", "y", "n", "true", "false"};
  const std::string l = Lower(s);
  for (const char* w : kWords) {
    if (l == w) return true;
  }
  return false;
}

bool IsNanOrInf(const std::string& s) {
  std::string l = Lower(s);
  if (!l.empty() && (l[0] == '+' || l[0] == '-')) l.erase(0, 1);
  return l == ".nan" || l == "nan" || l == ".inf" || l == "inf" || l == "infinity";
}

bool AllDigits(const std::string& s, size_t from = 0) {
  if (from >= s.size()) return false;
  for (size_t i = from; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// Explains why `s` is not a plain decimal integer; "" when it is one.
std::string WhyNotInteger(const std::string& s) {
  if (s.empty()) return "is empty";
  const size_t sign = (s[0] == '+' || s[0] == '-') ? 1 : 0;
  const std::string body = s.substr(sign);
  if (AllDigits(body)) {
    if (body.size() > 1 && body[0] == '0')
      return "has a leading zero (YAML 1.1 reads it as octal); write " +
             std::string(s.substr(0, sign)) +
             body.substr(body.find_first_not_of('0') == std::string::npos
                             ? body.size() - 1
                             : body.find_first_not_of('0'));
    return "";
  }
  const std::string l = Lower(body);
  if (l.size() > 2 && l[0] == '0' && (l[1] == 'x' || l[1] == 'o' || l[1] == 'b'))
    return "is not a decimal integer (hex/octal/binary literals are not allowed)";
  if (IsNanOrInf(s)) return "is not a number";
  if (l.find('e') != std::string::npos && l.find_first_of("0123456789") == 0)
    return "uses exponent notation; write the integer out in full";
  if (l.find('.') != std::string::npos && l.find_first_of("0123456789") != std::string::npos)
    return "is not a whole number";
  if (l.find('_') != std::string::npos || l.find(',') != std::string::npos)
    return "contains a separator; write the digits only";
  if (IsYaml11Bool(s)) return "is a YAML 1.1 boolean word, not a number";
  return "is not a number";
}

// The scalar text of an integer-valued key, or nullopt after reporting why it is not one
// (not a scalar, quoted, or not plain decimal digits: see WhyNotInteger).
std::optional<std::string> IntegerText(Ctx& ctx, const Val& v, const char* expected) {
  auto s = Scalar(ctx, v, expected);
  if (!s) return std::nullopt;
  if (IsQuoted(v.node)) {
    ctx.Error(
        v.path, v.mark(),
        "'" + v.name + "' must be an integer, got the string \"" + *s + "\" (remove the quotes)");
    return std::nullopt;
  }
  if (const std::string why = WhyNotInteger(*s); !why.empty()) {
    ctx.Error(v.path, v.mark(), "'" + v.name + "': '" + *s + "' " + why + " (expected an integer)");
    return std::nullopt;
  }
  return s;
}

std::optional<int64_t> Int(Ctx& ctx, const Val& v, int64_t lo, int64_t hi) {
  auto s = IntegerText(ctx, v, "an integer");
  if (!s) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const long long x = std::strtoll(s->c_str(), &end, 10);
  if (errno == ERANGE || x < lo || x > hi) {
    ctx.Error(v.path, v.mark(),
              "'" + v.name + "' = " + *s + " is out of range [" + std::to_string(lo) + ", " +
                  std::to_string(hi) + "]");
    return std::nullopt;
  }
  return static_cast<int64_t>(x);
}

std::optional<uint64_t> UInt64(Ctx& ctx, const Val& v) {
  auto s = IntegerText(ctx, v, "an unsigned integer");
  if (!s) return std::nullopt;
  if ((*s)[0] == '-') {
    ctx.Error(v.path, v.mark(), "'" + v.name + "' must not be negative");
    return std::nullopt;
  }
  errno = 0;
  const unsigned long long x = std::strtoull(s->c_str(), nullptr, 10);
  if (errno == ERANGE) {
    ctx.Error(v.path, v.mark(), "'" + v.name + "' = " + *s + " does not fit in 64 bits");
    return std::nullopt;
  }
  return static_cast<uint64_t>(x);
}

// A finite decimal number, or nullopt with a reason.
std::optional<double> ParseNumber(const std::string& s, std::string* why) {
  if (IsNanOrInf(s)) {
    *why = "'" + s + "' is not a finite number (NaN and infinity are not allowed)";
    return std::nullopt;
  }
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  bool digits = false;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    ++i;
    digits = true;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      ++i;
      digits = true;
    }
  }
  if (digits && i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (AllDigits(s.substr(j))) i = s.size();
  }
  if (!digits || i != s.size()) {
    *why = IsYaml11Bool(s) ? "'" + s + "' is a YAML 1.1 boolean word, not a number"
                           : "'" + s + "' is not a number";
    return std::nullopt;
  }
  const double x = std::strtod(s.c_str(), nullptr);
  if (!std::isfinite(x)) {
    *why = "'" + s + "' is out of range";
    return std::nullopt;
  }
  return x;
}

std::optional<double> Number(Ctx& ctx, const Val& v, double lo, double hi) {
  auto s = Scalar(ctx, v, "a number");
  if (!s) return std::nullopt;
  if (IsQuoted(v.node)) {
    ctx.Error(
        v.path, v.mark(),
        "'" + v.name + "' must be a number, got the string \"" + *s + "\" (remove the quotes)");
    return std::nullopt;
  }
  std::string why;
  auto x = ParseNumber(*s, &why);
  if (!x) {
    ctx.Error(v.path, v.mark(), "'" + v.name + "': " + why);
    return std::nullopt;
  }
  if (*x < lo || *x > hi) {
    ctx.Error(v.path, v.mark(),
              "'" + v.name + "' = " + *s + " is out of range [" + Num(lo) + ", " + Num(hi) + "]");
    return std::nullopt;
  }
  return x;
}

std::optional<sim::Duration> Dur(Ctx& ctx, const Val& v, sim::Duration lo, sim::Duration hi) {
  auto s = Scalar(ctx, v, "a duration (e.g. 250ms, 30s, 10m)");
  if (!s) return std::nullopt;
  std::string err;
  auto d = sim::ParseDuration(*s, &err);
  if (!d) {
    ctx.Error(v.path, v.mark(), "'" + v.name + "': " + err);
    return std::nullopt;
  }
  if (*d < lo || *d > hi) {
    ctx.Error(v.path, v.mark(),
              "'" + v.name + "' = " + *s + " is out of range [" + sim::FormatDuration(lo) + ", " +
                  sim::FormatDuration(hi) + "]");
    return std::nullopt;
  }
  return d;
}

std::optional<std::string> Enum(Ctx& ctx, const Val& v, const std::vector<std::string>& allowed) {
  auto s = Scalar(ctx, v, ("one of " + JoinNames(allowed)).c_str());
  if (!s) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *s) != allowed.end()) return s;
  std::string msg = "'" + v.name + "': unknown value '" + *s + "'";
  const std::string hint = DidYouMean(*s, allowed);
  msg += hint.empty() ? " (valid: " + JoinNames(allowed) + ")"
                      : hint + " (valid: " + JoinNames(allowed) + ")";
  ctx.Error(v.path, v.mark(), msg);
  return std::nullopt;
}

// "100/s", "500/min", "500/10s", or a plain integer (per second). Returns count and period.
// YAML 1.2 booleans only: true / false (yes/no/on/off are rejected with a reason).
std::optional<bool> Bool(Ctx& ctx, const Val& v) {
  auto str = Scalar(ctx, v, "true or false");
  if (!str) return std::nullopt;
  if (*str == "true") return true;
  if (*str == "false") return false;
  ctx.Error(
      v.path, v.mark(),
      "'" + v.name + "' = '" + *str + "': expected true or false" +
          (IsYaml11Bool(*str) ? " (YAML 1.1 words such as yes/no/on/off are not booleans here)"
                              : ""));
  return std::nullopt;
}

std::optional<std::pair<int64_t, sim::Duration>> ParseRefill(Ctx& ctx, const Val& v) {
  auto s = Scalar(ctx, v, "a rate such as 100/s or 500/min");
  if (!s) return std::nullopt;
  const size_t slash = s->find('/');
  std::string count_text = s->substr(0, slash);
  while (!count_text.empty() && count_text.back() == ' ') count_text.pop_back();
  sim::Duration period = sim::Duration::Seconds(1);
  if (slash != std::string::npos) {
    std::string p = s->substr(slash + 1);
    while (!p.empty() && p.front() == ' ') p.erase(0, 1);
    if (!p.empty() && (p[0] < '0' || p[0] > '9') && p[0] != '.') p = "1" + p;
    std::string err;
    auto d = sim::ParseDuration(p, &err);
    if (!d) {
      ctx.Error(v.path, v.mark(), "'" + v.name + "': bad period in '" + *s + "': " + err);
      return std::nullopt;
    }
    if (*d < sim::Duration::Millis(1) || *d > kOneDay) {
      ctx.Error(v.path, v.mark(),
                "'" + v.name + "': period in '" + *s + "' must be between 1ms and 1d");
      return std::nullopt;
    }
    period = *d;
  }
  if (const std::string why = WhyNotInteger(count_text); !why.empty()) {
    std::string msg = "'" + v.name + "': '" + count_text + "' " + why;
    if (slash == std::string::npos)
      msg +=
          " (a plain refill is a whole count per second; for fractions write count/period, e.g. "
          "17/2s)";
    ctx.Error(v.path, v.mark(), msg);
    return std::nullopt;
  }
  errno = 0;
  const long long count = std::strtoll(count_text.c_str(), nullptr, 10);
  if (errno == ERANGE || count < 1 || count > kMaxConcurrencyLimit) {
    ctx.Error(v.path, v.mark(),
              "'" + v.name + "': count in '" + *s + "' must be between 1 and " +
                  std::to_string(kMaxConcurrencyLimit));
    return std::nullopt;
  }
  return std::make_pair(static_cast<int64_t>(count), period);
}

// Requests per second: a number, or "N/period". Zero only when `allow_zero`.
std::optional<double> ParseRate(Ctx& ctx, const Val& v, bool allow_zero = false) {
  auto s = Scalar(ctx, v, "a rate in requests per second");
  if (!s) return std::nullopt;
  if (IsQuoted(v.node) && s->find('/') == std::string::npos) {
    ctx.Error(
        v.path, v.mark(),
        "'" + v.name + "' must be a number, got the string \"" + *s + "\" (remove the quotes)");
    return std::nullopt;
  }
  const size_t slash = s->find('/');
  std::string why;
  auto count = ParseNumber(s->substr(0, slash), &why);
  if (!count) {
    ctx.Error(v.path, v.mark(), "'" + v.name + "': " + why);
    return std::nullopt;
  }
  double per_s = *count;
  if (slash != std::string::npos) {
    std::string p = s->substr(slash + 1);
    if (!p.empty() && (p[0] < '0' || p[0] > '9') && p[0] != '.') p = "1" + p;
    std::string err;
    auto d = sim::ParseDuration(p, &err);
    if (!d || *d <= sim::Duration()) {
      ctx.Error(v.path, v.mark(),
                "'" + v.name + "': bad period in '" + *s + "'" + (d ? "" : ": " + err));
      return std::nullopt;
    }
    per_s = *count / d->seconds();
  }
  if (!(per_s > 0 || (allow_zero && per_s == 0)) || per_s > kMaxRate) {
    ctx.Error(v.path, v.mark(),
              "'" + v.name + "' = " + *s + " must be " + (allow_zero ? ">= 0" : "> 0") +
                  " and at most " + Num(kMaxRate) + " requests per second");
    return std::nullopt;
  }
  return per_s;
}

// ---------------------------------------------------------------------------------------
// Distributions
// ---------------------------------------------------------------------------------------

struct DistLimits {
  sim::Duration min;  // for every duration-valued parameter
  sim::Duration max;
};

std::optional<sim::Distribution> ParseDist(Ctx& ctx, const Val& v, const DistLimits& lim) {
  ctx.Visit();
  if (v.node.IsScalar()) {  // shorthand: a bare duration is a constant
    auto d = Dur(ctx, v, lim.min, lim.max);
    if (!d) return std::nullopt;
    return sim::Distribution::Constant(d->seconds());
  }
  if (!v.node.IsMap()) {
    ctx.Error(v.path, v.mark(),
              "'" + v.name +
                  "' must be a duration (e.g. 120ms) or a distribution such as "
                  "{ dist: exponential, mean: 120ms }, got " +
                  TypeName(v.node));
    return std::nullopt;
  }
  static const std::vector<std::string> kKinds = {"constant", "uniform",   "exponential",
                                                  "normal",   "lognormal", "empirical"};
  // First find `dist` to know which keys are allowed; the strict pass below reports
  // unknown and duplicate keys.
  std::optional<std::string> kind;
  {
    std::optional<Val> dv;
    for (const auto& kv : v.node) {
      ctx.Visit();
      const YAML::Node k = kv.first;
      if (k.IsScalar() && k.Scalar() == "dist") {
        dv = Val{kv.second, ChildPath(v.path, "dist"), "dist", k.Mark()};
        break;
      }
    }
    if (!dv) {
      ctx.Error(
          v.path, v.mark(),
          "missing required key 'dist' in '" + v.name + "' (one of " + JoinNames(kKinds) + ")");
      return std::nullopt;
    }
    kind = Enum(ctx, *dv, kKinds);
    if (!kind) return std::nullopt;
  }
  std::vector<std::string> keys = {"dist"};
  if (*kind == "constant") keys.insert(keys.end(), {"value"});
  if (*kind == "uniform") keys.insert(keys.end(), {"min", "max"});
  if (*kind == "exponential") keys.insert(keys.end(), {"mean"});
  if (*kind == "normal") keys.insert(keys.end(), {"mean", "stddev"});
  if (*kind == "lognormal") keys.insert(keys.end(), {"median", "p99", "mu", "sigma"});
  if (*kind == "empirical") keys.insert(keys.end(), {"points"});
  Fields f(ctx, v, keys);
  const size_t errors_before = ctx.diagnostics().size();
  auto dur = [&](const char* key) -> std::optional<double> {
    auto e = f.Require(key);
    if (!e) return std::nullopt;
    auto d = Dur(ctx, *e, lim.min, lim.max);
    if (!d) return std::nullopt;
    return d->seconds();
  };
  try {
    if (*kind == "constant") {
      auto x = dur("value");
      if (x) return sim::Distribution::Constant(*x);
    } else if (*kind == "uniform") {
      auto lo = dur("min");
      auto hi = dur("max");
      if (lo && hi) {
        if (*lo > *hi) {
          ctx.Error(v.path, v.mark(), "'" + v.name + "': uniform min must be <= max");
          return std::nullopt;
        }
        return sim::Distribution::Uniform(*lo, *hi);
      }
    } else if (*kind == "exponential") {
      auto m = dur("mean");
      if (m) {
        if (!(*m > 0)) {
          ctx.Error(v.path, v.mark(), "'" + v.name + "': exponential mean must be > 0");
          return std::nullopt;
        }
        return sim::Distribution::Exponential(*m);
      }
    } else if (*kind == "normal") {
      auto m = dur("mean");
      auto sd = dur("stddev");
      if (m && sd) return sim::Distribution::Normal(*m, *sd);
    } else if (*kind == "lognormal") {
      const bool has_median = f.Get("median") || f.Get("p99");
      const bool has_mu = f.Get("mu") || f.Get("sigma");
      if (has_median && has_mu) {
        ctx.Error(v.path, v.mark(),
                  "'" + v.name + "': give either median and p99, or mu and sigma, not both");
        return std::nullopt;
      }
      if (has_mu) {
        auto mu_v = f.Require("mu", "log-seconds");
        auto sigma_v = f.Require("sigma", "log-seconds");
        std::optional<double> mu, sigma;
        const double log_max = std::log(lim.max.seconds());
        if (mu_v) mu = Number(ctx, *mu_v, -50, log_max);
        if (sigma_v) sigma = Number(ctx, *sigma_v, 0, 5);
        if (mu && sigma) return sim::Distribution::LognormalMuSigma(*mu, *sigma);
      } else {
        auto med = dur("median");
        auto p99 = dur("p99");
        if (med && p99) {
          if (!(*med > 0) || *p99 < *med) {
            ctx.Error(v.path, v.mark(),
                      "'" + v.name + "': lognormal needs median > 0 and p99 >= median");
            return std::nullopt;
          }
          return sim::Distribution::LognormalMedianP99(*med, *p99);
        }
      }
    } else if (*kind == "empirical") {
      auto pv = f.Require("points");
      if (!pv) return std::nullopt;
      if (!pv->node.IsSequence() || pv->node.size() == 0) {
        ctx.Error(pv->path, pv->mark(),
                  "'points' must be a non-empty list of [quantile, duration] pairs, e.g. [[0.5, "
                  "80ms], [0.99, 400ms]]");
        return std::nullopt;
      }
      std::vector<std::pair<double, double>> points;
      bool ok = true;
      size_t i = 0;
      for (const auto& item : pv->node) {
        ctx.Visit();
        const size_t index = i++;
        // Fast path for a well-formed point: no path strings are built (points lists can be long).
        if (item.IsSequence() && item.size() == 2) {
          auto pair_it = item.begin();
          const YAML::Node q_node = *pair_it;
          const YAML::Node d_node = *++pair_it;
          if (q_node.IsScalar() && !IsQuoted(q_node) && d_node.IsScalar()) {
            std::string why;
            const auto q = ParseNumber(q_node.Scalar(), &why);
            const auto d = sim::ParseDuration(d_node.Scalar());
            if (q && d && *q >= 0 && *q <= 1 && *d >= lim.min && *d <= lim.max &&
                (points.empty() ||
                 (*q > points.back().first && d->seconds() >= points.back().second))) {
              ctx.Visit(2);
              points.emplace_back(*q, d->seconds());
              continue;
            }
          }
        }
        Val pt{item, pv->path + "." + std::to_string(index),
               "points[" + std::to_string(index) + "]", pv->key_mark};
        if (!pt.node.IsSequence() || pt.node.size() != 2) {
          ctx.Error(pt.path, pt.mark(), "'" + pt.name + "' must be a [quantile, duration] pair");
          ok = false;
          continue;
        }
        auto pair_it = pt.node.begin();
        const YAML::Node q_node = *pair_it;
        const YAML::Node d_node = *++pair_it;
        Val qv{q_node, pt.path + ".0", pt.name + " quantile", pt.mark()};
        Val dv{d_node, pt.path + ".1", pt.name + " value", pt.mark()};
        auto q = Number(ctx, qv, 0, 1);
        auto d = Dur(ctx, dv, lim.min, lim.max);
        if (!q || !d) {
          ok = false;
          continue;
        }
        if (!points.empty() && !(*q > points.back().first)) {
          ctx.Error(qv.path, qv.mark(), "'points': quantiles must be strictly increasing");
          ok = false;
        } else if (!points.empty() && d->seconds() < points.back().second) {
          ctx.Error(dv.path, dv.mark(), "'points': values must be non-decreasing");
          ok = false;
        }
        points.emplace_back(*q, d->seconds());
      }
      if (ok) return sim::Distribution::Empirical(std::move(points));
    }
  } catch (const std::invalid_argument& e) {
    ctx.Error(v.path, v.mark(), "'" + v.name + "': " + e.what());
    return std::nullopt;
  }
  if (ctx.diagnostics().size() == errors_before)
    ctx.Error(v.path, v.mark(), "'" + v.name + "': invalid distribution");
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// Overrides
// ---------------------------------------------------------------------------------------

bool ParseIndex(const std::string& s, size_t* out) {
  if (!AllDigits(s) || s.size() > 9 || (s.size() > 1 && s[0] == '0')) return false;
  *out = static_cast<size_t>(std::strtoul(s.c_str(), nullptr, 10));
  return true;
}

void ApplyOverride(Ctx& ctx, YAML::Node& root, const Override& o) {
  const std::string text = o.path + "=" + o.value;
  const std::vector<std::string> parts = SplitPath(o.path);
  for (const auto& p : parts) {
    if (p.empty()) {
      ctx.SetError(text + ": path '" + o.path + "' has an empty component");
      return;
    }
  }
  YAML::Node value;
  try {
    value = YAML::Load(o.value);
  } catch (const YAML::Exception& e) {
    ctx.SetError(text + ": value is not valid YAML: " + e.msg);
    return;
  }
  YAML::Node cur;
  cur.reset(root);
  std::string walked;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& key = parts[i];
    const bool last = i + 1 == parts.size();
    if (cur.IsNull()) cur = YAML::Node(YAML::NodeType::Map);  // `scaling:` with no value
    if (cur.IsMap()) {
      if (last) {
        cur[key] = value;
      } else {
        YAML::Node next = cur[key];
        if (!next.IsDefined()) {
          next = YAML::Node(YAML::NodeType::Map);
        }
        cur.reset(next);
      }
    } else if (cur.IsSequence()) {
      size_t index = 0;
      if (!ParseIndex(key, &index)) {
        ctx.SetError(text + ": '" + (walked.empty() ? std::string("(top)") : walked) +
                     "' is a list; '" + key + "' is not an index");
        return;
      }
      if (index >= cur.size()) {
        ctx.SetError(text + ": index " + key + " is out of range ('" + walked + "' has " +
                     std::to_string(cur.size()) + " entries)");
        return;
      }
      if (last) {
        cur[index] = value;
      } else {
        YAML::Node next = cur[index];
        cur.reset(next);
      }
    } else {
      ctx.SetError(text + ": cannot set '" + key + "' inside '" + walked +
                   "', which is a single value, not a mapping");
      return;
    }
    walked = ChildPath(walked, key);
  }
  ctx.AddOverride(AppliedOverride{parts, text});
}

// ---------------------------------------------------------------------------------------
// The scenario walk
// ---------------------------------------------------------------------------------------

std::string StemOf(const std::string& label) {
  std::string stem = std::filesystem::path(label).stem().string();
  for (char& c : stem) {
    if (!ValidName(std::string(1, c), true)) c = '_';
  }
  if (stem.empty()) stem = "scenario";
  return stem;
}

SourceLocation Loc(const Ctx& ctx, const YAML::Mark& m) {
  if (m.is_null() || m.line < 0 || m.column < 0) return SourceLocation{ctx.file(), 0, 0};
  return SourceLocation{ctx.file(), m.line + 1, m.column + 1};
}

struct FunctionExtras {
  YAML::Mark key_mark;
  std::string path;
  int64_t max_provisioned = 0;
  std::optional<Val> duration;  // the `duration:` entry (a trace may supply it instead)
  YAML::Mark value_mark;
};

void ParseFunction(Ctx& ctx, const Val& v, const ScenarioSpec& spec, FunctionSpec& fn,
                   FunctionExtras& extra) {
  static const std::vector<std::string> kKeys = {"memory_mb",
                                                 "architecture",
                                                 "timeout",
                                                 "reserved_concurrency",
                                                 "duration",
                                                 "init_duration",
                                                 "keep_alive",
                                                 "max_lifetime",
                                                 "error_rate",
                                                 "provisioned_concurrency",
                                                 "provisioned_schedule",
                                                 "provisioned_autoscaling",
                                                 "provisioned_allocation_delay",
                                                 "invocation",
                                                 "async"};
  Fields f(ctx, v, kKeys);
  if (!f.ok()) return;
  const PlatformProfile& p = spec.platform;
  fn.timeout = p.default_timeout;
  fn.keep_alive = p.default_keep_alive;
  fn.max_lifetime =
      sim::Distribution::Uniform(p.max_lifetime_min.seconds(), p.max_lifetime_max.seconds());
  fn.pc_allocation_delay_min = p.pc_allocation_delay_min;
  fn.pc_allocation_delay_max = p.pc_allocation_delay_max;

  if (auto e = f.Get("memory_mb"))
    if (auto x = Int(ctx, *e, 128, 10240)) fn.memory_mb = *x;
  if (auto e = f.Get("architecture"))
    if (auto x = Enum(ctx, *e, {"x86_64", "arm64"}))
      fn.architecture = *x == "arm64" ? Architecture::kArm64 : Architecture::kX86_64;
  if (auto e = f.Get("timeout"))
    if (auto x = Dur(ctx, *e, sim::Duration::Seconds(1), sim::Duration::Seconds(900)))
      fn.timeout = *x;
  if (auto e = f.Get("reserved_concurrency"))
    if (auto x = Int(ctx, *e, 0, kMaxConcurrencyLimit)) fn.reserved_concurrency = *x;
  const DistLimits run_limits{sim::Duration(), kOneDay};
  // Required unless a trace supplies the durations (checked after the traffic is read).
  extra.duration = f.Get("duration");
  extra.value_mark = v.mark();
  if (extra.duration)
    if (auto d = ParseDist(ctx, *extra.duration, run_limits)) fn.duration = *d;
  if (auto e = f.Get("init_duration"))
    if (auto d = ParseDist(ctx, *e, run_limits)) fn.init_duration = *d;
  if (auto e = f.Get("keep_alive"))
    if (auto x = Dur(ctx, *e, sim::Duration(), kOneDay)) fn.keep_alive = *x;
  if (auto e = f.Get("max_lifetime"))
    if (auto d = ParseDist(ctx, *e, DistLimits{sim::Duration::Seconds(1), kMaxHorizon}))
      fn.max_lifetime = *d;
  if (auto e = f.Get("error_rate"))
    if (auto x = Number(ctx, *e, 0, 1)) fn.error_rate = *x;
  if (auto e = f.Get("provisioned_concurrency"))
    if (auto x = Int(ctx, *e, 0, kMaxConcurrencyLimit)) fn.provisioned_concurrency = *x;
  extra.max_provisioned = fn.provisioned_concurrency;

  if (auto e = f.Get("provisioned_schedule")) {
    ctx.Visit();
    if (!e->node.IsSequence()) {
      ctx.Error(e->path, e->mark(),
                "'provisioned_schedule' must be a list such as [ { at: 5m, value: 100 } ], got " +
                    TypeName(e->node));
    } else {
      size_t i = 0;
      for (const auto& item : e->node) {
        const size_t index = i++;
        Val step{item, e->path + "." + std::to_string(index),
                 "provisioned_schedule[" + std::to_string(index) + "]", e->key_mark};
        Fields sf(ctx, step, {"at", "value"});
        if (!sf.ok()) continue;
        auto at_v = sf.Require("at");
        auto val_v = sf.Require("value");
        std::optional<sim::Duration> at;
        std::optional<int64_t> val;
        if (at_v) at = Dur(ctx, *at_v, sim::Duration(), kMaxHorizon);
        if (val_v) val = Int(ctx, *val_v, 0, kMaxConcurrencyLimit);
        if (!at || !val) continue;
        if (!fn.provisioned_schedule.empty() && !(*at > fn.provisioned_schedule.back().at)) {
          ctx.Error(at_v->path, at_v->mark(),
                    "'provisioned_schedule' must be sorted by 'at' (strictly increasing); " +
                        sim::FormatDuration(*at) + " comes after " +
                        sim::FormatDuration(fn.provisioned_schedule.back().at));
          continue;
        }
        fn.provisioned_schedule.push_back(ProvisionedStep{*at, *val});
        extra.max_provisioned = std::max(extra.max_provisioned, *val);
      }
    }
  }

  if (auto e = f.Get("provisioned_autoscaling")) {
    Fields af(ctx, *e,
              {"min", "max", "target_utilization", "scale_out_datapoints", "scale_in_datapoints",
               "scale_in_ratio"});
    if (af.ok()) {
      ProvisionedAutoscaling& a = fn.provisioned_autoscaling;
      a.enabled = true;
      auto min_v = af.Require("min");
      auto max_v = af.Require("max");
      std::optional<int64_t> lo, hi;
      if (min_v) lo = Int(ctx, *min_v, 0, kMaxConcurrencyLimit);
      if (max_v) hi = Int(ctx, *max_v, 0, kMaxConcurrencyLimit);
      if (lo) a.min = *lo;
      if (hi) a.max = *hi;
      if (lo && hi && *lo > *hi)
        ctx.Error(e->path, e->mark(),
                  "'provisioned_autoscaling': min " + std::to_string(*lo) +
                      " is greater than max " + std::to_string(*hi));
      if (auto t = af.Get("target_utilization"))
        if (auto x = Number(ctx, *t, 0.1, 0.9)) a.target_utilization = *x;
      if (auto t = af.Get("scale_out_datapoints"))
        if (auto x = Int(ctx, *t, 1, 1440)) a.scale_out_datapoints = *x;
      if (auto t = af.Get("scale_in_datapoints"))
        if (auto x = Int(ctx, *t, 1, 1440)) a.scale_in_datapoints = *x;
      if (auto t = af.Get("scale_in_ratio"))
        if (auto x = Number(ctx, *t, 0.1, 1.0)) a.scale_in_ratio = *x;
      extra.max_provisioned = std::max(extra.max_provisioned, a.max);
    }
  }

  if (auto e = f.Get("provisioned_allocation_delay")) {
    Fields df(ctx, *e, {"min", "max"});
    if (df.ok()) {
      std::optional<sim::Duration> lo = fn.pc_allocation_delay_min, hi = fn.pc_allocation_delay_max;
      if (auto x = df.Get("min")) lo = Dur(ctx, *x, sim::Duration(), sim::Duration::Hours(1));
      if (auto x = df.Get("max")) hi = Dur(ctx, *x, sim::Duration(), sim::Duration::Hours(1));
      if (lo && hi) {
        if (*lo > *hi) {
          ctx.Error(e->path, e->mark(), "'provisioned_allocation_delay': min must be <= max");
        } else {
          fn.pc_allocation_delay_min = *lo;
          fn.pc_allocation_delay_max = *hi;
        }
      }
    }
  }

  if (auto e = f.Get("invocation"))
    if (auto x = Enum(ctx, *e, {"sync", "async"})) fn.invoked_async = *x == "async";
  if (auto e = f.Get("async")) {
    Fields af(ctx, *e,
              {"maximum_event_age", "maximum_retry_attempts", "retry_delays", "throttle_backoff",
               "on_failure"});
    if (af.ok()) {
      AsyncSpec& a = fn.async;
      if (auto x = af.Get("maximum_event_age"))
        if (auto d = Dur(ctx, *x, sim::Duration::Seconds(60), sim::Duration::Hours(6)))
          a.maximum_event_age = *d;
      if (auto x = af.Get("maximum_retry_attempts"))
        if (auto n = Int(ctx, *x, 0, 2)) a.maximum_retry_attempts = *n;
      if (auto x = af.Get("retry_delays")) {
        Fields rf(ctx, *x, {"first", "second"});
        if (rf.ok()) {
          if (auto y = rf.Get("first"))
            if (auto d = Dur(ctx, *y, sim::Duration(), sim::Duration::Hours(6)))
              a.retry_delay_first = *d;
          if (auto y = rf.Get("second"))
            if (auto d = Dur(ctx, *y, sim::Duration(), sim::Duration::Hours(6)))
              a.retry_delay_second = *d;
        }
      }
      if (auto x = af.Get("throttle_backoff")) {
        Fields bf(ctx, *x, {"base", "max"});
        if (bf.ok()) {
          if (auto y = bf.Get("base"))
            if (auto d = Dur(ctx, *y, sim::Duration(), sim::Duration::Minutes(5)))
              a.throttle_backoff_base = *d;
          if (auto y = bf.Get("max"))
            if (auto d = Dur(ctx, *y, sim::Duration(), sim::Duration::Hours(1)))
              a.throttle_backoff_max = *d;
          if (a.throttle_backoff_max < a.throttle_backoff_base)
            ctx.Error(x->path, x->mark(), "'throttle_backoff': max must be >= base");
        }
      }
      if (auto x = af.Get("on_failure"))
        if (auto y = Enum(ctx, *x, {"dlq", "none"})) a.on_failure_dlq = *y == "dlq";
    }
  }

  if (fn.reserved_concurrency) {
    const int64_t rc = *fn.reserved_concurrency;
    if (extra.max_provisioned > rc) {
      std::optional<Val> where;
      if (fn.provisioned_concurrency > rc)
        where = f.Get("provisioned_concurrency");
      else if (fn.provisioned_autoscaling.max > rc)
        where = f.Get("provisioned_autoscaling");
      else
        where = f.Get("provisioned_schedule");
      if (!where) where = v;
      ctx.Error(where->path, where->mark(),
                "function '" + fn.name + "': provisioned concurrency " +
                    std::to_string(extra.max_provisioned) + " exceeds its reserved_concurrency " +
                    std::to_string(rc));
    }
  }
}

void ParseClient(Ctx& ctx, const Val& v, ClientSpec& c) {
  ctx.Visit();
  if (v.node.IsScalar()) {
    auto x = Enum(ctx, v, {"none", "sdk-standard"});
    if (!x) return;
    if (*x == "none") {
      c = ClientSpec{};
      c.policy = RetryPolicy::kNone;
      c.max_attempts = 1;
    } else {
      c.policy = RetryPolicy::kSdkStandard;
      c.max_attempts = 3;
      c.base = sim::Duration::Millis(100);
      c.cap = sim::Duration::Seconds(20);
    }
    return;
  }
  if (!v.node.IsMap()) {
    ctx.Error(
        v.path, v.mark(),
        "'client' must be none, sdk-standard or { max_attempts: 3, base: 100ms, cap: 20s }, got " +
            TypeName(v.node));
    return;
  }
  Fields f(ctx, v, {"max_attempts", "base", "cap"});
  if (!f.ok()) return;
  c.policy = RetryPolicy::kCustom;
  c.max_attempts = 3;
  c.base = sim::Duration::Millis(100);
  c.cap = sim::Duration::Seconds(20);
  if (auto e = f.Require("max_attempts"))
    if (auto x = Int(ctx, *e, 1, 10)) c.max_attempts = *x;
  std::optional<sim::Duration> base = c.base, cap = c.cap;
  if (auto e = f.Get("base")) base = Dur(ctx, *e, sim::Duration::Nanos(1), sim::Duration::Hours(1));
  if (auto e = f.Get("cap")) cap = Dur(ctx, *e, sim::Duration::Nanos(1), sim::Duration::Hours(1));
  if (base && cap) {
    if (*cap < *base) {
      ctx.Error(v.path, v.mark(),
                "'client': cap " + sim::FormatDuration(*cap) + " is less than base " +
                    sim::FormatDuration(*base));
    } else {
      c.base = *base;
      c.cap = *cap;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Traffic: shapes (rate, phases, stages, spike, diurnal, mmpp) and traces
// ---------------------------------------------------------------------------------------

constexpr size_t kMaxSegments = 1000000;
constexpr size_t kMaxMmppStates = 64;
constexpr double kMaxTransitionRate = 1e6;

// What a traffic entry tells the function-level checks.
struct TrafficExtras {
  bool is_trace = false;
  std::vector<bool> covered;                  // functions whose requests carry their own duration
  std::optional<sim::Distribution> duration;  // azure-2019 durations → the entry's function
};

// Appends a linear segment [from, to) clipped at `stop` (the rate is interpolated at the cut).
void AddSegment(std::vector<RateSegment>& out, sim::Duration from, sim::Duration to, double r0,
                double r1, const std::string& name, sim::Duration stop) {
  if (from >= stop || to <= from) return;
  if (to > stop) {
    const double frac =
        static_cast<double>((stop - from).ns()) / static_cast<double>((to - from).ns());
    r1 = r0 + (r1 - r0) * frac;
    to = stop;
  }
  if (r0 == 0 && r1 == 0) return;  // zero rate is the default between segments
  out.push_back(RateSegment{from, to, r0, r1, name});
}

std::optional<Val> SequenceOf(Ctx& ctx, const Val& v, const std::string& example) {
  ctx.Visit();
  if (!v.node.IsSequence() || v.node.size() == 0) {
    ctx.Error(
        v.path, v.mark(),
        "'" + v.name + "' must be a non-empty list, e.g. " + example + "; got " + TypeName(v.node));
    return std::nullopt;
  }
  return v;
}

Val Item(const Val& list, const YAML::Node& item, size_t index) {
  return Val{item, list.path + "." + std::to_string(index),
             list.name + "[" + std::to_string(index) + "]", list.key_mark};
}

// phases: [ { duration, rate, ramp_to, name } | { pause, name } ... ], repeat: N | forever
void ParsePhases(Ctx& ctx, const Val& v, const std::optional<Val>& repeat_v, sim::Duration start,
                 sim::Duration stop, TrafficSpec& t) {
  auto list = SequenceOf(ctx, v, "[ { duration: 5m, rate: 10, ramp_to: 100 }, { pause: 1m } ]");
  struct Phase {
    sim::Duration length;
    double r0 = 0, r1 = 0;
    std::string name;
  };
  std::vector<Phase> phases;
  bool ok = static_cast<bool>(list);
  if (list) {
    size_t i = 0;
    for (const auto& item : list->node) {
      const Val pv = Item(*list, item, i++);
      Fields pf(ctx, pv, {"duration", "rate", "ramp_to", "name", "pause"});
      if (!pf.ok()) {
        ok = false;
        continue;
      }
      Phase ph;
      if (auto e = pf.Get("name"))
        if (auto s = Scalar(ctx, *e, "a phase name")) ph.name = *s;
      if (auto p = pf.Get("pause")) {
        for (const char* k : {"duration", "rate", "ramp_to"}) {
          if (auto extra = pf.Get(k)) {
            ctx.Error(
                extra->path, extra->key_mark,
                std::string("'") + k +
                    "' does not go with 'pause' (a pause is { pause: 1m }, with an optional name)");
            ok = false;
          }
        }
        auto d = Dur(ctx, *p, sim::Duration::Millis(1), kMaxHorizon);
        if (!d) {
          ok = false;
          continue;
        }
        ph.length = *d;
        phases.push_back(ph);
        continue;
      }
      auto dv = pf.Require("duration", "or { pause: DURATION }");
      auto rv = pf.Require("rate", "requests per second at the phase start");
      std::optional<sim::Duration> d;
      std::optional<double> r0, r1;
      if (dv) d = Dur(ctx, *dv, sim::Duration::Millis(1), kMaxHorizon);
      if (rv) r0 = ParseRate(ctx, *rv, /*allow_zero=*/true);
      if (auto e = pf.Get("ramp_to"))
        r1 = ParseRate(ctx, *e, /*allow_zero=*/true);
      else
        r1 = r0;
      if (!d || !r0 || !r1) {
        ok = false;
        continue;
      }
      ph.length = *d;
      ph.r0 = *r0;
      ph.r1 = *r1;
      phases.push_back(ph);
    }
  }
  int64_t plays = 1;
  bool forever = false;
  if (repeat_v) {
    if (repeat_v->node.IsScalar() && repeat_v->node.Scalar() == "forever") {
      forever = true;
    } else if (auto n = Int(ctx, *repeat_v, 1, 1000000)) {
      plays = *n;
    } else {
      ok = false;
    }
  }
  if (!ok) return;
  sim::Duration cursor = start;
  for (int64_t play = 0; forever || play < plays; ++play) {
    if (cursor >= stop) break;
    for (const Phase& ph : phases) {
      AddSegment(t.segments, cursor, cursor + ph.length, ph.r0, ph.r1, ph.name, stop);
      cursor += ph.length;
      if (cursor >= stop) break;
    }
    if (t.segments.size() > kMaxSegments) {
      ctx.Error(v.path, v.mark(),
                "'phases' expands to more than " + std::to_string(kMaxSegments) +
                    " segments (lower 'repeat')");
      return;
    }
  }
  if (t.segments.empty())
    ctx.Error(v.path, v.mark(),
              "'phases' produce no traffic before the end (every phase has rate 0, or starts after "
              "the end)");
}

// stages: [ { duration, target } ... ] (k6 ramping-arrival-rate), start_rate: R
void ParseStages(Ctx& ctx, const Val& v, const std::optional<Val>& start_rate_v,
                 sim::Duration start, sim::Duration stop, TrafficSpec& t) {
  double prev = 0;
  bool ok = true;
  if (start_rate_v) {
    if (auto r = ParseRate(ctx, *start_rate_v, /*allow_zero=*/true))
      prev = *r;
    else
      ok = false;
  }
  auto list =
      SequenceOf(ctx, v, "[ { duration: 2m, target: 100 }, { duration: 5m, target: 100 } ]");
  if (!list) return;
  sim::Duration cursor = start;
  size_t i = 0;
  for (const auto& item : list->node) {
    const Val sv = Item(*list, item, i++);
    Fields sf(ctx, sv, {"duration", "target"});
    if (!sf.ok()) {
      ok = false;
      continue;
    }
    auto dv = sf.Require("duration");
    auto tv = sf.Require("target", "requests per second at the stage end");
    std::optional<sim::Duration> d;
    std::optional<double> target;
    if (dv) d = Dur(ctx, *dv, sim::Duration::Millis(1), kMaxHorizon);
    if (tv) target = ParseRate(ctx, *tv, /*allow_zero=*/true);
    if (!d || !target) {
      ok = false;
      continue;
    }
    if (ok)
      AddSegment(t.segments, cursor, cursor + *d, prev, *target, "stage " + std::to_string(i - 1),
                 stop);
    cursor += *d;
    prev = *target;
  }
  if (ok && t.segments.empty())
    ctx.Error(
        v.path, v.mark(),
        "'stages' produce no traffic before the end (all targets 0, or they start after the end)");
}

// spike: { baseline: R, bursts: [ { at, rate, length } ... ] }
void ParseSpike(Ctx& ctx, const Val& v, sim::Duration start, sim::Duration stop, TrafficSpec& t) {
  Fields f(ctx, v, {"baseline", "bursts"});
  if (!f.ok()) return;
  std::optional<double> baseline;
  if (auto e = f.Require("baseline", "requests per second outside bursts; may be 0"))
    baseline = ParseRate(ctx, *e, /*allow_zero=*/true);
  auto bv = f.Require("bursts", "a list of { at, rate, length }");
  if (!bv) return;
  auto list = SequenceOf(ctx, *bv, "[ { at: 5m, rate: 2000, length: 30s } ]");
  if (!list) return;
  struct Burst {
    sim::Duration at, length;
    double rate;
  };
  std::vector<Burst> bursts;
  bool ok = static_cast<bool>(baseline);
  size_t i = 0;
  for (const auto& item : list->node) {
    const Val b = Item(*list, item, i++);
    Fields bf(ctx, b, {"at", "rate", "length"});
    if (!bf.ok()) {
      ok = false;
      continue;
    }
    auto at_v = bf.Require("at", "offset from the entry's start");
    auto rate_v = bf.Require("rate", "requests per second during the burst");
    auto len_v = bf.Require("length");
    std::optional<sim::Duration> at, len;
    std::optional<double> rate;
    if (at_v) at = Dur(ctx, *at_v, sim::Duration(), kMaxHorizon);
    if (rate_v) rate = ParseRate(ctx, *rate_v);
    if (len_v) len = Dur(ctx, *len_v, sim::Duration::Millis(1), kMaxHorizon);
    if (!at || !rate || !len) {
      ok = false;
      continue;
    }
    if (!bursts.empty() && *at < bursts.back().at + bursts.back().length) {
      ctx.Error(at_v->path, at_v->mark(),
                "burst at " + sim::FormatDuration(*at) +
                    " overlaps or precedes the previous burst (at " +
                    sim::FormatDuration(bursts.back().at) + ", length " +
                    sim::FormatDuration(bursts.back().length) +
                    "); bursts must be sorted and must not overlap");
      ok = false;
      continue;
    }
    if (start + *at >= stop) {
      ctx.Error(at_v->path, at_v->mark(),
                "burst at " + sim::FormatDuration(*at) + " (from the entry's start " +
                    sim::FormatDuration(start) + ") begins at or after the traffic ends (" +
                    sim::FormatDuration(stop) + ")");
      ok = false;
      continue;
    }
    bursts.push_back(Burst{*at, *len, *rate});
  }
  if (!ok) return;
  sim::Duration cursor = start;
  for (size_t k = 0; k < bursts.size(); ++k) {
    const sim::Duration b0 = start + bursts[k].at;
    AddSegment(t.segments, cursor, b0, *baseline, *baseline, "baseline", stop);
    AddSegment(t.segments, b0, b0 + bursts[k].length, bursts[k].rate, bursts[k].rate,
               "burst " + std::to_string(k), stop);
    cursor = b0 + bursts[k].length;
  }
  AddSegment(t.segments, cursor, stop, *baseline, *baseline, "baseline", stop);
}

// diurnal: { mean, amplitude, period, peak_at }
void ParseDiurnal(Ctx& ctx, const Val& v, TrafficSpec& t) {
  Fields f(ctx, v, {"mean", "amplitude", "period", "peak_at"});
  if (!f.ok()) return;
  DiurnalShape& d = t.diurnal;
  std::optional<double> mean, amp;
  if (auto e = f.Require("mean", "requests per second averaged over a period"))
    mean = ParseRate(ctx, *e);
  if (auto e = f.Require("amplitude", "requests per second above and below the mean"))
    amp = ParseRate(ctx, *e, /*allow_zero=*/true);
  if (mean) d.mean_per_s = *mean;
  if (amp) d.amplitude_per_s = *amp;
  if (mean && amp && *amp > *mean) {
    const Val where = *f.Get("amplitude");
    ctx.Error(where.path, where.mark(),
              "'amplitude' " + Num(*amp) + " exceeds 'mean' " + Num(*mean) +
                  ": the rate mean ± amplitude would go negative");
  }
  if (auto e = f.Get("period"))
    if (auto x = Dur(ctx, *e, sim::Duration::Seconds(1), kMaxHorizon)) d.period = *x;
  if (auto e = f.Get("peak_at")) {
    if (auto x = Dur(ctx, *e, sim::Duration(), kMaxHorizon)) {
      if (*x >= d.period)
        ctx.Error(e->path, e->mark(),
                  "'peak_at' " + sim::FormatDuration(*x) + " must be less than 'period' " +
                      sim::FormatDuration(d.period));
      else
        d.peak_at = *x;
    }
  } else if (d.peak_at >= d.period) {
    d.peak_at = sim::Duration::Nanos(d.peak_at.ns() %
                                     d.period.ns());  // the 14h default with a short period
  }
}

// mmpp: { states: [ { name, rate } ... ], transitions: [[...], ...], initial: NAME }
void ParseMmpp(Ctx& ctx, const Val& v, TrafficSpec& t) {
  Fields f(ctx, v, {"states", "transitions", "initial"});
  if (!f.ok()) return;
  MmppShape& m = t.mmpp;
  auto sv = f.Require("states", "a list of { name, rate }");
  if (!sv) return;
  auto states = SequenceOf(ctx, *sv, "[ { name: calm, rate: 10 }, { name: burst, rate: 500 } ]");
  if (!states) return;
  bool ok = true;
  size_t i = 0;
  for (const auto& item : states->node) {
    const Val s = Item(*states, item, i++);
    Fields stf(ctx, s, {"name", "rate"});
    if (!stf.ok()) {
      ok = false;
      continue;
    }
    std::string name;
    if (auto e = stf.Require("name")) {
      if (auto n = Scalar(ctx, *e, "a state name")) {
        if (!ValidName(*n, false)) {
          ctx.Error(e->path, e->mark(),
                    "state name '" + *n + "' may contain only letters, digits, '_' and '-'");
          ok = false;
        } else if (std::find(m.state_names.begin(), m.state_names.end(), *n) !=
                   m.state_names.end()) {
          ctx.Error(e->path, e->mark(), "duplicate state name '" + *n + "'");
          ok = false;
        }
        name = *n;
      }
    }
    std::optional<double> rate;
    if (auto e = stf.Require("rate", "requests per second in this state; may be 0"))
      rate = ParseRate(ctx, *e, /*allow_zero=*/true);
    if (name.empty() || !rate) ok = false;
    m.state_names.push_back(name);
    m.rates_per_s.push_back(rate.value_or(0));
  }
  const size_t n = m.state_names.size();
  if (n > kMaxMmppStates) {
    ctx.Error(sv->path, sv->mark(),
              "an MMPP has at most " + std::to_string(kMaxMmppStates) + " states");
    return;
  }
  if (ok &&
      std::none_of(m.rates_per_s.begin(), m.rates_per_s.end(), [](double r) { return r > 0; })) {
    ctx.Error(sv->path, sv->mark(), "every MMPP state has rate 0: the source would send nothing");
    ok = false;
  }
  m.transition_rates.assign(n, std::vector<double>(n, 0.0));
  std::optional<Val> tv = f.Get("transitions");
  if (!tv && n > 1) {
    tv = f.Require("transitions", "an n x n matrix of per-second rates");
    ok = false;
  }
  if (tv) {
    ctx.Visit();
    const std::string shape = std::to_string(n) + " x " + std::to_string(n);
    if (!tv->node.IsSequence() || tv->node.size() != n) {
      ctx.Error(tv->path, tv->mark(),
                "'transitions' must be a " + shape + " matrix (a list of " + std::to_string(n) +
                    " rows, one per state, in the order of 'states'), e.g. [[0, 0.01], [0.1, 0]]");
      ok = false;
    } else {
      size_t r = 0;
      for (const auto& row_node : tv->node) {
        const size_t row = r++;
        const Val rv = Item(*tv, row_node, row);
        ctx.Visit();
        if (!rv.node.IsSequence() || rv.node.size() != n) {
          ctx.Error(rv.path, rv.mark(),
                    "'" + rv.name + "' must be a list of " + std::to_string(n) +
                        " per-second rates (the matrix is " + shape + ")");
          ok = false;
          continue;
        }
        size_t c = 0;
        std::optional<Val> diag;
        double diag_value = 0, off_sum = 0;
        for (const auto& cell_node : rv.node) {
          const size_t col = c++;
          const Val cv = Item(rv, cell_node, col);
          auto x = Number(ctx, cv, col == row ? -kMaxTransitionRate * static_cast<double>(n) : 0,
                          kMaxTransitionRate);
          if (!x) {
            ok = false;
            continue;
          }
          if (col == row) {
            diag = cv;
            diag_value = *x;
          } else {
            m.transition_rates[row][col] = *x;
            off_sum += *x;
          }
        }
        // The diagonal is implied; 0 or the generator's −(row sum) are both accepted.
        if (diag && diag_value != 0 &&
            std::fabs(diag_value + off_sum) > 1e-9 * std::max(1.0, off_sum)) {
          ctx.Error(diag->path, diag->mark(),
                    "'" + diag->name + "': the diagonal is implied; write 0 (or the generator's -" +
                        Num(off_sum) + ")");
          ok = false;
        }
      }
    }
  }
  if (auto e = f.Get("initial")) {
    if (auto s = Scalar(ctx, *e, "a state name")) {
      auto it = std::find(m.state_names.begin(), m.state_names.end(), *s);
      if (it == m.state_names.end()) {
        ctx.Error(e->path, e->mark(),
                  "'initial': no state named '" + *s + "'" + DidYouMean(*s, m.state_names) +
                      " (states: " + JoinNames(m.state_names) + ")");
        ok = false;
      } else {
        m.initial_state = static_cast<size_t>(it - m.state_names.begin());
      }
    }
  }
  if (!ok) return;
  const MmppStationary st = SolveMmppStationary(m.rates_per_s, m.transition_rates, m.state_names);
  if (!st.ok) {
    const Val where = tv ? *tv : v;
    ctx.Error(where.path, where.mark(), "'mmpp': " + st.error);
    return;
  }
  m.stationary = st.stationary;
  m.long_run_rate_per_s = st.long_run_rate_per_s;
}

std::string ResolveTracePath(const ScenarioSpec& spec, const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  if (p.is_absolute() || spec.source_file.empty()) return p.lexically_normal().string();
  return (fs::path(spec.source_file).parent_path() / p).lexically_normal().string();
}

// trace: { format, file | invocations + durations, function, within_minute, offset, time_scale }
void ParseTrace(Ctx& ctx, const Val& v, const ScenarioSpec& spec,
                const std::vector<bool>& has_duration, TrafficSpec& t, TrafficExtras& extras) {
  Fields f(ctx, v,
           {"format", "file", "invocations", "durations", "function", "within_minute", "offset",
            "time_scale"});
  if (!f.ok()) return;
  TraceSpec& tr = t.trace;
  auto fv = f.Require("format", "azure-2019, azure-2021 or csv");
  if (!fv) return;
  auto format = Enum(ctx, *fv, {"azure-2019", "azure-2021", "csv"});
  if (!format) return;
  tr.format = *format == "azure-2019"   ? TraceFormat::kAzure2019
              : *format == "azure-2021" ? TraceFormat::kAzure2021
                                        : TraceFormat::kCsv;
  const bool a19 = tr.format == TraceFormat::kAzure2019;
  // Keys that belong to other formats.
  const std::vector<std::pair<const char*, bool>> applies = {
      {"file", !a19},
      {"invocations", a19},
      {"durations", a19},
      {"within_minute", a19},
      {"function", tr.format != TraceFormat::kCsv}};
  bool ok = true;
  for (const auto& [key, ok_here] : applies) {
    if (auto e = f.Get(key); e && !ok_here) {
      ctx.Error(e->path, e->key_mark,
                std::string("'") + key + "' does not apply to trace format " + *format +
                    (a19 ? " (azure-2019 reads 'invocations' and 'durations')"
                     : tr.format == TraceFormat::kCsv
                         ? " (csv reads 'file'; its rows name their functions)"
                         : " (azure-2021 reads 'file')"));
      ok = false;
    }
  }
  auto path_of = [&](const Val& e) -> std::optional<std::string> {
    auto s = Scalar(ctx, e, "a file path");
    if (!s) return std::nullopt;
    const std::string resolved = ResolveTracePath(spec, *s);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(resolved, ec)) {
      ctx.Error(e.path, e.mark(),
                "'" + e.name + "': trace file '" + *s + "' not found" +
                    (resolved != *s ? " (looked for " + resolved + ")" : std::string()));
      return std::nullopt;
    }
    return resolved;
  };
  if (a19) {
    if (auto e = f.Require("invocations", "the per-minute invocation counts CSV")) {
      if (auto p = path_of(*e))
        tr.invocations_file = *p;
      else
        ok = false;
    }
    if (auto e = f.Get("durations")) {
      if (auto p = path_of(*e))
        tr.durations_file = *p;
      else
        ok = false;
    }
    if (auto e = f.Require("function", "a HashFunction or a 0-based row index")) {
      if (auto s = Scalar(ctx, *e, "a HashFunction or a row index"))
        tr.select = *s;
      else
        ok = false;
    }
    if (auto e = f.Get("within_minute"))
      if (auto x = Enum(ctx, *e, {"uniform", "poisson"}))
        tr.within_minute_poisson = *x == "poisson";
  } else {
    if (auto e = f.Require("file")) {
      if (auto p = path_of(*e))
        tr.file = *p;
      else
        ok = false;
    }
    if (auto e = f.Get("function"))
      if (auto s = Scalar(ctx, *e, "a func hash")) tr.select = *s;
  }
  if (auto e = f.Get("offset"))
    if (auto x = Dur(ctx, *e, sim::Duration(), kMaxHorizon)) tr.offset = *x;
  if (auto e = f.Get("time_scale"))
    if (auto x = Number(ctx, *e, 0.001, 1000)) tr.time_scale = *x;
  if (!ok || t.function.empty()) return;
  // Stream the whole file once: every row checked, row count and longest duration filled.
  TraceContext context;
  for (const auto& fn : spec.functions) context.function_names.push_back(fn.name);
  context.has_duration = has_duration;
  context.default_function = t.function_index;
  context.did_you_mean = [](const std::string& got, const std::vector<std::string>& names) {
    return DidYouMean(got, names);
  };
  TraceValidation result = ValidateTrace(tr, context);
  for (auto& d : result.errors) ctx.diagnostics().push_back(std::move(d));
  extras.covered = std::move(result.functions_covered);
  extras.duration = std::move(result.duration);
}

// `source:` — an SQS queue or a Kinesis / DynamoDB stream between the traffic (messages or
// records per second) and the function, read by an event source mapping (§6.3, §6.4).
void ParseEventSource(Ctx& ctx, const Val& v, const ScenarioSpec& spec, TrafficSpec& t) {
  static const std::vector<std::string> kSqsOnly = {"maximum_concurrency", "visibility_timeout",
                                                    "max_receive_count"};
  static const std::vector<std::string> kStreamOnly = {
      "shards", "parallelization_factor", "maximum_retry_attempts", "maximum_record_age",
      "bisect_batch_on_error"};
  std::vector<std::string> keys = {"type", "batch_size", "maximum_batching_window", "poison_rate"};
  keys.insert(keys.end(), kSqsOnly.begin(), kSqsOnly.end());
  keys.insert(keys.end(), kStreamOnly.begin(), kStreamOnly.end());
  Fields f(ctx, v, keys);
  if (!f.ok()) return;
  EventSourceSpec& s = t.source;
  std::string type;
  if (auto e = f.Require("type", "sqs, kinesis or dynamodb"))
    if (auto x = Enum(ctx, *e, {"sqs", "kinesis", "dynamodb"})) type = *x;
  if (type.empty()) return;
  const bool sqs = type == "sqs";
  s.type = sqs                 ? SourceType::kSqs
           : type == "kinesis" ? SourceType::kKinesis
                               : SourceType::kDynamoDb;
  for (const auto& k : sqs ? kStreamOnly : kSqsOnly)
    if (auto e = f.Get(k))
      ctx.Error(e->path, e->key_mark, "'" + k + "' does not apply to a " + type + " source");
  const PlatformProfile& p = spec.platform;
  s.initial_concurrency = p.sqs_initial_concurrency;
  s.scale_up_per_minute = p.sqs_scale_up_per_minute;
  s.max_concurrency_default = p.sqs_max_concurrency;
  s.batch_size = sqs ? 10 : 100;
  if (auto e = f.Get("batch_size"))
    if (auto x = Int(ctx, *e, 1, 10000)) s.batch_size = *x;
  if (auto e = f.Get("maximum_batching_window"))
    if (auto x = Dur(ctx, *e, sim::Duration(), sim::Duration::Seconds(300)))
      s.maximum_batching_window = *x;
  if (auto e = f.Get("poison_rate"))
    if (auto x = Number(ctx, *e, 0, 1)) s.poison_rate = *x;
  const FunctionSpec* fn = t.function_index < spec.functions.size() && !t.function.empty()
                               ? &spec.functions[t.function_index]
                               : nullptr;
  if (sqs) {
    if (s.batch_size > 10 && s.maximum_batching_window < sim::Duration::Seconds(1))
      if (auto e = f.Get("batch_size"))
        ctx.Error(e->path, e->mark(),
                  "an SQS batch_size above 10 needs maximum_batching_window of at least 1s (as AWS "
                  "requires)");
    if (auto e = f.Get("maximum_concurrency"))
      if (auto x = Int(ctx, *e, 2, 1000)) s.maximum_concurrency = *x;
    if (auto e = f.Get("visibility_timeout"))
      if (auto x = Dur(ctx, *e, sim::Duration(), sim::Duration::Hours(12)))
        s.visibility_timeout = *x;
    if (fn && s.visibility_timeout < fn->timeout) {
      const auto e = f.Get("visibility_timeout");
      const Val& where = e ? *e : v;
      ctx.Error(where.path, where.mark(),
                "visibility_timeout " + sim::FormatDuration(s.visibility_timeout) +
                    " is shorter than function '" + fn->name + "' timeout " +
                    sim::FormatDuration(fn->timeout) +
                    " (AWS rejects this mapping; it recommends 6 × the timeout)");
    }
    if (auto e = f.Get("max_receive_count"))
      if (auto x = Int(ctx, *e, 1, 1000)) s.max_receive_count = *x;
  } else {
    if (auto e = f.Get("shards"))
      if (auto x = Int(ctx, *e, 1, 100000)) s.shards = *x;
    if (auto e = f.Get("parallelization_factor"))
      if (auto x = Int(ctx, *e, 1, 10)) s.parallelization_factor = *x;
    if (auto e = f.Get("maximum_retry_attempts"))
      if (auto x = Int(ctx, *e, -1, 10000)) s.maximum_retry_attempts = *x;
    if (auto e = f.Get("maximum_record_age"))
      if (auto x = Dur(ctx, *e, sim::Duration::Seconds(60), sim::Duration::Seconds(604800)))
        s.maximum_record_age = *x;
    if (auto e = f.Get("bisect_batch_on_error"))
      if (auto x = Bool(ctx, *e)) s.bisect_batch_on_error = *x;
  }
}

// `fanout:` — SNS topics / EventBridge rules: each published event goes asynchronously to
// every target whose filter matches (probability `filter`).
void ParseFanout(Ctx& ctx, const Val& v, ScenarioSpec& spec) {
  ctx.Visit();
  if (!v.node.IsSequence()) {
    ctx.Error(v.path, v.mark(),
              "'fanout' must be a list of topics (- name: orders, targets: [...]), got " +
                  TypeName(v.node));
    return;
  }
  std::vector<std::string> fnames;
  for (const auto& fn : spec.functions) fnames.push_back(fn.name);
  size_t i = 0;
  for (const auto& item : v.node) {
    const size_t index = i++;
    const Val tv{item, v.path + "." + std::to_string(index),
                 "fanout[" + std::to_string(index) + "]", v.key_mark};
    Fields f(ctx, tv, {"name", "type", "targets"});
    if (!f.ok()) continue;
    FanoutSpec topic;
    topic.location = Loc(ctx, tv.mark());
    if (auto e = f.Require("name", "a topic name")) {
      if (auto s = Scalar(ctx, *e, "a topic name")) {
        for (const auto& other : spec.fanout)
          if (other.name == *s)
            ctx.Error(e->path, e->mark(), "fan-out topic '" + *s + "' is defined twice");
        topic.name = *s;
      }
    }
    if (auto e = f.Get("type"))
      if (auto x = Enum(ctx, *e, {"sns", "eventbridge"})) topic.type = *x;
    if (auto e = f.Require("targets", "a list of { function, filter }")) {
      ctx.Visit();
      if (!e->node.IsSequence() || e->node.size() == 0) {
        ctx.Error(e->path, e->mark(),
                  "'targets' must be a non-empty list of { function: NAME, filter: 0..1 }");
      } else {
        size_t j = 0;
        for (const auto& titem : e->node) {
          const size_t tindex = j++;
          const Val targ{titem, e->path + "." + std::to_string(tindex),
                         "targets[" + std::to_string(tindex) + "]", e->key_mark};
          Fields tf(ctx, targ, {"function", "filter"});
          if (!tf.ok()) continue;
          FanoutTarget target;
          bool found = false;
          if (auto fe = tf.Require("function", "a function name")) {
            if (auto name = Scalar(ctx, *fe, "a function name")) {
              for (size_t k = 0; k < spec.functions.size(); ++k)
                if (spec.functions[k].name == *name) {
                  target.function = *name;
                  target.function_index = k;
                  found = true;
                }
              if (!found) {
                const std::string hint = DidYouMean(*name, fnames);
                ctx.Error(fe->path, fe->mark(),
                          "'function': no function named '" + *name + "'" +
                              (hint.empty() ? " (functions: " + JoinNames(fnames) + ")" : hint));
              }
            }
          }
          if (auto fe = tf.Get("filter"))
            if (auto x = Number(ctx, *fe, 0, 1)) target.filter = *x;
          if (found) topic.targets.push_back(target);
        }
      }
    }
    spec.fanout.push_back(std::move(topic));
  }
}

void ParseTraffic(Ctx& ctx, const Val& v, const ScenarioSpec& spec,
                  const std::vector<bool>& has_duration, TrafficSpec& t, TrafficExtras& extras) {
  static const std::vector<std::string> kShapes = {"rate",    "phases", "stages", "spike",
                                                   "diurnal", "mmpp",   "trace"};
  Fields f(ctx, v,
           {"function", "arrivals", "rate", "phases", "repeat", "stages", "start_rate", "spike",
            "diurnal", "mmpp", "trace", "start", "end", "client", "via", "api_gateway_timeout",
            "invocation", "source", "topic"});
  if (!f.ok()) return;
  const std::optional<Val> topic_v = f.Get("topic");
  if (topic_v) {
    if (auto name = Scalar(ctx, *topic_v, "a fan-out topic name")) {
      std::vector<std::string> names;
      for (size_t i = 0; i < spec.fanout.size(); ++i) {
        names.push_back(spec.fanout[i].name);
        if (spec.fanout[i].name == *name) t.topic_index = i;
      }
      if (!t.topic_index) {
        const std::string hint = DidYouMean(*name, names);
        ctx.Error(topic_v->path, topic_v->mark(),
                  "'topic': no fan-out topic named '" + *name + "'" +
                      (hint.empty() ? " (define it under the top-level 'fanout:' list)" : hint));
      } else if (!spec.fanout[*t.topic_index].targets.empty()) {
        // Traffic to a topic is accounted to its first target in per-source summaries.
        t.function = spec.fanout[*t.topic_index].targets[0].function;
        t.function_index = spec.fanout[*t.topic_index].targets[0].function_index;
      }
    }
    if (auto e = f.Get("function"))
      ctx.Error(e->path, e->key_mark,
                "'function' and 'topic' are exclusive: a topic delivers to its targets");
  }
  if (auto e = topic_v ? std::optional<Val>() : f.Require("function")) {
    if (auto name = Scalar(ctx, *e, "a function name")) {
      std::vector<std::string> names;
      for (size_t i = 0; i < spec.functions.size(); ++i) {
        names.push_back(spec.functions[i].name);
        if (spec.functions[i].name == *name) {
          t.function = *name;
          t.function_index = i;
        }
      }
      if (t.function.empty()) {
        std::string msg = "'function': no function named '" + *name + "'";
        const std::string hint = DidYouMean(*name, names);
        msg += hint.empty() ? " (functions: " + JoinNames(names) + ")" : hint;
        ctx.Error(e->path, e->mark(), msg);
      }
    }
  }
  std::optional<Val> arrivals_v = f.Get("arrivals");
  if (arrivals_v)
    if (auto x = Enum(ctx, *arrivals_v, {"poisson", "uniform"}))
      t.arrivals = *x == "uniform" ? ArrivalKind::kUniform : ArrivalKind::kPoisson;
  if (auto e = f.Get("start"))
    if (auto x = Dur(ctx, *e, sim::Duration(), kMaxHorizon)) t.start = *x;
  if (auto e = f.Get("end")) {
    if (auto x = Dur(ctx, *e, sim::Duration(), kMaxHorizon)) {
      if (*x <= t.start)
        ctx.Error(e->path, e->mark(),
                  "'end' " + sim::FormatDuration(*x) + " must be after 'start' " +
                      sim::FormatDuration(t.start));
      else
        t.end = *x;
    }
  }
  const sim::Duration stop = t.end ? std::min(*t.end, spec.duration) : spec.duration;

  // Exactly one shape.
  std::vector<Val> shapes;
  for (const auto& key : kShapes)
    if (auto e = f.Get(key)) shapes.push_back(*e);
  if (shapes.empty()) {
    ctx.Error(v.path, v.mark(),
              "missing required key 'rate' (requests per second) in '" + v.name +
                  "', or another traffic shape: give exactly one of " + JoinNames(kShapes));
  } else if (shapes.size() > 1) {
    ctx.Error(shapes[1].path, shapes[1].key_mark,
              "'" + shapes[1].name + "' and '" + shapes[0].name +
                  "' are both given; a traffic entry has exactly one shape (use two entries to add "
                  "traffic up)");
  }
  const std::string shape = shapes.size() == 1 ? shapes[0].name : "";
  if (auto e = f.Get("repeat"); e && shape != "phases")
    ctx.Error(e->path, e->key_mark, "'repeat' goes with 'phases' only");
  if (auto e = f.Get("start_rate"); e && shape != "stages")
    ctx.Error(e->path, e->key_mark, "'start_rate' goes with 'stages' only");

  if (shape == "rate") {
    t.shape = ShapeKind::kConstant;
    if (auto x = ParseRate(ctx, shapes[0])) t.rate_per_s = *x;
  } else if (shape == "phases") {
    t.shape = ShapeKind::kPiecewise;
    ParsePhases(ctx, shapes[0], f.Get("repeat"), t.start, stop, t);
  } else if (shape == "stages") {
    t.shape = ShapeKind::kPiecewise;
    ParseStages(ctx, shapes[0], f.Get("start_rate"), t.start, stop, t);
  } else if (shape == "spike") {
    t.shape = ShapeKind::kPiecewise;
    ParseSpike(ctx, shapes[0], t.start, stop, t);
  } else if (shape == "diurnal") {
    t.shape = ShapeKind::kDiurnal;
    ParseDiurnal(ctx, shapes[0], t);
  } else if (shape == "mmpp") {
    t.shape = ShapeKind::kMmpp;
    if (arrivals_v && t.arrivals == ArrivalKind::kUniform)
      ctx.Error(arrivals_v->path, arrivals_v->mark(),
                "'arrivals: uniform' is not defined for an MMPP: its state changes are random, so "
                "there is no "
                "deterministic spacing to follow (an MMPP is Poisson within each state; omit "
                "'arrivals' or write poisson)");
    ParseMmpp(ctx, shapes[0], t);
  } else if (shape == "trace") {
    t.shape = ShapeKind::kTrace;
    extras.is_trace = true;
    if (arrivals_v)
      ctx.Error(
          arrivals_v->path, arrivals_v->key_mark,
          "'arrivals' does not apply to a trace: the trace gives the request times (for "
          "azure-2019, "
          "choose how a minute's count is spread with trace.within_minute: uniform | poisson)");
    ParseTrace(ctx, shapes[0], spec, has_duration, t, extras);
  }

  if (auto e = f.Get("client")) ParseClient(ctx, *e, t.client);
  if (!t.function.empty() && t.function_index < spec.functions.size() &&
      spec.functions[t.function_index].invoked_async)
    t.invocation = InvocationType::kAsync;
  if (auto e = f.Get("invocation"))
    if (auto x = Enum(ctx, *e, {"sync", "async"}))
      t.invocation = *x == "async" ? InvocationType::kAsync : InvocationType::kSync;
  if (topic_v) t.invocation = InvocationType::kAsync;  // SNS / EventBridge invoke asynchronously
  if (auto e = f.Get("source")) {
    ParseEventSource(ctx, *e, spec, t);
    if (topic_v) ctx.Error(e->path, e->key_mark, "'source' and 'topic' are exclusive");
    if (auto inv = f.Get("invocation"); inv && t.source.type != SourceType::kDirect)
      ctx.Error(inv->path, inv->key_mark,
                "'invocation' does not apply to an event source mapping: pollers invoke the "
                "function synchronously");
  }
  if (auto e = f.Get("via"))
    if (auto x = Enum(ctx, *e, {"direct", "api-gateway"})) t.via_api_gateway = *x == "api-gateway";
  if (t.via_api_gateway) t.api_gateway_timeout = sim::Duration::Seconds(29);
  if (auto e = f.Get("api_gateway_timeout"))
    if (auto x = Dur(ctx, *e, sim::Duration::Millis(50), sim::Duration::Seconds(300)))
      t.api_gateway_timeout = *x;
}

// A function's `duration:` is required unless traces supply every one of its requests'
// durations (azure-2019 with a durations file sets the distribution; azure-2021 and csv rows
// carry their own). An azure-2019 durations file overrides `duration:`.
void CheckFunctionDurations(Ctx& ctx, ScenarioSpec& spec, const std::vector<FunctionExtras>& fx,
                            const std::vector<TrafficExtras>& tx) {
  const size_t n = std::min(spec.functions.size(), fx.size());
  std::vector<bool> covered(n, false), demanded(n, false);
  for (size_t i = 0; i < tx.size() && i < spec.traffic.size(); ++i) {
    const TrafficSpec& t = spec.traffic[i];
    if (t.function.empty() || t.function_index >= n) continue;
    if (tx[i].duration) {
      spec.functions[t.function_index].duration = *tx[i].duration;
      covered[t.function_index] = true;
    }
    for (size_t f = 0; f < tx[i].covered.size() && f < n; ++f)
      if (tx[i].covered[f]) covered[f] = true;
    if (!tx[i].is_trace || (t.trace.format == TraceFormat::kAzure2019 && !tx[i].duration))
      demanded[t.function_index] = true;
  }
  for (size_t f = 0; f < n; ++f) {
    if (fx[f].duration || (covered[f] && !demanded[f])) continue;
    ctx.Error(
        fx[f].path, fx[f].value_mark,
        "missing required key 'duration' (invocation duration, e.g. { dist: exponential, mean: "
        "120ms }) in '" +
            spec.functions[f].name + "'" +
            (covered[f] ? " (a trace gives some of its durations, but not those of every request)"
                        : ""));
  }
}

// `expect:` — a list of "metric op number" strings, e.g. "functions.api.throttle_rate <= 0.001";
// a bare key ("cost_usd < 120") is the account's.
void ParseExpect(Ctx& ctx, const Val& v, ScenarioSpec& spec) {
  ctx.Visit();
  if (v.node.IsNull()) return;
  if (!v.node.IsSequence()) {
    ctx.Error(
        v.path, v.mark(),
        "'expect' must be a list of thresholds (e.g. - functions.api.throttle_rate <= 0.001)");
    return;
  }
  std::vector<std::string> fkeys, akeys, fnames;
  for (const auto& f : FunctionSummaryFields(FunctionSummary{})) fkeys.push_back(f.key);
  for (const auto& f : AccountSummaryFields(AccountSummary{})) akeys.push_back(f.key);
  for (const auto& f : spec.functions) fnames.push_back(f.name);
  size_t i = 0;
  for (const auto& item : v.node) {
    const size_t index = i++;
    const Val e{item, v.path + "." + std::to_string(index), "expect[" + std::to_string(index) + "]",
                v.key_mark};
    auto s = Scalar(ctx, e, "a threshold such as 'functions.api.throttle_rate <= 0.001'");
    if (!s) continue;
    auto bad = [&](const std::string& why) {
      ctx.Error(e.path, e.mark(), "expect '" + *s + "': " + why);
    };
    static const std::vector<std::pair<std::string, ExpectOp>> kOps = {
        {"<=", ExpectOp::kLessEqual},
        {">=", ExpectOp::kGreaterEqual},
        {"==", ExpectOp::kEqual},
        {"<", ExpectOp::kLess},
        {">", ExpectOp::kGreater}};
    size_t at = std::string::npos, len = 0;
    ExpectOp op = ExpectOp::kLessEqual;
    for (const auto& [text, o] : kOps) {
      const size_t p = s->find(text);
      if (p != std::string::npos &&
          (at == std::string::npos || p < at || (p == at && text.size() > len))) {
        at = p;
        len = text.size();
        op = o;
      }
    }
    if (at == std::string::npos) {
      bad("expected 'metric op number' with op one of <, <=, >, >=, ==");
      continue;
    }
    const std::string_view whole = *s;
    const std::string metric(sim::TrimBlanks(whole.substr(0, at)));
    const std::string number(sim::TrimBlanks(whole.substr(at + len)));
    std::string why;
    const std::optional<double> threshold = ParseNumber(number, &why);
    if (!threshold) {
      bad("threshold " + why);
      continue;
    }
    const std::vector<std::string> parts = SplitPath(metric);
    std::string full;
    if (parts.size() == 1) {
      if (std::find(akeys.begin(), akeys.end(), metric) != akeys.end()) {
        full = "account." + metric;
      } else if (std::find(fkeys.begin(), fkeys.end(), metric) != fkeys.end()) {
        bad("'" + metric + "' is a per-function metric; write functions.<name>." + metric +
            (fnames.empty() ? std::string()
                            : " (e.g. functions." + fnames.front() + "." + metric + ")"));
        continue;
      } else {
        bad("unknown metric '" + metric + "'" + DidYouMean(metric, akeys));
        continue;
      }
    } else if (parts.size() == 2 && parts[0] == "account") {
      if (std::find(akeys.begin(), akeys.end(), parts[1]) == akeys.end()) {
        bad("unknown account metric '" + parts[1] + "'" + DidYouMean(parts[1], akeys));
        continue;
      }
      full = metric;
    } else if (parts.size() == 3 && parts[0] == "functions") {
      if (std::find(fnames.begin(), fnames.end(), parts[1]) == fnames.end()) {
        bad("no function '" + parts[1] + "' in this scenario" + DidYouMean(parts[1], fnames));
        continue;
      }
      if (std::find(fkeys.begin(), fkeys.end(), parts[2]) == fkeys.end()) {
        bad("unknown function metric '" + parts[2] + "'" + DidYouMean(parts[2], fkeys));
        continue;
      }
      full = metric;
    } else {
      bad("metric '" + metric +
          "' must be functions.<name>.<key>, account.<key> or a bare account key");
      continue;
    }
    spec.expect.push_back(Expectation{full, op, *threshold, *s, Loc(ctx, e.mark())});
  }
}

void ParseScenario(Ctx& ctx, const YAML::Node& root, ScenarioSpec& spec, const std::string& label) {
  static const std::vector<std::string> kTop = {"name",      "duration", "seed",    "bucket",
                                                "platform",  "region",   "scaling", "account",
                                                "functions", "traffic",  "expect",  "fanout"};
  const Val top{root, "", "scenario", root.Mark()};
  Fields f(ctx, top, kTop);

  // name
  spec.name = StemOf(label);
  if (auto e = f.Get("name")) {
    if (auto s = Scalar(ctx, *e, "a name")) {
      if (!ValidName(*s, true) || *s == "." || *s == "..")
        ctx.Error(e->path, e->mark(),
                  "'name' = '" + *s + "' may contain only letters, digits, '_', '-' and '.'");
      else
        spec.name = *s;
    }
  }
  // duration, bucket
  if (auto e = f.Get("duration"))
    if (auto x = Dur(ctx, *e, sim::Duration::Seconds(1), kMaxHorizon)) spec.duration = *x;
  if (auto e = f.Get("bucket")) {
    if (auto x = Dur(ctx, *e, sim::Duration::Seconds(1), kMaxHorizon)) {
      if (*x > spec.duration)
        ctx.Error(e->path, e->mark(),
                  "'bucket' " + sim::FormatDuration(*x) + " is longer than 'duration' " +
                      sim::FormatDuration(spec.duration));
      else
        spec.bucket = *x;
    }
  }
  if (spec.bucket > spec.duration) spec.bucket = spec.duration;  // default 1m with a short horizon
  if (spec.duration.ns() / spec.bucket.ns() > kMaxBuckets) {
    const Val where =
        f.Get("bucket") ? *f.Get("bucket") : (f.Get("duration") ? *f.Get("duration") : top);
    ctx.Error(where.path, where.mark(),
              "duration / bucket = " + std::to_string(spec.duration.ns() / spec.bucket.ns()) +
                  " time-series buckets; at most " + std::to_string(kMaxBuckets) +
                  " (use a larger bucket)");
  }
  if (auto e = f.Get("seed"))
    if (auto x = UInt64(ctx, *e)) spec.seed = *x;

  // platform + region
  if (auto e = f.Get("region")) {
    if (auto s = Scalar(ctx, *e, "a region name such as us-east-1")) {
      bool ok = !s->empty();
      for (char c : *s) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
      if (!ok)
        ctx.Error(e->path, e->mark(),
                  "'region' = '" + *s + "' is not a region name (e.g. us-east-1)");
      else
        spec.region = *s;
    }
  }
  std::string platform_name = "aws-2023";
  std::optional<Val> platform_v = f.Get("platform");
  if (platform_v) {
    if (auto s = Scalar(ctx, *platform_v, "a platform name")) platform_name = *s;
  }
  if (auto p = LookupPlatform(platform_name, spec.region)) {
    spec.platform = *p;
  } else {
    const std::vector<std::string> names = PlatformNames();
    ctx.Error(platform_v->path, platform_v->mark(),
              "unknown platform '" + platform_name + "'" + DidYouMean(platform_name, names) +
                  " (valid: " + JoinNames(names) + ")");
    spec.platform = *LookupPlatform("aws-2023", spec.region);
  }
  spec.scaling.burst = spec.platform.scaling_burst;
  spec.scaling.refill_count = spec.platform.scaling_refill_count;
  spec.scaling.refill_period = spec.platform.scaling_refill_period;
  spec.account.concurrency_limit = spec.platform.concurrency_limit;
  spec.account.unreserved_minimum = spec.platform.unreserved_minimum;

  if (auto e = f.Get("scaling")) {
    Fields sf(ctx, *e, {"burst", "refill"});
    if (sf.ok()) {
      if (auto b = sf.Get("burst"))
        if (auto x = Int(ctx, *b, 1, kMaxConcurrencyLimit)) spec.scaling.burst = *x;
      if (auto r = sf.Get("refill")) {
        if (auto x = ParseRefill(ctx, *r)) {
          spec.scaling.refill_count = x->first;
          spec.scaling.refill_period = x->second;
        }
      }
    }
    spec.platform.scaling_burst = spec.scaling.burst;
    spec.platform.scaling_refill_count = spec.scaling.refill_count;
    spec.platform.scaling_refill_period = spec.scaling.refill_period;
  }

  std::optional<Val> account_v = f.Get("account");
  if (account_v) {
    Fields af(ctx, *account_v, {"concurrency_limit", "unreserved_minimum"});
    if (af.ok()) {
      if (auto e = af.Get("concurrency_limit"))
        if (auto x = Int(ctx, *e, 1, kMaxConcurrencyLimit)) spec.account.concurrency_limit = *x;
      if (auto e = af.Get("unreserved_minimum")) {
        if (auto x = Int(ctx, *e, 0, kMaxConcurrencyLimit)) {
          if (*x > spec.account.concurrency_limit)
            ctx.Error(e->path, e->mark(),
                      "'unreserved_minimum' " + std::to_string(*x) + " exceeds concurrency_limit " +
                          std::to_string(spec.account.concurrency_limit));
          else
            spec.account.unreserved_minimum = *x;
        }
      }
    }
    spec.platform.concurrency_limit = spec.account.concurrency_limit;
    spec.platform.unreserved_minimum = spec.account.unreserved_minimum;
  }

  // functions
  std::optional<Val> functions_v = f.Require("functions", "a mapping of function name to settings");
  std::vector<FunctionExtras> extras;
  if (functions_v) {
    Fields ff(ctx, *functions_v, {}, /*any_key=*/true);
    if (ff.ok() && ff.entries().empty())
      ctx.Error(functions_v->path, functions_v->mark(),
                "'functions' must define at least one function");
    for (const Val& fv : ff.entries()) {
      FunctionSpec fn;
      fn.name = fv.name;
      fn.location = Loc(ctx, fv.key_mark);
      if (!ValidName(fv.name, false))
        ctx.Error(fv.path, fv.key_mark,
                  "function name '" + fv.name + "' may contain only letters, digits, '_' and '-'");
      FunctionExtras extra{fv.key_mark, fv.path, 0, std::nullopt, fv.mark()};
      ParseFunction(ctx, fv, spec, fn, extra);
      spec.functions.push_back(std::move(fn));
      extras.push_back(extra);
    }
  }

  // fan-out topics (before traffic, which may publish to them)
  if (auto e = f.Get("fanout")) ParseFanout(ctx, *e, spec);

  // traffic
  if (auto tv = f.Require("traffic", "a list of traffic sources")) {
    ctx.Visit();
    if (!tv->node.IsSequence()) {
      ctx.Error(tv->path, tv->mark(),
                "'traffic' must be a list (entries start with '- function: ...'), got " +
                    TypeName(tv->node));
    } else if (tv->node.size() == 0) {
      ctx.Error(tv->path, tv->mark(), "'traffic' must have at least one entry");
    } else {
      size_t i = 0;
      std::vector<bool> has_duration;
      has_duration.reserve(extras.size());
      for (const auto& x : extras) has_duration.push_back(x.duration.has_value());
      std::vector<TrafficExtras> traffic_extras;
      for (const auto& item : tv->node) {
        const size_t index = i++;
        Val entry{item, tv->path + "." + std::to_string(index),
                  "traffic[" + std::to_string(index) + "]", tv->key_mark};
        TrafficSpec t;
        t.location = Loc(ctx, entry.mark());
        TrafficExtras te;
        ParseTraffic(ctx, entry, spec, has_duration, t, te);
        spec.traffic.push_back(std::move(t));
        traffic_extras.push_back(std::move(te));
      }
      CheckFunctionDurations(ctx, spec, extras, traffic_extras);
    }
  }

  if (auto e = f.Get("expect")) ParseExpect(ctx, *e, spec);

  // Account-level reservation rule (§1.4, §3).
  if (functions_v && !spec.functions.empty()) {
    int64_t total = 0;
    std::string reserved_terms, provisioned_terms;
    for (size_t i = 0; i < spec.functions.size(); ++i) {
      const FunctionSpec& fn = spec.functions[i];
      if (fn.reserved_concurrency) {
        total += *fn.reserved_concurrency;
        reserved_terms += (reserved_terms.empty() ? "" : " + ") +
                          std::to_string(*fn.reserved_concurrency) + " (" + fn.name + ")";
      } else if (extras[i].max_provisioned > 0) {
        total += extras[i].max_provisioned;
        provisioned_terms += (provisioned_terms.empty() ? "" : " + ") +
                             std::to_string(extras[i].max_provisioned) + " (" + fn.name + ")";
      }
    }
    const int64_t available = spec.account.concurrency_limit - spec.account.unreserved_minimum;
    if (total > available) {
      ctx.Error(
          functions_v->path, functions_v->key_mark,
          "reserved concurrency " + (reserved_terms.empty() ? std::string("0") : reserved_terms) +
              " + provisioned " +
              (provisioned_terms.empty() ? std::string("0") : provisioned_terms) + " = " +
              std::to_string(total) + " exceeds concurrency_limit " +
              std::to_string(spec.account.concurrency_limit) + " - unreserved_minimum " +
              std::to_string(spec.account.unreserved_minimum) + " = " + std::to_string(available));
    }
  }
}

ScenarioSpec LoadImpl(std::string_view text, const std::string& label,
                      const std::string& source_file, const std::vector<Override>& overrides) {
  Ctx ctx(label);
  auto fail = [&]() { throw ScenarioError(std::move(ctx.diagnostics())); };
  if (text.size() > kMaxFileBytes) {
    ctx.FileError("scenario is " + std::to_string(text.size()) + " bytes; the limit is 16 MiB");
    fail();
  }
  if (text.find('\0') != std::string_view::npos) {
    ctx.FileError("this is a binary file (it contains NUL bytes), not a YAML scenario");
    fail();
  }
  ScenarioSpec spec;
  spec.source_file = source_file;
  spec.source_text = std::string(text);
  for (const auto& o : overrides) spec.source_text += "\n#--set " + o.path + "=" + o.value;

  YAML::Node root;
  try {
    // yaml-cpp 0.7 never consumes a ',' outside a flow collection at the start of a document
    // (",\n", "- a\n, b\n"): LoadAll then builds empty documents forever, eating memory
    // (found by tests/fuzz/scenario_loader_fuzz). A bounded event-only pass counts documents
    // first; more than the '---'/'...' markers allow means the parser is not progressing.
    {
      struct DocumentCounter : YAML::EventHandler {
        struct Stop {};
        size_t limit = 1, documents = 0;
        YAML::Mark mark;
        void OnDocumentStart(const YAML::Mark& m) override {
          mark = m;
          if (++documents > limit) throw Stop{};
        }
        void OnDocumentEnd() override {}
        void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
        void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
        void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                      const std::string&) override {}
        void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                             YAML::EmitterStyle::value) override {}
        void OnSequenceEnd() override {}
        void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                        YAML::EmitterStyle::value) override {}
        void OnMapEnd() override {}
      } counter;
      for (size_t at = text.find("---"); at != std::string_view::npos;
           at = text.find("---", at + 3))
        ++counter.limit;
      for (size_t at = text.find("..."); at != std::string_view::npos;
           at = text.find("...", at + 3))
        ++counter.limit;
      std::istringstream in{std::string(text)};
      YAML::Parser parser(in);
      try {
        while (parser.HandleNextDocument(counter)) {
        }
      } catch (const DocumentCounter::Stop&) {
        Diagnostic d{label, counter.mark.line + 1, counter.mark.column + 1,
                     "YAML syntax error: unexpected ',' outside a [...] or {...} flow collection"};
        ctx.diagnostics().push_back(d);
        fail();
      }
    }
    std::vector<YAML::Node> docs = YAML::LoadAll(std::string(text));
    if (docs.size() > 1) {
      ctx.FileError("scenario has " + std::to_string(docs.size()) +
                    " YAML documents ('---' separators); a scenario file holds exactly one");
      fail();
    }
    if (!docs.empty()) root = docs[0];
  } catch (const YAML::DeepRecursion& e) {
    Diagnostic d{label, 0, 0, "nesting deeper than 500 levels"};
    if (!e.mark.is_null()) {
      d.line = e.mark.line + 1;
      d.column = e.mark.column + 1;
    }
    ctx.diagnostics().push_back(d);
    fail();
  } catch (const YAML::ParserException& e) {
    Diagnostic d{label, 0, 0, "YAML syntax error: " + e.msg};
    if (!e.mark.is_null()) {
      d.line = e.mark.line + 1;
      d.column = e.mark.column + 1;
    }
    ctx.diagnostics().push_back(d);
    fail();
  } catch (const YAML::Exception& e) {
    ctx.FileError("cannot parse YAML: " + e.msg);
    fail();
  }
  if (!root.IsDefined() || root.IsNull()) {
    if (overrides.empty()) {
      ctx.FileError("scenario is empty (expected a mapping with at least functions: and traffic:)");
      fail();
    }
    root = YAML::Node(YAML::NodeType::Map);
  }
  if (!root.IsMap()) {
    Diagnostic d{label, 0, 0,
                 std::string("the top level of a scenario must be a mapping (name:, functions:, "
                             "traffic:, ...), got ") +
                     TypeName(root)};
    if (!root.Mark().is_null()) {
      d.line = root.Mark().line + 1;
      d.column = root.Mark().column + 1;
    }
    ctx.diagnostics().push_back(d);
    fail();
  }

  try {
    for (const auto& o : overrides) ApplyOverride(ctx, root, o);
    ParseScenario(ctx, root, spec, label);
  } catch (const BudgetExceeded&) {
    fail();
  } catch (const YAML::Exception& e) {
    ctx.FileError(std::string("internal YAML error: ") + e.what());
    fail();
  }
  if (ctx.failed()) fail();
  return spec;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

Override ParseOverride(std::string_view text) {
  const size_t eq = text.find('=');
  if (eq == std::string_view::npos) {
    throw ScenarioError({Diagnostic{
        "--set", 0, 0,
        "'" + std::string(text) + "': expected path=value (e.g. functions.api.memory_mb=1024)"}});
  }
  Override o{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
  o.path = std::string(sim::TrimBlanks(o.path));
  if (o.path.empty()) {
    throw ScenarioError(
        {Diagnostic{"--set", 0, 0, "'" + std::string(text) + "': empty path before '='"}});
  }
  for (const auto& part : SplitPath(o.path)) {
    if (part.empty())
      throw ScenarioError({Diagnostic{
          "--set", 0, 0,
          "'" + std::string(text) + "': path '" + o.path + "' has an empty component"}});
  }
  return o;
}

ScenarioSpec LoadScenarioString(std::string_view text, const std::string& file_label,
                                const std::vector<Override>& overrides) {
  return LoadImpl(text, file_label, "", overrides);
}

ScenarioSpec LoadScenarioFile(const std::string& path, const std::vector<Override>& overrides) {
  namespace fs = std::filesystem;
  auto fail = [&](const std::string& message) -> ScenarioSpec {
    throw ScenarioError({Diagnostic{path, 0, 0, message}});
  };
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return fail("no such file");
  if (fs::is_directory(st)) return fail("is a directory, not a scenario file");
  if (!fs::is_regular_file(st)) return fail("is not a regular file");
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) return fail("cannot read file: " + ec.message());
  if (size > kMaxFileBytes)
    return fail("file is " + std::to_string(size) + " bytes; scenario files are limited to 16 MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open file for reading");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return fail("error while reading file");
  const std::string text = buf.str();
  return LoadImpl(text, path, path, overrides);
}

}  // namespace lambdasim
