// tests/scenario_loader_test.cc — the YAML scenario loader: resolution, defaults, strictness.
#include "models/load/scenario_loader.h"
#include "tests/scenario_loader_test_util.h"

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
using testing::kMinimal;
using testing::WithFunctionKey;
using testing::WithTopKey;
using testing::WithTrafficKey;

using sim::Distribution;
using sim::Duration;

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

}  // namespace
}  // namespace lambdasim
