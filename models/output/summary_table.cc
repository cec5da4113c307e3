// models/output/summary_table.cc — see summary_table.h.
#include "models/output/summary_table.h"

#include "models/output/report_calibration.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

namespace lambdasim {

std::string FormatThousands(uint64_t v) {
  std::string digits = fmt::format("{}", v);
  std::string out;
  const size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string FormatThousands(int64_t v) {
  if (v >= 0) return FormatThousands(static_cast<uint64_t>(v));
  // Negate in unsigned arithmetic so INT64_MIN is fine.
  // (Not "-" + string: GCC 12 -O2 raises a false -Wrestrict on that operator+.)
  std::string out(1, '-');
  out += FormatThousands(0 - static_cast<uint64_t>(v));
  return out;
}

std::string FormatUsd(double usd) {
  if (!std::isfinite(usd)) return "-";
  if (std::fabs(usd) >= 1) {
    const double cents = std::round(usd * 100);
    const auto whole = static_cast<int64_t>(cents / 100);
    const auto frac = static_cast<int64_t>(std::fabs(cents - static_cast<double>(whole) * 100));
    return fmt::format("${}.{:02}", FormatThousands(whole), frac);
  }
  if (usd == 0) return "$0";
  return fmt::format("${:.4f}", usd);
}

std::string FormatPercent(double share, int decimals) {
  if (!std::isfinite(share)) return "-";
  decimals = std::clamp(decimals, 0, 6);
  const double pct = share * 100;
  const double unit = std::pow(10.0, -decimals);  // the smallest step shown
  if (share > 0 && pct < unit / 2) return fmt::format("< {:.{}f}%", unit, decimals);
  if (share < 1 && pct >= 100 - unit / 2) return fmt::format("> {:.{}f}%", 100 - unit, decimals);
  return fmt::format("{:.{}f}%", pct, decimals);
}

namespace {

std::string Percent(double rate) { return FormatPercent(rate, 1); }
std::string Millis(double ms) {
  if (!std::isfinite(ms)) return "-";
  if (ms >= 1000) return FormatThousands(static_cast<int64_t>(std::llround(ms)));
  return fmt::format("{:.1f}", ms);
}

std::string PeakOverLimit(int64_t peak, int64_t limit) {
  return FormatThousands(peak) + "/" + FormatThousands(limit);
}

using Row = std::vector<std::string>;

struct RowData {
  uint64_t invocations = 0, errors = 0, timeouts = 0, throttles = 0, gateway_throttles = 0;
  std::array<uint64_t, kThrottleReasonCount> by_reason{};
  double cold_rate = 0;
  int64_t peak = 0, limit = 0;
  double p99_ms = 0, cost = 0, monthly_cost = 0;
};

// gateway: the scenario has API Gateway traffic, so the row carries its 429s (after the
// Lambda throttle reasons).
// managed: the scenario has a function on Lambda Managed Instances, so the row carries the
// capacity throttles; tenant: one in tenant isolation mode, so it carries the tenant-environment
// throttles (each after the four on-demand reasons, in enum order).
Row MakeRow(const std::string& name, const RowData& d, bool gateway, bool managed, bool tenant) {
  Row r = {name, FormatThousands(d.invocations), FormatThousands(d.errors),
           FormatThousands(d.timeouts), FormatThousands(d.throttles)};
  for (size_t k = 0; k < d.by_reason.size(); ++k) {
    if (!managed && k == static_cast<size_t>(ThrottleReason::kCapacity)) continue;
    if (!tenant && k == static_cast<size_t>(ThrottleReason::kTenantEnvironments)) continue;
    r.push_back(FormatThousands(d.by_reason[k]));
  }
  if (gateway) r.push_back(FormatThousands(d.gateway_throttles));
  r.push_back(Percent(d.cold_rate));
  r.push_back(PeakOverLimit(d.peak, d.limit));
  r.push_back(Millis(d.p99_ms));
  r.push_back(FormatUsd(d.cost));
  r.push_back(FormatUsd(d.monthly_cost));
  return r;
}

// The throttle reason that caused most throttles (ties: the first in enum order).
size_t MainReason(const std::array<uint64_t, kThrottleReasonCount>& by_reason) {
  size_t best = 0;
  for (size_t k = 1; k < by_reason.size(); ++k) {
    if (by_reason[k] > by_reason[best]) best = k;
  }
  return best;
}

}  // namespace

std::string FormatSummaryTable(const RunResult& result, const ScenarioSpec& spec) {
  Row header = {"function",   "invocations", "errors",    "timeouts", "throttles",
                "thr:acct",   "thr:resv",    "thr:scale", "thr:rps",  "cold %",
                "peak/limit", "p99 ms",      "cost $",    "$/month"};
  static_assert(kThrottleReasonCount == 6,
                "header has four reason columns, and thr:cap and thr:tenant when used");
  // Capacity throttles (Lambda Managed Instances) get a column when a function is managed, and
  // tenant isolation's environment-limit throttles when a function uses it.
  bool managed = false, tenant = false;
  for (const FunctionSpec& fn : spec.functions) {
    managed = managed || fn.managed_instances.enabled;
    tenant = tenant || fn.tenant_isolation.enabled;
  }
  size_t next_column = 9;
  if (managed)
    header.insert(header.begin() + static_cast<std::ptrdiff_t>(next_column++), "thr:cap");
  if (tenant)
    header.insert(header.begin() + static_cast<std::ptrdiff_t>(next_column++), "thr:tenant");
  // API Gateway's 429s get a column of their own when the scenario has gateway traffic.
  bool gateway = result.account.gateway_throttles > 0;
  for (const TrafficSpec& t : spec.traffic) gateway = gateway || t.via_api_gateway;
  if (gateway) header.insert(header.begin() + static_cast<std::ptrdiff_t>(next_column), "gw 429");
  std::vector<Row> rows;
  for (const FunctionSummary& f : result.functions) {
    rows.push_back(MakeRow(f.name,
                           {f.invocations, f.errors, f.timeouts, f.throttles, f.gateway_throttles,
                            f.throttles_by_reason, f.cold_start_rate, f.concurrency_max,
                            f.concurrency_limit, f.latency.p99_ms, f.cost_usd, f.monthly_cost_usd},
                           gateway, managed, tenant));
  }
  const AccountSummary& a = result.account;
  uint64_t timeouts = 0;
  for (const FunctionSummary& f : result.functions) timeouts += f.timeouts;
  const Row account =
      MakeRow("account",
              {a.invocations, a.errors, timeouts, a.throttles, a.gateway_throttles,
               a.throttles_by_reason, a.cold_start_rate, a.concurrency_max, a.concurrency_limit,
               a.latency.p99_ms, a.cost_usd, a.monthly_cost_usd},
              gateway, managed, tenant);

  std::vector<size_t> width(header.size());
  auto widen = [&](const Row& r) {
    for (size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
  };
  widen(header);
  for (const Row& r : rows) widen(r);
  widen(account);

  auto line = [&](const Row& r) {
    std::string out;
    for (size_t c = 0; c < r.size(); ++c) {
      if (c > 0) out += "  ";
      const size_t pad = width[c] - r[c].size();
      if (c == 0) {
        out += r[c];
        if (c + 1 < r.size()) out.append(pad, ' ');
      } else {
        out.append(pad, ' ');
        out += r[c];
      }
    }
    return out + "\n";
  };
  size_t total = 0;
  for (size_t w : width) total += w;
  total += 2 * (width.size() - 1);

  std::string out = fmt::format("scenario {}: {} simulated, seed {}\n", spec.name,
                                sim::FormatDuration(spec.duration), spec.seed);
  out += line(header);
  out += std::string(total, '-') + "\n";
  for (const Row& r : rows) out += line(r);
  out += std::string(total, '-') + "\n";
  out += line(account);
  out += "verdict: " + FormatVerdict(result) + "\n";
  const std::string note = ColdStartNote(result, spec);
  if (!note.empty()) out += note + "\n";
  // SnapStart: restores (of the cold starts) and their charges, one line per function.
  for (size_t f = 0; f < result.functions.size() && f < spec.functions.size(); ++f) {
    if (!spec.functions[f].snapstart) continue;
    const FunctionSummary& s = result.functions[f];
    out += fmt::format("snapstart {}: {} restores of {} cold starts; SnapStart charges {}\n",
                       s.name, FormatThousands(s.snapstart_restores),
                       FormatThousands(s.cold_starts), FormatUsd(s.cost_snapstart_usd));
  }
  const std::string calibration = FormatCalibrationNote(result, spec);
  if (!calibration.empty()) out += calibration + "\n";
  // Step Functions Map entries (traffic entries with `map:`), one line each.
  for (const MapSummary& m : result.maps)
    out += fmt::format(
        "map {} ({} {}, bound {}): runs {} started, {} completed, {} failed; items {} in flight "
        "max, {} throttles, {} failed; run duration mean {} ms, p99 {} ms\n",
        m.label, m.kind, m.function, FormatThousands(m.bound), FormatThousands(m.runs_started),
        FormatThousands(m.runs_completed), FormatThousands(m.runs_failed),
        FormatThousands(m.items_in_flight_max), FormatThousands(m.item_throttles),
        FormatThousands(m.item_failures), Millis(m.run_duration.mean_ms),
        Millis(m.run_duration.p99_ms));
  out += FormatCallsNote(result);
  return out;
}

std::string FormatCallsNote(const RunResult& result) {
  std::string out;
  for (const FunctionSummary& f : result.functions) {
    if (f.calls_sync == 0 && f.calls_async == 0 && f.downstream_errors == 0) continue;
    out += fmt::format(
        "calls `{}`: {} sync, {} async; waited on callees {} s (mean {} ms per "
        "sync call); downstream errors {}",
        f.name, FormatThousands(f.calls_sync), FormatThousands(f.calls_async),
        FormatThousands(static_cast<uint64_t>(std::llround(f.callee_wait_s))),
        Millis(f.callee_wait_mean_s * 1e3), FormatThousands(f.downstream_errors));
    if (f.downstream_errors > 0) {
      std::string parts;
      for (size_t k = 0; k < f.downstream_errors_by_reason.size(); ++k)
        parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", kDownstreamReasonNames[k],
                             FormatThousands(f.downstream_errors_by_reason[k]));
      out += " (" + parts + ")";
    }
    out += "\n";
  }
  return out;
}

std::string ColdStartNote(const RunResult& result, const ScenarioSpec& spec) {
  if (spec.warmup > sim::Duration()) return "";
  const size_t n = result.function_names.size();
  if (n == 0 || result.bucket_seconds <= 0) return "";
  // The first minute, or the first bucket when buckets are longer.
  const double window_s = std::max(60.0, result.bucket_seconds);
  std::string best;
  uint64_t best_early = 0;
  bool best_is_throttle = false;
  for (size_t f = 0; f < n && f < result.functions.size(); ++f) {
    uint64_t early_thr = 0, early_cold = 0;
    for (size_t row = f; row < result.function_rows.size(); row += n) {
      const auto& r = result.function_rows[row];
      if (r.t_s >= window_s - 1e-9) break;
      early_thr += r.throttles;
      early_cold += r.cold_starts;
    }
    const FunctionSummary& s = result.functions[f];
    const bool thr = early_thr > 0 && 2 * early_thr > s.throttles;
    const bool cold = !thr && early_cold > 0 && 2 * early_cold > s.cold_starts;
    if (!thr && !cold) continue;
    const uint64_t early = thr ? early_thr : early_cold;
    // Throttles outrank cold starts; then the larger count.
    if (best.empty() || (thr && !best_is_throttle) ||
        (thr == best_is_throttle && early > best_early)) {
      best_is_throttle = thr;
      best_early = early;
      best = fmt::format(
          "{} of {} {} in the first {} while `{}` scales from zero; add `warmup:` "
          "to measure steady state",
          FormatThousands(early), FormatThousands(thr ? s.throttles : s.cold_starts),
          thr ? "throttles" : "cold starts",
          sim::FormatDuration(sim::DurationFromSeconds(window_s)), result.function_names[f]);
    }
  }
  return best;
}

std::string FormatVerdict(const RunResult& result) {
  const AccountSummary& a = result.account;
  std::string out = fmt::format("peak {} / {}", FormatThousands(a.concurrency_max),
                                FormatThousands(a.concurrency_limit));
  if (a.concurrency_limit > 0) {
    out += fmt::format(" ({})", FormatPercent(static_cast<double>(a.concurrency_max) /
                                                  static_cast<double>(a.concurrency_limit),
                                              0));
  }
  out += " account concurrency; ";
  if (a.throttles == 0) {
    out += "0 throttles";
  } else {
    const size_t reason = MainReason(a.throttles_by_reason);
    out += fmt::format("{} throttle{} ({} of requests", FormatThousands(a.throttles),
                       a.throttles == 1 ? "" : "s", FormatPercent(a.throttle_rate, 2));
    out += a.throttles_by_reason[reason] == a.throttles
               ? fmt::format(", all {})", kThrottleReasonNames[reason])
               : fmt::format(", mostly {})", kThrottleReasonNames[reason]);
  }
  if (a.gateway_throttles > 0)
    out += fmt::format("; {} API Gateway 429{} (refused before Lambda)",
                       FormatThousands(a.gateway_throttles), a.gateway_throttles == 1 ? "" : "s");
  uint64_t timeouts = 0;
  for (const FunctionSummary& f : result.functions) timeouts += f.timeouts;
  if (a.errors > 0) {
    out += fmt::format("; {} error{}", FormatThousands(a.errors), a.errors == 1 ? "" : "s");
    if (timeouts > 0) out += fmt::format(" ({} timeouts)", FormatThousands(timeouts));
  }
  out += fmt::format("; p99 {} ms; {} per month", Millis(a.latency.p99_ms),
                     FormatUsd(a.monthly_cost_usd));
  out += MonthlyPricingNote(a);
  return out;
}

std::string MonthlyPricingNote(const AccountSummary& a) {
  std::string parts;
  if (a.monthly_cost_tiered)
    parts += fmt::format("tiered duration prices, -{}", FormatUsd(a.monthly_tier_discount_usd));
  if (a.monthly_free_tier_usd > 0)
    parts += fmt::format("{}free tier, -{}", parts.empty() ? "" : "; ",
                         FormatUsd(a.monthly_free_tier_usd));
  return parts.empty() ? std::string() : " (" + parts + ")";
}

}  // namespace lambdasim
