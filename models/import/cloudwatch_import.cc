// models/import/cloudwatch_import.cc — CloudWatch exports → per-period traffic, a lognormal
// duration and the observed series.
#include "models/import/cloudwatch_import.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "models/import/yaml_input.h"

namespace lambdasim::import {

std::optional<int64_t> ParseTimestamp(const std::string& s) {
  int y, mo, d, h, mi, sec;
  char tail[64] = {0};
  if (s.size() < 19 || s.size() > 40 ||
      std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%63s", &y, &mo, &d, &h, &mi, &sec, tail) < 6)
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::string rest = tail;
  if (!rest.empty() && rest[0] == '.') {  // fractional seconds: dropped (periods are whole s)
    size_t i = 1;
    while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) ++i;
    rest = rest.substr(i);
  }
  int64_t offset_s = 0;
  if (rest == "Z" || rest.empty()) {
  } else if ((rest[0] == '+' || rest[0] == '-') && rest.size() == 6 && rest[3] == ':') {
    const int oh = std::atoi(rest.substr(1, 2).c_str()), om = std::atoi(rest.substr(4, 2).c_str());
    offset_s = (rest[0] == '+' ? 1 : -1) * (int64_t{oh} * 3600 + int64_t{om} * 60);
  } else {
    return std::nullopt;
  }
  // days_from_civil (Howard Hinnant).
  const int yy = y - (mo <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(yy - era * 400);
  const auto doy = static_cast<unsigned>((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = int64_t{era} * 146097 + doe - 719468;
  return days * 86400 + int64_t{h} * 3600 + int64_t{mi} * 60 + sec - offset_s;
}

namespace {

struct Point {
  int64_t t = 0;
  std::map<std::string, double> stats;
  DocNode node;
};

struct Series {
  std::string label;
  std::vector<Point> points;  // sorted by t
  int64_t period_s = 0;       // 0: a single point
  double unit_to_s = 1e-3;    // durations: Milliseconds unless the Unit says otherwise
  std::string unit_note = "unit Milliseconds assumed";
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Series Read(const MetricInput& in, bool duration, std::vector<std::string>& warnings) {
  Series s;
  s.label = in.label;
  const ParsedDocument doc = ParseDocumentCounted(in.text, in.label);
  const DocNode& root = doc.root;
  AliasBudget budget(in.label, "file", doc.nodes);  // collections aliased from many datapoints
  std::map<int64_t, size_t> at;
  auto point = [&](int64_t t, const DocNode& n, const std::string& path) -> Point& {
    auto it = at.find(t);
    if (it != at.end()) return s.points[it->second];
    at[t] = s.points.size();
    s.points.push_back({t, {}, n});
    (void)path;
    return s.points.back();
  };
  if (const DocNode dps = At(root, "Datapoints"); dps.IsDefined()) {
    if (!dps.IsSequence()) Fail(in.label, dps, "Datapoints: expected a list");
    if (dps.size() == 0)
      Fail(in.label, dps, "Datapoints: no datapoints (is the time range right?)");
    for (size_t i = 0; i < dps.size(); ++i) {
      const std::string path = "Datapoints[" + std::to_string(i) + "]";
      const DocNode dp = dps[i];
      if (!dp.IsMap()) Fail(in.label, dp, path + ": expected a mapping");
      const DocNode ts = At(dp, "Timestamp");
      const auto t = ts.IsScalar() ? ParseTimestamp(ts.Scalar()) : std::nullopt;
      if (!t)
        Fail(in.label, ts.IsDefined() ? ts : dp, path + ".Timestamp: missing or not ISO 8601");
      if (at.count(*t)) Fail(in.label, ts, path + ".Timestamp: " + ts.Scalar() + " appears twice");
      Point& p = point(*t, dp, path);
      for (const char* k : {"Sum", "Average", "Maximum", "Minimum", "SampleCount"})
        if (At(dp, k).IsDefined()) {
          const auto v = ScalarNumber(At(dp, k));
          if (!v || *v < 0) Fail(in.label, At(dp, k), path + "." + k + ": not a number >= 0");
          p.stats[k] = *v;
        }
      if (const DocNode ext = At(dp, "ExtendedStatistics"); ext.IsMap()) {
        budget.Read(ext, dp, path + ".ExtendedStatistics");
        for (const DocEntry& kv : ext.Entries()) {
          const auto v = ScalarNumber(kv.value);
          if (!v || *v < 0)
            Fail(in.label, kv.value,
                 path + ".ExtendedStatistics." + kv.key.Scalar() + ": not a number >= 0");
          p.stats[kv.key.Scalar()] = *v;
        }
      }
      if (duration && At(dp, "Unit").IsScalar()) {
        const std::string u = At(dp, "Unit").Scalar();
        s.unit_to_s = u == "Seconds" ? 1 : u == "Microseconds" ? 1e-6 : 1e-3;
        s.unit_note = "unit " + u;
      }
    }
  } else if (const DocNode rs = At(root, "MetricDataResults"); rs.IsDefined()) {
    if (!rs.IsSequence() || rs.size() == 0)
      Fail(in.label, rs, "MetricDataResults: no results (is the time range right?)");
    for (size_t r = 0; r < rs.size(); ++r) {
      const std::string path = "MetricDataResults[" + std::to_string(r) + "]";
      const DocNode res = rs[r];
      std::string stat = "Value";
      if (duration) {
        const std::string name =
            Lower((At(res, "Label").IsScalar() ? At(res, "Label").Scalar() : "") + " " +
                  (At(res, "Id").IsScalar() ? At(res, "Id").Scalar() : ""));
        stat = name.find("p50") != std::string::npos   ? "p50"
               : name.find("p99") != std::string::npos ? "p99"
                                                       : "Average";
      } else if (r > 0) {
        warnings.push_back(in.label + ": " + path + ": only the first result is used");
        break;
      }
      const DocNode ts = At(res, "Timestamps"), vs = At(res, "Values");
      if (!ts.IsSequence() || !vs.IsSequence() || ts.size() != vs.size())
        Fail(in.label, res, path + ": Timestamps and Values must be lists of the same length");
      budget.Read(ts, res, path + ".Timestamps");
      for (size_t i = 0; i < ts.size(); ++i) {
        const auto t = ts[i].IsScalar() ? ParseTimestamp(ts[i].Scalar()) : std::nullopt;
        if (!t)
          Fail(in.label, ts[i], path + ".Timestamps[" + std::to_string(i) + "]: not ISO 8601");
        const auto v = ScalarNumber(vs[i]);
        if (!v || *v < 0)
          Fail(in.label, vs[i], path + ".Values[" + std::to_string(i) + "]: not a number >= 0");
        Point& p = point(*t, ts[i], path);
        if (p.stats.count(stat))
          Fail(in.label, ts[i], path + ".Timestamps[" + std::to_string(i) + "] appears twice");
        p.stats[stat] = *v;
      }
    }
    if (s.points.empty()) Fail(in.label, rs, "MetricDataResults: no datapoints");
  } else {
    Fail(in.label, root,
         "neither Datapoints (get-metric-statistics) nor MetricDataResults "
         "(get-metric-data)");
  }
  std::sort(s.points.begin(), s.points.end(),
            [](const Point& a, const Point& b) { return a.t < b.t; });
  for (size_t i = 1; i < s.points.size(); ++i) {
    const int64_t gap = s.points[i].t - s.points[i - 1].t;
    if (s.period_s == 0 || gap < s.period_s) s.period_s = gap;
  }
  for (size_t i = 1; i < s.points.size(); ++i) {
    const int64_t gap = s.points[i].t - s.points[i - 1].t;
    if (gap % s.period_s != 0)
      Fail(in.label, s.points[i].node,
           fmt::format("mixed periods: {} s between this datapoint and the one before, while "
                       "others are {} s apart",
                       gap, s.period_s));
  }
  return s;
}

std::string Ms(double seconds) {
  std::string t = fmt::format("{:.3f}", seconds * 1e3);
  while (t.back() == '0') t.pop_back();
  if (t.back() == '.') t.pop_back();
  return t + "ms";
}

std::string Iso(int64_t t) {
  const int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  const int64_t secs = t - days * 86400;
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp + (mp < 10 ? 3 : -9);
  const int64_t y = yoe + era * 400 + (m <= 2);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", y, m, d, secs / 3600, secs / 60 % 60,
                     secs % 60);
}

}  // namespace

CloudWatchImport ImportCloudWatch(const CloudWatchInputs& in, const std::string& scenario_name) {
  CloudWatchImport out;
  ImportedScenario& s = out.scenario;
  std::vector<std::string>& warnings = s.warnings;
  const Series inv = Read(in.invocations, false, warnings);
  std::optional<Series> dur, conc, thr;
  if (!in.duration.text.empty()) dur = Read(in.duration, true, warnings);
  if (!in.concurrency.text.empty()) conc = Read(in.concurrency, false, warnings);
  if (!in.throttles.text.empty()) thr = Read(in.throttles, false, warnings);
  int64_t period = inv.period_s;
  std::string period_note = "the gap between the invocation datapoints";
  for (const Series* o : {dur ? &*dur : nullptr, conc ? &*conc : nullptr, thr ? &*thr : nullptr}) {
    if (!o || o->period_s == 0) continue;
    if (period == 0) {
      period = o->period_s;
      period_note = "the gap between the datapoints of " + o->label;
    } else if (o->period_s != period) {
      Fail(o->label, o->points[1].node,
           fmt::format("mixed periods: this file's datapoints are {} s apart, {}'s {} s",
                       o->period_s, inv.label, inv.period_s));
    }
  }
  bool period_todo = false;
  if (period == 0) {
    period = 60;
    period_todo = true;
    period_note = "a single datapoint: period 60 s assumed";
    warnings.push_back(inv.label + ": a single datapoint; assuming a 60 s period");
  }
  const int64_t t0 = inv.points.front().t, t_last = inv.points.back().t;
  const int64_t n = (t_last - t0) / period + 1;
  auto stat = [](const Point& p,
                 std::initializer_list<const char*> names) -> std::optional<double> {
    for (const char* k : names)
      if (auto it = p.stats.find(k); it != p.stats.end()) return it->second;
    return std::nullopt;
  };
  std::map<int64_t, double> counts;
  for (size_t i = 0; i < inv.points.size(); ++i) {
    const auto c = stat(inv.points[i], {"Sum", "Value"});
    if (!c)
      Fail(inv.label, inv.points[i].node,
           "invocations: a datapoint without Sum (ask get-metric-statistics for --statistics Sum)");
    counts[inv.points[i].t] = *c;
  }
  const std::string P = DurationText(static_cast<double>(period));
  // Top.
  const std::string fn = SanitizeName(in.function);
  if (fn != in.function) warnings.push_back("function '" + in.function + "' renamed '" + fn + "'");
  s.header = {"Scenario imported by `lambdasim import cloudwatch` from " + inv.label + ".",
              fmt::format("Observed span: {} .. {} ({} periods of {}); t = 0 is {}.", Iso(t0),
                          Iso(t_last + period), n, P, Iso(t0)),
              "Each value says where it came from; values marked TODO were assumed."};
  if (!in.observed_csv_name.empty())
    s.header.push_back(
        "Observed invocations, concurrency and throttles per period (to compare with "
        "the run's time series): " +
        in.observed_csv_name);
  Add(s.top, "name", scenario_name, "from the output file name or --function");
  Add(s.top, "duration", DurationText(static_cast<double>(n * period)),
      fmt::format("{} periods of {} ({})", n, P, period_note), period_todo);
  Add(s.top, "bucket", P, "one time-series bucket per CloudWatch period", period_todo);
  // Function.
  ImportedFunction f{fn, "--function " + in.function, {}};
  Add(f.fields, "memory_mb", "128",
      "AWS default; not in CloudWatch metrics: set the function's MemorySize", true);
  double timeout_s = 3;
  std::string timeout_note =
      "AWS default 3 s; not in CloudWatch metrics: set the function's Timeout";
  if (dur) {
    std::map<std::string, double> sum, wsum;
    double max_s = 0;
    for (const Point& p : dur->points) {
      const auto it = counts.find(p.t);
      const double w = it == counts.end() ? 1.0 : it->second;
      for (const char* k : {"p50", "p99", "Average"})
        if (auto v = stat(p, {k}); v && w > 0) {
          sum[k] += w * *v * dur->unit_to_s;
          wsum[k] += w;
        }
      if (auto m = stat(p, {"Maximum"})) max_s = std::max(max_s, *m * dur->unit_to_s);
    }
    const std::string src = dur->label + ", " + dur->unit_note;
    if (wsum["p50"] > 0 && wsum["p99"] > 0) {
      const double p50 = sum["p50"] / wsum["p50"], p99 = sum["p99"] / wsum["p99"];
      if (p50 <= 0 || p99 < p50)
        Fail(dur->label, dur->points.front().node,
             fmt::format("duration: weighted p99 {} below p50 {}", Ms(p99), Ms(p50)));
      Add(f.fields, "duration",
          "{ dist: lognormal, median: " + Ms(p50) + ", p99: " + Ms(p99) + " }",
          "lognormal through the invocation-weighted mean p50 and p99 of " + src);
      timeout_s = std::max(timeout_s, std::ceil(std::max(2 * p99, max_s)));
    } else if (wsum["Average"] > 0) {
      const double mean = sum["Average"] / wsum["Average"];
      if (mean <= 0) Fail(dur->label, dur->points.front().node, "duration: average is 0");
      const double mu = std::log(mean) - kAssumedSigma * kAssumedSigma / 2;
      Add(f.fields, "duration",
          fmt::format("{{ dist: lognormal, mu: {:.6f}, sigma: {} }}", mu, kAssumedSigma),
          fmt::format("lognormal with the invocation-weighted mean Average {} of {}; sigma {} "
                      "assumed (export p50 and p99 to fit it)",
                      Ms(mean), src, kAssumedSigma),
          true);
      timeout_s = std::max(timeout_s, std::ceil(std::max(3 * mean, max_s)));
    } else {
      Fail(dur->label, dur->points.front().node,
           "duration: needs ExtendedStatistics p50 and p99, or Average");
    }
    if (timeout_s > 3)
      timeout_note =
          "not in CloudWatch metrics: covers the observed durations; set the function's Timeout";
  } else {
    Add(f.fields, "duration", "{ dist: lognormal, median: 100ms, p99: 1s }",
        "placeholder: give --duration with p50/p99 (or Average) to fit it", true);
  }
  timeout_s = std::min(timeout_s, 900.0);
  f.fields.insert(f.fields.begin() + 1,
                  Field{"timeout", DurationText(timeout_s), timeout_note, true, {}});
  if (!in.observed_csv_name.empty())
    Add(f.fields, "observed", in.observed_csv_name,
        "CloudWatch's per-period invocations, concurrency and throttles, drawn against the "
        "run in report.html and calibration.csv");
  s.functions.push_back(f);
  // Traffic: one phase per period.
  ImportedTraffic t{fn, fn, "per-period Poisson rates from " + inv.label, {}};
  Field& ph = Add(t.fields, "phases", "", "");
  for (int64_t k = 0; k < n; ++k) {
    const int64_t ts = t0 + k * period;
    const auto it = counts.find(ts);
    const double c = it == counts.end() ? 0 : it->second;
    std::string item;
    if (c <= 0)
      item = "{ pause: " + P + " }";
    else if (c == std::floor(c) && c < 1e15)
      item = fmt::format("{{ duration: {}, rate: {}/{} }}", P, static_cast<int64_t>(c), P);
    else
      item = fmt::format("{{ duration: {}, rate: {:.17g} }}", P, c / static_cast<double>(period));
    Add(ph.children, "", item,
        Iso(ts) +
            (it == counts.end() ? " no datapoint (no invocations)" : fmt::format(" Sum {}", c)));
  }
  s.traffic.push_back(t);
  // Observed CSV.
  auto by_t = [](const std::optional<Series>& o, std::initializer_list<const char*> names) {
    std::map<int64_t, double> m;
    if (o)
      for (const Point& p : o->points)
        for (const char* k : names)
          if (auto it = p.stats.find(k); it != p.stats.end()) {
            m[p.t] = it->second;
            break;
          }
    return m;
  };
  const auto cmax = by_t(conc, {"Maximum", "Value"});
  const auto thro = by_t(thr, {"Sum", "Value"});
  std::string csv = "period_start_s,timestamp,observed_invocations,concurrency_max,throttles\n";
  for (int64_t k = 0; k < n; ++k) {
    const int64_t ts = t0 + k * period;
    auto cell = [&](const std::map<int64_t, double>& m, bool given) {
      if (!given) return std::string();
      const auto it = m.find(ts);
      return it == m.end() ? std::string("0") : fmt::format("{}", it->second);
    };
    csv += fmt::format("{},{},{},{},{}\n", k * period, Iso(ts), cell(counts, true),
                       cell(cmax, conc.has_value()), cell(thro, thr.has_value()));
  }
  out.observed_csv = csv;
  return out;
}

}  // namespace lambdasim::import
