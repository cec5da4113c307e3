// models/spec/platform_profile.h — every platform default and limit, as data, in one place.
//
// A PlatformProfile is what "aws-2023" or "aws-2022" means: scaling-rate bucket, account
// quota defaults, RPS multiplier, lifecycle limits and us-east-1 list prices. The scenario
// loader starts from a profile and applies the scenario's overrides; the model reads only
// the resolved values. Nothing else in the code base holds these numbers.
// Sources: ../shared/reference/lambda-semantics.md (section numbers in comments).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/time.h"

namespace lambdasim {

enum class ScalingScope { kPerFunction, kAccount };

// Prices in USD (us-east-1 list prices, §7).
struct Prices {
  double request_usd = 0.2e-6;              // per request
  double gb_second_x86_usd = 0.0000166667;  // on-demand duration
  double gb_second_arm_usd = 0.0000133334;
  double pc_gb_second_x86_usd = 0.0000041667;  // provisioned concurrency, while allocated
  double pc_gb_second_arm_usd = 0.0000033334;
  double pc_duration_gb_second_x86_usd = 0.0000097222;  // duration of invocations served by PC
  double pc_duration_gb_second_arm_usd = 0.0000077778;
  bool bill_init = true;  // since 1 Aug 2025 init is billed for on-demand functions (§7, [S39])
};

struct PlatformProfile {
  std::string name;
  // Scaling-rate token bucket (§2.1, §2.3): tokens are new on-demand environments.
  ScalingScope scaling_scope = ScalingScope::kPerFunction;
  int64_t scaling_burst = 1000;
  int64_t scaling_refill_count = 100;  // tokens added per refill period...
  sim::Duration scaling_refill_period = sim::Duration::Seconds(1);  // ...continuously
  // Account pool (§1.4).
  int64_t concurrency_limit = 1000;
  int64_t unreserved_minimum = 100;
  int64_t rps_per_concurrency = 10;  // §1.3: RPS limit = 10 × the relevant concurrency quota
  // Lifecycle (§5).
  sim::Duration init_limit = sim::Duration::Seconds(10);
  sim::Duration default_keep_alive = sim::Duration::Minutes(10);  // [INFERRED] §5.5
  sim::Duration max_lifetime_min = sim::Duration::Hours(2);       // [INFERRED] §5.6
  sim::Duration max_lifetime_max = sim::Duration::Hours(6);
  sim::Duration default_timeout = sim::Duration::Seconds(3);
  // Provisioned concurrency allocation (§2.2): prep delay U(min, max), then all at once.
  sim::Duration pc_allocation_delay_min = sim::Duration::Seconds(60);
  sim::Duration pc_allocation_delay_max = sim::Duration::Seconds(120);
  int64_t pc_allocation_per_minute = 6000;
  // SQS event source mapping pollers (§6.3): start at 5 concurrent batches, grow by
  // 300 per minute while messages remain (60 before Nov 2023), up to 1250 by default.
  int64_t sqs_initial_concurrency = 5;
  int64_t sqs_scale_up_per_minute = 300;
  int64_t sqs_max_concurrency = 1250;
  Prices prices;
};

// aws-2023 (default): per-function bucket, 1000 burst, 100/s continuous refill.
// aws-2022: account-wide bucket of 3000/1000/500 by region, refilled at 500/min.
// Returns nullopt for an unknown name.
std::optional<PlatformProfile> LookupPlatform(std::string_view name, std::string_view region);
std::vector<std::string> PlatformNames();

// §2.3 burst by region under the 2022 rule: 3000 for us-east-1/us-west-2/eu-west-1,
// 1000 for ap-northeast-1/eu-central-1/us-east-2, 500 elsewhere.
int64_t Aws2022BurstForRegion(std::string_view region);

}  // namespace lambdasim
