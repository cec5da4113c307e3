#include "models/spec/platform_profile.h"

namespace lambdasim {

int64_t Aws2022BurstForRegion(std::string_view region) {
  if (region == "us-east-1" || region == "us-west-2" || region == "eu-west-1") return 3000;
  if (region == "ap-northeast-1" || region == "eu-central-1" || region == "us-east-2") return 1000;
  return 500;
}

std::vector<std::string> PlatformNames() { return {"aws-2023", "aws-2022"}; }

std::optional<PlatformProfile> LookupPlatform(std::string_view name, std::string_view region) {
  PlatformProfile p;
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
