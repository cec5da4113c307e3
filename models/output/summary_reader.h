// models/output/summary_reader.h — reads back the JSON lambdasim writes (summary.json, sweep
// manifests), for `diff`, `merge` and tests. A small strict RFC 8259 parser: objects keep
// their key order, numbers keep their text, no third-party library.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lambdasim {

class JsonParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct JsonValue {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  bool b = false;
  double number = 0;
  std::string text;  // string value, or the number's text
  std::vector<JsonValue> items;
  std::vector<std::pair<std::string, JsonValue>> members;  // file order

  // Declared here, defined in the .cc where JsonValue is complete: clang (with libstdc++)
  // rejects implicit members that instantiate pair<string, JsonValue> inside the class.
  JsonValue();
  JsonValue(const JsonValue&);
  JsonValue(JsonValue&&) noexcept;
  JsonValue& operator=(const JsonValue&);
  JsonValue& operator=(JsonValue&&) noexcept;
  ~JsonValue();

  const JsonValue* Find(std::string_view key) const;
};

// Throws JsonParseError with "line L col C: message".
JsonValue ParseJson(std::string_view text);

// A summary.json flattened to (functions.<f>.<key> | account.<key>, value) in file order.
// null values (non-finite) are NaN.
struct FlatSummary {
  std::string scenario;
  std::vector<std::pair<std::string, double>> metrics;
};
FlatSummary FlattenSummary(const JsonValue& summary);
// Reads and flattens `path`; throws std::runtime_error naming the file.
FlatSummary ReadSummaryFile(const std::string& path);

}  // namespace lambdasim
