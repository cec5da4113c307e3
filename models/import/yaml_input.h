// models/import/yaml_input.h — reading importer input (YAML or JSON) with positions (internal).
//
// Internal to models/import/. The text is parsed by load/'s Document (load/document.h): the
// importers never see yaml-cpp, which only models/load/ includes. JSON is read as YAML 1.2
// flow, so one parser serves templates, plans and CloudWatch files.
// Invariants: every error is a ScenarioError whose Diagnostic carries the input's label and
// the 1-based line:col of the offending node (0 when the node has no position); messages
// name the key path ("Resources.Api.Properties.MemorySize") so JSON inputs are located too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "models/load/document.h"
#include "models/spec/diagnostics.h"

namespace lambdasim::import {

using load::DocEntry;
using load::DocNode;

// Parses text and returns its top node; throws ScenarioError at the parser's position when it
// is neither YAML nor JSON, or when it is empty or not a mapping at the top; at 0:0 when it is
// longer than kMaxInputBytes (scenario_writer.h).
DocNode ParseDocument(std::string_view text, const std::string& label);

// ParseDocument's top node and the number of nodes the document holds (for AliasBudget).
struct ParsedDocument {
  DocNode root;
  size_t nodes = 0;
};
ParsedDocument ParseDocumentCounted(std::string_view text, const std::string& label);

// "label:line:col" of a node (or "label" when it has no position).
std::string Where(const std::string& label, const DocNode& n);

// n's value for key: an undefined node when n is not a mapping or lacks the key (the first
// entry wins when a key is repeated). Every lookup in models/import/ goes through it.
DocNode At(const DocNode& n, const std::string& key);

[[noreturn]] void Fail(const std::string& label, const DocNode& n, const std::string& msg);

// Bounds what a walk reads through aliases. An alias reads its anchor's node again, so one
// mapping of N entries aliased from N places is read N² times (a 1.6 MB template made 4e8
// traffic entries). An importer calls Read with each collection it iterates; reading more
// items and entries in all than the document holds nodes is an error at `at`. A document
// without aliases never gets there: each collection it iterates is read once, and an item or
// entry is at least one node.
class AliasBudget {
 public:
  // what: the input's name in the message ("template", "file"); nodes: the document's count.
  AliasBudget(std::string label, std::string what, size_t nodes)
      : label_(std::move(label)), what_(std::move(what)), nodes_(nodes) {}
  // Counts the items or entries of `collection` (read under `path`).
  void Read(const DocNode& collection, const DocNode& at, const std::string& path);

 private:
  std::string label_, what_;
  size_t nodes_ = 0;
  size_t read_ = 0;
};

// A short-form (!Ref …) or long-form ({Ref: …}, {"Fn::…": …}) CloudFormation intrinsic.
bool IsIntrinsic(const DocNode& n);
// The intrinsic's name ("Ref", "Fn::GetAtt", "Fn::If", …) or "".
std::string IntrinsicName(const DocNode& n);
// The logical ID a !Ref X / !GetAtt X.Attr / {Ref: X} / {"Fn::GetAtt": [X, Attr]} names.
std::optional<std::string> RefTarget(const DocNode& n);

// A plain scalar as an integer (JSON numbers and quoted digits alike); nullopt otherwise.
std::optional<int64_t> ScalarInt(const DocNode& n);
std::optional<double> ScalarNumber(const DocNode& n);

}  // namespace lambdasim::import
