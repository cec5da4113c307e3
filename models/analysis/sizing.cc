// models/analysis/sizing.cc — closed-form sizing (see sizing.h).
#include "models/analysis/sizing.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/core.h>

namespace lambdasim::analysis {

const char* BindingLimitName(BindingLimit b) {
  switch (b) {
    case BindingLimit::kNone: return "none";
    case BindingLimit::kAccountPool: return "account pool";
    case BindingLimit::kReservation: return "reservation";
    case BindingLimit::kRpsLimit: return "RPS limit";
    case BindingLimit::kScalingEnv: return "scaling ramp (environments)";
    case BindingLimit::kScalingRps: return "scaling ramp (RPS)";
    case BindingLimit::kEventSource: return "event source";
    case BindingLimit::kInstanceCapacity: return "instance capacity (Managed Instances)";
  }
  return "?";
}

SizingOutput ComputeSizing(const SizingInput& in) {
  SizingOutput o;
  o.warm = analytic::SolveWarmPool(in.mean_rps, in.mean_duration_s, in.keep_alive_s);
  o.conc_mean = analytic::LittleConcurrency(in.mean_rps, in.mean_duration_s);
  o.conc_peak = analytic::LittleConcurrency(in.peak_rps, in.mean_duration_s);
  // Environments in their init are busy too: Little with duration + P(cold) × init.
  o.conc_needed = analytic::LittleConcurrency(
      in.peak_rps, in.mean_duration_s + o.warm.cold_start_probability * in.mean_init_s);
  if (in.has_fluid) o.conc_needed = std::max(o.conc_needed, in.fluid_peak_with_noise);
  o.ramp_s = analytic::ScalingRampSeconds(std::ceil(o.conc_peak - 1e-9), in.scaling.burst,
                                          in.scaling.refill_per_s);
  if (in.scaling.rps_burst > 0) {
    o.rps_ramp_s = analytic::ScalingRampSeconds(in.peak_rps, in.scaling.rps_burst,
                                                in.scaling.rps_refill_per_s);
    o.rps_ramp_throttles =
        analytic::RpsRampThrottles(in.peak_rps, in.scaling.rps_burst, in.scaling.rps_refill_per_s);
  }
  if (in.tenants > 0) {
    const double n = static_cast<double>(in.tenants);
    const double a = in.mean_rps * in.keep_alive_s / n;
    o.tenant_cold_probability = std::exp(-a);
    o.tenant_environments = n * (1 - std::exp(-a)) + o.conc_mean;
    o.fits_tenant_environments =
        o.tenant_environments <= static_cast<double>(in.tenant_environment_limit) + 1e-9;
  }
  o.capacity = in.reserved ? *in.reserved : in.available;
  o.fits_concurrency = o.conc_peak <= static_cast<double>(o.capacity) + 1e-9;
  // §1.3: the RPS limit is 10 × the relevant concurrency quota (the reservation if any).
  const int64_t rps_quota = in.reserved ? *in.reserved : in.account_limit;
  o.rps_limit = analytic::RpsLimit(static_cast<double>(rps_quota), in.rps_per_concurrency);
  o.fits_rps = in.peak_rps <= o.rps_limit + 1e-9;
  const int64_t need_conc = static_cast<int64_t>(std::ceil(o.conc_needed - 1e-9));
  const int64_t need =
      std::max(need_conc, analytic::QuotaForRps(in.peak_rps, in.rps_per_concurrency));
  const auto others = static_cast<int64_t>(std::ceil(in.others_at_peak - 1e-9));
  // Reserving needs the reservation plus what stays unreserved (at least the minimum, at least
  // what the others draw at that moment) plus the others' reservations; otherwise the pool
  // must hold this function, the others' concurrency at its peak and their reservations.
  o.quota_needed = in.reserved ? need + std::max(in.unreserved_minimum, others) + in.others_reserved
                               : need + (in.account_limit - in.available) + others;
  o.erlang_b = analytic::ErlangB(o.capacity, o.conc_peak);
  o.carried_mean = o.conc_mean * (1 - analytic::ErlangB(o.capacity, o.conc_mean));
  // The binding limit: the caps that hold all the time first, then the ramps.
  const double cap = static_cast<double>(o.capacity) - (in.reserved ? 0 : in.others_at_peak);
  const double batches_needed = o.conc_needed / std::max(1.0, in.source_batch_size);
  if (in.source_batches_cap && batches_needed > *in.source_batches_cap + 1e-9) {
    // The source's ordering bound holds whatever the quotas: the backlog grows (issue 19).
    o.binding = BindingLimit::kEventSource;
    o.binding_detail = fmt::format(
        "needs {} concurrent batches; the event source runs at most {} ({}): the backlog grows",
        CompactNumber(std::ceil(batches_needed - 1e-9)), CompactNumber(*in.source_batches_cap),
        in.source_cap_detail);
  } else if (o.conc_needed > cap + 1e-9) {
    o.binding = in.reserved ? BindingLimit::kReservation : BindingLimit::kAccountPool;
    o.binding_detail =
        in.reserved
            ? fmt::format("needs {} concurrency, reserved {}",
                          CompactNumber(std::ceil(o.conc_needed)), *in.reserved)
            : fmt::format("needs {} concurrency; the pool holds {} with the others' {} at its peak",
                          CompactNumber(std::ceil(o.conc_needed)), in.available,
                          CompactNumber(std::ceil(in.others_at_peak)));
  } else if (!o.fits_rps) {
    o.binding = BindingLimit::kRpsLimit;
    o.binding_detail = fmt::format("peak {} rps over the {} rps limit", CompactNumber(in.peak_rps),
                                   CompactNumber(o.rps_limit));
  } else if (in.has_fluid && in.fluid_scaling_throttles >= 1) {
    o.binding = BindingLimit::kScalingEnv;
    o.binding_detail = fmt::format(
        "about {} requests throttled while new environments are scarce (first at {}){}",
        CompactNumber(std::round(in.fluid_scaling_throttles)),
        fmt::format("{:.1f} s", in.fluid_first_throttle_s),
        in.fluid_first_throttle_s < in.mean_init_s + in.mean_duration_s + 1
            ? ": scaling from zero at the start of the run (provisioned concurrency or a "
              "warm-up avoids it)"
            : "");
  } else if (o.rps_ramp_throttles >= 1) {
    o.binding = BindingLimit::kScalingRps;
    o.binding_detail =
        fmt::format("about {} requests throttled if {} rps arrives from cold",
                    CompactNumber(std::round(o.rps_ramp_throttles)), CompactNumber(in.peak_rps));
  } else {
    o.binding_detail =
        fmt::format("{} of {} concurrency at the peak",
                    CompactNumber(std::ceil(o.conc_needed - 1e-9)), CompactNumber(cap));
  }
  if (in.managed_slots_per_instance > 0) ApplyManagedSizing(in, o);
  return o;
}

double PeakWithNoise(double level, double hold_s, double tau_s) {
  if (!(level > 0) || !(tau_s > 0) || !(hold_s > tau_s)) return std::max(level, 0.0);
  return level + std::sqrt(2 * std::log(hold_s / tau_s)) * std::sqrt(level);
}

FluidResult FluidRamp(const std::function<double(double)>& rate_at, const FluidParams& p) {
  FluidResult r;
  const double dt = p.dt_s;
  const auto steps = static_cast<size_t>(std::ceil(p.horizon_s / dt));
  // The warm-up runs first at the t = 0 rate, unmeasured, as in a run (`warmup:`).
  const auto warm_steps = static_cast<size_t>(std::ceil(std::max(0.0, p.warmup_s) / dt));
  r.series.resize(steps);
  std::vector<float> rates(steps);
  const double d_warm = std::max(1.0, p.mean_duration_s / dt);
  const double d_init = p.mean_init_s / dt;
  const double d_cold = std::max(1.0, d_init + p.mean_duration_s / dt);
  const size_t ring = static_cast<size_t>(std::ceil(std::max(d_warm, d_cold))) + 2;
  std::vector<double> release(ring, 0), init_done(ring, 0);
  // Spread an amount released `d` steps after step k over the two neighbouring slots.
  auto schedule = [&](std::vector<double>& v, size_t k, double d, double amount) {
    const auto whole = static_cast<size_t>(d);
    const double frac = d - static_cast<double>(whole);
    v[(k + whole) % ring] += amount * (1 - frac);
    v[(k + whole + 1) % ring] += amount * frac;
  };
  double idle = 0, envs = 0, initializing = 0, tokens = p.burst;
  const double rate_at_start = rate_at(0);
  for (size_t step = 0; step < warm_steps + steps; ++step) {
    const size_t k = step;  // ring slot
    const bool measured = step >= warm_steps;
    const size_t m = measured ? step - warm_steps : 0;  // measured step
    const double t = static_cast<double>(m) * dt;
    idle += release[k % ring];
    release[k % ring] = 0;
    initializing -= init_done[k % ring];
    init_done[k % ring] = 0;
    const double rate = measured ? rate_at(t) : rate_at_start;
    const double arrivals = rate * dt;
    const double warm = std::min(arrivals, idle);
    idle -= warm;
    schedule(release, k, d_warm, warm);
    tokens = std::min(p.burst, tokens + p.refill_per_s * dt);
    const double want = arrivals - warm;
    const double cold = std::min(want, tokens);
    tokens -= cold;
    if (measured && want - cold > 1e-12) {
      r.scaling_throttles += want - cold;
      if (r.first_throttle_s < 0) r.first_throttle_s = t;
    }
    envs += cold;
    initializing += cold;
    schedule(release, k, d_cold, cold);
    if (d_init > 0)
      schedule(init_done, k, d_init, cold);
    else
      initializing -= cold;
    const double churn = rate * p.p_cold * p.mean_init_s;
    const double busy = envs - idle + churn;
    if (!measured) continue;
    r.series[m] = static_cast<float>(busy);
    rates[m] = static_cast<float>(rate);
    if (busy > r.peak) {
      r.peak = busy;
      r.peak_at_s = t;
      r.initializing_at_peak = std::max(0.0, initializing) + churn;
    }
  }
  if (steps == 0) return r;
  const double lo = *std::min_element(rates.begin(), rates.end());
  const double hi = *std::max_element(rates.begin(), rates.end());
  const double busy_s = p.mean_duration_s + p.p_cold * p.mean_init_s;
  // Steepest rise (over one-second windows) while the rate is in the upper half of its range.
  const size_t w = std::max<size_t>(1, static_cast<size_t>(1.0 / dt));
  double slope = 0;
  for (size_t k = w; k < steps; ++k)
    if (rates[k] >= lo + 0.5 * (hi - lo))
      slope = std::max(
          slope, static_cast<double>(rates[k] - rates[k - w]) / (static_cast<double>(w) * dt));
  const double cycle = p.mean_init_s + p.mean_duration_s;
  const double wave = std::min({std::max(slope * cycle * (p.mean_init_s - p.mean_duration_s) / 2,
                                         slope * p.mean_duration_s * p.mean_init_s),
                                (hi - lo) * p.mean_init_s, p.burst + p.refill_per_s * cycle});
  r.wave_overshoot = slope > 0 ? wave : 0;
  r.wave_peak = std::max(r.peak, hi * busy_s + r.wave_overshoot);
  return r;
}

std::string CompactNumber(double v) {
  if (!std::isfinite(v)) return "inf";
  if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15)
    return fmt::format("{}", static_cast<int64_t>(std::round(v)));
  return fmt::format("{:.4g}", v);
}

TrafficRates FunctionTrafficRates(const ScenarioSpec& spec, size_t function_index) {
  TrafficRates r;
  const double horizon = spec.duration.seconds();
  for (const auto& t : spec.traffic) {
    if (t.function_index != function_index) continue;
    const double start = t.start.seconds();
    const double end = t.end ? std::min(t.end->seconds(), horizon) : horizon;
    const double active = std::max(0.0, end - start) / horizon;
    switch (t.shape) {
      case ShapeKind::kConstant:
        r.mean_rps += t.rate_per_s * active;
        r.peak_rps += t.rate_per_s;
        if (active < 1) r.note = " (time-averaged over the horizon)";
        break;
      case ShapeKind::kPiecewise: {
        double area = 0, mx = 0;
        for (const auto& seg : t.segments) {
          const double a = seg.start.seconds(), b = std::min(seg.end.seconds(), horizon);
          if (b > a)
            area += (b - a) * (seg.rate_from_per_s + seg.rate_to_per_s) /
                    2;  // (clipped ramps: approximate)
          mx = std::max({mx, seg.rate_from_per_s, seg.rate_to_per_s});
        }
        r.mean_rps += area / horizon;
        r.peak_rps += mx;
        r.note = " (time-averaged over the horizon)";
        break;
      }
      case ShapeKind::kDiurnal:
        r.mean_rps += t.diurnal.mean_per_s * active;
        r.peak_rps += t.diurnal.mean_per_s + t.diurnal.amplitude_per_s;
        break;
      case ShapeKind::kMmpp:
        r.mean_rps += t.mmpp.long_run_rate_per_s * active;
        r.peak_rps += t.mmpp.rates_per_s.empty()
                          ? 0
                          : *std::max_element(t.mmpp.rates_per_s.begin(), t.mmpp.rates_per_s.end());
        break;
      case ShapeKind::kTrace:
        r.mean_rps += static_cast<double>(t.trace.rows) / horizon;
        r.peak_rps += static_cast<double>(t.trace.rows) / horizon;
        r.note = " (trace: row count over the horizon; peak unknown)";
        break;
    }
  }
  return r;
}

double FunctionRateAt(const ScenarioSpec& spec, size_t function_index, double t_s) {
  const double horizon = spec.duration.seconds();
  double rate = 0;
  for (const auto& t : spec.traffic) {
    if (t.function_index != function_index) continue;
    if (t_s < t.start.seconds() || (t.end && t_s >= t.end->seconds())) continue;
    switch (t.shape) {
      case ShapeKind::kConstant: rate += t.rate_per_s; break;
      case ShapeKind::kPiecewise:
        for (const auto& seg : t.segments) {
          const double a = seg.start.seconds(), b = seg.end.seconds();
          if (t_s < a || t_s >= b) continue;
          rate +=
              seg.rate_from_per_s + (seg.rate_to_per_s - seg.rate_from_per_s) * (t_s - a) / (b - a);
          break;
        }
        break;
      case ShapeKind::kDiurnal: {
        const double w = 2 * std::numbers::pi / t.diurnal.period.seconds();
        rate += t.diurnal.mean_per_s +
                t.diurnal.amplitude_per_s * std::cos(w * (t_s - t.diurnal.peak_at.seconds()));
        break;
      }
      case ShapeKind::kMmpp: rate += t.mmpp.long_run_rate_per_s; break;
      case ShapeKind::kTrace: rate += static_cast<double>(t.trace.rows) / horizon; break;
    }
  }
  return rate;
}

namespace {

// Fills the fluid fields of every input: each function's fluid ramp on a common time grid,
// the others' unreserved concurrency at its peak, and the account's peak.
void AddFluid(const ScenarioSpec& spec, std::vector<SizingInput>& inputs) {
  const double horizon = spec.duration.seconds();
  const double dt = std::max(horizon / 3e5, 0.002);
  std::vector<FluidResult> fluid;
  std::vector<double> tau;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const SizingInput& in = inputs[i];
    FluidParams p;
    p.mean_duration_s = in.mean_duration_s;
    p.mean_init_s = in.mean_init_s;
    p.p_cold = analytic::SolveWarmPool(in.mean_rps, in.mean_duration_s, in.keep_alive_s)
                   .cold_start_probability;
    p.burst = in.scaling.burst;
    p.refill_per_s = in.scaling.refill_per_s;
    p.horizon_s = horizon;
    p.warmup_s = spec.warmup.seconds();
    p.dt_s = dt;
    fluid.push_back(FluidRamp([&](double t) { return FunctionRateAt(spec, i, t); }, p));
    tau.push_back(in.mean_duration_s + p.p_cold * in.mean_init_s);
  }
  const size_t steps = fluid.empty() ? 0 : fluid[0].series.size();
  std::vector<double> unreserved(steps, 0);
  int64_t reserved_sum = 0;
  // A function on Lambda Managed Instances draws on its fleet, not on the account's pool.
  auto managed = [&](size_t i) { return inputs[i].managed_slots_per_instance > 0; };
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].reserved) {
      reserved_sum += *inputs[i].reserved;
      continue;
    }
    if (managed(i)) continue;
    for (size_t k = 0; k < steps; ++k) unreserved[k] += fluid[i].series[k];
  }
  // How long a series stays near its peak: the window the noise term gets to show itself.
  auto hold = [&](auto const& series, double peak) {
    size_t n = 0;
    for (const auto& v : series)
      if (v >= peak - std::sqrt(std::max(peak, 0.0))) ++n;
    return static_cast<double>(n) * dt;
  };
  double acct_peak = 0;
  for (double v : unreserved) acct_peak = std::max(acct_peak, v);
  const double tau_min = tau.empty() ? 0 : *std::min_element(tau.begin(), tau.end());
  // Moving each unreserved function's wave to its top rate adds (wave_peak − peak) to the sum.
  double wave_shift = 0, wave_hold = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].reserved || managed(i) || fluid[i].wave_peak <= fluid[i].peak) continue;
    wave_shift += fluid[i].wave_peak - fluid[i].peak;
    wave_hold = std::max(wave_hold, inputs[i].mean_init_s + inputs[i].mean_duration_s);
  }
  const double acct = std::max(PeakWithNoise(acct_peak, hold(unreserved, acct_peak), tau_min),
                               PeakWithNoise(acct_peak + wave_shift, wave_hold, tau_min)) +
                      static_cast<double>(reserved_sum);
  for (size_t i = 0; i < inputs.size(); ++i) {
    SizingInput& in = inputs[i];
    const FluidResult& f = fluid[i];
    in.has_fluid = true;
    in.fluid_peak = f.wave_peak;
    in.fluid_peak_at_s = f.peak_at_s;
    in.fluid_initializing_at_peak =
        f.wave_overshoot > 0 ? f.wave_overshoot : f.initializing_at_peak;
    // The plateau's maximum (long hold) or the wave at the top (one init + duration long).
    in.fluid_peak_with_noise =
        std::max(PeakWithNoise(f.peak, hold(f.series, f.peak), tau[i]),
                 PeakWithNoise(f.wave_peak, in.mean_init_s + in.mean_duration_s, tau[i]));
    in.fluid_scaling_throttles = f.scaling_throttles;
    in.fluid_first_throttle_s = f.first_throttle_s;
    const auto k = std::min(steps - 1, static_cast<size_t>(std::llround(f.peak_at_s / dt)));
    in.others_at_peak =
        steps ? unreserved[k] - (in.reserved || managed(i) ? 0.0 : static_cast<double>(f.series[k]))
              : 0;
    in.others_reserved = reserved_sum - (in.reserved ? *in.reserved : 0);
    in.account_peak_with_noise = acct;
  }
}

}  // namespace

// Issue 19: the batches function f's event sources can run at once, when every traffic entry
// of f is a queue or stream (a direct entry is unbounded).
static void AddSourceCap(const ScenarioSpec& spec, size_t f, SizingInput& in) {
  double batches = 0, batch = 0;
  std::string detail;
  bool any = false;
  for (const TrafficSpec& t : spec.traffic) {
    if (t.function_index != f || t.function.empty() || t.map || t.topic_index) continue;
    const EventSourceSpec& s = t.source;
    double cap = 0;
    std::string what;
    switch (s.type) {
      case SourceType::kDirect: return;  // unbounded
      case SourceType::kSqs: {
        cap = static_cast<double>(s.maximum_concurrency ? *s.maximum_concurrency
                                                        : s.max_concurrency_default);
        what = "SQS pollers";
        if (s.provisioned_pollers) {
          cap = static_cast<double>(std::min(
              s.provisioned_pollers->max * s.event_pollers.sqs_provisioned_invokes_per_poller,
              s.event_pollers.sqs_provisioned_concurrency_max));
          what = "provisioned SQS pollers";
        }
        if (s.fifo && static_cast<double>(s.message_groups) < cap) {
          cap = static_cast<double>(s.message_groups);
          what = "FIFO message groups";
        }
        break;
      }
      case SourceType::kKafka:
        cap = static_cast<double>(s.partitions);
        what = "Kafka partitions";
        break;
      case SourceType::kKinesis:
      case SourceType::kDynamoDb:
        cap = static_cast<double>(s.shards * s.parallelization_factor);
        what = "shards × parallelization factor";
        break;
    }
    batch = any ? std::min(batch, static_cast<double>(s.batch_size))
                : static_cast<double>(s.batch_size);
    batches += cap;
    detail += fmt::format("{}{} {}", detail.empty() ? "" : " + ", CompactNumber(cap), what);
    any = true;
  }
  if (!any) return;
  in.source_batches_cap = batches;
  in.source_batch_size = std::max(1.0, batch);
  in.source_cap_detail = std::move(detail);
}

std::vector<SizingInput> SizingInputsFromScenario(const ScenarioSpec& spec) {
  std::vector<SizingInput> out;
  int64_t reserved_sum = 0, pc_no_rc = 0;
  for (const auto& f : spec.functions) {
    if (f.reserved_concurrency)
      reserved_sum += *f.reserved_concurrency;
    else
      pc_no_rc += f.provisioned_concurrency;
  }
  const bool aws2022 = spec.platform.scaling_scope == ScalingScope::kAccount;
  for (size_t i = 0; i < spec.functions.size(); ++i) {
    const auto& f = spec.functions[i];
    SizingInput in;
    in.name = f.name;
    TrafficRates rates = FunctionTrafficRates(spec, i);
    in.mean_rps = rates.mean_rps;
    in.peak_rps = rates.peak_rps;
    in.traffic_note = std::move(rates.note);
    in.mean_duration_s = f.duration.Mean();
    in.mean_init_s = f.init_duration.Mean();
    in.reserved = f.reserved_concurrency;
    in.account_limit = spec.account.concurrency_limit;
    in.unreserved_minimum = spec.account.unreserved_minimum;
    in.available = spec.account.concurrency_limit - reserved_sum - pc_no_rc +
                   (f.reserved_concurrency ? 0 : f.provisioned_concurrency);
    in.rps_per_concurrency = static_cast<double>(spec.platform.rps_per_concurrency);
    in.keep_alive_s = f.keep_alive.seconds();
    if (f.snapstart) {
      in.snapstart = true;
      in.mean_init_s = f.snapstart_restore_duration.Mean();  // cold starts are restores
    }
    if (f.tenant_isolation.enabled) {
      in.tenants = f.tenant_isolation.tenants;
      const int64_t conc =
          f.reserved_concurrency ? *f.reserved_concurrency : spec.account.concurrency_limit;
      in.tenant_environment_limit =
          (f.tenant_isolation.environments_per_1000_concurrency * conc + 999) / 1000;
    }
    in.scaling.burst = static_cast<double>(spec.scaling.burst);
    in.scaling.refill_per_s =
        static_cast<double>(spec.scaling.refill_count) / spec.scaling.refill_period.seconds();
    in.scaling.description = fmt::format("{}: {} burst + {}/s {}", spec.platform.name,
                                         spec.scaling.burst, CompactNumber(in.scaling.refill_per_s),
                                         aws2022 ? "per account" : "per function");
    in.scaling.rps_burst = static_cast<double>(spec.scaling.rps_burst);
    in.scaling.rps_refill_per_s = static_cast<double>(spec.scaling.rps_refill_count) /
                                  spec.scaling.rps_refill_period.seconds();
    AddSourceCap(spec, i, in);
    if (const ManagedInstancesSpec& m = f.managed_instances; m.enabled) {
      in.managed_slots_per_instance = m.environments_per_instance * m.per_environment_concurrency;
      in.managed_min_instances = m.min_instances;
      in.managed_max_instances = m.max_instances;
      in.managed_target_utilization = m.target_utilization;
      in.managed_instance_usd_per_hour = m.instance_price_per_hour_usd * (1 + m.management_fee);
    }
    out.push_back(in);
  }
  AddFluid(spec, out);
  return out;
}

SizingCost EstimateSizingCost(const ScenarioSpec& spec) {
  SizingCost c;
  const double horizon = spec.duration.seconds();
  const double steps = std::ceil(horizon / std::max(horizon / 3e5, 0.002));
  for (size_t i = 0; i < spec.functions.size(); ++i) {
    const TrafficRates rates = FunctionTrafficRates(spec, i);
    const double mean_s = spec.functions[i].duration.Mean();
    // SolveWarmPool for the mean rate (the fluid's P(cold)); ComputeSizing again at the mean.
    const double states = analytic::WarmPoolStates(rates.mean_rps, mean_s);
    c.work += 2 * states + steps;
    c.bytes += 16 * states + 16 * steps;
  }
  c.bytes += 8 * steps;  // the account's unreserved series
  return c;
}

SizingCost EstimateSizingCost(double rps, double peak_rps, double mean_duration_s) {
  const double states = analytic::WarmPoolStates(std::max(rps, peak_rps), mean_duration_s);
  return SizingCost{states, 16 * states};
}

SizingInput SizingInputFromFlags(const FlagSizing& flags, const PlatformProfile& profile) {
  SizingInput in;
  in.name = "(flags)";
  in.mean_rps = flags.rps;
  in.peak_rps = flags.peak_rps > 0 ? std::max(flags.peak_rps, flags.rps) : flags.rps;
  in.mean_duration_s = flags.mean_duration_s;
  in.reserved = flags.reserved;
  in.account_limit = flags.account_limit > 0 ? flags.account_limit : profile.concurrency_limit;
  in.unreserved_minimum = profile.unreserved_minimum;
  in.available = in.account_limit;
  in.rps_per_concurrency = static_cast<double>(profile.rps_per_concurrency);
  in.keep_alive_s = flags.keep_alive_s ? *flags.keep_alive_s : profile.default_keep_alive.seconds();
  in.scaling = flags.platform == "aws-2022" ? analytic::Aws2022Scaling(flags.region)
                                            : analytic::Aws2023Scaling();
  return in;
}

ScenarioSpec SizingScenario(const SizingInput& in, const SizingOutput& out,
                            const PlatformProfile& profile, const std::string& region) {
  ScenarioSpec spec;
  spec.name = "size";
  spec.seed = 1;
  spec.platform = profile;
  spec.region = region;
  spec.scaling = ScalingFromProfile(spec.platform);
  spec.account = AccountSpec{in.account_limit, in.unreserved_minimum};
  // The peak rate when one is given (`--peak-rps`), else the mean: the run shows the peak.
  const double rate = std::max(in.peak_rps, in.mean_rps);
  // 20 × the ramp, at least 60 s and 200 000 arrivals, at most 5 M arrivals and 1 h.
  double horizon = std::max({20 * out.ramp_s, 60.0, 2e5 / rate});
  horizon = std::min({horizon, 5e6 / rate, 3600.0});
  horizon = std::max(horizon, std::min(60.0, horizon));
  spec.duration = sim::DurationFromSeconds(std::ceil(horizon));
  spec.bucket = spec.duration;
  FunctionSpec f;
  f.name = "fn";
  f.memory_mb = 1024;
  f.timeout = sim::Duration::Seconds(900);
  f.reserved_concurrency = in.reserved;
  f.duration = sim::Distribution::Exponential(in.mean_duration_s);
  f.keep_alive = sim::DurationFromSeconds(in.keep_alive_s);
  spec.functions.push_back(f);
  TrafficSpec t;
  t.function = "fn";
  t.rate_per_s = rate;
  spec.traffic.push_back(t);
  // A reservation above what the account leaves reservable would be rejected: raise the limit.
  if (in.reserved &&
      *in.reserved > spec.account.concurrency_limit - spec.account.unreserved_minimum)
    spec.account.concurrency_limit = *in.reserved + spec.account.unreserved_minimum;
  return spec;
}

}  // namespace lambdasim::analysis
