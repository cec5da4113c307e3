// tests/document_test.cc — load::Document, the yaml-free document API the importers read:
// positions of nested nodes, absent keys and indices, tags (local ones too), JSON, duplicate
// keys and aliases as yaml-cpp builds them, and every parse error with its line:col.
#include "models/load/document.h"

#include <gtest/gtest.h>

#include <string>

#include "models/spec/diagnostics.h"

namespace lambdasim::load {
namespace {

Document Parse(const std::string& text, DocumentOptions options = {}) {
  return Document::Parse(text, "t.yaml", options);
}

Diagnostic ParseError(const std::string& text, DocumentOptions options = {}) {
  try {
    (void)Document::Parse(text, "t.yaml", options);
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.diagnostics().size(), 1u);
    return e.diagnostics().front();
  }
  ADD_FAILURE() << "no ScenarioError for: " << text;
  return {};
}

std::string Pos(const DocNode& n) {
  return std::to_string(n.line()) + ":" + std::to_string(n.column());
}

TEST(Document, NestedNodesCarryTheirLineAndColumn) {
  const Document d = Parse(
      "top:\n"
      "  list:\n"
      "    - a\n"
      "    - {k: v, n: 5}\n"
      "  text: hello\n");
  const DocNode root = d.root();
  ASSERT_TRUE(root.IsMap());
  EXPECT_EQ(Pos(root), "1:1");
  const DocNode top = root.Get("top");
  EXPECT_EQ(Pos(top), "2:3");
  const DocNode list = top.Get("list");
  ASSERT_TRUE(list.IsSequence());
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(Pos(list), "3:5");
  EXPECT_EQ(list[0].Scalar(), "a");
  EXPECT_EQ(Pos(list[0]), "3:7");
  EXPECT_EQ(Pos(list[1]), "4:7");
  EXPECT_EQ(Pos(list[1].Get("n")), "4:17");
  EXPECT_EQ(list[1].Get("n").Scalar(), "5");
  EXPECT_EQ(Pos(top.Get("text")), "5:9");
  // Keys have positions too, in document order.
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top.Entry(0).key.Scalar(), "list");
  EXPECT_EQ(Pos(top.Entry(0).key), "2:3");
  EXPECT_EQ(top.Entry(1).key.Scalar(), "text");
  EXPECT_EQ(d.node_count(), 13u);
}

TEST(Document, AbsentKeysAndIndicesAreUndefinedNeverThrow) {
  const DocNode root = Parse("a: 1\nl: [x]\ns: text\n").root();
  for (const DocNode& n :
       {root.Get("nope"), root.Get("a").Get("x"), root.Get("l")[1], root.Get("s")[0], root[0],
        root.Get("nope").Get("deeper"), root.Get("l").Entry(0).key, root.Entry(7).value}) {
    EXPECT_FALSE(n.IsDefined());
    EXPECT_EQ(n.kind(), DocKind::kUndefined);
    EXPECT_EQ(n.Scalar(), "");
    EXPECT_EQ(n.Tag(), "");
    EXPECT_EQ(n.size(), 0u);
    EXPECT_EQ(Pos(n), "0:0");
    EXPECT_FALSE(n.HasPosition());
  }
  EXPECT_EQ(DocNode().kind(), DocKind::kUndefined);
  // A detached null is defined, null, without position (what yaml-cpp's default node was).
  const DocNode detached = DocNode::DetachedNull();
  EXPECT_TRUE(detached.IsDefined());
  EXPECT_TRUE(detached.IsNull());
  EXPECT_FALSE(detached.HasPosition());
}

TEST(Document, NullsScalarsAndQuoting) {
  const DocNode root = Parse(
                           "a: ~\n"
                           "b: null\n"
                           "c:\n"
                           "d: 'null'\n"
                           "e: \"5\"\n"
                           "f: 5\n"
                           "g: !!str 5\n")
                           .root();
  for (const char* k : {"a", "b", "c"}) {
    EXPECT_TRUE(root.Get(k).IsNull()) << k;
    EXPECT_TRUE(root.Get(k).IsDefined()) << k;
    EXPECT_EQ(root.Get(k).Tag(), "") << k;
  }
  // An empty value is marked at the next token, as yaml-cpp marks it.
  EXPECT_EQ(Pos(root.Get("c")), "4:1");
  EXPECT_TRUE(root.Get("d").IsScalar());
  EXPECT_EQ(root.Get("d").Scalar(), "null");
  EXPECT_TRUE(root.Get("d").IsQuoted());
  EXPECT_EQ(root.Get("d").Tag(), "!");
  EXPECT_TRUE(root.Get("e").IsQuoted());
  EXPECT_FALSE(root.Get("f").IsQuoted());
  EXPECT_EQ(root.Get("f").Tag(), "?");
  EXPECT_TRUE(root.Get("g").IsQuoted());
  EXPECT_EQ(root.Get("g").Scalar(), "5");
  EXPECT_EQ(root.Get("a").Scalar(), "");
  EXPECT_EQ(root.Scalar(), "");  // a mapping has no text
}

TEST(Document, LocalTagsAreKeptForCloudFormationShortForms) {
  DocumentOptions cfn;
  cfn.allow_local_tags = true;
  const DocNode root = Parse(
                           "Ref: !Ref Param\n"
                           "Att: !GetAtt Queue.Arn\n"
                           "Sub: !Sub \"${AWS::StackName}-fn\"\n"
                           "If: !If [Cond, 1, 2]\n"
                           "Empty: !Ref\n",
                           cfn)
                           .root();
  EXPECT_EQ(root.Get("Ref").Tag(), "!Ref");
  EXPECT_EQ(root.Get("Ref").Scalar(), "Param");
  EXPECT_EQ(root.Get("Att").Tag(), "!GetAtt");
  EXPECT_EQ(root.Get("Att").Scalar(), "Queue.Arn");
  EXPECT_EQ(root.Get("Sub").Tag(), "!Sub");
  EXPECT_EQ(root.Get("Sub").Scalar(), "${AWS::StackName}-fn");
  const DocNode if_node = root.Get("If");
  EXPECT_TRUE(if_node.IsSequence());
  EXPECT_EQ(if_node.Tag(), "!If");
  EXPECT_EQ(if_node.size(), 3u);
  // A tag without a value is a tagged empty scalar, not a null.
  EXPECT_TRUE(root.Get("Empty").IsScalar());
  EXPECT_EQ(root.Get("Empty").Tag(), "!Ref");
  EXPECT_EQ(root.Get("Empty").Scalar(), "");
  // Without allow_local_tags the bounded pass refuses them, at the tag.
  const Diagnostic d = ParseError("a: 1\nRef: !Ref Param\n");
  EXPECT_EQ(d.file, "t.yaml");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 6);
  EXPECT_NE(d.message.find("explicit YAML tag '!Ref' is not supported"), std::string::npos)
      << d.message;
}

TEST(Document, JsonIsReadAsYamlFlow) {
  const DocNode root = Parse(
                           "{\n"
                           "  \"name\": \"x\",\n"
                           "  \"values\": [1, 2.5, null, true, {\"k\": \"v\"}]\n"
                           "}\n")
                           .root();
  ASSERT_TRUE(root.IsMap());
  EXPECT_EQ(root.Get("name").Scalar(), "x");
  EXPECT_TRUE(root.Get("name").IsQuoted());
  EXPECT_EQ(Pos(root.Get("name")), "2:11");
  const DocNode values = root.Get("values");
  ASSERT_EQ(values.size(), 5u);
  EXPECT_EQ(values[1].Scalar(), "2.5");
  EXPECT_FALSE(values[1].IsQuoted());
  EXPECT_TRUE(values[2].IsNull());
  EXPECT_EQ(values[3].Scalar(), "true");
  EXPECT_EQ(values[4].Get("k").Scalar(), "v");
  EXPECT_EQ(Pos(values[4].Get("k")), "3:40");
}

TEST(Document, DuplicateKeysAreKeptInOrderAndTheFirstIsFound) {
  const DocNode root = Parse("a: 1\nb: 2\na: 3\n").root();
  ASSERT_EQ(root.size(), 3u);
  std::string keys;
  for (const DocEntry& e : root.Entries()) keys += e.key.Scalar() + "=" + e.value.Scalar() + " ";
  EXPECT_EQ(keys, "a=1 b=2 a=3 ");
  EXPECT_EQ(root.Get("a").Scalar(), "1");
  EXPECT_EQ(Pos(root.Get("a")), "1:4");
}

TEST(Document, KeysMatchByTextOnlyWhenScalar) {
  const DocNode root = Parse("'q': quoted\n? [x]\n: seq\n~: null-key\n!!str 5: five\n").root();
  EXPECT_EQ(root.Get("q").Scalar(), "quoted");
  EXPECT_EQ(root.Get("5").Scalar(), "five");
  EXPECT_FALSE(root.Get("").IsDefined());  // a null key has no text to match
  EXPECT_TRUE(root.Entry(1).key.IsSequence());
  EXPECT_EQ(root.Entry(1).value.Scalar(), "seq");
}

TEST(Document, AnAliasIsItsAnchoredNodeItself) {
  const DocNode root = Parse("a: &x {p: 1}\nb: *x\nc: &s [*s]\n").root();
  const DocNode a = root.Get("a"), b = root.Get("b");
  EXPECT_TRUE(a.Is(b));
  EXPECT_EQ(Pos(b), "1:4");  // the anchor's position, not the alias's
  EXPECT_EQ(b.Get("p").Scalar(), "1");
  EXPECT_FALSE(a.Is(root));
  // `&s [*s]` holds itself, as in yaml-cpp.
  const DocNode s = root.Get("c");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_TRUE(s[0].Is(s));
  EXPECT_TRUE(s[0][0][0].Is(s));
}

TEST(Document, NodesOutliveTheirDocument) {
  DocNode kept;
  {
    const Document d = Parse("a: {b: [1, 2, 3]}\n");
    kept = d.root().Get("a").Get("b");
  }
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[2].Scalar(), "3");
  EXPECT_EQ(Pos(kept[2]), "1:15");
}

TEST(Document, AnEmptyTextHasANullRootWithoutPosition) {
  for (const char* text : {"", "# only a comment\n"}) {
    const Document d = Parse(text);
    EXPECT_TRUE(d.root().IsNull()) << text;
    EXPECT_FALSE(d.root().HasPosition()) << text;
    EXPECT_EQ(d.node_count(), 0u);
  }
  const Document scalar = Parse("hello\n");
  EXPECT_EQ(scalar.root().Scalar(), "hello");
  EXPECT_EQ(Pos(scalar.root()), "1:1");
}

TEST(Document, SyntaxErrorsCarryLabelLineAndColumn) {
  Diagnostic d = ParseError("a: 1\nb: [1, 2\n");
  EXPECT_EQ(d.file, "t.yaml");
  EXPECT_EQ(d.line, 3);
  EXPECT_EQ(d.column, 1);
  EXPECT_EQ(d.message, "YAML syntax error: end of sequence flow not found");
  DocumentOptions json;
  json.syntax_error = "not YAML or JSON: ";
  d = ParseError("{\"a\": 1,\n \"b\": [}\n", json);
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 8);
  EXPECT_EQ(d.message.rfind("not YAML or JSON: ", 0), 0u) << d.message;
  d = ParseError("a: *nope\n");
  EXPECT_EQ(d.line, 1);
  EXPECT_EQ(d.column, 4);
  EXPECT_EQ(d.message, "YAML syntax error: the referenced anchor is not defined");
}

TEST(Document, TheBoundedPassRefusesBinaryTextsSecondDocumentsAndTooManyNodes) {
  DocumentOptions options;
  options.what = "template";
  Diagnostic d = ParseError(std::string("a: 1\nb: x") + '\0' + "\n", options);
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 5);
  EXPECT_EQ(d.message, "this is a binary file (it contains a NUL byte), not a YAML template");
  d = ParseError("a: 1\n---\nb: 2\n", options);
  EXPECT_EQ(d.line, 2);
  EXPECT_NE(d.message.find("a template holds exactly one"), std::string::npos) << d.message;
  std::string big = "[";
  for (size_t i = 0; i < kMaxDocumentNodes; ++i) big += "1,";
  big += "1]\n";
  d = ParseError(big, options);
  EXPECT_EQ(d.line, 1);
  EXPECT_NE(d.message.find("more than 1000000 YAML nodes"), std::string::npos) << d.message;
}

TEST(Document, TextsOverTheSizeLimitAreRefusedBeforeParsing) {
  DocumentOptions small;
  small.max_bytes = 2 * 1024 * 1024;
  const Diagnostic d = ParseError(std::string(small.max_bytes + 1, '#'), small);
  EXPECT_EQ(d.line, 0);
  EXPECT_EQ(d.message, "file larger than 2 MiB");
  EXPECT_NO_THROW((void)Parse(std::string(small.max_bytes, '#'), small));
}

}  // namespace
}  // namespace lambdasim::load
