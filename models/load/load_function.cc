// models/load/load_function.cc — one entry of `functions:` → FunctionSpec.
//
// Scalar keys are read and stored by the key table (section "function" and its children);
// this file holds what is relational: the profile's defaults, the provisioned schedule's
// order, autoscaling min <= max, the allocation delay's min <= max, the async back-off's
// max >= base, the hybrid keep-alive's head < tail and bin <= range, and provisioned
// concurrency within the reservation.
#include <unistd.h>

#include <algorithm>

#include "models/load/scenario_walk.h"
#include "models/spec/input_file.h"
#include "models/workload/observed_reader.h"

namespace lambdasim::load {
namespace {

void ParseSchedule(Ctx& ctx, const Val& e, FunctionSpec& fn, FunctionExtras& extra) {
  ctx.Visit();
  if (!e.node.IsSequence()) {
    ctx.Error(e.path, e.mark(),
              "'provisioned_schedule' must be a list such as [ { at: 5m, value: 100 } ], got " +
                  TypeName(e.node));
    return;
  }
  const KeySection& keys = Keys("function.provisioned_schedule");
  size_t i = 0;
  for (const auto& item : e.node) {
    const size_t index = i++;
    Val step{item, e.path + "." + std::to_string(index),
             "provisioned_schedule[" + std::to_string(index) + "]", e.key_mark};
    Fields sf(ctx, step, keys.names);
    if (!sf.ok()) continue;
    auto at_v = sf.Require("at");
    auto val_v = sf.Require("value");
    std::optional<KeyValue> at, val;
    if (at_v) at = ReadKey(ctx, *at_v, keys.Get("at"));
    if (val_v) val = ReadKey(ctx, *val_v, keys.Get("value"));
    if (!at || !val) continue;
    if (!fn.provisioned_schedule.empty() && !(at->duration > fn.provisioned_schedule.back().at)) {
      ctx.Error(at_v->path, at_v->mark(),
                "'provisioned_schedule' must be sorted by 'at' (strictly increasing); " +
                    sim::FormatDuration(at->duration) + " comes after " +
                    sim::FormatDuration(fn.provisioned_schedule.back().at));
      continue;
    }
    fn.provisioned_schedule.push_back(ProvisionedStep{at->duration, val->integer});
    extra.max_provisioned = std::max(extra.max_provisioned, val->integer);
  }
}

void ParseAutoscaling(Ctx& ctx, const Val& e, FunctionSpec& fn, FunctionExtras& extra) {
  const KeySection& keys = Keys("function.provisioned_autoscaling");
  Fields af(ctx, e, keys.names);
  if (!af.ok()) return;
  ProvisionedAutoscaling& a = fn.provisioned_autoscaling;
  a.enabled = true;
  af.Require("min");
  af.Require("max");
  a.min = a.max = -1;  // stays -1 when missing or invalid (reported)
  StoreKeys(ctx, af, keys, a);
  if (a.min >= 0 && a.max >= 0 && a.min > a.max)
    ctx.Error(e.path, e.mark(),
              "'provisioned_autoscaling': min " + std::to_string(a.min) + " is greater than max " +
                  std::to_string(a.max));
  a.min = std::max<int64_t>(a.min, 0);
  a.max = std::max<int64_t>(a.max, 0);
  extra.max_provisioned = std::max(extra.max_provisioned, a.max);
}

void ParseAllocationDelay(Ctx& ctx, const Val& e, FunctionSpec& fn) {
  const KeySection& keys = Keys("function.provisioned_allocation_delay");
  Fields df(ctx, e, keys.names);
  if (!df.ok()) return;
  sim::Duration lo = fn.pc_allocation_delay_min, hi = fn.pc_allocation_delay_max;
  bool ok = true;
  if (auto x = df.Get("min")) {
    auto r = ReadKey(ctx, *x, keys.Get("min"));
    ok = ok && r.has_value();
    if (r) lo = r->duration;
  }
  if (auto x = df.Get("max")) {
    auto r = ReadKey(ctx, *x, keys.Get("max"));
    ok = ok && r.has_value();
    if (r) hi = r->duration;
  }
  if (!ok) return;
  if (lo > hi) {
    ctx.Error(e.path, e.mark(), "'provisioned_allocation_delay': min must be <= max");
    return;
  }
  fn.pc_allocation_delay_min = lo;
  fn.pc_allocation_delay_max = hi;
}

void ParseAsync(Ctx& ctx, const Val& e, AsyncSpec& a) {
  const KeySection& keys = Keys("function.async");
  Fields af(ctx, e, keys.names);
  if (!af.ok()) return;
  StoreKeys(ctx, af, keys, a);
  if (auto x = af.Get("retry_delays")) {
    const KeySection& rkeys = Keys("function.async.retry_delays");
    Fields rf(ctx, *x, rkeys.names);
    StoreKeys(ctx, rf, rkeys, a);
  }
  if (auto x = af.Get("throttle_backoff")) {
    const KeySection& bkeys = Keys("function.async.throttle_backoff");
    Fields bf(ctx, *x, bkeys.names);
    if (bf.ok()) {
      StoreKeys(ctx, bf, bkeys, a);
      if (a.throttle_backoff_max < a.throttle_backoff_base)
        ctx.Error(x->path, x->mark(), "'throttle_backoff': max must be >= base");
    }
  }
}

void ParseHybridKeepAlive(Ctx& ctx, const Val& e, HybridKeepAliveSpec& h) {
  const KeySection& keys = Keys("function.hybrid_keep_alive");
  Fields hf(ctx, e, keys.names);
  if (!hf.ok()) return;
  const size_t errors = ctx.diagnostics().size();
  StoreKeys(ctx, hf, keys, h);
  if (ctx.diagnostics().size() != errors) return;  // a bad value: relations are moot
  if (!(h.head_percentile < h.tail_percentile)) {
    const Val where = hf.Get("head_percentile") ? *hf.Get("head_percentile") : e;
    ctx.Error(where.path, where.mark(),
              "'hybrid_keep_alive': head_percentile " + Num(h.head_percentile) +
                  " must be less than tail_percentile " + Num(h.tail_percentile));
  }
  if (h.bin_width > h.histogram_range) {
    const Val where = hf.Get("bin_width") ? *hf.Get("bin_width") : e;
    ctx.Error(where.path, where.mark(),
              "'hybrid_keep_alive': bin_width " + sim::FormatDuration(h.bin_width) +
                  " is longer than histogram_range " + sim::FormatDuration(h.histogram_range));
  }
}

// `observed: FILE` — production's per-period measurements (models/workload/observed_reader.h).
void ParseObserved(Ctx& ctx, const Val& e, const ScenarioSpec& spec, FunctionSpec& fn) {
  auto text = Scalar(ctx, e, "a CSV file path");
  if (!text) return;
  const std::string path = ResolveInputPath(spec, *text);
  // The one input-file check (models/spec/input_file.h): a directory, a FIFO or a device is
  // named as such, not "not found".
  std::string why;
  const int fd = OpenInputFile(path, "observed file", kMaxTraceFileBytes, &why);
  if (fd < 0) {
    ctx.Error(e.path, e.mark(),
              "'observed': file '" + *text + "' " + (why == "no such file" ? "not found" : why) +
                  (path != *text ? " (looked for " + path + ")" : std::string()));
    return;
  }
  ::close(fd);
  fn.observed.file = path;
  fn.observed.file_text = *text;
  if (!ReadObservedCsv(path, spec.bucket, &fn.observed, &ctx.diagnostics())) {
    fn.observed = ObservedSeries{};
    return;
  }
  if (fn.observed.periods.front().start_s >= spec.duration.seconds())
    ctx.Error(
        e.path, e.mark(),
        "'observed': the first period of '" + *text + "' starts at " +
            sim::FormatDuration(sim::DurationFromSeconds(fn.observed.periods.front().start_s)) +
            ", after the run's duration " + sim::FormatDuration(spec.duration));
}

}  // namespace

void ParseFunction(Ctx& ctx, const Val& v, const ScenarioSpec& spec, FunctionSpec& fn,
                   FunctionExtras& extra) {
  const KeySection& keys = Keys("function");
  Fields f(ctx, v, keys.names);
  if (!f.ok()) return;
  const PlatformProfile& p = spec.platform;
  fn.timeout = p.default_timeout;
  fn.keep_alive = p.default_keep_alive;
  fn.max_lifetime =
      sim::Distribution::Uniform(p.max_lifetime_min.seconds(), p.max_lifetime_max.seconds());
  fn.pc_allocation_delay_min = p.pc_allocation_delay_min;
  fn.pc_allocation_delay_max = p.pc_allocation_delay_max;

  ApplySnapStartTenantDefaults(p, fn);
  StoreKeys(ctx, f, keys, fn);
  // Required unless a trace supplies the durations (checked after the traffic is read).
  extra.duration = f.Get("duration");
  extra.value_mark = v.mark();
  extra.max_provisioned = fn.provisioned_concurrency;

  if (auto e = f.Get("provisioned_schedule")) ParseSchedule(ctx, *e, fn, extra);
  if (auto e = f.Get("provisioned_autoscaling")) ParseAutoscaling(ctx, *e, fn, extra);
  if (auto e = f.Get("provisioned_allocation_delay")) ParseAllocationDelay(ctx, *e, fn);
  if (auto e = f.Get("async")) ParseAsync(ctx, *e, fn.async);
  if (auto e = f.Get("hybrid_keep_alive"))
    ParseHybridKeepAlive(ctx, *e, fn.keep_alive_policy.hybrid);
  if (auto e = f.Get("observed")) ParseObserved(ctx, *e, spec, fn);
  if (auto e = f.Get("calls")) ParseCalls(ctx, *e, spec.platform.limits, fn, extra);
  if (auto e = f.Get("managed_instances")) ParseManagedInstances(ctx, *e, spec, fn);
  ParseSnapStartTenant(ctx, f, v, spec, fn);

  if (fn.reserved_concurrency) {
    const int64_t rc = *fn.reserved_concurrency;
    if (extra.max_provisioned > rc) {
      std::optional<Val> where;
      if (fn.provisioned_concurrency > rc)
        where = f.Get("provisioned_concurrency");
      else if (fn.provisioned_autoscaling.max > rc)
        where = f.Get("provisioned_autoscaling");
      else
        where = f.Get("provisioned_schedule");
      if (!where) where = v;
      ctx.Error(where->path, where->mark(),
                "function '" + fn.name + "': provisioned concurrency " +
                    std::to_string(extra.max_provisioned) + " exceeds its reserved_concurrency " +
                    std::to_string(rc));
    }
  }
}

}  // namespace lambdasim::load
