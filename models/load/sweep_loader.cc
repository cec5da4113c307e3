// models/load/sweep_loader.cc — sweep YAML → SweepSpec (loader code: may include yaml-cpp).
//
// Same strictness as the scenario loader: unknown keys (with "did you mean"), duplicate
// keys, wrong types, empty lists and bad ranges are all reported at once, each as
// file:line:col. Values under `vary:` are kept as YAML text and validated later, exactly as
// `--set` values, against the base scenario (PrepareSweep in sweep.cc).
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "models/load/sweep_loader.h"
#include "models/spec/did_you_mean.h"

namespace lambdasim {
namespace {

constexpr size_t kMaxSweepFileBytes = 1 << 20;
constexpr size_t kMaxRuns = 10'000'000;
constexpr int64_t kMaxRangeSteps = 100'000;

class SweepCtx {
 public:
  explicit SweepCtx(std::string file) : file_(std::move(file)) {}
  void Error(const YAML::Mark& m, const std::string& message) {
    Diagnostic d{file_, 0, 0, message};
    if (!m.is_null() && m.line >= 0 && m.column >= 0) {
      d.line = m.line + 1;
      d.column = m.column + 1;
    }
    diags_.push_back(std::move(d));
  }
  SourceLocation Loc(const YAML::Mark& m) const {
    if (m.is_null() || m.line < 0 || m.column < 0) return SourceLocation{file_, 0, 0};
    return SourceLocation{file_, m.line + 1, m.column + 1};
  }
  std::vector<Diagnostic>& diags() { return diags_; }

 private:
  std::string file_;
  std::vector<Diagnostic> diags_;
};

std::string Describe(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Undefined: return "nothing";
    case YAML::NodeType::Null: return "an empty value";
    case YAML::NodeType::Scalar: return "a scalar";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
  }
  return "?";
}

std::optional<uint64_t> ParseCount(SweepCtx& ctx, const YAML::Node& n, const std::string& what,
                                   uint64_t lo, uint64_t hi) {
  if (!n.IsScalar() || n.Tag() == "!") {
    ctx.Error(n.Mark(), "'" + what + "' must be an integer, got " + Describe(n));
    return std::nullopt;
  }
  const std::string& s = n.Scalar();
  uint64_t v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size() ||
      (s.size() > 1 && s[0] == '0')) {
    ctx.Error(n.Mark(), "'" + what + "' = '" + s + "' is not a plain non-negative integer");
    return std::nullopt;
  }
  if (v < lo || v > hi) {
    ctx.Error(n.Mark(), fmt::format("'{}' = {} is out of range [{}, {}]", what, v, lo, hi));
    return std::nullopt;
  }
  return v;
}

std::optional<double> ParseReal(SweepCtx& ctx, const YAML::Node& n, const std::string& what) {
  if (!n.IsScalar() || n.Tag() == "!") {
    ctx.Error(n.Mark(), "'" + what + "' must be a number, got " + Describe(n));
    return std::nullopt;
  }
  const std::string& s = n.Scalar();
  double v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v)) {
    ctx.Error(n.Mark(), "'" + what + "' = '" + s + "' is not a finite number");
    return std::nullopt;
  }
  return v;
}

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

// Rejects duplicate keys and keys not in `allowed` (unless allowed is empty).
std::vector<std::pair<YAML::Node, YAML::Node>> Entries(SweepCtx& ctx, const YAML::Node& map,
                                                       const std::string& what,
                                                       const std::vector<std::string>& allowed) {
  std::vector<std::pair<YAML::Node, YAML::Node>> out;
  std::map<std::string, int> seen;
  for (const auto& kv : map) {
    const YAML::Node k = kv.first;
    if (!k.IsScalar()) {
      ctx.Error(k.Mark(), "keys in " + what + " must be plain names, got " + Describe(k));
      continue;
    }
    const std::string& key = k.Scalar();
    if (auto it = seen.find(key); it != seen.end()) {
      ctx.Error(k.Mark(), "duplicate key '" + key + "' in " + what + " (first defined at line " +
                              std::to_string(it->second) + ")");
      continue;
    }
    seen.emplace(key, k.Mark().line + 1);
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string msg = "unknown key '" + key + "' in " + what;
      const std::string hint = SuggestName(key, allowed);
      if (hint.empty()) {
        msg += " (valid keys:";
        for (const auto& a : allowed) msg += " " + a;
        msg += ")";
      } else {
        msg += hint;
      }
      ctx.Error(k.Mark(), msg);
      continue;
    }
    out.emplace_back(k, kv.second);
  }
  return out;
}

void ParseAxis(SweepCtx& ctx, const YAML::Node& key, const YAML::Node& value, SweepAxis& axis) {
  axis.path = key.Scalar();
  axis.location = ctx.Loc(key.Mark());
  bool path_ok = !axis.path.empty();
  for (size_t i = 0, start = 0; i <= axis.path.size(); ++i) {
    if (i == axis.path.size() || axis.path[i] == '.') {
      if (i == start) path_ok = false;
      start = i + 1;
    }
  }
  if (!path_ok) {
    ctx.Error(key.Mark(), "'" + axis.path +
                              "' is not a scenario path (e.g. functions.api.reserved_concurrency)");
    return;
  }
  if (value.IsSequence()) {
    if (value.size() == 0) {
      ctx.Error(value.Mark(), "'" + axis.path + "' has an empty value list");
      return;
    }
    for (const auto& item : value) {
      if (item.IsNull()) {
        ctx.Error(item.Mark().is_null() ? value.Mark() : item.Mark(),
                  "'" + axis.path + "': empty value in the list");
        continue;
      }
      axis.values.push_back(item.IsScalar() ? item.Scalar() : FlowText(item));
      axis.locations.push_back(ctx.Loc(item.Mark()));
    }
    return;
  }
  if (value.IsMap()) {
    const auto entries = Entries(ctx, value, "'" + axis.path + "'", {"from", "to", "steps"});
    std::optional<double> from, to;
    std::optional<uint64_t> steps;
    for (const auto& [k, v] : entries) {
      const std::string name = k.Scalar();
      if (name == "from") from = ParseReal(ctx, v, "from");
      if (name == "to") to = ParseReal(ctx, v, "to");
      if (name == "steps") steps = ParseCount(ctx, v, "steps", 1, kMaxRangeSteps);
    }
    const bool has_from = value["from"].IsDefined(), has_to = value["to"].IsDefined(),
               has_steps = value["steps"].IsDefined();
    if (!has_from || !has_to || !has_steps) {
      ctx.Error(
          value.Mark(),
          "'" + axis.path +
              "': a range needs from, to and steps (e.g. { from: 100, to: 2000, steps: 20 })");
      return;
    }
    if (!from || !to || !steps) return;
    if (*steps == 1 && *from != *to) {
      ctx.Error(value["steps"].Mark(), "'" + axis.path + "': steps: 1 needs from == to");
      return;
    }
    const SourceLocation loc = ctx.Loc(value.Mark());
    for (uint64_t i = 0; i < *steps; ++i) {
      const double v = *steps == 1
                           ? *from
                           : (i + 1 == *steps ? *to
                                              : *from + (*to - *from) * static_cast<double>(i) /
                                                            static_cast<double>(*steps - 1));
      axis.values.push_back(RangeValueText(v));
      axis.locations.push_back(loc);
    }
    return;
  }
  ctx.Error(value.Mark().is_null() ? key.Mark() : value.Mark(),
            "'" + axis.path + "' must be a list of values or a range { from, to, steps }, got " +
                Describe(value));
}

SweepSpec ParseSweep(SweepCtx& ctx, const YAML::Node& root, const std::string& base_dir) {
  SweepSpec spec;
  if (!root.IsMap()) {
    ctx.Error(root.Mark(),
              "a sweep file must be a mapping (scenario:, vary:, replications:, ...), got " +
                  Describe(root));
    return spec;
  }
  static const std::vector<std::string> kTop = {"scenario", "mode", "replications",
                                                "seed",     "vary", "metrics"};
  const auto entries = Entries(ctx, root, "the sweep file", kTop);
  bool have_scenario = false;
  for (const auto& [k, v] : entries) {
    const std::string key = k.Scalar();
    if (key == "scenario") {
      if (!v.IsScalar() || v.Scalar().empty()) {
        ctx.Error(v.Mark().is_null() ? k.Mark() : v.Mark(),
                  "'scenario' must be a file path, got " + Describe(v));
        continue;
      }
      have_scenario = true;
      std::filesystem::path p(v.Scalar());
      if (p.is_relative() && !base_dir.empty()) p = std::filesystem::path(base_dir) / p;
      spec.scenario_file = p.lexically_normal().string();
      spec.scenario_location = ctx.Loc(v.Mark());
    } else if (key == "mode") {
      if (!v.IsScalar() || (v.Scalar() != "grid" && v.Scalar() != "zip")) {
        ctx.Error(v.Mark().is_null() ? k.Mark() : v.Mark(),
                  "'mode' must be grid or zip" +
                      (v.IsScalar()
                           ? ", got '" + v.Scalar() + "'" + SuggestName(v.Scalar(), {"grid", "zip"})
                           : std::string()));
        continue;
      }
      spec.mode = v.Scalar() == "zip" ? SweepMode::kZip : SweepMode::kGrid;
    } else if (key == "replications") {
      if (auto x = ParseCount(ctx, v, "replications", 1, 1'000'000)) spec.replications = *x;
    } else if (key == "seed") {
      if (auto x = ParseCount(ctx, v, "seed", 0, UINT64_MAX)) spec.seed = *x;
    } else if (key == "vary") {
      if (v.IsNull()) continue;
      if (!v.IsMap()) {
        ctx.Error(v.Mark(),
                  "'vary' must be a mapping of scenario path to values, got " + Describe(v));
        continue;
      }
      for (const auto& [ak, av] : Entries(ctx, v, "'vary'", {})) {
        SweepAxis axis;
        ParseAxis(ctx, ak, av, axis);
        if (!axis.values.empty()) spec.vary.push_back(std::move(axis));
      }
    } else if (key == "metrics") {
      if (!v.IsSequence() || v.size() == 0) {
        ctx.Error(v.Mark().is_null() ? k.Mark() : v.Mark(),
                  "'metrics' must be a non-empty list of metric names (e.g. "
                  "functions.api.throttle_rate)");
        continue;
      }
      for (const auto& item : v) {
        if (!item.IsScalar()) {
          ctx.Error(item.Mark(), "'metrics' entries must be metric names, got " + Describe(item));
          continue;
        }
        spec.metrics.push_back(item.Scalar());
        spec.metric_locations.push_back(ctx.Loc(item.Mark()));
      }
    }
  }
  if (!have_scenario && root["scenario"].IsDefined() == false)
    ctx.Error(
        root.Mark(),
        "missing required key 'scenario' (the base scenario file, relative to the sweep file)");
  if (spec.mode == SweepMode::kZip && spec.vary.size() > 1) {
    const size_t n = spec.vary.front().values.size();
    for (const auto& a : spec.vary) {
      if (a.values.size() != n) {
        ctx.diags().push_back(
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
    ctx.Error(root.Mark(), fmt::format("the sweep has {:.0f} runs; the limit is {}",
                                       static_cast<double>(runs), kMaxRuns));
  return spec;
}

}  // namespace

SweepSpec LoadSweepString(std::string_view text, const std::string& label,
                          const std::string& base_dir) {
  SweepCtx ctx(label);
  auto fail = [&] { throw ScenarioError(std::move(ctx.diags())); };
  if (text.find('\0') != std::string_view::npos) {
    ctx.diags().push_back(Diagnostic{label, 0, 0, "this is a binary file, not a YAML sweep file"});
    fail();
  }
  YAML::Node root;
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(std::string(text));
    if (docs.size() != 1) {
      ctx.diags().push_back(Diagnostic{label, 0, 0,
                                       docs.empty()
                                           ? "sweep file is empty (expected scenario: and vary:)"
                                           : "a sweep file holds exactly one YAML document"});
      fail();
    }
    root = docs[0];
  } catch (const YAML::ParserException& e) {
    ctx.Error(e.mark, "YAML syntax error: " + e.msg);
    fail();
  } catch (const YAML::Exception& e) {
    ctx.diags().push_back(Diagnostic{label, 0, 0, "cannot parse YAML: " + e.msg});
    fail();
  }
  SweepSpec spec;
  try {
    spec = ParseSweep(ctx, root, base_dir);
  } catch (const YAML::Exception& e) {
    ctx.diags().push_back(Diagnostic{label, 0, 0, std::string("internal YAML error: ") + e.what()});
  }
  if (!ctx.diags().empty()) fail();
  spec.file = label;
  spec.source_text = std::string(text);
  return spec;
}

SweepSpec LoadSweepFile(const std::string& path) {
  auto fail = [&](const std::string& message) -> SweepSpec {
    throw ScenarioError({Diagnostic{path, 0, 0, message}});
  };
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return fail("no such file");
  if (!std::filesystem::is_regular_file(path, ec)) return fail("is not a regular file");
  if (std::filesystem::file_size(path, ec) > kMaxSweepFileBytes)
    return fail("sweep file larger than 1 MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open file for reading");
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string base = std::filesystem::path(path).parent_path().string();
  return LoadSweepString(buf.str(), path, base);
}

}  // namespace lambdasim
