// models/load/yaml_prescan.cc — the bounded pass over YAML text before any tree is built
// (PreScanYaml, declared in yaml_walk.h).
//
// yaml-cpp builds a node (a few hundred bytes) for every item, so a 16 MiB file holding a
// flow sequence of 8 M items needs gigabytes before the walk's node budget can see it. This
// pass feeds yaml-cpp's parser events to a handler that builds nothing: it counts documents
// and nodes and reads tags, and stops at the first limit crossed, so memory stays that of the
// text. Every refusal carries file:line:col.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <string_view>

#include "models/load/yaml_walk.h"

namespace lambdasim::load {

namespace {

// Tags a scenario may carry: none ("?" plain, "!" quoted) or !!str (a string, like quotes).
bool AllowedTag(const std::string& tag) {
  return tag.empty() || tag == "?" || tag == "!" || tag == kYamlStrTag;
}

std::string ShortTag(const std::string& tag) {
  constexpr std::string_view kCore = "tag:yaml.org,2002:";
  if (tag.rfind(kCore, 0) == 0) return "!!" + tag.substr(kCore.size());
  return tag;
}

struct Scan : YAML::EventHandler {
  struct Stop {};
  size_t documents = 0, nodes = 0;
  size_t max_nodes = kMaxYamlNodes;
  // Documents the text's '---' / '...' markers allow: yaml-cpp 0.7 never consumes a ',' outside
  // a flow collection at the start of a document (",\n", "- a\n, b\n") and would build empty
  // documents forever; more documents than markers means exactly that.
  size_t max_documents = 1;
  bool local_tags = false;  // "!Ref" and the like are fine (CloudFormation templates)
  YAML::Mark mark;          // where the scan stopped
  YAML::Mark second_document;
  std::string problem;

  void Node(const YAML::Mark& m, const std::string& tag) {
    if (++nodes > max_nodes) {
      mark = m;
      problem = "more than " + std::to_string(max_nodes) +
                " YAML nodes (the limit, which bounds the loader's memory); refusing to parse "
                "further";
      throw Stop{};
    }
    if (!AllowedTag(tag) && !(local_tags && tag.size() > 1 && tag[0] == '!')) {
      mark = m;
      problem = "explicit YAML tag '" + ShortTag(tag) +
                "' is not supported (only !!str, which means the same as quotes); write the "
                "value without it";
      throw Stop{};
    }
  }
  void OnDocumentStart(const YAML::Mark& m) override {
    if (++documents == 2) second_document = m;
    if (documents > max_documents) {
      mark = m;
      problem = "YAML syntax error: unexpected ',' outside a [...] or {...} flow collection";
      throw Stop{};
    }
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { Node(m, ""); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { Node(m, ""); }
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t,
                const std::string&) override {
    Node(m, tag);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Node(m, tag);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Node(m, tag);
  }
  void OnMapEnd() override {}
};

Diagnostic At(const std::string& label, const YAML::Mark& m, std::string message) {
  Diagnostic d{label, 0, 0, std::move(message)};
  if (!m.is_null() && m.line >= 0 && m.column >= 0) {
    d.line = m.line + 1;
    d.column = m.column + 1;
  }
  return d;
}

}  // namespace

std::optional<Diagnostic> PreScanYaml(std::string_view text, const std::string& label,
                                      const std::string& what, bool allow_local_tags) {
  // A NUL byte: a binary file. Point at it.
  if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
    const std::string_view before = text.substr(0, nul);
    const size_t line_start = before.rfind('\n');
    Diagnostic d{label, 0, 0, "this is a binary file (it contains a NUL byte), not a YAML " + what};
    d.line = static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 1;
    d.column =
        static_cast<int>(line_start == std::string_view::npos ? nul : nul - line_start - 1) + 1;
    return d;
  }
  Scan scan;
  scan.local_tags = allow_local_tags;
  for (size_t at = text.find("---"); at != std::string_view::npos; at = text.find("---", at + 3))
    ++scan.max_documents;
  for (size_t at = text.find("..."); at != std::string_view::npos; at = text.find("...", at + 3))
    ++scan.max_documents;
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  try {
    while (parser.HandleNextDocument(scan)) {
    }
  } catch (const Scan::Stop&) {
    return At(label, scan.mark, scan.problem);
  } catch (const YAML::DeepRecursion& e) {
    return At(label, e.mark, "nesting deeper than 500 levels");
  } catch (const YAML::ParserException& e) {
    return At(label, e.mark, "YAML syntax error: " + e.msg);
  } catch (const YAML::Exception& e) {
    return Diagnostic{label, 0, 0, "cannot parse YAML: " + e.msg};
  }
  if (scan.documents > 1)
    return At(label, scan.second_document,
              std::to_string(scan.documents) + " YAML documents: a second one starts here; a " +
                  what + " holds exactly one");
  return std::nullopt;
}

}  // namespace lambdasim::load
