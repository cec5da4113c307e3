// `lambdasim diff` — compare two sets of runs (run directories, summary.json files, sweep
// outputs, `check --out` directories or directories of replications) metric by metric.
// Exit 0 when nothing regressed, 99 on a significant regression beyond tolerance (and, with
// --allow-incomplete, when an input is incomplete), 2 on broken or incomplete input, 1 on a
// bad command line. This file parses and prints; reading is models/analysis/run_inputs.h,
// judging models/analysis/diff.h (its rules 1–6).
#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>

#include <fmt/core.h>

#include "models/analysis/diff.h"
#include "models/analysis/run_inputs.h"
#include "models/cli/cli.h"
#include "models/spec/did_you_mean.h"

namespace lambdasim::cli {

namespace {

struct DiffArgs {
  std::string base;
  std::string next;
  std::vector<std::string> tolerances;
  double alpha = 0.05;
  double min_count = 0;
  bool all = false;
  bool allow_incomplete = false;
};

struct GroupPair {
  std::string key;
  const analysis::RunGroup* base = nullptr;
  const analysis::RunGroup* next = nullptr;
};

void PrintTable(const analysis::DiffResult& diff, bool tested) {
  const auto& rows = diff.rows;
  if (rows.empty()) {
    std::cout << "no metric moved\n";
    return;
  }
  if (!tested) {
    size_t w[4] = {6, 4, 3, 6};
    for (const auto& r : rows) {
      w[0] = std::max(w[0], r.metric.size());
      w[1] = std::max(w[1], r.base.size());
      w[2] = std::max(w[2], r.next.size());
      w[3] = std::max(w[3], r.change.size());
    }
    std::cout << fmt::format("{:<{}}  {:>{}}  {:>{}}  {:>{}}  {}\n", "metric", w[0], "base", w[1],
                             "new", w[2], "change", w[3], "verdict");
    for (const auto& r : rows)
      std::cout << fmt::format("{:<{}}  {:>{}}  {:>{}}  {:>{}}  {}\n", r.metric, w[0], r.base, w[1],
                               r.next, w[2], r.change, w[3], r.verdict_text);
    return;
  }
  auto p_text = [](double p) {
    return std::isnan(p) ? std::string("-") : fmt::format("{:.3g}", p);
  };
  size_t w[7] = {6, 9, 11, 8, 10, 6, 1};
  for (const auto& r : rows) {
    w[0] = std::max(w[0], r.metric.size());
    w[1] = std::max(w[1], r.base.size());
    w[2] = std::max(w[2], r.base_ci.size());
    w[3] = std::max(w[3], r.next.size());
    w[4] = std::max(w[4], r.next_ci.size());
    w[5] = std::max(w[5], r.change.size());
    w[6] = std::max(w[6], p_text(r.p).size());
  }
  std::cout << fmt::format("{:<{}}  {:>{}}  {:>{}}  {:>{}}  {:>{}}  {:>{}}  {:>{}}  {}\n", "metric",
                           w[0], "base mean", w[1], "base 95% CI", w[2], "new mean", w[3],
                           "new 95% CI", w[4], "change", w[5], "p", w[6], "verdict");
  for (const auto& r : rows)
    std::cout << fmt::format("{:<{}}  {:>{}}  {:>{}}  {:>{}}  {:>{}}  {:>{}}  {:>{}}  {}\n",
                             r.metric, w[0], r.base, w[1], r.base_ci, w[2], r.next, w[3], r.next_ci,
                             w[4], r.change, w[5], p_text(r.p), w[6], r.verdict_text);
}

int CommandDiff(const DiffArgs& args) {
  // CLI::Range lets NaN through (every comparison with NaN is false).
  if (!(args.alpha >= 1e-9 && args.alpha <= 0.5) ||
      !(args.min_count >= 0 && args.min_count <= 1e18)) {
    std::cerr << "lambdasim diff: --alpha must be in [1e-9, 0.5] and --min-count in [0, 1e18]\n";
    return kExitUsage;
  }
  analysis::DiffTolerances tolerances;
  tolerances.alpha = args.alpha;
  tolerances.min_count = args.min_count;
  for (const auto& t : args.tolerances) {
    if (!analysis::AddTolerance(t, &tolerances)) {
      std::cerr << "lambdasim diff: --tolerance wants metric=relative or metric=abs:N (e.g. "
                   "latency_p99_ms=0.1, errors=abs:10, functions.api.cost_usd=0.02, or "
                   "default=0.1), got '"
                << t << "'\n";
      return kExitUsage;
    }
  }
  analysis::RunInput base, next;
  try {
    base = analysis::ReadRunInput(args.base);
    next = analysis::ReadRunInput(args.next);
  } catch (const std::exception& e) {
    std::cerr << "lambdasim diff: " << e.what() << "\n";
    return kExitInvalidInput;
  }
  std::string incomplete;
  for (const auto* in : {&base, &next})
    if (!in->complete && incomplete.empty())
      incomplete = fmt::format("{} is incomplete: {}", in->path, in->incomplete_reason);
  if (!incomplete.empty() && !args.allow_incomplete) {
    std::cerr << "lambdasim diff: " << incomplete
              << "\n  an interrupted or partial run is no baseline: rerun it, or pass "
                 "--allow-incomplete to compare anyway (exit 99)\n";
    return kExitInvalidInput;
  }
  // Tolerances must name metrics that exist (a typo would silently loosen nothing).
  const FlatSummary& first = base.groups.front().runs.front();
  if (const auto unknown = analysis::UnknownTolerance(tolerances, first)) {
    std::cerr << "lambdasim diff: --tolerance: no metric '" << *unknown << "' in " << args.base
              << SuggestName(*unknown, analysis::ToleranceCandidates(first)) << "\n";
    return kExitUsage;
  }

  // Pair the groups: one against one whatever their names, else by name.
  std::vector<GroupPair> pairs;
  if (base.groups.size() == 1 && next.groups.size() == 1) {
    pairs.push_back({base.groups[0].key, &base.groups[0], &next.groups[0]});
    if (base.groups[0].key != next.groups[0].key)
      std::cout << fmt::format("note: comparing scenario '{}' with '{}'\n", base.groups[0].key,
                               next.groups[0].key);
  } else {
    std::map<std::string, const analysis::RunGroup*> by_key;
    for (const auto& g : next.groups) by_key[g.key] = &g;
    for (const auto& g : base.groups) {
      const auto it = by_key.find(g.key);
      if (it == by_key.end()) {
        std::cerr << fmt::format("lambdasim diff: '{}' is in {} but not in {}\n", g.key, args.base,
                                 args.next);
        return kExitInvalidInput;
      }
      pairs.push_back({g.key, &g, it->second});
      by_key.erase(it);
    }
    if (!by_key.empty()) {
      std::cerr << fmt::format("lambdasim diff: '{}' is in {} but not in {}\n",
                               by_key.begin()->first, args.next, args.base);
      return kExitInvalidInput;
    }
  }

  size_t regressions = 0, improvements = 0, consequences = 0;
  bool any_tested = false, any_untested = false;
  for (const auto& pair : pairs) {
    const size_t nb = pair.base->runs.size(), nn = pair.next->runs.size();
    const bool tested = nb >= 2 && nn >= 2;
    any_tested = any_tested || tested;
    any_untested = any_untested || !tested;
    if (pairs.size() > 1 || nb > 1 || nn > 1)
      std::cout << fmt::format("== {} ({} base run{}, {} new run{}) ==\n", pair.key, nb,
                               nb == 1 ? "" : "s", nn, nn == 1 ? "" : "s");
    const analysis::DiffResult diff =
        analysis::DiffRunSets(pair.base->runs, pair.next->runs, tolerances, args.all);
    PrintTable(diff, tested);
    regressions += diff.regressions;
    improvements += diff.improvements;
    consequences += diff.consequences;
  }
  std::cout << fmt::format("{} regression{}, {} improvement{} beyond tolerance (default {:g}%)",
                           regressions, regressions == 1 ? "" : "s", improvements,
                           improvements == 1 ? "" : "s", tolerances.default_relative * 100);
  if (consequences)
    std::cout << fmt::format("; {} change{} shown as consequences of more throttles", consequences,
                             consequences == 1 ? "" : "s");
  std::cout << "\n";
  if (any_tested)
    std::cout << fmt::format(
        "significance: Welch's two-sided t-test at alpha {:g} over the replications\n",
        tolerances.alpha);
  if (any_untested)
    std::cout << "note: a side with a single run cannot be tested for significance; the "
                 "tolerance alone decides (give both sides replications)\n";
  if (!incomplete.empty()) {
    std::cout << "INCOMPLETE: " << incomplete << "\n";
    std::cerr << "lambdasim diff: " << incomplete
              << " (compared because --allow-incomplete asked; exit 99)\n";
    return kExitThreshold;
  }
  return regressions ? kExitThreshold : kExitOk;
}

}  // namespace

void RegisterDiffCommands(CLI::App& app, Registry& registry) {
  auto dargs = std::make_shared<DiffArgs>();
  auto* diff = app.add_subcommand(
      "diff",
      "Compare two runs or sets of replications; exit 99 on a significant regression beyond "
      "tolerance");
  diff->add_option("base", dargs->base,
                   "Baseline: run directory, summary.json, sweep directory, or a directory of "
                   "run directories (check --out, replications)")
      ->required();
  diff->add_option("new", dargs->next, "New runs, in any of the same forms")->required();
  diff->add_option("--tolerance", dargs->tolerances,
                   "metric=relative or metric=abs:N (full path, bare key, or default=; default "
                   "0.05 relative) (repeatable)");
  diff->add_option("--alpha", dargs->alpha,
                   "Significance level of Welch's t-test when both sides have replications "
                   "(default 0.05)")
      ->check(CLI::Range(1e-9, 0.5));
  diff->add_option("--min-count", dargs->min_count,
                   "Ignore counts (and throttle/cold-start/error rates) whose count stays below "
                   "N on both sides (default 0: off)")
      ->check(CLI::Range(0.0, 1e18));
  diff->add_flag("--all", dargs->all, "List unchanged metrics too");
  diff->add_flag("--allow-incomplete", dargs->allow_incomplete,
                 "Compare an interrupted or partial input anyway, then exit 99 naming it");
  diff->footer(
      "Examples:\n"
      "  lambdasim diff out/before out/after\n"
      "  lambdasim diff out/before out/after --tolerance latency_p99_ms=0.1 --tolerance "
      "errors=abs:10\n"
      "  lambdasim diff sweep-before/ sweep-after/ --min-count 20   # replications: Welch's t\n");
  registry.Add(diff, [dargs] { return CommandDiff(*dargs); });
}

}  // namespace lambdasim::cli
