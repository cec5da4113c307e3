// tests/scenario_loader_test.cc — the YAML scenario loader: resolution, defaults, strictness.
#include "models/load/scenario_loader.h"
#include "tests/diagnostics_test_util.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace lambdasim {
namespace {

using testing::All;
using testing::Errors;

using sim::Distribution;
using sim::Duration;

constexpr const char* kMinimal = R"(functions:
  api:
    duration: 100ms
traffic:
  - function: api
    rate: 10
)";

// Loads `yaml` expecting failure; returns the diagnostics (and fails the test on success).

// True when some diagnostic is at line:col (0 = any) and contains `text`.
bool Has(const std::vector<Diagnostic>& d, int line, int col, const std::string& text) {
  for (const auto& x : d) {
    if ((line == 0 || x.line == line) && (col == 0 || x.column == col) &&
        x.message.find(text) != std::string::npos)
      return true;
  }
  return false;
}

#define EXPECT_DIAG(diags, line, col, text)                           \
  EXPECT_TRUE(Has(diags, line, col, text))                            \
      << "wanted " << line << ":" << col << " '" << text << "' in:\n" \
      << All(diags)

std::string WithFunctionKey(const std::string& kv) {
  return "functions:\n  api:\n    duration: 100ms\n    " + kv +
         "\ntraffic:\n  - function: api\n    rate: 10\n";
}
std::string WithTopKey(const std::string& kv) { return std::string(kMinimal) + kv + "\n"; }
std::string WithTrafficKey(const std::string& kv) {
  return "functions:\n  api:\n    duration: 100ms\ntraffic:\n  - function: api\n    rate: 10\n   "
         " " +
         kv + "\n";
}

// ---------------------------------------------------------------------------------------
// Valid scenarios
// ---------------------------------------------------------------------------------------

TEST(ScenarioLoader, FullScenarioResolvesEveryField) {
  const std::string yaml = R"(name: full-test
duration: 2h
seed: 18446744073709551615
bucket: 10s
platform: aws-2022
region: eu-central-1
scaling: { burst: 2000, refill: 500/10s }
account:
  concurrency_limit: 3000
  unreserved_minimum: 200
functions:
  api:
    memory_mb: 512
    architecture: arm64
    timeout: 30s
    reserved_concurrency: 300
    duration: { dist: exponential, mean: 120ms }
    init_duration: { dist: constant, value: 0ms }
    keep_alive: 5m
    max_lifetime: { dist: uniform, min: 1h, max: 3h }
    error_rate: 0.01
    provisioned_concurrency: 50
    provisioned_schedule: [ { at: 5m, value: 100 }, { at: 30m, value: 0 } ]
    provisioned_autoscaling: { min: 10, max: 200, target_utilization: 0.6, scale_out_datapoints: 2, scale_in_datapoints: 10 }
    provisioned_allocation_delay: { min: 30s, max: 90s }
  batch:
    duration: { dist: lognormal, median: 1s, p99: 5s }
traffic:
  - function: api
    arrivals: uniform
    rate: 200
    start: 1m
    end: 1h
    client: sdk-standard
    via: api-gateway
  - function: batch
    rate: 600/min
    client: { max_attempts: 5, base: 50ms, cap: 2s }
    api_gateway_timeout: 10s
)";
  const ScenarioSpec s = LoadScenarioString(yaml, "dir/full.yaml");
  EXPECT_EQ(s.name, "full-test");
  EXPECT_EQ(s.source_file, "");
  EXPECT_EQ(s.source_text, yaml);
  EXPECT_EQ(s.duration, Duration::Hours(2));
  EXPECT_EQ(s.seed, 18446744073709551615ULL);
  EXPECT_EQ(s.bucket, Duration::Seconds(10));
  EXPECT_EQ(s.platform.name, "aws-2022");
  EXPECT_EQ(s.platform.scaling_scope, ScalingScope::kAccount);
  EXPECT_EQ(s.region, "eu-central-1");
  EXPECT_EQ(s.scaling.burst, 2000);
  EXPECT_EQ(s.scaling.refill_count, 500);
  EXPECT_EQ(s.scaling.refill_period, Duration::Seconds(10));
  EXPECT_EQ(s.platform.scaling_burst, 2000);  // the profile carries the overrides too
  EXPECT_EQ(s.account.concurrency_limit, 3000);
  EXPECT_EQ(s.account.unreserved_minimum, 200);

  ASSERT_EQ(s.functions.size(), 2u);
  const FunctionSpec& api = s.functions[0];
  EXPECT_EQ(api.name, "api");
  EXPECT_EQ(api.location.line, 12);
  EXPECT_EQ(api.location.column, 3);
  EXPECT_EQ(api.memory_mb, 512);
  EXPECT_EQ(api.architecture, Architecture::kArm64);
  EXPECT_EQ(api.timeout, Duration::Seconds(30));
  ASSERT_TRUE(api.reserved_concurrency.has_value());
  EXPECT_EQ(*api.reserved_concurrency, 300);
  EXPECT_EQ(api.duration.kind(), Distribution::Kind::kExponential);
  EXPECT_DOUBLE_EQ(api.duration.p1(), 0.12);
  EXPECT_EQ(api.init_duration.kind(), Distribution::Kind::kConstant);
  EXPECT_DOUBLE_EQ(api.init_duration.p1(), 0.0);
  EXPECT_EQ(api.keep_alive, Duration::Minutes(5));
  EXPECT_EQ(api.max_lifetime.kind(), Distribution::Kind::kUniform);
  EXPECT_DOUBLE_EQ(api.max_lifetime.p1(), 3600);
  EXPECT_DOUBLE_EQ(api.max_lifetime.p2(), 10800);
  EXPECT_DOUBLE_EQ(api.error_rate, 0.01);
  EXPECT_EQ(api.provisioned_concurrency, 50);
  ASSERT_EQ(api.provisioned_schedule.size(), 2u);
  EXPECT_EQ(api.provisioned_schedule[0].at, Duration::Minutes(5));
  EXPECT_EQ(api.provisioned_schedule[0].value, 100);
  EXPECT_EQ(api.provisioned_schedule[1].at, Duration::Minutes(30));
  EXPECT_EQ(api.provisioned_schedule[1].value, 0);
  EXPECT_TRUE(api.provisioned_autoscaling.enabled);
  EXPECT_EQ(api.provisioned_autoscaling.min, 10);
  EXPECT_EQ(api.provisioned_autoscaling.max, 200);
  EXPECT_DOUBLE_EQ(api.provisioned_autoscaling.target_utilization, 0.6);
  EXPECT_EQ(api.provisioned_autoscaling.scale_out_datapoints, 2);
  EXPECT_EQ(api.provisioned_autoscaling.scale_in_datapoints, 10);
  EXPECT_EQ(api.pc_allocation_delay_min, Duration::Seconds(30));
  EXPECT_EQ(api.pc_allocation_delay_max, Duration::Seconds(90));
  const FunctionSpec& batch = s.functions[1];
  EXPECT_EQ(batch.name, "batch");
  EXPECT_FALSE(batch.reserved_concurrency.has_value());
  EXPECT_EQ(batch.duration.kind(), Distribution::Kind::kLognormal);
  EXPECT_NEAR(std::exp(batch.duration.p1()), 1.0, 1e-12);  // median

  ASSERT_EQ(s.traffic.size(), 2u);
  const TrafficSpec& t0 = s.traffic[0];
  EXPECT_EQ(t0.function, "api");
  EXPECT_EQ(t0.function_index, 0u);
  EXPECT_EQ(t0.location.line, 29);
  EXPECT_EQ(t0.arrivals, ArrivalKind::kUniform);
  EXPECT_DOUBLE_EQ(t0.rate_per_s, 200);
  EXPECT_EQ(t0.start, Duration::Minutes(1));
  ASSERT_TRUE(t0.end.has_value());
  EXPECT_EQ(*t0.end, Duration::Hours(1));
  EXPECT_EQ(t0.client.policy, RetryPolicy::kSdkStandard);
  EXPECT_EQ(t0.client.max_attempts, 3);
  EXPECT_EQ(t0.client.base, Duration::Millis(100));
  EXPECT_EQ(t0.client.cap, Duration::Seconds(20));
  EXPECT_TRUE(t0.via_api_gateway);
  ASSERT_TRUE(t0.api_gateway_timeout.has_value());
  EXPECT_EQ(*t0.api_gateway_timeout, Duration::Seconds(29));
  const TrafficSpec& t1 = s.traffic[1];
  EXPECT_EQ(t1.function_index, 1u);
  EXPECT_DOUBLE_EQ(t1.rate_per_s, 10);
  EXPECT_EQ(t1.client.policy, RetryPolicy::kCustom);
  EXPECT_EQ(t1.client.max_attempts, 5);
  EXPECT_EQ(t1.client.base, Duration::Millis(50));
  EXPECT_EQ(t1.client.cap, Duration::Seconds(2));
  EXPECT_FALSE(t1.via_api_gateway);
  ASSERT_TRUE(t1.api_gateway_timeout.has_value());
  EXPECT_EQ(*t1.api_gateway_timeout, Duration::Seconds(10));
}

TEST(ScenarioLoader, Defaults) {
  const ScenarioSpec s = LoadScenarioString(kMinimal, "some/dir/quick.start.yaml");
  EXPECT_EQ(s.name, "quick.start");  // file stem
  EXPECT_EQ(s.duration, Duration::Minutes(10));
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.bucket, Duration::Minutes(1));
  EXPECT_EQ(s.platform.name, "aws-2023");
  EXPECT_EQ(s.platform.scaling_scope, ScalingScope::kPerFunction);
  EXPECT_EQ(s.region, "us-east-1");
  EXPECT_EQ(s.scaling.burst, 1000);
  EXPECT_EQ(s.scaling.refill_count, 1000);  // 1000 per 10 s, continuous (= 100/s)
  EXPECT_EQ(s.scaling.refill_period, Duration::Seconds(10));
  EXPECT_EQ(s.account.concurrency_limit, 1000);
  EXPECT_EQ(s.account.unreserved_minimum, 100);
  ASSERT_EQ(s.functions.size(), 1u);
  const FunctionSpec& f = s.functions[0];
  EXPECT_EQ(f.memory_mb, 128);
  EXPECT_EQ(f.architecture, Architecture::kX86_64);
  EXPECT_EQ(f.timeout, Duration::Seconds(3));
  EXPECT_FALSE(f.reserved_concurrency.has_value());
  EXPECT_EQ(f.duration.kind(), Distribution::Kind::kConstant);  // bare duration shorthand
  EXPECT_DOUBLE_EQ(f.duration.p1(), 0.1);
  EXPECT_EQ(f.init_duration.kind(), Distribution::Kind::kConstant);
  EXPECT_DOUBLE_EQ(f.init_duration.p1(), 0.25);
  EXPECT_EQ(f.keep_alive, Duration::Minutes(10));
  EXPECT_EQ(f.max_lifetime.kind(), Distribution::Kind::kUniform);
  EXPECT_DOUBLE_EQ(f.max_lifetime.p1(), 7200);
  EXPECT_DOUBLE_EQ(f.max_lifetime.p2(), 21600);
  EXPECT_EQ(f.error_rate, 0);
  EXPECT_EQ(f.provisioned_concurrency, 0);
  EXPECT_TRUE(f.provisioned_schedule.empty());
  EXPECT_FALSE(f.provisioned_autoscaling.enabled);
  EXPECT_EQ(f.pc_allocation_delay_min, Duration::Seconds(60));
  EXPECT_EQ(f.pc_allocation_delay_max, Duration::Seconds(120));
  ASSERT_EQ(s.traffic.size(), 1u);
  const TrafficSpec& t = s.traffic[0];
  EXPECT_EQ(t.arrivals, ArrivalKind::kPoisson);
  EXPECT_EQ(t.start, Duration());
  EXPECT_FALSE(t.end.has_value());
  EXPECT_EQ(t.client.policy, RetryPolicy::kNone);
  EXPECT_EQ(t.client.max_attempts, 1);
  EXPECT_FALSE(t.via_api_gateway);
  EXPECT_FALSE(t.api_gateway_timeout.has_value());
}

TEST(ScenarioLoader, FunctionAndTrafficOrderFollowTheFile) {
  const auto s = LoadScenarioString(
      "functions:\n  zeta: { duration: 1ms }\n  alpha: { duration: 1ms }\n  mid: { duration: 1ms "
      "}\n"
      "traffic:\n  - { function: mid, rate: 1 }\n  - { function: zeta, rate: 2 }\n",
      "t.yaml");
  ASSERT_EQ(s.functions.size(), 3u);
  EXPECT_EQ(s.functions[0].name, "zeta");
  EXPECT_EQ(s.functions[1].name, "alpha");
  EXPECT_EQ(s.functions[2].name, "mid");
  EXPECT_EQ(s.traffic[0].function_index, 2u);
  EXPECT_EQ(s.traffic[1].function_index, 0u);
}

TEST(ScenarioLoader, Distributions) {
  auto dist = [](const std::string& d) {
    return LoadScenarioString(WithFunctionKey("init_duration: " + d), "t.yaml")
        .functions[0]
        .init_duration;
  };
  auto c = dist("{ dist: constant, value: 250ms }");
  EXPECT_EQ(c.kind(), Distribution::Kind::kConstant);
  EXPECT_DOUBLE_EQ(c.p1(), 0.25);
  auto u = dist("{ dist: uniform, min: 1s, max: 2s }");
  EXPECT_EQ(u.kind(), Distribution::Kind::kUniform);
  EXPECT_DOUBLE_EQ(u.p2(), 2);
  auto n = dist("{ dist: normal, mean: 200ms, stddev: 50ms }");
  EXPECT_EQ(n.kind(), Distribution::Kind::kNormal);
  EXPECT_DOUBLE_EQ(n.p1(), 0.2);
  EXPECT_DOUBLE_EQ(n.p2(), 0.05);
  auto ln = dist("{ dist: lognormal, mu: -1.5, sigma: 0.4 }");
  EXPECT_EQ(ln.kind(), Distribution::Kind::kLognormal);
  EXPECT_DOUBLE_EQ(ln.p1(), -1.5);
  EXPECT_DOUBLE_EQ(ln.p2(), 0.4);
  auto e = dist("{ dist: empirical, points: [[0.5, 80ms], [0.99, 400ms]] }");
  EXPECT_EQ(e.kind(), Distribution::Kind::kEmpirical);
  ASSERT_EQ(e.points().size(), 2u);
  EXPECT_DOUBLE_EQ(e.points()[1].first, 0.99);
  EXPECT_DOUBLE_EQ(e.points()[1].second, 0.4);
  auto bare = dist("1.5s");
  EXPECT_EQ(bare.kind(), Distribution::Kind::kConstant);
  EXPECT_DOUBLE_EQ(bare.p1(), 1.5);
}

TEST(ScenarioLoader, DistributionErrors) {
  auto d = Errors(WithFunctionKey("init_duration: { dist: gamma, mean: 1s }"));
  EXPECT_DIAG(d, 4, 28, "unknown value 'gamma'");
  d = Errors(WithFunctionKey("init_duration: { dist: exponential, mean: 1s, stddev: 2s }"));
  EXPECT_DIAG(d, 4, 51, "unknown key 'stddev'");
  d = Errors(WithFunctionKey("init_duration: { mean: 1s }"));
  EXPECT_DIAG(d, 4, 20, "missing required key 'dist'");
  d = Errors(WithFunctionKey("init_duration: { dist: uniform, min: 2s, max: 1s }"));
  EXPECT_DIAG(d, 4, 20, "min must be <= max");
  d = Errors(WithFunctionKey("init_duration: { dist: exponential, mean: 0s }"));
  EXPECT_DIAG(d, 4, 0, "mean must be > 0");
  d = Errors(
      WithFunctionKey("init_duration: { dist: empirical, points: [[0.5, 80ms], [0.4, 90ms]] }"));
  EXPECT_DIAG(d, 4, 0, "strictly increasing");
  d = Errors(
      WithFunctionKey("init_duration: { dist: empirical, points: [[0.5, 80ms], [0.9, 70ms]] }"));
  EXPECT_DIAG(d, 4, 0, "non-decreasing");
  d = Errors(WithFunctionKey("init_duration: { dist: empirical, points: [[1.5, 80ms]] }"));
  EXPECT_DIAG(d, 4, 0, "out of range");
  d = Errors(WithFunctionKey("init_duration: { dist: lognormal, median: 2s, p99: 1s }"));
  EXPECT_DIAG(d, 4, 0, "p99 >= median");
  d = Errors(WithFunctionKey("init_duration: { dist: lognormal, median: 1s, mu: 1 }"));
  EXPECT_DIAG(d, 4, 0, "not both");
  d = Errors(WithFunctionKey("init_duration: [1s]"));
  EXPECT_DIAG(d, 4, 20, "must be a duration");
  d = Errors(WithFunctionKey("init_duration: 2d"));  // absurd: > 1 day
  EXPECT_DIAG(d, 4, 20, "out of range");
}

// ---------------------------------------------------------------------------------------
// Platform, scaling, account
// ---------------------------------------------------------------------------------------

TEST(ScenarioLoader, Aws2022RegionBurst) {
  struct Case {
    const char* region;
    int64_t burst;
  };
  for (const Case c : {Case{"us-east-1", 3000}, Case{"us-west-2", 3000}, Case{"eu-west-1", 3000},
                       Case{"ap-northeast-1", 1000}, Case{"eu-central-1", 1000},
                       Case{"us-east-2", 1000}, Case{"sa-east-1", 500}}) {
    const auto s = LoadScenarioString(
        WithTopKey(std::string("platform: aws-2022\nregion: ") + c.region), "t.yaml");
    EXPECT_EQ(s.scaling.burst, c.burst) << c.region;
    EXPECT_EQ(s.scaling.refill_count, 500);
    EXPECT_EQ(s.scaling.refill_period, Duration::Minutes(1));
    EXPECT_EQ(s.region, c.region);
  }
}

TEST(ScenarioLoader, UnknownPlatformListsValidNames) {
  auto d = Errors(WithTopKey("platform: aws-2024"));
  EXPECT_DIAG(d, 7, 11, "unknown platform 'aws-2024'");
  EXPECT_DIAG(d, 7, 11, "aws-2023, aws-2022");
}

TEST(ScenarioLoader, ScalingOverrideForms) {
  struct Case {
    const char* refill;
    int64_t count;
    Duration period;
  };
  for (const Case c :
       {Case{"100/s", 100, Duration::Seconds(1)}, Case{"500/min", 500, Duration::Minutes(1)},
        Case{"500/10s", 500, Duration::Seconds(10)}, Case{"17/2s", 17, Duration::Seconds(2)},
        Case{"250", 250, Duration::Seconds(1)}, Case{"1000/1m", 1000, Duration::Minutes(1)}}) {
    const auto s = LoadScenarioString(
        WithTopKey(std::string("scaling: { burst: 500, refill: ") + c.refill + " }"), "t.yaml");
    EXPECT_EQ(s.scaling.burst, 500) << c.refill;
    EXPECT_EQ(s.scaling.refill_count, c.count) << c.refill;
    EXPECT_EQ(s.scaling.refill_period, c.period) << c.refill;
  }
  // Only burst: refill stays the profile's.
  const auto s =
      LoadScenarioString(WithTopKey("platform: aws-2022\nscaling: { burst: 42 }"), "t.yaml");
  EXPECT_EQ(s.scaling.burst, 42);
  EXPECT_EQ(s.scaling.refill_count, 500);
  EXPECT_EQ(s.scaling.refill_period, Duration::Minutes(1));

  auto d = Errors(WithTopKey("scaling: { refill: 8.5 }"));
  EXPECT_DIAG(d, 7, 20, "17/2s");
  d = Errors(WithTopKey("scaling: { refill: 0/s }"));
  EXPECT_DIAG(d, 7, 20, "between 1 and");
  d = Errors(WithTopKey("scaling: { refill: 10/fortnight }"));
  EXPECT_DIAG(d, 7, 20, "bad period");
  d = Errors(WithTopKey("scaling: { burst: 0 }"));
  EXPECT_DIAG(d, 7, 19, "out of range");
}

TEST(ScenarioLoader, AccountLimits) {
  auto d = Errors(WithTopKey("account: { concurrency_limit: 0 }"));
  EXPECT_DIAG(d, 7, 31, "out of range [1, 10000000]");
  d = Errors(WithTopKey("account: { concurrency_limit: 500, unreserved_minimum: 600 }"));
  EXPECT_DIAG(d, 7, 56, "exceeds concurrency_limit 500");
}

TEST(ScenarioLoader, ReservationSumRule) {
  const std::string yaml = R"(account: { concurrency_limit: 1000, unreserved_minimum: 100 }
functions:
  api: { duration: 1ms, reserved_concurrency: 600 }
  batch: { duration: 1ms, reserved_concurrency: 500 }
  web: { duration: 1ms }
traffic:
  - { function: api, rate: 1 }
)";
  auto d = Errors(yaml);
  EXPECT_DIAG(d, 2, 1,
              "reserved concurrency 600 (api) + 500 (batch) + provisioned 0 = 1100 exceeds "
              "concurrency_limit 1000 - "
              "unreserved_minimum 100 = 900");
  // Provisioned concurrency of functions without a reservation counts too (its maximum over the
  // initial value, the schedule and the autoscaling max).
  const std::string yaml2 = R"(functions:
  api: { duration: 1ms, reserved_concurrency: 600 }
  web: { duration: 1ms, provisioned_concurrency: 10, provisioned_schedule: [{ at: 1m, value: 350 }] }
traffic:
  - { function: api, rate: 1 }
)";
  d = Errors(yaml2);
  EXPECT_DIAG(d, 1, 1, "reserved concurrency 600 (api) + provisioned 350 (web) = 950 exceeds");
  // Exactly at the limit is fine.
  const std::string ok = R"(functions:
  api: { duration: 1ms, reserved_concurrency: 600 }
  web: { duration: 1ms, provisioned_autoscaling: { min: 1, max: 300 } }
traffic:
  - { function: api, rate: 1 }
)";
  EXPECT_NO_THROW(LoadScenarioString(ok, "t.yaml"));
}

TEST(ScenarioLoader, ProvisionedMustFitReservation) {
  auto d = Errors(WithFunctionKey("reserved_concurrency: 10\n    provisioned_concurrency: 20"));
  EXPECT_DIAG(d, 5, 30, "provisioned concurrency 20 exceeds its reserved_concurrency 10");
  d = Errors(WithFunctionKey(
      "reserved_concurrency: 10\n    provisioned_autoscaling: { min: 1, max: 11 }"));
  EXPECT_DIAG(d, 5, 30, "provisioned concurrency 11 exceeds its reserved_concurrency 10");
  d = Errors(WithFunctionKey(
      "reserved_concurrency: 10\n    provisioned_schedule: [{ at: 1m, value: 12 }]"));
  EXPECT_DIAG(d, 5, 27, "provisioned concurrency 12");
}

TEST(ScenarioLoader, ProvisionedScheduleAndAutoscalingChecks) {
  auto d =
      Errors(WithFunctionKey("provisioned_schedule: [{ at: 5m, value: 1 }, { at: 1m, value: 2 }]"));
  EXPECT_DIAG(d, 4, 56, "sorted by 'at'");
  d = Errors(WithFunctionKey("provisioned_autoscaling: { min: 5, max: 2 }"));
  EXPECT_DIAG(d, 4, 30, "min 5 is greater than max 2");
  d = Errors(
      WithFunctionKey("provisioned_autoscaling: { min: 1, max: 2, target_utilization: 0.95 }"));
  EXPECT_DIAG(d, 4, 68, "out of range [0.1, 0.9]");
  d = Errors(WithFunctionKey("provisioned_allocation_delay: { min: 2m, max: 1m }"));
  EXPECT_DIAG(d, 4, 35, "min must be <= max");
}

// ---------------------------------------------------------------------------------------
// Strictness
// ---------------------------------------------------------------------------------------

TEST(ScenarioLoader, UnknownKeysSuggest) {
  auto d = Errors(WithTopKey("seeed: 4"));
  EXPECT_DIAG(d, 7, 1, "unknown key 'seeed' in scenario; did you mean 'seed'?");
  d = Errors(WithFunctionKey("memroy_mb: 256"));
  EXPECT_DIAG(d, 4, 5, "unknown key 'memroy_mb' in 'api'; did you mean 'memory_mb'?");
  d = Errors(WithTrafficKey("arival: poisson"));
  EXPECT_DIAG(d, 7, 5, "did you mean 'arrivals'?");
  d = Errors(WithTopKey("account: { concurency_limit: 5 }"));
  EXPECT_DIAG(d, 7, 12, "did you mean 'concurrency_limit'?");
  // Nothing close: list the valid keys instead.
  d = Errors(WithTopKey("zzzzzzzz: 1"));
  EXPECT_DIAG(d, 7, 1, "valid keys: name, duration");
}

TEST(ScenarioLoader, UnknownEnumValuesSuggest) {
  auto d = Errors(WithFunctionKey("architecture: amd64"));
  EXPECT_DIAG(d, 4, 19, "unknown value 'amd64'");
  d = Errors(WithTrafficKey("via: api-gw"));
  EXPECT_DIAG(d, 7, 10, "valid: direct, api-gateway");
  d = Errors(WithTrafficKey("client: sdk-standrd"));
  EXPECT_DIAG(d, 7, 13, "did you mean 'sdk-standard'?");
}

TEST(ScenarioLoader, TrafficFunctionMustExist) {
  auto d = Errors(
      "functions:\n  checkout: { duration: 1ms }\ntraffic:\n  - { function: chekout, rate: 1 }\n");
  EXPECT_DIAG(d, 4, 17, "no function named 'chekout'; did you mean 'checkout'?");
}

TEST(ScenarioLoader, DuplicateKeysAreErrors) {
  // yaml-cpp 0.7 keeps both pairs; the loader must notice.
  auto d = Errors(
      "functions:\n  api: { duration: 1ms }\ntraffic:\n  - { function: api, rate: 1 }\nseed: "
      "1\nseed: 2\n");
  EXPECT_DIAG(d, 6, 1, "duplicate key 'seed' (first defined at line 5)");
  d = Errors(
      "functions:\n  api: { duration: 1ms }\n  api: { duration: 2ms }\ntraffic:\n  - { function: "
      "api, rate: 1 }\n");
  EXPECT_DIAG(d, 3, 3, "duplicate key 'api'");
  d = Errors(WithFunctionKey("init_duration: { dist: constant, value: 1s, value: 2s }"));
  EXPECT_DIAG(d, 4, 49, "duplicate key 'value'");
}

TEST(ScenarioLoader, WrongTypes) {
  auto d = Errors(WithFunctionKey("memory_mb: { a: 1 }"));
  EXPECT_DIAG(d, 4, 16, "'memory_mb' must be an integer, got a mapping");
  d = Errors(WithFunctionKey("memory_mb: big"));
  EXPECT_DIAG(d, 4, 16, "'big' is not a number");
  d = Errors(WithFunctionKey("memory_mb: \"256\""));
  EXPECT_DIAG(d, 4, 16, "got the string \"256\"");
  d = Errors(WithFunctionKey("memory_mb:"));
  EXPECT_DIAG(d, 4, 5, "got an empty value");
  d = Errors("functions: [api]\ntraffic:\n  - { function: api, rate: 1 }\n");
  EXPECT_DIAG(d, 1, 12, "'functions' must be a mapping, got a list");
  d = Errors("functions:\n  api: { duration: 1ms }\ntraffic: { function: api, rate: 1 }\n");
  EXPECT_DIAG(d, 3, 10, "'traffic' must be a list");
  d = Errors(WithTrafficKey("client: [1]"));
  EXPECT_DIAG(d, 7, 13, "'client' must be none, sdk-standard");
}

TEST(ScenarioLoader, IntegerStrictness) {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case c : {Case{"1e3", "exponent notation"},
                       Case{"010", "leading zero (YAML 1.1 reads it as octal); write 10"},
                       Case{"0x10", "hex/octal/binary"}, Case{"1.5", "not a whole number"},
                       Case{"256.0", "not a whole number"}, Case{"1_024", "separator"},
                       Case{"yes", "YAML 1.1 boolean"}, Case{".nan", "not a number"}}) {
    auto d = Errors(WithFunctionKey(std::string("memory_mb: ") + c.text));
    EXPECT_DIAG(d, 4, 16, c.message);
  }
  auto d = Errors(WithTopKey("seed: -1"));
  EXPECT_DIAG(d, 7, 7, "must not be negative");
  d = Errors(WithTopKey("seed: 18446744073709551616"));
  EXPECT_DIAG(d, 7, 7, "does not fit in 64 bits");
  d = Errors(WithFunctionKey("memory_mb: 99999999999999999999999"));
  EXPECT_DIAG(d, 4, 16, "out of range");
  d = Errors(WithFunctionKey("memory_mb: 64"));
  EXPECT_DIAG(d, 4, 16, "'memory_mb' = 64 is out of range [128, 10240]");
}

TEST(ScenarioLoader, NumberStrictness) {
  for (const char* bad : {".nan", ".NaN", "nan", ".inf", "-.inf", "inf"}) {
    auto d = Errors(WithFunctionKey(std::string("error_rate: ") + bad));
    EXPECT_DIAG(d, 4, 17, "not a finite number");
  }
  auto d = Errors(WithFunctionKey("error_rate: 1.5"));
  EXPECT_DIAG(d, 4, 17, "out of range [0, 1]");
  d = Errors(WithFunctionKey("error_rate: no"));
  EXPECT_DIAG(d, 4, 17, "YAML 1.1 boolean");
  EXPECT_NO_THROW(LoadScenarioString(WithFunctionKey("error_rate: 1e-3"), "t.yaml"));
}

TEST(ScenarioLoader, DurationStrictness) {
  auto d = Errors(WithTopKey("duration: 10"));
  EXPECT_DIAG(d, 7, 11, "duration '10' has no unit (write e.g. 10s or 10ms)");
  d = Errors(WithTopKey("duration: -5m"));
  EXPECT_DIAG(d, 7, 11, "negative duration");
  d = Errors(WithTopKey("duration: 401d"));
  EXPECT_DIAG(d, 7, 11, "out of range [1s, 400d]");
  d = Errors(WithTopKey("duration: 10 parsecs"));
  EXPECT_DIAG(d, 7, 11, "unknown duration unit");
  d = Errors(WithFunctionKey("timeout: 901s"));
  EXPECT_DIAG(d, 4, 14, "out of range [1s, 15m]");
  d = Errors(
      "functions:\n  api: { duration: { dist: exponential, mean: 25h } }\ntraffic:\n  - { "
      "function: api, rate: 1 }\n");
  EXPECT_DIAG(d, 2, 47, "out of range [0s, 1d]");
}

TEST(ScenarioLoader, BucketRules) {
  auto d = Errors(WithTopKey("bucket: 500ms"));
  EXPECT_DIAG(d, 7, 9, "out of range [1s, 400d]");
  d = Errors(WithTopKey("duration: 1m\nbucket: 2m"));
  EXPECT_DIAG(d, 8, 9, "longer than 'duration'");
  d = Errors(WithTopKey("duration: 400d\nbucket: 1s"));
  EXPECT_DIAG(d, 8, 9, "at most 1000000");
  // Default bucket shrinks to a short horizon.
  EXPECT_EQ(LoadScenarioString(WithTopKey("duration: 30s"), "t.yaml").bucket,
            Duration::Seconds(30));
}

TEST(ScenarioLoader, RateLimits) {
  auto d =
      Errors("functions:\n  api: { duration: 1ms }\ntraffic:\n  - { function: api, rate: 0 }\n");
  EXPECT_DIAG(d, 4, 28, "must be > 0");
  d = Errors("functions:\n  api: { duration: 1ms }\ntraffic:\n  - { function: api, rate: -3 }\n");
  EXPECT_DIAG(d, 4, 28, "must be > 0");
  d = Errors("functions:\n  api: { duration: 1ms }\ntraffic:\n  - { function: api, rate: 1e12 }\n");
  EXPECT_DIAG(d, 4, 28, "at most 1000000000 requests per second");
  d = Errors("functions:\n  api: { duration: 1ms }\ntraffic:\n  - { function: api, rate: .inf }\n");
  EXPECT_DIAG(d, 4, 28, "not a finite number");
  EXPECT_NO_THROW(LoadScenarioString(
      "functions:\n  api: { duration: 1ms }\ntraffic:\n  - { function: api, rate: 1e9 }\n",
      "t.yaml"));
  const auto s = LoadScenarioString(
      "functions:\n  api: { duration: 1ms }\ntraffic:\n  - { function: api, rate: 30/min }\n",
      "t.yaml");
  EXPECT_DOUBLE_EQ(s.traffic[0].rate_per_s, 0.5);
}

TEST(ScenarioLoader, TrafficChecks) {
  auto d = Errors(WithTrafficKey("start: 5m\n    end: 5m"));
  EXPECT_DIAG(d, 8, 10, "must be after 'start' 5m");
  d = Errors(WithTrafficKey("api_gateway_timeout: 10ms"));
  EXPECT_DIAG(d, 7, 26, "out of range [50ms, 5m]");
  d = Errors(WithTrafficKey("client: { max_attempts: 11 }"));
  EXPECT_DIAG(d, 7, 29, "out of range [1, 10]");
  d = Errors(WithTrafficKey("client: { max_attempts: 3, base: 1s, cap: 100ms }"));
  EXPECT_DIAG(d, 7, 13, "cap 100ms is less than base 1s");
}

TEST(ScenarioLoader, MissingRequiredKeys) {
  auto d = Errors("traffic:\n  - { function: api, rate: 1 }\n");
  EXPECT_DIAG(d, 1, 1, "missing required key 'functions'");
  d = Errors("functions:\n  api: { duration: 1ms }\n");
  EXPECT_DIAG(d, 1, 1, "missing required key 'traffic'");
  d = Errors("functions:\n  api: { memory_mb: 256 }\ntraffic:\n  - { function: api, rate: 1 }\n");
  EXPECT_DIAG(d, 2, 8, "missing required key 'duration'");
  d = Errors("functions:\n  api: { duration: 1ms }\ntraffic:\n  - { rate: 1 }\n");
  EXPECT_DIAG(d, 4, 5, "missing required key 'function'");
  d = Errors("functions:\n  api: { duration: 1ms }\ntraffic:\n  - { function: api }\n");
  EXPECT_DIAG(d, 4, 5, "missing required key 'rate'");
  d = Errors("functions: {}\ntraffic: []\n");
  EXPECT_DIAG(d, 1, 12, "at least one function");
  EXPECT_DIAG(d, 2, 10, "at least one entry");
}

TEST(ScenarioLoader, Names) {
  auto d = Errors(WithTopKey("name: ../etc"));
  EXPECT_DIAG(d, 7, 7, "may contain only letters");
  d = Errors(
      "functions:\n  \"my api\": { duration: 1ms }\ntraffic:\n  - { function: my api, rate: 1 }\n");
  EXPECT_DIAG(d, 2, 3, "function name 'my api' may contain only");
  // A label without a usable stem still gives a directory-safe default name.
  EXPECT_EQ(LoadScenarioString(kMinimal, "<stdin>").name, "_stdin_");
}

TEST(ScenarioLoader, ManyErrorsAtOnce) {
  const std::string yaml = R"(duration: 10
seed: 1e3
functions:
  api:
    memroy_mb: 256
    duration: { dist: exponential, mean: 0s }
traffic:
  - function: apj
    rate: 0
)";
  try {
    LoadScenarioString(yaml, "many.yaml");
    FAIL() << "expected errors";
  } catch (const ScenarioError& e) {
    const auto& d = e.diagnostics();
    EXPECT_GE(d.size(), 6u) << All(d);
    EXPECT_DIAG(d, 1, 11, "has no unit");
    EXPECT_DIAG(d, 2, 7, "exponent notation");
    EXPECT_DIAG(d, 5, 5, "did you mean 'memory_mb'");
    EXPECT_DIAG(d, 6, 15, "mean must be > 0");
    EXPECT_DIAG(d, 8, 15, "did you mean 'api'");
    EXPECT_DIAG(d, 9, 11, "must be > 0");
    // what() joins the formatted diagnostics.
    const std::string what = e.what();
    EXPECT_NE(what.find("many.yaml:1:11: 'duration': duration '10' has no unit"), std::string::npos)
        << what;
    EXPECT_NE(what.find("\nmany.yaml:2:7: "), std::string::npos) << what;
  }
}

TEST(ScenarioLoader, DiagnosticFormat) {
  EXPECT_EQ((Diagnostic{"a.yaml", 3, 7, "boom"}).Format(), "a.yaml:3:7: boom");
  EXPECT_EQ((Diagnostic{"a.yaml", 0, 0, "boom"}).Format(), "a.yaml: boom");
  const ScenarioError e({Diagnostic{"a", 1, 2, "x"}, Diagnostic{"b", 0, 0, "y"}});
  EXPECT_STREQ(e.what(), "a:1:2: x\nb: y");
}

// ---------------------------------------------------------------------------------------
// Documents, syntax, files
// ---------------------------------------------------------------------------------------

TEST(ScenarioLoader, EmptyAndNonMappingDocuments) {
  auto d = Errors("");
  EXPECT_DIAG(d, 0, 0, "scenario is empty");
  d = Errors("# just a comment\n\n");
  EXPECT_DIAG(d, 0, 0, "scenario is empty");
  d = Errors("- a\n- b\n");
  EXPECT_DIAG(d, 1, 1, "top level of a scenario must be a mapping");
  d = Errors("hello\n");
  EXPECT_DIAG(d, 1, 1, "must be a mapping");
  d = Errors(std::string(kMinimal) + "---\nseed: 2\n");
  EXPECT_DIAG(d, 0, 0, "2 YAML documents");
}

TEST(ScenarioLoader, SyntaxErrorHasLocation) {
  auto d = Errors("functions:\n  api: { duration: 1ms\ntraffic: []\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("YAML syntax error"), std::string::npos);
  EXPECT_GT(d[0].line, 0);
  d = Errors("a: 1\n  b: 2\n");
  EXPECT_DIAG(d, 2, 4, "YAML syntax error");
}

TEST(ScenarioLoader, DeepNesting) {
  const std::string deep = "a: " + std::string(1000, '[') + std::string(1000, ']') + "\n";
  auto d = Errors(deep);
  EXPECT_DIAG(d, 0, 0, "nesting deeper than 500 levels");
}

TEST(ScenarioLoader, AliasBombTerminates) {
  // "Billion laughs": every level multiplies by ten through aliases.
  std::string yaml = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    yaml += "l";
    yaml += std::to_string(i);
    yaml += ": &l";
    yaml += std::to_string(i);
    yaml += " [";
    for (int k = 0; k < 10; ++k) {
      yaml += k ? ", *l" : "*l";
      yaml += std::to_string(i - 1);
    }
    yaml += "]\n";
  }
  // Force the walker through the expansion where a list of pairs is expected.
  yaml +=
      "functions:\n  api: { duration: { dist: empirical, points: *l9 } }\ntraffic:\n  - { "
      "function: api, rate: 1 }\n";
  auto d = Errors(yaml);
  EXPECT_FALSE(d.empty());
  // And where many traffic entries are walked through aliases.
  std::string yaml2 = "functions:\n  api: { duration: 1ms }\nt0: &t0 [{ function: api, rate: 1 }";
  for (int k = 1; k < 10; ++k) yaml2 += ", { function: api, rate: 1 }";
  yaml2 += "]\n";
  auto d2 = Errors(yaml2 + "traffic: *t0\n");
  EXPECT_DIAG(d2, 3, 1, "unknown key 't0'");
}

TEST(ScenarioLoader, NodeBudgetStopsHugeWalks) {
  // One 2000-point empirical distribution, referenced by 600 functions through an alias:
  // a small file whose walk would visit > 10^6 nodes. The loader must refuse it.
  std::string yaml = "functions:\n  f0:\n    duration: &d { dist: empirical, points: [";
  for (int k = 1; k <= 2000; ++k) {
    if (k > 1) yaml += ", ";
    yaml += "[";
    yaml += std::to_string(k / 2000.0);
    yaml += ", 1ms]";
  }
  yaml += "] }\n";
  for (int f = 1; f < 600; ++f) {
    yaml += "  f";
    yaml += std::to_string(f);
    yaml += ": { duration: *d }\n";
  }
  yaml += "traffic:\n  - { function: f0, rate: 1 }\n";
  EXPECT_LT(yaml.size(), 100000u);
  auto d = Errors(yaml);
  EXPECT_DIAG(d, 0, 0, "scenario expands to more than 1000000 nodes");
  // The same distribution used by 10 functions is fine.
  const size_t cut = yaml.find("  f10:");
  std::string small = yaml.substr(0, cut) + "traffic:\n  - { function: f0, rate: 1 }\n";
  const ScenarioSpec s = LoadScenarioString(small, "t.yaml");
  EXPECT_EQ(s.functions.size(), 10u);
  EXPECT_EQ(s.functions[9].duration.points().size(), 2000u);
}

TEST(ScenarioLoader, SelfReferentialAliasDoesNotCrash) {
  for (const char* yaml :
       {"a: &x [*x]\n", "functions: &x { api: *x }\ntraffic: [ { function: api, rate: 1 } ]\n",
        "functions:\n  api: { duration: 1ms }\ntraffic: &t [*t]\n",
        "functions:\n  api: &f { duration: 1ms, init_duration: *f }\ntraffic: [ { function: api, "
        "rate: 1 } ]\n"}) {
    try {
      LoadScenarioString(yaml, "t.yaml");
    } catch (const ScenarioError&) {
      // Either outcome is fine; it must simply terminate without crashing.
    }
  }
  SUCCEED();
}

TEST(ScenarioLoader, BinaryAndOversizedText) {
  auto d = Errors(std::string("functions:\0\x01\x02", 14));
  EXPECT_DIAG(d, 0, 0, "binary file");
  auto d2 = Errors(std::string(16 * 1024 * 1024 + 1, '#'));
  EXPECT_DIAG(d2, 0, 0, "limit is 16 MiB");
}

class ScenarioFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("scenario_loader_test_" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string Write(const std::string& name, const std::string& bytes) {
    const auto p = dir_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
  static std::vector<Diagnostic> FileErrors(const std::string& path) {
    try {
      LoadScenarioFile(path);
    } catch (const ScenarioError& e) {
      return e.diagnostics();
    }
    ADD_FAILURE() << "expected an error loading " << path;
    return {};
  }
  std::filesystem::path dir_;
};

TEST_F(ScenarioFileTest, LoadsFileAndUsesStem) {
  const std::string path = Write("my-scenario.yaml", kMinimal);
  const ScenarioSpec s = LoadScenarioFile(path);
  EXPECT_EQ(s.name, "my-scenario");
  EXPECT_EQ(s.source_file, path);
  EXPECT_EQ(s.source_text, kMinimal);
}

TEST_F(ScenarioFileTest, DiagnosticsNameTheFile) {
  const std::string path = Write("bad.yaml", WithTopKey("seeed: 1"));
  auto d = FileErrors(path);
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0].file, path);
  EXPECT_EQ(d[0].Format().rfind(path + ":7:1: ", 0), 0u) << d[0].Format();
}

TEST_F(ScenarioFileTest, MissingDirectoryBinaryEmptyOversized) {
  auto d = FileErrors((dir_ / "nope.yaml").string());
  EXPECT_DIAG(d, 0, 0, "no such file");
  d = FileErrors(dir_.string());
  EXPECT_DIAG(d, 0, 0, "is a directory");
  d = FileErrors(Write("bin.yaml", std::string("\x7f"
                                               "ELF\0\0\0\x02",
                                               8)));
  EXPECT_DIAG(d, 0, 0, "binary file");
  d = FileErrors(Write("empty.yaml", ""));
  EXPECT_DIAG(d, 0, 0, "scenario is empty");
  d = FileErrors(Write("big.yaml", std::string(16 * 1024 * 1024 + 10, ' ')));
  EXPECT_DIAG(d, 0, 0, "limited to 16 MiB");
}

// ---------------------------------------------------------------------------------------
// Overrides
// ---------------------------------------------------------------------------------------

TEST(ScenarioOverride, ParseOverride) {
  const Override o = ParseOverride("functions.api.memory_mb=1024");
  EXPECT_EQ(o.path, "functions.api.memory_mb");
  EXPECT_EQ(o.value, "1024");
  const Override o2 = ParseOverride("name=a=b");  // split at the first '='
  EXPECT_EQ(o2.path, "name");
  EXPECT_EQ(o2.value, "a=b");
  for (const char* bad : {"=5", "nopath", "a..b=1", "a.=1"}) {
    try {
      ParseOverride(bad);
      ADD_FAILURE() << bad;
    } catch (const ScenarioError& e) {
      ASSERT_EQ(e.diagnostics().size(), 1u);
      EXPECT_EQ(e.diagnostics()[0].file, "--set");
    }
  }
}

TEST(ScenarioOverride, SetsValues) {
  const std::vector<Override> ov = {ParseOverride("functions.api.memory_mb=1024"),
                                    ParseOverride("traffic.0.rate=55"), ParseOverride("seed=7"),
                                    ParseOverride("scaling.burst=321")};
  const ScenarioSpec s = LoadScenarioString(kMinimal, "t.yaml", ov);
  EXPECT_EQ(s.functions[0].memory_mb, 1024);
  EXPECT_DOUBLE_EQ(s.traffic[0].rate_per_s, 55);
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.scaling.burst, 321);
  // The manifest text records the overrides.
  EXPECT_EQ(s.source_text,
            std::string(kMinimal) +
                "\n#--set functions.api.memory_mb=1024\n#--set traffic.0.rate=55\n#--set seed=7"
                "\n#--set scaling.burst=321");
}

TEST(ScenarioOverride, SetsNestedDistribution) {
  const ScenarioSpec s = LoadScenarioString(
      kMinimal, "t.yaml",
      {ParseOverride("functions.api.duration={dist: uniform, min: 1s, max: 2s}")});
  EXPECT_EQ(s.functions[0].duration.kind(), Distribution::Kind::kUniform);
  EXPECT_DOUBLE_EQ(s.functions[0].duration.p2(), 2.0);
  // Into an existing distribution map.
  const ScenarioSpec s2 =
      LoadScenarioString(WithFunctionKey("init_duration: { dist: constant, value: 1s }"), "t.yaml",
                         {ParseOverride("functions.api.init_duration.value=3s")});
  EXPECT_DOUBLE_EQ(s2.functions[0].init_duration.p1(), 3.0);
}

TEST(ScenarioOverride, BadValueIsAttributedToTheOverride) {
  auto d = Errors(kMinimal, {ParseOverride("functions.api.reserved_concurrency=abc")});
  ASSERT_EQ(d.size(), 1u) << All(d);
  EXPECT_EQ(d[0].line, 0);
  EXPECT_EQ(d[0].Format().rfind("--set functions.api.reserved_concurrency=abc: ", 0), 0u)
      << d[0].Format();
  d = Errors(kMinimal, {ParseOverride("functions.api.duration={dist: exponential, mean: 10}")});
  EXPECT_NE(All(d).find("--set functions.api.duration={dist: exponential, mean: 10}: 'mean': "
                        "duration '10' has no unit"),
            std::string::npos)
      << All(d);
  // A misspelt key created by --set is an unknown key, with a suggestion.
  d = Errors(kMinimal, {ParseOverride("functions.api.memroy_mb=256")});
  EXPECT_NE(All(d).find("--set functions.api.memroy_mb=256: unknown key 'memroy_mb' in 'api'; did "
                        "you mean 'memory_mb'?"),
            std::string::npos)
      << All(d);
  d = Errors(kMinimal, {ParseOverride("seed={a: [1}")});
  EXPECT_EQ(d[0].file, "--set");
  EXPECT_NE(d[0].message.find("not valid YAML"), std::string::npos);
}

TEST(ScenarioOverride, BadPaths) {
  auto d = Errors(kMinimal, {ParseOverride("traffic.3.rate=1")});
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0].file, "--set");
  EXPECT_NE(
      d[0].message.find("traffic.3.rate=1: index 3 is out of range ('traffic' has 1 entries)"),
      std::string::npos)
      << All(d);
  d = Errors(kMinimal, {ParseOverride("traffic.first.rate=1")});
  EXPECT_NE(d[0].message.find("is not an index"), std::string::npos) << All(d);
  d = Errors(kMinimal, {ParseOverride("functions.api.duration.mean=1s")});
  EXPECT_NE(d[0].message.find("which is a single value"), std::string::npos) << All(d);
}

TEST(ScenarioOverride, CreatesMissingMaps) {
  const ScenarioSpec s =
      LoadScenarioString(kMinimal, "t.yaml",
                         {ParseOverride("account.concurrency_limit=5000"),
                          ParseOverride("functions.api.provisioned_autoscaling.min=1"),
                          ParseOverride("functions.api.provisioned_autoscaling.max=4")});
  EXPECT_EQ(s.account.concurrency_limit, 5000);
  EXPECT_TRUE(s.functions[0].provisioned_autoscaling.enabled);
  EXPECT_EQ(s.functions[0].provisioned_autoscaling.max, 4);
  // A whole scenario from overrides on an empty file.
  const ScenarioSpec s2 = LoadScenarioString("", "t.yaml",
                                             {ParseOverride("functions={api: {duration: 1ms}}"),
                                              ParseOverride("traffic=[{function: api, rate: 2}]")});
  EXPECT_EQ(s2.functions.size(), 1u);
}

// A traffic entry with `shape` (one or more lines, indented 4) instead of `rate`; the
// shape's first line is line 6.
std::string WithShape(const std::string& shape) {
  return "functions:\n  api:\n    duration: 100ms\ntraffic:\n  - function: api\n" + shape + "\n";
}

TEST(ScenarioLoaderTraffic, ExactlyOneShape) {
  auto d = Errors(WithShape("    start: 1m"));
  EXPECT_DIAG(d, 5, 5, "missing required key 'rate'");
  EXPECT_DIAG(d, 5, 5, "give exactly one of rate, phases, stages, spike, diurnal, mmpp, trace");
  d = Errors(WithShape("    rate: 10\n    diurnal: { mean: 5, amplitude: 1 }"));
  EXPECT_DIAG(d, 7, 5, "'diurnal' and 'rate' are both given");
  d = Errors(WithShape("    rate: 10\n    repeat: 2\n    start_rate: 3"));
  EXPECT_DIAG(d, 7, 5, "'repeat' goes with 'phases' only");
  EXPECT_DIAG(d, 8, 5, "'start_rate' goes with 'stages' only");
}

TEST(ScenarioLoaderTraffic, MalformedPhases) {
  auto d = Errors(WithShape(
      "    phases:\n      - { duration: 5m, rate: -1 }\n      - { duration: 5, rate: 10 }\n"
      "      - { pause: 1m, rate: 3 }\n      - { rate: 10, ramp_too: 20 }\n    repeat: 0"));
  EXPECT_DIAG(d, 7, 31, "'rate' = -1 must be >= 0");
  EXPECT_DIAG(d, 8, 21, "has no unit");
  EXPECT_DIAG(d, 9, 22, "'rate' does not go with 'pause'");
  EXPECT_DIAG(d, 10, 21, "unknown key 'ramp_too' in 'phases[3]'; did you mean 'ramp_to'?");
  EXPECT_DIAG(d, 10, 9, "missing required key 'duration'");
  EXPECT_DIAG(d, 11, 13, "'repeat' = 0 is out of range");
  d = Errors(WithShape("    phases: { duration: 5m, rate: 1 }"));
  EXPECT_DIAG(d, 6, 13, "'phases' must be a non-empty list");
  d = Errors(WithShape("    phases: [ { duration: 5m, rate: 0 } ]"));
  EXPECT_DIAG(d, 6, 13, "'phases' produce no traffic");
  d = Errors(WithShape("    repeat: sometimes\n    phases: [ { duration: 5m, rate: 1 } ]"));
  EXPECT_DIAG(d, 6, 13, "'sometimes' is not a number");
}

TEST(ScenarioLoaderTraffic, MalformedStagesAndSpike) {
  auto d = Errors(WithShape(
      "    stages: [ { duration: 1m, target: x }, { duration: 1m } ]\n    start_rate: -2"));
  EXPECT_DIAG(d, 6, 39, "'target': 'x' is not a number");
  EXPECT_DIAG(d, 6, 44, "missing required key 'target'");
  EXPECT_DIAG(d, 7, 17, "must be >= 0");
  d = Errors(WithShape(
      "    spike:\n      baseline: 5\n      bursts:\n        - { at: 5m, rate: 100, length: 1m }\n"
      "        - { at: 330s, rate: 100, length: 1m }\n        - { at: 20m, rate: 0, length: 1m }\n"
      "        - { at: 1h, rate: 10, length: 1m }"));
  EXPECT_DIAG(d, 10, 17, "overlaps or precedes the previous burst");
  EXPECT_DIAG(d, 11, 28, "'rate' = 0 must be > 0");
  EXPECT_DIAG(d, 12, 17, "begins at or after the traffic ends");
  d = Errors(WithShape("    spike: { bursts: [] }"));
  EXPECT_DIAG(d, 6, 12, "missing required key 'baseline'");
  EXPECT_DIAG(d, 6, 22, "'bursts' must be a non-empty list");
}

TEST(ScenarioLoaderTraffic, MalformedDiurnal) {
  auto d = Errors(WithShape("    diurnal: { mean: 10, amplitude: 11, period: 0s, peak_at: 30h }"));
  EXPECT_DIAG(d, 6, 37, "'amplitude' 11 exceeds 'mean' 10");
  EXPECT_DIAG(d, 6, 49, "'period' = 0s is out of range");
  EXPECT_DIAG(d, 6, 62, "'peak_at' 30h must be less than 'period' 1d");
  d = Errors(WithShape("    diurnal: { amplitude: 1, mean: 0 }"));
  EXPECT_DIAG(d, 6, 36, "'mean' = 0 must be > 0");
}

TEST(ScenarioLoaderTraffic, MalformedMmpp) {
  auto d =
      Errors(WithShape("    arrivals: uniform\n    mmpp:\n      states: [ { name: a, rate: 1 }, { "
                       "name: a, rate: 2 } ]\n"
                       "      transitions: [[0, 1], [1, 0, 3]]\n      initial: c"));
  EXPECT_DIAG(d, 6, 15, "'arrivals: uniform' is not defined for an MMPP");
  EXPECT_DIAG(d, 8, 47, "duplicate state name 'a'");
  EXPECT_DIAG(d, 9, 29, "must be a list of 2 per-second rates");
  EXPECT_DIAG(d, 10, 16, "'initial': no state named 'c'");
  d =
      Errors(WithShape("    mmpp:\n      states: [ { name: a, rate: 1 }, { name: b, rate: 2 } ]\n  "
                       "    transitions: [[0, 1], [0, 0]]"));
  EXPECT_DIAG(d, 8, 20, "state 'b' has no outgoing transition");
  d =
      Errors(WithShape("    mmpp:\n      states: [ { name: a, rate: 1 }, { name: b, rate: 2 } ]\n  "
                       "    transitions: [[5, 1], [1, 0]]"));
  EXPECT_DIAG(d, 8, 22, "the diagonal is implied");
  d =
      Errors(WithShape("    mmpp:\n      states: [ { name: a, rate: 0 }, { name: b, rate: 0 } ]\n  "
                       "    transitions: [[0, 1], [1, 0]]"));
  EXPECT_DIAG(d, 7, 15, "every MMPP state has rate 0");
  d = Errors(WithShape("    mmpp:\n      states: [ { name: a, rate: 1 }, { name: b, rate: 2 } ]"));
  EXPECT_DIAG(d, 7, 7, "missing required key 'transitions'");
}

TEST(ScenarioLoaderTraffic, MmppStationaryAndGeneratorDiagonal) {
  const auto s = LoadScenarioString(
      WithShape(
          "    mmpp:\n      states: [ { name: calm, rate: 10 }, { name: burst, rate: 500 } ]\n"
          "      transitions: [[-0.01, 0.01], [0.1, -0.1]]\n      initial: burst"),
      "t.yaml");
  const MmppShape& m = s.traffic[0].mmpp;
  EXPECT_EQ(s.traffic[0].shape, ShapeKind::kMmpp);
  EXPECT_EQ(m.initial_state, 1u);
  EXPECT_NEAR(m.stationary[0], 0.1 / 0.11, 1e-12);
  EXPECT_NEAR(m.long_run_rate_per_s, (0.1 * 10 + 0.01 * 500) / 0.11, 1e-9);
}

TEST(ScenarioLoaderTraffic, MalformedTraceKeys) {
  auto d = Errors(WithShape("    trace: { format: azure-2022, file: x.csv }"));
  EXPECT_DIAG(d, 6, 22, "unknown value 'azure-2022'; did you mean 'azure-2021'?");
  d =
      Errors(WithShape("    arrivals: poisson\n    trace: { format: csv, file: missing.csv, "
                       "within_minute: poisson }"));
  EXPECT_DIAG(d, 6, 5, "'arrivals' does not apply to a trace");
  EXPECT_DIAG(d, 7, 33, "trace file 'missing.csv' not found");
  EXPECT_DIAG(d, 7, 46, "'within_minute' does not apply to trace format csv");
  d = Errors(WithShape("    trace: { format: azure-2019, function: 0, time_scale: 0 }"));
  EXPECT_DIAG(d, 6, 12, "missing required key 'invocations'");
  EXPECT_DIAG(d, 6, 59, "'time_scale' = 0 is out of range");
}

}  // namespace
}  // namespace lambdasim
