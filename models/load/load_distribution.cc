// models/load/load_distribution.cc — `dist:` mappings (and bare durations) → sim::Distribution.
#include "models/load/scenario_walk.h"

#include <cmath>
#include <stdexcept>
#include <utility>

namespace lambdasim::load {

// ---------------------------------------------------------------------------------------
// Distributions
// ---------------------------------------------------------------------------------------

std::optional<sim::Distribution> ParseDist(Ctx& ctx, const Val& v, const DistLimits& lim) {
  ctx.Visit();
  if (v.node.IsScalar() && lim.count) {  // a bare count is a constant
    auto n = Number(ctx, v, 0, lim.count_max);
    if (!n) return std::nullopt;
    return sim::Distribution::Constant(*n);
  }
  if (v.node.IsScalar()) {  // shorthand: a bare duration is a constant
    auto d = Dur(ctx, v, lim.min, lim.max);
    if (!d) return std::nullopt;
    return sim::Distribution::Constant(d->seconds());
  }
  if (!v.node.IsMap()) {
    ctx.Error(v.path, v.mark(),
              "'" + v.name +
                  "' must be a duration (e.g. 120ms) or a distribution such as "
                  "{ dist: exponential, mean: 120ms }, got " +
                  TypeName(v.node));
    return std::nullopt;
  }
  const KeySection& section = Keys("distribution");
  const std::vector<std::string>& kKinds = section.Get("dist").choices;
  // First find `dist` to know which keys are allowed; the strict pass below reports
  // unknown and duplicate keys.
  std::optional<std::string> kind;
  {
    std::optional<Val> dv;
    for (const auto& kv : v.node) {
      ctx.Visit();
      const YAML::Node k = kv.first;
      if (k.IsScalar() && k.Scalar() == "dist") {
        dv = Val{kv.second, ChildPath(v.path, "dist"), "dist", k.Mark()};
        break;
      }
    }
    if (!dv) {
      ctx.Error(
          v.path, v.mark(),
          "missing required key 'dist' in '" + v.name + "' (one of " + JoinNames(kKinds) + ")");
      return std::nullopt;
    }
    kind = Enum(ctx, *dv, kKinds);
    if (!kind) return std::nullopt;
  }
  std::vector<std::string> keys;  // `dist` and the parameters of this kind
  for (const KeyDef& def : section.keys)
    if (def.applies_to.empty() || KeyAppliesTo(def, *kind)) keys.push_back(def.name);
  Fields f(ctx, v, keys);
  const size_t errors_before = ctx.diagnostics().size();
  auto dur = [&](const char* key) -> std::optional<double> {
    auto e = f.Require(key);
    if (!e) return std::nullopt;
    if (lim.count) return Number(ctx, *e, 0, lim.count_max);
    auto d = Dur(ctx, *e, lim.min, lim.max);
    if (!d) return std::nullopt;
    return d->seconds();
  };
  try {
    if (*kind == "constant") {
      auto x = dur("value");
      if (x) return sim::Distribution::Constant(*x);
    } else if (*kind == "uniform") {
      auto lo = dur("min");
      auto hi = dur("max");
      if (lo && hi) {
        if (*lo > *hi) {
          ctx.Error(v.path, v.mark(), "'" + v.name + "': uniform min must be <= max");
          return std::nullopt;
        }
        return sim::Distribution::Uniform(*lo, *hi);
      }
    } else if (*kind == "exponential") {
      auto m = dur("mean");
      if (m) {
        if (!(*m > 0)) {
          ctx.Error(v.path, v.mark(), "'" + v.name + "': exponential mean must be > 0");
          return std::nullopt;
        }
        return sim::Distribution::Exponential(*m);
      }
    } else if (*kind == "normal") {
      auto m = dur("mean");
      auto sd = dur("stddev");
      if (m && sd) return sim::Distribution::Normal(*m, *sd);
    } else if (*kind == "lognormal") {
      const bool has_median = f.Get("median") || f.Get("p99");
      const bool has_mu = f.Get("mu") || f.Get("sigma");
      if (has_median && has_mu) {
        ctx.Error(v.path, v.mark(),
                  "'" + v.name + "': give either median and p99, or mu and sigma, not both");
        return std::nullopt;
      }
      if (has_mu) {
        auto mu_v = f.Require("mu", "log-seconds");
        auto sigma_v = f.Require("sigma", "log-seconds");
        std::optional<double> mu, sigma;
        const double log_max = std::log(lim.count ? lim.count_max : lim.max.seconds());
        if (mu_v) mu = Number(ctx, *mu_v, -50, log_max);
        if (sigma_v) {
          const KeyDef& def = section.Get("sigma");
          sigma = Number(ctx, *sigma_v, def.num_min, def.num_max);
        }
        if (mu && sigma) return sim::Distribution::LognormalMuSigma(*mu, *sigma);
      } else {
        auto med = dur("median");
        auto p99 = dur("p99");
        if (med && p99) {
          if (!(*med > 0) || *p99 < *med) {
            ctx.Error(v.path, v.mark(),
                      "'" + v.name + "': lognormal needs median > 0 and p99 >= median");
            return std::nullopt;
          }
          return sim::Distribution::LognormalMedianP99(*med, *p99);
        }
      }
    } else if (*kind == "empirical") {
      auto pv = f.Require("points");
      if (!pv) return std::nullopt;
      if (!pv->node.IsSequence() || pv->node.size() == 0) {
        ctx.Error(pv->path, pv->mark(),
                  "'points' must be a non-empty list of [quantile, duration] pairs, e.g. [[0.5, "
                  "80ms], [0.99, 400ms]]");
        return std::nullopt;
      }
      std::vector<std::pair<double, double>> points;
      bool ok = true;
      size_t i = 0;
      for (const auto& item : pv->node) {
        ctx.Visit();
        const size_t index = i++;
        // Fast path for a well-formed point: no path strings are built (points lists can be long).
        if (!lim.count && item.IsSequence() && item.size() == 2) {
          auto pair_it = item.begin();
          const YAML::Node q_node = *pair_it;
          const YAML::Node d_node = *++pair_it;
          if (q_node.IsScalar() && !IsQuoted(q_node) && d_node.IsScalar()) {
            std::string why;
            const auto q = ParseNumber(q_node.Scalar(), &why);
            const auto d = sim::ParseDuration(d_node.Scalar());
            if (q && d && *q >= 0 && *q <= 1 && *d >= lim.min && *d <= lim.max &&
                (points.empty() ||
                 (*q > points.back().first && d->seconds() >= points.back().second))) {
              ctx.Visit(2);
              points.emplace_back(*q, d->seconds());
              continue;
            }
          }
        }
        Val pt{item, pv->path + "." + std::to_string(index),
               "points[" + std::to_string(index) + "]", pv->key_mark};
        if (!pt.node.IsSequence() || pt.node.size() != 2) {
          ctx.Error(pt.path, pt.mark(), "'" + pt.name + "' must be a [quantile, duration] pair");
          ok = false;
          continue;
        }
        auto pair_it = pt.node.begin();
        const YAML::Node q_node = *pair_it;
        const YAML::Node d_node = *++pair_it;
        Val qv{q_node, pt.path + ".0", pt.name + " quantile", pt.mark()};
        Val dv{d_node, pt.path + ".1", pt.name + " value", pt.mark()};
        auto q = Number(ctx, qv, 0, 1);
        std::optional<double> d;
        if (lim.count) {
          d = Number(ctx, dv, 0, lim.count_max);
        } else if (auto x = Dur(ctx, dv, lim.min, lim.max)) {
          d = x->seconds();
        }
        if (!q || !d) {
          ok = false;
          continue;
        }
        if (!points.empty() && !(*q > points.back().first)) {
          ctx.Error(qv.path, qv.mark(), "'points': quantiles must be strictly increasing");
          ok = false;
        } else if (!points.empty() && *d < points.back().second) {
          ctx.Error(dv.path, dv.mark(), "'points': values must be non-decreasing");
          ok = false;
        }
        points.emplace_back(*q, *d);
      }
      if (ok) return sim::Distribution::Empirical(std::move(points));
    }
  } catch (const std::invalid_argument& e) {
    ctx.Error(v.path, v.mark(), "'" + v.name + "': " + e.what());
    return std::nullopt;
  }
  if (ctx.diagnostics().size() == errors_before)
    ctx.Error(v.path, v.mark(), "'" + v.name + "': invalid distribution");
  return std::nullopt;
}

}  // namespace lambdasim::load
