// tests/summary_table_test.cc — the stdout summary table: content, alignment, formatting.
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/output/summary_table.h"

namespace lambdasim {
namespace {

RunResult TableResult() {
  RunResult r;
  r.function_names = {"api", "batch-worker"};
  FunctionSummary api;
  api.name = "api";
  api.invocations = 1234567;
  api.throttles = 1500;
  api.throttles_by_reason = {1000, 0, 400, 100};
  api.cold_start_rate = 0.0123;
  api.concurrency_max = 100;
  api.concurrency_limit = 100;
  api.latency.p99_ms = 245.25;
  api.cost_usd = 12.345;
  api.monthly_cost_usd = 59256;
  api.errors = 77;
  api.timeouts = 22;
  api.requests = 1236067;
  FunctionSummary worker;
  worker.name = "batch-worker";
  worker.invocations = 42;
  worker.concurrency_max = 3;
  worker.concurrency_limit = 900;
  worker.latency.p99_ms = 1500.4;
  worker.cost_usd = 0.00042;
  worker.monthly_cost_usd = 2.016;
  worker.cold_start_rate = 0.0004;  // 1 in 2,500: must not print as 0.0%
  r.functions = {api, worker};
  r.account.invocations = 1234609;
  r.account.throttles = 1500;
  r.account.throttles_by_reason = {1000, 0, 400, 100};
  r.account.cold_start_rate = 0.5;
  r.account.concurrency_max = 103;
  r.account.concurrency_limit = 1000;
  r.account.latency.p99_ms = 250;
  r.account.cost_usd = 12.34542;
  r.account.monthly_cost_usd = 59258.016;
  r.account.errors = 77;
  r.account.requests = 1236109;
  r.account.throttle_rate = 1500.0 / 1236109;
  return r;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string line; std::getline(ss, line);) out.push_back(line);
  return out;
}

TEST(SummaryTableTest, Helpers) {
  EXPECT_EQ(FormatThousands(uint64_t{0}), "0");
  EXPECT_EQ(FormatThousands(uint64_t{999}), "999");
  EXPECT_EQ(FormatThousands(uint64_t{1000}), "1,000");
  EXPECT_EQ(FormatThousands(uint64_t{1234567}), "1,234,567");
  EXPECT_EQ(FormatThousands(int64_t{-1234}), "-1,234");
  EXPECT_EQ(FormatUsd(0), "$0");
  EXPECT_EQ(FormatUsd(0.00042), "$0.0004");
  EXPECT_EQ(FormatUsd(0.5), "$0.5000");
  EXPECT_EQ(FormatUsd(12.345), "$12.35");
  EXPECT_EQ(FormatUsd(1234.5), "$1,234.50");
}

TEST(SummaryTableTest, PercentNeverRoundsACountAway) {
  EXPECT_EQ(FormatPercent(0, 2), "0.00%");
  EXPECT_EQ(FormatPercent(0.0000001, 2), "< 0.01%");
  EXPECT_EQ(FormatPercent(0.00004, 2), "< 0.01%");
  EXPECT_EQ(FormatPercent(0.00005, 2), "0.01%");
  EXPECT_EQ(FormatPercent(0.0004, 1), "< 0.1%");
  EXPECT_EQ(FormatPercent(0.123456, 1), "12.3%");
  EXPECT_EQ(FormatPercent(1, 2), "100.00%");
  EXPECT_EQ(FormatPercent(0.9999999, 2), "> 99.99%");
  EXPECT_EQ(FormatPercent(0.893667, 0), "89%");
  EXPECT_EQ(FormatPercent(0.001, 0), "< 1%");
}

TEST(SummaryTableTest, VerdictWithoutThrottles) {
  RunResult r;
  r.account.concurrency_max = 2681;
  r.account.concurrency_limit = 3000;
  r.account.latency.p99_ms = 910;
  r.account.monthly_cost_usd = 449.2;
  EXPECT_EQ(FormatVerdict(r),
            "peak 2,681 / 3,000 (89%) account concurrency; 0 throttles; p99 910.0 ms; $449.20 "
            "per month");
  r.account.throttles = 2;
  r.account.throttles_by_reason = {0, 0, 2, 0};
  r.account.requests = 540000;
  r.account.throttle_rate = 2.0 / 540000;
  EXPECT_NE(FormatVerdict(r).find("2 throttles (< 0.01% of requests, all scaling_rate)"),
            std::string::npos)
      << FormatVerdict(r);
}

TEST(SummaryTableTest, RowsAndAlignment) {
  ScenarioSpec spec;
  spec.name = "demo";
  const std::string table = FormatSummaryTable(TableResult(), spec);
  const std::vector<std::string> lines = Lines(table);
  // title, header, rule, 2 functions, rule, account, verdict
  ASSERT_EQ(lines.size(), 8u) << table;
  EXPECT_EQ(lines[0], "scenario demo: 10m simulated, seed 1");
  // Header and data lines share one width; numeric columns are right-aligned, so each
  // line's cost column ends at the same position.
  const size_t width = lines[1].size();
  for (size_t i = 1; i + 1 < lines.size(); ++i)
    EXPECT_EQ(lines[i].size(), width) << i << ": " << lines[i];
  EXPECT_EQ(lines[1].rfind("function", 0), 0u);
  for (const char* col :
       {"invocations", "errors", "timeouts", "throttles", "thr:acct", "thr:resv", "thr:scale",
        "thr:rps", "cold %", "peak/limit", "p99 ms", "cost $", "$/month"}) {
    EXPECT_NE(lines[1].find(col), std::string::npos) << col;
  }
  EXPECT_NE(lines[3].find("1,234,567"), std::string::npos);
  EXPECT_NE(lines[3].find("1.2%"), std::string::npos);
  EXPECT_NE(lines[3].find("100/100"), std::string::npos);
  EXPECT_NE(lines[3].find("245.2"), std::string::npos);
  EXPECT_NE(lines[3].find("$12.35"), std::string::npos);
  EXPECT_NE(lines[3].find("$59,256.00"), std::string::npos);
  EXPECT_NE(lines[3].find(" 77 "), std::string::npos);  // errors
  EXPECT_NE(lines[3].find(" 22 "), std::string::npos);  // timeouts
  EXPECT_EQ(lines[1].find(" rate "), std::string::npos) << "no bare 'rate' column";
  EXPECT_NE(lines[4].find("< 0.1%"), std::string::npos) << lines[4];
  EXPECT_EQ(lines[4].rfind("batch-worker", 0), 0u);
  EXPECT_NE(lines[4].find("3/900"), std::string::npos);
  EXPECT_NE(lines[4].find("1,500"), std::string::npos);  // p99 1500.4 ms, rounded
  EXPECT_EQ(lines[5].find_first_not_of('-'), std::string::npos);
  EXPECT_EQ(lines[6].rfind("account", 0), 0u);
  EXPECT_NE(lines[6].find("103/1,000"), std::string::npos);
  EXPECT_NE(lines[6].find("50.0%"), std::string::npos);
  // The throttle reason columns: acct 1,000 resv 0 rate 400 rps 100, in that order.
  const size_t acct = lines[3].find("1,000");
  const size_t rate = lines[3].find(" 400 ");
  const size_t rps = lines[3].find(" 100 ");
  EXPECT_LT(acct, rate);
  EXPECT_LT(rate, rps);
  EXPECT_EQ(lines[7],
            "verdict: peak 103 / 1,000 (10%) account concurrency; 1,500 throttles (0.12% of "
            "requests, mostly account_concurrency); 77 errors (22 timeouts); p99 250.0 ms; "
            "$59,258.02 per month");
  EXPECT_EQ(table, FormatSummaryTable(TableResult(), spec));  // deterministic
}

}  // namespace
}  // namespace lambdasim
