// models/load/key_table_gateway.cc — the key table's API Gateway keys: the top-level
// `api_gateway:` (the account's throttle in the Region) and a traffic entry's
// `api_gateway_throttle:` (its stage / route / usage-plan limit). See key_table.h for what a
// KeyDef is and key_table_sections.h for how the table is assembled; the loader is
// load_gateway.cc and the model models/lambda/api_gateway.h.
#include <string>

#include "models/load/key_table_sections.h"

namespace lambdasim::key_table {

void FillApiGatewayKeys(KeySection& top, KeySection& traffic, KeySection& account_throttle,
                        KeySection& route_throttle, const PlatformLimits& lim) {
  top.keys.push_back(
      Key("api_gateway")
          .Section(account_throttle)
          .Default("from the profile and `region`")
          .Help("API Gateway's account throttle, shared by every `via: "
                "api-gateway` entry (see [API "
                "Gateway](#api-gateway-and-function-urls-via-api_gateway-api_gateway_throttle))"));
  traffic.keys.push_back(Key("api_gateway_throttle")
                             .Section(route_throttle)
                             .Default("none (the account's alone)")
                             .Limits("with `via: api-gateway`")
                             .Help("this entry's stage / route / usage-plan throttle; a request "
                                   "must pass it and the account's"));
  const std::string rate_limits =
      "≥ 0, ≤ 1e9 /s; kept to 0.001 /s (a rate in (0, 0.0005) is an error)";
  const std::string burst_limits =
      "0 .. " + std::to_string(lim.api_gateway_burst_limit_max) + "; 0 refuses every request";
  account_throttle.keys = {
      Key("rate_limit")
          .Rate(true)
          .Default("10000 (2500 in 13 Regions)")
          .Limits(rate_limits)
          .Help("steady-state requests per second: the bucket's refill"),
      Key("burst_limit")
          .Int(0, lim.api_gateway_burst_limit_max)
          .Unit("requests")
          .Default("5000 (1250 in 13 Regions)")
          .Limits(burst_limits)
          .Help("the bucket's capacity; it starts full"),
  };
  route_throttle.keys = {
      Key("rate_limit")
          .Rate(true)
          .Default("the account's `rate_limit`")
          .Limits(rate_limits)
          .Help("steady-state requests per second of this stage / route / usage plan"),
      Key("burst_limit")
          .Int(0, lim.api_gateway_burst_limit_max)
          .Unit("requests")
          .Default("the account's `burst_limit`")
          .Limits(burst_limits)
          .Help("this bucket's capacity; it starts full"),
  };
}

}  // namespace lambdasim::key_table
