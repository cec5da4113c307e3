// Tests of a `calls:` entry with `map:` (issue 18 part 3's "a function's calls: entry of kind
// map"): the caller starts a Step Functions Map run over map.function (models/lambda/map_run.h)
// through CallChains (models/lambda/sources/call_chain.h). Against independent numbers: a sync
// caller waits exactly the run's length (items / bound × item duration), the items stay within
// the bound, an async caller does not wait, a failed run fails the caller as a downstream
// error, the caller's timeout cuts its wait while the run goes on, and the loader's checks
// (cycles through a Map's item function, `function` and `map` exclusive) at file:line:col.
#include <string>

#include <gtest/gtest.h>

#include "models/load/scenario_loader.h"
#include "models/run/runner.h"

namespace lambdasim {
namespace {

// One orchestrator invocation a minute (uniform: 10 in 10 minutes), 100 ms of its own, whose
// call runs a Map of 100 one-second items, 10 at a time: 10 s per run.
std::string Scenario(const std::string& call_extra, const std::string& orchestrator_extra = "",
                     const std::string& worker_extra = "") {
  return R"(name: mapcall
duration: 10m
seed: 3
functions:
  orchestrator:
    timeout: 900s
    duration: 100ms
    init_duration: 0s
)" + orchestrator_extra +
         R"(    calls:
      - map: { function: worker, items: 100, max_concurrency: 10 }
)" + call_extra +
         R"(  worker:
    duration: 1s
    init_duration: 0s
)" + worker_extra +
         R"(traffic:
  - function: orchestrator
    rate: 1/min
    arrivals: uniform
)";
}

RunResult RunYaml(const std::string& yaml) {
  return RunScenario(LoadScenarioString(yaml, "t.yaml"));
}

const FunctionSummary& Fn(const RunResult& r, const std::string& name) {
  for (const auto& f : r.functions)
    if (f.name == name) return f;
  ADD_FAILURE() << "no function " << name;
  return r.functions.front();
}

TEST(CallMap, SyncCallerWaitsForTheWholeRunWithItsItemsWithinTheBound) {
  const RunResult r = RunYaml(Scenario(""));
  const auto& o = Fn(r, "orchestrator");
  const auto& w = Fn(r, "worker");
  ASSERT_EQ(o.invocations, 10u);
  EXPECT_EQ(o.calls_sync, 10u);
  EXPECT_DOUBLE_EQ(o.callee_wait_mean_s, 10.0);  // 100 items / 10 in flight × 1 s
  EXPECT_EQ(w.invocations, 1000u);
  EXPECT_EQ(w.concurrency_max, 10);
  // Little's law: the orchestrator holds 10 × (0.1 + 10) s of busy time in 600 s (one
  // invocation's worth of slack for where the uniform arrivals fall).
  EXPECT_NEAR(o.concurrency_mean, 10 * 10.1 / 600, 10.1 / 600);
  ASSERT_EQ(r.maps.size(), 1u);
  EXPECT_EQ(r.maps[0].label, "orchestrator/calls/0");
  EXPECT_EQ(r.maps[0].runs_started, 10u);
  EXPECT_EQ(r.maps[0].runs_completed, 10u);
  EXPECT_EQ(r.maps[0].items_in_flight_max, 10);
}

TEST(CallMap, AsyncCallerStartsTheRunAndGoesOn) {
  const RunResult r = RunYaml(Scenario("        invocation: async\n"));
  const auto& o = Fn(r, "orchestrator");
  EXPECT_EQ(o.calls_async, 10u);
  EXPECT_EQ(o.callee_wait_s, 0.0);
  EXPECT_NEAR(o.concurrency_mean, 10 * 0.1 / 600, 0.1 / 600);
  EXPECT_EQ(r.maps.at(0).runs_completed, 10u);
  EXPECT_EQ(Fn(r, "worker").invocations, 1000u);
}

TEST(CallMap, AFailedRunFailsTheCallerAsADownstreamError) {
  // Every item is throttled (reserved 0) and no Retrier: each run fails at its first item.
  const RunResult r = RunYaml(Scenario("", "", "    reserved_concurrency: 0\n"));
  const auto& o = Fn(r, "orchestrator");
  ASSERT_EQ(o.invocations, 10u);
  EXPECT_EQ(o.errors, 10u);
  EXPECT_EQ(o.downstream_errors, 10u);
  EXPECT_EQ(o.downstream_errors_by_reason[static_cast<int>(DownstreamReason::kError)], 10u);
  EXPECT_EQ(r.maps.at(0).runs_failed, 10u);
}

TEST(CallMap, CallerTimeoutCutsTheWaitWhileTheRunGoesOn) {
  const std::string yaml = Scenario("");
  std::string cut = yaml;
  cut.replace(cut.find("timeout: 900s"), 13, "timeout: 5s");
  const RunResult r = RunYaml(cut);
  const auto& o = Fn(r, "orchestrator");
  EXPECT_EQ(o.timeouts, 10u);
  EXPECT_EQ(o.downstream_errors, 0u);
  EXPECT_DOUBLE_EQ(o.callee_wait_mean_s, 5.0);  // the call is made at own time 0 (after: 0s)
  EXPECT_EQ(r.maps.at(0).runs_completed, 10u);  // Step Functions runs on
  EXPECT_EQ(Fn(r, "worker").invocations, 1000u);
}

std::string Formatted(const std::string& yaml) {
  try {
    LoadScenarioString(yaml, "t.yaml");
  } catch (const ScenarioError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += d.Format() + "\n";
    return out;
  }
  return "";
}

TEST(CallMapLoader, ACycleThroughAMapsItemFunctionIsRefused) {
  const std::string err =
      Formatted(Scenario("", "", "    calls: [ { function: orchestrator } ]\n"));
  EXPECT_NE(err.find("t.yaml:14:26: call cycle: orchestrator -> worker -> orchestrator"),
            std::string::npos)
      << err;
}

TEST(CallMapLoader, FunctionAndMapExcludeEachOther) {
  const std::string both = Formatted(Scenario("        function: worker\n"));
  EXPECT_NE(both.find("t.yaml:11:19: 'function' and 'map' exclude each other"), std::string::npos)
      << both;
  std::string neither = Scenario("");
  neither.replace(neither.find("map: {"), 6, "other: {");
  EXPECT_NE(Formatted(neither).find("unknown key 'other'"), std::string::npos)
      << Formatted(neither);
}

}  // namespace
}  // namespace lambdasim
