// models/load/yaml_walk.cc — the YAML walk shared by the loaders: string helpers, scalar
// readers, lists. See yaml_walk.h.
#include "models/load/yaml_walk.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "models/spec/did_you_mean.h"

namespace lambdasim::load {

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

std::string WhyNotRunName(const std::string& s) {
  if (!ValidName(s, true) || s == "." || s == "..")
    return "may contain only letters, digits, '_', '-' and '.' (and is not '.' or '..')";
  if (s.size() > kMaxRunNameChars) {
    return "is " + std::to_string(s.size()) + " characters long; at most " +
           std::to_string(kMaxRunNameChars) + " (it names the output directory)";
  }
  return "";
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

// Quoted, or tagged !!str (the one tag PreScanYaml lets through): a string either way.
bool IsQuoted(const YAML::Node& n) {
  return n.IsScalar() && (n.Tag() == "!" || n.Tag() == kYamlStrTag);
}

SourceLocation Loc(const Ctx& ctx, const YAML::Mark& m) {
  if (m.is_null() || m.line < 0 || m.column < 0) return SourceLocation{ctx.file(), 0, 0};
  return SourceLocation{ctx.file(), m.line + 1, m.column + 1};
}

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

bool AllDigits(const std::string& s, size_t from) {
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
std::optional<double> ParseRate(Ctx& ctx, const Val& v, bool allow_zero) {
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

}  // namespace lambdasim::load
