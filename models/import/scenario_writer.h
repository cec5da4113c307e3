// models/import/scenario_writer.h — what an importer produces, and how it becomes scenario YAML.
//
// Every importer (sam_import.h, terraform_import.h, cloudwatch_import.h) fills one
// ImportedScenario: plain fields in output order, each with a note saying where its value came
// from (a file position and the path of the key read, or "AWS default …") and a `todo` flag
// when the value was assumed. WriteScenarioYaml turns it into the text of a scenario.
//
// Invariants:
//  * Every Field written carries a note; a field with todo = true is written with "# TODO:".
//  * Values are YAML text written verbatim (scalars or flow mappings); names are already
//    sanitised to the scenario's name rule ([A-Za-z0-9_-]+) by SanitizeName.
//  * ValidateScenarioText runs the real loader (LoadScenarioString), so an importer never
//    hands back text that `lambdasim validate` would reject.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "models/spec/diagnostics.h"

namespace lambdasim::import {

// The largest input an importer reads: `lambdasim import` refuses a bigger file before reading
// it (ReadInputFile, models/spec/input_file.h), and every importer a bigger text ("file larger
// than 64 MiB").
inline constexpr size_t kMaxInputBytes = size_t{64} * 1024 * 1024;

struct Field {
  std::string key;    // empty: a sequence item (inside a parent whose children are items)
  std::string value;  // YAML text; empty with children: a nested block
  std::string note;   // where the value came from
  bool todo = false;  // the value was assumed: written as "# TODO: <note>"
  std::vector<Field> children;
};

struct ImportedFunction {
  std::string name;
  std::string note;  // where the function was declared
  std::vector<Field> fields;
};

struct ImportedTraffic {
  std::string function;
  std::string label;  // unique; what --rate NAME may name besides the function
  std::string note;
  std::vector<Field> fields;  // the rate field has key "rate" when it is a placeholder
};

struct ImportedScenario {
  std::vector<std::string> header;  // comment lines at the top (without "# ")
  std::vector<Field> top;           // name, duration, bucket, account, …
  std::vector<ImportedFunction> functions;
  std::vector<ImportedTraffic> traffic;
  std::vector<std::string> warnings;  // printed on stderr by the CLI
};

// The scenario text, comments included.
std::string WriteScenarioYaml(const ImportedScenario& s);

// Runs the loader over `text`; throws its ScenarioError (positions in the generated text,
// labelled `label`) when it does not validate. A `label` that is a path (not "<...>") is also
// where the relative files the scenario names (the observed CSV) are looked for.
void ValidateScenarioText(const std::string& text, const std::string& label);

// `--rate NAME=RPS` (NAME a traffic label, or a function with exactly one entry; RPS a number
// > 0): replaces that entry's rate. Throws ScenarioError (file "--rate") on a bad argument.
void ApplyRates(ImportedScenario& s, const std::vector<std::string>& rate_args);

// Letters, digits, '_' and '-' kept, every other character replaced by '-'; "" → "fn".
std::string SanitizeName(const std::string& raw);

// Adds a field; returns a reference to it for children.
Field& Add(std::vector<Field>& fields, std::string key, std::string value, std::string note,
           bool todo = false);

// A duration as the scenario language writes it, from seconds ("30s", "1.5s", "250ms").
std::string DurationText(double seconds);

// Shared by the template importers (sam_import, terraform_import):
// `name:` and a `duration: 10m` marked TODO (templates carry no horizon).
void AddTemplateTop(ImportedScenario& s, const std::string& name, const std::string& source);
// `duration:` of a function: a lognormal (median 100ms, p99 1s) marked TODO.
void AddPlaceholderDuration(ImportedFunction& f);
// `rate: 10` marked TODO, naming the entry's label for --rate.
void AddPlaceholderRate(ImportedTraffic& t, const std::string& unit);
// When reservations (reserved + PC of unreserved functions) exceed the default account's
// 1000 − 100, writes `account: { concurrency_limit: sum + 100 }` marked TODO.
void FitAccount(ImportedScenario& s, int64_t reservation_sum);

}  // namespace lambdasim::import
