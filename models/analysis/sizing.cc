// models/analysis/sizing.cc — closed-form sizing (see sizing.h).
#include "models/analysis/sizing.h"

#include <algorithm>
#include <cmath>

#include <fmt/core.h>

namespace lambdasim::analysis {

SizingOutput ComputeSizing(const SizingInput& in) {
  SizingOutput o;
  o.conc_mean = analytic::LittleConcurrency(in.mean_rps, in.mean_duration_s);
  o.conc_peak = analytic::LittleConcurrency(in.peak_rps, in.mean_duration_s);
  o.ramp_s = analytic::ScalingRampSeconds(std::ceil(o.conc_peak - 1e-9), in.scaling.burst,
                                          in.scaling.refill_per_s);
  if (in.scaling.rps_burst > 0) {
    o.rps_ramp_s = analytic::ScalingRampSeconds(in.peak_rps, in.scaling.rps_burst,
                                                in.scaling.rps_refill_per_s);
    o.rps_ramp_throttles =
        analytic::RpsRampThrottles(in.peak_rps, in.scaling.rps_burst, in.scaling.rps_refill_per_s);
  }
  o.capacity = in.reserved ? *in.reserved : in.available;
  o.fits_concurrency = o.conc_peak <= static_cast<double>(o.capacity) + 1e-9;
  // §1.3: the RPS limit is 10 × the relevant concurrency quota (the reservation if any).
  const int64_t rps_quota = in.reserved ? *in.reserved : in.account_limit;
  o.rps_limit = analytic::RpsLimit(static_cast<double>(rps_quota), in.rps_per_concurrency);
  o.fits_rps = in.peak_rps <= o.rps_limit + 1e-9;
  const int64_t need_conc = static_cast<int64_t>(std::ceil(o.conc_peak - 1e-9));
  const int64_t need =
      std::max(need_conc, analytic::QuotaForRps(in.peak_rps, in.rps_per_concurrency));
  // Reserving needs the reservation plus the unreserved minimum; otherwise the pool must hold
  // this function plus whatever the others have reserved.
  o.quota_needed =
      in.reserved ? need + in.unreserved_minimum : need + (in.account_limit - in.available);
  o.erlang_b = analytic::ErlangB(o.capacity, o.conc_peak);
  o.carried_mean = o.conc_mean * (1 - analytic::ErlangB(o.capacity, o.conc_mean));
  o.warm = analytic::SolveWarmPool(in.mean_rps, in.mean_duration_s, in.keep_alive_s);
  return o;
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
    in.reserved = f.reserved_concurrency;
    in.account_limit = spec.account.concurrency_limit;
    in.unreserved_minimum = spec.account.unreserved_minimum;
    in.available = spec.account.concurrency_limit - reserved_sum - pc_no_rc +
                   (f.reserved_concurrency ? 0 : f.provisioned_concurrency);
    in.rps_per_concurrency = static_cast<double>(spec.platform.rps_per_concurrency);
    in.keep_alive_s = f.keep_alive.seconds();
    in.scaling.burst = static_cast<double>(spec.scaling.burst);
    in.scaling.refill_per_s =
        static_cast<double>(spec.scaling.refill_count) / spec.scaling.refill_period.seconds();
    in.scaling.description = fmt::format("{}: {} burst + {}/s {}", spec.platform.name,
                                         spec.scaling.burst, CompactNumber(in.scaling.refill_per_s),
                                         aws2022 ? "per account" : "per function");
    in.scaling.rps_burst = static_cast<double>(spec.scaling.rps_burst);
    in.scaling.rps_refill_per_s = static_cast<double>(spec.scaling.rps_refill_count) /
                                  spec.scaling.rps_refill_period.seconds();
    out.push_back(in);
  }
  return out;
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
  // 20 × the ramp, at least 60 s and 200 000 arrivals, at most 5 M arrivals and 1 h.
  double horizon = std::max({20 * out.ramp_s, 60.0, 2e5 / in.mean_rps});
  horizon = std::min({horizon, 5e6 / in.mean_rps, 3600.0});
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
  t.rate_per_s = in.mean_rps;
  spec.traffic.push_back(t);
  // A reservation above what the account leaves reservable would be rejected: raise the limit.
  if (in.reserved &&
      *in.reserved > spec.account.concurrency_limit - spec.account.unreserved_minimum)
    spec.account.concurrency_limit = *in.reserved + spec.account.unreserved_minimum;
  return spec;
}

}  // namespace lambdasim::analysis
