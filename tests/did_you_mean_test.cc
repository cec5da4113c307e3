// tests/did_you_mean_test.cc — the banded edit distance against a plain full-matrix
// Levenshtein, and the suggestion rules both loaders rely on.
#include "models/spec/did_you_mean.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sim/rng.h"

namespace lambdasim {
namespace {

int FullLevenshtein(const std::string& a, const std::string& b) {
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j)
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
  return d[a.size()][b.size()];
}

TEST(DidYouMean, BandedDistanceEqualsFullLevenshteinUpToTheLimit) {
  sim::RngStream rng(7, 0, "test/did_you_mean");
  for (int k = 0; k < 20000; ++k) {
    auto random_word = [&] {
      std::string s(rng.NextU64() % 12, 'a');
      for (char& c : s)
        c = static_cast<char>('a' + rng.NextU64() % 3);  // small alphabet: near misses
      return s;
    };
    const std::string a = random_word(), b = random_word();
    const int limit = static_cast<int>(rng.NextU64() % 5);
    const int full = FullLevenshtein(a, b);
    const int banded = EditDistance(a, b, limit);
    if (full <= limit) {
      ASSERT_EQ(banded, full) << a << " / " << b << " limit " << limit;
    } else {
      ASSERT_EQ(banded, limit + 1) << a << " / " << b << " limit " << limit;
    }
  }
}

TEST(DidYouMean, KnownAnswers) {
  EXPECT_EQ(EditDistance("kitten", "sitting", 5), 3);
  EXPECT_EQ(EditDistance("", "abc", 5), 3);
  EXPECT_EQ(EditDistance("same", "same", 0), 0);
  EXPECT_EQ(EditDistance("reserved_concurency", "reserved_concurrency", 2), 1);
}

TEST(DidYouMean, ClosestNameRules) {
  const std::vector<std::string> keys = {"memory_mb", "timeout", "reserved_concurrency"};
  EXPECT_EQ(ClosestName("timout", keys, 4, true), "timeout");
  EXPECT_EQ(ClosestName("TIMEOUT", keys, 4, true), "timeout");  // case-insensitive mode
  EXPECT_EQ(ClosestName("TIMEOUT", keys, 4, false), "");        // 7 substitutions: too far
  EXPECT_EQ(ClosestName("reserved_concurency", keys, 4, true), "reserved_concurrency");
  EXPECT_EQ(ClosestName("zzzzzzz", keys, 4, true), "");
  EXPECT_EQ(ClosestName("ab", {"cd"}, 4, true), "");  // replacing every character is no hint
  EXPECT_EQ(ClosestName(std::string(100000, 'x'), keys, 4, true), "");  // garbage: no work
  // Ties go to the first candidate.
  EXPECT_EQ(ClosestName("ab", {"abc", "abd"}, 4, true), "abc");
}

}  // namespace
}  // namespace lambdasim
