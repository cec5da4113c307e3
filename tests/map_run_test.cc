// tests/map_run_test.cc — Step Functions Map runs (models/lambda/map_run.h; issue 18 part 3):
// the in-flight bound, Step Functions' caps, the account pool, the Retrier, failure, item
// counts, and the `map:` keys' errors. Expected numbers are derived by hand in each test.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/lambda/event_kinds.h"
#include "models/load/scenario_loader.h"
#include "tests/model_test_util.h"

namespace lambdasim {
namespace {

using sim::Distribution;
using sim::Duration;
using testing::AddFunction;
using testing::AddTraffic;
using testing::BaseSpec;

// A traffic entry whose arrivals each start a Map run of `items` items of `fn`. Uniform
// arrivals: the first at t = 0, then every 1/rate seconds.
TrafficSpec& AddMap(ScenarioSpec& spec, const std::string& fn, double runs_per_s, double items,
                    int64_t max_concurrency, MapKind kind) {
  auto& t = AddTraffic(spec, fn, runs_per_s, ArrivalKind::kUniform);
  MapSpec m;
  m.items = Distribution::Constant(items);
  m.max_concurrency = max_concurrency;
  m.kind = kind;
  m.cap = kind == MapKind::kDistributed ? spec.platform.limits.sfn_distributed_map_max_concurrency
                                        : spec.platform.limits.sfn_inline_map_max_concurrency;
  t.map = m;
  return t;
}

constexpr double kOneRun = 1.0 / 3600;  // one arrival (t = 0) within the tests' horizons

TEST(MapRun, ItemRetriesRunWithArrivalsAfterReleases) {
  // A retry due when an item ends gets the capacity released at that instant.
  EXPECT_EQ(PriorityOf(EventKind::kMapRetry), PriorityOf(EventKind::kClientRetry));
  EXPECT_LT(PriorityOf(EventKind::kInvocationComplete), PriorityOf(EventKind::kMapRetry));
}

TEST(MapRun, MaxConcurrencyBoundsItemsInFlight) {
  // 1 000 items of 1 s, at most 100 in flight ⇒ 10 waves of 100: peak 100, run 10 s exactly.
  auto spec = BaseSpec(Duration::Seconds(60));
  AddFunction(spec, "item", Distribution::Constant(1.0));
  AddMap(spec, "item", kOneRun, 1000, 100, MapKind::kDistributed);
  const auto r = RunScenario(spec);
  ASSERT_EQ(r.maps.size(), 1u);
  const MapSummary& m = r.maps[0];
  EXPECT_EQ(m.bound, 100);
  EXPECT_EQ(m.runs_started, 1u);
  EXPECT_EQ(m.runs_completed, 1u);
  EXPECT_EQ(m.runs_failed, 0u);
  EXPECT_EQ(m.items, 1000u);
  EXPECT_EQ(m.item_invocations, 1000u);
  EXPECT_EQ(m.items_in_flight_max, 100);
  EXPECT_EQ(r.functions[0].concurrency_max, 100);
  EXPECT_EQ(r.functions[0].invocations, 1000u);
  EXPECT_NEAR(m.run_duration.max_ms, 10000.0, 1e-6);
  EXPECT_EQ(m.item_throttles, 0u);
}

TEST(MapRun, InlineMapRunsAtMostFortyIterationsWithoutALimit) {
  // Inline, MaxConcurrency 0: Step Functions' own 40 ⇒ 400 items of 1 s take 10 s.
  auto spec = BaseSpec(Duration::Seconds(60));
  AddFunction(spec, "item", Distribution::Constant(1.0));
  AddMap(spec, "item", kOneRun, 400, 0, MapKind::kInline);
  const auto r = RunScenario(spec);
  const MapSummary& m = r.maps.at(0);
  EXPECT_EQ(m.bound, 40);
  EXPECT_EQ(m.items_in_flight_max, 40);
  EXPECT_EQ(r.functions[0].concurrency_max, 40);
  EXPECT_NEAR(m.run_duration.max_ms, 10000.0, 1e-6);
  EXPECT_EQ(m.runs_completed, 1u);
}

TEST(MapRun, InlineCapAppliesAboveALargerMaxConcurrency) {
  // MaxConcurrency 1 000 on an inline Map still runs 40 at once (the mode's quota).
  auto spec = BaseSpec(Duration::Seconds(60));
  AddFunction(spec, "item", Distribution::Constant(1.0));
  AddMap(spec, "item", kOneRun, 80, 1000, MapKind::kInline);
  const auto r = RunScenario(spec);
  EXPECT_EQ(r.maps.at(0).items_in_flight_max, 40);
  EXPECT_NEAR(r.maps.at(0).run_duration.max_ms, 2000.0, 1e-6);
}

TEST(MapRun, UnboundedDistributedMapTakesTheWholeUnreservedPool) {
  // Distributed, no limit (bound 10 000): 2 000 items of 10 s at t = 0 against an account of
  // 1 000 ⇒ 1 000 run, 1 000 are throttled (account concurrency). Without a Retrier each
  // throttled item fails; a 100 % tolerance lets the run finish when the 1 000 end (10 s).
  auto spec = BaseSpec(Duration::Seconds(60));
  AddFunction(spec, "item", Distribution::Constant(10.0));
  auto& t = AddMap(spec, "item", kOneRun, 2000, 0, MapKind::kDistributed);
  t.map->tolerated_failure_percentage = 100;
  const auto r = RunScenario(spec);
  const MapSummary& m = r.maps.at(0);
  EXPECT_EQ(m.bound, 10000);
  EXPECT_EQ(r.functions[0].concurrency_max, 1000);
  EXPECT_EQ(r.account.concurrency_max, 1000);
  EXPECT_EQ(m.item_invocations, 1000u);
  EXPECT_EQ(m.item_throttles, 1000u);
  EXPECT_EQ(m.item_failures, 1000u);
  EXPECT_EQ(
      r.functions[0].throttles_by_reason[static_cast<size_t>(ThrottleReason::kAccountConcurrency)],
      1000u);
  EXPECT_EQ(m.items_in_flight_max, 1000);  // a throttled item without a Retrier never is
  EXPECT_EQ(m.runs_completed, 1u);
  EXPECT_NEAR(m.run_duration.max_ms, 10000.0, 1e-6);
}

TEST(MapRun, UnboundedDistributedMapThrottlesTheSynchronousApiBesideIt) {
  // The library scenario's claim, small: the Map takes all 1 000 units at t = 0 for 10 s; an
  // API at 10 requests/s from t = 1 s (uniform: 1.0, 1.1, … s) is refused until the items end
  // at 10 s — the 90 requests in [1 s, 10 s). With MaxConcurrency 500 it is never refused.
  auto run = [](int64_t max_concurrency) {
    auto spec = BaseSpec(Duration::Seconds(60));
    AddFunction(spec, "item", Distribution::Constant(10.0));
    AddFunction(spec, "api", Distribution::Constant(0.05));
    auto& t = AddMap(spec, "item", kOneRun, 2000, max_concurrency, MapKind::kDistributed);
    t.map->tolerated_failure_percentage = 100;
    auto& api = AddTraffic(spec, "api", 10.0, ArrivalKind::kUniform);
    api.start = Duration::Seconds(1);
    return RunScenario(spec);
  };
  const auto unbounded = run(0);
  EXPECT_EQ(unbounded.functions[1].throttles, 90u);
  EXPECT_EQ(unbounded.functions[1]
                .throttles_by_reason[static_cast<size_t>(ThrottleReason::kAccountConcurrency)],
            90u);
  const auto bounded = run(500);
  EXPECT_EQ(bounded.functions[1].throttles, 0u);
  EXPECT_EQ(bounded.functions[0].concurrency_max, 500);
  EXPECT_EQ(bounded.maps.at(0).item_throttles, 0u);
  EXPECT_NEAR(bounded.maps.at(0).run_duration.max_ms, 40000.0, 1e-6);  // 2 000 / 500 × 10 s
}

TEST(MapRun, FirstFailedItemFailsTheRunByDefault) {
  // ToleratedFailurePercentage 0 (AWS's default), no Retrier: the 1 001st item is throttled
  // and fails the run; no more items start; it ends when the 1 000 running end (10 s).
  auto spec = BaseSpec(Duration::Seconds(60));
  AddFunction(spec, "item", Distribution::Constant(10.0));
  AddMap(spec, "item", kOneRun, 2000, 0, MapKind::kDistributed);
  const auto r = RunScenario(spec);
  const MapSummary& m = r.maps.at(0);
  EXPECT_EQ(m.item_invocations, 1000u);
  EXPECT_EQ(m.item_throttles, 1u);
  EXPECT_EQ(m.item_failures, 1u);
  EXPECT_EQ(m.runs_failed, 1u);
  EXPECT_EQ(m.runs_completed, 0u);
  EXPECT_NEAR(m.run_duration.max_ms, 10000.0, 1e-6);
}

TEST(MapRun, RetrierRetriesAThrottledItemAfterItsInterval) {
  // Reserved concurrency 10; 20 items of 1 s, no Map limit; Retrier 1 s, ×2. At t = 0: 10
  // run, 10 throttled; at 1 s the 10 end (releases first) and the 10 retries run: 2 s total.
  auto spec = BaseSpec(Duration::Seconds(60));
  auto& f = AddFunction(spec, "item", Distribution::Constant(1.0));
  f.reserved_concurrency = 10;
  auto& t = AddMap(spec, "item", kOneRun, 20, 0, MapKind::kDistributed);
  t.map->retry.max_attempts = 3;
  t.map->retry.interval = Duration::Seconds(1);
  t.map->retry.backoff_rate = 2;
  const auto r = RunScenario(spec);
  const MapSummary& m = r.maps.at(0);
  EXPECT_EQ(m.item_throttles, 10u);
  EXPECT_EQ(m.item_retries, 10u);
  EXPECT_EQ(m.item_failures, 0u);
  EXPECT_EQ(m.item_invocations, 20u);
  EXPECT_EQ(m.runs_completed, 1u);
  EXPECT_NEAR(m.run_duration.max_ms, 2000.0, 1e-6);
}

TEST(MapRun, RetrierBacksOffExponentiallyUntilItsAttemptsRunOut) {
  // Reserved 1; 2 items of 10 s; Retrier 1 s ×2, 3 attempts: the second item is throttled at
  // 0, 1, 3 and 7 s (waits 1, 2, 4) — 4 throttles, 3 retries, then it fails (10 s > 7 s).
  auto spec = BaseSpec(Duration::Seconds(60));
  auto& f = AddFunction(spec, "item", Distribution::Constant(10.0));
  f.reserved_concurrency = 1;
  auto& t = AddMap(spec, "item", kOneRun, 2, 0, MapKind::kDistributed);
  t.map->retry.max_attempts = 3;
  t.map->tolerated_failure_percentage = 100;
  const auto r = RunScenario(spec);
  const MapSummary& m = r.maps.at(0);
  EXPECT_EQ(m.item_throttles, 4u);
  EXPECT_EQ(m.item_retries, 3u);
  EXPECT_EQ(m.item_failures, 1u);
  EXPECT_EQ(m.runs_completed, 1u);
  EXPECT_NEAR(m.run_duration.max_ms, 10000.0, 1e-6);
}

TEST(MapRun, ConcurrentRunsAreEachBounded) {
  // A run per second, each 100 items of 1 s with MaxConcurrency 10 ⇒ each run lasts 10 s;
  // in steady state 10 runs are open with 10 items each: 100 in flight, never more.
  auto spec = BaseSpec(Duration::Seconds(60));
  AddFunction(spec, "item", Distribution::Constant(1.0));
  AddMap(spec, "item", 1.0, 100, 10, MapKind::kDistributed);
  const auto r = RunScenario(spec);
  const MapSummary& m = r.maps.at(0);
  EXPECT_EQ(m.runs_started, 60u);
  EXPECT_EQ(m.runs_completed, 50u);  // runs started at 0 … 49 s end by 59 s
  EXPECT_EQ(m.items_in_flight_max, 100);
  EXPECT_EQ(r.functions[0].concurrency_max, 100);
  EXPECT_NEAR(m.run_duration.mean_ms, 10000.0, 1e-6);
  EXPECT_NEAR(m.run_duration.max_ms, 10000.0, 1e-6);
}

TEST(MapRun, ItemCountsFollowTheirDistribution) {
  // items ~ uniform[0, 200] (rounded): mean 100, sd 57.7; 2 000 runs ⇒ the mean of the
  // counts is within 100 ± 5 (over 3.8 standard errors).
  auto spec = BaseSpec(Duration::Seconds(200));
  AddFunction(spec, "item", Distribution::Constant(0.01));
  auto& t = AddMap(spec, "item", 10.0, 0, 0, MapKind::kDistributed);
  t.map->items = Distribution::Uniform(0, 200);
  const auto r = RunScenario(spec);
  const MapSummary& m = r.maps.at(0);
  ASSERT_EQ(m.runs_started, 2000u);
  const double mean = static_cast<double>(m.items) / static_cast<double>(m.runs_started);
  EXPECT_NEAR(mean, 100.0, 5.0);
  EXPECT_EQ(m.item_invocations, m.items);  // 10 ms items, no throttle: every item ran
}

TEST(MapRun, MapEntryDrawsItsCountsFromItsOwnStream) {
  // The item counts come from "map/<label>": the arrivals of the entry and of another
  // entry beside it are those of the same scenario with a constant item count.
  auto run = [](bool random_items) {
    auto spec = BaseSpec(Duration::Seconds(100));
    AddFunction(spec, "item", Distribution::Constant(0.01));
    AddFunction(spec, "api", Distribution::Constant(0.01));
    auto& t = AddMap(spec, "item", 5.0, 10, 0, MapKind::kDistributed);
    t.arrivals = ArrivalKind::kPoisson;
    if (random_items) t.map->items = Distribution::Exponential(10);
    AddTraffic(spec, "api", 20.0);
    return RunScenario(spec);
  };
  const auto a = run(false);
  const auto b = run(true);
  EXPECT_EQ(a.maps.at(0).runs_started, b.maps.at(0).runs_started);
  EXPECT_EQ(a.functions[1].requests, b.functions[1].requests);
  EXPECT_NE(a.maps.at(0).items, b.maps.at(0).items);
}

// --- the `map:` keys -----------------------------------------------------------------

std::vector<Diagnostic> Errors(std::string_view yaml) {
  try {
    LoadScenarioString(yaml, "t.yaml", {});
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  ADD_FAILURE() << "expected a ScenarioError for:\n" << yaml;
  return {};
}
bool Has(const std::vector<Diagnostic>& d, int line, int col, const std::string& text) {
  for (const auto& x : d)
    if (x.line == line && (col == 0 || x.column == col) &&
        x.message.find(text) != std::string::npos)
      return true;
  return false;
}
std::string All(const std::vector<Diagnostic>& d) {
  std::string out;
  for (const auto& x : d) out += x.Format() + "\n";
  return out;
}

TEST(MapKeys, LoadsAMapEntryWithItsDefaults) {
  const ScenarioSpec spec = LoadScenarioString(R"(functions:
  item:
    duration: 1s
traffic:
  - rate: 1/min
    map:
      function: item
      items: { dist: uniform, min: 10, max: 20 }
      kind: distributed
      retry: { max_attempts: 2 }
)",
                                               "t.yaml", {});
  ASSERT_TRUE(spec.traffic.at(0).map.has_value());
  const MapSpec& m = *spec.traffic[0].map;
  EXPECT_EQ(spec.traffic[0].function, "item");
  EXPECT_EQ(m.kind, MapKind::kDistributed);
  EXPECT_EQ(m.cap, 10000);
  EXPECT_EQ(m.Bound(), 10000);
  EXPECT_EQ(m.max_concurrency, 0);
  EXPECT_EQ(m.retry.max_attempts, 2);
  EXPECT_EQ(m.retry.interval, Duration::Seconds(1));  // IntervalSeconds default
  EXPECT_EQ(m.retry.backoff_rate, 2.0);               // BackoffRate default
  EXPECT_EQ(m.items.kind(), Distribution::Kind::kUniform);
  EXPECT_EQ(spec.traffic[0].label, "item");
}

TEST(MapKeys, ErrorsNameTheirLineAndColumn) {
  const auto d = Errors(R"(functions:
  item:
    duration: 1s
traffic:
  - rate: 1
    map:
      function: itme
      items: 10
      max_concurency: 5
)");
  EXPECT_TRUE(Has(d, 7, 17, "no function named 'itme'")) << All(d);
  EXPECT_TRUE(Has(d, 9, 7, "max_concurency")) << All(d);
  EXPECT_TRUE(Has(d, 9, 7, "max_concurrency")) << All(d);  // did you mean
}

TEST(MapKeys, MapExcludesFunctionAndNeedsItems) {
  const auto d = Errors(R"(functions:
  item:
    duration: 1s
traffic:
  - rate: 1
    function: item
    map:
      function: item
      kind: sideways
)");
  EXPECT_TRUE(Has(d, 6, 5, "does not go with 'map'")) << All(d);
  EXPECT_TRUE(Has(d, 8, 7, "missing required key 'items'")) << All(d);
  EXPECT_TRUE(Has(d, 9, 13, "sideways")) << All(d);
}

TEST(MapKeys, ItemCountsAreCountsNotDurations) {
  const auto d = Errors(R"(functions:
  item:
    duration: 1s
traffic:
  - rate: 1
    map: { function: item, items: 10s }
)");
  EXPECT_TRUE(Has(d, 6, 35, "")) << All(d);
}

}  // namespace
}  // namespace lambdasim
