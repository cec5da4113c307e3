// models/load/key_table_snaptenant.cc — the key table's SnapStart and tenant-isolation keys of a
// function: `runtime`, `snapstart`, `snapstart_restore_duration` and `tenant_isolation:` (pushed
// onto the function section) with its own section. See key_table.h for what a KeyDef is and
// key_table_sections.h for how the table is assembled; the relational checks (runtime support,
// no provisioned concurrency) are in load_snaptenant.cc and the models in
// models/lambda/snapstart.h and models/lambda/tenant_pools.h.
#include <string>

#include "models/load/key_table_sections.h"

namespace lambdasim::key_table {

using sim::Duration;

void FillSnapStartTenantKeys(KeySection& function, KeySection& tenant,
                             const PlatformProfile& profile) {
  const auto& ss = profile.snapstart;
  function.keys.push_back(
      Key("runtime")
          .Choices({"java11",         "java17",     "java21",     "java25",     "python3.9",
                    "python3.10",     "python3.11", "python3.12", "python3.13", "python3.14",
                    "dotnet8",        "dotnet9",    "dotnet10",   "nodejs18.x", "nodejs20.x",
                    "nodejs22.x",     "nodejs24.x", "ruby3.3",    "ruby3.4",    "provided.al2",
                    "provided.al2023"})
          .Default("none")
          .Bind<FunctionSpec>([](FunctionSpec& f, const KeyValue& v) { f.runtime = v.text; })
          .Help("the function's Lambda runtime; needed by `snapstart` (Java 11+, Python 3.12+, "
                ".NET 8+) and its charges (Python and .NET)"));
  function.keys.push_back(
      Key("snapstart")
          .Type(KeyType::kBool)
          .Default("false")
          .Limits("with a supported `runtime`; not with provisioned concurrency")
          .Store(&FunctionSpec::snapstart)
          .Help("cold starts are restores from a snapshot ([SnapStart](#snapstart)); counted in "
                "`snapstart_restores`"));
  function.keys.push_back(
      Key("snapstart_restore_duration")
          .Dist(Duration(), Duration::Minutes(15))
          .Default("lognormal median " +
                   std::to_string(static_cast<int>(ss.restore_median_s * 1000)) + "ms, p99 " +
                   std::to_string(static_cast<int>(ss.restore_p99_s * 1000)) + "ms **[INFERRED]**")
          .Store(&FunctionSpec::snapstart_restore_duration)
          .Help("a restore's time, in place of `init_duration` (with `snapstart: true`)"));
  function.keys.push_back(Key("tenant_isolation")
                              .Section(tenant)
                              .Default("off")
                              .Limits("not with provisioned concurrency or `snapstart`")
                              .Help("tenant isolation mode: environments are never shared "
                                    "between tenants ([Tenant isolation](#tenant-isolation))"));
  tenant.keys = {
      Key("tenants")
          .Int(1, 10000000)
          .Required()
          .Store(&TenantIsolationSpec::tenants)
          .Help("distinct tenant ids; each request draws one"),
      Key("popularity")
          .Choices({"uniform", "zipf"})
          .Default("uniform")
          .Bind<TenantIsolationSpec>([](TenantIsolationSpec& t, const KeyValue& v) {
            t.popularity = v.text == "zipf" ? TenantPopularity::kZipf : TenantPopularity::kUniform;
          })
          .Help("how requests spread over the tenants: equally, or P(k) ∝ 1/(k+1)^s"),
      Key("zipf_exponent")
          .Number(0, 10)
          .Default("1")
          .Store(&TenantIsolationSpec::zipf_exponent)
          .Help("s of `popularity: zipf`"),
      Key("environments_per_1000_concurrency")
          .Int(1, 1000000)
          .Default(std::to_string(profile.tenant_isolation.environments_per_1000_concurrency))
          .Store(&TenantIsolationSpec::environments_per_1000_concurrency)
          .Help("tenant-aware environments (busy or idle) allowed per 1 000 of the function's "
                "concurrency limit; a cold start beyond it is throttled"),
      Key("charge_environments")
          .Type(KeyType::kBool)
          .Default("false")
          .Store(&TenantIsolationSpec::charge_environments)
          .Help("add the per-GB charge for each environment created **[UNVERIFIED]** price"),
  };
}

}  // namespace lambdasim::key_table
