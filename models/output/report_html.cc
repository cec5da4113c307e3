// models/output/report_html.cc — see report_html.h.
#include "models/output/report_html.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "models/output/json_writer.h"
#include "models/output/output_writer.h"
#include "models/output/report_calibration.h"
#include "models/output/report_call_graph.h"
#include "models/output/summary_table.h"

namespace lambdasim {

// ---------------------------------------------------------------- the report

namespace {

constexpr std::array<const char*, 10> kPalette = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd",
                                                  "#8c564b", "#e377c2", "#17becf", "#bcbd22",
                                                  "#7f7f7f", "#d62728"};
constexpr std::array<const char*, kThrottleReasonCount> kReasonColors = {
    "#d62728", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#e377c2"};

// cppcheck-suppress CastIntegerToAddressAtReturn ; false positive: kPalette holds pointers
const char* ColorFor(size_t f) { return kPalette[f % kPalette.size()]; }

std::string Dur(sim::Duration d) { return sim::FormatDuration(d); }

const char* ArchName(Architecture a) { return a == Architecture::kArm64 ? "arm64" : "x86_64"; }

const char* PolicyName(RetryPolicy p) {
  switch (p) {
    case RetryPolicy::kNone: return "none";
    case RetryPolicy::kSdkStandard: return "sdk_standard";
    case RetryPolicy::kCustom: return "custom";
  }
  return "?";
}

struct Html {
  std::string s;
  void Add(std::string_view t) { s.append(t); }
  void Row(std::string_view k, std::string_view v) {
    s += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", EscapeHtml(k), EscapeHtml(v));
  }
};

std::string Human(const SummaryField& f) {
  switch (f.type) {
    case SummaryField::Type::kUint: return FormatThousands(f.u);
    case SummaryField::Type::kInt: return FormatThousands(f.i);
    case SummaryField::Type::kDouble: {
      if (!std::isfinite(f.d)) return "-";
      if (f.key.ends_with("_rate")) return FormatPercent(f.d, 2);
      if (f.key.ends_with("_usd")) return fmt::format("${}", FormatNumber(f.d, 6, ""));
      return FormatNumber(f.d, 6, "");
    }
  }
  return "";
}

std::string SummaryCell(const std::string& path, const SummaryField& f) {
  return fmt::format("<td class=\"num\" data-key=\"{}\" data-value=\"{}\">{}</td>",
                     EscapeHtml(path), EscapeHtml(SummaryFieldJson(f)), EscapeHtml(Human(f)));
}

struct Buckets {
  size_t n_functions = 0;
  size_t n_buckets = 0;
  double bucket_s = 60;
  double x_max = 0;
  std::vector<size_t> charted;  // functions drawn per function (at most kMaxChartedFunctions)
  const FunctionBucketRow& Row(const RunResult& r, size_t b, size_t f) const {
    return r.function_rows[b * n_functions + f];
  }
};

ChartSpec BaseChart(const Buckets& bk, std::string metric, std::string title, std::string y_title) {
  ChartSpec c;
  c.metric = std::move(metric);
  c.title = std::move(title);
  c.y_title = std::move(y_title);
  c.x_min_s = 0;
  c.x_max_s = bk.x_max;
  return c;
}

template <typename Get>
ChartSeries FunctionSeries(const RunResult& r, const Buckets& bk, size_t f, std::string label,
                           LineStyle style, Get get) {
  ChartSeries s;
  s.label = std::move(label);
  s.color = ColorFor(f);
  s.style = style;
  s.step_seconds = bk.bucket_s;
  for (size_t b = 0; b < bk.n_buckets; ++b) {
    const FunctionBucketRow& row = bk.Row(r, b, f);
    s.x.push_back(row.t_s);
    s.y.push_back(get(row));
  }
  return s;
}

// Renders each chart twice — a desktop layout and a phone layout (narrower, fewer ticks,
// larger relative text) — and the CSS shows one of them: no JavaScript needed.
void Emit(std::string& out, const ChartSpec& c) { out += RenderChartWideAndNarrow(c); }

// The function's real concurrency cap: its reservation, or the unreserved pool it shares.
ChartRefLine CapLine(const RunResult& r, const ScenarioSpec& spec, size_t f) {
  const int64_t cap = f < r.functions.size() ? r.functions[f].concurrency_limit : 0;
  const bool reserved = f < spec.functions.size() && spec.functions[f].reserved_concurrency;
  ChartRefLine l;
  l.label =
      fmt::format("cap {} ({})", FormatThousands(cap), reserved ? "reserved" : "unreserved pool");
  l.y = static_cast<double>(cap);
  l.color = "#d62728";
  l.keep_in_range = true;
  return l;
}

std::string Charts(const RunResult& r, const ScenarioSpec& spec, const Buckets& bk) {
  std::string out;
  const size_t nf = bk.n_functions;
  auto fname = [&](size_t f) { return r.function_names[f]; };
  const std::string per_bucket = fmt::format("per {}", Dur(spec.bucket));

  // (a) account concurrency against the account limit.
  {
    ChartSpec c = BaseChart(bk, "concurrency", "Account concurrency", "concurrent executions");
    for (const bool max : {false, true}) {
      ChartSeries s;
      s.label = max ? "account max" : "account avg";
      s.color = "#222222";
      s.style = max ? LineStyle::kDashed : LineStyle::kSolid;
      s.step_seconds = bk.bucket_s;
      for (const AccountBucketRow& row : r.account_rows) {
        s.x.push_back(row.t_s);
        s.y.push_back(max ? static_cast<double>(row.concurrent_executions_max)
                          : row.concurrent_executions_avg);
      }
      c.series.push_back(std::move(s));
    }
    ChartRefLine limit{
        fmt::format("account limit {}", FormatThousands(spec.account.concurrency_limit)),
        static_cast<double>(spec.account.concurrency_limit), "#d62728"};
    limit.keep_in_range = true;
    c.ref_lines.push_back(std::move(limit));
    Emit(out, c);
  }

  // (b) each function's concurrency against its own cap.
  for (const size_t f : bk.charted) {
    ChartSpec c = BaseChart(bk, "function_concurrency", fname(f) + ": concurrent executions",
                            "concurrent executions");
    c.function = fname(f);
    c.series.push_back(
        FunctionSeries(r, bk, f, "avg", LineStyle::kSolid,
                       [](const FunctionBucketRow& x) { return x.concurrent_executions_avg; }));
    c.series.push_back(
        FunctionSeries(r, bk, f, "max", LineStyle::kDashed, [](const FunctionBucketRow& x) {
          return static_cast<double>(x.concurrent_executions_max);
        }));
    bool any_pc = false;
    for (size_t b = 0; b < bk.n_buckets; ++b)
      any_pc = any_pc || bk.Row(r, b, f).provisioned_concurrency_allocated > 0;
    if (any_pc) {
      c.series.push_back(FunctionSeries(
          r, bk, f, "provisioned allocated", LineStyle::kDotted, [](const FunctionBucketRow& x) {
            return static_cast<double>(x.provisioned_concurrency_allocated);
          }));
    }
    c.ref_lines.push_back(CapLine(r, spec, f));
    Emit(out, c);
  }

  // (c) offered requests beside admitted invocations, per second.
  {
    ChartSpec c = BaseChart(bk, "invocations", "Offered requests and admitted invocations",
                            "per second (bucket average)");
    const double per_s = bk.bucket_s > 0 ? 1 / bk.bucket_s : 0;
    for (const size_t f : bk.charted) {
      c.series.push_back(FunctionSeries(
          r, bk, f, fname(f) + " offered (requests/s)", LineStyle::kDotted,
          [per_s](const FunctionBucketRow& x) { return static_cast<double>(x.requests) * per_s; }));
      c.series.push_back(FunctionSeries(r, bk, f, fname(f) + " admitted (invocations/s)",
                                        LineStyle::kSolid, [per_s](const FunctionBucketRow& x) {
                                          return static_cast<double>(x.invocations) * per_s;
                                        }));
    }
    Emit(out, c);
  }

  // (d) throttles by reason, on their own axis (summed over functions).
  {
    uint64_t all = 0;
    ChartSpec c = BaseChart(bk, "throttles", "", fmt::format("throttles {}", per_bucket));
    for (int k = 0; k < kThrottleReasonCount; ++k) {
      const auto reason = static_cast<size_t>(k);
      ChartSeries s;
      s.label = kThrottleReasonNames[reason];
      s.color = kReasonColors[reason];
      s.step_seconds = bk.bucket_s;
      uint64_t total = 0;
      for (size_t b = 0; b < bk.n_buckets; ++b) {
        uint64_t sum = 0;
        for (size_t f = 0; f < nf; ++f) sum += bk.Row(r, b, f).throttles_by_reason[reason];
        total += sum;
        s.x.push_back(bk.Row(r, b, 0).t_s);
        s.y.push_back(static_cast<double>(sum));
      }
      if (total > 0) {
        s.label += fmt::format(" ({})", FormatThousands(total));
        c.series.push_back(std::move(s));
      }
      all += total;
    }
    // API Gateway's 429s, a series of their own: refused before Lambda, not Lambda throttles.
    uint64_t gateway = 0;
    {
      ChartSeries s;
      s.label = "API Gateway 429";
      s.color = "#8c564b";
      s.style = LineStyle::kDashed;
      s.step_seconds = bk.bucket_s;
      for (size_t b = 0; b < bk.n_buckets; ++b) {
        uint64_t sum = 0;
        for (size_t f = 0; f < nf; ++f) sum += bk.Row(r, b, f).gateway_throttles;
        gateway += sum;
        s.x.push_back(bk.Row(r, b, 0).t_s);
        s.y.push_back(static_cast<double>(sum));
      }
      if (gateway > 0) {
        s.label += fmt::format(" ({})", FormatThousands(gateway));
        c.series.push_back(std::move(s));
      }
    }
    c.title = all == 0 ? "Throttles by reason: none"
                       : fmt::format("Throttles by reason{}: {} in all",
                                     nf > 1 ? " (all functions)" : "", FormatThousands(all));
    if (gateway > 0)
      c.title += fmt::format("; API Gateway refused {} before Lambda", FormatThousands(gateway));
    if (all == 0 && gateway == 0 && nf > 0) {
      ChartSeries s = FunctionSeries(r, bk, 0, "no throttles", LineStyle::kSolid,
                                     [](const FunctionBucketRow&) { return 0.0; });
      s.color = "#2ca02c";
      c.series.push_back(std::move(s));
    }
    Emit(out, c);
  }

  // (e) cold starts.
  {
    ChartSpec c = BaseChart(bk, "cold_starts", "Cold starts", "cold starts " + per_bucket);
    for (const size_t f : bk.charted) {
      c.series.push_back(FunctionSeries(
          r, bk, f, fname(f), LineStyle::kSolid,
          [](const FunctionBucketRow& x) { return static_cast<double>(x.cold_starts); }));
    }
    Emit(out, c);
  }

  // (f) latency / duration quantiles.
  {
    ChartSpec c = BaseChart(bk, "latency", "Duration and latency quantiles", "milliseconds");
    for (const size_t f : bk.charted) {
      c.series.push_back(
          FunctionSeries(r, bk, f, fname(f) + " duration p50", LineStyle::kSolid,
                         [](const FunctionBucketRow& x) { return x.duration_p50_ms; }));
      c.series.push_back(
          FunctionSeries(r, bk, f, fname(f) + " duration p99", LineStyle::kDashed,
                         [](const FunctionBucketRow& x) { return x.duration_p99_ms; }));
      c.series.push_back(
          FunctionSeries(r, bk, f, fname(f) + " latency p99", LineStyle::kDotted,
                         [](const FunctionBucketRow& x) { return x.latency_p99_ms; }));
    }
    Emit(out, c);
  }

  // (g) cumulative cost: a line through bucket ends, starting at 0.
  {
    ChartSpec c = BaseChart(bk, "cost",
                            fmt::format("Cumulative cost ({} per month projected)",
                                        FormatUsd(r.account.monthly_cost_usd)),
                            "USD");
    std::vector<double> total(bk.n_buckets, 0);  // every function, charted or not
    for (size_t b = 0; b < bk.n_buckets; ++b) {
      for (size_t f = 0; f < nf; ++f) total[b] += bk.Row(r, b, f).cost_usd;
    }
    for (const size_t f : bk.charted) {
      ChartSeries s;
      s.label = fname(f);
      s.color = ColorFor(f);
      s.x.push_back(0);
      s.y.push_back(0);
      double sum = 0;
      for (size_t b = 0; b < bk.n_buckets; ++b) {
        const FunctionBucketRow& row = bk.Row(r, b, f);
        sum += row.cost_usd;
        s.x.push_back(std::min(row.t_s + bk.bucket_s, bk.x_max));
        s.y.push_back(sum);
      }
      c.series.push_back(std::move(s));
    }
    if (nf > 1) {
      ChartSeries s;
      s.label = "all functions";
      s.color = "#222222";
      s.style = LineStyle::kDashed;
      s.x.push_back(0);
      s.y.push_back(0);
      double sum = 0;
      for (size_t b = 0; b < bk.n_buckets; ++b) {
        sum += total[b];
        s.x.push_back(std::min(bk.Row(r, b, 0).t_s + bk.bucket_s, bk.x_max));
        s.y.push_back(sum);
      }
      c.series.push_back(std::move(s));
    }
    Emit(out, c);
  }
  return out;
}

// The largest rate a traffic shape can reach, from the scenario alone (traces: unknown).
std::optional<double> PeakRatePerS(const TrafficSpec& t) {
  switch (t.shape) {
    case ShapeKind::kConstant: return t.rate_per_s;
    case ShapeKind::kPiecewise: {
      double peak = 0;
      for (const RateSegment& seg : t.segments)
        peak = std::max({peak, seg.rate_from_per_s, seg.rate_to_per_s});
      return peak;
    }
    case ShapeKind::kDiurnal: return t.diurnal.mean_per_s + t.diurnal.amplitude_per_s;
    case ShapeKind::kMmpp: {
      double peak = 0;
      for (const double v : t.mmpp.rates_per_s) peak = std::max(peak, v);
      return peak;
    }
    case ShapeKind::kTrace: return std::nullopt;
  }
  return std::nullopt;
}

// "constant", "piecewise (3 segments)", "diurnal", "mmpp (2 states)", "trace (csv)", plus
// the event source when it is not a direct call.
std::string ShapeLabel(const TrafficSpec& t) {
  std::string out;
  switch (t.shape) {
    case ShapeKind::kConstant: out = "constant"; break;
    case ShapeKind::kPiecewise:
      out = fmt::format("piecewise ({} segment{})", t.segments.size(),
                        t.segments.size() == 1 ? "" : "s");
      break;
    case ShapeKind::kDiurnal: out = "diurnal"; break;
    case ShapeKind::kMmpp: out = fmt::format("mmpp ({} states)", t.mmpp.rates_per_s.size()); break;
    case ShapeKind::kTrace: out = "trace"; break;
  }
  switch (t.source.type) {
    case SourceType::kDirect: break;
    case SourceType::kSqs: out += t.source.fifo ? ", via SQS FIFO" : ", via SQS"; break;
    case SourceType::kKinesis: out += ", via Kinesis"; break;
    case SourceType::kDynamoDb: out += ", via DynamoDB Streams"; break;
    case SourceType::kKafka: out += ", via Kafka"; break;
  }
  if (t.invocation == InvocationType::kAsync) out += ", async";
  if (t.topic_index) out += ", via a topic";
  return out;
}

std::string ScenarioTables(const RunResult& r, const ScenarioSpec& spec) {
  Html h;
  h.Add("<h2>Scenario</h2>\n<table class=\"kv\">\n");
  h.Row("name", spec.name);
  if (!spec.source_file.empty()) h.Row("file", RecordedPath(spec.source_file));
  h.Row("duration", Dur(spec.duration));
  h.Row("bucket", Dur(spec.bucket));
  h.Row("seed", fmt::format("{}", spec.seed));
  h.Row("replication", fmt::format("{}", spec.replication));
  h.Row("platform", spec.platform.name);
  h.Row("region", spec.region);
  h.Row("scaling",
        fmt::format(
            "{} {}, burst {}, refill {} per {}",
            spec.platform.scaling_scope == ScalingScope::kAccount ? "account" : "per function",
            "bucket", FormatThousands(spec.scaling.burst),
            FormatThousands(spec.scaling.refill_count), Dur(spec.scaling.refill_period)));
  h.Row("account concurrency limit", FormatThousands(spec.account.concurrency_limit));
  h.Row("unreserved minimum", FormatThousands(spec.account.unreserved_minimum));
  h.Row("version", r.manifest.version);
  h.Row("scenario hash", r.manifest.scenario_hash);
  h.Row("events processed", FormatThousands(r.manifest.events_processed));
  h.Row("simulated",
        fmt::format("{} s of {} s", FormatNumber(r.manifest.simulated_seconds, 10, "-"),
                    FormatNumber(r.manifest.horizon_seconds, 10, "-")));
  h.Add("</table>\n");

  h.Add(
      "<h2>Functions</h2>\n<table class=\"grid\">\n<tr><th>function</th><th>memory "
      "MB</th><th>arch</th>"
      "<th>timeout</th><th>reserved</th><th>duration (s)</th><th>init (s)</th><th>keep alive</th>"
      "<th>max lifetime (s)</th><th>error rate</th><th>provisioned</th></tr>\n");
  for (const FunctionSpec& f : spec.functions) {
    std::string pc = FormatThousands(f.provisioned_concurrency);
    for (const ProvisionedStep& st : f.provisioned_schedule) {
      pc += fmt::format("; at {}: {}", Dur(st.at), FormatThousands(st.value));
    }
    if (f.provisioned_autoscaling.enabled) {
      const ProvisionedAutoscaling& a = f.provisioned_autoscaling;
      pc += fmt::format("; autoscaling {}..{} target {}", a.min, a.max,
                        FormatNumber(a.target_utilization, 6, ""));
    }
    h.Add(fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td "
        "class=\"num\">{}</td><td>{}</td>"
        "<td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
        EscapeHtml(f.name), FormatThousands(f.memory_mb), ArchName(f.architecture),
        EscapeHtml(Dur(f.timeout)),
        f.reserved_concurrency ? FormatThousands(*f.reserved_concurrency) : std::string("-"),
        EscapeHtml(f.duration.Describe()), EscapeHtml(f.init_duration.Describe()),
        EscapeHtml(Dur(f.keep_alive)), EscapeHtml(f.max_lifetime.Describe()),
        EscapeHtml(FormatNumber(f.error_rate, 6, "")), EscapeHtml(pc)));
  }
  h.Add("</table>\n");

  h.Add(
      "<h2>Traffic</h2>\n<div class=\"scroll\"><table class=\"grid traffic\">\n<tr><th>source</th>"
      "<th>shape</th><th>arrivals</th><th>mean rate /s</th><th>peak rate /s</th><th>requests "
      "sent</th><th>start</th><th>end</th><th>client retries</th><th>API Gateway</th></tr>\n");
  // Each entry's summary by source (the last of a source, as a scan per entry found it; one
  // pass: a scan per entry took 3 s of a 40 000-entry report — bench/README.md, session 11).
  std::vector<const TrafficSummary*> summary_of(spec.traffic.size(), nullptr);
  for (const TrafficSummary& x : r.traffic)
    if (x.source < summary_of.size()) summary_of[x.source] = &x;
  for (size_t i = 0; i < spec.traffic.size(); ++i) {
    const TrafficSpec& t = spec.traffic[i];
    const TrafficSummary* ts = summary_of[i];
    std::string client = PolicyName(t.client.policy);
    if (t.client.policy != RetryPolicy::kNone) {
      client += fmt::format(", {} attempts, base {}, cap {}", t.client.max_attempts,
                            Dur(t.client.base), Dur(t.client.cap));
    }
    std::string gw = t.via_api_gateway ? "yes" : (t.via_function_url ? "no (function URL)" : "no");
    if (t.via_api_gateway && t.api_gateway_timeout)
      gw += ", timeout " + Dur(*t.api_gateway_timeout);
    if (t.via_api_gateway) {
      const ApiGatewayThrottle& acct = spec.api_gateway;
      gw += fmt::format(", account {}/s burst {}",
                        FormatNumber(static_cast<double>(acct.rate_mrps) / 1000, 6, ""),
                        FormatThousands(acct.burst));
      if (t.api_gateway_throttle)
        gw += fmt::format(
            ", route {}/s burst {}",
            FormatNumber(static_cast<double>(t.api_gateway_throttle->rate_mrps) / 1000, 6, ""),
            FormatThousands(t.api_gateway_throttle->burst));
    }
    const std::optional<double> peak = PeakRatePerS(t);
    h.Add(fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        EscapeHtml(t.label.empty() ? t.function : t.label), EscapeHtml(ShapeLabel(t)),
        t.arrivals == ArrivalKind::kPoisson ? "poisson" : "uniform",
        EscapeHtml(ts ? FormatNumber(ts->expected_rate_per_s, 4, "-") : std::string("-")),
        EscapeHtml(peak ? FormatNumber(*peak, 4, "-") : std::string("-")),
        EscapeHtml(ts ? FormatThousands(ts->requests) : std::string("-")), EscapeHtml(Dur(t.start)),
        EscapeHtml(t.end ? Dur(*t.end) : std::string("end of run")), EscapeHtml(client),
        EscapeHtml(gw)));
  }
  h.Add("</table></div>\n");
  return h.s;
}

// Rows whose every value is zero go into a folded <details> below the table.
void SummaryTable(Html& h, const std::vector<std::string>& columns,
                  const std::vector<std::vector<SummaryField>>& fields,
                  const std::vector<std::string>& prefixes) {
  std::string head = "<tr><th>metric</th>";
  for (const std::string& c : columns) head += fmt::format("<th>{}</th>", EscapeHtml(c));
  head += "</tr>\n";
  std::string shown, folded;
  size_t n_folded = 0;
  const size_t n_keys = fields.empty() ? 0 : fields[0].size();
  for (size_t k = 0; k < n_keys; ++k) {
    bool all_zero = true;
    std::string row = fmt::format("<tr><th>{}</th>", EscapeHtml(fields[0][k].key));
    for (size_t c = 0; c < fields.size(); ++c) {
      all_zero = all_zero && fields[c][k].AsDouble() == 0;
      row += SummaryCell(prefixes[c] + fields[c][k].key, fields[c][k]);
    }
    row += "</tr>\n";
    if (all_zero) {
      folded += row;
      ++n_folded;
    } else {
      shown += row;
    }
  }
  h.Add("<div class=\"scroll\"><table class=\"grid summary\">\n" + head + shown +
        "</table></div>\n");
  if (n_folded > 0) {
    h.Add(fmt::format(
        "<details class=\"zero\"><summary>{} metric{} {} zero</summary>\n<div "
        "class=\"scroll\"><table class=\"grid summary\">\n{}{}</table></div></details>\n",
        n_folded, n_folded == 1 ? "" : "s", n_folded == 1 ? "is" : "are", head, folded));
  }
}

std::string SummaryTables(const RunResult& r) {
  Html h;
  h.Add("<h2>Summary</h2>\n");
  std::vector<std::string> names, prefixes;
  std::vector<std::vector<SummaryField>> per_fn;
  for (const FunctionSummary& f : r.functions) {
    names.push_back(f.name);
    prefixes.push_back("functions." + f.name + ".");
    per_fn.push_back(FunctionSummaryFields(f));
  }
  SummaryTable(h, names, per_fn, prefixes);
  h.Add("<h3>Account</h3>\n");
  SummaryTable(h, {"account"}, {AccountSummaryFields(r.account)}, {"account."});
  return h.s;
}

// Desktop first; under 640 px the phone layout: narrow charts, smaller margins. Wide
// tables and the plain-text table scroll inside themselves, never the page.
constexpr const char* kCss =
    R"(*{box-sizing:border-box}
body{font-family:Helvetica,Arial,sans-serif;font-size:14px;color:#222;margin:24px auto;padding:0 16px;max-width:1000px;overflow-wrap:anywhere}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}
h3{font-size:15px;margin:18px 0 6px}
.sub{color:#555;margin:0 0 16px}
.warn{background:#fdecea;border:1px solid #d62728;padding:8px 12px;margin:12px 0}
.verdict{font-size:17px;font-weight:600;padding:10px 14px;margin:12px 0;border-left:6px solid #2ca02c;background:#eef7ee}
.verdict.throttles{border-left-color:#d62728;background:#fdecea}
.verdict small{display:block;font-size:13px;font-weight:400;color:#444;margin-top:4px}
svg.chart{display:block;margin:12px 0;width:100%;max-width:100%;height:auto;border:1px solid #eee}
svg.chart.narrow{display:none}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:6px 0;font-size:13px;display:block;overflow-x:auto;max-width:100%}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top;overflow-wrap:normal}
th{background:#f6f6f6;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
details.zero{margin:6px 0 12px;color:#444}details.zero summary{cursor:pointer}
pre{font-size:12px;background:#f6f6f6;padding:8px;overflow-x:auto;max-width:100%;overflow-wrap:normal}
@media (max-width:640px){
body{margin:8px auto;padding:0 8px;font-size:15px}
h1{font-size:19px}
svg.chart.wide{display:none}
svg.chart.narrow{display:block}
.verdict{font-size:15px}
}
)";

// Per-function series are drawn for at most this many functions: those that throttled
// most, then those closest to their cap (scenario order among them). The others are in
// timeseries.csv and the summary tables; the page says so.
constexpr size_t kMaxChartedFunctions = 12;

std::vector<size_t> ChartedFunctions(const RunResult& r) {
  const size_t nf = std::min(r.function_names.size(), r.functions.size());
  std::vector<size_t> order(nf);
  for (size_t f = 0; f < nf; ++f) order[f] = f;
  if (nf <= kMaxChartedFunctions) return order;
  auto load = [&](size_t f) {
    const FunctionSummary& s = r.functions[f];
    return s.concurrency_limit > 0
               ? static_cast<double>(s.concurrency_max) / static_cast<double>(s.concurrency_limit)
               : static_cast<double>(s.concurrency_max);
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (r.functions[a].throttles != r.functions[b].throttles)
      return r.functions[a].throttles > r.functions[b].throttles;
    return load(a) > load(b);
  });
  order.resize(kMaxChartedFunctions);
  std::sort(order.begin(), order.end());
  return order;
}

// The verdict first: will it throttle, how close to the limit, how slow, how much a month.
std::string Headline(const RunResult& r, const std::vector<size_t>& charted) {
  const AccountSummary& a = r.account;
  std::string detail;
  for (const size_t i : charted) {
    const FunctionSummary& f = r.functions[i];
    detail += fmt::format("{}{}: peak {} / {}, {} throttle{}, p99 {} ms, {} per month",
                          detail.empty() ? "" : "; ", f.name, FormatThousands(f.concurrency_max),
                          FormatThousands(f.concurrency_limit), FormatThousands(f.throttles),
                          f.throttles == 1 ? "" : "s", FormatNumber(f.latency.p99_ms, 4, "-"),
                          FormatUsd(f.monthly_cost_usd));
  }
  return fmt::format(
      "<p class=\"verdict{}\" data-verdict=\"{}\">{}<small>{}. Monthly cost: the measured {} "
      "scaled to 720 h{}.</small></p>\n",
      a.throttles > 0 ? " throttles" : "", a.throttles > 0 ? "throttles" : "no-throttles",
      EscapeHtml(FormatVerdict(r)), EscapeHtml(detail),
      EscapeHtml(sim::FormatDuration(sim::DurationFromSeconds(r.manifest.simulated_seconds))),
      a.monthly_cost_tiered || a.monthly_free_tier_usd > 0
          ? ", then re-priced for the account's month (duration price tiers, free tier)"
          : "");
}

}  // namespace

std::string RenderReportHtml(const RunResult& result, const ScenarioSpec& spec) {
  const size_t nf = result.function_names.size();
  if (nf == 0 ? !result.function_rows.empty() : result.function_rows.size() % nf != 0) {
    throw OutputError(fmt::format("inconsistent RunResult: {} function rows for {} functions",
                                  result.function_rows.size(), nf));
  }
  Buckets bk;
  bk.n_functions = nf;
  bk.n_buckets = nf == 0 ? 0 : result.function_rows.size() / nf;
  bk.bucket_s = result.bucket_seconds > 0 ? result.bucket_seconds : spec.bucket.seconds();
  bk.x_max = spec.duration.seconds();
  if (bk.n_buckets > 0) {
    const double last = result.function_rows.back().t_s;
    if (last >= bk.x_max) bk.x_max = last + bk.bucket_s;
  }
  if (!(bk.x_max > 0)) bk.x_max = bk.bucket_s > 0 ? bk.bucket_s : 60;
  bk.charted = ChartedFunctions(result);

  std::string o;
  o += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  o += fmt::format("<title>lambdasim report: {}</title>\n", EscapeHtml(spec.name));
  o += fmt::format("<style>\n{}</style>\n</head>\n<body>\n", kCss);
  o += fmt::format("<h1>lambdasim report: {}</h1>\n", EscapeHtml(spec.name));
  o += fmt::format("<p class=\"sub\">{} simulated, seed {}, platform {}, lambdasim {}</p>\n",
                   EscapeHtml(Dur(spec.duration)), spec.seed, EscapeHtml(spec.platform.name),
                   EscapeHtml(result.manifest.version));
  if (!result.manifest.complete || !result.manifest.error.empty()) {
    o += fmt::format(
        "<p class=\"warn\">Run incomplete: stopped at simulated time {} s of {} s{}{}</p>\n",
        FormatNumber(result.manifest.simulated_seconds, 10, "-"),
        FormatNumber(result.manifest.horizon_seconds, 10, "-"),
        result.manifest.error.empty() ? "" : ": ", EscapeHtml(result.manifest.error));
  }
  o += Headline(result, bk.charted);
  o += "<h2>At a glance</h2>\n<pre>";
  o += EscapeHtml(FormatSummaryTable(result, spec));
  o += "</pre>\n<h2>Charts</h2>\n";
  if (bk.charted.size() < nf) {
    o += fmt::format(
        "<p class=\"sub\">Per-function series: the {} functions that throttled most or came "
        "closest to their cap; the other {} are in timeseries.csv and the tables below.</p>\n",
        bk.charted.size(), nf - bk.charted.size());
  }
  if (nf > 0) o += Charts(result, spec, bk);
  o += RenderCalibrationSection(result, spec);
  o += RenderCallGraphSection(result);
  o += SummaryTables(result);
  o += ScenarioTables(result, spec);
  o += "</body>\n</html>\n";
  return o;
}

}  // namespace lambdasim
