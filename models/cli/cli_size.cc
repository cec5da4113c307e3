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
#include "models/analysis/sizing_search.h"
#include "models/analysis/slo.h"
#include "models/cli/cli.h"

namespace lambdasim::cli {

namespace {

using analysis::SizingInput;
using analysis::SizingOutput;

std::string Num(double v) { return analysis::CompactNumber(v); }

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
      "\"rps_scaling_ramp_s\": {}, \"rps_scaling_ramp_throttles\": {}, "
      "\"scaling_rule\": \"{}\", "
      "\"capacity\": {}, \"reserved\": {}, \"account_limit\": {}, \"fits_concurrency\": {}, "
      "\"rps_limit\": {}, "
      "\"fits_rps\": {}, \"account_limit_needed\": {}, \"throttle_probability\": {}, "
      "\"cold_start_probability\": {}, \"warm_environments\": {}, \"warm_pool_method\": \"{}\"",
      in.name, JsonNum(in.mean_rps), JsonNum(in.peak_rps), JsonNum(in.mean_duration_s),
      JsonNum(o.conc_mean), JsonNum(o.conc_peak), JsonNum(o.ramp_s), JsonNum(o.rps_ramp_s),
      JsonNum(o.rps_ramp_throttles), in.scaling.description, o.capacity,
      in.reserved ? std::to_string(*in.reserved) : "null", in.account_limit, o.fits_concurrency,
      JsonNum(o.rps_limit), o.fits_rps, o.quota_needed, JsonNum(o.erlang_b),
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

// ---- SLO sizing ---------------------------------------------------------------------------

int CommandSizeSlo(const SizeArgs& a) {
  // The function the knob belongs to names the default SLO metric's function.
  std::string knob_function = analysis::KnobFunction(a.knob);
  const auto base_overrides = ParseOverrides(a.sets);
  ScenarioSpec base =
      LoadScenarioFile(a.scenario, base_overrides);  // ScenarioError → exit 2 in main
  if (knob_function.empty() && base.functions.size() == 1) knob_function = base.functions[0].name;
  analysis::SloSizingProblem problem;
  for (const auto& t : a.slos) problem.slos.push_back(analysis::ParseSlo(t, knob_function));
  if (a.replications < 2)
    throw UsageError("--replications must be at least 2 (for a confidence interval)");
  const std::vector<analysis::Slo>& slos = problem.slos;
  problem.replications = a.replications;
  problem.lo = a.lo.value_or(0);
  problem.hi = a.hi;
  problem.make_spec = [&](int64_t k) {
    auto overrides = base_overrides;
    overrides.push_back(Override{a.knob, std::to_string(k)});
    return LoadScenarioFile(a.scenario, overrides);
  };
  problem.run = [](const ScenarioSpec& spec) { return RunScenario(spec); };
  problem.on_candidate = [&](int64_t k, const analysis::Evaluation& e) {
    if (a.quiet) return;
    std::string line = fmt::format("  {} = {:<8}", a.knob, k);
    for (size_t i = 0; i < slos.size(); ++i)
      line += fmt::format("  {} {:.6g} ± {:.2g} {}", slos[i].metric, e.mean[i], e.half_width[i],
                          e.holds[i] ? "ok" : "FAIL");
    std::cout << line << "\n" << std::flush;
  };

  // Instant analytic estimate for the function named by the knob.
  std::cout << fmt::format(
      "sizing {} by bisection over replicated runs ({} replications each, common random numbers)\n",
      a.knob, a.replications);
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
      return kExitThreshold;
    case analysis::SearchOutcome::kNoneFound:
      std::cout << fmt::format("no value up to {} meets every SLO ({} runs)\n", found.hi, r.runs);
      return kExitThreshold;
    case analysis::SearchOutcome::kFound: break;
  }
  const int64_t hi = found.answer;
  const analysis::Evaluation& at = r.at;
  const analysis::Evaluation& below = r.below;
  std::cout << fmt::format("answer: {} = {}  ({}; {} runs)\n", a.knob, hi,
                           r.confident
                               ? "confident: every 95 % CI is on the good side at the answer "
                                 "and one is on the bad side one below"
                               : "not confident: a 95 % CI at the answer or one below "
                                 "straddles a threshold; more --replications would settle it",
                           r.runs);
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
      inputs = analysis::SizingInputsFromScenario(spec);
    } else {
      if (!rps_given || !duration_given)
        throw UsageError("need --rps and --duration (or a scenario file)");
      if (!(a.rps > 0) || !std::isfinite(a.rps)) throw UsageError("--rps must be positive");
      const auto profile = LookupPlatform(a.platform, a.region);
      if (!profile)
        throw UsageError(fmt::format("--platform '{}': expected aws-2023 or aws-2022", a.platform));
      analysis::FlagSizing flags;
      flags.rps = a.rps;
      flags.peak_rps = a.peak_rps;
      flags.mean_duration_s = ParseDurationSeconds(a.duration, "--duration");
      if (a.reserved >= 0) flags.reserved = a.reserved;
      flags.account_limit = a.account_limit;
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
