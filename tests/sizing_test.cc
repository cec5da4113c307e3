// tests/sizing_test.cc — the sizing logic behind `lambdasim size` (models/analysis/): the knob
// search on monotone toy predicates (answer, bracketing, evaluation order, give-up cases),
// SLO parsing and its errors, the Student-t confidence intervals and the confidence verdicts,
// SLO sizing end to end over a toy run function, and the closed-form sizing of one function.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "models/analysis/sizing.h"
#include "models/analysis/sizing_search.h"
#include "models/analysis/slo.h"
#include "tests/model_test_util.h"

namespace lambdasim::analysis {
namespace {

// ---- FindSmallestPassing --------------------------------------------------------------

struct Recorder {
  int64_t threshold;
  std::vector<int64_t> calls;
  bool operator()(int64_t k) {
    calls.push_back(k);
    return k >= threshold;
  }
};

SearchResult Search(Recorder& rec, int64_t lo, std::optional<int64_t> hi = std::nullopt) {
  return FindSmallestPassing(lo, hi, [&rec](int64_t k) { return rec(k); });
}

TEST(SizingSearch, FindsTheThresholdOfAMonotonePredicateByDoublingThenBisection) {
  Recorder rec{37, {}};
  const SearchResult r = Search(rec, 0);
  EXPECT_EQ(r.outcome, SearchOutcome::kFound);
  EXPECT_EQ(r.answer, 37);
  EXPECT_EQ(r.lo, 36);  // the final bracket: lo fails, hi passes, adjacent
  EXPECT_EQ(r.hi, 37);
  // The documented order: the lower bound, doubling 1, 2, 4, ..., 64, then bisection of (32, 64].
  const std::vector<int64_t> want = {0, 1, 2, 4, 8, 16, 32, 64, 48, 40, 36, 38, 37};
  EXPECT_EQ(rec.calls, want);
}

TEST(SizingSearch, AnswerIsTheThresholdForEveryThresholdAndLowerBound) {
  for (int64_t lo : {0, 1, 5, 17}) {
    for (int64_t threshold = 0; threshold <= 300; ++threshold) {
      Recorder rec{threshold, {}};
      const SearchResult r = Search(rec, lo);
      ASSERT_EQ(r.answer, std::max(threshold, lo)) << "lo " << lo << " threshold " << threshold;
      // Logarithmic number of evaluations: doubling plus bisection.
      EXPECT_LE(rec.calls.size(), 2 * static_cast<size_t>(std::log2(threshold + 2)) + 4);
      if (r.outcome == SearchOutcome::kFound) {
        EXPECT_EQ(r.lo + 1, r.hi);
        EXPECT_LT(r.lo, threshold);
      }
    }
  }
}

TEST(SizingSearch, GivenUpperBoundIsBisectedDirectly) {
  Recorder rec{37, {}};
  const SearchResult r = Search(rec, 0, 100);
  EXPECT_EQ(r.outcome, SearchOutcome::kFound);
  EXPECT_EQ(r.answer, 37);
  ASSERT_GE(rec.calls.size(), 2u);
  EXPECT_EQ(rec.calls[0], 0);    // the lower bound first
  EXPECT_EQ(rec.calls[1], 100);  // then the given upper bound, no doubling
  EXPECT_EQ(rec.calls[2], 50);
}

TEST(SizingSearch, LowerBoundThatPassesIsTheAnswerAfterOneEvaluation) {
  Recorder rec{37, {}};
  const SearchResult r = Search(rec, 40, 100);
  EXPECT_EQ(r.outcome, SearchOutcome::kLowerBoundPasses);
  EXPECT_EQ(r.answer, 40);
  EXPECT_EQ(rec.calls, std::vector<int64_t>{40});
}

TEST(SizingSearch, UpperBoundThatFailsMeansNoneInRange) {
  Recorder rec{37, {}};
  const SearchResult r = Search(rec, 0, 30);
  EXPECT_EQ(r.outcome, SearchOutcome::kNoneInRange);
  EXPECT_EQ(r.lo, 0);
  EXPECT_EQ(r.hi, 30);
  EXPECT_EQ(rec.calls, (std::vector<int64_t>{0, 30}));
}

TEST(SizingSearch, UpperBoundNotAboveLowerBoundIsAnEmptyRange) {
  for (int64_t hi : {10, 9}) {
    Recorder rec{37, {}};
    const SearchResult r = Search(rec, 10, hi);
    EXPECT_EQ(r.outcome, SearchOutcome::kEmptyRange);
    EXPECT_EQ(rec.calls, std::vector<int64_t>{10});  // the lower bound is still tried first
  }
}

TEST(SizingSearch, DoublingGivesUpAfterFortyDoublings) {
  Recorder rec{std::numeric_limits<int64_t>::max(), {}};
  const SearchResult r = Search(rec, 0);
  EXPECT_EQ(r.outcome, SearchOutcome::kNoneFound);
  EXPECT_EQ(r.hi, int64_t{1} << kMaxDoublings);  // 1, 2, 4, ..., 2^40 all tried
  EXPECT_EQ(rec.calls.size(), 1u + kMaxDoublings + 1u);
  // A threshold just at 2^40 is still found.
  Recorder edge{int64_t{1} << kMaxDoublings, {}};
  EXPECT_EQ(Search(edge, 0).answer, int64_t{1} << kMaxDoublings);
}

// ---- SLOs ------------------------------------------------------------------------------

TEST(Slo, ParsesScopesAndOperators) {
  Slo s = ParseSlo("throttle_rate <= 0.001", "api");
  EXPECT_EQ(s.metric, "throttle_rate");
  EXPECT_EQ(s.function, "api");
  EXPECT_FALSE(s.account);
  EXPECT_EQ(s.op, "<=");
  EXPECT_DOUBLE_EQ(s.threshold, 0.001);
  EXPECT_EQ(s.text, "throttle_rate <= 0.001");

  s = ParseSlo("functions.web.cold_start_rate<0.1", "api");
  EXPECT_EQ(s.function, "web");
  EXPECT_EQ(s.metric, "cold_start_rate");
  EXPECT_EQ(s.op, "<");

  s = ParseSlo("  account.throttle_rate >= 0 ", "");
  EXPECT_TRUE(s.account);
  EXPECT_EQ(s.metric, "throttle_rate");
  EXPECT_EQ(s.op, ">=");

  s = ParseSlo("invocations > 1e3", "api");
  EXPECT_EQ(s.op, ">");
  EXPECT_DOUBLE_EQ(s.threshold, 1000);
}

TEST(Slo, HoldsAndDirectionFollowTheOperator) {
  const Slo le = ParseSlo("throttle_rate <= 0.5", "f"), lt = ParseSlo("throttle_rate < 0.5", "f");
  const Slo ge = ParseSlo("invocations >= 5", "f"), gt = ParseSlo("invocations > 5", "f");
  EXPECT_TRUE(le.Holds(0.5));
  EXPECT_FALSE(lt.Holds(0.5));
  EXPECT_TRUE(lt.Holds(0.49));
  EXPECT_TRUE(ge.Holds(5));
  EXPECT_FALSE(gt.Holds(5));
  EXPECT_FALSE(le.Holds(std::nan("")));
  EXPECT_FALSE(ge.Holds(std::nan("")));
  EXPECT_TRUE(le.LowerIsBetter());
  EXPECT_TRUE(lt.LowerIsBetter());
  EXPECT_FALSE(ge.LowerIsBetter());
  EXPECT_FALSE(gt.LowerIsBetter());
}

std::string SloErrorOf(const std::string& text, const std::string& default_function = "api") {
  try {
    ParseSlo(text, default_function);
  } catch (const SloError& e) {
    return e.what();
  }
  return "";
}

TEST(Slo, BadInputIsASloErrorNamingTheText) {
  EXPECT_EQ(SloErrorOf("throttle_rate = 0.05"),
            "--slo 'throttle_rate = 0.05': expected 'metric <= value' (operators <=, <, >=, >)");
  EXPECT_EQ(SloErrorOf("throttle_rate <= abc"),
            "--slo 'throttle_rate <= abc': 'abc' is not a number");
  EXPECT_NE(SloErrorOf("throttle_rate <= 1x").find("'1x' is not a number"), std::string::npos);
  EXPECT_NE(SloErrorOf("throttle_rate <= inf").find("'inf' is not a number"), std::string::npos);
  EXPECT_NE(SloErrorOf("throttle_rate <=").find("'' is not a number"), std::string::npos);
  EXPECT_NE(
      SloErrorOf("throttle_rat <= 1").find("unknown function metric 'throttle_rat' (one of: "),
      std::string::npos);
  EXPECT_NE(SloErrorOf("account.bogus <= 1").find("unknown account metric 'bogus'"),
            std::string::npos);
  EXPECT_EQ(SloErrorOf("functions.api <= 1"),
            "--slo 'functions.api <= 1': expected functions.<name>.<key>");
  EXPECT_EQ(SloErrorOf("throttle_rate <= 1", ""),
            "--slo 'throttle_rate <= 1': name the function (functions.<name>.throttle_rate) or "
            "use account.<key>");
}

TEST(Slo, KnobFunctionIsTheSecondPathComponent) {
  EXPECT_EQ(KnobFunction("functions.api.reserved_concurrency"), "api");
  EXPECT_EQ(KnobFunction("functions.api"), "api");
  EXPECT_EQ(KnobFunction("account.concurrency_limit"), "");
}

TEST(Slo, MetricValueReadsTheNamedFunctionOrTheAccount) {
  RunResult r;
  r.function_names = {"a", "b"};
  r.functions.resize(2);
  r.functions[1].throttle_rate = 0.25;
  r.account.throttle_rate = 0.125;
  EXPECT_DOUBLE_EQ(SloMetricValue(r, ParseSlo("functions.b.throttle_rate <= 1", "a")), 0.25);
  EXPECT_DOUBLE_EQ(SloMetricValue(r, ParseSlo("throttle_rate <= 1", "a")), 0);
  EXPECT_DOUBLE_EQ(SloMetricValue(r, ParseSlo("account.throttle_rate <= 1", "a")), 0.125);
  EXPECT_THROW(SloMetricValue(r, ParseSlo("functions.c.throttle_rate <= 1", "a")), SloError);
}

// ---- confidence intervals -------------------------------------------------------------

TEST(SloConfidence, StudentTIntervalOfReplications) {
  // n = 5: mean 3, s = sqrt(2.5), t_{0.975,4} = 2.776445105, hw = t * s / sqrt(5).
  const MeanInterval ci = MeanConfidence95({1, 2, 3, 4, 5});
  EXPECT_DOUBLE_EQ(ci.mean, 3);
  EXPECT_NEAR(ci.half_width, 2.776445105 * std::sqrt(2.5) / std::sqrt(5.0), 1e-8);
  // n = 2: t_{0.975,1} = 12.7062047.
  const MeanInterval two = MeanConfidence95({0, 1});
  EXPECT_DOUBLE_EQ(two.mean, 0.5);
  EXPECT_NEAR(two.half_width, 12.70620474 * std::sqrt(0.5) / std::sqrt(2.0), 1e-7);
  EXPECT_DOUBLE_EQ(MeanConfidence95({7, 7, 7}).half_width, 0);
  EXPECT_THROW(MeanConfidence95({1}), std::invalid_argument);
}

TEST(SloConfidence, VerdictsLookAtTheIntervalEdgeOnEachSide) {
  const std::vector<Slo> lower = {ParseSlo("throttle_rate <= 0.05", "f")};
  // Mean 0.04, tiny spread: holds, CI entirely good.
  Evaluation e = EvaluateSlos(lower, {{0.0399, 0.04, 0.0401}});
  EXPECT_TRUE(e.ok);
  EXPECT_TRUE(e.confident_good);
  EXPECT_FALSE(e.confident_bad);
  // Mean 0.04 but wide: holds on the mean, the CI's upper edge crosses 0.05.
  e = EvaluateSlos(lower, {{0.0, 0.04, 0.08}});
  EXPECT_TRUE(e.ok);
  EXPECT_FALSE(e.confident_good);
  EXPECT_FALSE(e.confident_bad);
  // Mean 0.06, tiny spread: fails, CI entirely bad.
  e = EvaluateSlos(lower, {{0.0599, 0.06, 0.0601}});
  EXPECT_FALSE(e.ok);
  EXPECT_FALSE(e.confident_good);
  EXPECT_TRUE(e.confident_bad);
  // Higher is better: the good edge is the lower one.
  const std::vector<Slo> higher = {ParseSlo("invocations >= 100", "f")};
  e = EvaluateSlos(higher, {{101, 102, 103}});
  EXPECT_TRUE(e.ok);
  EXPECT_FALSE(e.confident_good);  // 102 − 2.48 < 100
  e = EvaluateSlos(higher, {{110, 110.1, 110.2}});
  EXPECT_TRUE(e.confident_good);
  e = EvaluateSlos(higher, {{90, 90.1, 90.2}});
  EXPECT_TRUE(e.confident_bad);
  // Several SLOs: ok needs all, confident_bad needs one.
  const std::vector<Slo> both = {lower[0], higher[0]};
  e = EvaluateSlos(both, {{0.04, 0.04}, {90, 90}});
  EXPECT_FALSE(e.ok);
  EXPECT_EQ(e.holds, (std::vector<bool>{true, false}));
  EXPECT_TRUE(e.confident_bad);
}

// ---- SizeForSlos over a toy model -----------------------------------------------------

// throttle_rate(k) = 1/(k + 1) + noise(replication), noise = (r − 2)·spread (mean zero).
struct ToyModel {
  double spread;
  std::vector<std::pair<int64_t, uint64_t>> runs;  // (knob, replication)
  SloSizingProblem Problem(double threshold) {
    SloSizingProblem p;
    p.slos = {ParseSlo("throttle_rate <= " + std::to_string(threshold), "api")};
    p.replications = 5;
    p.make_spec = [](int64_t k) {
      ScenarioSpec spec;
      FunctionSpec f;
      f.name = "api";
      f.reserved_concurrency = k;
      spec.functions.push_back(f);
      return spec;
    };
    p.run = [this](const ScenarioSpec& spec) {
      const int64_t k = *spec.functions[0].reserved_concurrency;
      runs.emplace_back(k, spec.replication);
      RunResult r;
      r.function_names = {"api"};
      r.functions.resize(1);
      r.functions[0].throttle_rate =
          1.0 / static_cast<double>(k + 1) + (static_cast<double>(spec.replication) - 2) * spread;
      return r;
    };
    return p;
  }
};

TEST(SizeForSlos, FindsTheSmallestKnobMeetingTheSloAndIsConfidentWhenNoiseIsSmall) {
  ToyModel toy{1e-4, {}};
  SloSizingProblem p = toy.Problem(0.048);  // 1/(k+1) <= 0.048 from k = 20 (1/21 = 0.0476)
  std::vector<int64_t> candidates;
  p.on_candidate = [&](int64_t k, const Evaluation& e) {
    candidates.push_back(k);
    EXPECT_EQ(e.ok, k >= 20) << k;
  };
  const SloSizingResult r = SizeForSlos(p);
  EXPECT_EQ(r.search.outcome, SearchOutcome::kFound);
  EXPECT_EQ(r.search.answer, 20);
  const std::vector<int64_t> want = {0, 1, 2, 4, 8, 16, 32, 24, 20, 18, 19};
  EXPECT_EQ(candidates, want);  // each candidate once, in search order
  EXPECT_EQ(r.runs, 5 * static_cast<int>(want.size()));
  ASSERT_EQ(toy.runs.size(), 5 * want.size());
  for (size_t i = 0; i < toy.runs.size(); ++i)  // common random numbers: replications 0..4
    EXPECT_EQ(toy.runs[i].second, i % 5);
  EXPECT_NEAR(r.at.mean[0], 1.0 / 21, 1e-12);
  EXPECT_NEAR(r.below.mean[0], 1.0 / 20, 1e-12);
  EXPECT_TRUE(r.confident);
}

TEST(SizeForSlos, NotConfidentWhenTheIntervalStraddlesTheThreshold) {
  ToyModel toy{1e-3, {}};  // half-width ≈ 0.002 > the 0.0004 margin at k = 20
  const SloSizingResult r = SizeForSlos(toy.Problem(0.048));
  EXPECT_EQ(r.search.answer, 20);
  EXPECT_FALSE(r.confident);
}

TEST(SizeForSlos, StraddlingIntervalsAreReportedAsARangeNotAFalseInteger) {
  // spread 3e-3: replication noise (r − 2)·spread has sample sd spread·√2.5, so the 95 %
  // half-width is t(0.975, 4) · spread·√2.5 / √5 = 2.776 × 0.003 × 0.7071 = 0.00589. Every CI
  // is on the good side when 1/(k+1) + 0.00589 ≤ 0.048 (k ≥ 23) and on the bad side when
  // 1/(k+1) − 0.00589 > 0.048 (k ≤ 17). The mean crosses at 20; stepping down from 19 (1, 2:
  // 18 is not confidently bad, 17 is) gives 18; stepping up 21, 22, 24 gives 24.
  ToyModel toy{3e-3, {}};
  const SloSizingResult r = SizeForSlos(toy.Problem(0.048));
  EXPECT_EQ(r.search.answer, 20);
  EXPECT_FALSE(r.confident);
  EXPECT_EQ(r.interval_lo, 18);
  EXPECT_EQ(r.interval_hi, 24);
  EXPECT_TRUE(r.interval_settled);
  // Confident answers are their own interval.
  ToyModel quiet{1e-4, {}};
  const SloSizingResult c = SizeForSlos(quiet.Problem(0.048));
  EXPECT_TRUE(c.confident);
  EXPECT_EQ(c.interval_lo, 20);
  EXPECT_EQ(c.interval_hi, 20);
}

TEST(SizeForSlos, ReportsOutcomesWithoutAnAnswer) {
  ToyModel toy{0, {}};
  SloSizingProblem p = toy.Problem(0.048);
  p.hi = 10;
  SloSizingResult r = SizeForSlos(p);
  EXPECT_EQ(r.search.outcome, SearchOutcome::kNoneInRange);
  EXPECT_EQ(r.runs, 10);  // lo and hi, five replications each
  p.lo = 25;
  p.hi.reset();
  r = SizeForSlos(p);
  EXPECT_EQ(r.search.outcome, SearchOutcome::kLowerBoundPasses);
  EXPECT_EQ(r.search.answer, 25);
  EXPECT_EQ(r.runs, 5);
  p.replications = 1;
  EXPECT_THROW(SizeForSlos(p), std::invalid_argument);
  SloSizingProblem unknown = toy.Problem(0.048);
  unknown.slos = {ParseSlo("functions.web.throttle_rate <= 0.1", "api")};
  EXPECT_THROW(SizeForSlos(unknown), SloError);
}

// ---- closed-form sizing ---------------------------------------------------------------

TEST(ClosedFormSizing, SeedDeckExampleAgainstTheDefaultAccount) {
  FlagSizing flags;
  flags.rps = 10000;
  flags.mean_duration_s = 0.5;
  const PlatformProfile profile = *LookupPlatform("aws-2023", "us-east-1");
  const SizingInput in = SizingInputFromFlags(flags, profile);
  EXPECT_EQ(in.account_limit, 1000);
  EXPECT_DOUBLE_EQ(in.peak_rps, 10000);
  const SizingOutput o = ComputeSizing(in);
  EXPECT_DOUBLE_EQ(o.conc_mean, 5000);
  EXPECT_DOUBLE_EQ(o.conc_peak, 5000);
  EXPECT_DOUBLE_EQ(o.ramp_s, 40);  // (5000 − 1000 burst) / 100 per s
  EXPECT_EQ(o.capacity, 1000);
  EXPECT_FALSE(o.fits_concurrency);
  EXPECT_DOUBLE_EQ(o.rps_limit, 10000);
  EXPECT_TRUE(o.fits_rps);
  EXPECT_EQ(o.quota_needed, 5000);
  EXPECT_GT(o.erlang_b, 0.7);  // 5 000 offered to 1 000: most requests throttled
}

TEST(ClosedFormSizing, ReservationSetsCapacityRpsLimitAndQuota) {
  FlagSizing flags;
  flags.rps = 200;
  flags.peak_rps = 100;  // below the mean: ignored
  flags.mean_duration_s = 0.1;
  flags.reserved = 25;
  const SizingInput in = SizingInputFromFlags(flags, *LookupPlatform("aws-2023", "us-east-1"));
  EXPECT_DOUBLE_EQ(in.peak_rps, 200);
  const SizingOutput o = ComputeSizing(in);
  EXPECT_EQ(o.capacity, 25);
  EXPECT_TRUE(o.fits_concurrency);  // 20 <= 25
  EXPECT_DOUBLE_EQ(o.rps_limit, 250);
  EXPECT_EQ(o.quota_needed, 20 + 100);  // need + unreserved minimum
  EXPECT_LT(o.carried_mean, o.conc_mean);
}

TEST(ClosedFormSizing, ScenarioInputsShareThePoolAndAverageTraffic) {
  ScenarioSpec spec = testing::BaseSpec(sim::Duration::Seconds(100));
  testing::AddFunction(spec, "a", sim::Distribution::Constant(0.5)).reserved_concurrency = 300;
  testing::AddFunction(spec, "b", sim::Distribution::Constant(0.2));
  testing::AddTraffic(spec, "a", 10).end = sim::Duration::Seconds(50);
  testing::AddTraffic(spec, "b", 30);
  testing::AddTraffic(spec, "b", 20);
  const TrafficRates a = FunctionTrafficRates(spec, 0);
  EXPECT_DOUBLE_EQ(a.mean_rps, 5);  // active half the horizon
  EXPECT_DOUBLE_EQ(a.peak_rps, 10);
  EXPECT_EQ(a.note, " (time-averaged over the horizon)");
  const std::vector<SizingInput> in = SizingInputsFromScenario(spec);
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[1].name, "b");
  EXPECT_DOUBLE_EQ(in[1].mean_rps, 50);  // two entries add up
  EXPECT_EQ(in[1].traffic_note, "");
  EXPECT_EQ(in[1].available, 700);  // the account minus a's reservation
  EXPECT_EQ(in[0].reserved, 300);
  EXPECT_EQ(in[0].scaling.description, "aws-2023: 1000 burst + 100/s per function");
}

TEST(ClosedFormSizing, GeneratedScenarioRaisesTheLimitForItsReservation) {
  const PlatformProfile profile = *LookupPlatform("aws-2023", "us-east-1");
  FlagSizing flags;
  flags.rps = 100;
  flags.mean_duration_s = 1;
  flags.reserved = 2000;
  const SizingInput in = SizingInputFromFlags(flags, profile);
  const ScenarioSpec spec = SizingScenario(in, ComputeSizing(in), profile, "us-east-1");
  EXPECT_EQ(spec.account.concurrency_limit, 2100);
  EXPECT_DOUBLE_EQ(spec.duration.seconds(), 2000);  // 200 000 arrivals at 100 rps
  ASSERT_EQ(spec.functions.size(), 1u);
  EXPECT_EQ(spec.functions[0].reserved_concurrency, 2000);
  EXPECT_DOUBLE_EQ(spec.traffic.at(0).rate_per_s, 100);
}

TEST(ClosedFormSizing, CompactNumber) {
  EXPECT_EQ(CompactNumber(5000), "5000");
  EXPECT_EQ(CompactNumber(0.123456), "0.1235");
  EXPECT_EQ(CompactNumber(HUGE_VAL), "inf");
  EXPECT_EQ(CompactNumber(-3), "-3");
}

}  // namespace
}  // namespace lambdasim::analysis
