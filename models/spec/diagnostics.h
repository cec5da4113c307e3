// models/spec/diagnostics.h — problems found in user input, as `file:line:col: message`.
//
// Every layer that reads user input (the scenario and sweep loaders, the trace readers)
// reports through these types, so the CLI prints one format and exits 2 for all of them.
//
// Invariants:
//  * line and column are 1-based; 0 means unknown, and Format() then omits them.
//  * A ScenarioError carries every problem found, in the order found; what() is their
//    Format() lines joined by '\n'.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lambdasim {

struct Diagnostic {
  std::string file;
  int line = 0;    // 1-based, 0 = unknown
  int column = 0;  // 1-based, 0 = unknown
  std::string message;
  // "file:line:col: message" (omits line/col when unknown).
  std::string Format() const;
};

// Text for a terminal: control characters (ESC and the other C0 bytes, DEL, the C1 range
// U+0080–U+009F) become visible escapes (\x1b, \t, \u009b), so a name or path holding an ANSI
// sequence cannot recolour, move or clear the user's terminal. Everything else, UTF-8
// included, is kept. The error printer applies it to every diagnostic line.
std::string EscapeForTerminal(std::string_view text);

class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace lambdasim
