// tests/key_table_test.cc — the scenario key table (models/load/key_table.h): its invariants,
// that scenarios/README.md's key tables are the table's rendering (they cannot drift), that
// the keys added with it load (environment_reuse, keep_alive_policy, hybrid_keep_alive,
// traffic label), and that AWS limits come from PlatformProfile.
#include "models/load/key_table.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "models/load/scenario_loader.h"
#include "models/load/schema.h"

namespace lambdasim {
namespace {

constexpr const char* kBase = R"(functions:
  api:
    duration: 100ms
)";

std::string Errors(const std::string& yaml) {
  try {
    LoadScenarioString(yaml, "t.yaml");
  } catch (const ScenarioError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += d.Format() + "\n";
    return out;
  }
  ADD_FAILURE() << "expected a ScenarioError for:\n" << yaml;
  return "";
}

TEST(KeyTable, SectionsAndKeysAreUniqueAndDocumented) {
  const ScenarioKeys& table = ScenarioKeyTable();
  std::set<std::string> ids;
  for (const KeySection* s : table.sections) {
    EXPECT_TRUE(ids.insert(s->id).second) << s->id;
    std::set<std::string> names;
    EXPECT_EQ(s->names.size(), s->keys.size()) << s->id;
    for (const KeyDef& k : s->keys) {
      EXPECT_TRUE(names.insert(k.name).second) << s->id << "." << k.name;
      if (k.type == KeyType::kMapping || k.type == KeyType::kMap) {
        EXPECT_NE(k.section, nullptr) << s->id << "." << k.name;
      }
      if (k.type == KeyType::kEnum) {
        EXPECT_FALSE(k.choices.empty()) << k.name;
      }
    }
  }
}

TEST(KeyTable, AwsLimitsComeFromThePlatformProfile) {
  const PlatformLimits lim;
  const ScenarioKeys& t = ScenarioKeyTable();
  EXPECT_EQ(t.Section("function").Get("memory_mb").int_max, lim.memory_mb_max);
  EXPECT_EQ(t.Section("function").Get("timeout").dur_max, lim.timeout_max);
  EXPECT_EQ(t.Section("traffic.source").Get("batch_size").int_max, lim.esm_batch_size_max);
  EXPECT_EQ(t.Section("function.async").Get("maximum_event_age").dur_max, lim.async_event_age_max);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

TEST(KeyTable, ScenariosReadmeTablesAreGeneratedFromTheTable) {
  const std::string path = std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/README.md";
  const std::string text = ReadFile(path);
  ASSERT_FALSE(text.empty()) << path;
  std::vector<std::string> problems, missing;
  const std::string updated = UpdateKeyTables(text, &problems, &missing);
  EXPECT_TRUE(problems.empty()) << problems.front();
  for (const auto& m : missing) ADD_FAILURE() << "scenarios/README.md has no table for " << m;
  EXPECT_TRUE(updated == text)
      << "scenarios/README.md's key tables differ from models/load/key_table.cc; run "
         "`lambdasim schema --update-readme scenarios/README.md`";
}

TEST(KeyTable, NewFunctionKeysLoad) {
  const ScenarioSpec s =
      LoadScenarioString(std::string(kBase) + R"(    environment_reuse: newest_created
    keep_alive_policy: hybrid_histogram
    hybrid_keep_alive: { histogram_range: 2h, bin_width: 30s, head_percentile: 1,
                         tail_percentile: 95, margin: 0.2, cv_threshold: 1.5, min_samples: 20 }
traffic:
  - function: api
    rate: 1
)",
                         "t.yaml");
  const FunctionSpec& f = s.functions[0];
  EXPECT_EQ(f.environment_reuse, EnvironmentReuse::kNewestCreated);
  EXPECT_EQ(f.keep_alive_policy.kind, KeepAliveKind::kHybridHistogram);
  const HybridKeepAliveSpec& h = f.keep_alive_policy.hybrid;
  EXPECT_EQ(h.histogram_range, sim::Duration::Hours(2));
  EXPECT_EQ(h.bin_width, sim::Duration::Seconds(30));
  EXPECT_EQ(h.head_percentile, 1);
  EXPECT_EQ(h.tail_percentile, 95);
  EXPECT_EQ(h.margin, 0.2);
  EXPECT_EQ(h.cv_threshold, 1.5);
  EXPECT_EQ(h.min_samples, 20);
}

TEST(KeyTable, NewFunctionKeysDefaultToTodaysBehaviour) {
  const ScenarioSpec s =
      LoadScenarioString(std::string(kBase) + "traffic:\n  - function: api\n    rate: 1\n", "t");
  EXPECT_EQ(s.functions[0].environment_reuse, EnvironmentReuse::kMostRecentlyUsed);
  EXPECT_EQ(s.functions[0].keep_alive_policy.kind, KeepAliveKind::kFixed);
  EXPECT_EQ(s.functions[0].keep_alive_policy.hybrid.histogram_range, sim::Duration::Hours(4));
}

TEST(KeyTable, HybridKeepAliveRelationsAreChecked) {
  const std::string traffic = "traffic:\n  - function: api\n    rate: 1\n";
  std::string err =
      Errors(std::string(kBase) +
             "    hybrid_keep_alive: { head_percentile: 99, tail_percentile: 5 }\n" + traffic);
  EXPECT_NE(err.find("head_percentile 99 must be less than tail_percentile 5"), std::string::npos)
      << err;
  err = Errors(std::string(kBase) +
               "    hybrid_keep_alive: { histogram_range: 1m, bin_width: 2m }\n" + traffic);
  EXPECT_NE(err.find("bin_width 2m is longer than histogram_range 1m"), std::string::npos) << err;
  err = Errors(std::string(kBase) + "    hybrid_keep_alive: { min_samples: 0, bin_widht: 1m }\n" +
               traffic);
  EXPECT_NE(err.find("'min_samples' = 0 is out of range"), std::string::npos) << err;
  EXPECT_NE(err.find("did you mean 'bin_width'?"), std::string::npos) << err;
  err = Errors(std::string(kBase) + "    environment_reuse: newest_crated\n" + traffic);
  EXPECT_NE(err.find("did you mean 'newest_created'?"), std::string::npos) << err;
}

TEST(KeyTable, TrafficLabelsDefaultToFunctionAndAreUnique) {
  const ScenarioSpec s = LoadScenarioString(std::string(kBase) + R"(  worker:
    duration: 1s
traffic:
  - function: api
    rate: 1
  - function: worker
    rate: 1
  - function: api
    rate: 2
  - function: api
    label: nightly
    rate: 3
  - function: api
    rate: 4
)",
                                            "t.yaml");
  ASSERT_EQ(s.traffic.size(), 5u);
  EXPECT_EQ(s.traffic[0].label, "api");
  EXPECT_EQ(s.traffic[1].label, "worker");
  EXPECT_EQ(s.traffic[2].label, "api#2");
  EXPECT_EQ(s.traffic[3].label, "nightly");
  EXPECT_EQ(s.traffic[4].label, "api#4");
  const std::string err = Errors(std::string(kBase) + R"(traffic:
  - function: api
    rate: 1
  - function: api
    label: api
    rate: 1
  - function: api
    label: "bad label"
    rate: 1
)");
  EXPECT_NE(err.find("t.yaml:8:12: duplicate traffic label 'api'"), std::string::npos) << err;
  EXPECT_NE(err.find("label 'bad label' may contain only"), std::string::npos) << err;
}

TEST(KeyTable, SchemaIsDraft2020AndKnowsEveryTopLevelKey) {
  const std::string schema = ScenarioJsonSchema();
  EXPECT_NE(schema.find("https://json-schema.org/draft/2020-12/schema"), std::string::npos);
  for (const KeyDef& k : ScenarioKeyTable().Section("scenario").keys)
    EXPECT_NE(schema.find("\"" + k.name + "\": "), std::string::npos) << k.name;
}

}  // namespace
}  // namespace lambdasim
