// models/workload/trace_common.cc — helpers shared by the per-format trace readers.
#include "models/workload/trace_common.h"

namespace lambdasim::trace_detail {

std::string Quote(std::string_view s) {
  std::string out = "'";
  out.append(s.substr(0, 80));
  if (s.size() > 80) out += "...";
  out += "'";
  return out;
}

// Reads the next non-empty row of a file with a header into *f (fields view *line). Rows
// whose field count differs from the header's are reported and skipped. False at the end.
bool NextRow(LineReader& reader, Collector& errors, size_t columns, std::string_view* line,
             std::vector<std::string_view>* f) {
  while (reader.Next(line)) {
    if (line->empty()) continue;
    SplitCsv(*line, f);
    if (f->size() == columns) return true;
    // The column of the first extra field, or the end of a row that lacks some.
    const int column =
        f->size() > columns ? Column(*line, (*f)[columns]) : static_cast<int>(line->size()) + 1;
    errors.Add(reader.line_number(), column,
               "row has " + std::to_string(f->size()) + " fields; the header has " +
                   std::to_string(columns));
  }
  return false;
}

// Finds `name` in a header; npos when absent.
size_t FindColumn(const std::vector<std::string_view>& header, std::string_view name) {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::string::npos;
}

// Reads the header line; false (with a diagnostic) when the file cannot be read or is empty.
bool ReadHeader(LineReader& reader, Collector& errors, std::vector<std::string_view>* header,
                std::string_view* line) {
  std::string_view text;
  if (!reader.Next(&text)) {
    errors.Add(0, 0, reader.ok() ? "trace file is empty (expected a header row)" : reader.error());
    return false;
  }
  SplitCsv(text, header);
  if (line) *line = text;
  return true;
}

}  // namespace lambdasim::trace_detail
