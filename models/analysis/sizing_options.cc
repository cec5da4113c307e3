// models/analysis/sizing_options.cc — the options table (see sizing_options.h).
#include "models/analysis/sizing_options.h"

#include <algorithm>
#include <cmath>

#include <fmt/core.h>

#include "sim/interrupt.h"

namespace lambdasim::analysis {

namespace {

std::string Clock(double s) {
  const auto total = static_cast<int64_t>(std::llround(s));
  if (total % 60 == 0) return fmt::format("{}m", total / 60);
  return total >= 60 ? fmt::format("{}m{}s", total / 60, total % 60) : fmt::format("{}s", total);
}

void ClearCapacity(FunctionSpec& f) {
  f.reserved_concurrency.reset();
  f.provisioned_concurrency = 0;
  f.provisioned_schedule.clear();
  f.provisioned_autoscaling.enabled = false;
}

}  // namespace

int64_t AccountAllowsFor(const ScenarioSpec& spec, size_t fi) {
  int64_t others = 0;
  for (size_t i = 0; i < spec.functions.size(); ++i) {
    if (i == fi) continue;
    const FunctionSpec& f = spec.functions[i];
    if (f.reserved_concurrency) {
      others += *f.reserved_concurrency;
    } else {
      int64_t pc = f.provisioned_concurrency;
      for (const auto& step : f.provisioned_schedule) pc = std::max(pc, step.value);
      if (f.provisioned_autoscaling.enabled) pc = std::max(pc, f.provisioned_autoscaling.max);
      others += pc;
    }
  }
  return std::max<int64_t>(
      0, spec.account.concurrency_limit - spec.account.unreserved_minimum - others);
}

PeakWindow FindPeakWindow(const ScenarioSpec& spec, size_t fi) {
  const double horizon = spec.duration.seconds();
  constexpr int kSamples = 2000;
  std::vector<double> rate(static_cast<size_t>(kSamples) + 1);
  for (int k = 0; k <= kSamples; ++k)
    rate[static_cast<size_t>(k)] =
        FunctionRateAt(spec, fi, std::min(horizon * k / kSamples, horizon * (1 - 1e-9)));
  const double lo = *std::min_element(rate.begin(), rate.end());
  const double hi = *std::max_element(rate.begin(), rate.end());
  const double threshold = lo + 0.01 * (hi - lo);
  PeakWindow w{horizon, 0, lo};
  for (int k = 0; k <= kSamples; ++k) {
    if (hi > lo && rate[static_cast<size_t>(k)] < threshold) continue;
    w.start_s = std::min(w.start_s, horizon * k / kSamples);
    w.end_s = std::max(w.end_s, std::min(horizon, horizon * (k + 1) / kSamples));
  }
  if (w.end_s <= w.start_s) w = PeakWindow{0, horizon};
  return w;
}

std::vector<SizingOption> SizingOptionSpecs(const ScenarioSpec& base, size_t fi, int64_t level) {
  level = std::clamp<int64_t>(level, 0, AccountAllowsFor(base, fi));
  std::vector<SizingOption> out;
  const std::string& name = base.functions[fi].name;
  {
    SizingOption o{"on-demand", "no reservation, no provisioned concurrency", base};
    ClearCapacity(o.spec.functions[fi]);
    out.push_back(std::move(o));
  }
  {
    SizingOption o{"reserved", fmt::format("functions.{}.reserved_concurrency={}", name, level),
                   base};
    ClearCapacity(o.spec.functions[fi]);
    o.spec.functions[fi].reserved_concurrency = level;
    out.push_back(std::move(o));
  }
  {
    SizingOption o{"provisioned",
                   fmt::format("functions.{}.provisioned_concurrency={}", name, level), base};
    ClearCapacity(o.spec.functions[fi]);
    o.spec.functions[fi].provisioned_concurrency = level;
    out.push_back(std::move(o));
  }
  {
    const PeakWindow w = FindPeakWindow(base, fi);
    const double lead = base.functions[fi].pc_allocation_delay_max.seconds() + 30;
    const double on = std::max(0.0, w.start_s - lead);
    const FunctionSpec& b = base.functions[fi];
    const double low_load = w.low_rate_per_s * b.duration.Mean();
    const int64_t after =
        std::min(level, static_cast<int64_t>(std::ceil(low_load + 3 * std::sqrt(low_load))));
    const bool step_down = w.end_s < base.duration.seconds();
    SizingOption o{
        "provisioned scheduled",
        step_down ? fmt::format("provisioned {} from {} to {}, then {} (peak {} to {})", level,
                                Clock(on), Clock(w.end_s), after, Clock(w.start_s), Clock(w.end_s))
                  : fmt::format("provisioned {} from {} (peak from {})", level, Clock(on),
                                Clock(w.start_s)),
        base};
    FunctionSpec& f = o.spec.functions[fi];
    ClearCapacity(f);
    if (on <= 0)
      f.provisioned_concurrency = level;
    else
      f.provisioned_schedule.push_back(ProvisionedStep{sim::DurationFromSeconds(on), level});
    // Down to what the low rate keeps busy (Little + 3 σ), not to 0: dropping every provisioned
    // environment while traffic remains sends it all to cold starts at once.
    if (step_down)
      f.provisioned_schedule.push_back(ProvisionedStep{sim::DurationFromSeconds(w.end_s), after});
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<OptionRow> RunSizingOptions(const std::vector<SizingOption>& options, size_t fi,
                                        const std::function<RunResult(const ScenarioSpec&)>& run) {
  std::vector<OptionRow> rows;
  for (const auto& o : options) {
    sim::ThrowIfInterrupted();
    const RunResult r = run(o.spec);
    sim::ThrowIfInterrupted();  // an interrupted run is incomplete: no row from it
    const FunctionSummary& f = r.functions[fi];
    OptionRow row;
    row.name = o.name;
    row.setting = o.setting;
    row.requests = f.requests;
    row.throttles = f.throttles;
    row.cold_starts = f.cold_starts;
    row.p99_ms = f.latency.p99_ms;
    row.monthly_cost_usd = f.monthly_cost_usd;
    row.account_monthly_cost_usd = r.account.monthly_cost_usd;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace lambdasim::analysis
