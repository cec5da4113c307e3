// tests/regression/import_template_bounded_parse_test.cc — `lambdasim import sam|terraform`
// parsed templates with a bare yaml-cpp Load, so a 16 MiB template holding a flow sequence of
// millions of items built gigabytes of nodes before anything could refuse it (issue 16 item 5,
// found again in the importers). They now take the loader's bounded pass first
// (load::PreScanYaml, which accepts CloudFormation's short-form local tags): exit 2 with
// file:line:col, memory that of the text.
#include <gtest/gtest.h>

#include <string>

#include "models/import/sam_import.h"
#include "models/spec/diagnostics.h"

namespace lambdasim::import {
namespace {

TEST(Regression, ImportRefusesATemplateOfMillionsOfNodesBeforeBuildingIt) {
  std::string text = "Resources:\n  Items: [";
  for (int i = 0; i < 1'100'000; ++i) text += "1,";
  text += "1]\n";
  try {
    (void)ImportSam(text, "big.yaml", "big");
    FAIL() << "a template of 1.1 M nodes must be refused";
  } catch (const ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("big.yaml:2:"), std::string::npos) << what;
    EXPECT_NE(what.find("more than 1000000 YAML nodes"), std::string::npos) << what;
  }
}

TEST(Regression, ImportStillAcceptsShortFormIntrinsicsAfterTheBoundedPass) {
  const std::string text = R"(Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub "${AWS::StackName}-fn"
      MemorySize: 512
      Role: !GetAtt Role.Arn
)";
  const ImportedScenario s = ImportSam(text, "t.yaml", "t");
  ASSERT_EQ(s.functions.size(), 1u);
  EXPECT_EQ(s.functions[0].name, "Fn");
}

TEST(Regression, ImportRefusesABinaryTemplateWithItsPosition) {
  const std::string text = std::string("Resources:\n  A") + '\0' + "\n";
  try {
    (void)ImportSam(text, "bin.yaml", "b");
    FAIL() << "a NUL byte must be refused";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("bin.yaml:2:4: this is a binary file"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace lambdasim::import
