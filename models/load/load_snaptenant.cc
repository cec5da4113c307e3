// models/load/load_snaptenant.cc — a function's SnapStart and tenant-isolation keys: the
// profile's restore-duration default (before the function's keys are stored), the
// `tenant_isolation:` mapping, and the relational checks, each at the offending key's
// file:line:col:
//   * `snapstart: true` needs a `runtime:` SnapStart supports (Java 11+, Python 3.12+, .NET 8+);
//   * SnapStart "does not support provisioned concurrency" (snapstart.html), so `snapstart` with
//     provisioned_concurrency / provisioned_schedule / provisioned_autoscaling is refused;
//   * tenant isolation is refused with provisioned concurrency, with `snapstart` (AWS CDK's
//     TenancyConfig: "This is incompatible with: SnapStart, Provisioned Concurrency, ...") and
//     with `keep_alive_policy: hybrid_histogram` (the tenant pools keep the fixed keep-alive).
#include "models/load/scenario_walk.h"
#include "models/spec/snapstart_runtime.h"

namespace lambdasim::load {

void ApplySnapStartTenantDefaults(const PlatformProfile& p, FunctionSpec& fn) {
  fn.snapstart_restore_duration = sim::Distribution::LognormalMedianP99(
      p.snapstart.restore_median_s, p.snapstart.restore_p99_s);
  fn.tenant_isolation.environments_per_1000_concurrency =
      p.tenant_isolation.environments_per_1000_concurrency;
}

void ParseSnapStartTenant(Ctx& ctx, const Fields& f, const Val& v, const ScenarioSpec& spec,
                          FunctionSpec& fn) {
  if (auto e = f.Get("tenant_isolation")) {
    const KeySection& keys = Keys("function.tenant_isolation");
    Fields tf(ctx, *e, keys.names);
    if (tf.ok()) {
      tf.Require("tenants");
      StoreKeys(ctx, tf, keys, fn.tenant_isolation);
      fn.tenant_isolation.enabled = true;
    }
  }
  const bool provisioned = fn.provisioned_concurrency > 0 || fn.provisioned_autoscaling.enabled ||
                           !fn.provisioned_schedule.empty();
  const auto pc_key = [&]() {
    if (auto x = f.Get("provisioned_concurrency")) return *x;
    if (auto x = f.Get("provisioned_autoscaling")) return *x;
    if (auto x = f.Get("provisioned_schedule")) return *x;
    return v;
  };
  if (fn.snapstart) {
    const Val where = f.Get("snapstart") ? *f.Get("snapstart") : v;
    if (fn.runtime.empty()) {
      ctx.Error(where.path, where.mark(),
                "function '" + fn.name +
                    "': 'snapstart' needs a 'runtime' (SnapStart supports Java 11 and later, "
                    "Python 3.12 and later, .NET 8 and later)");
    } else if (SnapStartSupportOf(fn.runtime, spec.platform.snapstart) ==
               SnapStartSupport::kUnsupported) {
      const Val rt = f.Get("runtime") ? *f.Get("runtime") : where;
      ctx.Error(rt.path, rt.mark(),
                "function '" + fn.name + "': SnapStart does not support runtime '" + fn.runtime +
                    "' (it supports Java 11 and later, Python 3.12 and later, .NET 8 and later)");
    }
    if (provisioned) {
      const Val pk = pc_key();
      ctx.Error(pk.path, pk.mark(),
                "function '" + fn.name +
                    "': SnapStart cannot be combined with provisioned concurrency (AWS: "
                    "\"SnapStart does not support provisioned concurrency\")");
    }
    if (fn.managed_instances.enabled)
      ctx.Error(where.path, where.mark(),
                "function '" + fn.name +
                    "': snapstart and managed_instances are not modelled together (a capacity "
                    "provider's environments start with the instances, not on demand)");
  }
  if (fn.tenant_isolation.enabled) {
    const Val where = *f.Get("tenant_isolation");
    if (provisioned) {
      const Val pk = pc_key();
      ctx.Error(pk.path, pk.mark(),
                "function '" + fn.name +
                    "': tenant isolation cannot be combined with provisioned concurrency");
    }
    if (fn.snapstart)
      ctx.Error(where.path, where.mark(),
                "function '" + fn.name + "': tenant isolation cannot be combined with SnapStart");
    if (fn.managed_instances.enabled)
      ctx.Error(where.path, where.mark(),
                "function '" + fn.name +
                    "': tenant isolation and managed_instances are not modelled together "
                    "(a capacity provider's environments are shared by design)");
    if (fn.keep_alive_policy.kind == KeepAliveKind::kHybridHistogram)
      ctx.Error(where.path, where.mark(),
                "function '" + fn.name +
                    "': tenant isolation keeps the fixed keep_alive (not hybrid_histogram)");
  }
}

}  // namespace lambdasim::load
