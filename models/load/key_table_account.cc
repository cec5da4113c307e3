// models/load/key_table_account.cc — the key table's top-level, `scaling:`, `pricing:` and
// `account:` keys. See key_table.h for what a KeyDef is and key_table_sections.h for how the table
// is assembled.
#include <fmt/format.h>

#include <string>

#include "models/load/key_table_sections.h"

namespace lambdasim::key_table {

using sim::Duration;

void FillAccountKeys(const Sections& sec) {
  KeySection& top = sec.top;
  KeySection& scaling = sec.scaling;
  KeySection& account = sec.account;
  KeySection& pricing = sec.pricing;
  KeySection& function = sec.function;
  KeySection& traffic = sec.traffic;
  KeySection& fanout = sec.fanout;
  top.keys = {
      Key("name")
          .Type(KeyType::kString)
          .Default("file name without extension")
          .Limits("`[A-Za-z0-9_.-]+`")
          .Help("becomes the output directory name"),
      Key("duration")
          .Dur(Duration::Seconds(1), kHorizon)
          .Default("10m")
          .Store(&ScenarioSpec::duration)
          .Help("simulated horizon"),
      Key("seed")
          .Unsigned()
          .Default("1")
          .Limits("0 .. 2⁶⁴−1")
          .Store(&ScenarioSpec::seed)
          .Help("root seed of every random stream"),
      Key("warmup")
          .Dur(Duration(), kHorizon)
          .Default("0s (start cold)")
          .Store(&ScenarioSpec::warmup)
          .Help("run this long first with traffic held at its t = 0 rate, then measure; "
                "summary, series, cost and `expect:` cover only the measured `duration`"),
      Key("bucket")
          .Dur(Duration::Seconds(1), kHorizon)
          .Default("`1m` (or `duration` if shorter)")
          .Limits("≥ 1s, ≤ `duration`, `duration / bucket` ≤ 1,000,000")
          .Help("time-series resolution (CloudWatch uses 1 min)"),
      Key("platform")
          .Choices(PlatformNames())
          .Default("aws-2023")
          .Help("AWS defaults at once; see [Platform profiles](#platform-profiles)"),
      Key("region")
          .Type(KeyType::kString)
          .Default("us-east-1")
          .Limits("`[a-z0-9-]+`")
          .Help("`aws-2022`'s burst size; API Gateway's default throttle"),
      Key("scaling")
          .Section(scaling)
          .Default("from the profile")
          .Help("the scaling-rate token bucket"),
      Key("account").Section(account).Default("from the profile").Help("account quotas"),
      Key("pricing")
          .Section(pricing)
          .Default("us-east-1 list prices")
          .Help("price overrides and billing rules; see [Pricing](#pricing)"),
      Key("functions")
          .Section(function, KeyType::kMap)
          .Required()
          .Limits("at least one")
          .Help("function name (`[A-Za-z0-9_-]+`) → settings; file order is output order"),
      Key("traffic")
          .Section(traffic, KeyType::kList)
          .Required()
          .Limits("at least one entry")
          .Help("traffic sources"),
      Key("expect")
          .Type(KeyType::kList)
          .Default("none")
          .Help("CI thresholds, `metric op number` strings (see [expect](#ci-thresholds-expect))"),
      Key("fanout")
          .Section(fanout, KeyType::kList)
          .Default("none")
          .Help("SNS topics / EventBridge rules that `topic:` traffic publishes to"),
  };

  scaling.keys = {
      Key("burst")
          .Int(1, kMaxConcurrency)
          .Default("profile (`aws-2023`: 1000)")
          .Store(&ScalingSpec::burst)
          .Help("bucket size: new environments at once"),
      Key("refill")
          .Type(KeyType::kRefill)
          .Default("profile (`aws-2023`: `1000/10s`)")
          .Limits("N ≥ 1, period 1ms .. 1d")
          .Help("rate: `N/period` or a whole count per second"),
      Key("rps_burst")
          .Int(0, kMaxConcurrency * 10)
          .Default("profile (`aws-2023`: 10000; `aws-2022`: 0)")
          .Store(&ScalingSpec::rps_burst)
          .Help("RPS side, per function: additional requests per second at once; 0 = none"),
      Key("rps_refill")
          .Type(KeyType::kRefill)
          .Default("profile (`aws-2023`: `10000/10s`)")
          .Limits("N ≥ 1, period 1ms .. 1d")
          .Help("RPS side: additional requests per second gained per period"),
      Key("refill_mode")
          .Choices({"continuous", "step"})
          .Default("continuous")
          .Bind<ScalingSpec>([](ScalingSpec& sc, const KeyValue& v) {
            sc.refill_mode = v.text == "step" ? RefillMode::kStep : RefillMode::kContinuous;
          })
          .Help("continuous: AWS's stated practice; step: whole refills at each period (the "
                "launch post's \"1,000 every 10 seconds\", the pessimistic reading)"),
  };
  const Prices list;               // the profile's us-east-1 list prices, for the defaults' text
  const auto usd = [](double x) {  // fixed notation, no trailing zeros: 0.0000166667
    std::string t = fmt::format("{:.10f}", x);
    while (!t.empty() && t.back() == '0') t.pop_back();
    if (!t.empty() && t.back() == '.') t.pop_back();
    return t;
  };
  pricing.keys = {
      Key("request_usd_per_million")
          .Number(0, 1000)
          .Unit("USD")
          .Default(usd(list.request_usd * 1e6))
          .Bind<Prices>([](Prices& p, const KeyValue& v) { p.request_usd = v.number * 1e-6; })
          .Help("price of one million requests"),
      Key("gb_second_usd_x86_64")
          .Number(0, 1)
          .Unit("USD")
          .Default(usd(list.gb_second_x86_usd))
          .Store(&Prices::gb_second_x86_usd)
          .Help("on-demand duration per GB-s, x86_64 (first price tier)"),
      Key("gb_second_usd_arm64")
          .Number(0, 1)
          .Unit("USD")
          .Default(usd(list.gb_second_arm_usd))
          .Store(&Prices::gb_second_arm_usd)
          .Help("on-demand duration per GB-s, arm64 (first price tier)"),
      Key("provisioned_gb_second_usd_x86_64")
          .Number(0, 1)
          .Unit("USD")
          .Default(usd(list.pc_gb_second_x86_usd))
          .Store(&Prices::pc_gb_second_x86_usd)
          .Help("provisioned concurrency per configured GB-s, x86_64"),
      Key("provisioned_gb_second_usd_arm64")
          .Number(0, 1)
          .Unit("USD")
          .Default(usd(list.pc_gb_second_arm_usd))
          .Store(&Prices::pc_gb_second_arm_usd)
          .Help("provisioned concurrency per configured GB-s, arm64"),
      Key("provisioned_duration_gb_second_usd_x86_64")
          .Number(0, 1)
          .Unit("USD")
          .Default(usd(list.pc_duration_gb_second_x86_usd))
          .Store(&Prices::pc_duration_gb_second_x86_usd)
          .Help("duration per GB-s of invocations on provisioned concurrency, x86_64"),
      Key("provisioned_duration_gb_second_usd_arm64")
          .Number(0, 1)
          .Unit("USD")
          .Default(usd(list.pc_duration_gb_second_arm_usd))
          .Store(&Prices::pc_duration_gb_second_arm_usd)
          .Help("duration per GB-s of invocations on provisioned concurrency, arm64"),
      Key("bill_init")
          .Type(KeyType::kBool)
          .Default("true")
          .Store(&Prices::bill_init)
          .Help("bill on-demand INIT duration (AWS since 1 Aug 2025); `false` = older bills"),
      Key("free_tier")
          .Type(KeyType::kBool)
          .Default("false")
          .Store(&Prices::free_tier)
          .Help(
              "monthly projection subtracts 1 M requests and 400 000 GB-s (not for PC functions)"),
  };
  account.keys = {
      Key("concurrency_limit")
          .Int(1, kMaxConcurrency)
          .Default("1000")
          .Store(&AccountSpec::concurrency_limit)
          .Help("account concurrency quota (§1.4)"),
      Key("unreserved_minimum")
          .Int(0, kMaxConcurrency)
          .Default("100")
          .Limits("0 .. `concurrency_limit`")
          .Help("concurrency that reservations may not take (§1.4)"),
  };
}

}  // namespace lambdasim::key_table
