// models/output/summary_reader.h — reads back the JSON lambdasim writes (summary.json, sweep
// manifests), for `diff`, `merge` and tests. A small strict RFC 8259 parser: objects keep
// their key order, numbers keep their text, no third-party library.
//
// Invariants: files are read only when they are regular files (checked with stat before
// opening and fstat after a non-blocking open, so a FIFO or device never blocks or streams
// forever) of at most kMaxInputBytes; a summary's metrics are numbers or null (NaN) — any
// other JSON type, or a summary without a single metric, is an error naming the JSON path.
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

// Largest JSON/CSV file the readers accept (a summary of 2 000 functions is ~3 MiB).
inline constexpr unsigned long long kMaxInputBytes = 256ull << 20;

// The whole of `path`, which must be a regular file of at most max_bytes; throws
// std::runtime_error "<path>: <why>" (not found, a FIFO, a directory, too large, ...).
std::string ReadRegularFile(const std::string& path, unsigned long long max_bytes = kMaxInputBytes);

// Throws JsonParseError with "line L col C: message".
JsonValue ParseJson(std::string_view text);

// A summary.json flattened to (functions.<f>.<key> | account.<key>, value) in file order.
// null values (non-finite) are NaN. Throws JsonParseError naming the JSON path of a metric
// that is not a number or null ("functions.api.throttle_rate is a string, not a number"),
// and for a summary with no metric at all.
struct FlatSummary {
  std::string scenario;
  std::vector<std::pair<std::string, double>> metrics;
};
FlatSummary FlattenSummary(const JsonValue& summary);
// Reads and flattens `path`; throws std::runtime_error naming the file.
FlatSummary ReadSummaryFile(const std::string& path);

// What a run directory's manifest.json says about completeness.
struct RunCompleteness {
  bool manifest_found = false;
  bool complete = false;
  std::string reason;  // why not complete: the manifest's "error", or what is missing
};
// Reads <dir>/manifest.json (regular file, JSON object with a boolean "complete"); a missing
// manifest is manifest_found = false, complete = false. Throws std::runtime_error naming
// the file and JSON path for a manifest that is not ours.
RunCompleteness ReadRunCompleteness(const std::string& dir);

}  // namespace lambdasim
