// tests/regression/points_csv_bounded_intervals_test.cc — a sweep's points.csv gave a
// throttle rate of 0, 0, 0.003 over three replications the Student t interval
// [-0.0044, 0.0064] and a peak at its limit an upper end above the limit (issue 16, research
// statistics). The intervals now respect the metric's bounds: Wilson from the pooled counts
// (hand value: 3 throttles in 3 000 requests → [0.000340, 0.002936]) and the peak clamped
// to the function's concurrency_limit.
#include <gtest/gtest.h>

#include <string>

#include "models/run/sweep.h"

namespace lambdasim {
namespace {

std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == ',')
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

TEST(Regression, PointsCsvIntervalsRespectTheMetricsBounds) {
  RunsTable t;
  t.header = {"run",
              "variant",
              "replication",
              "functions.api.throttles",
              "functions.api.requests",
              "functions.api.throttle_rate",
              "functions.api.concurrency_max",
              "functions.api.concurrency_limit"};
  t.rows = {{"0", "0", "0", "0", "1000", "0", "100", "100"},
            {"1", "0", "1", "0", "1000", "0", "98", "100"},
            {"2", "0", "2", "3", "1000", "0.003", "100", "100"}};
  const std::string points = RenderPointsCsv(t);
  const std::string header = points.substr(0, points.find('\n'));
  const std::string row =
      points.substr(header.size() + 1, points.find('\n', header.size() + 1) - header.size() - 1);
  const auto h = Cells(header);
  const auto r = Cells(row);
  auto value = [&](const std::string& col) {
    for (size_t i = 0; i < h.size(); ++i)
      if (h[i] == col) return std::stod(r.at(i));
    ADD_FAILURE() << "no column " << col << " in " << header;
    return 0.0;
  };
  // Wilson 95 % for 3 / 3000: centre (p + z²/2n)/(1 + z²/n), half-width
  // z·sqrt(p(1−p)/n + z²/4n²)/(1 + z²/n) with z = 1.959964 → [0.000340, 0.002936].
  EXPECT_NEAR(value("functions.api.throttle_rate_ci95_lo"), 0.000340, 2e-6);
  EXPECT_NEAR(value("functions.api.throttle_rate_ci95_hi"), 0.002936, 2e-6);
  EXPECT_LE(value("functions.api.concurrency_max_ci95_hi"), 100);
  EXPECT_GE(value("functions.api.throttles_ci95_lo"), 0);
}

}  // namespace
}  // namespace lambdasim
