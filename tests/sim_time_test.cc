// Unit tests for sim/time.h: Duration/Time arithmetic, ParseDuration, DurationFromSeconds,
// FormatDuration.
#include "sim/time.h"

#include "sim/rng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace sim {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

int64_t ParseNs(const char* text) {
  std::string error;
  const auto d = ParseDuration(text, &error);
  EXPECT_TRUE(d.has_value()) << text << ": " << error;
  return d ? d->ns() : -1;
}

TEST(SimDuration, FactoriesAndAccessors) {
  EXPECT_EQ(Duration().ns(), 0);
  EXPECT_EQ(Duration::Nanos(7).ns(), 7);
  EXPECT_EQ(Duration::Micros(3).ns(), 3000);
  EXPECT_EQ(Duration::Millis(250).ns(), 250000000);
  EXPECT_EQ(Duration::Seconds(2).ns(), 2000000000);
  EXPECT_EQ(Duration::Minutes(10).ns(), 600000000000);
  EXPECT_EQ(Duration::Hours(1).ns(), 3600000000000);
  EXPECT_EQ(Duration::Max().ns(), kMax);
  EXPECT_DOUBLE_EQ(Duration::Millis(1500).seconds(), 1.5);
  EXPECT_DOUBLE_EQ(Duration::Micros(2500).millis(), 2.5);
}

TEST(SimDuration, ArithmeticAndOrdering) {
  Duration d = Duration::Seconds(1) + Duration::Millis(500);
  EXPECT_EQ(d.ns(), 1500000000);
  EXPECT_EQ((d - Duration::Seconds(2)).ns(), -500000000);
  EXPECT_EQ((Duration::Millis(3) * 4).ns(), 12000000);
  d += Duration::Nanos(1);
  EXPECT_EQ(d.ns(), 1500000001);
  d -= Duration::Nanos(2);
  EXPECT_EQ(d.ns(), 1499999999);
  EXPECT_LT(Duration::Nanos(-1), Duration());
  EXPECT_LT(Duration::Millis(999), Duration::Seconds(1));
  EXPECT_EQ(Duration::Millis(1000), Duration::Seconds(1));
  EXPECT_NE(Duration::Millis(1001), Duration::Seconds(1));
}

TEST(SimTime, ArithmeticAndOrdering) {
  EXPECT_EQ(Time().ns(), 0);
  EXPECT_EQ(Time::Zero().ns(), 0);
  EXPECT_EQ(Time::Max().ns(), kMax);
  const Time t = Time::FromNanos(1000) + Duration::Micros(1);
  EXPECT_EQ(t.ns(), 2000);
  EXPECT_EQ((t - Duration::Nanos(500)).ns(), 1500);
  EXPECT_EQ((t - Time::FromNanos(500)).ns(), 1500);
  EXPECT_EQ((Time::FromNanos(500) - t).ns(), -1500);  // Time - Time is a signed Duration
  Time u = t;
  u += Duration::Seconds(1);
  EXPECT_EQ(u.ns(), 1000002000);
  EXPECT_DOUBLE_EQ(Time::FromNanos(2500000000).seconds(), 2.5);
  EXPECT_LT(t, u);
  EXPECT_EQ(Time::FromNanos(2000), t);
}

TEST(SimParseDuration, AcceptsAllUnits) {
  EXPECT_EQ(ParseNs("250ms"), 250000000);
  EXPECT_EQ(ParseNs("1.5s"), 1500000000);
  EXPECT_EQ(ParseNs("10m"), 600000000000);
  EXPECT_EQ(ParseNs("10min"), 600000000000);
  EXPECT_EQ(ParseNs("1h"), 3600000000000);
  EXPECT_EQ(ParseNs("2d"), 172800000000000);
  EXPECT_EQ(ParseNs("30us"), 30000);
  EXPECT_EQ(ParseNs("30µs"), 30000);
  EXPECT_EQ(ParseNs("100ns"), 100);
  EXPECT_EQ(ParseNs("0s"), 0);
  EXPECT_EQ(ParseNs("0.25s"), 250000000);
  EXPECT_EQ(ParseNs(".5s"), 500000000);
  EXPECT_EQ(ParseNs("+5s"), 5000000000);
  EXPECT_EQ(ParseNs("  250ms\t"), 250000000);  // surrounding blanks are trimmed
  EXPECT_EQ(ParseNs("5 s"), 5000000000);       // a space before the unit is allowed
}

TEST(SimParseDuration, IntegersAreExact) {
  // The integer path must not go through a double: 1h is exactly 3.6e12 ns.
  EXPECT_EQ(ParseNs("1h"), int64_t{3600} * 1000000000);
  EXPECT_EQ(ParseNs("1h"), Duration::Hours(1).ns());
  EXPECT_EQ(ParseNs("2d"), Duration::Hours(48).ns());
  // Large but representable integers stay exact (2^53 + 1 is not a double).
  EXPECT_EQ(ParseNs("9007199254740993ns"), int64_t{9007199254740993});
  // Fractions are rounded to the nearest nanosecond.
  EXPECT_EQ(ParseNs("1.0000000016s"), 1000000002);
  EXPECT_EQ(ParseNs("1.0000000014s"), 1000000001);
  EXPECT_EQ(ParseNs("0.1ms"), 100000);
}

TEST(SimParseDuration, RejectsMalformed) {
  for (const char* bad : {"10", "-5s", "abc", "5 parsecs", "", "   ", "s", ".s", "-0s", "1.2.3s",
                          "5sec", "1e3s", "10 m s", "5S"}) {
    std::string error;
    const auto d = ParseDuration(bad, &error);
    EXPECT_FALSE(d.has_value()) << "'" << bad << "' parsed as " << (d ? d->ns() : 0) << " ns";
    EXPECT_FALSE(error.empty()) << "no error message for '" << bad << "'";
  }
}

TEST(SimParseDuration, ErrorMessagesAreSpecific) {
  std::string error;
  EXPECT_FALSE(ParseDuration("10", &error));
  EXPECT_NE(error.find("no unit"), std::string::npos) << error;
  EXPECT_FALSE(ParseDuration("-5s", &error));
  EXPECT_NE(error.find("negative"), std::string::npos) << error;
  EXPECT_FALSE(ParseDuration("5 parsecs", &error));
  EXPECT_NE(error.find("parsecs"), std::string::npos) << error;
  // Null error pointer is allowed.
  EXPECT_FALSE(ParseDuration("abc").has_value());
}

TEST(SimParseDuration, AcceptsCompoundLargestUnitFirst) {
  EXPECT_EQ(ParseNs("1h30m"), Duration::Minutes(90).ns());
  EXPECT_EQ(ParseNs("1m30s"), Duration::Seconds(90).ns());
  EXPECT_EQ(ParseNs("2d12h"), Duration::Hours(60).ns());
  EXPECT_EQ(ParseNs("1s500ms"), Duration::Millis(1500).ns());
  EXPECT_EQ(ParseNs("1d2h3m4s5ms6us7ns"), 93784005006007);
  EXPECT_EQ(ParseNs("1min30s"), Duration::Seconds(90).ns());
  EXPECT_EQ(ParseNs("1ms500us"), 1500000);
  EXPECT_EQ(ParseNs("1ms500µs"), 1500000);
  EXPECT_EQ(ParseNs("1h 30m"), Duration::Minutes(90).ns());  // spaces between parts
  EXPECT_EQ(ParseNs(" +1h0m "), Duration::Hours(1).ns());
  EXPECT_EQ(ParseNs("0h0m0s"), 0);
  EXPECT_EQ(ParseNs("90m30s"), Duration::Seconds(90 * 60 + 30).ns());  // parts may exceed
}

TEST(SimParseDuration, CompoundIsExact) {
  // 400 days and one nanosecond: whole parts never go through a double.
  EXPECT_EQ(ParseNs("400d1ns"), 400LL * 86400 * 1000000000 + 1);
  EXPECT_EQ(ParseNs("104166d16h"), 9000000000000000000LL);  // the bound itself
  EXPECT_FALSE(ParseDuration("104166d16h1ns").has_value());
}

TEST(SimParseDuration, RejectsBadCompounds) {
  for (const char* bad :
       {"1m1h", "1s1s", "1.5m30s", "1m1.5s", "1m1min", "1us1µs", "30s1m", "1ms1s", "1h30", "1h-30m",
        "1h+30m", "1h,30m", "1h30m.", "1h 30 m x", "106751d23h47m17s1000ms", "100000d100000d"}) {
    std::string error;
    const auto d = ParseDuration(bad, &error);
    EXPECT_FALSE(d.has_value()) << "'" << bad << "' parsed as " << (d ? d->ns() : 0) << " ns";
    EXPECT_FALSE(error.empty()) << "no error message for '" << bad << "'";
  }
}

TEST(SimParseDuration, CompoundErrorMessagesSayWhy) {
  std::string error;
  EXPECT_FALSE(ParseDuration("1m1h", &error));
  EXPECT_NE(error.find("largest unit first"), std::string::npos) << error;
  EXPECT_FALSE(ParseDuration("1s1s", &error));
  EXPECT_NE(error.find("twice"), std::string::npos) << error;
  EXPECT_FALSE(ParseDuration("1.5m30s", &error));
  EXPECT_NE(error.find("decimal"), std::string::npos) << error;
  EXPECT_FALSE(ParseDuration("1h30", &error));
  EXPECT_NE(error.find("no unit"), std::string::npos) << error;
}

TEST(SimParseDuration, RejectsOutOfRange) {
  EXPECT_FALSE(ParseDuration("100000000000000000000ns").has_value());
  EXPECT_FALSE(ParseDuration("1000000d").has_value());
  EXPECT_FALSE(ParseDuration("1e400s").has_value());
  EXPECT_TRUE(ParseDuration("10000d").has_value());
}

// The inline fast path (0 <= ns < 2^52, no libm call) rounds exactly as std::round: random
// values over many magnitudes, values just below and above every half, and the path's edges.
TEST(SimDurationFromSeconds, FastPathEqualsStdRoundEverywhere) {
  RngStream rng(17, 0, "time/round");
  auto reference = [](double s) {
    const double ns = std::round(s * 1e9);
    return static_cast<int64_t>(ns);
  };
  for (int i = 0; i < 200000; ++i) {
    const double mag = std::ldexp(1.0, static_cast<int>(rng.NextBelow(70)) - 40);  // 2^-40..2^29 s
    const double s = rng.NextDouble() * mag;
    ASSERT_EQ(DurationFromSeconds(s).ns(), reference(s)) << s;
  }
  for (int64_t k = 0; k < 2000; ++k) {
    const double half = (static_cast<double>(k) + 0.5) * 1e-9;
    for (const double s : {half, std::nextafter(half, 0.0), std::nextafter(half, 1.0)})
      ASSERT_EQ(DurationFromSeconds(s).ns(), reference(s)) << s;
  }
  const double edge_s = 0x1.0p52 / 1e9;
  for (const double s : {edge_s, std::nextafter(edge_s, 0.0), std::nextafter(edge_s, 1e30), 0.0,
                         -0.0, 4.4e-10, 4.9999999999999994e-10})
    EXPECT_EQ(DurationFromSeconds(s).ns(), reference(s)) << s;
}

TEST(SimDurationFromSeconds, RoundsHalfAwayFromZero) {
  // These products seconds*1e9 are exactly x.5 in double arithmetic.
  EXPECT_EQ(DurationFromSeconds(0.5e-9).ns(), 1);
  EXPECT_EQ(DurationFromSeconds(1.5e-9).ns(), 2);
  EXPECT_EQ(DurationFromSeconds(2.5e-9).ns(), 3);  // not banker's rounding (which gives 2)
  EXPECT_EQ(DurationFromSeconds(-0.5e-9).ns(), -1);
  EXPECT_EQ(DurationFromSeconds(-1.5e-9).ns(), -2);
  EXPECT_EQ(DurationFromSeconds(-2.5e-9).ns(), -3);
  EXPECT_EQ(DurationFromSeconds(0.49999e-9).ns(), 0);
  EXPECT_EQ(DurationFromSeconds(1.4e-9).ns(), 1);
  EXPECT_EQ(DurationFromSeconds(1.6e-9).ns(), 2);
}

TEST(SimDurationFromSeconds, ConvertsOrdinaryValues) {
  EXPECT_EQ(DurationFromSeconds(0).ns(), 0);
  EXPECT_EQ(DurationFromSeconds(1).ns(), 1000000000);
  EXPECT_EQ(DurationFromSeconds(0.25).ns(), 250000000);
  EXPECT_EQ(DurationFromSeconds(0.1).ns(), 100000000);
  EXPECT_EQ(DurationFromSeconds(-0.001).ns(), -1000000);
  EXPECT_EQ(DurationFromSeconds(3600).ns(), Duration::Hours(1).ns());
  EXPECT_EQ(DurationFromSeconds(std::nan("")).ns(), 0);
}

TEST(SimDurationFromSeconds, Saturates) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(DurationFromSeconds(1e10), Duration::Max());
  EXPECT_EQ(DurationFromSeconds(9.3e9), Duration::Max());
  EXPECT_EQ(DurationFromSeconds(inf), Duration::Max());
  EXPECT_EQ(DurationFromSeconds(-1e10).ns(), -kMax);
  EXPECT_EQ(DurationFromSeconds(-inf).ns(), -kMax);
  // Just below the saturation threshold is still converted.
  EXPECT_EQ(DurationFromSeconds(9.0e9).ns(), int64_t{9000000000000000000});
}

TEST(SimFormatDuration, ExactUnits) {
  EXPECT_EQ(FormatDuration(Duration()), "0s");
  EXPECT_EQ(FormatDuration(Duration::Millis(250)), "250ms");
  EXPECT_EQ(FormatDuration(Duration::Minutes(10)), "10m");
  EXPECT_EQ(FormatDuration(Duration::Hours(1)), "1h");
  EXPECT_EQ(FormatDuration(Duration::Hours(48)), "2d");
  EXPECT_EQ(FormatDuration(Duration::Seconds(90)), "90s");
  EXPECT_EQ(FormatDuration(Duration::Micros(30)), "30us");
  EXPECT_EQ(FormatDuration(Duration::Nanos(100)), "100ns");
  EXPECT_EQ(FormatDuration(Duration::Millis(1500)), "1500ms");
  EXPECT_EQ(FormatDuration(Duration::Seconds(-5)), "-5s");
}

TEST(SimFormatDuration, RoundTripsThroughParse) {
  // Every duration with at most 9 significant digits formats to text that parses back exactly.
  const int64_t cases[] = {1,
                           999,
                           1000,
                           1001,
                           250000000,
                           1500000000,
                           1000001,
                           123456789,
                           60000000000,
                           3600000000000,
                           86400000000000,
                           1234567000,
                           7200000000000,
                           100000000000,
                           1000000001000};
  for (const int64_t ns : cases) {
    const Duration d = Duration::Nanos(ns);
    const std::string text = FormatDuration(d);
    const auto back = ParseDuration(text);
    ASSERT_TRUE(back.has_value()) << text;
    EXPECT_EQ(back->ns(), ns) << text;
  }
}

}  // namespace
}  // namespace sim
