// models/load/load_shapes.cc — traffic shapes: phases, stages, spike, diurnal, mmpp.
//
// Piecewise shapes are expanded into RateSegments in time order, clipped at the entry's end.
#include "models/load/scenario_walk.h"

#include <algorithm>
#include <cmath>

#include "models/workload/mmpp.h"

namespace lambdasim::load {

// ---------------------------------------------------------------------------------------
// Traffic: shapes (rate, phases, stages, spike, diurnal, mmpp) and traces
// ---------------------------------------------------------------------------------------

constexpr size_t kMaxSegments = 1000000;
constexpr size_t kMaxMmppStates = 64;
constexpr double kMaxTransitionRate = 1e6;

// Appends a linear segment [from, to) clipped at `stop` (the rate is interpolated at the cut).
void AddSegment(std::vector<RateSegment>& out, sim::Duration from, sim::Duration to, double r0,
                double r1, const std::string& name, sim::Duration stop) {
  if (from >= stop || to <= from) return;
  if (to > stop) {
    const double frac =
        static_cast<double>((stop - from).ns()) / static_cast<double>((to - from).ns());
    r1 = r0 + (r1 - r0) * frac;
    to = stop;
  }
  if (r0 == 0 && r1 == 0) return;  // zero rate is the default between segments
  out.push_back(RateSegment{from, to, r0, r1, name});
}

// phases: [ { duration, rate, ramp_to, name } | { pause, name } ... ], repeat: N | forever
void ParsePhases(Ctx& ctx, const Val& v, const std::optional<Val>& repeat_v, sim::Duration start,
                 sim::Duration stop, TrafficSpec& t) {
  const KeySection& keys = Keys("traffic.phases");
  auto list = SequenceOf(ctx, v, "[ { duration: 5m, rate: 10, ramp_to: 100 }, { pause: 1m } ]");
  struct Phase {
    sim::Duration length;
    double r0 = 0, r1 = 0;
    std::string name;
  };
  std::vector<Phase> phases;
  bool ok = static_cast<bool>(list);
  if (list) {
    size_t i = 0;
    for (const auto& item : list->node) {
      const Val pv = Item(*list, item, i++);
      Fields pf(ctx, pv, keys.names);
      if (!pf.ok()) {
        ok = false;
        continue;
      }
      Phase ph;
      if (auto e = pf.Get("name"))
        if (auto s = Scalar(ctx, *e, "a phase name")) ph.name = *s;
      if (auto p = pf.Get("pause")) {
        for (const char* k : {"duration", "rate", "ramp_to"}) {
          if (auto extra = pf.Get(k)) {
            ctx.Error(
                extra->path, extra->key_mark,
                std::string("'") + k +
                    "' does not go with 'pause' (a pause is { pause: 1m }, with an optional name)");
            ok = false;
          }
        }
        auto d = ReadKey(ctx, *p, keys.Get("pause"));
        if (!d) {
          ok = false;
          continue;
        }
        ph.length = d->duration;
        phases.push_back(ph);
        continue;
      }
      auto dv = pf.Require("duration", "or { pause: DURATION }");
      auto rv = pf.Require("rate", "requests per second at the phase start");
      std::optional<sim::Duration> d;
      std::optional<double> r0, r1;
      if (dv)
        if (auto x = ReadKey(ctx, *dv, keys.Get("duration"))) d = x->duration;
      if (rv)
        if (auto x = ReadKey(ctx, *rv, keys.Get("rate"))) r0 = x->number;
      if (auto e = pf.Get("ramp_to")) {
        if (auto x = ReadKey(ctx, *e, keys.Get("ramp_to"))) r1 = x->number;
      } else
        r1 = r0;
      if (!d || !r0 || !r1) {
        ok = false;
        continue;
      }
      ph.length = *d;
      ph.r0 = *r0;
      ph.r1 = *r1;
      phases.push_back(ph);
    }
  }
  int64_t plays = 1;
  bool forever = false;
  if (repeat_v) {
    if (repeat_v->node.IsScalar() && repeat_v->node.Scalar() == "forever") {
      forever = true;
    } else if (auto n = Int(ctx, *repeat_v, 1, 1000000)) {
      plays = *n;
    } else {
      ok = false;
    }
  }
  if (!ok) return;
  sim::Duration cursor = start;
  for (int64_t play = 0; forever || play < plays; ++play) {
    if (cursor >= stop) break;
    for (const Phase& ph : phases) {
      AddSegment(t.segments, cursor, cursor + ph.length, ph.r0, ph.r1, ph.name, stop);
      cursor += ph.length;
      if (cursor >= stop) break;
    }
    if (t.segments.size() > kMaxSegments) {
      ctx.Error(v.path, v.mark(),
                "'phases' expands to more than " + std::to_string(kMaxSegments) +
                    " segments (lower 'repeat')");
      return;
    }
  }
  if (t.segments.empty())
    ctx.Error(v.path, v.mark(),
              "'phases' produce no traffic before the end (every phase has rate 0, or starts after "
              "the end)");
}

// stages: [ { duration, target } ... ] (k6 ramping-arrival-rate), start_rate: R
void ParseStages(Ctx& ctx, const Val& v, const std::optional<Val>& start_rate_v,
                 sim::Duration start, sim::Duration stop, TrafficSpec& t) {
  const KeySection& keys = Keys("traffic.stages");
  double prev = 0;
  bool ok = true;
  if (start_rate_v) {
    if (auto r = ReadKey(ctx, *start_rate_v, Keys("traffic").Get("start_rate")))
      prev = r->number;
    else
      ok = false;
  }
  auto list =
      SequenceOf(ctx, v, "[ { duration: 2m, target: 100 }, { duration: 5m, target: 100 } ]");
  if (!list) return;
  sim::Duration cursor = start;
  size_t i = 0;
  for (const auto& item : list->node) {
    const Val sv = Item(*list, item, i++);
    Fields sf(ctx, sv, keys.names);
    if (!sf.ok()) {
      ok = false;
      continue;
    }
    auto dv = sf.Require("duration");
    auto tv = sf.Require("target", "requests per second at the stage end");
    std::optional<sim::Duration> d;
    std::optional<double> target;
    if (dv)
      if (auto x = ReadKey(ctx, *dv, keys.Get("duration"))) d = x->duration;
    if (tv)
      if (auto x = ReadKey(ctx, *tv, keys.Get("target"))) target = x->number;
    if (!d || !target) {
      ok = false;
      continue;
    }
    if (ok)
      AddSegment(t.segments, cursor, cursor + *d, prev, *target, "stage " + std::to_string(i - 1),
                 stop);
    cursor += *d;
    prev = *target;
  }
  if (ok && t.segments.empty())
    ctx.Error(
        v.path, v.mark(),
        "'stages' produce no traffic before the end (all targets 0, or they start after the end)");
}

// spike: { baseline: R, bursts: [ { at, rate, length } ... ] }
void ParseSpike(Ctx& ctx, const Val& v, sim::Duration start, sim::Duration stop, TrafficSpec& t) {
  const KeySection& keys = Keys("traffic.spike");
  const KeySection& burst_keys = Keys("traffic.spike.bursts");
  Fields f(ctx, v, keys.names);
  if (!f.ok()) return;
  std::optional<double> baseline;
  if (auto e = f.Require("baseline", "requests per second outside bursts; may be 0"))
    if (auto x = ReadKey(ctx, *e, keys.Get("baseline"))) baseline = x->number;
  auto bv = f.Require("bursts", "a list of { at, rate, length }");
  if (!bv) return;
  auto list = SequenceOf(ctx, *bv, "[ { at: 5m, rate: 2000, length: 30s } ]");
  if (!list) return;
  struct Burst {
    sim::Duration at, length;
    double rate;
  };
  std::vector<Burst> bursts;
  bool ok = static_cast<bool>(baseline);
  size_t i = 0;
  for (const auto& item : list->node) {
    const Val b = Item(*list, item, i++);
    Fields bf(ctx, b, burst_keys.names);
    if (!bf.ok()) {
      ok = false;
      continue;
    }
    auto at_v = bf.Require("at", "offset from the entry's start");
    auto rate_v = bf.Require("rate", "requests per second during the burst");
    auto len_v = bf.Require("length");
    std::optional<sim::Duration> at, len;
    std::optional<double> rate;
    if (at_v)
      if (auto x = ReadKey(ctx, *at_v, burst_keys.Get("at"))) at = x->duration;
    if (rate_v)
      if (auto x = ReadKey(ctx, *rate_v, burst_keys.Get("rate"))) rate = x->number;
    if (len_v)
      if (auto x = ReadKey(ctx, *len_v, burst_keys.Get("length"))) len = x->duration;
    if (!at || !rate || !len) {
      ok = false;
      continue;
    }
    if (!bursts.empty() && *at < bursts.back().at + bursts.back().length) {
      ctx.Error(at_v->path, at_v->mark(),
                "burst at " + sim::FormatDuration(*at) +
                    " overlaps or precedes the previous burst (at " +
                    sim::FormatDuration(bursts.back().at) + ", length " +
                    sim::FormatDuration(bursts.back().length) +
                    "); bursts must be sorted and must not overlap");
      ok = false;
      continue;
    }
    if (start + *at >= stop) {
      ctx.Error(at_v->path, at_v->mark(),
                "burst at " + sim::FormatDuration(*at) + " (from the entry's start " +
                    sim::FormatDuration(start) + ") begins at or after the traffic ends (" +
                    sim::FormatDuration(stop) + ")");
      ok = false;
      continue;
    }
    bursts.push_back(Burst{*at, *len, *rate});
  }
  if (!ok) return;
  sim::Duration cursor = start;
  for (size_t k = 0; k < bursts.size(); ++k) {
    const sim::Duration b0 = start + bursts[k].at;
    AddSegment(t.segments, cursor, b0, *baseline, *baseline, "baseline", stop);
    AddSegment(t.segments, b0, b0 + bursts[k].length, bursts[k].rate, bursts[k].rate,
               "burst " + std::to_string(k), stop);
    cursor = b0 + bursts[k].length;
  }
  AddSegment(t.segments, cursor, stop, *baseline, *baseline, "baseline", stop);
}

// diurnal: { mean, amplitude, period, peak_at }
void ParseDiurnal(Ctx& ctx, const Val& v, TrafficSpec& t) {
  const KeySection& keys = Keys("traffic.diurnal");
  Fields f(ctx, v, keys.names);
  if (!f.ok()) return;
  DiurnalShape& d = t.diurnal;
  std::optional<double> mean, amp;
  if (auto e = f.Require("mean", "requests per second averaged over a period"))
    if (auto x = ReadKey(ctx, *e, keys.Get("mean"))) mean = x->number;
  if (auto e = f.Require("amplitude", "requests per second above and below the mean"))
    if (auto x = ReadKey(ctx, *e, keys.Get("amplitude"))) amp = x->number;
  if (mean) d.mean_per_s = *mean;
  if (amp) d.amplitude_per_s = *amp;
  if (mean && amp && *amp > *mean) {
    const Val where = *f.Get("amplitude");
    ctx.Error(where.path, where.mark(),
              "'amplitude' " + Num(*amp) + " exceeds 'mean' " + Num(*mean) +
                  ": the rate mean ± amplitude would go negative");
  }
  StoreKeys(ctx, f, keys, d);  // period
  if (auto e = f.Get("peak_at")) {
    if (auto r = ReadKey(ctx, *e, keys.Get("peak_at"))) {
      const std::optional<sim::Duration> x = r->duration;
      if (*x >= d.period)
        ctx.Error(e->path, e->mark(),
                  "'peak_at' " + sim::FormatDuration(*x) + " must be less than 'period' " +
                      sim::FormatDuration(d.period));
      else
        d.peak_at = *x;
    }
  } else if (d.peak_at >= d.period) {
    d.peak_at = sim::Duration::Nanos(d.peak_at.ns() %
                                     d.period.ns());  // the 14h default with a short period
  }
}

// mmpp: { states: [ { name, rate } ... ], transitions: [[...], ...], initial: NAME }
void ParseMmpp(Ctx& ctx, const Val& v, TrafficSpec& t) {
  Fields f(ctx, v, Keys("traffic.mmpp").names);
  if (!f.ok()) return;
  MmppShape& m = t.mmpp;
  auto sv = f.Require("states", "a list of { name, rate }");
  if (!sv) return;
  auto states = SequenceOf(ctx, *sv, "[ { name: calm, rate: 10 }, { name: burst, rate: 500 } ]");
  if (!states) return;
  bool ok = true;
  size_t i = 0;
  for (const auto& item : states->node) {
    const Val s = Item(*states, item, i++);
    Fields stf(ctx, s, Keys("traffic.mmpp.states").names);
    if (!stf.ok()) {
      ok = false;
      continue;
    }
    std::string name;
    if (auto e = stf.Require("name")) {
      if (auto n = Scalar(ctx, *e, "a state name")) {
        if (!ValidName(*n, false)) {
          ctx.Error(e->path, e->mark(),
                    "state name '" + *n + "' may contain only letters, digits, '_' and '-'");
          ok = false;
        } else if (std::find(m.state_names.begin(), m.state_names.end(), *n) !=
                   m.state_names.end()) {
          ctx.Error(e->path, e->mark(), "duplicate state name '" + *n + "'");
          ok = false;
        }
        name = *n;
      }
    }
    std::optional<double> rate;
    if (auto e = stf.Require("rate", "requests per second in this state; may be 0"))
      if (auto x = ReadKey(ctx, *e, Keys("traffic.mmpp.states").Get("rate"))) rate = x->number;
    if (name.empty() || !rate) ok = false;
    m.state_names.push_back(name);
    m.rates_per_s.push_back(rate.value_or(0));
  }
  const size_t n = m.state_names.size();
  if (n > kMaxMmppStates) {
    ctx.Error(sv->path, sv->mark(),
              "an MMPP has at most " + std::to_string(kMaxMmppStates) + " states");
    return;
  }
  if (ok &&
      std::none_of(m.rates_per_s.begin(), m.rates_per_s.end(), [](double r) { return r > 0; })) {
    ctx.Error(sv->path, sv->mark(), "every MMPP state has rate 0: the source would send nothing");
    ok = false;
  }
  m.transition_rates.assign(n, std::vector<double>(n, 0.0));
  std::optional<Val> tv = f.Get("transitions");
  if (!tv && n > 1) {
    tv = f.Require("transitions", "an n x n matrix of per-second rates");
    ok = false;
  }
  if (tv) {
    ctx.Visit();
    const std::string shape = std::to_string(n) + " x " + std::to_string(n);
    if (!tv->node.IsSequence() || tv->node.size() != n) {
      ctx.Error(tv->path, tv->mark(),
                "'transitions' must be a " + shape + " matrix (a list of " + std::to_string(n) +
                    " rows, one per state, in the order of 'states'), e.g. [[0, 0.01], [0.1, 0]]");
      ok = false;
    } else {
      size_t r = 0;
      for (const auto& row_node : tv->node) {
        const size_t row = r++;
        const Val rv = Item(*tv, row_node, row);
        ctx.Visit();
        if (!rv.node.IsSequence() || rv.node.size() != n) {
          ctx.Error(rv.path, rv.mark(),
                    "'" + rv.name + "' must be a list of " + std::to_string(n) +
                        " per-second rates (the matrix is " + shape + ")");
          ok = false;
          continue;
        }
        size_t c = 0;
        std::optional<Val> diag;
        double diag_value = 0, off_sum = 0;
        for (const auto& cell_node : rv.node) {
          const size_t col = c++;
          const Val cv = Item(rv, cell_node, col);
          auto x = Number(ctx, cv, col == row ? -kMaxTransitionRate * static_cast<double>(n) : 0,
                          kMaxTransitionRate);
          if (!x) {
            ok = false;
            continue;
          }
          if (col == row) {
            diag = cv;
            diag_value = *x;
          } else {
            m.transition_rates[row][col] = *x;
            off_sum += *x;
          }
        }
        // The diagonal is implied; 0 or the generator's −(row sum) are both accepted.
        if (diag && diag_value != 0 &&
            std::fabs(diag_value + off_sum) > 1e-9 * std::max(1.0, off_sum)) {
          ctx.Error(diag->path, diag->mark(),
                    "'" + diag->name + "': the diagonal is implied; write 0 (or the generator's -" +
                        Num(off_sum) + ")");
          ok = false;
        }
      }
    }
  }
  if (auto e = f.Get("initial")) {
    if (auto s = Scalar(ctx, *e, "a state name")) {
      auto it = std::find(m.state_names.begin(), m.state_names.end(), *s);
      if (it == m.state_names.end()) {
        ctx.Error(e->path, e->mark(),
                  "'initial': no state named '" + *s + "'" + DidYouMean(*s, m.state_names) +
                      " (states: " + JoinNames(m.state_names) + ")");
        ok = false;
      } else {
        m.initial_state = static_cast<size_t>(it - m.state_names.begin());
      }
    }
  }
  if (!ok) return;
  const MmppStationary st = SolveMmppStationary(m.rates_per_s, m.transition_rates, m.state_names);
  if (!st.ok) {
    const Val where = tv ? *tv : v;
    ctx.Error(where.path, where.mark(), "'mmpp': " + st.error);
    return;
  }
  m.stationary = st.stationary;
  m.long_run_rate_per_s = st.long_run_rate_per_s;
}

}  // namespace lambdasim::load
