// tests/mmpp_test.cc — the MMPP stationary distribution (models/mmpp.h).
#include "models/workload/mmpp.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lambdasim {
namespace {

TEST(Mmpp, TwoStateClosedForm) {
  // π_calm = q_bc / (q_cb + q_bc).
  const double q_cb = 0.01, q_bc = 0.1;
  const auto r = SolveMmppStationary({10, 500}, {{0, q_cb}, {q_bc, 0}}, {"calm", "burst"});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_NEAR(r.stationary[0], q_bc / (q_cb + q_bc), 1e-12);
  EXPECT_NEAR(r.stationary[1], q_cb / (q_cb + q_bc), 1e-12);
  EXPECT_NEAR(r.long_run_rate_per_s, (q_bc * 10 + q_cb * 500) / (q_cb + q_bc), 1e-9);
}

TEST(Mmpp, ThreeStateSatisfiesBalance) {
  const std::vector<std::vector<double>> q = {{0, 2, 1}, {0.5, 0, 0.25}, {3, 0, 0}};
  const auto r = SolveMmppStationary({1, 2, 3}, q, {});
  ASSERT_TRUE(r.ok) << r.error;
  double sum = 0;
  for (size_t j = 0; j < 3; ++j) {
    // (πQ)_j = Σ_i π_i q_ij − π_j Σ_k q_jk = 0.
    double in = 0, out = 0;
    for (size_t i = 0; i < 3; ++i) {
      if (i != j) in += r.stationary[i] * q[i][j], out += r.stationary[j] * q[j][i];
    }
    EXPECT_NEAR(in, out, 1e-12);
    sum += r.stationary[j];
  }
  EXPECT_NEAR(sum, 1, 1e-12);
}

TEST(Mmpp, SingleStateIsTrivial) {
  const auto r = SolveMmppStationary({7}, {{0}}, {"only"});
  ASSERT_TRUE(r.ok);
  EXPECT_DOUBLE_EQ(r.stationary[0], 1);
  EXPECT_DOUBLE_EQ(r.long_run_rate_per_s, 7);
}

TEST(Mmpp, RejectsAbsorbingAndReducibleChains) {
  auto r = SolveMmppStationary({1, 2}, {{0, 1}, {0, 0}}, {"a", "b"});
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("'b' has no outgoing transition"), std::string::npos) << r.error;
  // Two closed classes {a, b} and {c, d}.
  r = SolveMmppStationary({1, 2, 3, 4}, {{0, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 1}, {0, 0, 1, 0}},
                          {"a", "b", "c", "d"});
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("reducible"), std::string::npos) << r.error;
  // c is transient: reachable from a, but cannot get back.
  r = SolveMmppStationary({1, 2, 3}, {{0, 1, 1}, {1, 0, 0}, {0, 0, 0}}, {"a", "b", "c"});
  EXPECT_FALSE(r.ok);
  r = SolveMmppStationary({1, 2}, {{0, 1}}, {"a", "b"});
  EXPECT_FALSE(r.ok);
}

}  // namespace
}  // namespace lambdasim
