// models/output/json_writer.cc — see json_writer.h.
#include "models/output/json_writer.h"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace lambdasim {

size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;  // no overlong forms
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return len;
}

std::string JsonQuote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else if (static_cast<unsigned char>(c) >= 0x80) {
          // Bytes that are not UTF-8 (e.g. a Latin-1 file name) become U+FFFD.
          const size_t len = Utf8SequenceLength(s, i);
          if (len == 0) {
            out += "\\ufffd";
            ++i;
          } else {
            out.append(s.substr(i, len));
            i += len;
          }
          continue;
        } else {
          out.push_back(c);
        }
    }
    ++i;
  }
  out.push_back('"');
  return out;
}

std::string FormatNumber(double v, int significant, std::string_view non_finite) {
  if (!std::isfinite(v)) return std::string(non_finite);
  constexpr double kExactIntegerLimit = 9007199254740992.0;  // 2^53
  if (v == std::floor(v) && std::fabs(v) < kExactIntegerLimit) {
    if (v == 0) return "0";  // also -0
    return fmt::format("{}", static_cast<int64_t>(v));
  }
  std::string s = fmt::format("{:.{}g}", v, significant);
  if (s == "-0") s = "0";  // a tiny negative rounded away
  return s;
}

void JsonWriter::Raw(std::string_view text) { out_.append(text); }

void JsonWriter::Newline() {
  out_.push_back('\n');
  out_.append(stack_.size() * 2, ' ');
}

void JsonWriter::BeforeValue() {
  if (done_) throw std::logic_error("JsonWriter: value after the document was finished");
  if (stack_.empty()) {
    if (!out_.empty()) throw std::logic_error("JsonWriter: more than one top-level value");
    return;
  }
  Frame& f = stack_.back();
  if (f.is_object) {
    if (!f.has_key) throw std::logic_error("JsonWriter: object value without a key");
    f.has_key = false;  // Key() already wrote the separator and indentation
    return;
  }
  if (f.count++ > 0) out_.push_back(',');
  Newline();
}

void JsonWriter::Key(std::string_view key) {
  if (stack_.empty() || !stack_.back().is_object || stack_.back().has_key) {
    throw std::logic_error("JsonWriter: Key() outside an object or twice in a row");
  }
  Frame& f = stack_.back();
  if (f.count++ > 0) out_.push_back(',');
  Newline();
  Raw(JsonQuote(key));
  Raw(": ");
  f.has_key = true;
}

void JsonWriter::BeginObject() {
  BeforeValue();
  Raw("{");
  stack_.push_back(Frame{true, 0, false});
}

void JsonWriter::BeginArray() {
  BeforeValue();
  Raw("[");
  stack_.push_back(Frame{false, 0, false});
}

void JsonWriter::EndObject() {
  if (stack_.empty() || !stack_.back().is_object || stack_.back().has_key) {
    throw std::logic_error("JsonWriter: unbalanced EndObject()");
  }
  const bool empty = stack_.back().count == 0;
  stack_.pop_back();
  if (!empty) Newline();
  Raw("}");
}

void JsonWriter::EndArray() {
  if (stack_.empty() || stack_.back().is_object) {
    throw std::logic_error("JsonWriter: unbalanced EndArray()");
  }
  const bool empty = stack_.back().count == 0;
  stack_.pop_back();
  if (!empty) Newline();
  Raw("]");
}

void JsonWriter::String(std::string_view v) {
  BeforeValue();
  Raw(JsonQuote(v));
}
void JsonWriter::Double(double v) {
  BeforeValue();
  Raw(FormatJsonNumber(v));
}
void JsonWriter::Int(int64_t v) {
  BeforeValue();
  Raw(fmt::format("{}", v));
}
void JsonWriter::Uint(uint64_t v) {
  BeforeValue();
  Raw(fmt::format("{}", v));
}
void JsonWriter::Bool(bool v) {
  BeforeValue();
  Raw(v ? "true" : "false");
}
void JsonWriter::Null() {
  BeforeValue();
  Raw("null");
}

std::string JsonWriter::Finish() {
  if (!stack_.empty()) throw std::logic_error("JsonWriter: Finish() with open containers");
  if (out_.empty()) throw std::logic_error("JsonWriter: empty document");
  if (!done_) {
    out_.push_back('\n');
    done_ = true;
  }
  return out_;
}

}  // namespace lambdasim
