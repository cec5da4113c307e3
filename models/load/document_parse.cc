// models/load/document_parse.cc — Document::Parse: the size limit, the bounded pass, then one
// tree built from yaml-cpp's parser events. See document.h.
//
// The tree is what yaml-cpp's own YAML::Load would build (its NodeBuilder), event for event:
// the same kinds, texts, tags and marks, mapping entries in order with duplicates kept, and an
// alias standing for its anchored node (registered when the node opens, so `&a [*a]` holds
// itself). Only the first document is read, as YAML::Load does; PreScanYaml has refused a
// second one already.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "models/load/document.h"
#include "models/load/document_tree.h"
#include "models/load/yaml_walk.h"
#include "models/spec/diagnostics.h"

namespace lambdasim::load {

static_assert(kMaxDocumentNodes == kMaxYamlNodes, "document.h states PreScanYaml's limit");

namespace {

// yaml-cpp's 0-based mark → our 1-based line and column (0:0 when it has none).
std::pair<int, int> Position(const YAML::Mark& m) {
  if (m.is_null() || m.line < 0 || m.column < 0) return {0, 0};
  return {m.line + 1, m.column + 1};
}

class Builder : public YAML::EventHandler {
 public:
  Builder(DocTree& tree, const std::string& label) : tree_(tree), label_(label) {}

  bool has_root() const { return has_root_; }
  uint32_t root() const { return root_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Attach(Open(DocKind::kNull, mark, std::string(), anchor));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    // The parser refuses an unknown alias before it gets here; kept as a guard.
    if (anchor >= anchors_.size() || anchors_[anchor] == kNone)
      throw ScenarioError({Diagnostic{label_, Position(mark).first, Position(mark).second,
                                      "alias to an unknown anchor"}});
    Attach(anchors_[anchor]);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    const uint32_t n = Open(DocKind::kScalar, mark, tag, anchor);
    tree_.nodes[n].first = static_cast<uint32_t>(tree_.scalars.size());
    tree_.scalars.push_back(value);
    Attach(n);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open_.push_back({Open(DocKind::kSequence, mark, tag, anchor), {}});
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open_.push_back({Open(DocKind::kMapping, mark, tag, anchor), {}});
  }
  void OnMapEnd() override { Close(); }

 private:
  static constexpr uint32_t kNone = ~uint32_t{0};

  uint32_t Open(DocKind kind, const YAML::Mark& mark, const std::string& tag,
                YAML::anchor_t anchor) {
    // PreScanYaml counted these events and refused more than kMaxYamlNodes; kept as a guard.
    if (tree_.nodes.size() >= kMaxYamlNodes)
      throw ScenarioError({Diagnostic{label_, Position(mark).first, Position(mark).second,
                                      "more than " + std::to_string(kMaxYamlNodes) +
                                          " YAML nodes (the limit, which bounds the loader's "
                                          "memory); refusing to parse further"}});
    DocTree::Node node;
    node.kind = kind;
    // yaml-cpp keeps no tag on a null (NodeBuilder::OnNull), and a null event carries none.
    node.tag = kind == DocKind::kNull ? 0 : TagIndex(tag);
    std::tie(node.line, node.column) = Position(mark);
    const auto n = static_cast<uint32_t>(tree_.nodes.size());
    tree_.nodes.push_back(node);
    if (anchor != YAML::NullAnchor) {
      if (anchor >= anchors_.size()) anchors_.resize(anchor + 1, kNone);
      anchors_[anchor] = n;
    }
    return n;
  }

  uint32_t TagIndex(const std::string& tag) {
    if (tag.empty()) return 0;
    auto [it, added] = tag_index_.try_emplace(tag, static_cast<uint32_t>(tree_.tags.size()));
    if (added) tree_.tags.push_back(tag);
    return it->second;
  }

  // A finished node goes into the collection open around it, or becomes the root.
  void Attach(uint32_t n) {
    if (!open_.empty()) {
      open_.back().kids.push_back(n);
    } else if (!has_root_) {
      has_root_ = true;
      root_ = n;
    }
  }

  void Close() {
    OpenCollection c = std::move(open_.back());
    open_.pop_back();
    DocTree::Node& node = tree_.nodes[c.node];
    node.first = static_cast<uint32_t>(tree_.kids.size());
    node.count = static_cast<uint32_t>(c.kids.size());
    tree_.kids.insert(tree_.kids.end(), c.kids.begin(), c.kids.end());
    Attach(c.node);
  }

  struct OpenCollection {
    uint32_t node;
    std::vector<uint32_t> kids;
  };

  DocTree& tree_;
  const std::string& label_;
  std::vector<OpenCollection> open_;
  std::vector<uint32_t> anchors_;  // anchor id (from 1) → node
  std::unordered_map<std::string, uint32_t> tag_index_;
  bool has_root_ = false;
  uint32_t root_ = 0;
};

std::string SizeLimitText(size_t max_bytes) {
  constexpr size_t kMiB = size_t{1024} * 1024;
  return max_bytes % kMiB == 0 ? std::to_string(max_bytes / kMiB) + " MiB"
                               : std::to_string(max_bytes) + " bytes";
}

}  // namespace

Document Document::Parse(std::string_view text, const std::string& label,
                         const DocumentOptions& options) {
  if (text.size() > options.max_bytes)
    throw ScenarioError(
        {Diagnostic{label, 0, 0, "file larger than " + SizeLimitText(options.max_bytes)}});
  // The bounded pass first: a text of millions of nodes, a binary file or a second document is
  // refused before any tree is built.
  if (auto problem = PreScanYaml(text, label, options.what, options.allow_local_tags)) {
    constexpr std::string_view kSyntax = "YAML syntax error: ";
    if (problem->message.rfind(kSyntax, 0) == 0)
      problem->message = options.syntax_error + problem->message.substr(kSyntax.size());
    throw ScenarioError({*problem});
  }
  auto tree = std::make_shared<DocTree>();
  Builder builder(*tree, label);
  std::istringstream in{std::string(text)};
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
  } catch (const YAML::ParserException& e) {
    const auto [line, column] = Position(e.mark);
    throw ScenarioError({Diagnostic{label, line, column, options.syntax_error + e.msg}});
  } catch (const YAML::Exception& e) {
    throw ScenarioError({Diagnostic{label, 0, 0, "cannot parse YAML: " + e.msg}});
  }
  if (!builder.has_root()) return Document(DocNode::DetachedNull());
  const uint32_t root = builder.root();
  return Document(DocNode(std::shared_ptr<const DocTree>(std::move(tree)), root));
}

}  // namespace lambdasim::load
