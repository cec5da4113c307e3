// models/output/summary_table.cc — see summary_table.h.
#include "models/output/summary_table.h"

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

namespace {

std::string Percent(double rate) {
  if (!std::isfinite(rate)) return "-";
  return fmt::format("{:.1f}%", rate * 100);
}

std::string Millis(double ms) {
  if (!std::isfinite(ms)) return "-";
  if (ms >= 1000) return FormatThousands(static_cast<int64_t>(std::llround(ms)));
  return fmt::format("{:.1f}", ms);
}

std::string PeakOverLimit(int64_t peak, int64_t limit) {
  return FormatThousands(peak) + "/" + FormatThousands(limit);
}

using Row = std::vector<std::string>;

Row MakeRow(const std::string& name, uint64_t invocations, uint64_t throttles,
            const std::array<uint64_t, kThrottleReasonCount>& by_reason, double cold_rate,
            int64_t peak, int64_t limit, double p99_ms, double cost) {
  Row r = {name, FormatThousands(invocations), FormatThousands(throttles)};
  for (uint64_t t : by_reason) r.push_back(FormatThousands(t));
  r.push_back(Percent(cold_rate));
  r.push_back(PeakOverLimit(peak, limit));
  r.push_back(Millis(p99_ms));
  r.push_back(FormatUsd(cost));
  return r;
}

}  // namespace

std::string FormatSummaryTable(const RunResult& result, const ScenarioSpec& spec) {
  const Row header = {"function", "invocations", "throttles",  "acct",   "resv",  "rate",
                      "rps",      "cold %",      "peak/limit", "p99 ms", "cost $"};
  static_assert(kThrottleReasonCount == 4, "header has four reason columns");
  std::vector<Row> rows;
  for (const FunctionSummary& f : result.functions) {
    rows.push_back(MakeRow(f.name, f.invocations, f.throttles, f.throttles_by_reason,
                           f.cold_start_rate, f.concurrency_max, f.concurrency_limit,
                           f.latency.p99_ms, f.cost_usd));
  }
  const AccountSummary& a = result.account;
  const Row account =
      MakeRow("account", a.invocations, a.throttles, a.throttles_by_reason, a.cold_start_rate,
              a.concurrency_max, a.concurrency_limit, a.latency.p99_ms, a.cost_usd);

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
  return out;
}

}  // namespace lambdasim
