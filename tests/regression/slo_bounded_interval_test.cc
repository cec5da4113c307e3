// tests/regression/slo_bounded_interval_test.cc — `size --slo` judged a throttle rate of
// 0, 0, 0, 0.003 over four replications with the Student t interval 0.00075 ± 0.00239, whose
// lower end (−0.00164) is a rate no run can have (issue 16, research statistics). The
// judgement and the printed interval now use the bounded interval of metrics/statistics.h:
// the same t interval clamped to [0, 1] for a rate, at 0 for a latency.
#include <gtest/gtest.h>

#include <cmath>

#include "models/analysis/slo.h"

namespace lambdasim::analysis {
namespace {

TEST(Regression, SizeSloIntervalsStayInsideTheMetricsBounds) {
  const std::vector<Slo> slos = {ParseSlo("throttle_rate <= 0.001", "api"),
                                 ParseSlo("latency_p99_ms <= 500", "api")};
  const std::vector<std::vector<double>> values = {{0, 0, 0, 0.003}, {10, 12, 11, 400}};
  const Evaluation e = EvaluateSlos(slos, values);
  // Hand values: mean 0.00075, sd 0.0015, t(0.975, 3) = 3.182446 → half-width 0.0023867.
  EXPECT_NEAR(e.mean[0], 0.00075, 1e-12);
  EXPECT_NEAR(e.half_width[0], 3.182446 * 0.0015 / 2, 1e-6);
  EXPECT_EQ(e.lo[0], 0);  // clamped: the t interval's lower end was −0.00164
  EXPECT_NEAR(e.hi[0], 0.00075 + 3.182446 * 0.0015 / 2, 1e-6);
  EXPECT_GE(e.lo[1], 0);  // latency: mean 108.25, sd 194.5 → t's lower end −201, clamped
  EXPECT_LE(e.lo[1], 1e-9);
  // The rate's interval straddles 0.001 (hi 0.0031 > 0.001): not confident either way.
  EXPECT_FALSE(e.confident_good);
}

}  // namespace
}  // namespace lambdasim::analysis
