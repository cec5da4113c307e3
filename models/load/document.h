// models/load/document.h — a parsed YAML or JSON document with positions: the input API that
// the layers above models/load/ read (the importers of models/import/), with no yaml-cpp.
//
// models/load/ is the only folder that includes yaml-cpp; this header does not. Document::Parse
// runs the loader's bounded pass (PreScanYaml: NUL bytes, a second document, the node limit,
// tags) over the text, then builds the tree once from yaml-cpp's parser events. JSON is read as
// YAML 1.2 flow, so one parser serves YAML and JSON inputs alike.
//
// Invariants:
//  * The tree is immutable. A DocNode is a small handle (shared ownership of the tree): it stays
//    valid after its Document and every other handle are gone.
//  * Node kinds are yaml-cpp's: undefined (an absent key or index, never an exception), null
//    (`~`, `null`, an empty value), scalar (with its text and tag: "?" plain, "!" quoted, "!Ref",
//    "!GetAtt", … for local tags), sequence, mapping. A plain `null` is a null node, not text.
//  * Positions are 1-based line:col of the node's first character (a null value: the next
//    token's, as yaml-cpp marks it); 0:0 for undefined nodes and the null root of an empty text.
//  * Mappings keep every entry in document order, duplicates included; Get(key) finds the first
//    entry whose key is a scalar with that text. An alias is the anchored node itself (same
//    position, shared, possibly containing itself): a walk over a tree may meet a node twice.
//  * Every parse error is a ScenarioError with one Diagnostic: the label and the line:col of the
//    problem (0:0 when the parser gives none).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace lambdasim::load {

struct DocTree;  // document_tree.h (internal)

// The most nodes a text may hold (PreScanYaml's limit, kMaxYamlNodes in yaml_walk.h).
inline constexpr size_t kMaxDocumentNodes = 1000000;

enum class DocKind : uint8_t { kUndefined, kNull, kScalar, kSequence, kMapping };

struct DocEntry;

class DocNode {
 public:
  // An undefined node: what an absent key or index gives.
  DocNode() = default;
  // A null node that is in no document and has no position (yaml-cpp's default YAML::Node).
  static DocNode DetachedNull();

  DocKind kind() const;
  bool IsDefined() const { return kind() != DocKind::kUndefined; }
  bool IsNull() const { return kind() == DocKind::kNull; }
  bool IsScalar() const { return kind() == DocKind::kScalar; }
  bool IsSequence() const { return kind() == DocKind::kSequence; }
  bool IsMap() const { return kind() == DocKind::kMapping; }

  // A scalar's text; "" for every other kind.
  const std::string& Scalar() const;
  // The tag as the parser gives it: "?" (plain), "!" (quoted), "tag:yaml.org,2002:str" (!!str),
  // "!Ref" (a local tag); collections too ("?" untagged). "" for null and undefined nodes.
  const std::string& Tag() const;
  // A scalar written as a string: quoted, or tagged !!str.
  bool IsQuoted() const;

  // 1-based; 0 when the node has no position (undefined, detached, an empty text's root).
  int line() const;
  int column() const;
  bool HasPosition() const { return line() > 0; }

  // Items of a sequence, entries of a mapping; 0 for every other kind.
  size_t size() const;
  // A sequence's item i; undefined when this is not a sequence or i >= size().
  DocNode operator[](size_t i) const;
  // The value of the first entry whose key is a scalar with this text; undefined when this is
  // not a mapping or has no such key.
  DocNode Get(std::string_view key) const;
  // A mapping's entry i (key and value); both undefined when out of range or not a mapping.
  DocEntry Entry(size_t i) const;

  // A mapping's entries in document order: `for (const DocEntry& e : node.Entries())`. Empty
  // for every other kind.
  class EntryRange;
  EntryRange Entries() const;

  // True when both handles are the same node of the same tree (an alias and its anchor are).
  bool Is(const DocNode& other) const {
    return tree_ == other.tree_ && index_ == other.index_ && detached_ == other.detached_;
  }

 private:
  friend class Document;
  DocNode(std::shared_ptr<const DocTree> tree, uint32_t index)
      : tree_(std::move(tree)), index_(index) {}

  std::shared_ptr<const DocTree> tree_;  // null: undefined or detached
  uint32_t index_ = 0;
  DocKind detached_ = DocKind::kUndefined;  // the kind when tree_ is null
};

struct DocEntry {
  DocNode key;
  DocNode value;
};

class DocNode::EntryRange {
 public:
  class Iterator {
   public:
    Iterator(DocNode map, size_t i) : map_(std::move(map)), i_(i) {}
    DocEntry operator*() const { return map_.Entry(i_); }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const Iterator& o) const { return i_ == o.i_; }
    bool operator!=(const Iterator& o) const { return i_ != o.i_; }

   private:
    DocNode map_;
    size_t i_;
  };
  explicit EntryRange(DocNode map) : map_(std::move(map)) {}
  Iterator begin() const { return Iterator(map_, 0); }
  Iterator end() const { return Iterator(map_, map_.IsMap() ? map_.size() : 0); }

 private:
  DocNode map_;
};

// How Document::Parse reads and names its input.
struct DocumentOptions {
  // Names the input in the bounded pass's messages ("a template holds exactly one").
  std::string what = "YAML file";
  // Accept local tags (!Ref, !GetAtt, !Sub, !If, …: CloudFormation's short-form intrinsics);
  // otherwise only !!str is (PreScanYaml).
  bool allow_local_tags = false;
  // The words a syntax error's message starts with (e.g. "not YAML or JSON: ").
  std::string syntax_error = "YAML syntax error: ";
  // Texts longer than this are refused before parsing ("file larger than N MiB", 0:0).
  size_t max_bytes = size_t{16} * 1024 * 1024;
};

class Document {
 public:
  // Parses `text` (label names it in diagnostics). Throws ScenarioError as described above.
  static Document Parse(std::string_view text, const std::string& label,
                        const DocumentOptions& options = {});

  // The top node: a null without position when the text holds no node at all.
  const DocNode& root() const { return root_; }
  // Nodes built (aliases are not copies, so at most PreScanYaml's node limit).
  size_t node_count() const;

 private:
  explicit Document(DocNode root) : root_(std::move(root)) {}
  DocNode root_;
};

}  // namespace lambdasim::load
