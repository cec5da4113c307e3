// tests/import_test.cc — `lambdasim import` (models/import/): every mapping of issue 15 item 7,
// checked on the validated ScenarioSpec the real loader makes of the produced YAML, against
// the numbers written in the fixtures (tests/fixtures/import/, shapes from the AWS docs) or
// computed here from them (weighted percentiles, lognormal quantiles in closed form).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/import/cloudwatch_import.h"
#include "models/import/sam_import.h"
#include "models/import/scenario_writer.h"
#include "models/import/terraform_import.h"
#include "models/load/scenario_loader.h"

namespace lambdasim::import {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(LAMBDASIM_SOURCE_DIR) + "/tests/fixtures/import/" + name);
  std::ostringstream b;
  b << in.rdbuf();
  EXPECT_FALSE(b.str().empty()) << name;
  return b.str();
}

ScenarioSpec Load(const ImportedScenario& s) {
  return LoadScenarioString(WriteScenarioYaml(s), "imported.yaml");
}

// A CloudWatch import loads with its observed CSV beside it, as the CLI writes them. Each test
// gets its own directory: ctest runs test cases in parallel processes, and a shared
// TempDir()/s.yaml.observed.csv let one case read another's half-written file.
ScenarioSpec Load(const CloudWatchImport& r) {
  const std::string dir = ::testing::TempDir() + "/lambdasim-import-" +
                          ::testing::UnitTest::GetInstance()->current_test_info()->name() + "-" +
                          std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/s.yaml.observed.csv", std::ios::binary) << r.observed_csv;
  return LoadScenarioString(WriteScenarioYaml(r.scenario), "imported.yaml", {}, dir + "/s.yaml");
}

const FunctionSpec& Fn(const ScenarioSpec& spec, const std::string& name) {
  for (const auto& f : spec.functions)
    if (f.name == name) return f;
  ADD_FAILURE() << "no function " << name;
  return spec.functions.front();
}

const TrafficSpec& Entry(const ScenarioSpec& spec, const std::string& label) {
  for (const auto& t : spec.traffic)
    if (t.label == label) return t;
  ADD_FAILURE() << "no traffic entry " << label;
  return spec.traffic.front();
}

Diagnostic FirstError(const std::function<void()>& f) {
  try {
    f();
  } catch (const ScenarioError& e) {
    return e.diagnostics().front();
  }
  ADD_FAILURE() << "no ScenarioError";
  return {};
}

bool AnyContains(const std::vector<std::string>& v, const std::string& needle) {
  for (const auto& s : v)
    if (s.find(needle) != std::string::npos) return true;
  return false;
}

class SamFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    imported = ImportSam(Fixture("sam_template.yaml"), "sam_template.yaml", "sam");
    spec = Load(imported);
  }
  ImportedScenario imported;
  ScenarioSpec spec;
};

TEST_F(SamFixture, GlobalsFunctionIsInheritedAndOverridden) {
  EXPECT_EQ(Fn(spec, "CheckoutFunction").memory_mb, 512);  // Globals.Function.MemorySize
  EXPECT_EQ(Fn(spec, "CheckoutFunction").timeout, sim::Duration::Seconds(10));
  EXPECT_EQ(Fn(spec, "CheckoutFunction").architecture, Architecture::kArm64);
  EXPECT_EQ(Fn(spec, "Thumbnailer").memory_mb, 2048);  // own MemorySize wins
  EXPECT_EQ(Fn(spec, "OrderWorker").timeout, sim::Duration::Seconds(60));
  EXPECT_EQ(Fn(spec, "OrderWorker").architecture, Architecture::kX86_64);  // own Architectures
  EXPECT_EQ(spec.functions.size(), 5u);  // the SimpleTable, queue, stream, bucket are not functions
}

TEST_F(SamFixture, ReservedAndProvisionedConcurrency) {
  EXPECT_EQ(Fn(spec, "CheckoutFunction").reserved_concurrency, 100);
  EXPECT_EQ(Fn(spec, "CheckoutFunction").provisioned_concurrency, 5);
  EXPECT_FALSE(Fn(spec, "OrderWorker").reserved_concurrency.has_value());
}

TEST_F(SamFixture, IntrinsicsParseRefToParameterResolvesOthersFallBackWithWarning) {
  EXPECT_EQ(Fn(spec, "HttpFunction").memory_mb, 1024);  // !Ref HttpMemory → Default 1024
  EXPECT_EQ(Fn(spec, "HttpFunction").timeout, sim::Duration::Seconds(3));  // !If → AWS default
  EXPECT_TRUE(AnyContains(imported.warnings, "Fn::If"));
  const std::string yaml = WriteScenarioYaml(imported);
  EXPECT_NE(yaml.find("timeout: 3s  # TODO:"), std::string::npos);
}

TEST_F(SamFixture, ApiAndHttpApiAreSyncThroughApiGateway) {
  const auto& api = Entry(spec, "CheckoutFunction-Checkout");
  EXPECT_TRUE(api.via_api_gateway);
  EXPECT_EQ(api.invocation, InvocationType::kSync);
  const auto& http = Entry(spec, "HttpFunction-Get");
  EXPECT_TRUE(http.via_api_gateway);
  EXPECT_EQ(http.api_gateway_timeout, sim::Duration::Seconds(30));
}

TEST_F(SamFixture, SqsEventBecomesSourceWithQueueVisibility) {
  const auto& t = Entry(spec, "OrderWorker-Orders");
  EXPECT_EQ(t.source.type, SourceType::kSqs);
  EXPECT_EQ(t.source.batch_size, 50);
  EXPECT_EQ(t.source.maximum_batching_window, sim::Duration::Seconds(5));
  EXPECT_EQ(t.source.maximum_concurrency, 20);
  EXPECT_EQ(t.source.visibility_timeout, sim::Duration::Seconds(360));  // OrdersQueue
}

TEST_F(SamFixture, KinesisEventBecomesStreamSourceWithShardCount) {
  const auto& t = Entry(spec, "StreamReader-Clicks");
  EXPECT_EQ(t.source.type, SourceType::kKinesis);
  EXPECT_EQ(t.source.batch_size, 200);
  EXPECT_EQ(t.source.parallelization_factor, 2);
  EXPECT_EQ(t.source.maximum_retry_attempts, 3);
  EXPECT_TRUE(t.source.bisect_batch_on_error);
  EXPECT_EQ(t.source.shards, 4);  // ClickStream.ShardCount
}

TEST_F(SamFixture, S3EventIsAsync) {
  EXPECT_EQ(Entry(spec, "Thumbnailer-Upload").invocation, InvocationType::kAsync);
}

TEST_F(SamFixture, PlaceholderRatesAndDurationsAreTodo) {
  for (const auto& t : spec.traffic) EXPECT_DOUBLE_EQ(t.rate_per_s, 10.0) << t.label;
  const std::string yaml = WriteScenarioYaml(imported);
  EXPECT_NE(yaml.find("rate: 10  # TODO: placeholder rate"), std::string::npos);
  EXPECT_NE(yaml.find("duration: { dist: lognormal, median: 100ms, p99: 1s }  # TODO"),
            std::string::npos);
  EXPECT_TRUE(AnyContains(imported.warnings, "AWS::S3::Bucket"));
}

TEST(ImportSam, EventDefaultsAndVisibilityRaisedToTimeout) {
  const std::string t = R"(
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Timeout: 90
      Events:
        Q:
          Type: SQS
          Properties: { Queue: arn:aws:sqs:us-east-1:123456789012:q }
        D:
          Type: DynamoDB
          Properties: { Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST }
  Table: { Type: AWS::DynamoDB::Table }
)";
  auto s = ImportSam(t, "t.yaml", "t");
  const auto spec = Load(s);
  const auto& q = Entry(spec, "Worker-Q");
  EXPECT_EQ(q.source.batch_size, 10);                                  // SQS default
  EXPECT_EQ(q.source.visibility_timeout, sim::Duration::Seconds(90));  // ≥ timeout
  EXPECT_TRUE(AnyContains(s.warnings, "visibility timeout 30s is below the function timeout"));
  const auto& d = Entry(spec, "Worker-D");
  EXPECT_EQ(d.source.type, SourceType::kDynamoDb);
  EXPECT_EQ(d.source.batch_size, 100);  // stream default
}

// One Events mapping aliased from many functions was read once per function: 20 000 functions
// sharing 20 000 events (a 1.6 MB template) made 4e8 traffic entries and ran out of memory.
// Reading more events in all than the template holds nodes is an error at the function.
TEST(ImportSam, EventsSharedThroughAliasesAreBoundedByTheNodeLimit) {
  std::string t = "x: &p\n  Events: {";
  for (int i = 0; i < 1000; ++i) t += (i ? ", E" : "E") + std::to_string(i) + ": {Type: S3}";
  t += "}\nResources:\n";
  for (int i = 0; i < 1001; ++i)
    t += "  F" + std::to_string(i) + ": {Type: AWS::Serverless::Function, Properties: *p}\n";
  const auto d = FirstError([&] { ImportSam(t, "b.yaml", "b"); });
  EXPECT_EQ(d.file, "b.yaml");
  // 9 012 nodes (4 000 in the events, 5 005 in the functions; an alias is not a node): the
  // 10th function's events pass them.
  EXPECT_EQ(d.line, 3 + 10);
  EXPECT_EQ(d.column, 7);
  EXPECT_NE(d.message.find("Resources.F9.Properties.Events: through its aliases the template "
                           "would be read past its 9012 nodes"),
            std::string::npos)
      << d.message;
}

TEST(ImportSam, LogicalIdsAreKeptAndFunctionWithoutEventsGetsDirectTraffic) {
  auto s = ImportSam("Resources:\n  My_Fn-1:\n    Type: AWS::Lambda::Function\n", "t.yaml", "t");
  const auto spec = Load(s);
  EXPECT_EQ(spec.functions.at(0).name, "My_Fn-1");
  EXPECT_EQ(spec.functions.at(0).memory_mb, 128);  // AWS default
  EXPECT_FALSE(Entry(spec, "My_Fn-1").via_api_gateway);
}

TEST(ImportSam, CloudFormationJsonFunctionAliasPcAndEventSourceMapping) {
  const auto spec = Load(ImportSam(Fixture("cfn_template.json"), "cfn.json", "cfn"));
  const auto& f = Fn(spec, "primer");
  EXPECT_EQ(f.memory_mb, 256);
  EXPECT_EQ(f.timeout, sim::Duration::Seconds(30));
  EXPECT_EQ(f.architecture, Architecture::kArm64);
  EXPECT_EQ(f.reserved_concurrency, 10);
  EXPECT_EQ(f.provisioned_concurrency, 3);  // from AWS::Lambda::Alias
  const auto& t = Entry(spec, "primer-mapping");
  EXPECT_EQ(t.source.type, SourceType::kSqs);
  EXPECT_EQ(t.source.batch_size, 7);
  EXPECT_EQ(t.source.maximum_concurrency, 5);
  EXPECT_EQ(t.source.visibility_timeout, sim::Duration::Seconds(180));
}

TEST(ImportSam, ReservationsAboveTheDefaultQuotaRaiseTheAccountLimitAsTodo) {
  auto s = ImportSam(
      "Resources:\n  A: { Type: AWS::Lambda::Function, Properties: "
      "{ ReservedConcurrentExecutions: 2000 } }\n",
      "t.yaml", "t");
  EXPECT_EQ(Load(s).account.concurrency_limit, 2100);
}

// A function that sets no Architectures (nor Globals.Function) runs on AWS's default, x86_64,
// like every other absent property: no warning, no TODO. It was reported as an unresolvable
// value with an empty path ("t.yaml:  cannot be resolved", "# TODO:  not resolvable (t.yaml)").
TEST(ImportSam, AbsentArchitecturesIsTheAwsDefaultWithoutWarningOrTodo) {
  for (const std::string globals : {"", "Globals:\n  Function:\n    Timeout: 5\n"}) {
    auto s = ImportSam(globals +
                           "Resources:\n  S:\n    Type: AWS::Serverless::Function\n"
                           "  C:\n    Type: AWS::Lambda::Function\n    Properties: {}\n",
                       "t.yaml", "t");
    EXPECT_FALSE(AnyContains(s.warnings, "cannot be resolved")) << globals;
    const std::string yaml = WriteScenarioYaml(s);
    EXPECT_EQ(yaml.find("TODO:  not resolvable"), std::string::npos) << yaml;
    size_t n = 0;
    for (size_t at = 0;
         (at = yaml.find("architecture: x86_64  # AWS default x86_64 (Architectures not set)\n",
                         at)) != std::string::npos;
         ++at)
      ++n;
    EXPECT_EQ(n, 2u) << yaml;
    const auto spec = Load(s);
    EXPECT_EQ(Fn(spec, "S").architecture, Architecture::kX86_64);
    EXPECT_EQ(Fn(spec, "C").architecture, Architecture::kX86_64);
  }
}

TEST(ImportErrors, NotYamlHasLineAndColumn) {
  const auto d = FirstError([] { ImportSam(Fixture("bad_not_yaml.yaml"), "bad.yaml", "b"); });
  EXPECT_EQ(d.file, "bad.yaml");
  EXPECT_GT(d.line, 3);
  EXPECT_GT(d.column, 0);
  EXPECT_NE(d.message.find("not YAML or JSON"), std::string::npos);
}

TEST(ImportErrors, UnknownServerlessTypeAtItsPosition) {
  const auto d = FirstError([] { ImportSam(Fixture("bad_unknown_type.yaml"), "u.yaml", "u"); });
  EXPECT_EQ(d.line, 8);
  EXPECT_EQ(d.column, 11);
  EXPECT_NE(d.message.find("AWS::Serverless::Functon"), std::string::npos);
}

// A resource that is not a mapping was reported with no position (0:0): the error is at the
// resource's value, or at its logical ID when the value is empty (a null has no text of its own).
TEST(ImportErrors, ResourceThatIsNotAMappingAtItsPosition) {
  auto d = FirstError([] { ImportSam("Resources: {F: 3}\n", "s.yaml", "s"); });
  EXPECT_EQ(d.file, "s.yaml");
  EXPECT_EQ(d.line, 1);
  EXPECT_EQ(d.column, 16);
  EXPECT_NE(d.message.find("Resources.F: expected a mapping with a Type"), std::string::npos)
      << d.message;
  d = FirstError([] {
    ImportSam("Resources:\n  A:\n    Type: AWS::Lambda::Function\n  B: [x]\n", "l.yaml", "l");
  });
  EXPECT_EQ(d.line, 4);
  EXPECT_EQ(d.column, 6);
  EXPECT_NE(d.message.find("Resources.B: expected a mapping"), std::string::npos) << d.message;
  for (const std::string t : {"Resources:\n  A:\n    Type: AWS::Lambda::Function\n  B:\n",
                              "Resources:\n  A:\n    Type: AWS::Lambda::Function\n  B: ~\n",
                              "Resources:\n  A:\n    Type: AWS::Lambda::Function\n  B:\n"
                              "Outputs: {}\n"}) {
    d = FirstError([&] { ImportSam(t, "n.yaml", "n"); });
    EXPECT_EQ(d.line, 4) << t;
    EXPECT_EQ(d.column, 3) << t;
    EXPECT_NE(d.message.find("Resources.B: expected a mapping"), std::string::npos) << d.message;
  }
}

// One limit for every importer input, public beside the importers (the CLI had its own
// 64 MiB literal): a text of kMaxInputBytes is read (here it is refused for its NUL bytes),
// one byte more is refused for its size.
TEST(ImportErrors, InputSizeLimitIsTheOnePublicConstant) {
  static_assert(kMaxInputBytes == size_t{64} * 1024 * 1024, "the documented 64 MiB");
  auto d = FirstError([] { ImportSam(std::string(kMaxInputBytes, '\0'), "big.yaml", "b"); });
  EXPECT_NE(d.message.find("binary file"), std::string::npos) << d.message;
  d = FirstError([] { ImportTerraform(std::string(kMaxInputBytes + 1, ' '), "big.json", "b"); });
  EXPECT_EQ(d.file, "big.json");
  EXPECT_EQ(d.message, "file larger than 64 MiB");
}

TEST(ImportErrors, ValueOutOfAwsRangeAtItsPosition) {
  const auto d = FirstError([] {
    ImportSam(
        "Resources:\n  A:\n    Type: AWS::Lambda::Function\n    Properties:\n      "
        "MemorySize: 64\n",
        "m.yaml", "m");
  });
  EXPECT_EQ(d.line, 5);
  EXPECT_EQ(d.column, 19);
  EXPECT_NE(d.message.find("Resources.A.Properties.MemorySize"), std::string::npos);
}

TEST(ImportTerraform, PlanFunctionsPcAndMappingInChildModule) {
  auto s = ImportTerraform(Fixture("tf_plan.json"), "plan.json", "plan");
  const auto spec = Load(s);
  const auto& api = Fn(spec, "orders-api");
  EXPECT_EQ(api.memory_mb, 1536);
  EXPECT_EQ(api.timeout, sim::Duration::Seconds(15));
  EXPECT_EQ(api.architecture, Architecture::kArm64);
  EXPECT_EQ(api.reserved_concurrency, 250);
  EXPECT_EQ(api.provisioned_concurrency, 12);
  const auto& w = Fn(spec, "orders-worker");
  EXPECT_FALSE(w.reserved_concurrency.has_value());  // -1 = unreserved
  const auto& t = Entry(spec, "orders-worker-jobs");
  EXPECT_EQ(t.source.type, SourceType::kSqs);
  EXPECT_EQ(t.source.batch_size, 25);
  EXPECT_EQ(t.source.maximum_batching_window, sim::Duration::Seconds(2));
  EXPECT_EQ(t.source.maximum_concurrency, 40);
  EXPECT_EQ(t.source.visibility_timeout, sim::Duration::Seconds(300));
  EXPECT_TRUE(AnyContains(s.warnings, "aws_s3_bucket"));
}

TEST(ImportTerraform, ErrorNamesTheJsonPath) {
  const auto d = FirstError([] {
    ImportTerraform(R"({"planned_values": {"root_module": {"resources": [
      {"type": "aws_lambda_function", "name": "f", "values": {"timeout": 901}}]}}})",
                    "p.json", "p");
  });
  EXPECT_EQ(d.line, 2);
  EXPECT_NE(d.message.find("planned_values.root_module.resources[0].values.timeout"),
            std::string::npos);
}

TEST(ImportTerraform, SanitisedOrRepeatedNamesStayUnique) {
  // Two functions whose names sanitise alike ("a.b" → "a-b") and an event source mapping
  // resource named so its label would equal the other function's default label.
  auto s = ImportTerraform(R"({"planned_values": {"root_module": {"resources": [
      {"type": "aws_lambda_function", "name": "x", "values": {"function_name": "a-b"}},
      {"type": "aws_lambda_function", "name": "y", "values": {"function_name": "a.b"}},
      {"type": "aws_lambda_function", "name": "z", "values": {"function_name": "a"}},
      {"type": "aws_lambda_event_source_mapping", "name": "b", "values": {"function_name": "a",
       "event_source_arn": "arn:aws:sqs:us-east-1:1:q"}}]}}})",
                           "p.json", "p");
  const auto spec = Load(s);  // the loader rejects duplicate functions and labels
  ASSERT_EQ(spec.functions.size(), 3u);
  EXPECT_EQ(spec.functions[0].name, "a-b");
  EXPECT_EQ(spec.functions[1].name, "a-b-2");
  EXPECT_EQ(spec.traffic.size(), 3u);
  EXPECT_EQ(Entry(spec, "a-b-2").function, "a-b");  // "a-b" was taken by a's mapping
  EXPECT_EQ(Entry(spec, "a-b").source.type, SourceType::kSqs);
}

// A plan whose modules an alias makes a graph: `&m {child_modules: [*m]}` holds itself and
// recursed until the stack overflowed (SIGSEGV); an alias to one module twice per level read it
// 2^levels times. Each is an error at the list that repeats it, naming the module's position.
TEST(ImportTerraform, CyclicOrRepeatedModuleAliasIsAnErrorNotACrash) {
  auto d = FirstError([] {
    ImportTerraform("planned_values:\n  root_module: &m\n    child_modules: [*m]\n", "c.yaml", "c");
  });
  EXPECT_EQ(d.file, "c.yaml");
  EXPECT_EQ(d.line, 3);
  EXPECT_EQ(d.column, 20);
  EXPECT_NE(d.message.find("planned_values.root_module.child_modules[0]: the module at c.yaml:2:16 "
                           "again (a cyclic or repeated alias?)"),
            std::string::npos)
      << d.message;
  // Flow style, as JSON would be written (JSON itself has no aliases).
  d = FirstError([] {
    ImportTerraform(R"({"planned_values": {"root_module": &m {"child_modules": [{"child_modules":
      [*m]}]}}})",
                    "c.json", "c");
  });
  EXPECT_EQ(d.line, 2);
  EXPECT_GT(d.column, 0);
  EXPECT_NE(d.message.find("child_modules[0].child_modules[0]: the module at c.json:1:36 again"),
            std::string::npos)
      << d.message;
  // No cycle, but one module twice: `a` is read through the first alias and refused at the
  // second (before, 24 levels of [*a, *a] read the last module 2^24 times).
  d = FirstError([] {
    ImportTerraform(
        "planned_values:\n  root_module:\n    child_modules:\n      - &a {resources: []}\n"
        "      - *a\n",
        "r.yaml", "r");
  });
  EXPECT_EQ(d.line, 4);
  EXPECT_NE(d.message.find("root_module.child_modules[1]: the module at r.yaml:4:9 again"),
            std::string::npos)
      << d.message;
  // One resources list in two modules: its resources would be read once per module.
  d = FirstError([] {
    ImportTerraform(
        "planned_values:\n  root_module:\n    resources: &r []\n    child_modules:\n"
        "      - {resources: *r}\n",
        "l.yaml", "l");
  });
  EXPECT_EQ(d.line, 5);
  EXPECT_NE(d.message.find("child_modules[0].resources: the list at l.yaml:3:16 again"),
            std::string::npos)
      << d.message;
}

TEST(ImportTerraform, ModulesNestedTooDeeplyAreAnError) {
  std::string plan = "{\"planned_values\": {\"root_module\": ";
  for (int i = 0; i < 120; ++i) plan += "{\"child_modules\": [";
  plan += "{}";
  for (int i = 0; i < 120; ++i) plan += "]}";
  plan += "}}";
  const auto d = FirstError([&] { ImportTerraform(plan, "deep.json", "d"); });
  EXPECT_EQ(d.line, 1);
  EXPECT_GT(d.column, 0);
  EXPECT_NE(d.message.find("modules nested deeper than 100 levels"), std::string::npos)
      << d.message;
}

CloudWatchInputs CwInputs() {
  CloudWatchInputs in;
  in.function = "checkout";
  in.invocations = {"inv.json", Fixture("cw_invocations.json")};
  in.duration = {"dur.json", Fixture("cw_duration.json")};
  in.concurrency = {"conc.json", Fixture("cw_concurrency.json")};
  in.throttles = {"thr.json", Fixture("cw_throttles.json")};
  in.observed_csv_name = "s.yaml.observed.csv";
  return in;
}

TEST(ImportCloudWatch, PerPeriodRatesAreTheObservedCountsOverThePeriod) {
  const auto r = ImportCloudWatch(CwInputs(), "cw");
  const auto spec = Load(r);
  EXPECT_EQ(spec.duration, sim::Duration::Seconds(300));  // 10:00 .. 10:05, 60 s periods
  EXPECT_EQ(spec.bucket, sim::Duration::Seconds(60));
  const auto& t = spec.traffic.at(0);
  ASSERT_EQ(t.shape, ShapeKind::kPiecewise);
  // Expected arrivals per period = ∫ rate = Sum of the datapoint (10:02 has none: 0).
  const double want[5] = {6000, 7200, 0, 9000, 3000};
  for (int k = 0; k < 5; ++k) {
    double expected = 0;
    const double a = 60.0 * k, b = a + 60;
    for (const auto& seg : t.segments) {
      const double s0 = std::max(a, static_cast<double>(seg.start.ns()) / 1e9),
                   s1 = std::min(b, static_cast<double>(seg.end.ns()) / 1e9);
      if (s1 > s0) {
        EXPECT_DOUBLE_EQ(seg.rate_from_per_s, seg.rate_to_per_s);  // piecewise constant
        expected += seg.rate_from_per_s * (s1 - s0);
      }
    }
    EXPECT_NEAR(expected, want[k], 1e-9) << "period " << k;
  }
}

TEST(ImportCloudWatch, LognormalThroughWeightedP50AndP99) {
  const auto spec = Load(ImportCloudWatch(CwInputs(), "cw"));
  const auto& d = spec.functions.at(0).duration;
  ASSERT_EQ(d.kind(), sim::Distribution::Kind::kLognormal);
  // Invocation-weighted means of the fixture's per-period percentiles (ms).
  const double w[4] = {6000, 7200, 9000, 3000}, p50s[4] = {180, 200, 220, 160},
               p99s[4] = {900, 950, 1000, 800};
  double p50 = 0, p99 = 0, ws = 0;
  for (int i = 0; i < 4; ++i) {
    p50 += w[i] * p50s[i];
    p99 += w[i] * p99s[i];
    ws += w[i];
  }
  p50 /= ws * 1000;
  p99 /= ws * 1000;
  const double z99 = 2.3263478740408408;                          // Φ⁻¹(0.99)
  EXPECT_NEAR(std::exp(d.p1()), p50, p50 * 1e-5);                 // median = e^μ
  EXPECT_NEAR(std::exp(d.p1() + z99 * d.p2()), p99, p99 * 1e-5);  // p99 = e^(μ + z σ)
}

TEST(ImportCloudWatch, AverageOnlyKeepsTheMeanWithAssumedSigma) {
  auto in = CwInputs();
  in.duration = {"avg.json", Fixture("cw_duration_avg.json")};
  const auto r = ImportCloudWatch(in, "cw");
  const ScenarioSpec spec = Load(r);  // d refers into it: keep it alive
  const auto& d = spec.functions.at(0).duration;
  ASSERT_EQ(d.kind(), sim::Distribution::Kind::kLognormal);
  EXPECT_NEAR(d.p2(), kAssumedSigma, 1e-12);
  EXPECT_NEAR(std::exp(d.p1() + d.p2() * d.p2() / 2), 0.250, 0.250 * 1e-5);  // lognormal mean
  EXPECT_NE(WriteScenarioYaml(r.scenario).find("sigma 0.5 assumed"), std::string::npos);
}

TEST(ImportCloudWatch, ObservedCsvHasConcurrencyAndThrottlesPerPeriod) {
  const auto r = ImportCloudWatch(CwInputs(), "cw");
  EXPECT_NE(r.observed_csv.find("180,2026-11-30T10:03:00Z,9000,55,17\n"), std::string::npos);
  EXPECT_NE(r.observed_csv.find("120,2026-11-30T10:02:00Z,0,0,0\n"), std::string::npos);
  EXPECT_NE(WriteScenarioYaml(r.scenario).find("observed: s.yaml.observed.csv"), std::string::npos);
  // The function's `observed:` key reads it back: five one-minute periods.
  const auto spec = Load(r);
  const ObservedSeries& o = spec.functions.at(0).observed;
  ASSERT_EQ(o.periods.size(), 5u);
  EXPECT_EQ(o.period, sim::Duration::Seconds(60));
  EXPECT_EQ(o.periods[3].invocations, 9000);
  EXPECT_EQ(o.periods[3].concurrency_max, 55);
  EXPECT_EQ(o.periods[3].throttles, 17);
}

TEST(ImportCloudWatch, GetMetricDataResultsNewestFirst) {
  CloudWatchInputs in;
  in.function = "f";
  in.invocations = {"mdr.json", Fixture("cw_mdr_invocations.json")};
  const auto spec = Load(ImportCloudWatch(in, "m").scenario);
  EXPECT_EQ(spec.duration, sim::Duration::Seconds(900));
  const auto& segs = spec.traffic.at(0).segments;
  ASSERT_EQ(segs.size(), 3u);
  EXPECT_DOUBLE_EQ(segs[0].rate_from_per_s, 300.0 / 300);  // 10:00
  EXPECT_DOUBLE_EQ(segs[1].rate_from_per_s, 1500.0 / 300);
  EXPECT_DOUBLE_EQ(segs[2].rate_from_per_s, 600.0 / 300);
}

TEST(ImportCloudWatch, NoDatapointsAndMixedPeriodsAreErrorsWithPositions) {
  CloudWatchInputs in;
  in.function = "f";
  in.invocations = {"empty.json", Fixture("bad_cw_empty.json")};
  auto d = FirstError([&] { ImportCloudWatch(in, "x"); });
  EXPECT_EQ(d.line, 3);
  EXPECT_NE(d.message.find("no datapoints"), std::string::npos);
  in.invocations = {"mixed.json", Fixture("bad_cw_mixed.json")};
  d = FirstError([&] { ImportCloudWatch(in, "x"); });
  EXPECT_EQ(d.line, 6);
  EXPECT_NE(d.message.find("mixed periods"), std::string::npos);
}

// ExtendedStatistics aliased from every datapoint was read once per datapoint: a 1.6 MB file
// of 20 000 datapoints sharing 20 000 statistics ran out of memory. Reading more than the
// file holds nodes is an error at the datapoint.
TEST(ImportCloudWatch, StatisticsSharedThroughAliasesAreBoundedByTheNodeLimit) {
  std::string t = "x: &e {";
  for (int i = 0; i < 1000; ++i) t += (i ? ", p" : "p") + std::to_string(i) + ": 1";
  t += "}\nDatapoints:\n";
  for (int i = 0; i < 1001; ++i) {
    const int h = i / 60, m = i % 60;
    t += std::string("  - {Timestamp: '2026-01-01T") + (h < 10 ? "0" : "") + std::to_string(h) +
         ":" + (m < 10 ? "0" : "") + std::to_string(m) + ":00Z', Sum: 1, ExtendedStatistics: *e}\n";
  }
  CloudWatchInputs in;
  in.function = "f";
  in.invocations = {"b.yaml", t};
  const auto d = FirstError([&] { ImportCloudWatch(in, "x"); });
  EXPECT_EQ(d.file, "b.yaml");
  // 8 011 nodes (2 000 in the statistics, 6 006 in the datapoints; an alias is not a node).
  EXPECT_EQ(d.line, 2 + 9);  // Datapoints[8]: 9 000 statistics read
  EXPECT_EQ(d.column, 5);
  EXPECT_NE(d.message.find("Datapoints[8].ExtendedStatistics: through its aliases the file "
                           "would be read past its 8011 nodes"),
            std::string::npos)
      << d.message;
}

TEST(ImportCloudWatch, TimestampsInUtcWithOffsets) {
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseTimestamp("2000-03-01T00:00:00Z"), 951868800);
  EXPECT_EQ(ParseTimestamp("2000-03-01T01:00:00+01:00"), 951868800);
  EXPECT_EQ(ParseTimestamp("2000-03-01T00:00:00.250Z"), 951868800);
  EXPECT_FALSE(ParseTimestamp("yesterday").has_value());
}

TEST(ImportRates, RateOverrideByLabelOrSingleEntryFunction) {
  auto s = ImportSam(Fixture("sam_template.yaml"), "sam.yaml", "sam");
  ApplyRates(s, {"CheckoutFunction-Checkout=1200", "Thumbnailer=2.5"});
  const auto spec = Load(s);
  EXPECT_DOUBLE_EQ(Entry(spec, "CheckoutFunction-Checkout").rate_per_s, 1200);
  EXPECT_DOUBLE_EQ(Entry(spec, "Thumbnailer-Upload").rate_per_s, 2.5);
  EXPECT_DOUBLE_EQ(Entry(spec, "HttpFunction-Get").rate_per_s, 10);
  EXPECT_NE(WriteScenarioYaml(s).find("rate: 1200  # --rate CheckoutFunction-Checkout=1200"),
            std::string::npos);
  auto bad = FirstError([&] { ApplyRates(s, {"Chekout=5"}); });
  EXPECT_EQ(bad.file, "--rate");
  bad = FirstError([&] { ApplyRates(s, {"Thumbnailer=-1"}); });
  EXPECT_NE(bad.message.find("> 0"), std::string::npos);
}

}  // namespace
}  // namespace lambdasim::import
