// Unit tests for sim/rng.h: xoshiro256** known answers against an independent copy of
// the reference algorithm, golden outputs pinning our seeding scheme, stream independence,
// and NextBelow / NextDouble ranges.
#include "sim/rng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <set>
#include <tuple>
#include <vector>

namespace sim {
namespace {

// --- Reference implementations, transcribed independently -----------------------------
// xoshiro256starstar.c and splitmix64.c by D. Blackman and S. Vigna (public domain),
// FNV-1a 64 from the FNV specification.
struct RefXoshiro256ss {
  uint64_t s[4];
  static uint64_t rotl(const uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t next() {
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }
};

uint64_t RefSplitMix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

uint64_t RefFnv1a64(const char* text) {
  uint64_t h = 14695981039346656037ULL;
  for (const char* p = text; *p; ++p) {
    h ^= static_cast<unsigned char>(*p);
    h *= 1099511628211ULL;
  }
  return h;
}

// The seeding scheme documented in rng.h, rebuilt from the reference pieces.
RefXoshiro256ss RefSeed(uint64_t seed, uint64_t replication, const char* name) {
  uint64_t mix = seed;
  uint64_t key = RefSplitMix64(mix);
  mix = key ^ replication;
  key = RefSplitMix64(mix);
  mix = key ^ RefFnv1a64(name);
  RefXoshiro256ss r{};
  for (auto& w : r.s) w = RefSplitMix64(mix);
  return r;
}

TEST(SimRngReference, Xoshiro256StarStarKnownAnswersForState1234) {
  // Sanity of the reference copy itself: first outputs for state {1, 2, 3, 4}.
  RefXoshiro256ss r{{1, 2, 3, 4}};
  EXPECT_EQ(r.next(), 11520u);
  EXPECT_EQ(r.next(), 0u);
  EXPECT_EQ(r.next(), 1509978240u);
  EXPECT_EQ(r.next(), 1215971899390074240u);
  EXPECT_EQ(r.next(), 1216172134540287360u);
  EXPECT_EQ(r.next(), 607988272756665600u);
}

TEST(SimRngReference, SplitMix64AndFnv1aKnownAnswers) {
  // SplitMix64 from state 0 (well-known first outputs).
  uint64_t x = 0;
  EXPECT_EQ(RefSplitMix64(x), 0xe220a8397b1dcdafULL);
  uint64_t y = 0;
  EXPECT_EQ(SplitMix64(y), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(y, 0x9e3779b97f4a7c15ULL);  // state advanced by the golden gamma
  EXPECT_EQ(SplitMix64(y), RefSplitMix64(x));
  for (int i = 0; i < 100; ++i) ASSERT_EQ(SplitMix64(y), RefSplitMix64(x));
  // FNV-1a 64 test vectors.
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(Fnv1a64("arrivals/api"), RefFnv1a64("arrivals/api"));
}

TEST(SimRng, MatchesReferenceAlgorithmWithDocumentedSeeding) {
  // Our stream must be exactly the reference xoshiro256** from the documented seeding.
  for (const auto& [seed, rep, name] : std::vector<std::tuple<uint64_t, uint64_t, const char*>>{
           {42, 0, "arrivals/api"}, {0, 0, ""}, {1, 7, "cold_start"}, {~uint64_t{0}, 123, "x"}}) {
    RngStream ours(seed, rep, name);
    RefXoshiro256ss ref = RefSeed(seed, rep, name);
    for (int i = 0; i < 10000; ++i)
      ASSERT_EQ(ours.NextU64(), ref.next()) << name << " output " << i;
  }
}

TEST(SimRng, GoldenOutputsPinTheSeedingScheme) {
  // Generated once from RngStream(42, 0, "arrivals/api"); any change to the generator or
  // the seeding (FNV-1a + SplitMix64 mixing) changes every simulation result, so it must
  // be deliberate and update these constants.
  RngStream r(42, 0, "arrivals/api");
  EXPECT_EQ(r.NextU64(), 0x1f9b6b2a0ba54d28ULL);
  EXPECT_EQ(r.NextU64(), 0x7cfdd9418ebf6580ULL);
  EXPECT_EQ(r.NextU64(), 0x3cc4e4eef6661388ULL);
  EXPECT_EQ(r.NextU64(), 0xba9646de7d2f52a5ULL);
  EXPECT_EQ(r.NextU64(), 0xde196d2355a2db35ULL);
}

TEST(SimRng, GoldenDoubles) {
  RngStream r(42, 0, "arrivals/api");
  EXPECT_EQ(r.NextDouble(), 0.12346524979115714);
  EXPECT_EQ(r.NextDouble(), 0.48824842310454875);
  EXPECT_EQ(r.NextDouble(), 0.23737936815305027);
  // NextDouble is exactly the top 53 bits scaled by 2^-53.
  RngStream a(42, 0, "arrivals/api");
  EXPECT_EQ(a.NextDouble(), static_cast<double>(0x1f9b6b2a0ba54d28ULL >> 11) * 0x1.0p-53);
  RngStream b(42, 0, "arrivals/api");
  EXPECT_EQ(b.NextDoubleOpenZero(),
            static_cast<double>((0x1f9b6b2a0ba54d28ULL >> 11) + 1) * 0x1.0p-53);
}

TEST(SimRng, SameInputsSameSequence) {
  RngStream a(7, 3, "service");
  RngStream b(7, 3, "service");
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.NextU64(), b.NextU64());
  // Copies continue identically.
  RngStream c = a;
  for (int i = 0; i < 100; ++i) ASSERT_EQ(a.NextU64(), c.NextU64());
}

TEST(SimRng, CreatingAnotherStreamDoesNotShiftThisOne) {
  std::vector<uint64_t> alone;
  {
    RngStream a(5, 0, "a");
    for (int i = 0; i < 100; ++i) alone.push_back(a.NextU64());
  }
  RngStream b0(5, 0, "b");
  RngStream a(5, 0, "a");
  RngStream b1(5, 0, "b");
  for (int i = 0; i < 100; ++i) {
    b0.NextU64();  // interleaved draws on other streams
    b1.NextU64();
    ASSERT_EQ(a.NextU64(), alone[static_cast<size_t>(i)]) << i;
  }
}

std::vector<uint64_t> First(RngStream r, int n) {
  std::vector<uint64_t> v;
  for (int i = 0; i < n; ++i) v.push_back(r.NextU64());
  return v;
}

TEST(SimRng, DifferentNamesReplicationsSeedsGiveDifferentSequences) {
  const auto base = First(RngStream(42, 0, "arrivals/api"), 8);
  EXPECT_NE(First(RngStream(42, 0, "arrivals/apj"), 8), base);
  EXPECT_NE(First(RngStream(42, 0, "arrivals/api "), 8), base);
  EXPECT_NE(First(RngStream(42, 1, "arrivals/api"), 8), base);
  EXPECT_NE(First(RngStream(43, 0, "arrivals/api"), 8), base);
  // Swapping seed and replication must not collide either.
  EXPECT_NE(First(RngStream(1, 2, "x"), 8), First(RngStream(2, 1, "x"), 8));
  // Many streams: no repeated first output.
  std::set<uint64_t> firsts;
  for (uint64_t seed = 0; seed < 20; ++seed)
    for (uint64_t rep = 0; rep < 20; ++rep)
      for (const char* name : {"", "a", "b", "arrivals/api", "service/api"})
        firsts.insert(RngStream(seed, rep, name).NextU64());
  EXPECT_EQ(firsts.size(), 20u * 20u * 5u);
}

TEST(SimRng, DefaultConstructedIsSeedZeroRepZeroEmptyName) {
  RngStream d;
  EXPECT_EQ(First(d, 16), First(RngStream(0, 0, ""), 16));
}

TEST(SimRng, DoublesInRange) {
  RngStream r(1, 0, "doubles");
  double sum = 0;
  constexpr int kN = 200000;
  for (int i = 0; i < kN; ++i) {
    const double u = r.NextDouble();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    const double v = r.NextDoubleOpenZero();
    ASSERT_GT(v, 0.0);
    ASSERT_LE(v, 1.0);
    sum += u;
  }
  // Mean of U(0,1): sd 1/sqrt(12); 5 standard errors.
  EXPECT_NEAR(sum / kN, 0.5, 5.0 / std::sqrt(12.0 * kN));
}

TEST(SimRng, NextBelowInRangeAndRoughlyUniform) {
  RngStream r(3, 0, "below");
  for (const uint64_t n : {uint64_t{1}, uint64_t{2}, uint64_t{3}, uint64_t{10}, uint64_t{1000003},
                           uint64_t{1} << 63, ~uint64_t{0}}) {
    for (int i = 0; i < 2000; ++i) ASSERT_LT(r.NextBelow(n), n) << n;
  }
  // Chi-square over 10 buckets (9 dof) with n = 100000: the 99.99th percentile of
  // chi2(9) is 33.7, so a correct generator fails this with probability 1e-4 (and the
  // fixed seed makes the outcome deterministic anyway).
  constexpr int kBuckets = 10;
  constexpr int kN = 100000;
  std::vector<int> count(kBuckets, 0);
  for (int i = 0; i < kN; ++i) ++count[static_cast<size_t>(r.NextBelow(kBuckets))];
  const double expected = static_cast<double>(kN) / kBuckets;
  double chi2 = 0;
  for (const int c : count) chi2 += (c - expected) * (c - expected) / expected;
  EXPECT_LT(chi2, 33.7);
  // A non-power-of-two bound that exercises the rejection path (2^64 mod n is large).
  const uint64_t big = (uint64_t{1} << 63) + (uint64_t{1} << 62);  // 1.5 * 2^63
  int upper_half = 0;
  for (int i = 0; i < 20000; ++i) upper_half += r.NextBelow(big) >= big / 2 ? 1 : 0;
  // p = 0.5, sd = sqrt(20000 * 0.25) ≈ 70.7; 5 sd ≈ 354.
  EXPECT_NEAR(upper_half, 10000, 354);
}

TEST(SimRng, NextBelowOneIsAlwaysZero) {
  RngStream r(3, 0, "one");
  for (int i = 0; i < 100; ++i) ASSERT_EQ(r.NextBelow(1), 0u);
}

}  // namespace
}  // namespace sim
