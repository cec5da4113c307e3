#include "models/spec/platform_profile.h"

namespace lambdasim {

int64_t Aws2022BurstForRegion(std::string_view region) {
  if (region == "us-east-1" || region == "us-west-2" || region == "eu-west-1") return 3000;
  if (region == "ap-northeast-1" || region == "eu-central-1" || region == "us-east-2") return 1000;
  return 500;
}

ApiGatewayQuota ApiGatewayThrottleForRegion(std::string_view region) {
  // "Amazon API Gateway quotas": "For the following Regions, the default throttle quota is 2500
  // RPS and the default burst quota is 1250 RPS: Africa (Cape Town), Europe (Milan), Asia Pacific
  // (Jakarta), Middle East (UAE), Asia Pacific (Hyderabad), Asia Pacific (Melbourne), Europe
  // (Spain), Europe (Zurich), Israel (Tel Aviv), Canada West (Calgary), Asia Pacific (Malaysia),
  // Asia Pacific (Thailand), and Mexico (Central)."
  static constexpr std::string_view kReduced[] = {
      "af-south-1",     "eu-south-1",     "ap-southeast-3", "me-central-1", "ap-south-2",
      "ap-southeast-4", "eu-south-2",     "eu-central-2",   "il-central-1", "ca-west-1",
      "ap-southeast-5", "ap-southeast-7", "mx-central-1"};
  for (const std::string_view r : kReduced)
    if (region == r) return ApiGatewayQuota{2500, 1250};
  return ApiGatewayQuota{};
}

std::vector<std::string> PlatformNames() { return {"aws-2023", "aws-2022"}; }

std::optional<PlatformProfile> LookupPlatform(std::string_view name, std::string_view region) {
  PlatformProfile p;
  const ApiGatewayQuota gateway = ApiGatewayThrottleForRegion(region);
  p.api_gateway_rate_limit_per_s = gateway.rate_limit_per_s;
  p.api_gateway_burst_limit = gateway.burst_limit;
  if (name == "aws-2023") {
    p.name = "aws-2023";
    return p;
  }
  if (name == "aws-2022") {
    p.name = "aws-2022";
    p.scaling_scope = ScalingScope::kAccount;
    p.scaling_burst = Aws2022BurstForRegion(region);
    p.scaling_refill_count = 500;
    p.scaling_refill_period = sim::Duration::Minutes(1);
    // The 2022 documentation states the rule in environments only ("500 instances each
    // minute"); there was no RPS side to the burst, so none is modelled.
    p.scaling_rps_burst = 0;
    p.sqs_scale_up_per_minute = 60;
    p.pc_allocation_burst = Aws2022BurstForRegion(region);  // old rule (platform_profile.h)
    p.pc_allocation_per_minute = 500;
    p.pc_allocation_all_at_once = false;
    return p;
  }
  return std::nullopt;
}

}  // namespace lambdasim
