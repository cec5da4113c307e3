// models/load/scenario_loader.cc — YAML scenario → validated ScenarioSpec.
//
// The entry of the loader (models/load/ is the only folder that includes yaml-cpp). Structure:
//   1. read bytes (file checks: missing, directory, oversized, binary);
//   2. parse with yaml-cpp (syntax errors, nesting depth, multiple documents);
//   3. apply `--set` overrides to the tree;
//   4. walk the tree against the key table (key_table.h), collecting every problem as a
//      Diagnostic; each domain concept has its own file (scenario_walk.h lists them);
//   5. cross-field / account-level checks; throw one ScenarioError if anything failed.
// yaml-cpp's typed conversions (as<T>) are never used: every scalar is parsed here, so
// YAML 1.1 surprises (010 octal, 1e3 integers, .nan, yes/no) are caught with a message.
#include "models/load/scenario_loader.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "models/load/scenario_walk.h"
#include "models/spec/did_you_mean.h"
#include "sim/text.h"

namespace lambdasim {
namespace load {
namespace {

// ---------------------------------------------------------------------------------------
// Overrides
// ---------------------------------------------------------------------------------------

bool ParseIndex(const std::string& s, size_t* out) {
  if (!AllDigits(s) || s.size() > 9 || (s.size() > 1 && s[0] == '0')) return false;
  *out = static_cast<size_t>(std::strtoul(s.c_str(), nullptr, 10));
  return true;
}

void ApplyOverride(Ctx& ctx, YAML::Node& root, const Override& o) {
  const std::string text = o.path + "=" + o.value;
  const std::vector<std::string> parts = SplitPath(o.path);
  for (const auto& p : parts) {
    if (p.empty()) {
      ctx.SetError(text + ": path '" + o.path + "' has an empty component");
      return;
    }
  }
  YAML::Node value;
  // The same bounded pre-scan as a file: one document, no stray tags, bounded nodes.
  if (auto problem = PreScanYaml(o.value, "--set", "--set value")) {
    const std::string& m = problem->message;
    ctx.SetError(
        text + ": " +
        (m.rfind("YAML syntax error: ", 0) == 0 ? "value is not valid YAML: " + m.substr(19) : m));
    return;
  }
  try {
    value = YAML::Load(o.value);
  } catch (const YAML::Exception& e) {
    ctx.SetError(text + ": value is not valid YAML: " + e.msg);
    return;
  }
  YAML::Node cur;
  cur.reset(root);
  std::string walked;
  // The innermost container of the file on the path (nodes made here have no file position).
  YAML::Mark where = YAML::Mark::null_mark();
  bool in_file = true;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& key = parts[i];
    const bool last = i + 1 == parts.size();
    if (in_file && !cur.IsNull()) where = cur.Mark();
    if (cur.IsNull()) {  // `scaling:` with no value
      cur = YAML::Node(YAML::NodeType::Map);
      in_file = false;
    }
    if (cur.IsMap()) {
      if (last) {
        cur[key] = value;
      } else {
        YAML::Node next = cur[key];
        if (!next.IsDefined()) {
          next = YAML::Node(YAML::NodeType::Map);
          in_file = false;
        }
        cur.reset(next);
      }
    } else if (cur.IsSequence()) {
      size_t index = 0;
      if (!ParseIndex(key, &index)) {
        ctx.SetError(text + ": '" + (walked.empty() ? std::string("(top)") : walked) +
                     "' is a list; '" + key + "' is not an index");
        return;
      }
      if (index >= cur.size()) {
        // Where the list is in the file, which is what the index counts.
        const YAML::Mark m = cur.Mark();
        ctx.SetError(text + ": index " + key + " is out of range ('" + walked + "' has " +
                     std::to_string(cur.size()) + " entries)" +
                     (in_file && !m.is_null()
                          ? "; the list is at " + ctx.file() + ":" + std::to_string(m.line + 1) +
                                ":" + std::to_string(m.column + 1)
                          : std::string()));
        return;
      }
      if (last) {
        cur[index] = value;
      } else {
        YAML::Node next = cur[index];
        cur.reset(next);
      }
    } else {
      ctx.SetError(text + ": cannot set '" + key + "' inside '" + walked +
                   "', which is a single value, not a mapping");
      return;
    }
    walked = ChildPath(walked, key);
  }
  ctx.AddOverride(AppliedOverride{parts, text, where});
}

std::string StemOf(const std::string& label) {
  std::string stem = std::filesystem::path(label).stem().string();
  for (char& c : stem) {
    if (!ValidName(std::string(1, c), true)) c = '_';
  }
  if (stem.empty()) stem = "scenario";
  return stem;
}

void ParseScenario(Ctx& ctx, const YAML::Node& root, ScenarioSpec& spec, const std::string& label) {
  const KeySection& keys = Keys("scenario");
  const Val top{root, "", "scenario", root.Mark()};
  Fields f(ctx, top, keys.names);

  // name: `name:` or the file stem, under one rule (WhyNotRunName).
  if (auto e = f.Get("name")) {
    if (auto s = Scalar(ctx, *e, "a name")) {
      if (const std::string why = WhyNotRunName(*s); !why.empty())
        ctx.Error(e->path, e->mark(), "'name' = '" + *s + "' " + why);
      else
        spec.name = *s;
    }
  } else {
    spec.name = StemOf(label);
    if (const std::string why = WhyNotRunName(spec.name); !why.empty()) {
      ctx.Error(top.path, root.Mark(),
                "the scenario has no 'name', and the one taken from the file name, '" + spec.name +
                    "', " + why + "; add a 'name:' key");
    }
  }
  // duration, bucket
  StoreKeys(ctx, f, keys, spec);  // duration, seed
  if (auto e = f.Get("bucket")) {
    if (auto r = ReadKey(ctx, *e, keys.Get("bucket"))) {
      const sim::Duration x = r->duration;
      if (x > spec.duration)
        ctx.Error(e->path, e->mark(),
                  "'bucket' " + sim::FormatDuration(x) + " is longer than 'duration' " +
                      sim::FormatDuration(spec.duration));
      else
        spec.bucket = x;
    }
  }
  if (spec.bucket > spec.duration) spec.bucket = spec.duration;  // default 1m with a short horizon
  if (spec.duration.ns() / spec.bucket.ns() > kMaxBuckets) {
    const Val where =
        f.Get("bucket") ? *f.Get("bucket") : (f.Get("duration") ? *f.Get("duration") : top);
    ctx.Error(where.path, where.mark(),
              "duration / bucket = " + std::to_string(spec.duration.ns() / spec.bucket.ns()) +
                  " time-series buckets; at most " + std::to_string(kMaxBuckets) +
                  " (use a larger bucket)");
  }

  // platform + region
  if (auto e = f.Get("region")) {
    if (auto s = Scalar(ctx, *e, "a region name such as us-east-1")) {
      bool ok = !s->empty();
      for (char c : *s) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
      if (!ok)
        ctx.Error(e->path, e->mark(),
                  "'region' = '" + *s + "' is not a region name (e.g. us-east-1)");
      else
        spec.region = *s;
    }
  }
  std::string platform_name = "aws-2023";
  std::optional<Val> platform_v = f.Get("platform");
  if (platform_v) {
    if (auto s = Scalar(ctx, *platform_v, "a platform name")) platform_name = *s;
  }
  if (auto p = LookupPlatform(platform_name, spec.region)) {
    spec.platform = *p;
  } else {
    const std::vector<std::string> names = PlatformNames();
    ctx.Error(platform_v->path, platform_v->mark(),
              "unknown platform '" + platform_name + "'" + DidYouMean(platform_name, names) +
                  " (valid: " + JoinNames(names) + ")");
    spec.platform = *LookupPlatform("aws-2023", spec.region);
  }
  spec.scaling = ScalingFromProfile(spec.platform);
  spec.account.concurrency_limit = spec.platform.concurrency_limit;
  spec.account.unreserved_minimum = spec.platform.unreserved_minimum;

  if (auto e = f.Get("scaling")) {
    const KeySection& skeys = Keys("scaling");
    Fields sf(ctx, *e, skeys.names);
    if (sf.ok()) {
      StoreKeys(ctx, sf, skeys, spec.scaling);  // burst, rps_burst, refill_mode
      if (auto r = sf.Get("refill")) {
        if (auto x = ParseRefill(ctx, *r)) {
          spec.scaling.refill_count = x->first;
          spec.scaling.refill_period = x->second;
        }
      }
      if (auto r = sf.Get("rps_refill")) {
        if (auto x = ParseRefill(ctx, *r)) {
          spec.scaling.rps_refill_count = x->first;
          spec.scaling.rps_refill_period = x->second;
        }
      }
    }
    spec.platform.scaling_burst = spec.scaling.burst;
    spec.platform.scaling_refill_count = spec.scaling.refill_count;
    spec.platform.scaling_refill_period = spec.scaling.refill_period;
    spec.platform.scaling_rps_burst = spec.scaling.rps_burst;
    spec.platform.scaling_rps_refill_count = spec.scaling.rps_refill_count;
    spec.platform.scaling_rps_refill_period = spec.scaling.rps_refill_period;
    spec.platform.scaling_refill_mode = spec.scaling.refill_mode;
  }

  std::optional<Val> account_v = f.Get("account");
  if (account_v) {
    const KeySection& akeys = Keys("account");
    Fields af(ctx, *account_v, akeys.names);
    if (af.ok()) {
      StoreKeys(ctx, af, akeys, spec.account);  // concurrency_limit
      if (auto e = af.Get("unreserved_minimum")) {
        if (auto r = ReadKey(ctx, *e, akeys.Get("unreserved_minimum"))) {
          const int64_t x = r->integer;
          if (x > spec.account.concurrency_limit)
            ctx.Error(e->path, e->mark(),
                      "'unreserved_minimum' " + std::to_string(x) + " exceeds concurrency_limit " +
                          std::to_string(spec.account.concurrency_limit));
          else
            spec.account.unreserved_minimum = x;
        }
      }
    }
    spec.platform.concurrency_limit = spec.account.concurrency_limit;
    spec.platform.unreserved_minimum = spec.account.unreserved_minimum;
  }

  if (auto e = f.Get("pricing")) ParsePricing(ctx, *e, spec);
  spec.api_gateway = ApiGatewayThrottle::FromProfile(spec.platform);
  if (auto e = f.Get("api_gateway")) ParseApiGateway(ctx, *e, spec);

  // functions
  std::optional<Val> functions_v = f.Require("functions", "a mapping of function name to settings");
  std::vector<FunctionExtras> extras;
  if (functions_v) {
    Fields ff(ctx, *functions_v, {}, /*any_key=*/true);
    if (ff.ok() && ff.entries().empty())
      ctx.Error(functions_v->path, functions_v->mark(),
                "'functions' must define at least one function");
    for (const Val& fv : ff.entries()) {
      FunctionSpec fn;
      fn.name = fv.name;
      fn.location = Loc(ctx, fv.key_mark);
      if (!ValidName(fv.name, false))
        ctx.Error(fv.path, fv.key_mark,
                  "function name '" + fv.name + "' may contain only letters, digits, '_' and '-'");
      FunctionExtras extra{fv.key_mark, fv.path, 0, std::nullopt, fv.mark(), {}};
      ParseFunction(ctx, fv, spec, fn, extra);
      spec.functions.push_back(std::move(fn));
      extras.push_back(extra);
    }
  }

  // calls between functions (every function is known now)
  ResolveCalls(ctx, spec, extras);

  // fan-out topics (before traffic, which may publish to them)
  if (auto e = f.Get("fanout")) ParseFanout(ctx, *e, spec);

  // traffic
  if (auto tv = f.Require("traffic", "a list of traffic sources")) {
    ctx.Visit();
    if (!tv->node.IsSequence()) {
      ctx.Error(tv->path, tv->mark(),
                "'traffic' must be a list (entries start with '- function: ...'), got " +
                    TypeName(tv->node));
    } else if (tv->node.size() == 0) {
      ctx.Error(tv->path, tv->mark(), "'traffic' must have at least one entry");
    } else {
      size_t i = 0;
      std::vector<bool> has_duration;
      has_duration.reserve(extras.size());
      for (const auto& x : extras) has_duration.push_back(x.duration.has_value());
      std::vector<TrafficExtras> traffic_extras;
      for (const auto& item : tv->node) {
        const size_t index = i++;
        Val entry{item, tv->path + "." + std::to_string(index),
                  "traffic[" + std::to_string(index) + "]", tv->key_mark};
        TrafficSpec t;
        t.location = Loc(ctx, entry.mark());
        TrafficExtras te;
        ParseTraffic(ctx, entry, spec, has_duration, t, te);
        spec.traffic.push_back(std::move(t));
        traffic_extras.push_back(std::move(te));
      }
      CheckFunctionDurations(ctx, spec, extras, traffic_extras);
      ResolveTrafficLabels(ctx, spec, traffic_extras);
    }
  }

  if (auto e = f.Get("expect")) ParseExpect(ctx, *e, spec);

  // Account-level reservation rule (§1.4, §3).
  if (functions_v && !spec.functions.empty()) {
    int64_t total = 0;
    std::string reserved_terms, provisioned_terms;
    for (size_t i = 0; i < spec.functions.size(); ++i) {
      const FunctionSpec& fn = spec.functions[i];
      if (fn.reserved_concurrency) {
        total += *fn.reserved_concurrency;
        reserved_terms += (reserved_terms.empty() ? "" : " + ") +
                          std::to_string(*fn.reserved_concurrency) + " (" + fn.name + ")";
      } else if (extras[i].max_provisioned > 0) {
        total += extras[i].max_provisioned;
        provisioned_terms += (provisioned_terms.empty() ? "" : " + ") +
                             std::to_string(extras[i].max_provisioned) + " (" + fn.name + ")";
      }
    }
    const int64_t available = spec.account.concurrency_limit - spec.account.unreserved_minimum;
    if (total > available) {
      ctx.Error(
          functions_v->path, functions_v->key_mark,
          "reserved concurrency " + (reserved_terms.empty() ? std::string("0") : reserved_terms) +
              " + provisioned " +
              (provisioned_terms.empty() ? std::string("0") : provisioned_terms) + " = " +
              std::to_string(total) + " exceeds concurrency_limit " +
              std::to_string(spec.account.concurrency_limit) + " - unreserved_minimum " +
              std::to_string(spec.account.unreserved_minimum) + " = " + std::to_string(available));
    }
  }
}

ScenarioSpec LoadImpl(std::string_view text, const std::string& label,
                      const std::string& source_file, const std::vector<Override>& overrides) {
  Ctx ctx(label);
  auto fail = [&]() { throw ScenarioError(std::move(ctx.diagnostics())); };
  if (text.size() > kMaxFileBytes) {
    ctx.FileError("scenario is " + std::to_string(text.size()) + " bytes; the limit is 16 MiB");
    fail();
  }
  ScenarioSpec spec;
  spec.source_file = source_file;
  spec.source_text = std::string(text);
  for (const auto& o : overrides) spec.source_text += "\n#--set " + o.path + "=" + o.value;

  YAML::Node root;
  try {
    // Bounded first (no tree): a NUL byte, a second document, too many nodes, tags.
    if (auto problem = PreScanYaml(text, label, "scenario file")) {
      ctx.diagnostics().push_back(std::move(*problem));
      fail();
    }
    std::vector<YAML::Node> docs = YAML::LoadAll(std::string(text));
    if (docs.size() > 1) {
      ctx.FileError("scenario has " + std::to_string(docs.size()) +
                    " YAML documents ('---' separators); a scenario file holds exactly one");
      fail();
    }
    if (!docs.empty()) root = docs[0];
  } catch (const YAML::DeepRecursion& e) {
    Diagnostic d{label, 0, 0, "nesting deeper than 500 levels"};
    if (!e.mark.is_null()) {
      d.line = e.mark.line + 1;
      d.column = e.mark.column + 1;
    }
    ctx.diagnostics().push_back(d);
    fail();
  } catch (const YAML::ParserException& e) {
    Diagnostic d{label, 0, 0, "YAML syntax error: " + e.msg};
    if (!e.mark.is_null()) {
      d.line = e.mark.line + 1;
      d.column = e.mark.column + 1;
    }
    ctx.diagnostics().push_back(d);
    fail();
  } catch (const YAML::Exception& e) {
    ctx.FileError("cannot parse YAML: " + e.msg);
    fail();
  }
  if (!root.IsDefined() || root.IsNull()) {
    if (overrides.empty()) {
      ctx.FileError("scenario is empty (expected a mapping with at least functions: and traffic:)");
      fail();
    }
    root = YAML::Node(YAML::NodeType::Map);
  }
  if (!root.IsMap()) {
    Diagnostic d{label, 0, 0,
                 std::string("the top level of a scenario must be a mapping (name:, functions:, "
                             "traffic:, ...), got ") +
                     TypeName(root)};
    if (!root.Mark().is_null()) {
      d.line = root.Mark().line + 1;
      d.column = root.Mark().column + 1;
    }
    ctx.diagnostics().push_back(d);
    fail();
  }

  try {
    for (const auto& o : overrides) ApplyOverride(ctx, root, o);
    ParseScenario(ctx, root, spec, label);
  } catch (const BudgetExceeded&) {
    fail();
  } catch (const YAML::Exception& e) {
    ctx.FileError(std::string("internal YAML error: ") + e.what());
    fail();
  }
  if (ctx.failed()) fail();
  return spec;
}

}  // namespace
}  // namespace load

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

Override ParseOverride(std::string_view text) {
  const size_t eq = text.find('=');
  if (eq == std::string_view::npos) {
    throw ScenarioError({Diagnostic{
        "--set", 0, 0,
        "'" + std::string(text) + "': expected path=value (e.g. functions.api.memory_mb=1024)"}});
  }
  Override o{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
  o.path = std::string(sim::TrimBlanks(o.path));
  if (o.path.empty()) {
    throw ScenarioError(
        {Diagnostic{"--set", 0, 0, "'" + std::string(text) + "': empty path before '='"}});
  }
  for (const auto& part : load::SplitPath(o.path)) {
    if (part.empty())
      throw ScenarioError({Diagnostic{
          "--set", 0, 0,
          "'" + std::string(text) + "': path '" + o.path + "' has an empty component"}});
  }
  return o;
}

ScenarioSpec LoadScenarioString(std::string_view text, const std::string& file_label,
                                const std::vector<Override>& overrides,
                                const std::string& source_file) {
  return load::LoadImpl(text, file_label, source_file, overrides);
}

ScenarioSpec LoadScenarioFile(const std::string& path, const std::vector<Override>& overrides) {
  // The one input-file check (regular file, at most 16 MiB): models/spec/input_file.h.
  const std::string text = ReadInputFile(path, "scenario file", load::kMaxFileBytes);
  return load::LoadImpl(text, path, path, overrides);
}

}  // namespace lambdasim
