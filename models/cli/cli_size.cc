// `lambdasim size` — the seed deck's sizing formula as a tool, plus SLO-driven sizing.
//
//   lambdasim size --rps 10000 --duration 500ms [--peak-rps N] [--reserved N] [--account-limit N]
//                  [--platform aws-2023|aws-2022] [--region R] [--keep-alive 10m] [--json]
//                  [--simulate]
//   lambdasim size SCENARIO.yaml [--set k=v ...] [--json] [--simulate]
//   lambdasim size SCENARIO.yaml --for functions.api.reserved_concurrency --slo 'throttle_rate <=
//   0.001'
//                  [--slo ...] [--replications 5] [--lo N] [--hi N]
//
// Closed forms come from models/analytic.h; simulations go through LoadScenarioFile and
// RunScenario only (this file never reaches inside the model).
#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include <fmt/core.h>

#include "models/analysis/analytic.h"
#include "models/cli/cli.h"
#include "models/metrics/statistics.h"
#include "models/output/output_writer.h"

namespace lambdasim::cli {

namespace {

struct SizeArgs {
  std::string scenario;
  double rps = 0;
  std::string duration;
  double peak_rps = 0;
  int64_t reserved = -1;
  int64_t account_limit = 0;
  std::string platform = "aws-2023";
  std::string region = "us-east-1";
  std::string keep_alive;
  std::vector<std::string> sets;
  bool json = false;
  bool simulate = false;
  bool quiet = false;
  std::string knob;
  std::vector<std::string> slos;
  int replications = 5;
  std::optional<int64_t> lo, hi;
};

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "500ms", "1.5s", "2m", "100us": a positive number with a unit.
double ParseDurationSeconds(const std::string& text, const std::string& flag) {
  size_t pos = 0;
  double v = 0;
  try {
    v = std::stod(text, &pos);
  } catch (const std::exception&) {
    throw UsageError(fmt::format("{} '{}': expected a duration such as 500ms or 1.5s", flag, text));
  }
  const std::string unit = text.substr(pos);
  static const std::map<std::string, double> kUnits = {
      {"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1}, {"m", 60}, {"min", 60}, {"h", 3600}};
  const auto it = kUnits.find(unit);
  if (it == kUnits.end() || !(v > 0) || !std::isfinite(v))
    throw UsageError(fmt::format(
        "{} '{}': expected a positive duration with a unit (ns, us, ms, s, m, h)", flag, text));
  return v * it->second;
}

// What the closed forms need to know about one function.
struct SizingInput {
  std::string name;
  double mean_rps = 0;
  double peak_rps = 0;
  double mean_duration_s = 0;
  std::optional<int64_t> reserved;
  int64_t account_limit = 1000;
  int64_t unreserved_minimum = 100;
  int64_t available = 1000;  // the pool this function can draw from (reserved, or account minus
                             // others' reservations)
  double rps_per_concurrency = 10;
  double keep_alive_s = 600;
  analytic::ScalingRule scaling;
  std::string traffic_note;
};

struct SizingOutput {
  double conc_mean = 0, conc_peak = 0;
  double ramp_s = 0;
  bool fits_concurrency = true;
  double rps_limit = 0;
  bool fits_rps = true;
  int64_t quota_needed = 0;  // account concurrency_limit that would allow it
  int64_t capacity = 0;      // concurrency the function can use
  double erlang_b = 0;       // at peak load
  double carried_mean = 0;   // Little at mean, minus blocked load
  analytic::WarmPoolResult warm;
};

SizingOutput Compute(const SizingInput& in) {
  SizingOutput o;
  o.conc_mean = analytic::LittleConcurrency(in.mean_rps, in.mean_duration_s);
  o.conc_peak = analytic::LittleConcurrency(in.peak_rps, in.mean_duration_s);
  o.ramp_s = analytic::ScalingRampSeconds(std::ceil(o.conc_peak - 1e-9), in.scaling.burst,
                                          in.scaling.refill_per_s);
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

std::string Num(double v) {
  if (!std::isfinite(v)) return "inf";
  if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15)
    return fmt::format("{}", static_cast<int64_t>(std::round(v)));
  return fmt::format("{:.4g}", v);
}

std::string Ms(double s) { return Num(s * 1000) + " ms"; }

void PrintText(const SizingInput& in, const SizingOutput& o) {
  auto line = [](const std::string& k, const std::string& v) {
    std::cout << fmt::format("  {:<24} {}\n", k, v);
  };
  std::cout << fmt::format("function {}\n", in.name);
  line("traffic", fmt::format("{} rps mean, {} rps peak{}", Num(in.mean_rps), Num(in.peak_rps),
                              in.traffic_note));
  line("mean duration", Ms(in.mean_duration_s));
  line("concurrency (Little)",
       fmt::format("{} at mean, {} at peak  (rps × duration)", Num(o.conc_mean), Num(o.conc_peak)));
  line("scaling from cold",
       fmt::format("{} to reach {}  ({})", FormatSeconds(o.ramp_s),
                   Num(std::ceil(o.conc_peak - 1e-9)), in.scaling.description));
  const std::string pool =
      in.reserved
          ? fmt::format("reserved {}", *in.reserved)
          : fmt::format(
                "account pool {} (limit {}{})", in.available, in.account_limit,
                in.available != in.account_limit ? " minus other functions' reservations" : "");
  line("concurrency available",
       fmt::format("{}: {}", pool, o.fits_concurrency ? "fits" : "TOO SMALL for the peak"));
  line("rps limit", fmt::format("{} rps (10 × {}): {}", Num(o.rps_limit),
                                in.reserved ? "reserved" : "account limit",
                                o.fits_rps ? "ok" : "EXCEEDED at peak"));
  line("account limit needed",
       fmt::format("{}{}{}", o.quota_needed,
                   in.reserved ? fmt::format(" (reservation + unreserved minimum {})",
                                             in.unreserved_minimum)
                               : "",
                   o.quota_needed <= in.account_limit
                       ? " — current limit is enough"
                       : fmt::format(" — current limit {} is not", in.account_limit)));
  line("throttle probability", fmt::format("{:.6g}  (Erlang B, c = {}, load {} at peak)",
                                           o.erlang_b, o.capacity, Num(o.conc_peak)));
  line("cold-start probability",
       fmt::format("{:.3g}  (warm-pool model, keep-alive {}, {} warm environments; {})",
                   o.warm.cold_start_probability, FormatSeconds(in.keep_alive_s),
                   Num(std::round(o.warm.mean_environments * 10) / 10), o.warm.method));
}

std::string JsonNum(double v) { return std::isfinite(v) ? fmt::format("{}", v) : "null"; }

std::string RenderJson(const SizingInput& in, const SizingOutput& o, const FunctionSummary* sim) {
  std::string s = fmt::format(
      "{{\"function\": \"{}\", \"mean_rps\": {}, \"peak_rps\": {}, \"mean_duration_s\": {}, "
      "\"concurrency_mean\": {}, \"concurrency_peak\": {}, \"scaling_ramp_s\": {}, "
      "\"scaling_rule\": \"{}\", "
      "\"capacity\": {}, \"reserved\": {}, \"account_limit\": {}, \"fits_concurrency\": {}, "
      "\"rps_limit\": {}, "
      "\"fits_rps\": {}, \"account_limit_needed\": {}, \"throttle_probability\": {}, "
      "\"cold_start_probability\": {}, \"warm_environments\": {}, \"warm_pool_method\": \"{}\"",
      in.name, JsonNum(in.mean_rps), JsonNum(in.peak_rps), JsonNum(in.mean_duration_s),
      JsonNum(o.conc_mean), JsonNum(o.conc_peak), JsonNum(o.ramp_s), in.scaling.description,
      o.capacity, in.reserved ? std::to_string(*in.reserved) : "null", in.account_limit,
      o.fits_concurrency, JsonNum(o.rps_limit), o.fits_rps, o.quota_needed, JsonNum(o.erlang_b),
      JsonNum(o.warm.cold_start_probability), JsonNum(o.warm.mean_environments), o.warm.method);
  if (sim)
    s += fmt::format(
        ", \"simulated\": {{\"concurrency_mean\": {}, \"concurrency_max\": {}, \"throttle_rate\": "
        "{}, "
        "\"cold_start_rate\": {}}}",
        JsonNum(sim->concurrency_mean), sim->concurrency_max, JsonNum(sim->throttle_rate),
        JsonNum(sim->cold_start_rate));
  return s + "}";
}

void PrintSideBySide(const SizingOutput& o, const FunctionSummary& s) {
  std::cout << fmt::format("  {:<24} {:>14} {:>14}\n", "side by side", "analytic", "simulated");
  auto row = [](const std::string& k, const std::string& a, const std::string& b) {
    std::cout << fmt::format("  {:<24} {:>14} {:>14}\n", k, a, b);
  };
  row("concurrency mean", Num(std::round(o.carried_mean * 100) / 100),
      Num(std::round(s.concurrency_mean * 100) / 100));
  row("concurrency peak", Num(std::round(o.conc_peak * 100) / 100),
      std::to_string(s.concurrency_max));
  row("throttle rate", fmt::format("{:.4g}", o.erlang_b), fmt::format("{:.4g}", s.throttle_rate));
  row("cold-start rate", fmt::format("{:.4g}", o.warm.cold_start_probability),
      fmt::format("{:.4g}", s.cold_start_rate));
  std::cout
      << "  (analytic: Little's law with Erlang B's blocked load removed; Erlang B ignores the "
         "scaling ramp;\n"
         "   the warm-pool model ignores the cap. Simulated: the whole run, warm-up included.)\n";
}

// Per-function mean and peak arrival rate from the traffic entries (several entries add up).
void TrafficRates(const ScenarioSpec& spec, size_t fn, double& mean, double& peak,
                  std::string& note) {
  const double horizon = spec.duration.seconds();
  mean = peak = 0;
  for (const auto& t : spec.traffic) {
    if (t.function_index != fn) continue;
    const double start = t.start.seconds();
    const double end = t.end ? std::min(t.end->seconds(), horizon) : horizon;
    const double active = std::max(0.0, end - start) / horizon;
    switch (t.shape) {
      case ShapeKind::kConstant:
        mean += t.rate_per_s * active;
        peak += t.rate_per_s;
        if (active < 1) note = " (time-averaged over the horizon)";
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
        mean += area / horizon;
        peak += mx;
        note = " (time-averaged over the horizon)";
        break;
      }
      case ShapeKind::kDiurnal:
        mean += t.diurnal.mean_per_s * active;
        peak += t.diurnal.mean_per_s + t.diurnal.amplitude_per_s;
        break;
      case ShapeKind::kMmpp:
        mean += t.mmpp.long_run_rate_per_s * active;
        peak += t.mmpp.rates_per_s.empty()
                    ? 0
                    : *std::max_element(t.mmpp.rates_per_s.begin(), t.mmpp.rates_per_s.end());
        break;
      case ShapeKind::kTrace:
        mean += static_cast<double>(t.trace.rows) / horizon;
        peak += static_cast<double>(t.trace.rows) / horizon;
        note = " (trace: row count over the horizon; peak unknown)";
        break;
    }
  }
}

std::vector<SizingInput> InputsFromScenario(const ScenarioSpec& spec) {
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
    TrafficRates(spec, i, in.mean_rps, in.peak_rps, in.traffic_note);
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
    in.scaling.description =
        fmt::format("{}: {} burst + {}/s {}", spec.platform.name, spec.scaling.burst,
                    Num(in.scaling.refill_per_s), aws2022 ? "per account" : "per function");
    out.push_back(in);
  }
  return out;
}

// A one-function scenario for `--simulate` in flag mode: Poisson at --rps, exponential
// durations, the given limits, horizon long enough for the ramp and the Erlang B estimate.
ScenarioSpec GeneratedScenario(const SizingInput& in, const SizingOutput& o, const SizeArgs& a) {
  ScenarioSpec spec;
  spec.name = "size";
  spec.seed = 1;
  spec.platform = *LookupPlatform(a.platform, a.region);
  spec.region = a.region;
  spec.scaling = ScalingSpec{spec.platform.scaling_burst, spec.platform.scaling_refill_count,
                             spec.platform.scaling_refill_period};
  spec.account = AccountSpec{in.account_limit, in.unreserved_minimum};
  // 20 × the ramp, at least 60 s and 200 000 arrivals, at most 5 M arrivals and 1 h.
  double horizon = std::max({20 * o.ramp_s, 60.0, 2e5 / in.mean_rps});
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
  return spec;
}

// ---- SLO sizing ---------------------------------------------------------------------------

struct Slo {
  std::string text;
  std::string metric;    // summary key
  bool account = false;  // account.<key>
  std::string function;  // function whose summary to read (when !account)
  std::string op;
  double threshold = 0;
  bool Holds(double v) const {
    if (op == "<=") return v <= threshold;
    if (op == "<") return v < threshold;
    if (op == ">=") return v >= threshold;
    return v > threshold;
  }
  bool LowerIsBetter() const { return op[0] == '<'; }
};

Slo ParseSlo(const std::string& text, const std::string& default_function) {
  Slo s;
  s.text = text;
  size_t p = std::string::npos;
  for (const char* op : {"<=", ">=", "<", ">"}) {
    p = text.find(op);
    if (p != std::string::npos) {
      s.op = op;
      break;
    }
  }
  if (p == std::string::npos)
    throw UsageError(
        fmt::format("--slo '{}': expected 'metric <= value' (operators <=, <, >=, >)", text));
  auto trim = [](const std::string& x) {
    const auto b = x.find_first_not_of(" \t"), e = x.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : x.substr(b, e - b + 1);
  };
  std::string metric = trim(text.substr(0, p));
  const std::string value = trim(text.substr(p + s.op.size()));
  try {
    size_t used = 0;
    s.threshold = std::stod(value, &used);
    if (used != value.size() || !std::isfinite(s.threshold)) throw std::invalid_argument("");
  } catch (const std::exception&) {
    throw UsageError(fmt::format("--slo '{}': '{}' is not a number", text, value));
  }
  if (metric.rfind("account.", 0) == 0) {
    s.account = true;
    s.metric = metric.substr(8);
  } else if (metric.rfind("functions.", 0) == 0) {
    const auto dot = metric.find('.', 10);
    if (dot == std::string::npos)
      throw UsageError(fmt::format("--slo '{}': expected functions.<name>.<key>", text));
    s.function = metric.substr(10, dot - 10);
    s.metric = metric.substr(dot + 1);
  } else {
    s.function = default_function;
    s.metric = metric;
  }
  std::vector<std::string> keys;
  for (const auto& f : s.account ? AccountSummaryFields(AccountSummary{})
                                 : FunctionSummaryFields(FunctionSummary{}))
    keys.push_back(f.key);
  if (std::find(keys.begin(), keys.end(), s.metric) == keys.end()) {
    std::string list;
    for (const auto& k : keys) list += (list.empty() ? "" : ", ") + k;
    throw UsageError(fmt::format("--slo '{}': unknown {} metric '{}' (one of: {})", text,
                                 s.account ? "account" : "function", s.metric, list));
  }
  if (!s.account && s.function.empty())
    throw UsageError(
        fmt::format("--slo '{}': name the function (functions.<name>.{}) or use account.<key>",
                    text, s.metric));
  return s;
}

double MetricValue(const RunResult& r, const Slo& s) {
  std::vector<SummaryField> fields;
  if (s.account) {
    fields = AccountSummaryFields(r.account);
  } else {
    const auto it = std::find(r.function_names.begin(), r.function_names.end(), s.function);
    if (it == r.function_names.end())
      throw UsageError(
          fmt::format("--slo '{}': no function '{}' in the scenario", s.text, s.function));
    fields = FunctionSummaryFields(r.functions[static_cast<size_t>(it - r.function_names.begin())]);
  }
  for (const auto& f : fields)
    if (f.key == s.metric) return f.AsDouble();
  return std::nan("");
}

struct Evaluation {
  std::vector<double> mean, half_width;  // per SLO
  bool ok = true;                        // every SLO holds on the mean
  bool confident_good = true;            // every CI entirely on the good side
  bool confident_bad = false;            // some CI entirely on the bad side
};

int CommandSizeSlo(const SizeArgs& a) {
  // The function the knob belongs to names the default SLO metric's function.
  std::string knob_function;
  if (a.knob.rfind("functions.", 0) == 0) {
    const auto dot = a.knob.find('.', 10);
    knob_function = a.knob.substr(10, dot == std::string::npos ? std::string::npos : dot - 10);
  }
  const auto base_overrides = ParseOverrides(a.sets);
  ScenarioSpec base =
      LoadScenarioFile(a.scenario, base_overrides);  // ScenarioError → exit 2 in main
  if (knob_function.empty() && base.functions.size() == 1) knob_function = base.functions[0].name;
  std::vector<Slo> slos;
  for (const auto& t : a.slos) slos.push_back(ParseSlo(t, knob_function));
  if (a.replications < 2)
    throw UsageError("--replications must be at least 2 (for a confidence interval)");

  std::map<int64_t, Evaluation> cache;
  int runs = 0;
  auto evaluate = [&](int64_t k) -> const Evaluation& {
    if (auto it = cache.find(k); it != cache.end()) return it->second;
    auto overrides = base_overrides;
    overrides.push_back(Override{a.knob, std::to_string(k)});
    ScenarioSpec spec = LoadScenarioFile(a.scenario, overrides);
    std::vector<std::vector<double>> values(slos.size());
    for (int r = 0; r < a.replications; ++r) {
      spec.replication =
          static_cast<uint64_t>(r);  // common random numbers: same seed, same k-th streams
      const RunResult result = RunScenario(spec);
      ++runs;
      for (size_t i = 0; i < slos.size(); ++i) values[i].push_back(MetricValue(result, slos[i]));
    }
    Evaluation e;
    const double t = stats::StudentT975(a.replications - 1);
    std::string line = fmt::format("  {} = {:<8}", a.knob, k);
    for (size_t i = 0; i < slos.size(); ++i) {
      const auto& v = values[i];
      const double n = static_cast<double>(v.size());
      double m = 0, ss = 0;
      for (double x : v) m += x;
      m /= n;
      for (double x : v) ss += (x - m) * (x - m);
      const double hw = t * std::sqrt(ss / (n - 1)) / std::sqrt(n);
      e.mean.push_back(m);
      e.half_width.push_back(hw);
      const bool holds = slos[i].Holds(m);
      e.ok = e.ok && holds;
      const double good_edge = slos[i].LowerIsBetter() ? m + hw : m - hw;
      const double bad_edge = slos[i].LowerIsBetter() ? m - hw : m + hw;
      e.confident_good = e.confident_good && slos[i].Holds(good_edge);
      e.confident_bad = e.confident_bad || !slos[i].Holds(bad_edge);
      line += fmt::format("  {} {:.6g} ± {:.2g} {}", slos[i].metric, m, hw, holds ? "ok" : "FAIL");
    }
    if (!a.quiet) std::cout << line << "\n" << std::flush;
    return cache.emplace(k, e).first->second;
  };

  // Instant analytic estimate for the function named by the knob.
  std::cout << fmt::format(
      "sizing {} by bisection over replicated runs ({} replications each, common random numbers)\n",
      a.knob, a.replications);
  std::cout << "assumes every SLO gets easier as the knob grows (monotone); the answer is the "
               "smallest integer that "
               "meets all of them on the replication mean\n";
  std::string analytic_line;
  for (const auto& in : InputsFromScenario(base)) {
    if (in.name != knob_function) continue;
    const double load = in.peak_rps * in.mean_duration_s;
    analytic_line = fmt::format("analytic estimate for {}: Little {} concurrency", in.name,
                                Num(std::ceil(load - 1e-9)));
    for (const auto& s : slos) {
      if (s.metric == "throttle_rate" && !s.account && s.LowerIsBetter() && s.threshold > 0)
        analytic_line +=
            fmt::format("; Erlang B c for throttle_rate {} {} = {}", s.op, Num(s.threshold),
                        analytic::ErlangBServersFor(load, s.threshold));
      if (s.metric == "cold_start_rate" && !s.account)
        analytic_line += fmt::format(
            "; warm-pool P(cold) at keep-alive {} = {:.3g} (not a function of the knob)",
            FormatSeconds(in.keep_alive_s),
            analytic::SolveWarmPool(in.mean_rps, in.mean_duration_s, in.keep_alive_s)
                .cold_start_probability);
    }
  }
  if (!analytic_line.empty()) std::cout << analytic_line << "\n";

  int64_t lo = a.lo.value_or(0);
  if (evaluate(lo).ok) {
    std::cout << fmt::format("answer: {} = {} (the lower bound already meets every SLO)\n", a.knob,
                             lo);
    return kExitOk;
  }
  int64_t hi;
  if (a.hi) {
    hi = *a.hi;
    if (hi <= lo) throw UsageError("--hi must be greater than --lo");
    if (!evaluate(hi).ok) {
      std::cout << fmt::format("no value in [{}, {}] meets every SLO ({} runs)\n", lo, hi, runs);
      return kExitThreshold;
    }
  } else {
    hi = lo + 1;
    for (int i = 0; !evaluate(hi).ok; ++i) {
      if (i == 40) {
        std::cout << fmt::format("no value up to {} meets every SLO ({} runs)\n", hi, runs);
        return kExitThreshold;
      }
      lo = hi;
      hi = lo + std::max<int64_t>(1, lo);  // doubling
    }
  }
  while (hi - lo > 1) {
    const int64_t mid = lo + (hi - lo) / 2;
    if (evaluate(mid).ok)
      hi = mid;
    else
      lo = mid;
  }
  const Evaluation& at = evaluate(hi);
  const Evaluation& below = evaluate(hi - 1);
  const bool confident = at.confident_good && below.confident_bad;
  std::cout << fmt::format("answer: {} = {}  ({}; {} runs)\n", a.knob, hi,
                           confident ? "confident: every 95 % CI is on the good side at the answer "
                                       "and one is on the bad side one below"
                                     : "not confident: a 95 % CI at the answer or one below "
                                       "straddles a threshold; more --replications would settle it",
                           runs);
  for (size_t i = 0; i < slos.size(); ++i)
    std::cout << fmt::format("  {:<32} {:.6g} ± {:.2g} at {}, {:.6g} ± {:.2g} at {}\n",
                             slos[i].text, at.mean[i], at.half_width[i], hi, below.mean[i],
                             below.half_width[i], hi - 1);
  if (!analytic_line.empty()) std::cout << "  " << analytic_line << "\n";
  return kExitOk;
}

int CommandSize(SizeArgs a, bool rps_given, bool duration_given) {
  try {
    if (!a.knob.empty() || !a.slos.empty()) {
      if (a.knob.empty() || a.slos.empty()) throw UsageError("--for and --slo go together");
      if (a.scenario.empty()) throw UsageError("--for/--slo need a scenario file");
      if (a.simulate || a.json)
        throw UsageError("--for/--slo cannot be combined with --simulate or --json");
      return CommandSizeSlo(a);
    }
    std::vector<SizingInput> inputs;
    ScenarioSpec spec;
    if (!a.scenario.empty()) {
      if (rps_given || duration_given)
        throw UsageError("give either a scenario or --rps/--duration, not both");
      spec = LoadScenarioFile(a.scenario, ParseOverrides(a.sets));
      inputs = InputsFromScenario(spec);
    } else {
      if (!rps_given || !duration_given)
        throw UsageError("need --rps and --duration (or a scenario file)");
      if (!(a.rps > 0) || !std::isfinite(a.rps)) throw UsageError("--rps must be positive");
      const auto profile = LookupPlatform(a.platform, a.region);
      if (!profile)
        throw UsageError(fmt::format("--platform '{}': expected aws-2023 or aws-2022", a.platform));
      SizingInput in;
      in.name = "(flags)";
      in.mean_rps = a.rps;
      in.peak_rps = a.peak_rps > 0 ? std::max(a.peak_rps, a.rps) : a.rps;
      in.mean_duration_s = ParseDurationSeconds(a.duration, "--duration");
      if (a.reserved >= 0) in.reserved = a.reserved;
      in.account_limit = a.account_limit > 0 ? a.account_limit : profile->concurrency_limit;
      in.unreserved_minimum = profile->unreserved_minimum;
      in.available = in.account_limit;
      in.rps_per_concurrency = static_cast<double>(profile->rps_per_concurrency);
      in.keep_alive_s = a.keep_alive.empty() ? profile->default_keep_alive.seconds()
                                             : ParseDurationSeconds(a.keep_alive, "--keep-alive");
      in.scaling = a.platform == "aws-2022" ? analytic::Aws2022Scaling(a.region)
                                            : analytic::Aws2023Scaling();
      if (in.reserved && *in.reserved > in.account_limit - in.unreserved_minimum)
        std::cerr << fmt::format(
            "lambdasim: note: reserving {} needs an account limit of at least {} (unreserved "
            "minimum {})\n",
            *in.reserved, *in.reserved + in.unreserved_minimum, in.unreserved_minimum);
      inputs.push_back(in);
    }
    std::vector<SizingOutput> outputs;
    outputs.reserve(inputs.size());
    for (const auto& in : inputs) outputs.push_back(Compute(in));

    std::optional<RunResult> sim;
    std::vector<size_t> sim_index(inputs.size(), 0);
    if (a.simulate) {
      ScenarioSpec run_spec =
          a.scenario.empty() ? GeneratedScenario(inputs[0], outputs[0], a) : spec;
      if (a.scenario.empty() && run_spec.functions[0].reserved_concurrency &&
          *run_spec.functions[0].reserved_concurrency >
              run_spec.account.concurrency_limit - run_spec.account.unreserved_minimum)
        run_spec.account.concurrency_limit =
            *run_spec.functions[0].reserved_concurrency + run_spec.account.unreserved_minimum;
      ProgressPrinter progress(a.quiet);
      RunOptions options;
      options.on_progress = [&](const RunProgress& p) { progress(p); };
      sim = RunScenario(run_spec, options);
      progress.Done();
      if (!a.json && a.scenario.empty())
        std::cout << fmt::format(
            "simulated: {} of Poisson arrivals at {} rps, exponential durations (seed 1)\n",
            FormatSeconds(run_spec.duration.seconds()), Num(inputs[0].mean_rps));
    }

    if (a.json) {
      std::cout << "{\"functions\": [";
      for (size_t i = 0; i < inputs.size(); ++i)
        std::cout << (i ? ", " : "")
                  << RenderJson(inputs[i], outputs[i], sim ? &sim->functions[i] : nullptr);
      std::cout << "]}\n";
      return kExitOk;
    }
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (i) std::cout << "\n";
      PrintText(inputs[i], outputs[i]);
      if (sim) PrintSideBySide(outputs[i], sim->functions[i]);
    }
    return kExitOk;
  } catch (const UsageError& e) {
    std::cerr << "lambdasim size: " << e.what() << "\n";
    return kExitUsage;
  }
}

}  // namespace

void RegisterSizeCommands(CLI::App& app, Registry& registry) {
  auto a = std::make_shared<SizeArgs>();
  auto* size = app.add_subcommand(
      "size",
      "Size concurrency: Little's law, scaling ramp, quotas, Erlang B; or find the "
      "smallest knob value meeting SLOs");
  size->add_option("scenario", a->scenario,
                   "Scenario YAML file (otherwise use --rps and --duration)");
  auto* rps = size->add_option("--rps", a->rps, "Mean requests per second");
  auto* dur = size->add_option("--duration", a->duration, "Mean function duration, e.g. 500ms");
  size->add_option("--peak-rps", a->peak_rps, "Peak requests per second (default: --rps)");
  size->add_option("--reserved", a->reserved, "Reserved concurrency of the function");
  size->add_option("--account-limit", a->account_limit,
                   "Account concurrency quota (default: the platform's, 1000)");
  size->add_option("--platform", a->platform, "aws-2023 (default) or aws-2022");
  size->add_option("--region", a->region, "Region (aws-2022 burst size; default us-east-1)");
  size->add_option("--keep-alive", a->keep_alive,
                   "Idle keep-alive for the warm-pool model (default 10m)");
  size->add_option("--set", a->sets, "Override a scenario value: path=value (repeatable)");
  size->add_flag("--json", a->json, "Machine-readable output");
  size->add_flag("--simulate", a->simulate,
                 "Also simulate and print analytic and simulated values side by side");
  size->add_flag("--quiet,-q", a->quiet,
                 "No progress on stderr; no per-candidate lines with --for");
  size->add_option(
      "--for", a->knob,
      "SLO sizing: integer scenario path to size, e.g. functions.api.reserved_concurrency");
  size->add_option("--slo", a->slos, "SLO 'metric <= value' (repeatable; operators <=, <, >=, >)");
  size->add_option("--replications", a->replications, "Replications per candidate (default 5)");
  size->add_option("--lo", a->lo, "Lowest candidate (default 0)");
  size->add_option("--hi", a->hi,
                   "Highest candidate (default: doubling from --lo until the SLOs hold)");
  registry.Add(size, [a, rps, dur] { return CommandSize(*a, rps->count() > 0, dur->count() > 0); });
}

}  // namespace lambdasim::cli
