// models/load/sweep_loader.cc — sweep YAML → SweepSpec (loader code: may include yaml-cpp).
//
// The scenario loader's YAML walk (yaml_walk.h: key checking with "did you mean", duplicate
// keys, YAML 1.1-strict numbers), so the same strictness and messages: every problem at once,
// each as file:line:col. Values under `vary:` are kept as YAML text and validated later, exactly as
// `--set` values, against the base scenario (PrepareSweep in sweep.cc).
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "models/load/sweep_loader.h"
#include "models/load/yaml_walk.h"

namespace lambdasim {
namespace {

constexpr size_t kMaxRuns = 10'000'000;
constexpr int64_t kMaxRangeSteps = 100'000;

using load::Ctx;
using load::Fields;
using load::Val;

std::string Describe(const YAML::Node& n) { return load::TypeName(n); }

// Text for a generated range value: integers stay integers; otherwise the shortest text
// that reads back as the same double.
std::string RangeValueText(double v) {
  if (v == std::floor(v) && std::fabs(v) < 9.007199254740992e15)
    return fmt::format("{}", static_cast<int64_t>(v));
  return fmt::format("{}", v);
}

std::string FlowText(const YAML::Node& n) {
  YAML::Emitter e;
  e.SetMapFormat(YAML::Flow);
  e.SetSeqFormat(YAML::Flow);
  e << n;
  return e.c_str();
}

void ParseAxis(Ctx& ctx, const Val& entry, SweepAxis& axis) {
  const YAML::Node& value = entry.node;
  axis.path = entry.name;
  axis.location = load::Loc(ctx, entry.key_mark);
  bool path_ok = !axis.path.empty();
  for (size_t i = 0, start = 0; i <= axis.path.size(); ++i) {
    if (i == axis.path.size() || axis.path[i] == '.') {
      if (i == start) path_ok = false;
      start = i + 1;
    }
  }
  if (!path_ok) {
    ctx.Error(
        entry.path, entry.key_mark,
        "'" + axis.path + "' is not a scenario path (e.g. functions.api.reserved_concurrency)");
    return;
  }
  if (value.IsSequence()) {
    if (value.size() == 0) {
      ctx.Error(entry.path, value.Mark(), "'" + axis.path + "' has an empty value list");
      return;
    }
    for (const auto& item : value) {
      ctx.Visit();
      if (item.IsNull()) {
        ctx.Error(entry.path, item.Mark().is_null() ? value.Mark() : item.Mark(),
                  "'" + axis.path + "': empty value in the list");
        continue;
      }
      axis.values.push_back(item.IsScalar() ? item.Scalar() : FlowText(item));
      axis.locations.push_back(load::Loc(ctx, item.Mark()));
    }
    return;
  }
  if (value.IsMap()) {
    Fields range(ctx, entry, {"from", "to", "steps"});
    constexpr double kBig = std::numeric_limits<double>::max();
    std::optional<double> from, to;
    std::optional<int64_t> steps;
    const auto from_v = range.Get("from"), to_v = range.Get("to"), steps_v = range.Get("steps");
    if (from_v) from = load::Number(ctx, *from_v, -kBig, kBig);
    if (to_v) to = load::Number(ctx, *to_v, -kBig, kBig);
    if (steps_v) steps = load::Int(ctx, *steps_v, 1, kMaxRangeSteps);
    if (!from_v || !to_v || !steps_v) {
      ctx.Error(
          entry.path, entry.mark(),
          "'" + axis.path +
              "': a range needs from, to and steps (e.g. { from: 100, to: 2000, steps: 20 })");
      return;
    }
    if (!from || !to || !steps) return;
    if (*steps == 1 && *from != *to) {
      ctx.Error(steps_v->path, steps_v->mark(), "'" + axis.path + "': steps: 1 needs from == to");
      return;
    }
    const auto n = static_cast<uint64_t>(*steps);
    const SourceLocation loc = load::Loc(ctx, entry.mark());
    for (uint64_t i = 0; i < n; ++i) {
      const double v = n == 1 ? *from
                              : (i + 1 == n ? *to
                                            : *from + (*to - *from) * static_cast<double>(i) /
                                                          static_cast<double>(n - 1));
      axis.values.push_back(RangeValueText(v));
      axis.locations.push_back(loc);
    }
    return;
  }
  ctx.Error(entry.path, entry.mark(),
            "'" + axis.path + "' must be a list of values or a range { from, to, steps }, got " +
                Describe(value));
}

SweepSpec ParseSweep(Ctx& ctx, const YAML::Node& root, const std::string& base_dir) {
  SweepSpec spec;
  if (!root.IsMap()) {
    ctx.Error("", root.Mark(),
              "a sweep file must be a mapping (scenario:, vary:, replications:, ...), got " +
                  Describe(root));
    return spec;
  }
  const Val top{root, "", "the sweep file", root.Mark()};
  Fields f(ctx, top, {"scenario", "mode", "replications", "seed", "vary", "metrics"});
  if (auto v = f.Require("scenario", "the base scenario file, relative to the sweep file")) {
    auto text = load::Scalar(ctx, *v, "a file path");
    if (text && text->empty()) ctx.Error(v->path, v->mark(), "'scenario' must be a file path");
    if (text && !text->empty()) {
      std::filesystem::path p(*text);
      if (p.is_relative() && !base_dir.empty()) p = std::filesystem::path(base_dir) / p;
      spec.scenario_file = p.lexically_normal().string();
      spec.scenario_location = load::Loc(ctx, v->mark());
    }
  }
  if (auto v = f.Get("mode"))
    if (auto x = load::Enum(ctx, *v, {"grid", "zip"}))
      spec.mode = *x == "zip" ? SweepMode::kZip : SweepMode::kGrid;
  if (auto v = f.Get("replications"))
    if (auto x = load::Int(ctx, *v, 1, 1'000'000)) spec.replications = static_cast<uint64_t>(*x);
  if (auto v = f.Get("seed"))
    if (auto x = load::UInt64(ctx, *v)) spec.seed = *x;
  if (auto v = f.Get("vary"); v && !v->node.IsNull()) {
    if (!v->node.IsMap()) {
      ctx.Error(v->path, v->mark(),
                "'vary' must be a mapping of scenario path to values, got " + Describe(v->node));
    } else {
      Fields axes(ctx, *v, {}, /*any_key=*/true);
      for (const Val& entry : axes.entries()) {
        SweepAxis axis;
        ParseAxis(ctx, entry, axis);
        if (!axis.values.empty()) spec.vary.push_back(std::move(axis));
      }
    }
  }
  if (auto v = f.Get("metrics")) {
    if (!v->node.IsSequence() || v->node.size() == 0) {
      ctx.Error(v->path, v->mark(),
                "'metrics' must be a non-empty list of metric names (e.g. "
                "functions.api.throttle_rate)");
    } else {
      size_t i = 0;
      for (const auto& item : v->node) {
        const Val m = load::Item(*v, item, i++);
        if (auto name = load::Scalar(ctx, m, "a metric name")) {
          spec.metrics.push_back(*name);
          spec.metric_locations.push_back(load::Loc(ctx, m.mark()));
        }
      }
    }
  }
  if (spec.mode == SweepMode::kZip && spec.vary.size() > 1) {
    const size_t n = spec.vary.front().values.size();
    for (const auto& a : spec.vary) {
      if (a.values.size() != n) {
        ctx.diagnostics().push_back(
            Diagnostic{a.location.file, a.location.line, a.location.column,
                       fmt::format("mode: zip needs equally long value lists; '{}' has {} values, "
                                   "'{}' has {}",
                                   a.path, a.values.size(), spec.vary.front().path, n)});
      }
    }
  }
  // Size limit (grid products grow fast).
  long double runs = static_cast<long double>(spec.replications);
  if (spec.mode == SweepMode::kGrid) {
    for (const auto& a : spec.vary) runs *= static_cast<long double>(a.values.size());
  } else if (!spec.vary.empty()) {
    runs *= static_cast<long double>(spec.vary.front().values.size());
  }
  if (runs > static_cast<long double>(kMaxRuns))
    ctx.Error("", root.Mark(),
              fmt::format("the sweep has {:.0f} runs; the limit is {}", static_cast<double>(runs),
                          kMaxRuns));
  return spec;
}

}  // namespace

SweepSpec LoadSweepString(std::string_view text, const std::string& label,
                          const std::string& base_dir) {
  Ctx ctx(label);
  auto fail = [&] { throw ScenarioError(std::move(ctx.diagnostics())); };
  // Bounded first (no tree): a NUL byte, a second document, too many nodes, tags.
  if (auto problem = load::PreScanYaml(text, label, "sweep file")) {
    ctx.diagnostics().push_back(std::move(*problem));
    fail();
  }
  YAML::Node root;
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(std::string(text));
    if (docs.size() != 1) {
      ctx.diagnostics().push_back(
          Diagnostic{label, 0, 0,
                     docs.empty() ? "sweep file is empty (expected scenario: and vary:)"
                                  : "a sweep file holds exactly one YAML document"});
      fail();
    }
    root = docs[0];
  } catch (const YAML::ParserException& e) {
    ctx.Error("", e.mark, "YAML syntax error: " + e.msg);
    fail();
  } catch (const YAML::Exception& e) {
    ctx.diagnostics().push_back(Diagnostic{label, 0, 0, "cannot parse YAML: " + e.msg});
    fail();
  }
  SweepSpec spec;
  try {
    spec = ParseSweep(ctx, root, base_dir);
  } catch (const load::BudgetExceeded&) {
    fail();
  } catch (const YAML::Exception& e) {
    ctx.diagnostics().push_back(
        Diagnostic{label, 0, 0, std::string("internal YAML error: ") + e.what()});
  }
  if (!ctx.diagnostics().empty()) fail();
  spec.file = label;
  spec.source_text = std::string(text);
  return spec;
}

SweepSpec LoadSweepFile(const std::string& path) {
  // The one input-file check (regular file, at most 1 MiB): models/spec/input_file.h.
  const std::string text = ReadInputFile(path, "sweep file", kMaxSweepFileBytes);
  const std::string base = std::filesystem::path(path).parent_path().string();
  return LoadSweepString(text, path, base);
}

}  // namespace lambdasim
