// models/load/load_calls.cc — a function's `calls:` list → FunctionSpec::calls, and the checks
// that need every function: each callee exists, the call graph has no cycle (a -> b -> a is
// refused at the `function:` that closes it, with the cycle named) and no chain is deeper
// than kMaxCallDepth calls (scenario_spec.h). A call with `map:` calls its item function
// (map.function) for these checks.
#include <algorithm>
#include <string>
#include <vector>

#include "models/load/scenario_walk.h"

namespace lambdasim::load {

void ParseCalls(Ctx& ctx, const Val& v, const PlatformLimits& lim, FunctionSpec& fn,
                FunctionExtras& extra) {
  ctx.Visit();
  if (!v.node.IsSequence()) {
    ctx.Error(v.path, v.mark(),
              "'calls' must be a list such as [ { function: backend, invocation: sync, after: "
              "100ms } ], got " +
                  TypeName(v.node));
    return;
  }
  const KeySection& keys = Keys("function.calls");
  size_t i = 0;
  for (const auto& item : v.node) {
    const size_t index = i++;
    const Val entry{item, v.path + "." + std::to_string(index),
                    "calls[" + std::to_string(index) + "]", v.key_mark};
    Fields cf(ctx, entry, keys.names);
    if (!cf.ok()) continue;
    CallSpec call;
    std::optional<Val> fe = cf.Get("function");
    if (auto me = cf.Get("map")) {  // a Step Functions Map state over `map.function`
      if (fe) {
        ctx.Error(fe->path, fe->mark(),
                  "'function' and 'map' exclude each other in a call (the Map names its item "
                  "function as map.function)");
        continue;
      }
      call.kind = CallKind::kMap;
      call.map = ParseMapSpec(ctx, *me, lim, &fe);
      if (!call.map) continue;
    } else {
      fe = cf.Require("function", "a function name (or `map:`)");
    }
    if (!fe) continue;
    auto name = Scalar(ctx, *fe, "a function name");
    if (!name) continue;
    call.function = *name;
    call.location = Loc(ctx, fe->mark());
    StoreKeys(ctx, cf, keys, call);  // invocation, after, probability
    if (auto re = cf.Get("retries")) ParseClient(ctx, *re, call.retries);
    fn.calls.push_back(std::move(call));
    extra.calls.push_back(*fe);
  }
}

namespace {

// The call graph's edges, f → callee indices, in list order (one per resolved call).
using Graph = std::vector<std::vector<size_t>>;

std::string ChainText(const ScenarioSpec& spec, const std::vector<size_t>& chain) {
  std::string out;
  for (size_t k = 0; k < chain.size(); ++k)
    out += (k ? " -> " : "") + spec.functions[chain[k]].name;
  return out;
}

// Depth-first search for back edges. color: 0 unseen, 1 on the stack, 2 done. Reports every
// call that closes a cycle once, naming the cycle from its first function back to it.
void FindCycles(Ctx& ctx, const ScenarioSpec& spec, const std::vector<FunctionExtras>& fx, size_t f,
                std::vector<int>& color, std::vector<size_t>& stack) {
  color[f] = 1;
  stack.push_back(f);
  const auto& calls = spec.functions[f].calls;
  for (size_t k = 0; k < calls.size(); ++k) {
    if (k >= fx[f].calls.size()) break;
    const size_t g = calls[k].function_index;
    if (color[g] == 1) {
      std::vector<size_t> cycle(std::find(stack.begin(), stack.end(), g), stack.end());
      cycle.push_back(g);
      const Val& where = fx[f].calls[k];
      ctx.Error(where.path, where.mark(),
                "call cycle: " + ChainText(spec, cycle) +
                    " (a function may not call itself, directly or through others)");
    } else if (color[g] == 0) {
      FindCycles(ctx, spec, fx, g, color, stack);
    }
  }
  stack.pop_back();
  color[f] = 2;
}

// Longest chain of calls starting at f (acyclic graph), memoised; next[f] is the callee on it.
int Depth(const ScenarioSpec& spec, size_t f, std::vector<int>& memo, std::vector<size_t>& next) {
  if (memo[f] >= 0) return memo[f];
  int best = 0;
  next[f] = f;
  for (const CallSpec& c : spec.functions[f].calls) {
    const int d = 1 + Depth(spec, c.function_index, memo, next);
    if (d > best) {
      best = d;
      next[f] = c.function_index;
    }
  }
  memo[f] = best;
  return best;
}

}  // namespace

void ResolveCalls(Ctx& ctx, ScenarioSpec& spec, const std::vector<FunctionExtras>& fx) {
  std::vector<std::string> names;
  for (const auto& fn : spec.functions) names.push_back(fn.name);
  bool any = false, resolved = true;
  for (size_t f = 0; f < spec.functions.size() && f < fx.size(); ++f) {
    auto& calls = spec.functions[f].calls;
    for (size_t k = 0; k < calls.size() && k < fx[f].calls.size(); ++k) {
      any = true;
      const auto index = ctx.FunctionIndex(spec.functions, calls[k].function);
      if (!index) {
        const Val& where = fx[f].calls[k];
        const std::string hint = DidYouMean(calls[k].function, names);
        ctx.Error(where.path, where.mark(),
                  "'function': no function named '" + calls[k].function + "'" +
                      (hint.empty() ? " (functions: " + JoinNames(names) + ")" : hint));
        resolved = false;
        continue;
      }
      calls[k].function_index = *index;
    }
  }
  if (!any || !resolved) return;
  const size_t n = spec.functions.size();
  std::vector<int> color(n, 0);
  std::vector<size_t> stack;
  const size_t errors = ctx.diagnostics().size();
  for (size_t f = 0; f < n; ++f)
    if (color[f] == 0) FindCycles(ctx, spec, fx, f, color, stack);
  if (ctx.diagnostics().size() != errors) return;  // depth is moot with a cycle
  std::vector<int> memo(n, -1);
  std::vector<size_t> next(n, 0);
  size_t deepest = 0;
  for (size_t f = 0; f < n; ++f)
    if (Depth(spec, f, memo, next) > memo[deepest]) deepest = f;
  if (memo[deepest] <= kMaxCallDepth) return;
  std::vector<size_t> chain{deepest};
  while (next[chain.back()] != chain.back()) chain.push_back(next[chain.back()]);
  const Val& where = fx[deepest].calls.front();
  ctx.Error(where.path, where.mark(),
            "call chain " + ChainText(spec, chain) + " is " + std::to_string(memo[deepest]) +
                " calls deep; at most " + std::to_string(kMaxCallDepth) + " are allowed");
}

}  // namespace lambdasim::load
