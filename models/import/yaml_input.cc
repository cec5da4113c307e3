// models/import/yaml_input.cc — YAML/JSON input with positions, CloudFormation intrinsics.
#include "models/import/yaml_input.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "models/load/yaml_walk.h"

namespace lambdasim::import {

YAML::Node ParseDocument(std::string_view text, const std::string& label) {
  // The loader's bounded pass first (load/yaml_walk.h): a template of millions of nodes, a
  // binary file or a second document is refused before yaml-cpp builds a tree.
  if (auto problem = load::PreScanYaml(text, label, "template", /*allow_local_tags=*/true)) {
    // A template is YAML or JSON: say so for a syntax error, as the parse below would.
    constexpr std::string_view kSyntax = "YAML syntax error: ";
    if (problem->message.rfind(kSyntax, 0) == 0)
      problem->message = "not YAML or JSON: " + problem->message.substr(kSyntax.size());
    throw ScenarioError({*problem});
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    throw ScenarioError(
        {Diagnostic{label, e.mark.line + 1, e.mark.column + 1, "not YAML or JSON: " + e.msg}});
  }
  if (!root.IsMap())
    throw ScenarioError({Diagnostic{label, root.Mark().is_null() ? 0 : root.Mark().line + 1,
                                    root.Mark().is_null() ? 0 : root.Mark().column + 1,
                                    "expected a YAML or JSON mapping at the top level"}});
  return root;
}

YAML::Node At(const YAML::Node& n, const std::string& key) {
  if (!n.IsDefined() || !n.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node c = n[key];
  return c.IsDefined() ? c : YAML::Node(YAML::NodeType::Undefined);
}

std::string Where(const std::string& label, const YAML::Node& n) {
  if (!n.IsDefined() || n.Mark().is_null()) return label;
  return label + ":" + std::to_string(n.Mark().line + 1) + ":" +
         std::to_string(n.Mark().column + 1);
}

void Fail(const std::string& label, const YAML::Node& n, const std::string& msg) {
  Diagnostic d{label, 0, 0, msg};
  if (n.IsDefined() && !n.Mark().is_null()) {
    d.line = n.Mark().line + 1;
    d.column = n.Mark().column + 1;
  }
  throw ScenarioError({d});
}

namespace {
bool ShortTag(const std::string& tag) { return tag.size() > 1 && tag[0] == '!' && tag[1] != '!'; }
}  // namespace

std::string IntrinsicName(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "";
  if (ShortTag(n.Tag())) {
    const std::string t = n.Tag().substr(1);
    return t == "Ref" || t == "Condition" ? t : "Fn::" + t;
  }
  if (n.IsMap() && n.size() == 1) {
    std::string k = n.begin()->first.Scalar();
    if (k == "Ref" || k.rfind("Fn::", 0) == 0) return k;
  }
  return "";
}

bool IsIntrinsic(const YAML::Node& n) { return !IntrinsicName(n).empty(); }

std::optional<std::string> RefTarget(const YAML::Node& n) {
  const std::string name = IntrinsicName(n);
  if (name != "Ref" && name != "Fn::GetAtt") return std::nullopt;
  YAML::Node arg = ShortTag(n.Tag()) ? n : n.begin()->second;
  if (arg.IsScalar()) {
    std::string s = arg.Scalar();
    if (const size_t dot = s.find('.'); name == "Fn::GetAtt" && dot != std::string::npos)
      s.resize(dot);
    return s;
  }
  if (arg.IsSequence() && arg.size() >= 1 && arg[0].IsScalar()) return arg[0].Scalar();
  return std::nullopt;
}

std::optional<double> ScalarNumber(const YAML::Node& n) {
  if (!n.IsDefined() || !n.IsScalar() || IsIntrinsic(n)) return std::nullopt;
  const std::string& s = n.Scalar();
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || errno != 0 || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<int64_t> ScalarInt(const YAML::Node& n) {
  const auto v = ScalarNumber(n);
  if (!v || *v != std::floor(*v) || std::fabs(*v) > 9e15) return std::nullopt;
  return static_cast<int64_t>(*v);
}

}  // namespace lambdasim::import
