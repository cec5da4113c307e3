// models/spec/diagnostics.cc — see diagnostics.h.
#include "models/spec/diagnostics.h"

#include <string>
#include <utility>
#include <vector>

namespace lambdasim {

std::string Diagnostic::Format() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  out += ": ";
  out += message;
  return out;
}

namespace {
std::string JoinDiagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (size_t i = 0; i < diagnostics.size(); ++i) {
    if (i > 0) out += '\n';
    out += diagnostics[i].Format();
  }
  return out;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(JoinDiagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace lambdasim
