// models/output/json_writer.h — a tiny deterministic JSON emitter (and the number formatting
// every output file shares).
//
// Invariants:
//  * Output depends only on the calls made: objects keep insertion order (no map is
//    involved), indentation is fixed (2 spaces, "key": value), the text ends with "\n".
//  * Numbers: an integral double with |x| < 2^53 prints as an integer ("12", never
//    "12.0"); -0 prints "0"; other finite doubles use fmt's "{:.10g}" (fmt's own float
//    formatting, not the C library's, so identical on every machine); NaN/±inf → null.
//  * Strings are escaped per RFC 8259: ", \, control characters (\n \t \r \b \f or
//    \u00XX); well-formed UTF-8 is passed through unchanged, and every byte that does not
//    belong to a well-formed UTF-8 sequence is written as \ufffd, so the output is always
//    valid UTF-8 JSON whatever bytes a path or name holds.
//  * Misuse (a value without a key inside an object, unbalanced End*) throws
//    std::logic_error — it is a programming error, not an I/O condition.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lambdasim {

// "\"...\"" with JSON escaping.
std::string JsonQuote(std::string_view s);
// Length (1-4) of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF); 0 when the byte at i does not start one.
size_t Utf8SequenceLength(std::string_view s, size_t i);

// Deterministic number text with `significant` digits (see invariants above). For a
// non-finite value returns `non_finite` ("null" for JSON, "" for CSV).
std::string FormatNumber(double v, int significant, std::string_view non_finite);
inline std::string FormatJsonNumber(double v) { return FormatNumber(v, 10, "null"); }

class JsonWriter {
 public:
  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);

  void String(std::string_view v);
  void Double(double v);
  void Int(int64_t v);
  void Uint(uint64_t v);
  void Bool(bool v);
  void Null();

  // Key + value shorthands.
  void Field(std::string_view key, std::string_view v) {
    Key(key);
    String(v);
  }
  void Field(std::string_view key, const char* v) {
    Key(key);
    String(v);
  }
  void Field(std::string_view key, double v) {
    Key(key);
    Double(v);
  }
  void Field(std::string_view key, int64_t v) {
    Key(key);
    Int(v);
  }
  void Field(std::string_view key, uint64_t v) {
    Key(key);
    Uint(v);
  }
  void Field(std::string_view key, bool v) {
    Key(key);
    Bool(v);
  }

  // The document; throws std::logic_error if containers are still open.
  std::string Finish();

 private:
  struct Frame {
    bool is_object = false;
    int count = 0;
    bool has_key = false;
  };
  void BeforeValue();
  void Raw(std::string_view text);
  void Newline();

  std::string out_;
  std::vector<Frame> stack_;
  bool done_ = false;
};

}  // namespace lambdasim
