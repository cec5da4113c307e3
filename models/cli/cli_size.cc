// `lambdasim size` — the seed deck's sizing formula as a tool, plus SLO-driven sizing.
//
//   lambdasim size --rps 10000 --duration 500ms [--peak-rps N] [--reserved N] [--account-limit N]
//                  [--platform aws-2023|aws-2022] [--region R] [--keep-alive 10m] [--json]
//                  [--simulate]
//   lambdasim size SCENARIO.yaml [--set k=v ...] [--json] [--simulate]
//   lambdasim size SCENARIO.yaml --options [--function NAME]   (four-way options table)
//   lambdasim size SCENARIO.yaml --for functions.api.reserved_concurrency --slo 'throttle_rate <=
//   0.001'
//                  [--slo ...] [--replications 5] [--lo N] [--hi N]
//
// This file parses the command line and prints; the sizing itself is in models/analysis/
// (sizing.h: closed forms per function; slo.h: SLO parsing and confidence intervals;
// sizing_search.h: the knob search). Simulations go through LoadScenarioFile and
// RunScenario only (this file never reaches inside the model).
#include <cmath>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include <fmt/core.h>

#include "models/analysis/analytic.h"
#include "models/analysis/sizing.h"
#include "models/analysis/sizing_options.h"
#include "models/analysis/sizing_search.h"
#include "models/analysis/slo.h"
#include "models/cli/cli.h"
#include "models/run/resource_estimate.h"
#include "sim/interrupt.h"
#include "sim/time.h"

namespace lambdasim::cli {

namespace {

using analysis::SizingInput;
using analysis::SizingOutput;

std::string Num(double v) { return analysis::CompactNumber(v); }

// Numbers are kept as the flags' text and parsed by the shared strict parser (cli.h:
// CliNumber / CliInteger, the scenario rules), so `--reserved -1` or `--rps nan` are refused
// with exit 2 instead of wrapping or passing.
struct SizeArgs {
  std::string scenario;
  std::string rps;
  std::string duration;
  std::string peak_rps;
  std::string reserved;
  std::string account_limit;
  std::string platform = "aws-2023";
  std::string region = "us-east-1";
  std::string keep_alive;
  std::vector<std::string> sets;
  bool json = false;
  bool simulate = false;
  bool quiet = false;
  bool options = false;
  std::string option_function;
  std::string knob;
  std::vector<std::string> slos;
  std::string replications = "5";
  std::string lo, hi;
  std::string max_events = "2e9";
  std::string max_memory = "8G";
};

// The flags once parsed (CommandSize).
struct SizeNumbers {
  double rps = 0, peak_rps = 0, max_events = 0;
  std::optional<int64_t> reserved, lo, hi;
  int64_t account_limit = 0;
  int replications = 5;
};

[[noreturn]] void InputError(const std::string& flag, const std::string& message) {
  throw ScenarioError({Diagnostic{flag, 0, 0, message}});
}

SizeNumbers ParseSizeNumbers(const SizeArgs& a) {
  SizeNumbers n;
  // The scenario format's own limits (models/load/yaml_walk.h): rates up to 1e9/s,
  // concurrency limits up to 1e7.
  constexpr double kMaxRate = 1e9;
  constexpr int64_t kMaxConcurrency = 10000000;
  if (!a.rps.empty()) n.rps = CliNumber("--rps", a.rps, 0, kMaxRate);
  if (!a.peak_rps.empty()) n.peak_rps = CliNumber("--peak-rps", a.peak_rps, 0, kMaxRate);
  if (!a.reserved.empty()) n.reserved = CliInteger("--reserved", a.reserved, 0, kMaxConcurrency);
  if (!a.account_limit.empty())
    n.account_limit = CliInteger("--account-limit", a.account_limit, 1, kMaxConcurrency);
  n.replications = static_cast<int>(CliInteger("--replications", a.replications, 2, 10000));
  if (!a.lo.empty()) n.lo = CliInteger("--lo", a.lo, 0, kMaxConcurrency);
  if (!a.hi.empty()) n.hi = CliInteger("--hi", a.hi, 0, kMaxConcurrency);
  if (n.lo && n.hi && *n.hi <= *n.lo)
    InputError("--hi", fmt::format("--hi {} must be greater than --lo {}", *n.hi, *n.lo));
  n.max_events = CliNumber("--max-events", a.max_events, 1, 1e300);
  return n;
}

// `--for` names one integer setting by its key path (functions.api.reserved_concurrency,
// account.concurrency_limit): at least two non-empty dot-separated parts.
void CheckKnobPath(const std::string& knob) {
  const size_t dot = knob.find('.');
  bool ok = dot != std::string::npos && dot > 0 && knob.back() != '.' &&
            knob.find("..") == std::string::npos;
  if (!ok)
    InputError("--for", "'" + EscapeForTerminal(knob) +
                            "' is not a key path; give the integer setting to size, e.g. "
                            "functions.api.reserved_concurrency or account.concurrency_limit");
}

// The closed forms' resource guard (analysis::EstimateSizingCost), beside the simulation's
// (CheckResourceBudget): the same budgets and flags as `run`.
int CheckSizingBudget(const analysis::SizingCost& cost, double max_events,
                      const std::string& max_memory) {
  const auto memory = ParseByteSize(max_memory);
  if (!memory) {
    std::cerr << "lambdasim: --max-memory " << EscapeForTerminal(max_memory)
              << ": expected a size such as 512M, 4G or 8GiB\n";
    return kExitUsage;
  }
  std::string why;
  if (!(cost.work <= max_events))
    why += fmt::format(
        "  the closed forms would walk {:.3g} states, over the budget --max-events "
        "{:.3g}\n",
        cost.work, max_events);
  if (!(cost.bytes <= *memory))
    why += fmt::format(
        "  the closed forms would need {} of memory, over the budget --max-memory "
        "{}\n",
        FormatBytes(cost.bytes), FormatBytes(*memory));
  if (why.empty()) return kExitOk;
  std::cerr << "lambdasim size: refusing to compute:\n"
            << why
            << "  (the warm-pool model has about rps × duration states); a lower rate or a "
               "shorter duration shrinks it; to compute anyway raise --max-events / "
               "--max-memory\n";
  return kExitInvalidInput;
}

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "500ms", "1.5s", "2m", "100us": a positive duration under the scenario rules
// (sim::ParseDuration: a unit is required; no NaN, hex or exponent surprises). Exit 2 otherwise.
double ParseDurationSeconds(const std::string& text, const std::string& flag) {
  std::string why;
  const auto d = sim::ParseDuration(text, &why);
  if (!d) InputError(flag, "'" + EscapeForTerminal(text) + "': " + why);
  if (*d <= sim::Duration()) InputError(flag, "'" + EscapeForTerminal(text) + "' must be positive");
  return d->seconds();
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
  if (in.mean_init_s > 0 || in.has_fluid)
    line("with init time",
         fmt::format(
             "{} at peak  (rps × (duration + P(cold) {:.3g} × init {}))",
             Num(std::round(analytic::LittleConcurrency(
                                in.peak_rps, in.mean_duration_s +
                                                 o.warm.cold_start_probability * in.mean_init_s) *
                            10) /
                 10),
             o.warm.cold_start_probability, Ms(in.mean_init_s)));
  if (in.has_fluid) {
    line("ramp (fluid, from cold)",
         fmt::format("{} at the top rate, {} of them a cold-start wave (init + first "
                     "request); about {} as a run's maximum",
                     Num(std::round(in.fluid_peak)), Num(std::round(in.fluid_initializing_at_peak)),
                     Num(std::round(in.fluid_peak_with_noise))));
    line("other functions",
         fmt::format("{} concurrency at that moment, {} reserved; account peak about {} of {}",
                     Num(std::round(in.others_at_peak)), in.others_reserved,
                     Num(std::round(in.account_peak_with_noise)), in.account_limit));
  }
  line("scaling from cold",
       fmt::format("{} to reach {}  ({})", FormatSeconds(o.ramp_s),
                   Num(std::ceil(o.conc_peak - 1e-9)), in.scaling.description));
  if (in.scaling.rps_burst > 0)
    line(
        "rps scaling from cold",
        o.rps_ramp_s <= 0
            ? fmt::format("{} rps fits the {} rps available at once", Num(in.peak_rps),
                          Num(in.scaling.rps_burst))
            : fmt::format("{} to reach {} rps ({} at once + {}/s per function): about {} "
                          "requests throttled if the peak arrives from cold",
                          FormatSeconds(o.rps_ramp_s), Num(in.peak_rps), Num(in.scaling.rps_burst),
                          Num(in.scaling.rps_refill_per_s), Num(std::round(o.rps_ramp_throttles))));
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
  line("binding limit",
       fmt::format("{} — {}", analysis::BindingLimitName(o.binding), o.binding_detail));
  line("throttle probability", fmt::format("{:.6g}  (Erlang B, c = {}, load {} at peak)",
                                           o.erlang_b, o.capacity, Num(o.conc_peak)));
  line("cold-start probability",
       fmt::format("{:.3g}  (warm-pool model, keep-alive {}, {} warm environments; {})",
                   o.warm.cold_start_probability, FormatSeconds(in.keep_alive_s),
                   Num(std::round(o.warm.mean_environments * 10) / 10), o.warm.method));
  if (in.snapstart) line("snapstart", "cold starts are restores: init above is the mean restore");
  if (in.tenants > 0) {
    line("tenant isolation",
         fmt::format("{} tenants: P(cold) {:.3g} (e^(-rps × keep-alive / tenants), uniform)",
                     in.tenants, o.tenant_cold_probability));
    line("tenant environments",
         fmt::format("about {} alive of the {} allowed (2,500 per 1,000 concurrency): {}",
                     Num(std::round(o.tenant_environments)), in.tenant_environment_limit,
                     o.fits_tenant_environments ? "fits" : "EXCEEDED: new tenants are throttled"));
  }
}

std::string JsonNum(double v) { return std::isfinite(v) ? fmt::format("{}", v) : "null"; }

std::string RenderJson(const SizingInput& in, const SizingOutput& o, const FunctionSummary* sim) {
  std::string s = fmt::format(
      "{{\"function\": \"{}\", \"mean_rps\": {}, \"peak_rps\": {}, \"mean_duration_s\": {}, "
      "\"concurrency_mean\": {}, \"concurrency_peak\": {}, \"scaling_ramp_s\": {}, "
      "\"rps_scaling_ramp_s\": {}, \"rps_scaling_ramp_throttles\": {}, "
      "\"scaling_rule\": \"{}\", "
      "\"capacity\": {}, \"reserved\": {}, \"account_limit\": {}, \"fits_concurrency\": {}, "
      "\"rps_limit\": {}, "
      "\"fits_rps\": {}, \"account_limit_needed\": {}, \"throttle_probability\": {}, "
      "\"cold_start_probability\": {}, \"warm_environments\": {}, \"warm_pool_method\": \"{}\", "
      "\"mean_init_s\": {}, \"concurrency_needed\": {}, \"binding_limit\": \"{}\", "
      "\"binding_detail\": \"{}\"",
      in.name, JsonNum(in.mean_rps), JsonNum(in.peak_rps), JsonNum(in.mean_duration_s),
      JsonNum(o.conc_mean), JsonNum(o.conc_peak), JsonNum(o.ramp_s), JsonNum(o.rps_ramp_s),
      JsonNum(o.rps_ramp_throttles), in.scaling.description, o.capacity,
      in.reserved ? std::to_string(*in.reserved) : "null", in.account_limit, o.fits_concurrency,
      JsonNum(o.rps_limit), o.fits_rps, o.quota_needed, JsonNum(o.erlang_b),
      JsonNum(o.warm.cold_start_probability), JsonNum(o.warm.mean_environments), o.warm.method,
      JsonNum(in.mean_init_s), JsonNum(o.conc_needed), analysis::BindingLimitName(o.binding),
      o.binding_detail);
  if (in.has_fluid)
    s += fmt::format(
        ", \"fluid\": {{\"peak\": {}, \"peak_at_s\": {}, \"initializing_at_peak\": {}, "
        "\"peak_with_noise\": {}, \"scaling_throttles\": {}, \"others_at_peak\": {}, "
        "\"others_reserved\": {}, \"account_peak_with_noise\": {}}}",
        JsonNum(in.fluid_peak), JsonNum(in.fluid_peak_at_s), JsonNum(in.fluid_initializing_at_peak),
        JsonNum(in.fluid_peak_with_noise), JsonNum(in.fluid_scaling_throttles),
        JsonNum(in.others_at_peak), in.others_reserved, JsonNum(in.account_peak_with_noise));
  if (sim)
    s += fmt::format(
        ", \"simulated\": {{\"concurrency_mean\": {}, \"concurrency_max\": {}, \"throttle_rate\": "
        "{}, "
        "\"cold_start_rate\": {}}}",
        JsonNum(sim->concurrency_mean), sim->concurrency_max, JsonNum(sim->throttle_rate),
        JsonNum(sim->cold_start_rate));
  return s + "}";
}

// at_peak: the run simulated the peak rate (flag mode with --peak-rps), so the analytic
// column is at the peak too.
void PrintSideBySide(const SizingOutput& o, const FunctionSummary& s, bool at_peak) {
  std::cout << fmt::format("  {:<24} {:>14} {:>14}\n", "side by side", "analytic", "simulated");
  auto row = [](const std::string& k, const std::string& a, const std::string& b) {
    std::cout << fmt::format("  {:<24} {:>14} {:>14}\n", k, a, b);
  };
  const double carried = at_peak ? o.conc_peak * (1 - o.erlang_b) : o.carried_mean;
  row("concurrency mean", Num(std::round(carried * 100) / 100),
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

// ---- options table ----------------------------------------------------------------------

void PrintOptions(const SizeArgs& a, const ScenarioSpec& spec, const std::vector<SizingInput>& in,
                  const std::vector<SizingOutput>& out) {
  size_t fi = 0;
  if (!a.option_function.empty()) {
    fi = spec.functions.size();
    for (size_t i = 0; i < spec.functions.size(); ++i)
      if (spec.functions[i].name == a.option_function) fi = i;
    if (fi == spec.functions.size())
      throw UsageError(fmt::format("--function '{}': no such function", a.option_function));
  } else {
    for (size_t i = 1; i < out.size(); ++i)
      if (out[i].conc_needed > out[fi].conc_needed) fi = i;
  }
  const auto level = static_cast<int64_t>(std::ceil(out[fi].conc_needed - 1e-9));
  const int64_t allowed = analysis::AccountAllowsFor(spec, fi);
  std::cout << fmt::format(
      "\noptions for {} (one run each of the scenario, {}, seed {}; level {} = the closed form's "
      "concurrency needed{})\n",
      in[fi].name, FormatSeconds(spec.duration.seconds()), spec.seed, std::min(level, allowed),
      level > allowed ? fmt::format(", capped at the {} the account allows", allowed) : "");
  const auto options = analysis::SizingOptionSpecs(spec, fi, level);
  ProgressPrinter progress(a.quiet);
  const auto rows = analysis::RunSizingOptions(options, fi, [&](const ScenarioSpec& s) {
    RunOptions ro;
    ro.on_progress = [&](const RunProgress& p) { progress(p); };
    ro.interrupt = InterruptFlag();
    RunResult r = RunScenario(s, ro);
    progress.Done();
    return r;
  });
  std::cout << fmt::format("  {:<22} {:>10} {:>11} {:>9} {:>12} {:>12}  {}\n", "option",
                           "throttles", "cold starts", "p99 ms", "$/mo (fn)", "$/mo (acct)",
                           "setting");
  for (const auto& r : rows)
    std::cout << fmt::format("  {:<22} {:>10} {:>11} {:>9} {:>12} {:>12}  {}\n", r.name,
                             r.throttles, r.cold_starts, Num(std::round(r.p99_ms)),
                             fmt::format("{:.0f}", r.monthly_cost_usd),
                             fmt::format("{:.0f}", r.account_monthly_cost_usd), r.setting);
  std::cout << "  (monthly: the run's cost × 720 h / simulated hours; every run starts cold, so "
               "cold starts and throttles at t = 0 appear in each row)\n";
}

// ---- SLO sizing ---------------------------------------------------------------------------

int CommandSizeSlo(const SizeArgs& a, const SizeNumbers& n) {
  // The function the knob belongs to names the default SLO metric's function.
  std::string knob_function = analysis::KnobFunction(a.knob);
  const auto base_overrides = ParseOverrides(a.sets);
  ScenarioSpec base =
      LoadScenarioFile(a.scenario, base_overrides);  // ScenarioError → exit 2 in main
  if (knob_function.empty() && base.functions.size() == 1) knob_function = base.functions[0].name;
  analysis::SloSizingProblem problem;
  for (const auto& t : a.slos) problem.slos.push_back(analysis::ParseSlo(t, knob_function));
  if (const int rc =
          CheckSizingBudget(analysis::EstimateSizingCost(base), n.max_events, a.max_memory);
      rc != kExitOk)
    return rc;
  if (const int rc = CheckResourceBudget(base, a.scenario, n.max_events, a.max_memory, "size");
      rc != kExitOk)
    return rc;
  const std::vector<analysis::Slo>& slos = problem.slos;
  problem.replications = n.replications;
  problem.lo = n.lo.value_or(0);
  problem.hi = n.hi;
  problem.make_spec = [&](int64_t k) {
    auto overrides = base_overrides;
    overrides.push_back(Override{a.knob, std::to_string(k)});
    return LoadScenarioFile(a.scenario, overrides);
  };
  problem.run = [](const ScenarioSpec& spec) {
    RunOptions ro;
    ro.interrupt = InterruptFlag();  // an interrupted run ends early; the search then stops
    return RunScenario(spec, ro);
  };
  problem.on_candidate = [&](int64_t k, const analysis::Evaluation& e) {
    if (a.quiet) return;
    std::string line = fmt::format("  {} = {:<8}", a.knob, k);
    for (size_t i = 0; i < slos.size(); ++i)
      line += fmt::format("  {} {:.6g} [{:.3g}, {:.3g}] {}", slos[i].metric, e.mean[i], e.lo[i],
                          e.hi[i], e.holds[i] ? "ok" : "FAIL");
    std::cout << line << "\n" << std::flush;
  };

  // Instant analytic estimate for the function named by the knob.
  std::cout << fmt::format(
      "sizing {} by bisection over replicated runs ({} replications each, common random numbers)\n",
      a.knob, n.replications);
  std::cout << "assumes every SLO gets easier as the knob grows (monotone); the answer is the "
               "smallest integer that "
               "meets all of them on the replication mean\n";
  std::string analytic_line;
  for (const auto& in : analysis::SizingInputsFromScenario(base)) {
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

  // Which throttle reasons drive the SLO at the current value, and can the knob move them?
  const std::string field = a.knob.substr(a.knob.rfind('.') + 1);
  const bool reserved_knob = field == "reserved_concurrency" && !knob_function.empty();
  const bool account_knob = a.knob == "account.concurrency_limit";
  size_t fi = base.functions.size();
  for (size_t i = 0; i < base.functions.size(); ++i)
    if (base.functions[i].name == knob_function) fi = i;
  auto reasons_line = [&](const FunctionSummary& f) {
    std::string out = fmt::format("{} throttles of {} requests", f.throttles, f.requests);
    for (size_t r = 0; r < static_cast<size_t>(kThrottleReasonCount); ++r)
      if (f.throttles_by_reason[r])
        out += fmt::format("; {} {} ({:.0f} %)", kThrottleReasonNames[r], f.throttles_by_reason[r],
                           100.0 * static_cast<double>(f.throttles_by_reason[r]) /
                               static_cast<double>(std::max<uint64_t>(1, f.throttles)));
    return out;
  };
  if ((reserved_knob || account_knob) && fi < base.functions.size()) {
    const RunResult now = problem.run(base);
    sim::ThrowIfInterrupted();
    const FunctionSummary& f = now.functions[fi];
    std::cout << fmt::format("at the current value: {}\n", reasons_line(f));
    // Throttles the knob cannot move: the scaling rate for both knobs; a reservation for the
    // account limit.
    const double fixed =
        static_cast<double>(f.throttles_by_reason[static_cast<int>(ThrottleReason::kScalingRate)]) +
        (account_knob
             ? static_cast<double>(
                   f.throttles_by_reason[static_cast<int>(ThrottleReason::kReservedConcurrency)])
             : 0.0);
    for (const auto& slo : slos) {
      if (slo.account || slo.function != knob_function || !slo.LowerIsBetter()) continue;
      double floor_value = -1;
      if (slo.metric == "throttle_rate")
        floor_value = fixed / static_cast<double>(std::max<uint64_t>(1, f.requests));
      else if (slo.metric == "throttles")
        floor_value = fixed;
      else if (slo.metric == "throttles_scaling_rate")
        floor_value = static_cast<double>(
            f.throttles_by_reason[static_cast<int>(ThrottleReason::kScalingRate)]);
      if (floor_value < 0 || slo.Holds(floor_value)) continue;
      std::cout << fmt::format(
          "cannot meet '{}' with {}: the throttles it cannot move alone give {} = {:.6g} "
          "(scaling-rate throttles are new environments the platform will not create yet, "
          "whatever the concurrency cap). Provisioned concurrency (functions.{}.provisioned_"
          "concurrency) or a warm-up before the measured period removes them; size that "
          "instead.\n",
          slo.text, a.knob, slo.metric, floor_value, knob_function);
      return kExitThreshold;
    }
  }
  // The largest value the account allows: a reservation leaves the unreserved minimum and the
  // other functions' reservations.
  if (reserved_knob && fi < base.functions.size()) {
    int64_t others = 0;
    for (size_t i = 0; i < base.functions.size(); ++i)
      if (i != fi && base.functions[i].reserved_concurrency)
        others += *base.functions[i].reserved_concurrency;
    const int64_t cap = base.account.concurrency_limit - base.account.unreserved_minimum - others;
    if (!problem.hi || *problem.hi > cap) {
      std::cout << fmt::format(
          "searching up to {} (account limit {} − unreserved minimum {} − others' reservations "
          "{})\n",
          cap, base.account.concurrency_limit, base.account.unreserved_minimum, others);
      problem.hi = cap;
    }
  }
  auto explain_at = [&](int64_t k) {
    if (fi >= base.functions.size()) return;
    ScenarioSpec spec = problem.make_spec(k);
    const RunResult res = problem.run(spec);
    sim::ThrowIfInterrupted();
    std::cout << fmt::format("  at {} = {}: {}\n", a.knob, k, reasons_line(res.functions[fi]));
  };

  const analysis::SloSizingResult r = analysis::SizeForSlos(problem);
  const analysis::SearchResult& found = r.search;
  switch (found.outcome) {
    case analysis::SearchOutcome::kLowerBoundPasses:
      std::cout << fmt::format("answer: {} = {} (the lower bound already meets every SLO)\n",
                               a.knob, found.answer);
      return kExitOk;
    case analysis::SearchOutcome::kEmptyRange: throw UsageError("--hi must be greater than --lo");
    case analysis::SearchOutcome::kNoneInRange:
      std::cout << fmt::format("no value in [{}, {}] meets every SLO ({} runs)\n", found.lo,
                               found.hi, r.runs);
      explain_at(found.hi);
      return kExitThreshold;
    case analysis::SearchOutcome::kNoneFound:
      std::cout << fmt::format("no value up to {} meets every SLO ({} runs)\n", found.hi, r.runs);
      explain_at(found.hi);
      return kExitThreshold;
    case analysis::SearchOutcome::kFound: break;
  }
  const int64_t hi = found.answer;
  const analysis::Evaluation& at = r.at;
  const analysis::Evaluation& below = r.below;
  if (!r.confident) {
    std::cout << fmt::format(
        "answer: {} between {} and {}{} — the 95 % intervals straddle the threshold in between "
        "(bisection's point estimate {}; more --replications narrow it; {} runs)\n",
        a.knob, r.interval_lo, r.interval_hi, r.interval_settled ? "" : " (edge not settled)", hi,
        r.runs);
  } else
    std::cout << fmt::format("answer: {} = {}  ({}; {} runs)\n", a.knob, hi,
                             r.confident
                                 ? "confident: every 95 % CI is on the good side at the answer "
                                   "and one is on the bad side one below"
                                 : "not confident: a 95 % CI at the answer or one below "
                                   "straddles a threshold; more --replications would settle it",
                             r.runs);
  for (size_t i = 0; i < slos.size(); ++i)
    std::cout << fmt::format(
        "  {:<32} {:.6g} [{:.3g}, {:.3g}] at {}, {:.6g} [{:.3g}, {:.3g}] at {}\n", slos[i].text,
        at.mean[i], at.lo[i], at.hi[i], hi, below.mean[i], below.lo[i], below.hi[i], hi - 1);
  if (!analytic_line.empty()) std::cout << "  " << analytic_line << "\n";
  return kExitOk;
}

int CommandSize(SizeArgs a, bool rps_given, bool duration_given) {
  // Sizing searches and their simulations poll the interrupt flag (sim/interrupt.h): SIGINT
  // and SIGTERM end `size` with exit 130 ("interrupted", main.cc) within about a second.
  InstallSignalHandlers();
  try {
    const SizeNumbers n = ParseSizeNumbers(a);
    if (!a.knob.empty()) CheckKnobPath(a.knob);
    if (!a.knob.empty() || !a.slos.empty()) {
      if (a.knob.empty() || a.slos.empty()) throw UsageError("--for and --slo go together");
      if (a.scenario.empty()) throw UsageError("--for/--slo need a scenario file");
      if (a.simulate || a.json)
        throw UsageError("--for/--slo cannot be combined with --simulate or --json");
      return CommandSizeSlo(a, n);
    }
    std::vector<SizingInput> inputs;
    ScenarioSpec spec;
    if (!a.scenario.empty()) {
      if (rps_given || duration_given)
        throw UsageError("give either a scenario or --rps/--duration, not both");
      if (a.options && a.json) throw UsageError("--options prints a table; drop --json");
      spec = LoadScenarioFile(a.scenario, ParseOverrides(a.sets));
      if (const int rc =
              CheckSizingBudget(analysis::EstimateSizingCost(spec), n.max_events, a.max_memory);
          rc != kExitOk)
        return rc;
      if (a.simulate || a.options) {
        if (const int rc =
                CheckResourceBudget(spec, a.scenario, n.max_events, a.max_memory, "size");
            rc != kExitOk)
          return rc;
      }
      inputs = analysis::SizingInputsFromScenario(spec);
    } else {
      if (a.options) throw UsageError("--options needs a scenario file");
      if (!rps_given || !duration_given)
        throw UsageError("need --rps and --duration (or a scenario file)");
      if (!(n.rps > 0)) InputError("--rps", "--rps must be positive");
      const auto profile = LookupPlatform(a.platform, a.region);
      if (!profile)
        throw UsageError(fmt::format("--platform '{}': expected aws-2023 or aws-2022", a.platform));
      analysis::FlagSizing flags;
      flags.rps = n.rps;
      flags.peak_rps = n.peak_rps;
      flags.mean_duration_s = ParseDurationSeconds(a.duration, "--duration");
      flags.reserved = n.reserved;
      flags.account_limit = n.account_limit;
      if (const int rc = CheckSizingBudget(
              analysis::EstimateSizingCost(n.rps, n.peak_rps, flags.mean_duration_s), n.max_events,
              a.max_memory);
          rc != kExitOk)
        return rc;
      if (!a.keep_alive.empty())
        flags.keep_alive_s = ParseDurationSeconds(a.keep_alive, "--keep-alive");
      flags.platform = a.platform;
      flags.region = a.region;
      const SizingInput in = analysis::SizingInputFromFlags(flags, *profile);
      if (in.reserved && *in.reserved > in.account_limit - in.unreserved_minimum)
        std::cerr << fmt::format(
            "lambdasim: note: reserving {} needs an account limit of at least {} (unreserved "
            "minimum {})\n",
            *in.reserved, *in.reserved + in.unreserved_minimum, in.unreserved_minimum);
      inputs.push_back(in);
    }
    std::vector<SizingOutput> outputs;
    outputs.reserve(inputs.size());
    for (const auto& in : inputs) outputs.push_back(analysis::ComputeSizing(in));

    std::optional<RunResult> sim;
    std::vector<size_t> sim_index(inputs.size(), 0);
    if (a.simulate) {
      const ScenarioSpec run_spec =
          a.scenario.empty()
              ? analysis::SizingScenario(inputs[0], outputs[0],
                                         *LookupPlatform(a.platform, a.region), a.region)
              : spec;
      if (a.scenario.empty()) {
        if (const int rc = CheckResourceBudget(run_spec, "size --simulate", n.max_events,
                                               a.max_memory, "size");
            rc != kExitOk)
          return rc;
      }
      ProgressPrinter progress(a.quiet);
      RunOptions options;
      options.on_progress = [&](const RunProgress& p) { progress(p); };
      options.interrupt = InterruptFlag();
      sim = RunScenario(run_spec, options);
      progress.Done();
      sim::ThrowIfInterrupted();  // an interrupted run is incomplete: print nothing from it
      if (!a.json && a.scenario.empty())
        std::cout << fmt::format(
            "simulated: {} of Poisson arrivals at {} rps (the peak when --peak-rps is given), "
            "exponential durations (seed 1)\n",
            FormatSeconds(run_spec.duration.seconds()),
            Num(std::max(inputs[0].peak_rps, inputs[0].mean_rps)));
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
      if (sim)
        PrintSideBySide(outputs[i], sim->functions[i],
                        a.scenario.empty() && inputs[i].peak_rps > inputs[i].mean_rps);
    }
    if (a.options) PrintOptions(a, spec, inputs, outputs);
    return kExitOk;
  } catch (const UsageError& e) {
    std::cerr << "lambdasim size: " << e.what() << "\n";
    return kExitUsage;
  } catch (const analysis::SloError& e) {
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
  size->add_flag("--options", a->options,
                 "Scenario input: also run the options table (on-demand, reserved, provisioned "
                 "always on, provisioned around the peak)");
  size->add_option("--function", a->option_function,
                   "Function for --options (default: the one needing the most concurrency)");
  size->add_flag("--quiet,-q", a->quiet,
                 "No progress on stderr; no per-candidate lines with --for");
  size->add_option(
      "--for", a->knob,
      "SLO sizing: integer scenario path to size, e.g. functions.api.reserved_concurrency");
  size->add_option("--slo", a->slos, "SLO 'metric <= value' (repeatable; operators <=, <, >=, >)");
  size->add_option("--replications", a->replications, "Replications per candidate (default 5)");
  size->add_option("--lo", a->lo, "Lowest candidate (default 0)");
  size->add_option("--max-events", a->max_events,
                   "Refuse work estimated above this many simulation events or model states "
                   "(default 2e9)");
  size->add_option("--max-memory", a->max_memory,
                   "Refuse work estimated to need more memory, e.g. 512M, 4G (default 8G)");
  size->add_option("--hi", a->hi,
                   "Highest candidate (default: doubling from --lo until the SLOs hold)");
  size->footer(
      "Examples:\n"
      "  lambdasim size --rps 1200 --duration 180ms\n"
      "  lambdasim size scenarios/flash_sale.yaml --options\n"
      "  lambdasim size scenarios/quickstart.yaml --for functions.api.reserved_concurrency "
      "--slo 'throttle_rate <= 0.001'\n");
  registry.Add(size, [a, rps, dur] { return CommandSize(*a, rps->count() > 0, dur->count() > 0); });
}

}  // namespace lambdasim::cli
