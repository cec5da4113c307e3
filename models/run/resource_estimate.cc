// models/run/resource_estimate.cc — see resource_estimate.h.
#include "models/run/resource_estimate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "models/metrics/run_result.h"
#include "models/workload/arrivals.h"
#include "sim/histogram.h"

namespace lambdasim {
namespace {

// Calibration (measured on scenarios/*.yaml, see tests/resource_guard_test.sh): a request
// costs about 2–3 events (arrival, completion, sometimes an init and an expiry); 4 keeps the
// estimate an upper bound for async and SQS paths (enqueue, dispatch, poll, delete).
constexpr double kEventsPerRequest = 4;
// Bytes per simultaneous environment: the environment, its pending events, idle-list and
// per-invocation state.
constexpr double kBytesPerEnvironment = 256;
// Bytes per queued async event / SQS message / stream record (ring-buffer slot and timers).
constexpr double kBytesPerQueued = 64;
// Per-function fixed state (recorder accumulators, platform state, summaries).
constexpr double kBytesPerFunction = 4096;
// A time-series row is held as a struct, then rendered as CSV text (and the report's data).
constexpr double kCsvBytesPerRow = 600;
// Histograms per function that receives traffic (bucket and run: duration and latency).
constexpr double kHistogramsPerFunction = 4;

double PeakRate(const TrafficSpec& t, double window_s, double expected) {
  switch (t.shape) {
    case ShapeKind::kConstant: return t.rate_per_s;
    case ShapeKind::kPiecewise: {
      double peak = 0;
      for (const RateSegment& s : t.segments)
        peak = std::max({peak, s.rate_from_per_s, s.rate_to_per_s});
      return peak;
    }
    case ShapeKind::kDiurnal: return t.diurnal.mean_per_s + t.diurnal.amplitude_per_s;
    case ShapeKind::kMmpp: {
      double peak = 0;
      for (double r : t.mmpp.rates_per_s) peak = std::max(peak, r);
      return peak;
    }
    case ShapeKind::kTrace: return window_s > 0 ? expected / window_s : expected;
  }
  return 0;
}

double Finite(double v) { return std::isfinite(v) && v > 0 ? v : (v > 0 ? 1e300 : 0); }

// Expected state switches of an MMPP over window_s: the long-run switching rate
// Σ_i π_i Σ_{j≠i} q_ij times the window, plus the first sojourn's exit from the initial state
// (which dominates when the chain starts in a fast state of a slow-on-average chain).
double MmppStateSwitches(const MmppShape& mm, double window_s) {
  const size_t n = mm.rates_per_s.size();
  if (n < 2 || !(window_s > 0)) return 0;
  auto exit_rate = [&](size_t i) {
    double exit = 0;
    for (size_t j = 0; j < n && i < mm.transition_rates.size(); ++j)
      if (j != i && j < mm.transition_rates[i].size()) exit += Finite(mm.transition_rates[i][j]);
    return exit;
  };
  double rate = 0;
  for (size_t i = 0; i < n && i < mm.stationary.size(); ++i)
    rate += mm.stationary[i] * exit_rate(i);
  return Finite(rate * window_s) + 1;
}

}  // namespace

ResourceEstimate EstimateResources(const ScenarioSpec& spec) {
  ResourceEstimate e;
  const size_t nf = spec.functions.size();
  const double horizon_s = spec.duration.seconds();

  // Mean service time per function (timeout-capped), and its concurrency cap.
  std::vector<double> service_s(nf, 0), cap(nf, 0), peak_rate(nf, 0), requests(nf, 0);
  std::vector<bool> has_traffic(nf, false);
  const double account = static_cast<double>(spec.account.concurrency_limit);
  for (size_t f = 0; f < nf; ++f) {
    const FunctionSpec& fs = spec.functions[f];
    const double mean = Finite(fs.duration.Mean());
    service_s[f] = std::max(1e-9, std::min(mean, fs.timeout.seconds()));
    cap[f] = fs.reserved_concurrency ? static_cast<double>(*fs.reserved_concurrency) : account;
    cap[f] = std::max(cap[f], static_cast<double>(fs.provisioned_concurrency));
  }

  double attempts_total = 0;
  for (const TrafficSpec& t : spec.traffic) {
    double expected = Finite(ExpectedArrivals(t, spec.duration));
    const double start_s = t.start.seconds();
    const double stop_s = t.end ? std::min(t.end->seconds(), horizon_s) : horizon_s;
    const double window_s = std::max(0.0, stop_s - start_s);
    if (t.shape == ShapeKind::kMmpp) e.state_switches += MmppStateSwitches(t.mmpp, window_s);
    const double rate = Finite(PeakRate(t, window_s, expected));
    // A warm-up (`warmup:`) runs at the t = 0 rate, at most the peak: count it at the peak.
    expected += Finite(rate * spec.warmup.seconds());

    // Which functions this source reaches, with what share of its volume.
    std::vector<std::pair<size_t, double>> targets;
    if (t.topic_index && *t.topic_index < spec.fanout.size()) {
      for (const FanoutTarget& ft : spec.fanout[*t.topic_index].targets)
        if (ft.function_index < nf) targets.emplace_back(ft.function_index, ft.filter);
    } else if (t.map && t.function_index < nf) {
      // A Map entry: each arrival is a run of `items` item invocations (their mean).
      targets.emplace_back(t.function_index, std::max(0.0, Finite(t.map->items.Mean())));
    } else if (t.function_index < nf) {
      targets.emplace_back(t.function_index, 1.0);
    }
    for (auto [f, share] : targets) {
      const double n = expected * share;
      const double r = rate * share;
      has_traffic[f] = true;
      requests[f] += n;
      e.requests += n;
      peak_rate[f] += r;
      const FunctionSpec& fs = spec.functions[f];
      const double drain_per_s = cap[f] / service_s[f];  // requests per second at full concurrency
      const double excess = std::max(0.0, n - drain_per_s * window_s);
      double attempts = n;
      if (t.source.type == SourceType::kDirect && t.invocation == InvocationType::kSync) {
        // Throttled requests retried by the client, up to max_attempts each.
        attempts += excess * static_cast<double>(std::max<int64_t>(0, t.client.max_attempts - 1));
      } else {
        double drain = drain_per_s;
        double age_s = window_s;
        if (t.source.type == SourceType::kSqs) {
          double batches =
              static_cast<double>(t.source.maximum_concurrency ? *t.source.maximum_concurrency
                                                               : t.source.max_concurrency_default);
          if (t.source.fifo)  // one batch per message group at most
            batches = std::min(batches, static_cast<double>(t.source.message_groups));
          drain =
              std::min(cap[f], batches) * static_cast<double>(t.source.batch_size) / service_s[f];
        } else if (t.source.type == SourceType::kKinesis ||
                   t.source.type == SourceType::kDynamoDb) {
          drain = static_cast<double>(t.source.shards * t.source.parallelization_factor) *
                  static_cast<double>(t.source.batch_size) / service_s[f];
        } else if (t.source.type == SourceType::kKafka) {  // one batch per partition at most
          drain = static_cast<double>(t.source.partitions) *
                  static_cast<double>(t.source.batch_size) / service_s[f];
        } else {
          age_s = std::min(window_s, fs.async.maximum_event_age.seconds());
          attempts += n * fs.error_rate * static_cast<double>(fs.async.maximum_retry_attempts);
        }
        e.backlog += std::min(n, std::max(0.0, r - drain) * age_s);
      }
      attempts_total += attempts;
    }
  }

  for (size_t f = 0; f < nf; ++f) {
    const double demand =
        peak_rate[f] * (service_s[f] + Finite(spec.functions[f].init_duration.Mean()));
    e.peak_concurrency += std::min({cap[f], std::ceil(demand), requests[f]});
  }
  e.peak_concurrency = std::min(
      e.peak_concurrency, std::max(account, 0.0) + [&] {
        double pc = 0;  // provisioned environments exist whether busy or not
        for (const auto& fs : spec.functions) pc += static_cast<double>(fs.provisioned_concurrency);
        return pc;
      }());

  const double bucket_s = std::max(1e-9, spec.bucket.seconds());
  const double buckets = std::ceil(horizon_s / bucket_s);
  e.timeseries_rows = buckets * static_cast<double>(nf + 1);
  e.timeseries_bytes =
      buckets * (static_cast<double>(nf) * (sizeof(FunctionBucketRow) + kCsvBytesPerRow) +
                 static_cast<double>(sizeof(AccountBucketRow)) + kCsvBytesPerRow);
  double traffic_functions = 0;
  for (bool b : has_traffic) traffic_functions += b ? 1 : 0;
  e.histogram_bytes =
      traffic_functions * kHistogramsPerFunction * sim::LogHistogram::kBins * sizeof(uint64_t);
  e.environment_bytes =
      e.peak_concurrency * kBytesPerEnvironment + static_cast<double>(nf) * kBytesPerFunction;
  e.backlog_bytes = e.backlog * kBytesPerQueued;
  e.memory_bytes = e.timeseries_bytes + e.histogram_bytes + e.environment_bytes + e.backlog_bytes;

  // Periodic work: one roll per bucket per function, plus the requests' own events.
  e.events =
      attempts_total * kEventsPerRequest + buckets * static_cast<double>(nf + 1) + e.state_switches;
  return e;
}

std::string ResourceEstimate::Describe() const {
  return fmt::format(
      "{:.3g} events ({:.3g} requests{}), {} memory (time series {} in {:.3g} rows, histograms {}, "
      "{:.3g} environments {}, backlog of {:.3g} queued events {})",
      events, requests,
      state_switches > 0 ? fmt::format(", {:.3g} MMPP state switches", state_switches) : "",
      FormatBytes(memory_bytes), FormatBytes(timeseries_bytes), timeseries_rows,
      FormatBytes(histogram_bytes), peak_concurrency, FormatBytes(environment_bytes), backlog,
      FormatBytes(backlog_bytes));
}

std::optional<double> ParseByteSize(std::string_view text) {
  std::string s(text);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t i = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
  if (i == 0) return std::nullopt;
  double value = 0;
  try {
    size_t used = 0;
    value = std::stod(s.substr(0, i), &used);
    if (used != i) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  std::string unit = s.substr(i);
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  double mult = 1;
  if (unit.empty() || unit == "B")
    mult = 1;
  else if (unit == "K" || unit == "KB" || unit == "KIB")
    mult = 1024.0;
  else if (unit == "M" || unit == "MB" || unit == "MIB")
    mult = 1024.0 * 1024;
  else if (unit == "G" || unit == "GB" || unit == "GIB")
    mult = 1024.0 * 1024 * 1024;
  else if (unit == "T" || unit == "TB" || unit == "TIB")
    mult = 1024.0 * 1024 * 1024 * 1024;
  else
    return std::nullopt;
  const double bytes = value * mult;
  if (!(bytes > 0) || !std::isfinite(bytes)) return std::nullopt;
  return bytes;
}

std::string FormatBytes(double bytes) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  size_t u = 0;
  while (bytes >= 1024 && u + 1 < std::size(kUnits)) {
    bytes /= 1024;
    ++u;
  }
  if (u == 0) return fmt::format("{:.0f} B", bytes);
  if (bytes >= 1024) return fmt::format("{:.3g} {}", bytes, kUnits[u]);
  return fmt::format("{:.1f} {}", bytes, kUnits[u]);
}

}  // namespace lambdasim
