// models/import/yaml_input.h — reading importer input (YAML or JSON) with positions (internal).
//
// Internal to models/import/ (it includes yaml-cpp, which lambdasim_import links PRIVATE).
// JSON is read as YAML 1.2 flow, so one parser serves templates, plans and CloudWatch files.
// Invariants: every error is a ScenarioError whose Diagnostic carries the input's label and
// the 1-based line:col of the offending node (0 when yaml-cpp has no mark for it); messages
// name the key path ("Resources.Api.Properties.MemorySize") so JSON inputs are located too.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "models/spec/diagnostics.h"

namespace lambdasim::import {

// Parses text; throws ScenarioError at the parser's position when it is neither YAML nor JSON,
// or when it is empty or not a mapping at the top.
YAML::Node ParseDocument(std::string_view text, const std::string& label);

// "label:line:col" of a node (or "label" when it has no mark).
std::string Where(const std::string& label, const YAML::Node& n);

// n[key] without yaml-cpp's invalid "zombie" node (on which IsMap() etc. throw): an Undefined
// node when n is not a mapping or lacks the key. Every lookup in models/import/ goes through it.
YAML::Node At(const YAML::Node& n, const std::string& key);

[[noreturn]] void Fail(const std::string& label, const YAML::Node& n, const std::string& msg);

// A short-form (!Ref …) or long-form ({Ref: …}, {"Fn::…": …}) CloudFormation intrinsic.
bool IsIntrinsic(const YAML::Node& n);
// The intrinsic's name ("Ref", "Fn::GetAtt", "Fn::If", …) or "".
std::string IntrinsicName(const YAML::Node& n);
// The logical ID a !Ref X / !GetAtt X.Attr / {Ref: X} / {"Fn::GetAtt": [X, Attr]} names.
std::optional<std::string> RefTarget(const YAML::Node& n);

// A plain scalar as an integer (JSON numbers and quoted digits alike); nullopt otherwise.
std::optional<int64_t> ScalarInt(const YAML::Node& n);
std::optional<double> ScalarNumber(const YAML::Node& n);

}  // namespace lambdasim::import
