// models/import/yaml_input.cc — YAML/JSON input with positions, CloudFormation intrinsics.
#include "models/import/yaml_input.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "models/import/scenario_writer.h"

namespace lambdasim::import {

DocNode ParseDocument(std::string_view text, const std::string& label) {
  return ParseDocumentCounted(text, label).root;
}

ParsedDocument ParseDocumentCounted(std::string_view text, const std::string& label) {
  // The loader's bounded pass comes first inside Document::Parse (load/yaml_walk.h): a template
  // of millions of nodes, a binary file or a second document is refused before a tree is built.
  load::DocumentOptions options;
  options.what = "template";
  options.allow_local_tags = true;  // !Ref, !GetAtt, …: CloudFormation's short forms
  options.syntax_error = "not YAML or JSON: ";
  options.max_bytes = kMaxInputBytes;
  const load::Document doc = load::Document::Parse(text, label, options);
  DocNode root = doc.root();
  if (!root.IsMap())
    throw ScenarioError({Diagnostic{label, root.line(), root.column(),
                                    "expected a YAML or JSON mapping at the top level"}});
  return {std::move(root), doc.node_count()};
}

DocNode At(const DocNode& n, const std::string& key) { return n.Get(key); }

std::string Where(const std::string& label, const DocNode& n) {
  if (!n.IsDefined() || !n.HasPosition()) return label;
  return label + ":" + std::to_string(n.line()) + ":" + std::to_string(n.column());
}

void Fail(const std::string& label, const DocNode& n, const std::string& msg) {
  throw ScenarioError({Diagnostic{label, n.line(), n.column(), msg}});
}

void AliasBudget::Read(const DocNode& collection, const DocNode& at, const std::string& path) {
  read_ += collection.size();
  if (read_ > nodes_)
    Fail(label_, at,
         path + ": through its aliases the " + what_ + " would be read past its " +
             std::to_string(nodes_) +
             " nodes (a collection aliased from many places); refusing to read further");
}

namespace {
bool ShortTag(const std::string& tag) { return tag.size() > 1 && tag[0] == '!' && tag[1] != '!'; }
}  // namespace

std::string IntrinsicName(const DocNode& n) {
  if (!n.IsDefined() || n.IsNull()) return "";
  if (ShortTag(n.Tag())) {
    const std::string t = n.Tag().substr(1);
    return t == "Ref" || t == "Condition" ? t : "Fn::" + t;
  }
  if (n.IsMap() && n.size() == 1) {
    std::string k = n.Entry(0).key.Scalar();
    if (k == "Ref" || k.rfind("Fn::", 0) == 0) return k;
  }
  return "";
}

bool IsIntrinsic(const DocNode& n) { return !IntrinsicName(n).empty(); }

std::optional<std::string> RefTarget(const DocNode& n) {
  const std::string name = IntrinsicName(n);
  if (name != "Ref" && name != "Fn::GetAtt") return std::nullopt;
  const DocNode arg = ShortTag(n.Tag()) ? n : n.Entry(0).value;
  if (arg.IsScalar()) {
    std::string s = arg.Scalar();
    if (const size_t dot = s.find('.'); name == "Fn::GetAtt" && dot != std::string::npos)
      s.resize(dot);
    return s;
  }
  if (arg.IsSequence() && arg.size() >= 1 && arg[0].IsScalar()) return arg[0].Scalar();
  return std::nullopt;
}

std::optional<double> ScalarNumber(const DocNode& n) {
  if (!n.IsDefined() || !n.IsScalar() || IsIntrinsic(n)) return std::nullopt;
  const std::string& s = n.Scalar();
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || errno != 0 || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<int64_t> ScalarInt(const DocNode& n) {
  const auto v = ScalarNumber(n);
  if (!v || *v != std::floor(*v) || std::fabs(*v) > 9e15) return std::nullopt;
  return static_cast<int64_t>(*v);
}

}  // namespace lambdasim::import
