// models/load/document_tree.h — the storage behind Document and DocNode (internal to
// models/load/: document.cc reads it, document_parse.cc builds it).
//
// Invariants: nodes are stored once each, in the order the parser opened them; a collection's
// children are a contiguous run of `kids` (a mapping's as key, value, key, value, …), written
// when the collection closes, so an alias to a collection still open (`&a [*a]`) is simply its
// index. Scalars and tags are stored apart (tags deduplicated; tags[0] is ""). Never changed
// after Document::Parse returns.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/load/document.h"

namespace lambdasim::load {

struct DocTree {
  struct Node {
    DocKind kind = DocKind::kNull;
    uint32_t tag = 0;    // index into tags
    uint32_t first = 0;  // scalar: index into scalars; collection: its first index into kids
    uint32_t count = 0;  // collection: children in kids (two per mapping entry)
    int line = 0;        // 1-based; 0: no position
    int column = 0;
  };
  std::vector<Node> nodes;
  std::vector<uint32_t> kids;
  std::vector<std::string> scalars;
  std::vector<std::string> tags{std::string()};
};

}  // namespace lambdasim::load
