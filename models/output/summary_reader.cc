// models/output/summary_reader.cc — see summary_reader.h.
#include "models/output/summary_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>

#include "models/spec/diagnostics.h"
#include "models/spec/input_file.h"

namespace lambdasim {

JsonValue::JsonValue() = default;
JsonValue::JsonValue(const JsonValue&) = default;
JsonValue::JsonValue(JsonValue&&) noexcept = default;
JsonValue& JsonValue::operator=(const JsonValue&) = default;
JsonValue& JsonValue::operator=(JsonValue&&) noexcept = default;
JsonValue::~JsonValue() = default;

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const auto& [k, v] : members)
    if (k == key) return &v;
  return nullptr;
}

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  JsonValue Document() {
    JsonValue v = Value(0);
    Ws();
    if (i_ != s_.size()) Fail("unexpected text after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void Fail(const std::string& message) const {
    size_t line = 1, col = 1;
    for (size_t k = 0; k < i_ && k < s_.size(); ++k) {
      if (s_[k] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    throw JsonParseError("line " + std::to_string(line) + " col " + std::to_string(col) + ": " +
                         message);
  }

  void Ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }

  bool Literal(std::string_view word) {
    if (s_.substr(i_, word.size()) == word) {
      i_ += word.size();
      return true;
    }
    return false;
  }

  JsonValue Value(int depth) {
    if (depth > 200) Fail("nesting too deep");
    Ws();
    if (i_ >= s_.size()) Fail("unexpected end of input");
    JsonValue v;
    const char c = s_[i_];
    if (c == '{') {
      v.type = JsonValue::Type::kObject;
      ++i_;
      Ws();
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        return v;
      }
      while (true) {
        Ws();
        if (i_ >= s_.size() || s_[i_] != '"') Fail("expected a string key");
        std::string key = String();
        Ws();
        if (i_ >= s_.size() || s_[i_] != ':') Fail("expected ':'");
        ++i_;
        v.members.emplace_back(std::move(key), Value(depth + 1));
        Ws();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (i_ < s_.size() && s_[i_] == '}') {
          ++i_;
          return v;
        }
        Fail("expected ',' or '}'");
      }
    }
    if (c == '[') {
      v.type = JsonValue::Type::kArray;
      ++i_;
      Ws();
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        return v;
      }
      while (true) {
        v.items.push_back(Value(depth + 1));
        Ws();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (i_ < s_.size() && s_[i_] == ']') {
          ++i_;
          return v;
        }
        Fail("expected ',' or ']'");
      }
    }
    if (c == '"') {
      v.type = JsonValue::Type::kString;
      v.text = String();
      return v;
    }
    if (Literal("true")) {
      v.type = JsonValue::Type::kBool;
      v.b = true;
      return v;
    }
    if (Literal("false")) {
      v.type = JsonValue::Type::kBool;
      return v;
    }
    if (Literal("null")) return v;
    return Number();
  }

  JsonValue Number() {
    const size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    auto digits = [&] {
      const size_t from = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      return i_ - from;
    };
    if (digits() == 0) Fail("expected a value");
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (digits() == 0) Fail("expected digits after '.'");
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (digits() == 0) Fail("expected exponent digits");
    }
    JsonValue v;
    v.type = JsonValue::Type::kNumber;
    v.text = std::string(s_.substr(start, i_ - start));
    const auto r = std::from_chars(v.text.data(), v.text.data() + v.text.size(), v.number);
    if (r.ec != std::errc()) v.number = v.text[0] == '-' ? -HUGE_VAL : HUGE_VAL;
    return v;
  }

  static void PutUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  uint32_t Hex4() {
    if (i_ + 4 > s_.size()) Fail("truncated \\u escape");
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const char h = s_[i_++];
      v <<= 4;
      if (h >= '0' && h <= '9')
        v |= static_cast<uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f')
        v |= static_cast<uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        v |= static_cast<uint32_t>(h - 'A' + 10);
      else
        Fail("bad \\u escape");
    }
    return v;
  }

  std::string String() {
    ++i_;  // opening quote
    std::string out;
    while (true) {
      if (i_ >= s_.size()) Fail("unterminated string");
      const char c = s_[i_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) Fail("control character in string");
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (i_ >= s_.size()) Fail("unterminated escape");
      const char e = s_[i_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          uint32_t cp = Hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && i_ + 1 < s_.size() && s_[i_] == '\\' &&
              s_[i_ + 1] == 'u') {
            i_ += 2;
            const uint32_t lo = Hex4();
            if (lo >= 0xDC00 && lo < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          PutUtf8(out, cp);
          break;
        }
        default: Fail(std::string("bad escape '\\") + e + "'");
      }
    }
  }

  std::string_view s_;
  size_t i_ = 0;
};

const char* TypeText(JsonValue::Type t) {
  switch (t) {
    case JsonValue::Type::kNull: return "null";
    case JsonValue::Type::kBool: return "a boolean";
    case JsonValue::Type::kNumber: return "a number";
    case JsonValue::Type::kString: return "a string";
    case JsonValue::Type::kArray: return "an array";
    case JsonValue::Type::kObject: return "an object";
  }
  return "?";
}

void AddFlat(std::vector<std::pair<std::string, double>>& out, const std::string& prefix,
             const JsonValue& obj) {
  if (obj.type != JsonValue::Type::kObject)
    throw JsonParseError(prefix + " is " + TypeText(obj.type) + ", not an object of metrics");
  for (const auto& [k, v] : obj.members) {
    if (v.type == JsonValue::Type::kNumber)
      out.emplace_back(prefix + "." + k, v.number);
    else if (v.type == JsonValue::Type::kNull)
      out.emplace_back(prefix + "." + k, std::numeric_limits<double>::quiet_NaN());
    else
      throw JsonParseError(prefix + "." + k + " is " + TypeText(v.type) +
                           ", not a number (or null)");
  }
}

}  // namespace

JsonValue ParseJson(std::string_view text) { return Parser(text).Document(); }

FlatSummary FlattenSummary(const JsonValue& summary) {
  if (summary.type != JsonValue::Type::kObject)
    throw JsonParseError(std::string("the summary is ") + TypeText(summary.type) +
                         ", not a JSON object");
  FlatSummary out;
  if (const JsonValue* s = summary.Find("scenario"); s && s->type == JsonValue::Type::kString)
    out.scenario = s->text;
  const JsonValue* functions = summary.Find("functions");
  const JsonValue* account = summary.Find("account");
  if (!functions || functions->type != JsonValue::Type::kObject || !account)
    throw JsonParseError("not a lambdasim summary.json (needs \"functions\" and \"account\")");
  for (const auto& [name, f] : functions->members) AddFlat(out.metrics, "functions." + name, f);
  const size_t function_metrics = out.metrics.size();
  AddFlat(out.metrics, "account", *account);
  if (functions->members.empty() || function_metrics == 0)
    throw JsonParseError("functions has no metrics (an empty summary)");
  if (out.metrics.size() == function_metrics)
    throw JsonParseError("account has no metrics (an empty summary)");
  // Step Functions Map entries (absent without `map:`): numbers only; "function" and "kind"
  // name the entry and are not metrics.
  if (const JsonValue* maps = summary.Find("maps")) {
    if (maps->type != JsonValue::Type::kObject)
      throw JsonParseError(std::string("maps is ") + TypeText(maps->type) + ", not an object");
    for (const auto& [label, m] : maps->members) {
      JsonValue numbers = m;
      if (numbers.type == JsonValue::Type::kObject)
        std::erase_if(numbers.members, [](const auto& kv) {
          return (kv.first == "function" || kv.first == "kind") &&
                 kv.second.type == JsonValue::Type::kString;
        });
      AddFlat(out.metrics, "maps." + label, numbers);
    }
  }
  return out;
}

std::string ReadRegularFile(const std::string& path, unsigned long long max_bytes) {
  // The one input-file mechanism (models/spec/input_file.h): regular files only, checked on
  // the opened descriptor, a FIFO never waited on, never more than max_bytes + 1 read.
  try {
    return ReadInputFile(path, "results file", max_bytes);
  } catch (const ScenarioError& e) {
    throw std::runtime_error(e.what());
  }
}

FlatSummary ReadSummaryFile(const std::string& path) {
  const std::string text = ReadRegularFile(path);
  try {
    return FlattenSummary(ParseJson(text));
  } catch (const JsonParseError& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

RunCompleteness ReadRunCompleteness(const std::string& dir) {
  RunCompleteness r;
  const std::string path = (std::filesystem::path(dir) / "manifest.json").string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    r.reason = "no manifest.json (the run never finished writing its results)";
    return r;
  }
  const std::string text = ReadRegularFile(path);
  JsonValue m;
  try {
    m = ParseJson(text);
  } catch (const JsonParseError& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
  const JsonValue* complete = m.type == JsonValue::Type::kObject ? m.Find("complete") : nullptr;
  if (!complete || complete->type != JsonValue::Type::kBool)
    throw std::runtime_error(path + ": complete is " +
                             (complete ? TypeText(complete->type) : "missing") +
                             ", not true or false (not a lambdasim run manifest)");
  r.manifest_found = true;
  r.complete = complete->b;
  if (!r.complete) {
    const JsonValue* error = m.Find("error");
    r.reason = error && error->type == JsonValue::Type::kString && !error->text.empty()
                   ? error->text
                   : std::string("the manifest says \"complete\": false");
  }
  return r;
}

}  // namespace lambdasim
