// models/workload/mmpp.cc — stationary distribution of an MMPP's modulating chain (Eigen).
#include "models/workload/mmpp.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>

namespace lambdasim {

namespace {

// States reachable from `from` following positive rates (forward) or reversed (backward).
std::vector<bool> Reach(const std::vector<std::vector<double>>& q, size_t from, bool backward) {
  const size_t n = q.size();
  std::vector<bool> seen(n, false);
  std::vector<size_t> stack{from};
  seen[from] = true;
  while (!stack.empty()) {
    const size_t i = stack.back();
    stack.pop_back();
    for (size_t j = 0; j < n; ++j) {
      if (i == j || seen[j]) continue;
      const double r = backward ? q[j][i] : q[i][j];
      if (r > 0) {
        seen[j] = true;
        stack.push_back(j);
      }
    }
  }
  return seen;
}

}  // namespace

MmppStationary SolveMmppStationary(const std::vector<double>& rates_per_s,
                                   const std::vector<std::vector<double>>& transitions,
                                   const std::vector<std::string>& state_names) {
  MmppStationary out;
  const size_t n = rates_per_s.size();
  auto name = [&](size_t i) {
    return i < state_names.size() ? "'" + state_names[i] + "'" : "#" + std::to_string(i);
  };
  if (n == 0) {
    out.error = "an MMPP needs at least one state";
    return out;
  }
  if (transitions.size() != n) {
    out.error = "the transition matrix must be " + std::to_string(n) + " x " + std::to_string(n);
    return out;
  }
  for (const auto& row : transitions) {
    if (row.size() != n) {
      out.error = "the transition matrix must be " + std::to_string(n) + " x " + std::to_string(n);
      return out;
    }
  }
  if (n > 1) {
    for (size_t i = 0; i < n; ++i) {
      double exit = 0;
      for (size_t j = 0; j < n; ++j)
        if (j != i) exit += transitions[i][j];
      if (!(exit > 0)) {
        out.error =
            "state " + name(i) +
            " has no outgoing transition (an absorbing state: the chain would stay there forever)";
        return out;
      }
    }
    const std::vector<bool> fwd = Reach(transitions, 0, false);
    const std::vector<bool> bwd = Reach(transitions, 0, true);
    for (size_t i = 0; i < n; ++i) {
      if (!fwd[i] || !bwd[i]) {
        out.error = "the chain is reducible: state " + name(i) +
                    (fwd[i] ? " cannot reach " : " cannot be reached from ") + "state " + name(0) +
                    " (every state must be reachable from every other)";
        return out;
      }
    }
  }
  // πQ = 0 ⇔ Qᵀπᵀ = 0; replace the last equation by Σπ = 1 (full rank when irreducible).
  Eigen::MatrixXd a =
      Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  for (size_t i = 0; i < n; ++i) {
    double exit = 0;
    for (size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      exit += transitions[i][j];
      a(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(i)) = transitions[i][j];
    }
    a(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)) = -exit;
  }
  Eigen::VectorXd b = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  a.row(static_cast<Eigen::Index>(n - 1)).setOnes();
  b(static_cast<Eigen::Index>(n - 1)) = 1;
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(a);
  if (lu.rank() < static_cast<Eigen::Index>(n)) {
    out.error =
        "the generator matrix is singular (the chain has no unique stationary distribution)";
    return out;
  }
  const Eigen::VectorXd pi = lu.solve(b);
  out.stationary.resize(n);
  double sum = 0;
  for (size_t i = 0; i < n; ++i) {
    // Round-off can leave tiny negatives; the exact π of an irreducible chain is positive.
    const double p = std::max(0.0, pi(static_cast<Eigen::Index>(i)));
    out.stationary[i] = p;
    sum += p;
  }
  for (double& p : out.stationary) p /= sum;
  for (size_t i = 0; i < n; ++i) out.long_run_rate_per_s += out.stationary[i] * rates_per_s[i];
  out.ok = true;
  return out;
}

}  // namespace lambdasim
