// tests/diff_test_util.h — builders shared by the `diff` tests: Summary(metrics) makes a
// FlatSummary of one run (scenario "s" unless given); Row(d, metric) finds a metric's row in a
// DiffResult (a test failure, and an empty row, when there is none).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "models/analysis/diff.h"

namespace lambdasim::analysis::testing {

inline FlatSummary Summary(std::vector<std::pair<std::string, double>> metrics,
                           const std::string& scenario = "s") {
  FlatSummary s;
  s.scenario = scenario;
  s.metrics = std::move(metrics);
  return s;
}

inline const DiffRow& Row(const DiffResult& d, const std::string& metric) {
  for (const auto& r : d.rows)
    if (r.metric == metric) return r;
  static const DiffRow kNone{};
  ADD_FAILURE() << "no row " << metric;
  return kNone;
}

}  // namespace lambdasim::analysis::testing
