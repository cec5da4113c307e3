// models/load/load_traffic.cc — one `traffic:` entry → TrafficSpec: function or topic, the
// shape, client retries, traces, invocation type; and the check that every function has
// durations (its own or a trace's).
#include "models/load/scenario_walk.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "models/workload/trace_reader.h"

namespace lambdasim::load {

void ParseClient(Ctx& ctx, const Val& v, ClientSpec& c) {
  ctx.Visit();
  if (v.node.IsScalar()) {
    auto x = Enum(ctx, v, {"none", "sdk-standard"});  // the scalar forms (key table: client)
    if (!x) return;
    if (*x == "none") {
      c = ClientSpec{};
      c.policy = RetryPolicy::kNone;
      c.max_attempts = 1;
    } else {
      c.policy = RetryPolicy::kSdkStandard;
      c.max_attempts = 3;
      c.base = sim::Duration::Millis(100);
      c.cap = sim::Duration::Seconds(20);
    }
    return;
  }
  if (!v.node.IsMap()) {
    ctx.Error(
        v.path, v.mark(),
        "'client' must be none, sdk-standard or { max_attempts: 3, base: 100ms, cap: 20s }, got " +
            TypeName(v.node));
    return;
  }
  const KeySection& keys = Keys("traffic.client");
  Fields f(ctx, v, keys.names);
  if (!f.ok()) return;
  c.policy = RetryPolicy::kCustom;
  c.max_attempts = 3;
  c.base = sim::Duration::Millis(100);
  c.cap = sim::Duration::Seconds(20);
  f.Require("max_attempts");
  StoreKeys(ctx, f, keys, c);  // max_attempts
  sim::Duration base = c.base, cap = c.cap;
  bool ok = true;
  if (auto e = f.Get("base")) {
    auto r = ReadKey(ctx, *e, keys.Get("base"));
    ok = ok && r.has_value();
    if (r) base = r->duration;
  }
  if (auto e = f.Get("cap")) {
    auto r = ReadKey(ctx, *e, keys.Get("cap"));
    ok = ok && r.has_value();
    if (r) cap = r->duration;
  }
  if (!ok) return;
  if (cap < base) {
    ctx.Error(v.path, v.mark(),
              "'client': cap " + sim::FormatDuration(cap) + " is less than base " +
                  sim::FormatDuration(base));
    return;
  }
  c.base = base;
  c.cap = cap;
}

std::string ResolveInputPath(const ScenarioSpec& spec, const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  if (p.is_absolute() || spec.source_file.empty()) return p.lexically_normal().string();
  return (fs::path(spec.source_file).parent_path() / p).lexically_normal().string();
}

// trace: { format, file | invocations + durations, function, within_minute, offset, time_scale }
void ParseTrace(Ctx& ctx, const Val& v, const ScenarioSpec& spec,
                const std::vector<bool>& has_duration, TrafficSpec& t, TrafficExtras& extras) {
  const KeySection& keys = Keys("traffic.trace");
  Fields f(ctx, v, keys.names);
  if (!f.ok()) return;
  TraceSpec& tr = t.trace;
  auto fv = f.Require("format", "azure-2019, azure-2021 or csv");
  if (!fv) return;
  auto format_value = ReadKey(ctx, *fv, keys.Get("format"));
  if (!format_value) return;
  const std::optional<std::string> format = format_value->text;
  tr.format = *format == "azure-2019"   ? TraceFormat::kAzure2019
              : *format == "azure-2021" ? TraceFormat::kAzure2021
                                        : TraceFormat::kCsv;
  const bool a19 = tr.format == TraceFormat::kAzure2019;
  // Keys that belong to other formats.
  bool ok = true;
  for (const KeyDef& def : keys.keys) {
    if (auto e = f.Get(def.name); e && !KeyAppliesTo(def, *format)) {
      ctx.Error(e->path, e->key_mark,
                "'" + def.name + "' does not apply to trace format " + *format +
                    (a19 ? " (azure-2019 reads 'invocations' and 'durations')"
                     : tr.format == TraceFormat::kCsv
                         ? " (csv reads 'file'; its rows name their functions)"
                         : " (azure-2021 reads 'file')"));
      ok = false;
    }
  }
  auto path_of = [&](const Val& e) -> std::optional<std::string> {
    auto s = Scalar(ctx, e, "a file path");
    if (!s) return std::nullopt;
    const std::string resolved = ResolveInputPath(spec, *s);
    // The one input-file check (models/spec/input_file.h): a directory, a FIFO or a device
    // is named as such, not "not found".
    std::string why;
    const int fd = OpenInputFile(resolved, "trace file", kMaxTraceFileBytes, &why);
    if (fd < 0) {
      const std::string looked = resolved != *s ? " (looked for " + resolved + ")" : std::string();
      ctx.Error(e.path, e.mark(),
                "'" + e.name + "': trace file '" + *s + "' " +
                    (why == "no such file" ? "not found" + looked : why + looked));
      return std::nullopt;
    }
    ::close(fd);
    return resolved;
  };
  if (a19) {
    if (auto e = f.Require("invocations", "the per-minute invocation counts CSV")) {
      if (auto p = path_of(*e))
        tr.invocations_file = *p;
      else
        ok = false;
    }
    if (auto e = f.Get("durations")) {
      if (auto p = path_of(*e))
        tr.durations_file = *p;
      else
        ok = false;
    }
    if (auto e = f.Require("function", "a HashFunction or a 0-based row index")) {
      if (auto s = Scalar(ctx, *e, "a HashFunction or a row index"))
        tr.select = *s;
      else
        ok = false;
    }
    if (auto e = f.Get("within_minute"))
      if (auto x = ReadKey(ctx, *e, keys.Get("within_minute")))
        tr.within_minute_poisson = x->text == "poisson";
  } else {
    if (auto e = f.Require("file")) {
      if (auto p = path_of(*e))
        tr.file = *p;
      else
        ok = false;
    }
    if (auto e = f.Get("function"))
      if (auto s = Scalar(ctx, *e, "a func hash")) tr.select = *s;
    if (auto e = f.Get("app"))
      if (auto s = Scalar(ctx, *e, "an app hash")) tr.select_app = *s;
  }
  StoreKeys(ctx, f, keys, tr);  // offset, time_scale
  if (!ok || t.function.empty()) return;
  // Stream the whole file once: every row checked, row count and longest duration filled.
  TraceContext context;
  for (const auto& fn : spec.functions) context.function_names.push_back(fn.name);
  context.has_duration = has_duration;
  context.default_function = t.function_index;
  context.did_you_mean = [](const std::string& got, const std::vector<std::string>& names) {
    return DidYouMean(got, names);
  };
  TraceValidation result = ValidateTrace(tr, context);
  for (auto& d : result.errors) ctx.diagnostics().push_back(std::move(d));
  extras.covered = std::move(result.functions_covered);
  extras.duration = std::move(result.duration);
}

void ResolveTrafficFunction(Ctx& ctx, const Val& v, const ScenarioSpec& spec, TrafficSpec& t) {
  if (auto name = Scalar(ctx, v, "a function name")) {
    if (const auto i = ctx.FunctionIndex(spec.functions, *name)) {
      t.function = *name;
      t.function_index = *i;
    }
    if (t.function.empty()) {
      std::vector<std::string> names;
      for (const FunctionSpec& fn : spec.functions) names.push_back(fn.name);
      std::string msg = "'function': no function named '" + *name + "'";
      const std::string hint = DidYouMean(*name, names);
      msg += hint.empty() ? " (functions: " + JoinNames(names) + ")" : hint;
      ctx.Error(v.path, v.mark(), msg);
    }
  }
}

void ParseTraffic(Ctx& ctx, const Val& v, const ScenarioSpec& spec,
                  const std::vector<bool>& has_duration, TrafficSpec& t, TrafficExtras& extras) {
  const KeySection& keys = Keys("traffic");
  const std::vector<std::string>& kShapes = keys.exactly_one;
  Fields f(ctx, v, keys.names);
  if (!f.ok()) return;
  if (auto e = f.Get("label")) {
    if (auto s = Scalar(ctx, *e, "a label")) {
      if (!ValidName(*s, false))
        ctx.Error(e->path, e->mark(),
                  "label '" + *s + "' may contain only letters, digits, '_' and '-'");
      else
        t.label = *s;
      extras.label = e;
    }
  }
  const std::optional<Val> topic_v = f.Get("topic");
  if (topic_v) {
    if (auto name = Scalar(ctx, *topic_v, "a fan-out topic name")) {
      std::vector<std::string> names;
      for (size_t i = 0; i < spec.fanout.size(); ++i) {
        names.push_back(spec.fanout[i].name);
        if (spec.fanout[i].name == *name) t.topic_index = i;
      }
      if (!t.topic_index) {
        const std::string hint = DidYouMean(*name, names);
        ctx.Error(topic_v->path, topic_v->mark(),
                  "'topic': no fan-out topic named '" + *name + "'" +
                      (hint.empty() ? " (define it under the top-level 'fanout:' list)" : hint));
      } else if (!spec.fanout[*t.topic_index].targets.empty()) {
        // Traffic to a topic is accounted to its first target in per-source summaries.
        t.function = spec.fanout[*t.topic_index].targets[0].function;
        t.function_index = spec.fanout[*t.topic_index].targets[0].function_index;
      }
    }
    if (auto e = f.Get("function"))
      ctx.Error(e->path, e->key_mark,
                "'function' and 'topic' are exclusive: a topic delivers to its targets");
  }
  // `map:` — each arrival starts a Step Functions Map run; its `function` is the items'.
  const std::optional<Val> map_v = f.Get("map");
  if (map_v) {
    for (const char* other : {"function", "topic", "source", "invocation"})
      if (auto e = f.Get(other))
        ctx.Error(e->path, e->key_mark,
                  std::string("'") + other +
                      "' does not go with 'map': the Map state invokes map.function itself, "
                      "synchronously");
    if (!topic_v) ParseMap(ctx, *map_v, spec, t);
  }
  if (auto e = topic_v || map_v ? std::optional<Val>() : f.Require("function"))
    ResolveTrafficFunction(ctx, *e, spec, t);
  std::optional<Val> arrivals_v = f.Get("arrivals");
  StoreKeys(ctx, f, keys, t);  // arrivals, start
  if (auto e = f.Get("end")) {
    if (auto r = ReadKey(ctx, *e, keys.Get("end"))) {
      const std::optional<sim::Duration> x = r->duration;
      if (*x <= t.start)
        ctx.Error(e->path, e->mark(),
                  "'end' " + sim::FormatDuration(*x) + " must be after 'start' " +
                      sim::FormatDuration(t.start));
      else
        t.end = *x;
    }
  }
  const sim::Duration stop = t.end ? std::min(*t.end, spec.duration) : spec.duration;

  // Exactly one shape.
  std::vector<Val> shapes;
  for (const auto& key : kShapes)
    if (auto e = f.Get(key)) shapes.push_back(*e);
  if (shapes.empty()) {
    ctx.Error(v.path, v.mark(),
              "missing required key 'rate' (requests per second) in '" + v.name +
                  "', or another traffic shape: give exactly one of " + JoinNames(kShapes));
  } else if (shapes.size() > 1) {
    ctx.Error(shapes[1].path, shapes[1].key_mark,
              "'" + shapes[1].name + "' and '" + shapes[0].name +
                  "' are both given; a traffic entry has exactly one shape (use two entries to add "
                  "traffic up)");
  }
  const std::string shape = shapes.size() == 1 ? shapes[0].name : "";
  if (auto e = f.Get("repeat"); e && shape != "phases")
    ctx.Error(e->path, e->key_mark, "'repeat' goes with 'phases' only");
  if (auto e = f.Get("start_rate"); e && shape != "stages")
    ctx.Error(e->path, e->key_mark, "'start_rate' goes with 'stages' only");

  if (shape == "rate") {
    t.shape = ShapeKind::kConstant;
    if (auto x = ReadKey(ctx, shapes[0], keys.Get("rate"))) t.rate_per_s = x->number;
  } else if (shape == "phases") {
    t.shape = ShapeKind::kPiecewise;
    ParsePhases(ctx, shapes[0], f.Get("repeat"), t.start, stop, t);
  } else if (shape == "stages") {
    t.shape = ShapeKind::kPiecewise;
    ParseStages(ctx, shapes[0], f.Get("start_rate"), t.start, stop, t);
  } else if (shape == "spike") {
    t.shape = ShapeKind::kPiecewise;
    ParseSpike(ctx, shapes[0], t.start, stop, t);
  } else if (shape == "diurnal") {
    t.shape = ShapeKind::kDiurnal;
    ParseDiurnal(ctx, shapes[0], t);
  } else if (shape == "mmpp") {
    t.shape = ShapeKind::kMmpp;
    if (arrivals_v && t.arrivals == ArrivalKind::kUniform)
      ctx.Error(arrivals_v->path, arrivals_v->mark(),
                "'arrivals: uniform' is not defined for an MMPP: its state changes are random, so "
                "there is no "
                "deterministic spacing to follow (an MMPP is Poisson within each state; omit "
                "'arrivals' or write poisson)");
    ParseMmpp(ctx, shapes[0], t);
  } else if (shape == "trace") {
    t.shape = ShapeKind::kTrace;
    extras.is_trace = true;
    if (arrivals_v)
      ctx.Error(
          arrivals_v->path, arrivals_v->key_mark,
          "'arrivals' does not apply to a trace: the trace gives the request times (for "
          "azure-2019, "
          "choose how a minute's count is spread with trace.within_minute: uniform | poisson)");
    ParseTrace(ctx, shapes[0], spec, has_duration, t, extras);
  }

  if (auto e = f.Get("client")) ParseClient(ctx, *e, t.client);
  if (!t.function.empty() && t.function_index < spec.functions.size() &&
      spec.functions[t.function_index].invoked_async)
    t.invocation = InvocationType::kAsync;
  if (auto e = f.Get("invocation"))
    if (auto x = ReadKey(ctx, *e, keys.Get("invocation")))
      t.invocation = x->text == "async" ? InvocationType::kAsync : InvocationType::kSync;
  if (topic_v) t.invocation = InvocationType::kAsync;  // SNS / EventBridge invoke asynchronously
  if (auto e = f.Get("source")) {
    ParseEventSource(ctx, *e, spec, t);
    if (topic_v) ctx.Error(e->path, e->key_mark, "'source' and 'topic' are exclusive");
    if (auto inv = f.Get("invocation"); inv && t.source.type != SourceType::kDirect)
      ctx.Error(inv->path, inv->key_mark,
                "'invocation' does not apply to an event source mapping: pollers invoke the "
                "function synchronously");
  }
  ParseTrafficVia(ctx, f, spec, t);  // via, api_gateway_timeout, api_gateway_throttle
}

// A function's `duration:` is required unless traces supply every one of its requests'
// durations (azure-2019 with a durations file sets the distribution; azure-2021 and csv rows
// carry their own). An azure-2019 durations file overrides `duration:`.
void CheckFunctionDurations(Ctx& ctx, ScenarioSpec& spec, const std::vector<FunctionExtras>& fx,
                            const std::vector<TrafficExtras>& tx) {
  const size_t n = std::min(spec.functions.size(), fx.size());
  std::vector<bool> covered(n, false), demanded(n, false);
  for (size_t i = 0; i < tx.size() && i < spec.traffic.size(); ++i) {
    const TrafficSpec& t = spec.traffic[i];
    if (t.function.empty() || t.function_index >= n) continue;
    if (tx[i].duration) {
      spec.functions[t.function_index].duration = *tx[i].duration;
      covered[t.function_index] = true;
    }
    for (size_t f = 0; f < tx[i].covered.size() && f < n; ++f)
      if (tx[i].covered[f]) covered[f] = true;
    if (!tx[i].is_trace || (t.trace.format == TraceFormat::kAzure2019 && !tx[i].duration))
      demanded[t.function_index] = true;
  }
  for (size_t f = 0; f < n; ++f) {
    if (fx[f].duration || (covered[f] && !demanded[f])) continue;
    ctx.Error(
        fx[f].path, fx[f].value_mark,
        "missing required key 'duration' (invocation duration, e.g. { dist: exponential, mean: "
        "120ms }) in '" +
            spec.functions[f].name + "'" +
            (covered[f] ? " (a trace gives some of its durations, but not those of every request)"
                        : ""));
  }
}

// `label:` defaults to the function name, with "#k" for the k-th entry (k >= 2) of the same
// function (a topic entry counts as its first target's); labels must be unique.
void ResolveTrafficLabels(Ctx& ctx, ScenarioSpec& spec, const std::vector<TrafficExtras>& tx) {
  std::map<std::string, int> seen_per_function;
  for (TrafficSpec& t : spec.traffic) {
    const int k = ++seen_per_function[t.function];
    if (t.label.empty()) t.label = k == 1 ? t.function : t.function + "#" + std::to_string(k);
  }
  std::map<std::string, size_t> first;
  for (size_t i = 0; i < spec.traffic.size(); ++i) {
    const std::string& label = spec.traffic[i].label;
    auto [it, fresh] = first.emplace(label, i);
    if (fresh || label.empty()) continue;
    const size_t culprit = i < tx.size() && tx[i].label ? i : it->second;
    const std::string where = "traffic[" + std::to_string(culprit == i ? it->second : i) + "]";
    if (culprit < tx.size() && tx[culprit].label) {
      const Val& e = *tx[culprit].label;
      ctx.Error(e.path, e.mark(),
                "duplicate traffic label '" + label + "' (also the label of " + where +
                    "); labels name random streams and must be unique");
    } else {
      ctx.Error("traffic." + std::to_string(i), YAML::Mark::null_mark(),
                "duplicate traffic label '" + label + "' (traffic[" + std::to_string(it->second) +
                    "] and traffic[" + std::to_string(i) + "])");
    }
  }
}

}  // namespace lambdasim::load
