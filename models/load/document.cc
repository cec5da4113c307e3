// models/load/document.cc — reading a Document's nodes (DocNode). No yaml-cpp here: the tree
// is built by document_parse.cc. See document.h.
#include "models/load/document.h"

#include "models/load/document_tree.h"

namespace lambdasim::load {

namespace {
const std::string& Empty() {
  static const std::string kEmpty;
  return kEmpty;
}
}  // namespace

DocNode DocNode::DetachedNull() {
  DocNode n;
  n.detached_ = DocKind::kNull;
  return n;
}

DocKind DocNode::kind() const { return tree_ ? tree_->nodes[index_].kind : detached_; }

const std::string& DocNode::Scalar() const {
  if (!tree_) return Empty();
  const DocTree::Node& n = tree_->nodes[index_];
  return n.kind == DocKind::kScalar ? tree_->scalars[n.first] : Empty();
}

const std::string& DocNode::Tag() const {
  return tree_ ? tree_->tags[tree_->nodes[index_].tag] : Empty();
}

bool DocNode::IsQuoted() const {
  return IsScalar() && (Tag() == "!" || Tag() == "tag:yaml.org,2002:str");
}

int DocNode::line() const { return tree_ ? tree_->nodes[index_].line : 0; }
int DocNode::column() const { return tree_ ? tree_->nodes[index_].column : 0; }

size_t DocNode::size() const {
  if (!tree_) return 0;
  const DocTree::Node& n = tree_->nodes[index_];
  switch (n.kind) {
    case DocKind::kSequence: return n.count;
    case DocKind::kMapping: return n.count / 2;
    default: return 0;
  }
}

DocNode DocNode::operator[](size_t i) const {
  if (!IsSequence() || i >= size()) return DocNode();
  return DocNode(tree_, tree_->kids[tree_->nodes[index_].first + i]);
}

DocEntry DocNode::Entry(size_t i) const {
  if (!IsMap() || i >= size()) return DocEntry{};
  const uint32_t at = tree_->nodes[index_].first + static_cast<uint32_t>(2 * i);
  return DocEntry{DocNode(tree_, tree_->kids[at]), DocNode(tree_, tree_->kids[at + 1])};
}

DocNode DocNode::Get(std::string_view key) const {
  if (!IsMap()) return DocNode();
  const DocTree::Node& n = tree_->nodes[index_];
  for (uint32_t at = n.first; at < n.first + n.count; at += 2) {
    const DocTree::Node& k = tree_->nodes[tree_->kids[at]];
    if (k.kind == DocKind::kScalar && tree_->scalars[k.first] == key)
      return DocNode(tree_, tree_->kids[at + 1]);
  }
  return DocNode();
}

DocNode::EntryRange DocNode::Entries() const { return EntryRange(*this); }

size_t Document::node_count() const { return root_.tree_ ? root_.tree_->nodes.size() : 0; }

}  // namespace lambdasim::load
